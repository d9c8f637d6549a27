"""Deleting a published post on the real local Bluesky network (`deleteRecord`)."""

from __future__ import annotations

import pytest

from carepost.connectors import ConnectorError, OutboundItem
from carepost.connectors.idempotency import new_key
from tests.bluesky_peer import BlueskyNetwork
from tests.connectors.bluesky.test_bluesky import (  # noqa: F401
    PASSWORD,
    Account,
    _connector,
    _handle,
    account,
)


def test_delete_removes_the_record_and_a_second_delete_is_harmless(
    bluesky_network: BlueskyNetwork, account: Account  # noqa: F811
) -> None:
    _, did, connector = account
    keep = connector.publish(OutboundItem(text="Pharmacy hours change next week."), new_key())
    key = new_key()
    gone = connector.publish(OutboundItem(text="Parking lot B closed today."), key)
    assert {p["uri"] for p in bluesky_network.list_posts(did)} == {keep.remote_id, gone.remote_id}
    connector.delete(gone.remote_id)
    assert [p["uri"] for p in bluesky_network.list_posts(did)] == [keep.remote_id]
    assert connector.check_status(key) is None
    connector.delete(gone.remote_id)  # already gone: deleting again changes nothing


def test_delete_refuses_what_is_not_the_accounts_post(
    bluesky_network: BlueskyNetwork, account: Account  # noqa: F811
) -> None:
    _, did, connector = account
    other = _handle()
    other_did = bluesky_network.create_account(other, PASSWORD)
    theirs = _connector(bluesky_network, other).publish(
        OutboundItem(text="Someone else's post"), new_key())
    with pytest.raises(ConnectorError) as info:
        connector.delete(theirs.remote_id)
    assert info.value.kind == "rejected" and info.value.permanent
    with pytest.raises(ConnectorError) as info:
        connector.delete("12345")
    assert info.value.kind == "rejected"
    assert [p["uri"] for p in bluesky_network.list_posts(other_did)] == [theirs.remote_id]
