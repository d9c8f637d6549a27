"""`carepost worker`: one pass with nothing due; a long-running worker stops on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import clean_env, run_cli


def test_once_with_nothing_due_prints_nothing(tmp_path: Path, database_url: str) -> None:
    assert run_cli(["db", "upgrade"], tmp_path, database_url).exit_code == 0
    result = run_cli(["worker", "--once"], tmp_path, database_url)
    assert result.exit_code == 0 and result.output == ""


def test_refuses_an_unmigrated_database(tmp_path: Path, database_url: str) -> None:
    result = run_cli(["worker", "--once"], tmp_path, database_url)
    assert result.exit_code == 1 and "carepost db upgrade" in result.output


def test_sigterm_stops_the_worker_cleanly(tmp_path: Path, database_url: str) -> None:
    assert run_cli(["db", "upgrade"], tmp_path, database_url).exit_code == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "carepost", "worker", "--poll-seconds", "1"],
        env=clean_env(tmp_path, database_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        # The start line comes after settings, database and schema checks succeeded.
        assert process.stderr.readline().startswith("worker ")
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
