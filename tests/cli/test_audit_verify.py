"""`carepost audit verify`, run as a real subprocess, catches hand edits of the audit table on
SQLite and PostgreSQL: an edited row, a deleted row and a reordered pair."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.cli.helpers import run_cli, run_subprocess
from tests.services.tamper import delete_event, edit_detail, swap_events


def _populate(tmp_path: Path, url: str) -> None:
    """Create a realistic chain through the CLI (in-process, for speed): org, users, tokens."""
    steps = [
        (["org", "add", "Plainview Care", "--slug", "plainview"], None),
        (["user", "add", "admin@plainview.example", "--org", "plainview", "--role", "admin",
          "--password-stdin"], "correct horse battery staple\n"),
        (["user", "add", "author@plainview.example", "--org", "plainview", "--role", "author",
          "--password-stdin"], "correct horse battery staple\n"),
        (["token", "create", "--org", "plainview", "--user", "author@plainview.example",
          "--role", "author", "--name", "ci"], None),
        (["token", "revoke", "1", "--org", "plainview"], None),
    ]
    for args, stdin in steps:
        done = run_cli(args, tmp_path, url, stdin)
        assert done.exit_code == 0, done.output


TAMPERS: dict[str, tuple[Callable[[Engine], None], int, str]] = {
    "edited": (lambda e: edit_detail(e, 3, '{"new_account":true,"role":"admin"}'), 3, "edited"),
    "deleted": (lambda e: delete_event(e, 2), 3, "missing (deleted)"),
    "reordered": (lambda e: swap_events(e, 3, 4), 3, "out of order"),
}


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_verify_names_the_first_broken_event(tmp_path: Path, database_url: str, engine: Engine,
                                             tamper: str) -> None:
    # `engine` has already migrated the database the subprocesses use.
    _populate(tmp_path, database_url)
    intact = run_subprocess(["audit", "verify"], tmp_path, database_url)
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.startswith("audit chain intact: 5 event(s) verified; head 5:")

    change, seq, reason = TAMPERS[tamper]
    change(engine)
    broken = run_subprocess(["audit", "verify"], tmp_path, database_url)
    assert broken.returncode == 1
    assert broken.stdout == ""
    assert broken.stderr.startswith(f"audit chain BROKEN at event {seq}: ")
    assert reason in broken.stderr and "Traceback" not in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"CAREPOST_DATABASE_URL": "mysql://root:hunter2@db/x"}, "Error: CAREPOST_DATABASE_URL:"),
        ({"CAREPOST_DATABASE_URL": "postgresql://u:hunter2@127.0.0.1:1/x"},
         "Error: database error"),
        ({"CAREPOST_PORT": "http"}, "Error: CAREPOST_PORT: expected a whole number"),
        ({"CAREPOST_DATA_DIR": "/dev/null/data"}, "Error: data_dir: /dev/null/data is not a "
                                                  "writable directory"),
    ],
)
def test_bad_configuration_is_one_clean_line(tmp_path: Path, extra: dict[str, str],
                                             expected: str) -> None:
    done = run_subprocess(["audit", "verify"], tmp_path, f"sqlite:///{tmp_path / 'x.db'}",
                          **extra)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), done.stderr
    assert "hunter2" not in done.stderr and "Traceback" not in done.stderr
