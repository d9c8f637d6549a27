"""A real Mastodon-API server for the tests: the pinned third-party `mastodon-mock` emulation."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.connectors.helpers import free_port, peer_missing

START_TIMEOUT = 60.0


@dataclass
class MastodonServer:
    """The running emulation and its mock-only control endpoints."""

    url: str

    def new_user(self, username: str | None = None) -> tuple[str, str]:
        """Create a local account; return (username, access token)."""
        body = {"username": username} if username else {}
        data = httpx.post(f"{self.url}/api/v1/_mock/dev_user", json=body, timeout=10).json()
        return str(data["username"]), str(data["access_token"])

    def add_fault(self, path: str, effect: dict[str, object], count: int = 1) -> None:
        """Make the next `count` POSTs to `path` fail as `effect` says (mock fault injection)."""
        rule = {"match": {"path": path, "methods": ["POST"]}, "effect": effect, "count": count}
        httpx.post(f"{self.url}/api/v1/_mock/faults", json=rule, timeout=10).raise_for_status()

    def clear_faults(self) -> None:
        """Remove every fault rule."""
        httpx.delete(f"{self.url}/api/v1/_mock/faults", timeout=10).raise_for_status()


@pytest.fixture(scope="session")
def mastodon_server() -> Iterator[MastodonServer]:
    """Start `mastodon_mock serve --in-memory` on a free loopback port."""
    try:
        import mastodon_mock  # noqa: F401
    except ImportError:
        peer_missing("mastodon-mock is not installed: pip install -e '.[dev]'")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="carepost-mastodon-"))
    # An explicit config file: otherwise the mock reads [tool.mastodon_mock] from ./pyproject.toml.
    config = workdir / "mastodon_mock.toml"
    config.write_text(f'domain = "127.0.0.1:{port}"\nurl_scheme = "http"\n', encoding="utf-8")
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mastodon_mock",
            "serve",
            "--in-memory",
            "--config",
            str(config),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if httpx.get(f"{url}/api/v1/instance", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                peer_missing(
                    "mastodon-mock did not start: " + (workdir / "server.log").read_text()[-800:]
                )
            time.sleep(0.1)
        yield MastodonServer(url)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def server(mastodon_server: MastodonServer) -> Iterator[MastodonServer]:
    """The server, with no fault rules left behind by the test."""
    yield mastodon_server
    mastodon_server.clear_faults()
