"""The composer counts a Mastodon channel against its instance's stored limit, not the
default 500 (the limit is stored by "test connection"; set directly here)."""

from __future__ import annotations

from carepost.services import channel_meta
from carepost.storage.db import transaction
from tests.web.publishing.conftest import Pub, add_channel
from tests.web.publishing.test_compose import _counters

TEXT = " ".join(["Our flu clinic is open on Saturday from nine to noon at the main site."] * 9)


def _preview(pub: Pub, channel_id: int) -> str:
    client = pub.client("author")
    client.get("/posts/new")
    response = client.http.post(
        "/compose/preview", data={"master": TEXT, "channel": [str(channel_id)]},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf})
    assert response.status_code == 200
    return response.text


def test_counters_use_the_instance_limit(pub: Pub) -> None:
    toots = add_channel(pub.site, pub.people, "mastodon", "Toots", {
        "api_base_url": "http://127.0.0.1:9", "access_token": "t0ken",
        "allow_private_addresses": True})
    assert 500 < len(TEXT) < 1000
    # Nothing learnt yet: Mastodon's default, so a thread of two.
    default = _counters(_preview(pub, toots), toots)
    assert len(default) == 2 and all(limit == 500 for _, limit in default)
    with transaction(pub.site.engine) as db:
        channel_meta.record_text_limit(db, toots, 1000)
    fragment = _preview(pub, toots)
    assert _counters(fragment, toots) == [(len(TEXT), 1000)]
    assert "goes out as a thread" not in fragment
