"""`carepost serve` runs the publishing worker in its own process by default: one does it all."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from carepost.services.channels import channel_box
from carepost.settings import load_settings
from tests.cli.helpers import clean_env
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, scheduled_now, variant, webhook_config

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
KEY = "serve-worker-test-secret-key-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(tmp_path: Path, database_url: str, **extra: str) -> subprocess.Popen[str]:
    env = clean_env(tmp_path, database_url, CAREPOST_SECRET_KEY=KEY,
                    CAREPOST_PORT=str(_free_port()), CAREPOST_WORKER_POLL_SECONDS="1", **extra)
    return subprocess.Popen([sys.executable, "-m", "carepost", "serve"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return err


def test_serve_publishes_a_due_post_and_stops_cleanly(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, database_url: str,
    tmp_path: Path,
) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path), secret_key=KEY)
    channel_id = add_channel(db, personas, channel_box(settings), "webhook",
                             webhook_config(receiver.url, SECRET))
    post_id = scheduled_now(db, personas, channel_id)
    proc = _serve(tmp_path, database_url)
    try:
        deadline = time.monotonic() + 90  # a bound, not a speed check: it normally takes ~2 s
        while not receiver.deliveries and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
    finally:
        err = _stop(proc)
    assert len(receiver.deliveries) == 1, err
    assert variant(db, post_id).state == "published"
    assert "Traceback" not in err


def test_serve_leaves_publishing_to_separate_workers_when_told(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, database_url: str,
    tmp_path: Path,
) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path), secret_key=KEY)
    channel_id = add_channel(db, personas, channel_box(settings), "webhook",
                             webhook_config(receiver.url, SECRET))
    post_id = scheduled_now(db, personas, channel_id)
    proc = _serve(tmp_path, database_url, CAREPOST_WORKER_IN_PROCESS="false")
    try:
        time.sleep(4)  # four poll intervals in which an in-process worker would have published
    finally:
        _stop(proc)
    assert receiver.deliveries == []
    assert variant(db, post_id).state == "scheduled"
