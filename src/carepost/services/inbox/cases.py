"""Adverse-event cases: the four reportable elements, a 15-calendar-day clock, MedWatch export.

A case opened from an item takes day 0 from when carepost fetched the item (the organisation's
first awareness) and pre-fills what the guard extracted: whether patient and reporter are
identifiable, the suspect product and the event. Every change is audited with the names of the
fields changed (never their values). Exports follow the sections of FDA Form 3500 (MedWatch):
A patient, B adverse event, D suspect product, E reporter.

The clock counts calendar days where the organisation is (`org_zone`), not UTC days: an item
fetched at 23:30 in New York is day 0 on that New York date, and the report is due by the end of
the 15th calendar day after it, local time. `due_at` stores that instant (23:59:59 local, in
UTC), so the deadline is exact across a DST change.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from carepost.core.schedule import zone
from carepost.services import audit, org_zone
from carepost.services.actor import Actor, require
from carepost.services.errors import NotFound, ValidationFailed
from carepost.services.inbox.items import get_item, verdict_of
from carepost.storage.inbox import CASE_STATUSES, AdverseEventCase
from carepost.storage.models import utcnow

CLOCK_DAYS = 15
# Editable text fields and their maximum lengths (the table's column sizes).
TEXT_FIELDS: dict[str, int] = {
    "product_name": 200, "event_description": 20_000, "patient_identifier": 100,
    "patient_age": 32, "patient_sex": 16, "event_date": 32, "product_dose": 200,
    "product_lot": 100, "reporter_name": 200, "reporter_contact": 300, "seriousness": 200,
    "outcome": 200,
}
BOOL_FIELDS = ("identifiable_patient", "identifiable_reporter")
# (export column, MedWatch 3500 section and item, case attribute)
EXPORT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("case_id", "carepost case number", "id"),
    ("status", "carepost case status", "status"),
    ("patient_identifier", "A1 Patient identifier", "patient_identifier"),
    ("patient_age", "A2 Age", "patient_age"),
    ("patient_sex", "A3 Sex", "patient_sex"),
    ("identifiable_patient", "element 1: identifiable patient", "identifiable_patient"),
    ("seriousness", "B2 Outcome attributed to adverse event (seriousness)", "seriousness"),
    ("event_date", "B3 Date of event", "event_date"),
    ("event_description", "B5 Describe event or problem", "event_description"),
    ("outcome", "B outcome / current status", "outcome"),
    ("product_name", "D1 Suspect product name", "product_name"),
    ("product_dose", "D3 Dose, frequency and route", "product_dose"),
    ("product_lot", "D1 Lot number", "product_lot"),
    ("reporter_name", "E1 Reporter name", "reporter_name"),
    ("reporter_contact", "E1 Reporter address, phone, email", "reporter_contact"),
    ("identifiable_reporter", "element 2: identifiable reporter", "identifiable_reporter"),
    ("aware_date", "G4 Date received by manufacturer (day 0)", "aware_at"),
    ("due_date", "15-calendar-day report due", "due_at"),
    ("submitted_at", "Date report submitted", "submitted_at"),
    ("source_item_id", "carepost inbox item", "item_id"),
    ("source_url", "Source (social media post)", "source_url"),
)


def _org(actor: Actor) -> int:
    if actor.org_id is None:
        raise ValidationFailed("org", "choose an organisation (--org)")
    return actor.org_id


def complete(case: AdverseEventCase) -> bool:
    """Whether the four reportable elements are all present."""
    return (case.identifiable_patient and case.identifiable_reporter
            and bool(case.product_name.strip()) and bool(case.event_description.strip()))


def _zone(session: Session | None, org_id: int) -> ZoneInfo:
    return zone(org_zone.time_zone(session, org_id)) if session is not None else ZoneInfo("UTC")


def due_from(aware: datetime, where: ZoneInfo) -> datetime:
    """The end (23:59:59 local) of the 15th calendar day after `aware`'s local date, in UTC."""
    last = aware.astimezone(where).date() + timedelta(days=CLOCK_DAYS)
    return datetime.combine(last, time(23, 59, 59), tzinfo=where).astimezone(UTC)


def clock_dates(case: AdverseEventCase) -> tuple[date, date]:
    """Day 0 and the due date, as calendar dates in the organisation's time zone."""
    where = _zone(object_session(case), case.org_id)
    return case.aware_at.astimezone(where).date(), case.due_at.astimezone(where).date()


def days_left(case: AdverseEventCase, now: datetime | None = None) -> int:
    """Whole calendar days (the organisation's) until the report is due (negative: overdue)."""
    where = _zone(object_session(case), case.org_id)
    today = (now or utcnow()).astimezone(where).date()
    return (case.due_at.astimezone(where).date() - today).days


