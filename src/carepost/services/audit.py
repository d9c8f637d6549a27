"""The tamper-evident audit log: append-only events, each hashed over the previous event's hash.

`record` appends under a lock (a PostgreSQL advisory lock; SQLite transactions already hold the
write lock from BEGIN IMMEDIATE), so concurrent writers cannot fork the chain; `record_many`
appends several events of one transaction under one lock and one read of the chain's head.
`verify` walks the chain and names the first edited, deleted or reordered event. Details hold
ids, counts and outcomes only: never message text or PHI.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from sqlalchemy import Select, func, insert, select, text
from sqlalchemy.orm import Session

from carepost.core import spreadsheet
from carepost.logs import log_event
from carepost.services.actor import Actor, require
from carepost.services.errors import ValidationFailed
from carepost.storage.models import AuditEvent, utcnow

log = logging.getLogger("carepost.audit")
GENESIS_HASH = "0" * 64
_PG_LOCK_KEY = 0x6361_7265  # "care": one advisory lock for the whole chain
_MAX_DETAIL_TEXT = 200
EXPORT_COLUMNS = (
    "seq", "ts", "org_id", "actor_id", "actor_label", "via", "action", "subject", "detail",
    "prev_hash", "hash",
)
Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """Outcome of walking the chain: `first_broken_seq` and `reason` are None when ok."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str | None = None
    # "SEQ:HASH" of the newest event, when ok. Kept somewhere else (a ticket, another system),
    # it is an anchor: `verify(anchor=...)` later proves nothing up to it was rewritten or cut.
    head: str | None = None


def parse_anchor(text: str) -> tuple[int, str]:
    """Parse an anchor "SEQ:HASH" (HASH: at least 16 hex digits of that event's hash)."""
    seq_text, _, digest = text.strip().partition(":")
    digest = digest.lower()
    if (not seq_text.isdigit() or int(seq_text) < 1 or len(digest) < 16 or len(digest) > 64
            or any(c not in "0123456789abcdef" for c in digest)):
        raise ValidationFailed("anchor", "use SEQ:HASH as printed by a successful verify")
    return int(seq_text), digest


def _check_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """Allow only flat, short, scalar details so free text cannot creep into the log."""
    for key, value in detail.items():
        if not isinstance(key, str):
            raise ValueError("audit detail keys must be strings")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if not isinstance(item, str | int | float | bool | type(None)):
                raise ValueError(f"audit detail {key!r} must hold scalars")
            if isinstance(item, str) and len(item) > _MAX_DETAIL_TEXT:
                raise ValueError(f"audit detail {key!r} is too long for an id or outcome")
    return {k: list(v) if isinstance(v, tuple) else v for k, v in detail.items()}


def format_ts(ts: datetime) -> str:
    """The canonical timestamp text used in hashes and exports."""
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _content(event: AuditEvent) -> dict[str, Any]:
    """The event's own fields: what its hash covers, in export column order."""
    return {
        "seq": event.seq,
        "ts": format_ts(event.ts),
        "org_id": event.org_id,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "via": event.via,
        "action": event.action,
        "subject": event.subject,
        "detail": json.loads(event.detail),
    }


