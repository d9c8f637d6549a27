"""The publication archive: what went out, exactly, with its guard report and approval chain.

Records are written once when a variant is published and are immutable in the database
(triggers in migration 0002): only `deleted_at` (the post was removed from the network) and
`legal_hold` change. Retention (`archive_retention_years`) is applied by `purge`, which never
touches a record on legal hold. Every export, hold and purge is audited.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, TextIO

from sqlalchemy import Engine, Select, and_, bindparam, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from carepost.connectors.base import Media
from carepost.core import spreadsheet
from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.errors import NotFound, ValidationFailed
from carepost.services.post_media import hashes_of
from carepost.storage.db import read_only
from carepost.storage.models import utcnow
from carepost.storage.publishing import Approval, ArchiveRecord, Channel, Post, Variant

EXPORT_COLUMNS = (
    "id", "org_id", "post_id", "variant_id", "channel_kind", "channel_name", "text",
    "media_hashes", "remote_id", "url", "guard_report", "approval_chain", "published_at",
    "deleted_at", "legal_hold",
)


# Built once: the worker runs it for every post it publishes.
_CHAIN = (select(Approval).where(Approval.post_id == bindparam("post_id"))
          .order_by(Approval.id))


def _decision(a: Approval) -> dict[str, Any]:
    return {
        "id": a.id, "version": a.post_version, "reviewer_id": a.reviewer_id,
        "reviewer": a.reviewer_label, "decision": a.decision, "comment": a.comment,
        "override_reason": a.override_reason, "at": audit.format_ts(a.created_at),
        "guard_report": json.loads(a.guard_report),
    }


def approval_chain(session: Session, post: Post) -> list[dict[str, Any]]:
    """Every review decision on the post, oldest first, with overrides and guard reports."""
    return [_decision(a) for a in session.execute(_CHAIN, {"post_id": post.id}).scalars()]


def approval_chains(session: Session,
                    post_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """`approval_chain` of several posts in one query, by post id."""
    chains: dict[int, list[dict[str, Any]]] = {post_id: [] for post_id in post_ids}
    for a in session.execute(select(Approval).where(Approval.post_id.in_(list(post_ids)))
                             .order_by(Approval.id)).scalars():
        chains[a.post_id].append(_decision(a))
    return chains


def facts_of(media: Sequence[Media], chain: list[dict[str, Any]]) -> tuple[str, str]:
    """The archive's image hashes and approval chain (JSON texts) from the images as sent."""
    return (json.dumps([hashlib.sha256(m.data).hexdigest() for m in media]),
            json.dumps(chain, sort_keys=True))


def archive_facts(session: Session, post: Post,
                  media: Sequence[Media] | None = None) -> tuple[str, str]:
    """The post's image hashes and approval chain as the archive stores them (JSON texts).

    Given the images as sent (`media`), their hashes are taken from those bytes, which are
    the stored ones (`PostMedia.sha256` is of them), without reading them again.
    """
    if media is not None:
        return facts_of(media, approval_chain(session, post))
    return (json.dumps(hashes_of(session, post.id)),
            json.dumps(approval_chain(session, post), sort_keys=True))


def archive_variant(session: Session, variant: Variant, post: Post,
                    facts: tuple[str, str] | None = None) -> ArchiveRecord:
    """Write the immutable record of a just-published variant (same transaction).

    `facts` (from `archive_facts`) may be read when the send was prepared, i.e. the images
    and approvals of exactly what was sent; the worker reads them once per post and batch.
    """
    channel = session.get(Channel, variant.channel_id)
    assert channel is not None and variant.remote_id and variant.published_at
    media_hashes, chain = facts if facts is not None else archive_facts(session, post)
    record = ArchiveRecord(
        org_id=post.org_id, post_id=post.id, variant_id=variant.id, channel_kind=channel.kind,
        channel_name=channel.name, text=variant.text, media_hashes=media_hashes,
        remote_id=variant.remote_id, url=variant.url,
        guard_report=variant.guard_report, approval_chain=chain,
        published_at=variant.published_at, legal_hold=False,
    )
    session.add(record)
    session.flush()
    return record


