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
        assert case.due_at - case.aware_at == timedelta(days=15)
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