def canonical_content(event: AuditEvent) -> str:
    """The event's own content as canonical JSON (sorted keys, no spaces, ASCII)."""
    return json.dumps(_content(event), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    """SHA-256 over the previous event's hash and this event's canonical content."""
    payload = prev_hash + "\n" + canonical_content(event)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# Built once (record runs for every action; building a statement costs more than running it).
_HEAD = select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
_INSERT = insert(AuditEvent)
_COLUMNS = tuple(c.key for c in AuditEvent.__table__.columns)


def lock_chain(session: Session) -> None:
    """Serialise writers of the chain for the rest of this transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    # SQLite: every carepost transaction starts with BEGIN IMMEDIATE, the database write lock.


@dataclass(frozen=True, slots=True)
class Entry:
    """One event to append with `record_many`: the arguments `record` takes."""

    actor: Actor
    action: str
    subject: str = ""
    detail: dict[str, Any] | None = None
    org_id: int | None = None


def record(
    session: Session,
    actor: Actor,
    action: str,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    org_id: int | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with the action)."""
    return record_many(session, [Entry(actor, action, subject, detail, org_id)])[0]


def record_many(session: Session, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append events in order in the caller's transaction, each linked to the one before.

    One lock, one read of the chain's head and one INSERT for all of them: a worker preparing
    a batch of posts records each post's event this way. Every detail is checked before
    anything is written.
    """
    cleaned = [_check_detail(entry.detail or {}) for entry in entries]
    if not entries:
        return []
    lock_chain(session)
    connection = session.connection()
    last = connection.execute(_HEAD).first()
    prev_seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
    events = []
    now = utcnow()
    for entry, clean in zip(entries, cleaned, strict=True):
        prev_seq += 1
        event = AuditEvent(
            seq=prev_seq,
            ts=now,
            org_id=entry.org_id if entry.org_id is not None else entry.actor.org_id,
            actor_id=entry.actor.user_id,
            actor_label=entry.actor.label[:200],
            via=entry.actor.via,
            action=entry.action,
            subject=entry.subject[:200],
            detail=json.dumps(clean, sort_keys=True, separators=(",", ":"), ensure_ascii=True),
            prev_hash=prev_hash,
            hash="",
        )
        event.hash = prev_hash = compute_hash(prev_hash, event)
        events.append(event)
    session.flush()  # the action's own changes first, as before batching
    # A Core INSERT, not the unit of work: the events are final, and this runs per post.
    connection.execute(_INSERT, [{c: getattr(e, c) for c in _COLUMNS} for e in events])
    return events


def record_refusal(
    session: Session,
    actor: Actor,
    action: str,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    org_id: int | None = None,
) -> AuditEvent:
    """Discard the action's pending work, then record and commit a security failure on its own.

    Used right before raising PermissionDenied, AuthenticationFailed or LockedOut: the refused
    action leaves nothing half-saved, yet the refusal itself survives the caller's rollback.
    """
    session.rollback()
    event = record(session, actor, action, subject, detail, org_id)
    session.commit()
    log_event(log, "security.refused", action=action, via=actor.via, user_id=actor.user_id,
              org_id=event.org_id, audit_seq=event.seq)
    return event


def _link_reason(session: Session, row: AuditEvent) -> str:
    later = session.execute(
        select(AuditEvent.seq).where(AuditEvent.hash == row.prev_hash, AuditEvent.seq > row.seq)
    ).scalar()
    if later is not None:
        return f"events are out of order: it links to event {later}, which comes after it"
    return "it does not link to the event before it (that event was deleted or edited)"


def verify(
    session: Session, batch: int = 1000, anchor: tuple[int, str] | None = None
) -> VerifyResult:
    """Walk the whole chain in order; report the first edited, deleted or reordered event.

    With an `anchor` (from `parse_anchor`), also prove the chain still holds that event with
    that hash: this catches a chain rewritten from scratch or cut short at the end, which the
    links alone cannot show.
    """
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    rows = session.execute(
        select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    ).scalars()
    for row in rows:
        if row.seq != expected_seq:
            if row.seq > expected_seq:
                missing = (
                    f"event {expected_seq}"
                    if row.seq == expected_seq + 1
                    else f"events {expected_seq}..{row.seq - 1}"
                )
                return _broken(checked, row.seq, f"{missing} missing (deleted)")
            return _broken(checked, row.seq, "sequence number repeats")
        if row.prev_hash != prev_hash:
            return _broken(checked, row.seq, _link_reason(session, row))
        try:
            actual = compute_hash(prev_hash, row)
        except (ValueError, TypeError):
            actual = None
        if actual != row.hash:
            return _broken(checked, row.seq, "its content was edited (hash mismatch)")
        if anchor is not None and row.seq == anchor[0] and not row.hash.startswith(anchor[1]):
            return _broken(checked, row.seq,
                           "its hash differs from the anchor (the chain was rewritten)")
        checked += 1
        expected_seq += 1
        prev_hash = row.hash
    if anchor is not None and anchor[0] > checked:
        return _broken(checked, anchor[0],
                       f"the chain ends at event {checked}, before the anchor "
                       "(events were removed from the end)")
    log_event(log, "audit.verified", outcome="ok", checked=checked)
    return VerifyResult(True, checked, head=f"{checked}:{prev_hash}" if checked else None)


def _broken(checked: int, seq: int, reason: str) -> VerifyResult:
    log_event(log, "audit.verified", level=logging.WARNING, outcome="broken", checked=checked,
              first_broken_seq=seq)
    return VerifyResult(False, checked, seq, reason)


def _scoped(actor: Actor, org_id: int | None) -> int | None:
    """The org an actor may read: their own; trusted actors may pick one or see all (None)."""
    if actor.trusted:
        return org_id
    return actor.org_id


def _query(
    actor: Actor,
    org_id: int | None,
    since: datetime | None,
    until: datetime | None,
) -> Select[tuple[AuditEvent]]:
    query = select(AuditEvent).order_by(AuditEvent.seq)
    scope = _scoped(actor, org_id)
    if scope is not None or not actor.trusted:
        query = query.where(AuditEvent.org_id == scope)
    if since is not None:
        query = query.where(AuditEvent.ts >= since)
    if until is not None:
        query = query.where(AuditEvent.ts < until)
    return query


def list_events(
    session: Session,
    actor: Actor,
    *,
    action: str | None = None,
    actor_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
    org_id: int | None = None,
) -> list[AuditEvent]:
    """Events of the actor's organisation, oldest first (`org_id` only for trusted actors)."""
    require(actor, "audit.view", session)
    if not 1 <= limit <= 1000 or offset < 0:
        raise ValidationFailed("limit", "must be between 1 and 1000, offset not negative")
    query = _query(actor, org_id, since, until)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    return list(session.execute(query.limit(limit).offset(offset)).scalars())


def event_dict(event: AuditEvent) -> dict[str, Any]:
    """An event as plain data, in export column order."""
    return {**_content(event), "prev_hash": event.prev_hash, "hash": event.hash}


def _iter_rows(session: Session, query: Select[tuple[AuditEvent]]) -> Iterator[AuditEvent]:
    yield from session.execute(query.execution_options(yield_per=1000)).scalars()


def export(
    session: Session,
    actor: Actor,
    since: datetime | None,
    until: datetime | None,
    fmt: Literal["jsonl", "csv"],
    out: TextIO,
    org_id: int | None = None,
) -> int:
    """Write events in [since, until) as JSON lines or CSV to `out`; audit it; return the count."""
    require(actor, "audit.export", session)
    if fmt not in ("jsonl", "csv"):
        raise ValidationFailed("format", "must be jsonl or csv")
    if since is not None and until is not None and since >= until:
        raise ValidationFailed("since", "must be before until")
    query = _query(actor, org_id, since, until)
    sub = query.subquery()
    count, last_seq = session.execute(select(func.count(), func.max(sub.c.seq))).one()
    # Committed before any byte is written: data that left the system is always in the log,
    # even if writing fails half-way and the caller then rolls back.
    record(
        session, actor, "audit.exported", "audit",
        {
            "format": fmt,
            "count": count,
            "since": format_ts(since) if since else None,
            "until": format_ts(until) if until else None,
            "org_id": _scoped(actor, org_id),
        },
    )
    session.commit()
    # Streamed in batches, bounded by the last event counted, so memory stays flat and the
    # output matches the audited count even while new events arrive.
    events = _iter_rows(session, query.where(AuditEvent.seq <= (last_seq or 0)))
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event_dict(event), sort_keys=False, ensure_ascii=False) + "\n")
    else:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for event in events:
            row = event_dict(event)
            row["detail"] = event.detail
            # actor labels and subjects must not open as a spreadsheet formula
            cells = ["" if row[c] is None else row[c] for c in EXPORT_COLUMNS]
            writer.writerow(spreadsheet.row(cells))
    return int(count)
