"""The calendar: times in the organisation's zone across daylight-saving changes, schedule,
reschedule, publish now, and the bad input a person can type (gap times, past times, zones)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Variant
from tests.web.conftest import audit_actions
from tests.web.publishing.conftest import Pub

ZONE = "America/New_York"


def _set_zone(pub: Pub, zone: str = ZONE) -> None:
    admin = pub.client("admin")
    admin.get("/calendar")
    response = admin.post("/calendar/zone", {"time_zone": zone})
    assert response.status_code == 200 and "Time zone saved." in response.text


def _day_cell(page: str, day: str) -> str:
    start = page.index(f'data-date="{day}"')
    return page[start:page.index("</td>", start)]


def test_schedule_on_both_sides_of_the_spring_change(pub: Pub) -> None:
    _set_zone(pub)
    before, after = pub.approved(), pub.approved()
    client = pub.client("approver")
    client.get("/calendar")
    # The clocks spring forward on Sunday 14 March 2027: 09:00 local is 14:00 UTC on the
    # Friday (EST) and 13:00 UTC on the Sunday (EDT), in the same week.
    for post_id, when in ((before, "2027-03-12T09:00"), (after, "2027-03-14T09:00")):
        response = client.post(f"/posts/{post_id}/schedule", {"when": when})
        assert response.status_code == 200 and "Scheduled." in response.text
    assert pub.post(before).slot_at == datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
    assert pub.post(after).slot_at == datetime(2027, 3, 14, 13, 0, tzinfo=UTC)
    week = client.get("/calendar?view=week&start=2027-03-10").text
    for day in ("2027-03-12", "2027-03-14"):
        cell = _day_cell(week, day)
        assert '<span class="time">09:00</span>' in cell and "Scheduled" in cell
    assert "<caption>Week of 08 March 2027</caption>" in week
    month = client.get("/calendar?view=month&start=2027-03-01").text
    assert "March 2027" in month
    assert '<span class="time">09:00</span>' in _day_cell(month, "2027-03-14")
    # The month grid starts on the Monday before the 1st and ends on a Sunday.
    dates = re.findall(r'data-date="([\d-]+)"', month)
    assert dates[0] == "2027-03-01" and len(dates) % 7 == 0 and dates[-1] == "2027-04-04"


def test_a_time_the_clocks_skip_is_refused_and_kept(pub: Pub) -> None:
    _set_zone(pub)
    post_id = pub.approved()
    client = pub.client("approver")
    client.get("/calendar")
    response = client.post(f"/posts/{post_id}/schedule", {"when": "2027-03-14T02:30"})
    assert response.status_code == 422
    assert "2027-03-14 02:30 does not exist in America/New_York" in response.text
    assert 'value="2027-03-14T02:30"' in response.text
    assert pub.post(post_id).state == "approved"


def test_a_time_the_clocks_pass_twice_takes_the_chosen_occurrence(pub: Pub) -> None:
    _set_zone(pub)
    first, second = pub.approved(), pub.approved()
    client = pub.client("approver")
    client.get("/calendar")
    client.post(f"/posts/{first}/schedule", {"when": "2027-11-07T01:30", "occurrence": "first"})
    client.post(f"/posts/{second}/schedule",
                {"when": "2027-11-07T01:30", "occurrence": "second"})
    assert pub.post(first).slot_at == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert pub.post(second).slot_at == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)


def test_a_time_in_the_past_is_refused_and_kept(pub: Pub) -> None:
    post_id = pub.approved()
    client = pub.client("approver")
    client.get("/calendar")
    response = client.post(f"/posts/{post_id}/schedule", {"when": "2020-01-01T09:00"})
    assert response.status_code == 422
    assert "the scheduled time has passed" in response.text
    assert 'value="2020-01-01T09:00"' in response.text
    response = client.post(f"/posts/{post_id}/schedule", {"when": "next tuesday"})
    assert response.status_code == 422 and "the time must look like" in response.text
    assert pub.post(post_id).state == "approved"


def test_an_unknown_time_zone_is_refused_and_kept(pub: Pub) -> None:
    admin = pub.client("admin")
    admin.get("/calendar")
    response = admin.post("/calendar/zone", {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 422
    assert "time_zone: unknown time zone" in response.text
    assert 'value="Mars/Olympus_Mons"' in response.text
    assert "Times in <strong>UTC</strong>" in admin.get("/calendar").text


def test_only_admins_choose_the_time_zone(pub: Pub) -> None:
    client = pub.client("approver")
    page = client.get("/calendar")
    assert "Save time zone" not in page.text
    assert client.post("/calendar/zone", {"time_zone": ZONE}).status_code == 403
    assert audit_actions(pub.site.engine)[-1] == "permission.denied"


def test_publish_now_makes_every_variant_due(pub: Pub) -> None:
    post_id = pub.approved()
    client = pub.client("approver")
    page = client.get("/calendar")
    assert f'action="/posts/{post_id}/publish-now"' in page.text
    response = client.post(f"/posts/{post_id}/publish-now", {})
    assert response.status_code == 200 and "Publishing now" in response.text
    assert pub.post(post_id).state == "scheduled"
    with transaction(pub.site.engine) as db:
        due = db.query(Variant).filter(Variant.post_id == post_id).one().next_attempt_at
    assert due is not None and due <= utcnow() + timedelta(seconds=1)
    # Shown on today's calendar.
    assert "Flu clinic" in client.get("/calendar").text


def test_authors_cannot_schedule(pub: Pub) -> None:
    post_id = pub.approved()
    client = pub.client("author")
    page = client.get("/calendar")
    assert "publish-now" not in page.text
    response = client.post(f"/posts/{post_id}/schedule", {"when": "2027-03-13T09:00"})
    assert response.status_code == 403
    assert client.post(f"/posts/{post_id}/publish-now", {}).status_code == 403
    assert pub.post(post_id).state == "approved"


def test_a_draft_cannot_be_scheduled(pub: Pub) -> None:
    post_id = pub.draft()
    client = pub.client("approver")
    client.get("/calendar")
    response = client.post(f"/posts/{post_id}/schedule", {"when": "2027-03-13T09:00"})
    assert response.status_code == 409 or response.status_code == 422
    assert "cannot schedule a post that is draft" in response.text


def test_published_and_failed_variants_show_on_their_day(pub: Pub, sink) -> None:
    from carepost.services.channels import channel_box
    from carepost.storage.db import session_factory
    from carepost.worker.loop import Worker

    _set_zone(pub)
    sent, refused = pub.approved(), pub.approved()
    client = pub.client("approver")
    client.get("/calendar")
    worker = Worker(db=session_factory(pub.site.engine), box=channel_box(pub.site.settings))
    client.post(f"/posts/{sent}/publish-now", {})
    assert [o.state for o in worker.tick()] == ["published"]  # the loopback sink said 200
    sink.status = 400  # a permanent refusal by the receiver
    client.post(f"/posts/{refused}/publish-now", {})
    assert [o.state for o in worker.tick()] == ["failed"]
    page = client.get("/calendar").text
    assert page.count("state-published") >= 1 and page.count(">Failed</span>") >= 1
    assert 'class="error-text"' in page
    # The failed post may be scheduled again from the same page; the published one may not.
    assert f'action="/posts/{refused}/schedule"' in page
    assert f'action="/posts/{sent}/schedule"' not in page
    # Its author is told.
    author = pub.client("author")
    assert "A post failed to publish." in author.get("/notifications").text
