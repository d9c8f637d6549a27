"""The archive: immutable in the database, deleted marks, legal hold, retention, export."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import archive
from carepost.services.actor import cli_actor
from carepost.services.errors import PermissionDenied
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent, utcnow
from carepost.storage.publishing import ArchiveRecord
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import SAFE_TEXT, add_channel, new_box, scheduled_now, webhook_config

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


@pytest.fixture
def record_id(db: sessionmaker[Session], personas: Personas, receiver: Receiver) -> int:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    scheduled_now(db, personas, channel_id)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
    with transaction(db) as session:
        return session.execute(select(ArchiveRecord.id)).scalar_one()


@pytest.mark.parametrize("statement", [
    "UPDATE archive_records SET text = 'rewritten'",
    "UPDATE archive_records SET remote_id = 'elsewhere'",
    "UPDATE archive_records SET approval_chain = '[]'",
])
def test_database_refuses_to_rewrite_a_record(
    engine: object, db: sessionmaker[Session], record_id: int, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="immutable"):
        with transaction(db) as session:
            session.execute(text(statement))


def test_deleted_on_the_network_is_marked_and_kept(
    db: sessionmaker[Session], personas: Personas, record_id: int
) -> None:
    with transaction(db) as session:
        archive.mark_deleted(session, personas.actors["approver"], record_id)
    with transaction(db) as session:
        record = session.get(ArchiveRecord, record_id)
        assert record is not None and record.deleted_at is not None and record.text == SAFE_TEXT


def test_legal_hold_survives_retention_and_blocks_deletes(
    db: sessionmaker[Session], personas: Personas, record_id: int
) -> None:
    officer = personas.actors["privacy_officer"]
    later = utcnow() + timedelta(days=365 * 8)
    with transaction(db) as session:
        archive.set_legal_hold(session, officer, record_id, True)
    with transaction(db) as session:
        assert archive.purge(session, officer, 7, now=later) == 0
    with pytest.raises(DBAPIError, match="legal hold"):
        with transaction(db) as session:
            session.execute(text("DELETE FROM archive_records"))
    with transaction(db) as session:
        assert archive.purge(session, officer, 7, now=utcnow()) == 0  # within retention
        archive.set_legal_hold(session, officer, record_id, False)
    with transaction(db) as session:
        assert archive.purge(session, officer, 7, now=later) == 1
        actions = set(session.execute(select(AuditEvent.action)).scalars())
    assert {"archive.legal_hold", "archive.purged"} <= actions


def test_export_jsonl_and_csv_with_the_approval_chain(
    db: sessionmaker[Session], personas: Personas, record_id: int
) -> None:
    out = io.StringIO()
    with transaction(db) as session:
        count = archive.export(session, personas.actors["privacy_officer"], None, None,
                               "jsonl", out)
    assert count == 1
    row = json.loads(out.getvalue())
    assert row["text"] == SAFE_TEXT and row["approval_chain"][0]["decision"] == "approved"
    assert row["guard_report"]["action"] == "allow"
    out = io.StringIO()
    with transaction(db) as session:
        assert archive.export(session, cli_actor(personas.org.id), None,
                              utcnow() - timedelta(days=1), "csv", out) == 0
    assert list(csv.reader(io.StringIO(out.getvalue())))[0][0] == "id"
    with transaction(db) as session:
        exports = session.execute(select(AuditEvent).where(
            AuditEvent.action == "archive.exported")).scalars().all()
        assert [json.loads(e.detail)["count"] for e in exports] == [1, 0]
        assert all(SAFE_TEXT not in e.detail for e in exports)


def test_authors_cannot_export(db: sessionmaker[Session], personas: Personas) -> None:
    with transaction(db) as session, pytest.raises(PermissionDenied):
        archive.export(session, personas.actors["author"], None, None, "jsonl", io.StringIO())


def test_a_post_text_that_looks_like_a_formula_stays_text_in_the_csv(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver
) -> None:
    box = new_box()
    channel_id = add_channel(db, personas, box, "webhook", webhook_config(receiver.url, SECRET))
    formula = '=HYPERLINK("https://example.org/flu","Flu shot times")'
    scheduled_now(db, personas, channel_id, formula)
    assert [o.state for o in Worker(db=db, box=box).tick()] == ["published"]
    for fmt in ("csv", "jsonl"):
        out = io.StringIO()
        with transaction(db) as session:
            archive.export(session, personas.actors["privacy_officer"], None, None, fmt, out)
        if fmt == "csv":
            row = list(csv.DictReader(io.StringIO(out.getvalue())))[0]
            assert row["text"] == "'" + formula
        else:  # the faithful record keeps the text exactly
            assert json.loads(out.getvalue())["text"] == formula
