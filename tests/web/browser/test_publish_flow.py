"""The whole publishing flow in headless Chromium against a real `carepost serve` (with its
in-process worker) and the real local Bluesky network: connect the channel, compose a text with
PHI, see it highlighted, fix it, submit; a second person approves; schedule a few seconds
ahead; the worker publishes; the post is visible through the AppView."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from carepost.core.schedule import to_local
from carepost.services import accounts
from carepost.services.actor import cli_actor
from carepost.storage.db import make_engine, transaction
from carepost.storage.migrate import upgrade
from carepost.storage.models import Organization, utcnow
from tests.bluesky_peer import BlueskyNetwork
from tests.web.browser.test_flows import sign_in
from tests.web.conftest import PASSWORD, Served, start_serve, stop_serve

pytestmark = pytest.mark.browser

ADMIN = "admin@plainview.example"
AUTHOR = "author@plainview.example"
APPROVER = "approver@plainview.example"
ZONE = "America/New_York"
PHI = "Get well soon John Smith, MRN 12345678, room 4B after your surgery yesterday!"
FIXED = "Our flu clinic is open Saturday 9 to 12 at the main site. Walk-ins welcome."
SHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Served]:
    """`carepost serve` (worker polling every second) with an admin, an author and an approver."""
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'carepost.db'}")
    upgrade(engine)
    with transaction(engine) as db:
        accounts.setup_first_admin(db, "Plainview Clinic", "plainview", ADMIN, PASSWORD)
    with transaction(engine) as db:
        org = db.execute(select(Organization)).scalar_one()
        for email, role in ((AUTHOR, "author"), (APPROVER, "approver")):
            accounts.add_user(db, cli_actor(org.id), email, PASSWORD, role, role.title())
    engine.dispose()
    served = start_serve(data, CAREPOST_WORKER_POLL_SECONDS="1")
    try:
        yield served
    finally:
        stop_serve(served)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"publish-{name}.png"), full_page=True)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()


def test_compose_fix_approve_schedule_and_see_it_on_bluesky(
    clinic: Served, appview: BlueskyNetwork, page
) -> None:
    from playwright.sync_api import expect

    base = clinic.base_url
    handle = f"p{secrets.token_hex(5)}.test"
    app_password = "app-password-" + secrets.token_hex(4)
    did = appview.create_account(handle, app_password)

    # The admin connects the Bluesky channel and chooses the time zone.
    sign_in(page, base, ADMIN, PASSWORD)
    page.get_by_role("heading", name="Plainview Clinic").wait_for()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Channels").click()
    page.get_by_role("link", name="Connect a channel").click()
    page.get_by_label("Network").select_option("bluesky")
    page.get_by_role("button", name="Show its settings").click()
    page.get_by_label("Name").fill("Clinic Bluesky")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("App password").fill(app_password)
    page.get_by_label("Service url").fill(appview.pds)
    page.get_by_label("Allow private addresses").check()
    page.get_by_role("button", name="Connect").click()
    page.get_by_text("Channel connected.").wait_for()
    page.get_by_role("button", name="Test connection of Clinic Bluesky").click()
    page.get_by_text("Clinic Bluesky: connection works").wait_for()
    _shot(page, "1-channels")
    page.goto(base + "/calendar")
    page.get_by_label("IANA time zone (e.g. America/New_York)").fill(ZONE)
    page.get_by_role("button", name="Save time zone").click()
    page.get_by_text("Time zone saved.").wait_for()
    _sign_out(page)

    # The author writes a text with PHI, sees it highlighted live, fixes it, submits.
    sign_in(page, base, AUTHOR, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Posts").click()
    page.get_by_role("link", name="New post").click()
    page.get_by_label("Title").fill("Flu clinic")
    page.get_by_role("checkbox", name="Clinic Bluesky").check()
    page.get_by_label("Text for all channels").press_sequentially(PHI, delay=5)
    marks = page.locator("#previews mark.finding")
    marks.first.wait_for()
    assert "Blocked" in page.locator("#previews .verdict").inner_text()
    assert page.url.endswith("/posts/new")  # the preview came by htmx, no navigation
    _shot(page, "2-phi-highlighted")
    page.get_by_label("Text for all channels").fill(FIXED)
    expect(marks).to_have_count(0)
    counter = page.locator("#previews li.counter").first.inner_text()
    assert f"{len(FIXED)} / 300" in counter
    _shot(page, "3-fixed")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved.").wait_for()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Submitted for review.").wait_for()
    post_url = page.url.split("?")[0]
    _sign_out(page)

    # A second person approves (the author could not: no review queue for authors).
    sign_in(page, base, APPROVER, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    item = page.get_by_role("article").filter(has_text="Flu clinic")
    item.wait_for()
    assert "First review" in item.inner_text()
    _shot(page, "4-review")
    item.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Approved.").wait_for()

    # Scheduled a few seconds ahead, typed in the organisation's local time.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    slot = to_local(utcnow() + timedelta(seconds=6), ZONE)
    page.get_by_label("Time for Flu clinic (America/New_York)").fill(
        slot.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    page.get_by_text("Scheduled.").wait_for()
    today = page.locator(f'td[data-date="{slot.date().isoformat()}"]')
    assert slot.strftime("%H:%M") in today.inner_text() and "Scheduled" in today.inner_text()
    _shot(page, "5-calendar")

    # The in-process worker publishes it; the post page says so.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page.goto(post_url)
        if "State: Published" in page.locator("main").inner_text():
            break
        time.sleep(1)
    assert "State: Published" in page.locator("main").inner_text()
    _shot(page, "6-published")

    # Exactly one post, visible through the AppView.
    appview.process_all()
    assert appview.appview is not None
    feed = httpx.get(f"{appview.appview}/xrpc/app.bsky.feed.getAuthorFeed",
                     params={"actor": did}, timeout=30)
    feed.raise_for_status()
    texts = [item["post"]["record"]["text"] for item in feed.json()["feed"]]
    assert texts == [FIXED]
    uri = feed.json()["feed"][0]["post"]["uri"]
    thread = httpx.get(f"{appview.appview}/xrpc/app.bsky.feed.getPostThread",
                       params={"uri": uri}, timeout=30)
    thread.raise_for_status()
    assert thread.json()["thread"]["post"]["record"]["text"] == FIXED
    assert PHI not in str(feed.json())
