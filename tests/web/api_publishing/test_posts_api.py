"""Posts through the JSON API, end to end on the loopback webhook receiver; bad input; refusals."""

from __future__ import annotations

from sqlalchemy import update

from carepost.storage.db import session_factory, transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Variant
from carepost.worker.loop import Worker
from tests.connectors.webhook.conftest import Receiver
from tests.web.api_publishing.conftest import BASE, PHI, SAFE, Call, approved, error
from tests.web.conftest import Site, audit_actions
from tests.worker.helpers import jpeg_with_gps


def _worker(site: Site) -> Worker:
    from carepost.services.channels import channel_box

    return Worker(db=session_factory(site.engine), box=channel_box(site.settings))


def test_compose_review_schedule_publish_and_status(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    post_id = approved(call, channel)
    got = call("viewer", "GET", f"{BASE}/posts/{post_id}")
    assert got.status_code == 200 and got.json()["state"] == "approved"
    assert got.json()["variants"][0]["text"] == SAFE
    scheduled = call("approver", "POST", f"{BASE}/posts/{post_id}/schedule",
                     json={"at": "now"})
    assert scheduled.status_code == 200 and scheduled.json()["state"] == "scheduled"
    assert [o.state for o in _worker(site).tick()] == ["published"]
    status = call("viewer", "GET", f"{BASE}/posts/{post_id}/status").json()
    assert status["state"] == "published"
    [variant] = status["variants"]
    assert variant["channel_kind"] == "webhook" and variant["state"] == "published"
    assert "text" not in variant
    assert len(receiver.deliveries) == 1
    assert {"post.created", "post.submitted", "post.approved", "post.scheduled",
            "variant.published"} <= set(audit_actions(site.engine))


def test_per_channel_variants_edit_and_list_filters(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    from tests.connectors.webhook.conftest import SECRET
    from tests.worker.helpers import webhook_config

    second = call("admin", "POST", f"{BASE}/channels", json={
        "kind": "webhook", "name": "Teams", "config": webhook_config(receiver.url, SECRET)}).json()
    created = call("author", "POST", f"{BASE}/posts", json={
        "title": "Two", "variants": [{"channel_id": channel, "text": SAFE},
                                     {"channel_id": second["id"], "text": "Short version."}]})
    assert created.status_code == 201
    post_id = created.json()["id"]
    assert [v["text"] for v in created.json()["variants"]] == [SAFE, "Short version."]
    edited = call("author", "PUT", f"{BASE}/posts/{post_id}/variants/{second['id']}",
                  json={"text": "Shorter."})
    assert edited.status_code == 200 and edited.json()["version"] == 2
    assert edited.json()["variants"][1]["text"] == "Shorter."
    only = call("author", "POST", f"{BASE}/posts", json={
        "variants": [{"channel_id": channel, "text": "One channel only."}]}).json()
    by_channel = call("viewer", "GET", f"{BASE}/posts?channel_id={second['id']}").json()
    assert [p["id"] for p in by_channel["posts"]] == [post_id]
    drafts = call("viewer", "GET", f"{BASE}/posts?state=draft&limit=1").json()
    assert [p["id"] for p in drafts["posts"]] == [only["id"]] and drafts["limit"] == 1
    bad_state = call("viewer", "GET", f"{BASE}/posts?state=lost")
    assert bad_state.status_code == 422 and error(bad_state)["message"].startswith("state:")
    bad_since = call("viewer", "GET", f"{BASE}/posts?since=yesterday")
    assert bad_since.status_code == 422 and error(bad_since)["message"].startswith("since:")


def test_bad_post_input_names_the_field_and_never_echoes_text(
    call: Call, channel: int
) -> None:
    empty = call("author", "POST", f"{BASE}/posts",
                 json={"variants": [{"channel_id": channel, "text": "   "}]})
    assert empty.status_code == 422 and error(empty)["message"] == "text: must not be empty"
    no_variants = call("author", "POST", f"{BASE}/posts", json={"variants": []})
    assert no_variants.status_code == 422 and "variants" in error(no_variants)["message"]
    past = call("author", "POST", f"{BASE}/posts", json={
        "variants": [{"channel_id": channel, "text": PHI}], "slot_at": "2020-01-01T09:00:00Z"})
    assert past.status_code == 422 and error(past)["message"] == "slot: must be in the future"
    assert "John Smith" not in past.text
    unknown = call("author", "POST", f"{BASE}/posts",
                   json={"variants": [{"channel_id": 999, "text": SAFE}]})
    assert unknown.status_code == 404
    twice = call("author", "POST", f"{BASE}/posts", json={
        "variants": [{"channel_id": channel, "text": SAFE}, {"channel_id": channel, "text": SAFE}]})
    assert twice.status_code == 422 and error(twice)["message"].startswith("channel:")
    assert call("author", "GET", f"{BASE}/posts").json()["posts"] == []
    missing = call("viewer", "GET", f"{BASE}/posts/999")
    assert missing.status_code == 404 and error(missing)["code"] == "not_found"


def test_review_rules_two_people_comments_and_the_privacy_officers_override(
    site: Site, call: Call, channel: int
) -> None:
    created = call("author", "POST", f"{BASE}/posts",
                   json={"variants": [{"channel_id": channel, "text": PHI}]}).json()
    post_id = created["id"]
    assert created["variants"][0]["guard_action"] == "block"
    guard = call("viewer", "GET", f"{BASE}/posts/{post_id}/guard").json()
    assert guard["reports"][str(channel)]["action"] == "block"
    assert "John Smith" not in str(guard)
    early = call("approver", "POST", f"{BASE}/posts/{post_id}/review",
                 json={"decision": "approved"})
    assert early.status_code == 409 and error(early)["code"] == "conflict"
    call("author", "POST", f"{BASE}/posts/{post_id}/submit")
    own = call("author", "POST", f"{BASE}/posts/{post_id}/review", json={"decision": "approved"})
    assert own.status_code == 403
    blocked = call("approver", "POST", f"{BASE}/posts/{post_id}/review",
                   json={"decision": "approved"})
    assert blocked.status_code == 403 and "privacy officer" in error(blocked)["message"]
    no_comment = call("approver", "POST", f"{BASE}/posts/{post_id}/review",
                      json={"decision": "rejected"})
    assert no_comment.status_code == 422 and error(no_comment)["message"].startswith("comment:")
    bad = call("approver", "POST", f"{BASE}/posts/{post_id}/review", json={"decision": "ok"})
    assert bad.status_code == 422 and "decision" in error(bad)["message"]
    short = call("privacy_officer", "POST", f"{BASE}/posts/{post_id}/review",
                 json={"decision": "approved", "override_reason": "fine"})
    assert short.status_code == 403
    overridden = call("privacy_officer", "POST", f"{BASE}/posts/{post_id}/review", json={
        "decision": "approved", "override_reason": "The patient asked us in writing to post."})
    assert overridden.status_code == 200, overridden.text
    assert overridden.json()["override"] is True and overridden.json()["post_state"] == "approved"
    assert "post.guard_overridden" in audit_actions(site.engine)


def test_changes_requested_goes_back_to_draft(call: Call, channel: int) -> None:
    created = call("author", "POST", f"{BASE}/posts",
                   json={"variants": [{"channel_id": channel, "text": SAFE}]}).json()
    call("author", "POST", f"{BASE}/posts/{created['id']}/submit")
    sent_back = call("approver", "POST", f"{BASE}/posts/{created['id']}/review",
                     json={"decision": "changes_requested", "comment": "Add the address."})
    assert sent_back.status_code == 200 and sent_back.json()["post_state"] == "draft"


def test_schedule_in_a_time_zone_and_bad_times(call: Call, channel: int) -> None:
    post_id = approved(call, channel)
    url = f"{BASE}/posts/{post_id}/schedule"
    zone = call("approver", "POST", url, json={"at": "2030-03-10 09:30",
                                               "time_zone": "America/Chicago"})
    assert zone.status_code == 200, zone.text
    assert zone.json()["slot_at"].startswith("2030-03-10T14:30:00")  # CDT, after the change
    winter = call("approver", "POST", url, json={"at": "2030-03-09 09:30",
                                                 "time_zone": "America/Chicago"})
    assert winter.json()["slot_at"].startswith("2030-03-09T15:30:00")  # CST, the day before
    skipped = call("approver", "POST", url, json={"at": "2030-03-10 02:30",
                                                  "time_zone": "America/Chicago"})
    assert skipped.status_code == 422 and error(skipped)["message"].startswith("at:")
    unknown = call("approver", "POST", url, json={"at": "2030-03-10 09:30",
                                                  "time_zone": "Mars/Olympus"})
    assert unknown.status_code == 422
    assert error(unknown)["message"].startswith("time_zone:")
    naive = call("approver", "POST", url, json={"at": "2030-03-10T09:30:00"})
    assert naive.status_code == 422 and error(naive)["message"].startswith("at:")
    past = call("approver", "POST", url, json={"at": "2020-03-10T09:30:00Z"})
    assert past.status_code == 422 and error(past)["message"].startswith("slot:")
    author = call("author", "POST", url, json={"at": "now"})
    assert author.status_code == 403


def test_publish_now_and_its_refusals(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    post_id = approved(call, channel)
    refused = call("author", "POST", f"{BASE}/posts/{post_id}/publish-now")
    assert refused.status_code == 403
    now = call("approver", "POST", f"{BASE}/posts/{post_id}/publish-now")
    assert now.status_code == 200 and now.json()["state"] == "scheduled"
    assert [o.state for o in _worker(site).tick()] == ["published"]
    again = call("approver", "POST", f"{BASE}/posts/{post_id}/publish-now")
    assert again.status_code == 409
    assert len(receiver.deliveries) == 1


def test_image_upload_multipart_strips_gps_and_needs_alt_text(
    call: Call, channel: int
) -> None:
    created = call("author", "POST", f"{BASE}/posts",
                   json={"variants": [{"channel_id": channel, "text": SAFE}]}).json()
    url = f"{BASE}/posts/{created['id']}/images"
    photo = jpeg_with_gps()
    added = call("author", "POST", url, files={"image": ("clinic.jpg", photo, "image/jpeg")},
                 data={"alt_text": "Nurses at the flu clinic front desk"})
    assert added.status_code == 201, added.text
    assert added.json()["mime_type"] == "image/jpeg" and added.json()["bytes"] != len(photo)
    no_alt = call("author", "POST", url, files={"image": ("clinic.jpg", photo, "image/jpeg")})
    assert no_alt.status_code == 422 and "alt_text" in error(no_alt)["message"]
    lazy = call("author", "POST", url, files={"image": ("clinic.jpg", photo, "image/jpeg")},
                data={"alt_text": "image"})
    assert lazy.status_code == 422 and error(lazy)["message"].startswith("alt_text:")
    not_image = call("author", "POST", url, files={"image": ("a.jpg", b"%PDF-1.4", "image/jpeg")},
                     data={"alt_text": "Nurses at the flu clinic front desk"})
    assert not_image.status_code == 422 and error(not_image)["message"].startswith("image:")
    viewer = call("viewer", "POST", url, files={"image": ("clinic.jpg", photo, "image/jpeg")},
                  data={"alt_text": "Nurses at the flu clinic front desk"})
    assert viewer.status_code == 403


def _unknown(site: Site, call: Call, channel: int, receiver: Receiver) -> int:
    post_id = approved(call, channel)
    call("approver", "POST", f"{BASE}/posts/{post_id}/publish-now")
    receiver.answer(500)
    assert [o.state for o in _worker(site).tick()] == ["outcome_unknown"]
    with transaction(site.engine) as db:  # no automatic retry during the test
        db.execute(update(Variant).values(next_attempt_at=None))
    return post_id


def test_resolve_an_unknown_outcome(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    post_id = _unknown(site, call, channel, receiver)
    url = f"{BASE}/posts/{post_id}/variants/{channel}/resolve"
    ask = call("approver", "POST", url, json={"action": "check"})
    assert ask.status_code == 409 and "cannot be asked" in error(ask)["message"]
    no_url = call("approver", "POST", url, json={"action": "published"})
    assert no_url.status_code == 422 and error(no_url)["message"].startswith("url:")
    no_at = call("approver", "POST", url, json={"action": "not_published"})
    assert no_at.status_code == 422 and error(no_at)["message"].startswith("at:")
    author = call("author", "POST", url, json={"action": "published",
                                               "url": "https://hooks.example/1"})
    assert author.status_code == 403
    again = call("admin", "POST", url, json={"action": "not_published", "at": "now"})
    assert again.status_code == 200, again.text
    assert again.json()["result"] == "rescheduled"
    assert again.json()["variant"]["state"] == "scheduled"
    with transaction(site.engine) as db:
        db.execute(update(Variant).values(next_attempt_at=utcnow()))
    assert [o.state for o in _worker(site).tick()] == ["published"]
    assert len({d.headers["Idempotency-Key"] for d in receiver.deliveries}) == 1
    done = call("admin", "POST", url, json={"action": "published",
                                            "url": "https://hooks.example/1"})
    assert done.status_code == 409


def test_confirm_published_then_delete_is_refused_on_a_webhook(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    post_id = _unknown(site, call, channel, receiver)
    url = f"{BASE}/posts/{post_id}/variants/{channel}/resolve"
    done = call("approver", "POST", url, json={"action": "published",
                                               "url": "https://hooks.example/1"})
    assert done.status_code == 200 and done.json()["result"] == "published"
    assert done.json()["variant"]["url"] == "https://hooks.example/1"
    remote = f"{BASE}/posts/{post_id}/variants/{channel}/remote"
    assert call("author", "DELETE", remote).status_code == 403
    refused = call("approver", "DELETE", remote)
    assert refused.status_code == 409 and "cannot delete" in error(refused)["message"]
    assert call("approver", "DELETE", f"{BASE}/posts/{post_id}/variants/999/remote"
                ).status_code == 404
