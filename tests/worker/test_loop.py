"""The in-process worker `serve` will run: starts on a thread, publishes, stops on request."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from carepost import guard
from carepost.services.channels import channel_box
from carepost.settings import load_settings
from carepost.worker import loop, start_in_process_worker
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, new_box, scheduled_now, variant, webhook_config

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
KEY = "in-process-worker-secret-key-0123456789"
WAIT = 60.0  # an upper bound for a busy machine, not a speed requirement


def test_in_process_worker_publishes_and_stops(
    db: sessionmaker[Session], engine: Engine, personas: Personas, receiver: Receiver,
    database_url: str, tmp_path: Path,
) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path), secret_key=KEY,
                             database_url=database_url, worker_poll_seconds=1)
    channel_id = add_channel(db, personas, channel_box(settings), "webhook",
                             webhook_config(receiver.url, SECRET))
    handle = start_in_process_worker(settings, engine)
    try:
        assert handle.thread is not None and handle.thread.is_alive()
        post_id = scheduled_now(db, personas, channel_id)
        deadline = time.monotonic() + WAIT
        while variant(db, post_id).state != "published" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert variant(db, post_id).state == "published"
        assert len(receiver.deliveries) == 1
    finally:
        handle.stop()
    assert not handle.thread.is_alive()


def test_worker_in_process_off_starts_nothing(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path), worker_in_process=False)
    handle = start_in_process_worker(settings)
    assert handle.thread is None
    handle.stop()


def test_the_worker_runs_the_guard_before_its_first_pass(
    db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The guard's one-time costs (compiling and analysing its patterns) come at start, not on
    the first posts due after it; the warm-up texts are ones it passes."""
    order: list[str] = []
    stop = threading.Event()
    checks: list[str] = []
    real_check = guard.check

    def check(text: str, direction: str, context: str) -> guard.Verdict:
        verdict = real_check(text, direction, context)
        checks.append(verdict.action)
        return verdict

    def tick() -> list[object]:
        order.append("tick")
        stop.set()
        return []

    real_warm = loop.warm_up

    def warm_up() -> None:
        order.append("warm")
        real_warm()

    monkeypatch.setattr(guard, "check", check)
    monkeypatch.setattr(loop, "warm_up", warm_up)
    worker = loop.Worker(db=db, box=new_box(), poll_seconds=0.1)
    monkeypatch.setattr(worker, "tick", tick)
    worker.run(stop)
    assert order == ["warm", "tick"]
    assert len(checks) == len(loop.WARM_TEXTS) * loop.WARM_ROUNDS
    assert set(checks) == {"allow"}
