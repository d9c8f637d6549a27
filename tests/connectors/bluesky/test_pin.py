"""Pinning a post on the real local Bluesky network: the profile record's `pinnedPost`."""

from __future__ import annotations

import httpx
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

PROFILE = "app.bsky.actor.profile"


def _profile(network: BlueskyNetwork, did: str) -> dict[str, object]:
    records = network.list_records(did, PROFILE)
    return dict(records[0]["value"]) if records else {}  # type: ignore[arg-type]


def _set_name(network: BlueskyNetwork, handle: str, did: str, name: str) -> None:
    """A person's own profile edit, through the PDS like the Bluesky app would."""
    token = httpx.post(f"{network.pds}/xrpc/com.atproto.server.createSession",
                       json={"identifier": handle, "password": PASSWORD},
                       timeout=30).json()["accessJwt"]
    httpx.post(f"{network.pds}/xrpc/com.atproto.repo.putRecord",
               headers={"Authorization": f"Bearer {token}"},
               json={"repo": did, "collection": PROFILE, "rkey": "self",
                     "record": {"$type": PROFILE, "displayName": name}},
               timeout=30).raise_for_status()


def test_pin_sets_pinned_post_keeping_the_profile_and_unpin_clears_it(
    bluesky_network: BlueskyNetwork, account: Account  # noqa: F811
) -> None:
    handle, did, connector = account
    _set_name(bluesky_network, handle, did, "Plainview Care")
    alert = connector.publish(OutboundItem(text="Boil-water notice for Northside."), new_key())
    connector.pin(alert.remote_id)
    profile = _profile(bluesky_network, did)
    assert profile["pinnedPost"]["uri"] == alert.remote_id  # type: ignore[index]
    assert profile["displayName"] == "Plainview Care"  # the rest of the profile is kept
    connector.unpin(alert.remote_id)
    profile = _profile(bluesky_network, did)
    assert "pinnedPost" not in profile and profile["displayName"] == "Plainview Care"


def test_pin_without_a_profile_yet_and_unpin_leaves_a_post_pinned_since(
    bluesky_network: BlueskyNetwork, account: Account  # noqa: F811
) -> None:
    _, did, connector = account
    first = connector.publish(OutboundItem(text="Flu clinic moves to Elm Street."), new_key())
    later = connector.publish(OutboundItem(text="Heat emergency: cooling centres open."),
                              new_key())
    assert _profile(bluesky_network, did) == {}
    connector.pin(first.remote_id)
    connector.pin(later.remote_id)  # someone pinned another post since
    connector.unpin(first.remote_id)
    assert _profile(bluesky_network, did)["pinnedPost"]["uri"] == later.remote_id  # type: ignore[index]


def test_pin_refuses_a_post_of_another_account(
    bluesky_network: BlueskyNetwork, account: Account  # noqa: F811
) -> None:
    _, _, connector = account
    other = _handle()
    bluesky_network.create_account(other, PASSWORD)
    theirs = _connector(bluesky_network, other).publish(OutboundItem(text="Theirs"), new_key())
    with pytest.raises(ConnectorError) as info:
        connector.pin(theirs.remote_id)
    assert info.value.kind == "rejected" and info.value.permanent
