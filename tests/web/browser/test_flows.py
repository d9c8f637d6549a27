"""End to end in headless Chromium against a real `carepost serve`."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from carepost.guard import check
from carepost.services import accounts
from carepost.storage.db import make_engine, transaction
from carepost.storage.migrate import upgrade
from carepost.web.checkview import ACTION_LABELS
from tests.web.conftest import PASSWORD, Served, audit_rows, start_serve, stop_serve

pytestmark = pytest.mark.browser

ADMIN = "admin@plainview.example"


@pytest.fixture
def seeded(tmp_path) -> Iterator[tuple[Served, object]]:
    """`carepost serve` on a SQLite database that already has Plainview Clinic and its admin."""
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'carepost.db'}")
    upgrade(engine)
    with transaction(engine) as db:
        accounts.setup_first_admin(db, "Plainview Clinic", "plainview", ADMIN, PASSWORD)
    served = start_serve(data)
    try:
        yield served, engine
    finally:
        stop_serve(served)
        engine.dispose()


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_login_add_a_user_see_the_audit_event_and_log_out(seeded, page) -> None:
    served, engine = seeded
    sign_in(page, served.base_url, ADMIN, PASSWORD)
    page.get_by_role("heading", name="Plainview Clinic").wait_for()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    page.get_by_label("Email").fill("nurse.comms@plainview.example")
    page.get_by_label("Initial password").fill("initial password 1")
    page.get_by_label("Role", exact=True).select_option("author")
    page.get_by_role("button", name="Add member").click()
    page.get_by_text("Member added.").wait_for()
    assert page.get_by_role("cell", name="nurse.comms@plainview.example", exact=True).is_visible()

    page.get_by_role("link", name="Audit log").click()
    row = page.get_by_role("row").filter(has_text="member.added")
    row.wait_for()
    assert "nurse.comms" not in row.inner_text()  # the audit log names ids, not addresses
    assert re.search(r"user:\d+", row.inner_text())

    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()
    page.goto(served.base_url + "/members")
    assert page.get_by_role("heading", name="Sign in").is_visible()


def test_a_failed_login_shows_a_clear_message_and_is_audited(seeded, page) -> None:
    served, engine = seeded
    sign_in(page, served.base_url, ADMIN, "not the right password")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text() == "Wrong email or password."
    failures = [e for e in audit_rows(engine) if e.action == "auth.login_failed"]
    assert len(failures) == 1 and '"reason":"bad_password"' in failures[0].detail


def test_first_run_setup_link_creates_the_org_and_then_disappears(tmp_path, page) -> None:
    served = start_serve(tmp_path / "data")
    try:
        assert served.setup_url
        page.goto(served.setup_url)
        page.get_by_label("Organisation name").fill("Riverside Health")
        page.get_by_label("Administrator email").fill("founder@riverside.example")
        page.get_by_label("Password (at least 10 characters)").fill("a long first password")
        page.get_by_label("Password again").fill("a long first password")
        page.get_by_role("button", name="Create organisation").click()
        page.get_by_role("heading", name="Riverside Health").wait_for()
        assert "Administrator" in page.inner_text("header")
        response = page.goto(served.setup_url)
        assert response.status == 404
        assert page.get_by_role("heading", name="Page not found").is_visible()
    finally:
        stop_serve(served)


def test_check_page_updates_live_as_one_types(seeded, page) -> None:
    served, _engine = seeded
    sign_in(page, served.base_url, ADMIN, PASSWORD)
    page.get_by_role("heading", name="Plainview Clinic").wait_for()
    page.get_by_role("link", name="Check a text").first.click()
    page.get_by_label("Context").select_option("reply")
    # Typing alone (no submit) triggers htmx, which swaps in the verdict.
    page.get_by_label("Text to check").press_sequentially(
        "Great news @jdoe88, your MRI on 3/14 came back clear!"
    )
    page.locator("mark.finding").first.wait_for()
    verdict = check("Great news @jdoe88, your MRI on 3/14 came back clear!", "outbound", "reply")
    assert page.locator(".verdict").inner_text() == ACTION_LABELS[verdict.action]
    assert page.locator("#finding-1").is_visible()
    assert page.url.endswith("/check")  # no full page navigation happened
