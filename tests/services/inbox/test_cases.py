"""Adverse-event cases: pre-filled from the guard, 15-day clock, audited edits, MedWatch export."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.base import InboundItem as Fetched
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.services.inbox import cases, ingest
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent
from tests.conftest import Personas
from tests.services.inbox.conftest import MastodonAccount

AE_TEXT = "I took Zestra and got a terrible rash, my name is Ann Lee call 617-555-0134"


def test_a_case_from_an_item_carries_the_four_elements_and_exports(
    db: sessionmaker[Session], personas: Personas, mastodon_channel: MastodonAccount
) -> None:
    result = ingest.ingest_items(db, mastodon_channel.channel_id,
                                 [Fetched("ae-1", "comment", "@ann", AE_TEXT, url="https://x/1")],
                                 "c")
    item_id = result.new_ids[0]
    responder = personas.actors["responder"]
    with transaction(db) as session:
        case = cases.create_case(session, responder, item_id)
        assert case.product_name == "Zestra"
        assert case.identifiable_patient and case.identifiable_reporter
        assert cases.complete(case)
        aware, due = cases.clock_dates(case)
        assert due - aware == timedelta(days=15)
        assert cases.days_left(case) == 15
        case_id = case.id
    with transaction(db) as session:
        cases.update_case(session, responder, case_id,
                          {"product_lot": "LOT-77", "seriousness": "non-serious",
                           "patient_sex": "F"})
        cases.update_case(session, responder, case_id, {"product_lot": "LOT-77"})  # no change
        with pytest.raises(ValidationFailed):
            cases.update_case(session, responder, case_id, {"identifiable_patient": "yes"})
    with transaction(db) as session:
        text = cases.export_case(session, responder, case_id, "json")
        data = json.loads(text)["case"]
        assert data["product_name"] == "Zestra" and data["product_lot"] == "LOT-77"
        assert data["reportable"] is True and data["source_url"] == "https://x/1"
        rows = list(csv.reader(io.StringIO(cases.export_case(session, responder, case_id,
                                                              "csv"))))
        assert rows[0][0] == "case_id"
        assert dict(zip(rows[0], rows[1], strict=True))["patient_sex"] == "F"
    with transaction(db) as session:
        events = session.execute(select(AuditEvent).where(
            AuditEvent.subject == f"case:{case_id}").order_by(AuditEvent.seq)).scalars().all()
        assert [e.action for e in events] == ["case.created", "case.updated", "case.exported",
                                             "case.exported"]
        assert json.loads(events[1].detail)["fields"] == ["product_lot", "seriousness",
                                                          "patient_sex"]
        assert "Zestra" not in "".join(e.detail for e in events)


def test_csv_cells_cannot_become_formulas_and_viewers_cannot_export(
    db: sessionmaker[Session], personas: Personas
) -> None:
    responder = personas.actors["responder"]
    with transaction(db) as session:
        case = cases.create_case(session, responder, None,
                                 {"product_name": "=HYPERLINK(\"x\")", "event_description": "x"})
        out = cases.export_case(session, responder, case.id, "csv")
        assert "'=HYPERLINK" in out
        assert not cases.complete(case)
    with transaction(db) as session, pytest.raises(PermissionDenied):
        cases.export_case(session, personas.actors["viewer"], case.id, "csv")


@pytest.mark.parametrize(("fetched", "day0", "due"), [
    # 23:30 in New York on 1 March is already 2 March in UTC; DST starts on 8 March.
    ("2026-03-02T04:30:00+00:00", "2026-03-01", "2026-03-16"),
    # 00:30 in New York: the same UTC date (5:30), day 0 is that New York date.
    ("2026-10-25T04:30:00+00:00", "2026-10-25", "2026-11-09"),  # DST ends on 1 November
])
def test_the_clock_counts_calendar_days_where_the_organisation_is(
    db: sessionmaker[Session], personas: Personas, mastodon_channel: MastodonAccount,
    fetched: str, day0: str, due: str,
) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from sqlalchemy import update

    from carepost.services import org_zone
    from carepost.storage.inbox import InboundItem

    new_york = ZoneInfo("America/New_York")
    with transaction(db) as session:
        org_zone.set_time_zone(session, personas.actors["admin"], "America/New_York")
    item_id = ingest.ingest_items(db, mastodon_channel.channel_id, [
        Fetched("ae-tz", "comment", "@ann", AE_TEXT)], "c").new_ids[0]
    at = datetime.fromisoformat(fetched)
    with transaction(db) as session:
        session.execute(update(InboundItem).where(InboundItem.id == item_id)
                        .values(fetched_at=at))
    responder = personas.actors["responder"]
    with transaction(db) as session:
        case_id = cases.create_case(session, responder, item_id).id
    with transaction(db) as session:
        case = cases.get_case(session, responder, case_id)
        assert cases.clock_dates(case) == (date.fromisoformat(day0), date.fromisoformat(due))
        # Due by the end of the due date in New York, whatever the UTC offset is that day.
        end = case.due_at.astimezone(new_york)
        assert (end.date().isoformat(), end.hour, end.minute) == (due, 23, 59)
        last_evening = datetime.fromisoformat(f"{due}T23:00:00").replace(tzinfo=new_york)
        assert cases.days_left(case, last_evening) == 0
        assert cases.days_left(case, last_evening + timedelta(hours=1, minutes=30)) == -1
        assert cases.days_left(case, at) == 15
        record = json.loads(cases.export_case(session, responder, case_id, "json"))["case"]
        assert (record["aware_date"], record["due_date"]) == (day0, due)
