"""Channels: the form built from each connector's configuration schema, test connection against
a real loopback server, "needs reconnecting" and reconnect; notifications in the header."""

from __future__ import annotations

from carepost.storage.db import transaction
from carepost.storage.publishing import Channel
from tests.web.conftest import audit_actions
from tests.web.publishing.conftest import SECRET, Pub, Sink


def _status(pub: Pub, channel_id: int) -> str:
    with transaction(pub.site.engine) as db:
        channel = db.get(Channel, channel_id)
        assert channel is not None
        return channel.status


def test_the_add_form_follows_the_connector_schema(pub: Pub) -> None:
    client = pub.client("admin")
    page = client.get("/channels/new?kind=webhook").text
    assert 'name="cfg_url"' in page and 'name="cfg_format"' in page
    assert 'name="cfg_secret" type="password"' in page
    assert '<option value="slack">' in page
    page = client.get("/channels/new?kind=email").text
    assert '<textarea id="cfg-recipients" name="cfg_recipients" required>' in page
    assert 'name="cfg_port" type="number"' in page
    page = client.get("/channels/new?kind=bluesky").text
    assert 'name="cfg_app_password" type="password"' in page
    assert 'type="checkbox" id="cfg-allow_private_addresses"' in page


def test_adding_a_channel_with_a_bad_setting_names_it_and_keeps_the_rest(
    pub: Pub, sink: Sink
) -> None:
    client = pub.client("admin")
    client.get("/channels/new?kind=webhook")
    form = {"kind": "webhook", "name": "Teams room", "cfg_url": sink.url,
            "cfg_secret": "short", "cfg_format": "teams", "cfg_timeout_seconds": "3"}
    response = client.post("/channels/new", form)
    assert response.status_code == 422
    assert "config: secret must be at least 16 characters" in response.text
    assert f'value="{sink.url}"' in response.text and 'value="Teams room"' in response.text
    assert '<option value="teams" selected>' in response.text
    assert "short" not in response.text.split("<main")[1]  # secrets are never echoed
    response = client.post("/channels/new", {**form, "cfg_timeout_seconds": "soon"})
    assert response.status_code == 422 and "timeout_seconds: must be a number" in response.text
    response = client.post("/channels/new", {**form, "cfg_secret": SECRET,
                                             "cfg_allow_private_addresses": "on"})
    assert response.status_code == 200 and "Channel connected." in response.text
    assert "Teams room" in response.text
    assert "channel.added" in audit_actions(pub.site.engine)


def test_test_connection_shows_the_result_and_flags_refused_credentials(
    pub: Pub, sink: Sink
) -> None:
    client = pub.client("admin")
    client.get("/channels")
    response = client.post(f"/channels/{pub.hook}/test", {})
    assert response.status_code == 200
    assert "Staff webhook: connection works" in response.text
    assert sink.hits  # the server was really asked
    sink.status = 401
    response = client.post(f"/channels/{pub.hook}/test", {})
    assert "Staff webhook: connection failed" in response.text
    assert "Needs reconnecting" in response.text
    assert _status(pub, pub.hook) == "needs_reconnect"
    # The owner (the admin) is told; the header count says so.
    count = client.get("/notifications/count").text
    assert '<span class="badge">1' in count
    notes = client.get("/notifications").text
    assert "A channel needs reconnecting" in notes and 'href="/channels"' in notes
    # The composer warns about it too.
    assert "needs reconnecting" in client.get("/posts/new").text
    # Reconnect: secrets asked again, other settings kept.
    form = client.get(f"/channels/{pub.hook}/reconnect").text
    assert f'value="{sink.url}"' in form and SECRET not in form
    sink.status = 200
    response = client.post(f"/channels/{pub.hook}/reconnect", {
        "cfg_url": sink.url, "cfg_secret": "too short", "cfg_format": "json",
        "cfg_allow_private_addresses": "on"})
    assert response.status_code == 422 and "secret must be at least 16" in response.text
    assert _status(pub, pub.hook) == "needs_reconnect"
    response = client.post(f"/channels/{pub.hook}/reconnect", {
        "cfg_url": sink.url, "cfg_secret": SECRET + "-new", "cfg_format": "json",
        "cfg_allow_private_addresses": "on"})
    assert response.status_code == 200 and "Channel reconnected." in response.text
    assert _status(pub, pub.hook) == "active"
    assert "channel.reconfigured" in audit_actions(pub.site.engine)
    # Marking read empties the count.
    client.post("/notifications/read", {})
    assert client.get("/notifications/count").text == ""


def test_only_channel_managers_connect_test_or_reconnect(pub: Pub) -> None:
    client = pub.client("author")
    page = client.get("/channels")
    assert page.status_code == 200 and "Staff webhook" in page.text
    assert "Test connection" not in page.text and "Connect a channel" not in page.text
    assert client.get("/channels/new").status_code == 403
    assert client.post("/channels/new", {"kind": "webhook", "name": "x"}).status_code == 403
    assert client.post(f"/channels/{pub.hook}/test", {}).status_code == 403
    assert client.get(f"/channels/{pub.hook}/reconnect").status_code == 403
    assert audit_actions(pub.site.engine)[-1] == "permission.denied"


def test_another_organisations_channel_is_not_found(pub: Pub) -> None:
    other = pub.site.client()
    other.login("admin@riverside.example")
    other.get("/channels")
    assert other.post(f"/channels/{pub.hook}/test", {}).status_code == 404
    assert other.get(f"/channels/{pub.hook}/reconnect").status_code == 404
