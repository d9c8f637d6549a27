"""Deleting a published status on the real Mastodon-API emulation."""

from __future__ import annotations

import pytest

from carepost.connectors import ConnectorError, OutboundItem
from carepost.connectors.idempotency import new_key
from carepost.connectors.mastodon.connector import MastodonConnector
from tests.connectors.mastodon.conftest import MastodonServer
from tests.connectors.mastodon.test_mastodon import (  # noqa: F401
    _client,
    _connector,
    _statuses,
    account,
)


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


def test_delete_thread_removes_every_part_and_leaves_other_replies(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]  # noqa: F811
) -> None:
    _, token, connector = account
    keep = connector.publish(OutboundItem(text="Pharmacy hours change next week."), new_key())
    item = OutboundItem(text="Heat advisory (1/3)",
                        thread=("Drink water (2/3)", "Check on neighbours (3/3)"))
    key = new_key()
    thread = connector.publish(item, key)
    # Someone else answers the thread; their reply is not the account's to delete.
    _, other_token = server.new_user()
    other = _client(server, other_token).status_post("Thanks for this!",
                                                     in_reply_to_id=thread.remote_id)
    assert connector.delete_thread(thread.remote_id, key, 3) == 3
    assert [str(s["id"]) for s in _statuses(server, token)] == [keep.remote_id]
    assert _client(server, other_token).status(other.id).content
    # Again, with everything gone already: harmless.
    assert connector.delete_thread(thread.remote_id, key, 3) == 1
