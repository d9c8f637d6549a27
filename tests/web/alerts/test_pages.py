"""Alert pages through the app: templates and approvals, a half-filled form kept, send, second
click, a channel down with retry on the board, and the public page with its RSS/Atom/CAP feeds."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from carepost.services import channels
from carepost.services.alerts import compose, send
from carepost.storage.db import transaction
from carepost.web.app import create_app
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.web.conftest import Site, WebClient, make_settings
from tests.worker.helpers import webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


def _as(site: Site, people: Personas, role: str) -> WebClient:
    from fastapi.testclient import TestClient
    client = WebClient(TestClient(site.app, raise_server_exceptions=True))
    assert client.login(people.email(role)).status_code == 200
    return client


SITE_URL = "https://care.example"


@pytest.fixture
def site(site: Site, tmp_path: Path) -> Site:
    """The site with its public address configured (CAREPOST_PUBLIC_URL), as feeds need."""
    settings = make_settings(tmp_path, public_url=SITE_URL)
    return dataclasses.replace(site, settings=settings, app=create_app(
        settings, engine=site.engine, setup_link=site.setup_link))


@pytest.fixture
def hook(site: Site, personas: Personas, receiver: Receiver) -> int:
    with transaction(site.engine) as session:
        return channels.add_channel(session, personas.actors["admin"],
                                    channels.channel_box(site.settings), "webhook",
                                    "Partner hook", webhook_config(receiver.url, SECRET)).id


def _approved_template(site: Site, personas: Personas) -> int:
    lead = _as(site, personas, "responder")
    lead.get("/alerts")
    assert lead.post("/alerts/templates", {"kind": "boil_water"}).status_code == 200
    template_id = int(re.findall(r"/alerts/templates/(\d+)/approve", _as(
        site, personas, "approver").get("/alerts").text)[0])
    for role in ("privacy_officer", "approver"):
        reviewer = _as(site, personas, role)
        reviewer.get("/alerts")
        page = reviewer.post(f"/alerts/templates/{template_id}/approve")
        assert "Approval recorded." in page.text
    return template_id


def test_fill_send_second_click_board_and_public_feeds(
    site: Site, personas: Personas, hook: int, receiver: Receiver
) -> None:
    template_id = _approved_template(site, personas)
    lead = _as(site, personas, "responder")
    lead.get(f"/alerts/new?template={template_id}")
    half = lead.post("/alerts", {"template_id": str(template_id), "channel": str(hook),
                                 "field_area": "Northside <district>", "pause_minutes": "0"})
    assert half.status_code == 422 and "phone: required, still empty" in half.text
    assert 'value="Northside &lt;district&gt;"' in half.text  # what was typed is kept, escaped
    done = lead.post("/alerts", {"template_id": str(template_id), "channel": str(hook),
                                 "field_area": "Northside", "field_phone": "555 0100",
                                 "pause_minutes": "0"})
    alert_id = int(re.search(r"<title>Alert (\d+)", done.text).group(1))  # type: ignore[union-attr]
    sent = lead.post(f"/alerts/{alert_id}/send")
    assert sent.status_code == 200 and 'id="board"' in sent.text
    again = lead.post(f"/alerts/{alert_id}/send")
    assert again.status_code == 409 and "already sent" in again.text
    assert send.wait(alert_id)
    assert len(receiver.deliveries) == 1
    assert "acknowledged" in lead.get(f"/alerts/{alert_id}/board").text
    public = site.client()
    listing = public.get("/alerts/plainview/")
    assert listing.status_code == 200 and "Boil-water notice for Northside" in listing.text
    assert "Northside" in public.get("/alerts/plainview/rss.xml").text
    atom = public.get("/alerts/plainview/cap.xml")
    assert f"/alerts/plainview/{alert_id}.cap.xml" in atom.text
    cap = public.get(f"/alerts/plainview/{alert_id}.cap.xml")
    assert cap.headers["content-type"].startswith("application/cap+xml")
    assert "<status>Actual</status>" in cap.text
    assert public.get("/alerts/nowhere/").status_code == 404
    one = public.get(f"/alerts/plainview/{alert_id}")
    assert one.status_code == 200 and "Boil-water notice for Northside" in one.text
    assert public.get(f"/alerts/plainview/{alert_id + 1}").status_code == 404


def test_a_channel_down_shows_on_the_board_and_retry_fixes_it(
    site: Site, personas: Personas, hook: int, receiver: Receiver
) -> None:
    template_id = _approved_template(site, personas)
    with transaction(site.engine) as session:
        compose.mark_test_channel(session, personas.actors["admin"], hook, True)
    lead = _as(site, personas, "responder")
    lead.get(f"/alerts/new?template={template_id}")
    done = lead.post("/alerts", {"template_id": str(template_id), "channel": str(hook),
                                 "field_area": "Northside", "field_phone": "555 0100",
                                 "pause_minutes": "0", "drill": "on"})
    alert_id = int(re.search(r"<title>Alert (\d+)", done.text).group(1))  # type: ignore[union-attr]
    assert "DRILL — EXERCISE" in done.text
    receiver.answer(503)
    lead.post(f"/alerts/{alert_id}/send")
    assert send.wait(alert_id)
    board = lead.get(f"/alerts/{alert_id}")
    assert re.search(r'class="delivery-status">(failed|unknown)<', board.text)
    assert "Retry" in board.text
    lead.post(f"/alerts/{alert_id}/retry", {"delivery_id": re.search(
        r'name="delivery_id" value="(\d+)"', board.text).group(1)})  # type: ignore[union-attr]
    assert send.wait(alert_id)
    fixed = lead.get(f"/alerts/{alert_id}")
    assert 'class="delivery-status">acknowledged<' in fixed.text
    # A drill never appears publicly.
    assert "Northside" not in site.client().get("/alerts/plainview/").text
    assert site.client().get(f"/alerts/plainview/{alert_id}").status_code == 404
    assert site.client().get(f"/alerts/plainview/{alert_id}.cap.xml").status_code == 404


def test_public_links_come_from_the_setting_never_the_host_header(
    site: Site, personas: Personas, hook: int, receiver: Receiver, tmp_path: Path
) -> None:
    from carepost.storage.db import session_factory
    from tests.services.alerts.conftest import alert_from_template

    db = session_factory(site.engine)
    alert_id = alert_from_template(db, personas, [hook])
    send.send(db, channels.channel_box(site.settings), personas.actors["responder"], alert_id)
    forged = {"Host": "evil.example"}
    public = site.client().http
    for path in ("rss.xml", "feed.atom", "cap.xml", f"{alert_id}.cap.xml"):
        page = public.get(f"/alerts/plainview/{path}", headers=forged)
        assert page.status_code == 200 and "evil.example" not in page.text
        assert f"{SITE_URL}/alerts/plainview/{alert_id}" in page.text
    # Without the setting: no feeds at all, and the CAP message goes without its <web> link.
    bare = create_app(make_settings(tmp_path / "bare"), engine=site.engine,
                      setup_link=site.setup_link)
    from fastapi.testclient import TestClient
    client = TestClient(bare)
    for path in ("rss.xml", "feed.atom", "cap.xml"):
        assert client.get(f"/alerts/plainview/{path}", headers=forged).status_code == 404
    cap = client.get(f"/alerts/plainview/{alert_id}.cap.xml", headers=forged)
    assert cap.status_code == 200 and "<web>" not in cap.text and "evil" not in cap.text
    listing = client.get("/alerts/plainview/", headers=forged)
    assert listing.status_code == 200 and "rss.xml" not in listing.text


def test_sending_answers_before_a_slow_channel_does_and_the_board_catches_up(
    site: Site, personas: Personas, receiver: Receiver
) -> None:
    from carepost.storage.alerts import AlertDelivery
    from carepost.storage.db import session_factory
    from tests.services.alerts.conftest import alert_from_template

    with transaction(site.engine) as session:
        slow = channels.add_channel(session, personas.actors["admin"],
                                    channels.channel_box(site.settings), "webhook", "Slow hook",
                                    {**webhook_config(receiver.url, SECRET),
                                     "timeout_seconds": 20.0}).id
    alert_id = alert_from_template(session_factory(site.engine), personas, [slow])
    receiver.answer(200, delay=3.0)  # a slow partner (or a long mailing list)
    lead = _as(site, personas, "responder")
    lead.get(f"/alerts/{alert_id}")
    page = lead.post(f"/alerts/{alert_id}/send")
    # The answer came while the partner still held the request: the board says "sending",
    # the key is already committed, and the board refreshes itself.
    assert page.status_code == 200
    assert 'class="delivery-status">sending<' in page.text
    assert 'hx-get="/alerts/' in page.text and 'hx-trigger="every 3s"' in page.text
    with transaction(site.engine) as session:
        row = session.query(AlertDelivery).filter_by(alert_id=alert_id).one()
        assert row.status == "sending" and row.idempotency_key
    again = lead.post(f"/alerts/{alert_id}/send")  # the second click, mid-round
    assert again.status_code == 409 and "already sent" in again.text
    assert send.wait(alert_id)
    board = lead.get(f"/alerts/{alert_id}/board").text
    assert 'class="delivery-status">acknowledged<' in board and "hx-trigger" not in board
    assert len(receiver.deliveries) == 1


def test_a_template_id_that_is_not_a_number_is_a_named_error_not_a_crash(
    site: Site, personas: Personas, hook: int
) -> None:
    lead = _as(site, personas, "responder")
    lead.get("/alerts/new")
    page = lead.post("/alerts", {"template_id": "seven", "channel": str(hook),
                                 "headline": "Clinic closed", "text": "Closed today."})
    assert page.status_code == 400 and "template_id must be a number" in page.text
    assert 'value="Clinic closed"' in page.text  # what was typed comes back


def test_the_board_links_only_http_addresses_the_network_gave(
    site: Site, personas: Personas, hook: int, receiver: Receiver
) -> None:
    from sqlalchemy import update

    from carepost.storage.alerts import AlertDelivery
    from carepost.storage.db import session_factory
    from tests.services.alerts.conftest import alert_from_template

    db = session_factory(site.engine)
    alert_id = alert_from_template(db, personas, [hook])
    send.send(db, channels.channel_box(site.settings), personas.actors["responder"], alert_id)
    lead = _as(site, personas, "responder")
    for url, linked in (("javascript:alert(1)", False), ("https://social.example/@c/1", True)):
        with transaction(site.engine) as session:
            session.execute(update(AlertDelivery).where(AlertDelivery.alert_id == alert_id)
                            .values(url=url))
        board = lead.get(f"/alerts/{alert_id}/board").text
        assert (f'href="{url}"' in board) is linked and url.split(":")[1][:6] in board
