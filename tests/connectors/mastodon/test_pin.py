"""Pinning and unpinning a status on the real Mastodon-API emulation (mastodon-mock)."""

from __future__ import annotations

import pytest

from carepost.connectors import ConnectorError, OutboundItem
from carepost.connectors.idempotency import new_key
from carepost.connectors.mastodon.connector import MastodonConnector
from tests.connectors.mastodon.conftest import MastodonServer
from tests.connectors.mastodon.test_mastodon import _client, account  # noqa: F401


def _pinned(server: MastodonServer, token: str) -> list[str]:
    client = _client(server, token)
    return [str(s["id"]) for s in client.account_statuses(client.me().id, pinned=True)]


def test_pin_puts_the_status_on_the_profile_and_unpin_takes_it_off(
    server: MastodonServer, account: tuple[str, str, MastodonConnector]  # noqa: F811
) -> None:
    _, token, connector = account
    other = connector.publish(OutboundItem(text="Pharmacy hours change next week."), new_key())
    alert = connector.publish(OutboundItem(text="Boil-water notice for Northside."), new_key())
    assert _pinned(server, token) == []
    connector.pin(alert.remote_id)
    assert _pinned(server, token) == [alert.remote_id]
    connector.unpin(alert.remote_id)
    assert _pinned(server, token) == []
    connector.unpin(alert.remote_id)  # not pinned any more: nothing to do
    connector.delete(other.remote_id)
    connector.unpin(other.remote_id)  # gone: nothing to do either
    with pytest.raises(ConnectorError):
        connector.pin(other.remote_id)