# One INSERT for a group of records, ids returned in the order given (Core: the records are
# final, so the unit of work has nothing to track).
_INSERT_MANY = (insert(ArchiveRecord.__table__)  # type: ignore[arg-type]
                .returning(ArchiveRecord.__table__.c.id, sort_by_parameter_order=True))


def archive_many(session: Session, published: Sequence[tuple[Variant, Post,
                                                             tuple[str, str] | None]]) -> list[int]:
    """Write the immutable records of just-published variants in one statement (same
    transaction); return their ids in the order given. The records are those
    `archive_variant` writes, one per (variant, post, facts)."""
    if not published:
        return []
    rows = []
    for variant, post, facts in published:
        channel = session.get(Channel, variant.channel_id)
        assert channel is not None and variant.remote_id and variant.published_at
        media_hashes, chain = facts if facts is not None else archive_facts(session, post)
        rows.append({
            "org_id": post.org_id, "post_id": post.id, "variant_id": variant.id,
            "channel_kind": channel.kind, "channel_name": channel.name, "text": variant.text,
            "media_hashes": media_hashes, "remote_id": variant.remote_id, "url": variant.url,
            "guard_report": variant.guard_report, "approval_chain": chain,
            "published_at": variant.published_at, "deleted_at": None, "legal_hold": False,
        })
    return list(session.connection().execute(_INSERT_MANY, rows).scalars())


def _get(session: Session, actor: Actor, record_id: int) -> ArchiveRecord:
    record = session.get(ArchiveRecord, record_id)
    if record is None or (actor.org_id is not None and record.org_id != actor.org_id):
        raise NotFound(f"archive record {record_id} not found")
    return record


def mark_deleted(session: Session, actor: Actor, record_id: int) -> ArchiveRecord:
    """The post was deleted on the network: mark the record deleted, and keep it."""
    require(actor, "post.publish", session)
    record = _get(session, actor, record_id)
    if record.deleted_at is None:
        record.deleted_at = utcnow()
        audit.record(session, actor, "archive.marked_deleted", f"archive:{record.id}",
                     {"variant_id": record.variant_id}, org_id=record.org_id)
    return record


def set_legal_hold(session: Session, actor: Actor, record_id: int, hold: bool) -> ArchiveRecord:
    """Place or lift a legal hold: a held record survives retention until the hold is lifted."""
    require(actor, "archive.export", session)
    record = _get(session, actor, record_id)
    record.legal_hold = hold
    audit.record(session, actor, "archive.legal_hold", f"archive:{record.id}",
                 {"hold": hold}, org_id=record.org_id)
    return record


def purge(session: Session, actor: Actor, retention_years: int, now: datetime | None = None) -> int:
    """Delete records older than the retention period, except those on legal hold."""
    require(actor, "archive.export", session)
    cutoff = (now or utcnow()) - timedelta(days=round(365.25 * retention_years))
    query = delete(ArchiveRecord).where(ArchiveRecord.published_at < cutoff,
                                        ArchiveRecord.legal_hold.is_(False))
    if actor.org_id is not None:
        query = query.where(ArchiveRecord.org_id == actor.org_id)
    count = int(session.execute(query).rowcount)  # type: ignore[attr-defined]
    audit.record(session, actor, "archive.purged", "archive",
                 {"count": count, "retention_years": retention_years})
    return count


def _query(actor: Actor, since: datetime | None,
           until: datetime | None) -> Select[tuple[ArchiveRecord]]:
    query = select(ArchiveRecord).order_by(ArchiveRecord.published_at, ArchiveRecord.id)
    if actor.org_id is not None:
        query = query.where(ArchiveRecord.org_id == actor.org_id)
    if since is not None:
        query = query.where(ArchiveRecord.published_at >= since)
    if until is not None:
        query = query.where(ArchiveRecord.published_at < until)
    return query


def record_dict(record: ArchiveRecord) -> dict[str, Any]:
    """A record as plain data, in export column order."""
    return {
        "id": record.id, "org_id": record.org_id, "post_id": record.post_id,
        "variant_id": record.variant_id, "channel_kind": record.channel_kind,
        "channel_name": record.channel_name, "text": record.text,
        "media_hashes": json.loads(record.media_hashes), "remote_id": record.remote_id,
        "url": record.url, "guard_report": json.loads(record.guard_report),
        "approval_chain": json.loads(record.approval_chain),
        "published_at": audit.format_ts(record.published_at),
        "deleted_at": audit.format_ts(record.deleted_at) if record.deleted_at else None,
        "legal_hold": record.legal_hold,
    }


