"""Running the real `carepost` command: in-process (click's runner) or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from carepost.cli import cli


def clean_env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The process environment without inherited installation settings, plus ours."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CAREPOST_") or k.startswith("CAREPOST_TEST_")}
    env.update({"CAREPOST_DATA_DIR": str(data_dir), "CAREPOST_DATABASE_URL": database_url})
    env.update(extra)
    return env


def run_cli(args: list[str], data_dir: Path, database_url: str, stdin: str | None = None,
            **extra: str) -> Result:
    """Invoke `carepost ARGS` in-process with an isolated environment."""
    env = clean_env(data_dir, database_url, **extra)
    # CliRunner only adds to os.environ; unset inherited settings explicitly.
    unset = {k: None for k in os.environ if k.startswith("CAREPOST_") and k not in env}
    return CliRunner().invoke(cli, args, input=stdin, env={**env, **unset},
                              prog_name="carepost", catch_exceptions=False)


def run_subprocess(args: list[str], data_dir: Path, database_url: str, stdin: str | None = None,
                   **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m carepost ARGS` as a separate process, like an operator would."""
    return subprocess.run(
        [sys.executable, "-m", "carepost", *args],
        input=stdin, capture_output=True, text=True, timeout=120,
        env=clean_env(data_dir, database_url, **extra),
    )
