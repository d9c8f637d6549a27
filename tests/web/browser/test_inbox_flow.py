"""Issue 6, part 4, in headless Chromium against a real `carepost serve` (its worker polls the
inbox) and the real local Bluesky network: a second account replies to the organisation's post;
the reply appears in the inbox in the right queue, its HTML shown as text and never run; the
responder answers with a template; the answer appears in the thread on the network."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from atproto import Client, models
from sqlalchemy import select

from carepost.connectors import OutboundItem, create
from carepost.connectors.idempotency import new_key
from carepost.services import accounts, channels
from carepost.services.actor import cli_actor
from carepost.services.inbox import actions
from carepost.settings import load_settings
from carepost.storage.db import make_engine, transaction
from carepost.storage.inbox import InboundCursor
from carepost.storage.migrate import upgrade
from carepost.storage.models import Organization
from tests.bluesky_peer import BlueskyNetwork
from tests.web.browser.test_flows import sign_in
from tests.web.conftest import PASSWORD, Served, start_serve, stop_serve

pytestmark = pytest.mark.browser

ADMIN = "admin@plainview.example"
RESPONDER = "responder@plainview.example"
APP_PASSWORD = "app-password-" + secrets.token_hex(4)
TEMPLATE = "Thanks for asking! Our flu clinics run Tuesdays 9 to 12 at every site."
QUESTION = ('When is the flu clinic open? <script>window.__pwned = 1</script>'
            '<img src="x" onerror="window.__pwned = 2">')
WAIT = 90.0  # an upper bound for a busy machine, not a speed requirement


@pytest.fixture
def clinic(tmp_path: Path, appview: BlueskyNetwork) -> Iterator[tuple[Served, str, str]]:
    """serve with a responder, a Bluesky channel polled every second and one template;
    yields (served, the organisation's post URI, its DID)."""
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'carepost.db'}")
    upgrade(engine)
    with transaction(engine) as db:
        accounts.setup_first_admin(db, "Plainview Clinic", "plainview", ADMIN, PASSWORD)
    handle = f"o{secrets.token_hex(5)}.test"
    did = appview.create_account(handle, APP_PASSWORD)
    config = {"handle": handle, "app_password": APP_PASSWORD, "service_url": appview.pds,
              "web_url": "https://bsky.example", "allow_private_addresses": True}
    # The same key file serve will read: the channel's credentials stay sealed.
    box = channels.channel_box(load_settings(environ={}, data_dir=str(data)))
    with transaction(engine) as db:
        org = db.execute(select(Organization)).scalar_one()
        actor = cli_actor(org.id)
        accounts.add_user(db, actor, RESPONDER, PASSWORD, "responder", "Responder")
        channel = channels.add_channel(db, actor, box, "bluesky", "Clinic Bluesky", config)
        db.add(InboundCursor(channel_id=channel.id, poll_seconds=1, last_result=""))
        actions.add_template(db, actor, "Flu hours", TEMPLATE)
    engine.dispose()
    post = create("bluesky", config).publish(OutboundItem(text="Ask us about flu shots."),
                                             new_key()).remote_id
    appview.process_all()  # the parent is indexed before any reply (else no notification)
    served = start_serve(data, CAREPOST_WORKER_POLL_SECONDS="1")
    try:
        yield served, post, did
    finally:
        stop_serve(served)


def test_a_reply_on_bluesky_is_answered_with_a_template_from_the_inbox(
    clinic: tuple[Served, str, str], appview: BlueskyNetwork, page
) -> None:
    served, post, org_did = clinic
    base = served.base_url
    patient_handle = f"p{secrets.token_hex(5)}.test"
    patient_did = appview.create_account(patient_handle, "patient-password")
    patient = Client(base_url=appview.pds)
    patient.login(patient_handle, "patient-password", fetch_bsky_profile=False)
    repo, _, rkey = post.removeprefix("at://").partition("/app.bsky.feed.post/")
    ref = models.create_strong_ref(patient.get_post(rkey, repo))
    question = patient.send_post(QUESTION, profile_identify=patient_did,
                                 reply_to=models.AppBskyFeedPost.ReplyRef(root=ref, parent=ref))
    appview.process_all()

    sign_in(page, base, RESPONDER, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    deadline = time.monotonic() + WAIT
    row = page.locator("#inbox-items tr.queue-question")
    while row.count() == 0 and time.monotonic() < deadline:
        time.sleep(1)
        page.goto(base + "/inbox?queue=question")
    assert row.count() == 1, "the reply never reached the Questions queue"
    assert f"@{patient_handle}" in row.inner_text()
    # The list shows the start of the comment too: as text, and nothing in it ran.
    assert "<script>window.__pwned = 1</script>" in row.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert row.locator("script, img").count() == 0
    row.get_by_role("link").click()

    # The comment's HTML is shown as text; none of it ran.
    text = page.locator("#item-text")
    assert text.inner_text() == QUESTION
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#item-text script, #item-text img").count() == 0
    assert page.locator("#item-queue").inner_text() == "Questions"

    page.get_by_label("Template", exact=True).select_option(label="Flu hours")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Reply sent.").wait_for()
    assert "Waiting" in page.locator("#item-status").inner_text()

    appview.process_all()
    thread = patient.app.bsky.feed.get_post_thread(
        models.AppBskyFeedGetPostThread.Params(uri=question.uri)).thread
    answers = [(r.post.author.did, r.post.record.text) for r in thread.replies]
    assert answers == [(org_did, TEMPLATE)]
