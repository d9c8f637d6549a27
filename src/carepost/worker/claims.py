"""Claims: which worker holds which due variant, taken atomically, released when a worker dies.

PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED`, then a conditional UPDATE; SQLite: the
conditional `UPDATE ... WHERE claimed_by IS NULL` alone (its write lock serialises workers).
A claim names its worker as "host:pid", so a restarted worker on the same host can tell a dead
worker's claim at once; any claim older than `CLAIM_LEASE` is released too.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from carepost.core.lifecycle import Event, State
from carepost.services import audit
from carepost.services.actor import SYSTEM
from carepost.services.publishing import CLAIM_LEASE, CLAIMABLE, roll_up, variant_event
from carepost.storage.publishing import Channel, Post, Variant

__all__ = ["CLAIM_LEASE", "claim_due", "clear_expired_limits", "next_due",
           "recover_stale_claims", "worker_id"]


def worker_id() -> str:
    """This process's claim label: host and pid, so a restarted host can spot dead claims."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def _due(now: datetime | BindParameter[datetime]) -> ColumnElement[bool]:
    return and_(
        Variant.state.in_(CLAIMABLE),
        Variant.claimed_by.is_(None),
        Variant.next_attempt_at.is_not(None),
        Variant.next_attempt_at <= now,
    )


# Run once per batch, so built once (building costs more than running it).
_CLAIM = (update(Variant)
          .where(Variant.id.in_(bindparam("variant_ids", expanding=True)),
                 _due(bindparam("now", type_=Variant.next_attempt_at.type)))
          .values(claimed_by=bindparam("me"),
                  claimed_at=bindparam("claimed_now", type_=Variant.claimed_at.type))
          .returning(Variant.id))


def claim_due(session: Session, me: str, now: datetime, limit: int = 10) -> list[int]:
    """Claim up to `limit` due variants for worker `me`; two workers never get the same one."""
    limited_networks = select(Channel.network).where(Channel.rate_limited_until > now,
                                                     Channel.network != "")
    limited = select(Channel.id).where(or_(Channel.rate_limited_until > now,
                                           Channel.network.in_(limited_networks)))
    query = (select(Variant.id).where(_due(now), Variant.channel_id.not_in(limited))
             .order_by(Variant.next_attempt_at, Variant.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Variant)
    due = session.execute(query).scalars().all()
    if not due:
        return []
    # The conditional UPDATE is the claim on SQLite and a harmless re-check on PostgreSQL; one
    # statement for the batch, which names the rows it took.
    taken = set(session.connection().execute(_CLAIM, {
        "variant_ids": list(due), "now": now, "me": me, "claimed_now": now}).scalars())
    return [variant_id for variant_id in due if variant_id in taken]


def _alive(claim: str) -> bool:
    host, _, pid = claim.rpartition(":")
    if host != socket.gethostname()[:60] or not pid.isdigit():
        return True  # another machine's worker: only the lease can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_stale_claims(session: Session, now: datetime) -> int:
    """Release claims of dead workers; a recorded key makes the outcome unknown, never "retry"."""
    # A row locked right now is in use by its worker (being prepared, or its outcome being
    # recorded): not stale, and waiting for it could deadlock with that worker (PostgreSQL).
    rows = session.execute(
        select(Variant).where(Variant.claimed_by.is_not(None),
                              Variant.state.in_(CLAIMABLE)).with_for_update(skip_locked=True)
    ).scalars().all()
    released = 0
    touched: dict[int, Post] = {}
    events: list[audit.Entry] = []
    for variant in rows:
        assert variant.claimed_by is not None and variant.claimed_at is not None
        if _alive(variant.claimed_by) and now - variant.claimed_at < CLAIM_LEASE:
            continue
        if variant.state == State.PUBLISHING.value and variant.idempotency_key:
            variant_event(variant, Event.LOSE_ANSWER)
            post = session.get(Post, variant.post_id)
            assert post is not None
            touched[post.id] = post
            events.append(audit.Entry(SYSTEM, "variant.outcome_unknown", f"variant:{variant.id}",
                                      {"reason": "worker_lost"}, org_id=post.org_id))
        variant.claimed_by = variant.claimed_at = None
        variant.next_attempt_at = now
        released += 1
    # Posts in id order, then the audit chain: the order a worker's batch takes its locks in,
    # so the two never wait on each other in a cycle (PostgreSQL).
    for _, post in sorted(touched.items()):
        roll_up(session, post)
    audit.record_many(session, events)
    return released


def clear_expired_limits(session: Session, now: datetime) -> None:
    """Forget rate limits that have lifted (keeps the claim query's sub-select small)."""
    session.execute(
        update(Channel).where(Channel.rate_limited_until <= now)
        .values(rate_limited_until=None).execution_options(synchronize_session=False)
    )


def next_due(session: Session, now: datetime) -> datetime | None:
    """The earliest future attempt time of unclaimed work (when the worker should wake)."""
    return session.execute(
        select(func.min(Variant.next_attempt_at)).where(
            Variant.state.in_(CLAIMABLE), Variant.claimed_by.is_(None),
            Variant.next_attempt_at > now)
    ).scalar()
