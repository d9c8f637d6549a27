"""The audit chain: hashing, tamper detection, concurrency, export and listing."""

from __future__ import annotations

import csv
import io
import json
import threading
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import audit
from carepost.services.actor import SYSTEM, cli_actor
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent, utcnow
from tests.conftest import Personas
from tests.services.tamper import delete_event, edit_detail, swap_events


def _fill(db: sessionmaker[Session], count: int) -> None:
    with transaction(db) as session:
        for i in range(count):
            audit.record(session, SYSTEM, "test.event", f"thing:{i}", {"n": i})


def test_events_link_to_each_other_from_genesis(db: sessionmaker[Session]) -> None:
    _fill(db, 3)
    with transaction(db) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert [e.seq for e in events] == [1, 2, 3]
        assert events[0].prev_hash == audit.GENESIS_HASH
        assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
        assert all(audit.compute_hash(e.prev_hash, e) == e.hash for e in events)
        assert audit.verify(session) == audit.VerifyResult(True, 3, head=f"3:{events[2].hash}")


def test_empty_chain_verifies(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        assert audit.verify(session) == audit.VerifyResult(True, 0, head=None)


def test_rolled_back_actions_leave_no_event(db: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError):
        with transaction(db) as session:
            audit.record(session, SYSTEM, "test.event")
            raise RuntimeError("the action failed after recording")
    with transaction(db) as session:
        assert audit.verify(session).checked == 0


def test_edited_event_is_named(engine: Engine, db: sessionmaker[Session]) -> None:
    _fill(db, 5)
    edit_detail(engine, 3, '{"n":99}')
    with transaction(db) as session:
        result = audit.verify(session)
    assert (result.ok, result.first_broken_seq, result.checked) == (False, 3, 2)
    assert "edited" in (result.reason or "")


def test_deleted_event_is_named(engine: Engine, db: sessionmaker[Session]) -> None:
    _fill(db, 5)
    delete_event(engine, 2)
    with transaction(db) as session:
        result = audit.verify(session)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "event 2 missing (deleted)" in (result.reason or "")


def test_reordered_pair_is_named(engine: Engine, db: sessionmaker[Session]) -> None:
    _fill(db, 5)
    swap_events(engine, 2, 3)
    with transaction(db) as session:
        result = audit.verify(session)
    assert (result.ok, result.first_broken_seq) == (False, 2)
    assert "out of order" in (result.reason or "")


@pytest.mark.parametrize(
    "detail",
    [{"text": "x" * 201}, {"nested": {"a": 1}}, {"obj": object()}, {1: "non-string key"}],
)
def test_details_must_be_short_flat_scalars(db: sessionmaker[Session], detail: dict) -> None:
    with transaction(db) as session:
        with pytest.raises(ValueError):
            audit.record(session, SYSTEM, "test.event", "x", detail)


def test_concurrent_writers_do_not_fork_the_chain(engine: Engine,
                                                  db: sessionmaker[Session]) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(8):
                with transaction(db) as session:
                    audit.record(session, SYSTEM, "test.concurrent", f"w:{n}", {"i": i})
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with transaction(db) as session:
        result = audit.verify(session)
        assert (result.ok, result.checked) == (True, 32)
        prevs = session.scalar(select(func.count(func.distinct(AuditEvent.prev_hash))))
        assert prevs == 32  # no two events share a predecessor: the chain never forked


def test_export_jsonl_and_csv_and_the_export_is_audited(
    db: sessionmaker[Session], personas: Personas
) -> None:
    admin = personas.actors["admin"]
    with transaction(db) as session:
        expected = [e.seq for e in session.scalars(
            select(AuditEvent).where(AuditEvent.org_id == personas.org.id).order_by(AuditEvent.seq)
        )]
    out = io.StringIO()
    with transaction(db) as session:
        count = audit.export(session, admin, None, None, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(lines) == len(expected) and [x["seq"] for x in lines] == expected
    assert set(lines[0]) == set(audit.EXPORT_COLUMNS)
    assert all(x["org_id"] == personas.org.id for x in lines)

    out = io.StringIO()
    with transaction(db) as session:
        audit.export(session, admin, None, None, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    # The earlier export is now in the log, and in this one.
    assert [int(r["seq"]) for r in rows][: len(expected)] == expected
    assert rows[-1]["action"] == "audit.exported"
    assert json.loads(rows[-1]["detail"])["count"] == count
    with transaction(db) as session:
        assert audit.verify(session).ok


def test_export_time_window(db: sessionmaker[Session]) -> None:
    _fill(db, 3)
    now = utcnow()
    out = io.StringIO()
    with transaction(db) as session:
        window = (now - timedelta(hours=1), now + timedelta(hours=1))
        assert audit.export(session, cli_actor(), *window, "jsonl", out) == 3
        assert audit.export(session, cli_actor(), now + timedelta(hours=1), None, "jsonl", out) == 0
        assert audit.export(session, cli_actor(), None, now - timedelta(hours=1), "jsonl", out) == 0
    with transaction(db) as session:
        with pytest.raises(ValidationFailed, match="^since"):
            audit.export(session, cli_actor(), now, now, "jsonl", out)
        with pytest.raises(ValidationFailed, match="^format"):
            audit.export(session, cli_actor(), None, None, "xml", out)  # type: ignore[arg-type]


def test_export_and_listing_are_refused_to_roles_without_the_right(
    db: sessionmaker[Session], personas: Personas
) -> None:
    out = io.StringIO()
    with transaction(db) as session:
        with pytest.raises(PermissionDenied):
            audit.export(session, personas.actors["author"], None, None, "jsonl", out)
    with transaction(db) as session:
        with pytest.raises(PermissionDenied):
            audit.list_events(session, personas.actors["viewer"])
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert out.getvalue() == ""
    assert last is not None and last.action == "permission.denied"
    assert json.loads(last.detail) == {"action": "audit.view"}


def test_list_events_is_scoped_to_the_actors_org(
    db: sessionmaker[Session], personas: Personas
) -> None:
    with transaction(db) as session:
        mine = audit.list_events(session, personas.actors["privacy_officer"], limit=1000)
        theirs = audit.list_events(session, personas.other_actor, limit=1000)
        added = audit.list_events(session, personas.actors["admin"], action="member.added")
        everything = audit.list_events(session, cli_actor(), limit=1000)
    assert {e.org_id for e in mine} == {personas.org.id}
    assert {e.org_id for e in theirs} == {personas.other_org.id}
    assert len(added) == 6 and all(e.action == "member.added" for e in added)
    assert len(everything) >= len(mine) + len(theirs)
    with transaction(db) as session:
        with pytest.raises(ValidationFailed):
            audit.list_events(session, personas.actors["admin"], limit=0)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9),
                     st.text(max_size=30))


@given(
    detail=st.dictionaries(st.text(min_size=1, max_size=10), _scalars, max_size=5),
    field_name=st.sampled_from(["org_id", "actor_id", "actor_label", "via", "action", "subject",
                                "detail", "seq", "ts"]),
)
def test_any_change_to_any_field_changes_the_hash(detail: dict, field_name: str) -> None:
    event = AuditEvent(seq=5, ts=utcnow(), org_id=1, actor_id=2, actor_label="a@b.example",
                       via="session", action="x.y", subject="user:2",
                       detail=json.dumps(audit._check_detail(detail), sort_keys=True))
    before = audit.compute_hash("f" * 64, event)
    changed = {
        "org_id": 9, "actor_id": 9, "actor_label": "other", "via": "token", "action": "x.z",
        "subject": "user:3", "detail": json.dumps({**detail, "__extra": 1}), "seq": 6,
        "ts": event.ts + timedelta(microseconds=1),
    }[field_name]
    setattr(event, field_name, changed)
    assert audit.compute_hash("f" * 64, event) != before
    assert audit.compute_hash("e" * 64, event) != audit.compute_hash("f" * 64, event)


def test_anchor_catches_a_rewritten_or_shortened_chain(engine: Engine,
                                                       db: sessionmaker[Session]) -> None:
    _fill(db, 4)
    with transaction(db) as session:
        head = audit.verify(session).head
    assert head is not None
    anchor = audit.parse_anchor(head[:2 + 16])  # "4:" and 16 hex digits are enough
    with transaction(db) as session:
        assert audit.verify(session, anchor=anchor).ok
    # An attacker deletes the newest event: the links still hold, the anchor does not.
    delete_event(engine, 4)
    with transaction(db) as session:
        assert audit.verify(session).ok
        cut = audit.verify(session, anchor=anchor)
    assert (cut.ok, cut.first_broken_seq) == (False, 4) and "removed from the end" in cut.reason
    # They then rebuild event 4 with different content and a correct link and hash.
    with transaction(db) as session:
        audit.record(session, SYSTEM, "test.event", "forged", {"n": 3})
        rewritten = audit.verify(session, anchor=anchor)
    assert (rewritten.ok, rewritten.first_broken_seq) == (False, 4)
    assert "differs from the anchor" in (rewritten.reason or "")


@pytest.mark.parametrize("text", ["", "4", "x:abcdef0123456789", "0:abcdef0123456789",
                                  "4:abc", "4:zzzzzzzzzzzzzzzzzz"])
def test_bad_anchors_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed, match="^anchor"):
        audit.parse_anchor(text)
