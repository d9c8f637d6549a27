"""`carepost serve` as a real subprocess: first-run setup, busy port, newer schema, bad settings."""

from __future__ import annotations

import os
import pty
import select
import socket
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import text

from carepost.storage.db import make_engine
from carepost.storage.migrate import upgrade
from tests.web.conftest import Served, free_port, serve_env, stop_serve, wait_until_up


def run_serve(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "carepost", "serve", *args],
        env=serve_env(tmp_path / "data", **env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_first_start_prints_a_setup_link_and_serves_a_login_page(served: Served) -> None:
    link = served.setup_url
    assert link is not None and link.startswith(served.base_url + "/setup?token=")
    assert httpx.get(f"{served.base_url}/healthz").json() == {"status": "ok"}
    login = httpx.get(served.base_url + "/", follow_redirects=True)
    assert login.status_code == 200 and "<h1>Sign in</h1>" in login.text
    assert httpx.get(link).status_code == 200
    assert httpx.get(served.base_url + "/setup?token=wrong").status_code == 403


def test_a_busy_port_is_one_clear_line_and_exit_1(tmp_path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_serve(tmp_path, "--port", str(port))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"Error: port {port} on 127.0.0.1 is already in use; pick another with --port"]


def test_a_schema_newer_than_the_code_is_refused_in_one_line(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'carepost.db'}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    result = run_serve(tmp_path, "--port", str(free_port()))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "newer than this carepost" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_bad_setting_is_one_line_naming_the_key(tmp_path) -> None:
    result = run_serve(tmp_path, CAREPOST_SESSION_MAX_AGE="forever")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: CAREPOST_SESSION_MAX_AGE: expected a whole number"
    ]
    bad_port = run_serve(tmp_path, "--port", "99999")
    assert (
        bad_port.returncode == 1
        and "port" in bad_port.stderr
        and "Traceback" not in bad_port.stderr
    )


def test_serve_migrates_postgresql_too(tmp_path) -> None:
    url = os.environ.get("CAREPOST_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CAREPOST_TEST_DATABASE_URL is not set in CI")
        pytest.skip("PostgreSQL not configured: set CAREPOST_TEST_DATABASE_URL")
    import uuid

    schema = f"serve_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        from tests.web.conftest import start_serve

        served = start_serve(
            tmp_path / "data", CAREPOST_DATABASE_URL=f"{url}?options=-csearch_path%3D{schema}"
        )
        try:
            assert served.setup_url is not None
        finally:
            stop_serve(served)
        with admin.connect() as conn:
            tables = conn.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            ).scalar()
        assert tables and tables > 3
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _read_until(fd: int, needle: str, limit_s: float = 30.0) -> str:
    seen = ""
    deadline = time.monotonic() + limit_s
    while needle not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {needle!r} in terminal output: {seen[-300:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096).decode("utf-8", "replace")
            except OSError:
                break
    return seen


def test_first_start_in_a_terminal_asks_for_the_org_and_admin(tmp_path) -> None:
    port = free_port()
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "carepost", "serve", "--port", str(port)],
        env=serve_env(tmp_path / "data"),
        # A terminal is all three: Python's input() writes its prompt to stderr on a tty.
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        close_fds=True,
    )
    os.close(secondary)
    try:
        answers = [
            ("Organisation name", "Plainview Clinic"),
            ("Short name for links", ""),
            ("Administrator email", "founder@plainview.example"),
            ("Password", "a long first password"),
            ("Password again", "a long first password"),
        ]
        for prompt, answer in answers:
            _read_until(primary, prompt + ":" if prompt != "Short name for links" else prompt)
            os.write(primary, (answer + "\n").encode())
        _read_until(primary, "Created Plainview Clinic")
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, process)
        with httpx.Client(base_url=base, follow_redirects=True) as client:
            page = client.get("/login")
            assert "setup link" not in page.text
            csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            home = client.post(
                "/login",
                data={
                    "email": "founder@plainview.example",
                    "password": "a long first password",
                    "csrf_token": csrf,
                },
            )
            assert home.status_code == 200 and "Plainview Clinic" in home.text
            assert client.get("/setup").status_code == 404
    finally:
        process.terminate()
        process.wait(timeout=15)
        os.close(primary)


def test_an_unreachable_database_is_one_line_without_the_url(tmp_path) -> None:
    result = run_serve(
        tmp_path,
        "--port",
        str(free_port()),
        CAREPOST_DATABASE_URL="postgresql://carepost:s3cret-pw@127.0.0.1:1/nothing",
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach or migrate the database")
    assert "s3cret-pw" not in result.stderr and "Traceback" not in result.stderr
