"""Per-organisation guard settings: who may change them, validation, audit, and their effect."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import guard_settings
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent
from tests.conftest import Personas

THANKS = "Saw Maria Gomez at the infusion center today"


def test_defaults_until_saved(db: sessionmaker[Session], personas: Personas) -> None:
    with transaction(db) as session:
        s = guard_settings.get(session, personas.org.id)
        assert (s.policy, s.profile, s.saved) == ("us-provider", {}, False)
        # the organisation's own name is always part of its profile
        assert "Plainview Care" in s.org_profile("Plainview Care").names


def test_a_staff_name_in_the_profile_is_no_longer_flagged(
        db: sessionmaker[Session], personas: Personas) -> None:
    with transaction(db) as session:
        before = guard_settings.checker(session, personas.org.id)(THANKS, "inbound", "comment")
        assert [s.type for s in before.spans] == ["NAME"]
        guard_settings.update(session, personas.actors["privacy_officer"], "us-provider",
                              {"staff": ["Maria Gomez"]})
    with transaction(db) as session:
        after = guard_settings.checker(session, personas.org.id)(THANKS, "inbound", "comment")
        assert after.spans == ()
        # another organisation's settings are its own
        other = guard_settings.checker(session, personas.other_org.id)(THANKS, "inbound",
                                                                      "comment")
        assert [s.type for s in other.spans] == ["NAME"]


def test_the_pharma_pack_asks_for_fair_balance(db: sessionmaker[Session],
                                               personas: Personas) -> None:
    text = "Zentrava cuts migraine days in half. Ask your doctor today."
    with transaction(db) as session:
        assert guard_settings.checker(session, personas.org.id)(
            text, "outbound", "post").disclaimer is None
        guard_settings.update(session, personas.actors["admin"], "pharma-brand", {})
    with transaction(db) as session:
        verdict = guard_settings.checker(session, personas.org.id)(text, "outbound", "post")
        assert verdict.policy == "pharma-brand"
        assert "Fair balance" in (verdict.disclaimer or "")


def test_organisation_terms_are_added_to_the_pack(db: sessionmaker[Session],
                                                  personas: Personas) -> None:
    text = "Ask about Project Bluebird at the front desk."
    with transaction(db) as session:
        guard_settings.update(session, personas.actors["admin"], "us-provider",
                              {"extra_terms": {"blocked": ["project bluebird"]}})
    with transaction(db) as session:
        verdict = guard_settings.checker(session, personas.org.id)(text, "outbound", "post")
        assert verdict.action == "block"
        assert any("term" in f.kind for f in verdict.findings)


@pytest.mark.parametrize("role", ["approver", "author", "responder", "viewer"])
def test_only_admins_and_privacy_officers_change_them(
        db: sessionmaker[Session], personas: Personas, role: str) -> None:
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            guard_settings.update(session, personas.actors[role], "pharma-brand", {})
    with transaction(db) as session:
        assert not guard_settings.get(session, personas.org.id).saved


@pytest.mark.parametrize(("policy", "profile", "field"), [
    ("no-such-pack", {}, "policy"),
    ("/etc/passwd", {}, "policy"),  # a web form never points the server at a file
    ("us-provider", {"phonez": ["1"]}, "profile"),
    ("us-provider", {"phones": "617-555-0100"}, "phones"),
    ("us-provider", {"phones": ["555-01"]}, "phones"),
    ("us-provider", {"staff": ["x" * 301]}, "staff"),
    ("us-provider", {"staff": [f"Person {i}" for i in range(501)]}, "staff"),
    ("us-provider", {"extra_terms": {"forbidden": ["x"]}}, "extra_terms"),
    ("us-provider", {"extra_terms": ["x"]}, "extra_terms"),
])
def test_bad_settings_name_the_field_and_save_nothing(
        db: sessionmaker[Session], personas: Personas, policy: str, profile: dict,
        field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        with transaction(db) as session:
            guard_settings.update(session, personas.actors["admin"], policy, profile)
    assert caught.value.field == field
    with transaction(db) as session:
        assert not guard_settings.get(session, personas.org.id).saved


def test_entries_are_normalised_and_the_audit_names_lists_not_contents(
        db: sessionmaker[Session], personas: Personas) -> None:
    with transaction(db) as session:
        saved = guard_settings.update(
            session, personas.actors["privacy_officer"], "public-health",
            {"staff": ["  Maria   Gomez ", "Maria Gomez", ""], "phones": ["(617) 555-0100"]})
    assert saved.profile == {"phones": ["(617) 555-0100"], "staff": ["Maria Gomez"]}
    with transaction(db) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "guard.settings_changed")).one()
        detail = json.loads(event.detail)
        assert detail["changed"] == ["phones", "staff"] and detail["policy"] == "public-health"
        assert "Gomez" not in event.detail and "555" not in event.detail
