"""Exactly once across a crash: SIGKILL a real `carepost worker` mid-publish, restart, count posts.

The worker runs as a subprocess against the local Bluesky network (peers/bluesky). A test hook
(`CAREPOST_TEST_PAUSE_AT`) pauses it either right after the idempotency key is committed (the
network was not called yet) or right after the network answered (the post exists but the
database does not know). Either way a restarted worker must leave exactly one post.
"""

from __future__ import annotations

import queue
import secrets
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.idempotency import tid_for
from carepost.services.channels import channel_box
from carepost.settings import load_settings
from tests.bluesky_peer import BlueskyNetwork
from tests.cli.helpers import clean_env
from tests.conftest import Personas
from tests.worker.helpers import add_channel, scheduled_now, variant

PASSWORD = "correct-horse-battery"
SECRET_KEY = "kill-test-secret-key-0123456789abcdef"
READY_WAIT = 120.0  # generous: a cold interpreter on a busy 2-core machine


def _start_worker(data_dir: Path, database_url: str, pause: str) -> subprocess.Popen[str]:
    env = clean_env(data_dir, database_url, CAREPOST_SECRET_KEY=SECRET_KEY,
                    CAREPOST_TEST_PAUSE_AT=f"{pause}:300")
    return subprocess.Popen(
        [sys.executable, "-m", "carepost", "worker", "--poll-seconds", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for_line(process: subprocess.Popen[str], wanted: str) -> None:
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stdout or []:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=READY_WAIT)
        except queue.Empty:
            process.kill()
            err = process.stderr.read() if process.stderr else ""
            pytest.fail(f"worker never reached {wanted}: {err[-800:]}")
        if not line:
            err = process.stderr.read() if process.stderr else ""
            pytest.fail(f"worker exited before {wanted}: {err[-500:]}")
        if line.strip() == wanted:
            return


@pytest.mark.parametrize("pause", ["after_key", "after_call"])
def test_sigkill_mid_publish_then_restart_leaves_exactly_one_post(
    pause: str,
    db: sessionmaker[Session],
    personas: Personas,
    database_url: str,
    tmp_path: Path,
    bluesky_network: BlueskyNetwork,
) -> None:
    handle = f"k{secrets.token_hex(5)}.test"
    did = bluesky_network.create_account(handle, PASSWORD)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    settings = load_settings(environ={}, data_dir=str(data_dir), secret_key=SECRET_KEY)
    channel_id = add_channel(db, personas, channel_box(settings), "bluesky", {
        "handle": handle, "app_password": PASSWORD, "service_url": bluesky_network.pds,
        "allow_private_addresses": True,
    })
    post_id = scheduled_now(db, personas, channel_id)

    process = _start_worker(data_dir, database_url, pause)
    try:
        _wait_for_line(process, f"carepost-test-paused:{pause}")
        paused = variant(db, post_id)
        assert paused.state == "publishing" and paused.idempotency_key  # committed first
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    before = bluesky_network.list_posts(did)
    assert len(before) == (0 if pause == "after_key" else 1)

    env = clean_env(data_dir, database_url, CAREPOST_SECRET_KEY=SECRET_KEY)
    rerun = subprocess.run([sys.executable, "-m", "carepost", "worker", "--once"], env=env,
                           capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert f"variant {paused.id}: published" in rerun.stdout

    after = bluesky_network.list_posts(did)
    assert len(after) == 1
    done = variant(db, post_id)
    assert done.state == "published" and done.idempotency_key == paused.idempotency_key
    assert str(after[0]["uri"]).endswith("/" + tid_for(paused.idempotency_key))
    assert done.remote_id == after[0]["uri"]
