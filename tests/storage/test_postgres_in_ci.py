"""The PostgreSQL variants skip locally with a reason, but fail the run in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = "tests/storage/test_db.py::test_transaction_commits_or_rolls_back_everything"


def _run(ci: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPOST_")}
    env.update({"CI": ci, "CAREPOST_TEST_DATABASE_URL": url})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         f"{TARGET}[postgres]"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.slow
@pytest.mark.parametrize(("ci", "expect_rc", "expect_text"), [
    ("false", 0, "PostgreSQL at CAREPOST_TEST_DATABASE_URL unreachable"),
    ("true", 1, "(required in CI)"),
])
def test_unreachable_postgres(ci: str, expect_rc: int, expect_text: str) -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    done = _run(ci, "postgresql://postgres@127.0.0.1:1/test")
    assert done.returncode == expect_rc, done.stdout[-2000:]
    assert expect_text in done.stdout
