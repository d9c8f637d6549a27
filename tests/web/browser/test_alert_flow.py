"""A full alert and its all-clear in Chromium against `carepost serve` and a loopback webhook:
written by the incident lead, approved by a privacy officer and an approver on the alert
screen, sent, seen acknowledged on the board, then the all-clear the same way, and both on the
public alert page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carepost.services import accounts, channels
from carepost.services.actor import cli_actor
from carepost.settings import load_settings
from carepost.storage.db import make_engine, transaction
from carepost.storage.migrate import upgrade
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.web.browser.test_accessibility import _check_page
from tests.web.browser.test_flows import sign_in
from tests.web.conftest import PASSWORD, Served, start_serve, stop_serve
from tests.worker.helpers import webhook_config

pytestmark = pytest.mark.browser
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
PEOPLE = {"lead": "responder", "privacy": "privacy_officer", "approver": "approver"}


def _email(who: str) -> str:
    return f"{who}@plainview.example"


@pytest.fixture
def seeded(tmp_path, receiver: Receiver) -> Iterator[Served]:
    """`carepost serve` with Plainview, its lead, privacy officer, approver and a webhook."""
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'carepost.db'}")
    upgrade(engine)
    with transaction(engine) as db:
        accounts.setup_first_admin(db, "Plainview Clinic", "plainview",
                                   "admin@plainview.example", PASSWORD)
    with transaction(engine) as db:
        admin = accounts.actor_for(db, accounts.user_by_email(db, "admin@plainview.example").id,
                                   "plainview")
        for who, role in PEOPLE.items():
            accounts.add_user(db, cli_actor(admin.org_id), _email(who), PASSWORD, role)
        box = channels.channel_box(load_settings(environ={}, data_dir=str(data)))
        channels.add_channel(db, admin, box, "webhook", "Partner hook",
                             webhook_config(receiver.url, SECRET))
    served = start_serve(data)
    try:
        yield served
    finally:
        stop_serve(served)
        engine.dispose()


def _approve_both(browser, base: str, alert_url: str) -> None:
    for who in ("privacy", "approver"):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, base, _email(who), PASSWORD)
        page.goto(alert_url)
        page.get_by_role("button", name="Approve this alert").click()
        page.get_by_text("Approval recorded.").wait_for()
        context.close()


def test_an_alert_and_its_all_clear(seeded: Served, page, browser, receiver: Receiver) -> None:
    base = seeded.base_url
    sign_in(page, base, _email("lead"), PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alerts").click()
    _check_page(page)  # contrast, labels, landmarks, as on every other page
    page.get_by_role("link", name="Write a new alert").click()
    _check_page(page)
    page.get_by_label("Headline").fill("Boil-water notice for Northside")
    page.get_by_label("Text").fill("Bring tap water to a rolling boil for one minute before "
                                   "drinking, until the all-clear. Information: 555 0100.")
    page.get_by_label("Area affected").fill("Northside")
    page.get_by_label("Partner hook").check()
    page.get_by_role("button", name="Create alert").click()
    page.get_by_text("Awaiting approval").first.wait_for()
    alert_url = page.url
    _approve_both(browser, base, alert_url)
    page.goto(alert_url)
    page.get_by_role("button", name="Send to 1 channel now").click()
    page.locator(".delivery-status", has_text="acknowledged").wait_for()
    assert len(receiver.deliveries) == 1
    _check_page(page)

    page.get_by_label("All clear").check()
    page.get_by_label("Headline").fill("Tap water is safe again")
    page.get_by_label("Text").fill("Tap water in Northside is safe to drink again.")
    page.get_by_role("button", name="Write it").click()
    page.get_by_text("Awaiting approval").first.wait_for()
    clear_url = page.url
    assert clear_url != alert_url
    _approve_both(browser, base, clear_url)
    page.goto(clear_url)
    page.get_by_role("button", name="Send to 1 channel now").click()
    page.locator(".delivery-status", has_text="acknowledged").wait_for()
    assert page.get_by_role("link", name="Boil-water notice for Northside").is_visible()
    texts = [d.json()["post"]["text"] for d in receiver.deliveries]  # type: ignore[index]
    assert len(texts) == 2 and texts[1].startswith("ALL CLEAR: ")

    page.goto(base + "/alerts/plainview/")
    page.get_by_role("heading", name="Boil-water notice for Northside").wait_for()
    assert page.get_by_role("heading", name="ALL CLEAR: Tap water is safe again").is_visible()
    _check_page(page)
