"""The inbox pages and JSON API, against mastodon-mock: escaping, overdue, actions, roles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from mastodon import Mastodon
from sqlalchemy import update

from carepost.services import channels
from carepost.services.inbox import ingest
from carepost.storage.db import session_factory, transaction
from carepost.storage.inbox import InboundItem
from carepost.storage.models import utcnow
from tests.connectors.mastodon.conftest import (  # noqa: F401  (fixtures)
    MastodonServer,
    mastodon_server,
    server,
)
from tests.web.conftest import PERSONAS, Site, audit_actions
from tests.web.test_api import token_for

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)> when is the clinic open?'
CLEAN = "Thanks for asking! Our flu clinics run Tuesdays 9 to 12 at every site."
BASE = "/api/v1/orgs/plainview/inbox"


class Inbox:
    """Plainview's Mastodon channel with polled items, and the patient who wrote them."""

    def __init__(self, site: Site, server: MastodonServer) -> None:  # noqa: F811
        self.site, self.server = site, server
        self.username, self.token = server.new_user()
        self.box = channels.channel_box(site.settings)
        self.db = session_factory(site.engine)
        from carepost.services.accounts import actor_for

        with transaction(self.db) as session:
            admin = actor_for(session, site.ids["admin"], "plainview")  # type: ignore[attr-defined]
            row = channels.add_channel(session, admin, self.box, "mastodon", "Masto", {
                "api_base_url": server.url, "access_token": self.token,
                "allow_private_addresses": True})
        self.channel_id = row.id
        _, patient_token = server.new_user()
        self.patient = Mastodon(api_base_url=server.url, access_token=patient_token,
                                version_check_mode="none")

    def receive(self, text: str) -> int:
        """The patient mentions the account; poll; return the new item's id."""
        self.patient.status_post(f"@{self.username} {text}")
        result = ingest.poll_channel(self.db, self.box, self.channel_id, escalate=False)
        assert result.new == 1, result
        return result.new_ids[0]

    def descendants(self, item_id: int) -> list[str]:
        """Replies to the item, as the network has them."""
        with transaction(self.db) as session:
            item = session.get(InboundItem, item_id)
            assert item is not None
            remote = item.remote_id
        return [str(s["content"]) for s in self.patient.status_context(remote)["descendants"]]


@pytest.fixture
def inbox(site: Site, server: MastodonServer) -> Iterator[Inbox]:  # noqa: F811
    yield Inbox(site, server)


def test_html_in_a_comment_is_escaped_and_overdue_items_are_marked(
    site: Site, inbox: Inbox
) -> None:
    item_id = inbox.receive(SCRIPT)
    with transaction(inbox.db) as session:
        session.execute(update(InboundItem).values(fetched_at=utcnow() - timedelta(hours=30)))
    client = site.client()
    client.login(PERSONAS["viewer"])
    listing = client.get("/inbox")
    assert listing.status_code == 200
    assert "<script>alert" not in listing.text and "&lt;script&gt;" in listing.text
    assert "<mark>Overdue</mark>" in listing.text and "1 overdue" in listing.text
    assert "1 new of 1 fetched" in listing.text  # the channel's last poll
    page = client.get(f"/inbox/items/{item_id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "onerror=alert(1)>" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert 'action="/inbox/items/' not in page.text.split("Internal notes")[0].split(
        "Guard findings")[1]  # a viewer gets no action forms


def test_a_responder_answers_with_a_template_and_it_reaches_the_thread(
    site: Site, inbox: Inbox
) -> None:
    item_id = inbox.receive("when is the flu clinic open?")
    client = site.client()
    client.login(PERSONAS["responder"])
    client.get("/inbox/templates")
    saved = client.post("/inbox/templates", {"name": "Flu hours", "text": CLEAN},
                        follow_redirects=False)
    assert saved.status_code == 303
    refused = client.post("/inbox/templates", {"name": "Bad",
                                               "text": "Hi Maria, your biopsy came back fine."})
    assert refused.status_code == 422 and "guard blocks" in refused.text
    page = client.get(f"/inbox/items/{item_id}")
    template_id = page.text.split('<option value="', 2)[2].split('"')[0]
    sent = client.post(f"/inbox/items/{item_id}/reply", {"template_id": template_id},
                       follow_redirects=True)
    assert sent.status_code == 200 and "Reply sent." in sent.text
    assert len(inbox.descendants(item_id)) == 1 and "Tuesdays" in inbox.descendants(item_id)[0]
    assert "inbox.replied" in audit_actions(site.engine)


