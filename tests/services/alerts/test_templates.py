"""Templates and the two-person rule: two different people, a privacy officer and an approver."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.services.alerts import compose, templates
from carepost.services.errors import Conflict, PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from tests.conftest import Personas
from tests.services.alerts.conftest import BOIL_VALUES, approved_template


def test_a_template_needs_both_approvals_from_two_people(
    db: sessionmaker[Session], personas: Personas, hook: int
) -> None:
    with transaction(db) as session:
        row = templates.create_template(session, personas.actors["responder"], "boil_water", "")
        template_id = row.id
    with pytest.raises(PermissionDenied, match="own template"):
        with transaction(db) as session:
            # The writer may not approve, whatever their role (admin writes, admin approves).
            admin_made = templates.create_template(session, personas.actors["admin"],
                                                   "heat_emergency", "")
            templates.approve_template(session, personas.actors["admin"], admin_made.id)
    with transaction(db) as session:
        templates.approve_template(session, personas.actors["approver"], template_id)
    with pytest.raises(Conflict, match="still needs approval by a privacy officer"):
        with transaction(db) as session:
            compose.create_alert(session, personas.actors["responder"], [hook],
                                 template_id=template_id, values=BOIL_VALUES)
    with pytest.raises(Conflict, match="already approved by an approver"):
        with transaction(db) as session:
            templates.approve_template(session, personas.actors["admin"], template_id)
    with pytest.raises(PermissionDenied, match="does not allow alert.approve"):
        with transaction(db) as session:
            templates.approve_template(session, personas.actors["author"], template_id)
    with transaction(db) as session:
        templates.approve_template(session, personas.actors["privacy_officer"], template_id)
        assert templates.is_approved(session, session.get(templates.AlertTemplate, template_id))


def test_editing_a_template_needs_fresh_approvals(
    db: sessionmaker[Session], personas: Personas
) -> None:
    template_id = approved_template(db, personas)
    with transaction(db) as session:
        row = templates.edit_template(session, personas.actors["responder"], template_id,
                                      body="Boil-water notice for {area}. Call {phone}.")
        assert row.version == 2 and not templates.is_approved(session, row)


def test_unknown_placeholder_and_bad_cap_default_name_the_field(
    db: sessionmaker[Session], personas: Personas
) -> None:
    with pytest.raises(ValidationFailed, match=r"body: placeholder \{zone\} is not a declared"):
        with transaction(db) as session:
            templates.create_template(session, personas.actors["responder"], "boil_water", "",
                                      body="Boil water in {zone}. Call {phone}.")
    with pytest.raises(ValidationFailed, match="cap.urgency: must be one of Immediate"):
        with transaction(db) as session:
            templates.create_template(session, personas.actors["responder"], "boil_water", "",
                                      cap={"urgency": "Soon"})


def test_a_half_filled_template_names_every_missing_field(
    db: sessionmaker[Session], personas: Personas, hook: int
) -> None:
    template_id = approved_template(db, personas, "heat_emergency")
    with pytest.raises(ValidationFailed, match="required, still empty: until, centres, phone"):
        with transaction(db) as session:
            compose.create_alert(session, personas.actors["responder"], [hook],
                                 template_id=template_id, values={"area": "Eastside"})
    with pytest.raises(ValidationFailed, match="until: must be a date like 2026-12-01"):
        with transaction(db) as session:
            compose.create_alert(session, personas.actors["responder"], [hook],
                                 template_id=template_id,
                                 values={"area": "Eastside", "until": "Friday",
                                         "centres": "the library", "phone": "555 0100"})


def test_the_guard_stops_a_filled_text_with_patient_details(
    db: sessionmaker[Session], personas: Personas, hook: int
) -> None:
    template_id = approved_template(db, personas, "facility_closure")
    values = {"facility": "The Eastgate clinic",
              "reason": "John Smith, MRN 12345678, in room 4B after his surgery",
              "alternative": "the Main Street clinic", "phone": "555 0100"}
    with pytest.raises(ValidationFailed, match="the guard blocks this text") as caught:
        with transaction(db) as session:
            compose.create_alert(session, personas.actors["responder"], [hook],
                                 template_id=template_id, values=values)
    assert "John" not in str(caught.value) and "12345678" not in str(caught.value)
