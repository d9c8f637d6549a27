"""The worker loop: recover dead claims, remind approvers, claim due variants, publish them."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import posts, publishing
from carepost.services.channels import channel_box
from carepost.services.publishing import Outcome
from carepost.settings import Settings
from carepost.storage.db import make_engine, session_factory, transaction
from carepost.storage.models import utcnow
from carepost.worker import claims

log = logging.getLogger("carepost.worker")
BATCH = 10


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
            with transaction(self.db) as session:
                claimed = claims.claim_due(session, self.me, utcnow(), BATCH)
            if not claimed:
                return outcomes
            for variant_id in claimed:
                try:
                    outcomes.append(
                        publishing.publish_one(self.db, self.box, variant_id, self.me)
                    )
                except Exception as exc:  # a bug or a connector's untranslated error
                    log_event(log, "worker.publish_failed", level=logging.ERROR,
                              variant_id=variant_id, error=type(exc).__name__.lower())
                    publishing.release_after_error(self.db, variant_id, self.me)
                    outcomes.append(Outcome(variant_id, "error", type(exc).__name__))

    def run(self, stop: threading.Event) -> None:
        """Tick every `poll_seconds` until `stop` is set; a failed tick is logged, not fatal."""
        log_event(log, "worker.started")
        # The inbox's poller runs beside publishing, on its own thread (worker/inbound.py).
        from carepost.worker.inbound import start_beside
        inbound = start_beside(self.db, self.box, stop)
        while not stop.is_set():
            try:
                self.tick()
            except Exception as exc:  # keep publishing other posts; the type says what broke
                log_event(log, "worker.tick_failed", level=logging.ERROR,
                          error=type(exc).__name__.lower())
            stop.wait(self.poll_seconds)
        inbound.join(30)
        log_event(log, "worker.stopped")


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
