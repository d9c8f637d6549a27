"""Several `carepost worker` processes at once: every due post is delivered exactly once."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.services.channels import channel_box
from carepost.settings import load_settings
from carepost.storage.db import transaction
from carepost.storage.publishing import Variant
from tests.cli.helpers import clean_env
from tests.conftest import Personas
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import add_channel, scheduled_now, webhook_config

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
KEY = "concurrency-test-secret-key-0123456789"
POSTS = 12
WORKERS = 3


def test_three_workers_deliver_each_post_once(
    db: sessionmaker[Session], personas: Personas, receiver: Receiver, database_url: str,
    tmp_path: Path,
) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path), secret_key=KEY)
    channel_id = add_channel(db, personas, channel_box(settings), "webhook",
                             webhook_config(receiver.url, SECRET))
    for _ in range(POSTS):
        scheduled_now(db, personas, channel_id)
    env = clean_env(tmp_path, database_url, CAREPOST_SECRET_KEY=KEY)
    workers = [subprocess.Popen([sys.executable, "-m", "carepost", "worker", "--once"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(WORKERS)]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err for _, err in outputs]
    lines = [ln for out, _ in outputs for ln in out.splitlines()]
    assert len(lines) == POSTS and all(ln.endswith(": published") for ln in lines)
    keys = Counter(d.headers["Idempotency-Key"] for d in receiver.deliveries)
    assert len(keys) == POSTS and set(keys.values()) == {1}
    with transaction(db) as session:
        states = session.execute(select(Variant.state)).scalars().all()
    assert states == ["published"] * POSTS
