"""The word diff shown to reviewers, and the organisation's time zone setting."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import org_zone
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.services.review_diff import word_diff
from carepost.storage.db import transaction
from tests.conftest import Personas

CASES = [
    ("", "New text."),
    ("Old text.", ""),
    ("Open at the main site.", "Open at the Elm Street site."),
    ("Flu clinic Saturday 9-12", "Flu clinic Sunday 10-13, walk-ins welcome"),
    ("Café 👨‍👩‍👧 day", "Cafe\u0301 👨‍👩‍👧‍👦 day!"),
    ("same", "same"),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_the_pieces_rebuild_both_texts(before: str, after: str) -> None:
    pieces = word_diff(before, after)
    assert "".join(p.text for p in pieces if p.op != "ins") == before
    assert "".join(p.text for p in pieces if p.op != "del") == after
    assert all(p.text for p in pieces)


def test_a_changed_word_is_one_deletion_and_one_insertion() -> None:
    pieces = word_diff("Open at the main site.", "Open at the Elm Street site.")
    changed = [(p.op, p.text) for p in pieces if p.op != "same"]
    assert changed == [("del", "main"), ("ins", "Elm Street")]


def test_unchanged_text_has_no_edits() -> None:
    assert {p.op for p in word_diff("Walk-ins welcome.", "Walk-ins welcome.")} == {"same"}


def test_time_zone_defaults_to_utc_and_only_admins_change_it(
    db: sessionmaker[Session], personas: Personas
) -> None:
    org_id = personas.org.id
    with transaction(db) as session:
        assert org_zone.time_zone(session, org_id) == "UTC"
        org_zone.set_time_zone(session, personas.actors["admin"], " Europe/London ")
    with transaction(db) as session:
        assert org_zone.time_zone(session, org_id) == "Europe/London"
        org_zone.set_time_zone(session, personas.actors["admin"], "America/Chicago")
    with transaction(db) as session:
        assert org_zone.time_zone(session, org_id) == "America/Chicago"
        assert org_zone.time_zone(session, personas.other_org.id) == "UTC"
    with pytest.raises(ValidationFailed, match="unknown time zone"), transaction(db) as session:
        org_zone.set_time_zone(session, personas.actors["admin"], "Europe/Atlantis")
    with pytest.raises(PermissionDenied), transaction(db) as session:
        org_zone.set_time_zone(session, personas.actors["approver"], "Europe/London")
    with transaction(db) as session:
        assert org_zone.time_zone(session, org_id) == "America/Chicago"
