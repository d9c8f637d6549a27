"""Deleting a published status on the real Mastodon-API emulation."""

from __future__ import annotations

import pytest

from carepost.connectors import ConnectorError, OutboundItem
from carepost.connectors.idempotency import new_key
from carepost.connectors.mastodon.connector import MastodonConnector
from tests.connectors.mastodon.conftest import MastodonServer
from tests.connectors.mastodon.test_mastodon import _connector, _statuses, account  # noqa: F401


def test_delete_removes_the_status_and_a_second_delete_is_harmless(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]  # noqa: F811
) -> None:
    _, token, connector = account
    keep = connector.publish(OutboundItem(text="Pharmacy hours change next week."), new_key())
    gone = connector.publish(OutboundItem(text="Parking lot B closed today."), new_key())
    connector.delete(gone.remote_id)
    assert [str(s["id"]) for s in _statuses(server, token)] == [keep.remote_id]
    connector.delete(gone.remote_id)  # already gone: nothing left to do


def test_delete_with_a_revoked_token_is_auth_expired(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]  # noqa: F811
) -> None:
    _, token, connector = account
    published = connector.publish(OutboundItem(text="Clinic closed Monday."), new_key())
    with pytest.raises(ConnectorError) as info:
        _connector(server, "not-a-real-token").delete(published.remote_id)
    assert info.value.kind == "auth_expired"
    assert [str(s["id"]) for s in _statuses(server, token)] == [published.remote_id]