# Rows read per short read-only transaction while an export streams.
EXPORT_CHUNK = 500


def _chunks(engine: Engine, query: Select[tuple[ArchiveRecord]],
            chunk: int) -> Iterator[dict[str, Any]]:
    """The query's records as plain data, read in keyset pages, each its own short read.

    No transaction stays open between pages, so a slow or stalled client holds no lock (on
    SQLite a write transaction would block every writer; a long read would hold back the WAL
    checkpoint) and a client that never reads leaves nothing open.
    """
    after: tuple[datetime, int] | None = None
    while True:
        page = query
        if after is not None:
            published, last = after
            page = page.where(or_(ArchiveRecord.published_at > published,
                                  and_(ArchiveRecord.published_at == published,
                                       ArchiveRecord.id > last)))
        with read_only(engine) as session:
            rows = list(session.execute(page.limit(chunk)).scalars())
            data = [record_dict(r) for r in rows]
            if rows:
                after = (rows[-1].published_at, rows[-1].id)
        yield from data
        if len(rows) < chunk:
            return


def export_stream(
    session: Session,
    actor: Actor,
    since: datetime | None,
    until: datetime | None,
    fmt: Literal["jsonl", "csv"],
    chunk: int = EXPORT_CHUNK,
) -> tuple[int, Iterator[str]]:
    """Check, audit and commit an export of [since, until); return its count and its lines.

    The session is committed here (the audit row is on record before any byte leaves); the
    lines are produced lazily in pages from short read-only transactions of their own, so the
    caller may close the session at once and stream the lines at the client's pace. Records
    are immutable and the export stops at the last id counted, so the pages add up to the
    count (unless retention purges some meanwhile).
    """
    require(actor, "archive.export", session)
    if fmt not in ("jsonl", "csv"):
        raise ValidationFailed("format", "must be jsonl or csv")
    if since is not None and until is not None and since >= until:
        raise ValidationFailed("since", "must be before until")
    query = _query(actor, since, until)
    sub = query.subquery()
    count, last_id = session.execute(select(func.count(), func.max(sub.c.id))).one()
    # Committed before any byte is written, as audit exports do: data that left is logged.
    audit.record(session, actor, "archive.exported", "archive", {
        "format": fmt, "count": count,
        "since": audit.format_ts(since) if since else None,
        "until": audit.format_ts(until) if until else None,
    })
    session.commit()
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    rows = _chunks(engine, query.where(ArchiveRecord.id <= (last_id or 0)), chunk)
    return int(count), (_jsonl(rows) if fmt == "jsonl" else _csv(rows))


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


class _Line:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    line = _Line()
    writer = csv.writer(line, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    yield line.text
    for row in rows:
        for key in ("media_hashes", "guard_report", "approval_chain"):
            row[key] = json.dumps(row[key], sort_keys=True, ensure_ascii=False)
        line.text = ""
        # post texts must not open as a spreadsheet formula (JSONL keeps them verbatim)
        writer.writerow(spreadsheet.row(["" if row[c] is None else row[c] for c in EXPORT_COLUMNS]))
        yield line.text


def export(
    session: Session,
    actor: Actor,
    since: datetime | None,
    until: datetime | None,
    fmt: Literal["jsonl", "csv"],
    out: TextIO,
) -> int:
    """Write records published in [since, until) as JSON lines or CSV; audit; return the count."""
    count, lines = export_stream(session, actor, since, until, fmt)
    for line in lines:
        out.write(line)
    return count


def list_records(session: Session, actor: Actor, limit: int = 100) -> list[ArchiveRecord]:
    """The newest archive records of the actor's organisation."""
    require(actor, "archive.export", session)
    query = select(ArchiveRecord).order_by(ArchiveRecord.id.desc()).limit(limit)
    if actor.org_id is not None:
        query = query.where(ArchiveRecord.org_id == actor.org_id)
    return list(session.execute(query).scalars())
