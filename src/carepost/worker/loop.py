"""The worker loop: recover dead claims, remind approvers, claim due variants, publish them."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import posts, publishing
from carepost.services.alerts.pause import hold_due
from carepost.services.channels import channel_box
from carepost.services.publishing import Outcome
from carepost.settings import Settings
from carepost.storage.db import make_engine, read_only, session_factory, transaction
from carepost.storage.models import utcnow
from carepost.worker import claims

log = logging.getLogger("carepost.worker")
# Variants claimed and prepared per transaction. Each batch costs a fixed few milliseconds
# (the claim, the alert-pause check, the organisation's guard settings, the commits): 25 cut
# the worker's CPU by ~0.5 ms a post against 10 (in-process, 1,000 webhook posts). Batches
# larger still would let one worker take every due post from the others.
BATCH = 25
# Outbound texts of the usual kinds, with no identifiers, that the worker checks at start (nothing
# is sent or stored). The guard compiles a rule's pattern on its first search and analyses it
# for gating after a few more (guard/rules/base.py): about a second of CPU in all, which a worker
# would otherwise spend on the first posts due after it starts, late by that much.
WARM_TEXTS = (
    "Our vaccination clinic is open Saturday from 9 to 12 at the main site; walk-ins welcome.",
    "Free health screenings in the lobby every Tuesday this month. Bring your questions!",
    "Parking update: the north garage is closed for repairs, please use the visitor lot.",
    "Join our free online class on managing stress and sleep next Thursday at 7 pm.",
    "Thank you to our nurses and volunteers for a wonderful community health fair.",
    "New study: regular walking lowers blood pressure. Talk to your doctor before starting.",
)
WARM_ROUNDS = 4  # one compiles, the next ones run each pattern past its analysis threshold
MIN_PAUSE = 0.05  # seconds: never a busy loop, even with a slot due right now


@dataclass
class Worker:
    """One worker: call `tick()` once, or `run(stop)` until the event is set."""

    db: sessionmaker[Session]
    box: Box
    poll_seconds: float = 5.0
    reminder_lead: timedelta = timedelta(hours=2)
    me: str = field(default_factory=claims.worker_id)

    def tick(self) -> list[Outcome]:
        """One pass: housekeeping, then publish everything due now; return the outcomes."""
        now = utcnow()
        with transaction(self.db) as session:
            claims.recover_stale_claims(session, now)
            claims.clear_expired_limits(session, now)
            posts.remind_unapproved(session, now, self.reminder_lead)
        outcomes: list[Outcome] = []
        while True:
            claimed, jobs, broken = self._claim_and_prepare()
            if not claimed:
                return outcomes
            for variant_id in broken:
                publishing.release_after_error(self.db, variant_id, self.me)
                outcomes.append(Outcome(variant_id, "error", "prepare"))
            # Calls one by one; their outcomes are recorded together (publishing.Sender).
            sender = publishing.Sender(self.db, self.box)
            for job in jobs:
                if isinstance(job, Outcome):
                    outcomes.append(job)
                    continue
                publishing._test_pause("after_key")
                try:
                    outcomes.extend(sender.send(job))
                except Exception as exc:  # a bug or a connector's untranslated error
                    log_event(log, "worker.publish_failed", level=logging.ERROR,
                              variant_id=job.variant_id, error=type(exc).__name__.lower())
                    publishing.release_after_error(self.db, job.variant_id, self.me)
                    outcomes.append(Outcome(job.variant_id, "error", type(exc).__name__))
            outcomes.extend(sender.flush())

    def _claim_and_prepare(self) -> tuple[list[int], list[Any], list[int]]:
        """Claim a batch and record every key in ONE transaction, committed before any call.

        One commit per batch instead of one per post (measured by the throughput benchmark).
        A variant that breaks must not block its batch (a rolled-back batch would be claimed
        again forever): then the batch is rolled back and prepared again with a savepoint per
        variant, so the broken one is released on its own. Savepoints only then: they cost a
        flush and two statements per variant.
        """
        try:
            return self._prepare_batch(careful=False)
        except Exception:
            return self._prepare_batch(careful=True)

    def _prepare_batch(self, careful: bool) -> tuple[list[int], list[Any], list[int]]:
        jobs: list[Any] = []
        broken: list[int] = []
        verified_at = time.monotonic()  # the claims' lease runs from no earlier than this
        with transaction(self.db) as session:
            now = utcnow()
            # An alert's pause holds posts that fell due inside its window, in the claim's own
            # transaction (services/alerts/pause.py says why at claim time).
            hold_due(session, now)
            claimed = claims.claim_due(session, self.me, now, BATCH)
            if not claimed:
                return claimed, jobs, broken
            # The batch's rows in one query; its audit events and post roll-ups at its end.
            batch = publishing.load(session, claimed, verified_at)
            for variant_id in claimed:
                if not careful:  # an error rolls the whole batch back (see the caller)
                    jobs.append(publishing.prepare(session, variant_id, self.me, self.box, batch))
                    continue
                try:
                    with batch.savepoint(session):
                        jobs.append(publishing.prepare(session, variant_id, self.me, self.box,
                                                       batch))
                except Exception as exc:  # a bug: logged by type only (no post content)
                    log_event(log, "worker.prepare_failed", level=logging.ERROR,
                              variant_id=variant_id, error=type(exc).__name__.lower())
                    broken.append(variant_id)
            publishing.finish(session, batch)
        return claimed, jobs, broken

    def pause(self) -> float:
        """Seconds until the next pass: the poll interval, or less when a slot falls sooner.

        Waking at the slot (not at the next poll) keeps posts within a fraction of a second of
        their time; posts scheduled meanwhile are still found by the next poll.
        """
        now = utcnow()
        try:
            with read_only(self.db) as session:
                upcoming = claims.next_due(session, now)
        except Exception:  # the database is away: poll as usual, the next tick will log it
            return self.poll_seconds
        if upcoming is None:
            return self.poll_seconds
        return min(self.poll_seconds, max(MIN_PAUSE, (upcoming - now).total_seconds()))

    def run(self, stop: threading.Event) -> None:
        """Tick every `poll_seconds` until `stop` is set; a failed tick is logged, not fatal."""
        log_event(log, "worker.started")
        warm_up()
        # The inbox's poller runs beside publishing, on its own thread (worker/inbound.py).
        from carepost.worker.inbound import start_beside
        inbound = start_beside(self.db, self.box, stop)
        # Alert deliveries still unconfirmed are asked about again (services/alerts/acks.py).
        from carepost.services.alerts import acks
        acks.start_beside(self.db, self.box, stop)
        while not stop.is_set():
            try:
                self.tick()
            except Exception as exc:  # keep publishing other posts; the type says what broke
                log_event(log, "worker.tick_failed", level=logging.ERROR,
                          error=type(exc).__name__.lower())
            stop.wait(self.pause())
        inbound.join(30)
        log_event(log, "worker.stopped")


def warm_up() -> None:
    """Run the guard over `WARM_TEXTS` so its one-time costs come before the first due post."""
    from carepost.guard import check

    for _ in range(WARM_ROUNDS):
        for text in WARM_TEXTS:
            check(text, "outbound", "post")


def worker_for(settings: Settings, engine: Engine | None = None) -> Worker:
    """A Worker configured from settings (its own engine unless one is given)."""
    engine = engine or make_engine(settings.database_url)
    return Worker(
        db=session_factory(engine), box=channel_box(settings),
        poll_seconds=float(settings.worker_poll_seconds),
        reminder_lead=timedelta(minutes=settings.approval_reminder_minutes),
    )


@dataclass
class WorkerHandle:
    """A running in-process worker; `stop()` asks it to finish its current post and waits."""

    thread: threading.Thread | None
    stop_event: threading.Event

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the worker and wait up to `timeout` seconds for it."""
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout)


def start_in_process_worker(settings: Settings, engine: Engine | None = None) -> WorkerHandle:
    """Start one worker thread (unless `worker_in_process` is off); return its stop handle."""
    stop = threading.Event()
    if not settings.worker_in_process:
        return WorkerHandle(None, stop)
    worker = worker_for(settings, engine)
    thread = threading.Thread(target=worker.run, args=(stop,), name="carepost-worker",
                              daemon=True)
    thread.start()
    return WorkerHandle(thread, stop)