def _apply(case: AdverseEventCase, fields: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            text = "" if value is None else str(value).strip()
            if len(text) > TEXT_FIELDS[name]:
                raise ValidationFailed(name, f"must be at most {TEXT_FIELDS[name]} characters")
            new: Any = text
        elif name in BOOL_FIELDS:
            if not isinstance(value, bool):
                raise ValidationFailed(name, "must be true or false")
            new = value
        elif name == "status":
            if value not in CASE_STATUSES:
                raise ValidationFailed("status", f"must be one of {', '.join(CASE_STATUSES)}")
            new = value
            if value == "submitted" and case.submitted_at is None:
                case.submitted_at = utcnow()
        else:
            raise ValidationFailed(name, "is not a case field")
        if getattr(case, name) != new:
            setattr(case, name, new)
            changed.append(name)
    return changed


def create_case(session: Session, actor: Actor, item_id: int | None = None,
                fields: Mapping[str, Any] | None = None) -> AdverseEventCase:
    """Open a case (from an item: pre-filled from the guard's extraction); audited."""
    require(actor, "inbox.triage", session)
    org_id = _org(actor)
    aware = utcnow()
    case = AdverseEventCase(org_id=org_id, status="open", identifiable_patient=False,
                            identifiable_reporter=False, **{k: "" for k in TEXT_FIELDS})
    if item_id is not None:
        item = get_item(session, actor, item_id, "inbox.triage")
        aware = item.fetched_at
        case.item_id = item.id
        extracted = verdict_of(item).get("adverse_event") or {}
        case.identifiable_patient = bool(extracted.get("identifiable_patient"))
        case.identifiable_reporter = bool(extracted.get("identifiable_reporter"))
        case.product_name = str(extracted.get("suspect_product") or "")[:200]
        # The words the person used, as written: a case is a regulated record, not a summary.
        case.event_description = item.text[:20_000]
        case.reporter_name = item.author[:200]
        case.reporter_contact = (item.url or item.author)[:300]
    case.aware_at = aware
    case.due_at = due_from(aware, _zone(session, org_id))
    changed = _apply(case, fields or {})
    session.add(case)
    session.flush()
    audit.record(session, actor, "case.created", f"case:{case.id}",
                 {"item_id": item_id, "fields": changed, "complete": complete(case)})
    return case


def get_case(session: Session, actor: Actor, case_id: int) -> AdverseEventCase:
    """One case of the actor's organisation."""
    require(actor, "inbox.view", session)
    case = session.get(AdverseEventCase, case_id)
    if case is None or (actor.org_id is not None and case.org_id != actor.org_id):
        raise NotFound(f"case {case_id} not found")
    return case


def list_cases(session: Session, actor: Actor, status: str | None = None
               ) -> list[AdverseEventCase]:
    """The organisation's cases, soonest due first."""
    require(actor, "inbox.view", session)
    query = select(AdverseEventCase).where(AdverseEventCase.org_id == _org(actor))
    if status:
        query = query.where(AdverseEventCase.status == status)
    return list(session.execute(query.order_by(AdverseEventCase.due_at)).scalars())


def update_case(session: Session, actor: Actor, case_id: int, fields: Mapping[str, Any]
                ) -> AdverseEventCase:
    """Change fields of a case; the audit names every changed field."""
    require(actor, "inbox.triage", session)
    case = get_case(session, actor, case_id)
    changed = _apply(case, fields)
    if changed:
        case.updated_at = utcnow()
        audit.record(session, actor, "case.updated", f"case:{case.id}",
                     {"fields": changed, "complete": complete(case)})
    return case


def _value(case: AdverseEventCase, attribute: str, source_url: str | None) -> Any:
    if attribute == "source_url":
        return source_url or ""
    if attribute in ("aware_at", "due_at"):  # calendar dates where the organisation is
        aware, due = clock_dates(case)
        return (aware if attribute == "aware_at" else due).isoformat()
    value = getattr(case, attribute)
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else value


def export_case(session: Session, actor: Actor, case_id: int, fmt: str) -> str:
    """The case as JSON or CSV with MedWatch (3500) field names; the export is audited."""
    if fmt not in ("json", "csv"):
        raise ValidationFailed("format", "must be json or csv")
    require(actor, "inbox.triage", session)
    case = get_case(session, actor, case_id)
    source = None
    if case.item_id is not None:
        source = get_item(session, actor, case.item_id).url
    record = {column: _value(case, attr, source) for column, _, attr in EXPORT_FIELDS}
    record["reportable"] = complete(case)
    audit.record(session, actor, "case.exported", f"case:{case.id}", {"format": fmt})
    if fmt == "json":
        labels = {column: label for column, label, _ in EXPORT_FIELDS}
        return json.dumps({"form": "FDA 3500 (MedWatch) fields", "case": record,
                           "labels": labels}, indent=2, sort_keys=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*(column for column, _, _ in EXPORT_FIELDS), "reportable"])
    writer.writerow([*(_csv_cell(record[c]) for c, _, _ in EXPORT_FIELDS),
                     _csv_cell(record["reportable"])])
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    # A cell a spreadsheet would run as a formula is prefixed so it stays text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
