"""Mastodon inbound pages forward from the cursor: a burst larger than one page is not skipped."""

from __future__ import annotations

from mastodon import Mastodon

from carepost.connectors import create
from carepost.connectors.mastodon.connector import MastodonConnector
from tests.connectors.mastodon.conftest import MastodonServer


def test_a_burst_of_mentions_beyond_one_page_arrives_whole_and_once(
    server: MastodonServer,
) -> None:
    username, token = server.new_user()
    connector = create("mastodon", {"api_base_url": server.url, "access_token": token,
                                    "allow_private_addresses": True})
    assert isinstance(connector, MastodonConnector)
    _, fan_token = server.new_user()
    fan = Mastodon(api_base_url=server.url, access_token=fan_token, version_check_mode="none")
    fan.status_post(f"@{username} first")
    first = connector.fetch_inbound(None)
    assert [i.text for i in first.items] == [f"@{username} first"]
    # 45 mentions after the cursor: more than one page of 40.
    for n in range(45):
        fan.status_post(f"@{username} question {n}")
    page = connector.fetch_inbound(first.cursor)
    assert [i.text for i in page.items] == [f"@{username} question {n}" for n in range(45)]
    assert connector.fetch_inbound(page.cursor).items == ()