def test_a_blocked_reply_keeps_the_draft_sends_nothing_and_hide_explains_itself(
    site: Site, inbox: Inbox
) -> None:
    item_id = inbox.receive("did my scan come back?")
    client = site.client()
    client.login(PERSONAS["responder"])
    client.get(f"/inbox/items/{item_id}")
    draft = "Sorry about your visit, John. Your MRI results <b>are fine</b>."
    blocked = client.post(f"/inbox/items/{item_id}/reply", {"text": draft})
    assert blocked.status_code == 422
    assert "patient_relationship" in blocked.text
    assert "&lt;b&gt;are fine&lt;/b&gt;" in blocked.text  # the draft is kept, escaped
    assert inbox.descendants(item_id) == []
    hidden = client.post(f"/inbox/items/{item_id}/hide", {})
    assert hidden.status_code == 422 and "Mastodon does not let" in hidden.text
    note = client.post(f"/inbox/items/{item_id}/note", {"text": "check <i>chart</i>"},
                       follow_redirects=True)
    assert "check &lt;i&gt;chart&lt;/i&gt;" in note.text
    case = client.post(f"/inbox/items/{item_id}/case", {}, follow_redirects=True)
    assert case.status_code == 200 and "Adverse-event case" in case.text
    forged = site.client()
    forged.login(PERSONAS["responder"])
    assert forged.post(f"/inbox/items/{item_id}/hide", {}, csrf=False).status_code == 403


def test_a_viewer_cannot_act(site: Site, inbox: Inbox) -> None:
    item_id = inbox.receive("is parking free?")
    client = site.client()
    client.login(PERSONAS["viewer"])
    client.get(f"/inbox/items/{item_id}")
    assert client.post(f"/inbox/items/{item_id}/reply", {"text": CLEAN}).status_code == 403
    assert inbox.descendants(item_id) == []


def test_the_api_lists_replies_and_exports_cases(site: Site, inbox: Inbox) -> None:
    item_id = inbox.receive("I took Zestra and got a terrible rash, I'm Ann Lee")
    token = token_for(site, site.ids["responder"], "responder")  # type: ignore[attr-defined]
    viewer = token_for(site, site.ids["viewer"], "viewer")  # type: ignore[attr-defined]
    http = site.client().http

    def call(method: str, url: str, who: str = token, **kwargs: object) -> object:
        return http.request(method, url, headers={"authorization": f"Bearer {who}"}, **kwargs)

    page = call("GET", f"{BASE}/items?status=all").json()
    assert [i["id"] for i in page["items"]] == [item_id]
    assert {c["queue"] for c in page["counts"]} >= {"urgent", "phi", "adverse_event"}
    detail = call("GET", f"{BASE}/items/{item_id}").json()
    assert detail["verdict"]["labels"]["adverse_event"] is True
    blocked = call("POST", f"{BASE}/items/{item_id}/reply",
                   json={"text": "Ann, your Zestra rash is a known side effect."})
    assert blocked.status_code == 422 and "Zestra" not in blocked.text
    both = call("POST", f"{BASE}/items/{item_id}/reply", json={"text": CLEAN, "private": True})
    assert both.status_code == 422
    assert call("POST", f"{BASE}/items/{item_id}/reply", json={"text": CLEAN},
                who=viewer).status_code == 403
    sent = call("POST", f"{BASE}/items/{item_id}/reply", json={"private": True}).json()
    assert sent["state"] == "sent"
    case = call("POST", f"{BASE}/cases", json={"item_id": item_id}).json()
    assert case["fields"]["product_name"] == "Zestra" and case["days_left"] == 15
    patched = call("PATCH", f"{BASE}/cases/{case['id']}", json={"product_lot": "A1"}).json()
    assert patched["fields"]["product_lot"] == "A1"
    csv_text = call("GET", f"{BASE}/cases/{case['id']}/export?fmt=csv").text
    assert csv_text.startswith("case_id,") and "Zestra" in csv_text
    status = call("POST", f"{BASE}/items/{item_id}/status", json={"status": "resolved"}).json()
    assert status["status"] == "resolved"
    assert call("GET", f"{BASE}/items/999").status_code == 404


def test_the_api_reads_and_changes_inbox_settings(site: Site) -> None:
    admin = token_for(site, site.ids["admin"], "admin")  # type: ignore[attr-defined]
    responder = token_for(site, site.ids["responder"], "responder")  # type: ignore[attr-defined]
    http = site.client().http
    url = f"{BASE}/settings"
    shown = http.get(url, headers={"authorization": f"Bearer {responder}"}).json()
    assert shown["response_target_hours"] == 24 and shown["webhook_set"] is False
    refused = http.patch(url, json={"response_target_hours": 4},
                         headers={"authorization": f"Bearer {responder}"})
    assert refused.status_code == 403
    secret = "on-call-secret-abcdef"
    changed = http.patch(url, json={
        "response_target_hours": 4, "oncall_emails": ["oncall@plainview.example"],
        "webhook": {"url": "https://hooks.example/oncall", "secret": secret}},
        headers={"authorization": f"Bearer {admin}"})
    assert changed.status_code == 200 and secret not in changed.text
    body = changed.json()
    assert body["response_target_hours"] == 4 and body["webhook_set"] is True
    bad = http.patch(url, json={"oncall_emails": ["not an address"]},
                     headers={"authorization": f"Bearer {admin}"})
    assert bad.status_code == 422 and "not an address" not in bad.text


def test_the_settings_page_saves_for_admins_only(site: Site) -> None:
    client = site.client()
    client.login(PERSONAS["admin"])
    page = client.get("/inbox/settings")
    assert page.status_code == 200 and "Save settings" in page.text
    saved = client.post("/inbox/settings", {
        "response_target_hours": "6", "backfill_days": "3",
        "oncall_emails": "oncall@plainview.example\nnurse@plainview.example",
        "webhook_url": "https://hooks.example/x", "webhook_secret": "a-long-webhook-secret",
        "crisis_text": "Call <b>911</b>", "private_contact": "our portal"},
        follow_redirects=True)
    assert "Settings saved." in saved.text and "a-long-webhook-secret" not in saved.text
    assert "Call &lt;b&gt;911&lt;/b&gt;" in saved.text and "(set; stored" in saved.text
    bad = client.post("/inbox/settings", {"response_target_hours": "soon"})
    assert bad.status_code == 422 and "response_target_hours" in bad.text
    responder = site.client()
    responder.login(PERSONAS["responder"])
    assert "Save settings" not in responder.get("/inbox/settings").text
    assert responder.post("/inbox/settings", {"backfill_days": "1"}).status_code == 403


def test_an_urgent_notification_opens_the_item(site: Site, inbox: Inbox) -> None:
    item_id = inbox.receive("I want to kill myself tonight")
    client = site.client()
    client.login(PERSONAS["responder"])
    page = client.get("/notifications")
    assert page.status_code == 200
    assert f'href="/inbox/items/{item_id}"' in page.text
    assert client.get(f"/inbox/items/{item_id}").status_code == 200


def test_a_huge_comment_is_listed_short_shown_whole_and_says_how_much_was_checked(
    site: Site, inbox: Inbox
) -> None:
    from carepost.connectors.base import InboundItem as Fetched
    from carepost.services.inbox import triage

    huge = "<b>Is parking free?</b> " * 12_000 + "The end."
    result = ingest.ingest_items(inbox.db, inbox.channel_id, [
        Fetched("huge-1", "comment", "@someone", huge)], "h1")
    assert result.new == 1
    client = site.client()
    client.login(PERSONAS["responder"])
    listing = client.get("/inbox")
    assert listing.status_code == 200 and "The end." not in listing.text
    assert "&lt;b&gt;Is parking free?&lt;/b&gt;" in listing.text and "<b>Is" not in listing.text
    page = client.get(f"/inbox/items/{result.new_ids[0]}")
    assert page.status_code == 200 and "The end." in page.text and "<b>Is" not in page.text
    assert (f"Only the first {triage.GUARD_LIMIT} of {len(huge)} characters were checked"
            in page.text)
