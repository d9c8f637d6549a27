"""`carepost worker`: publish due posts in this process (run several for more throughput)."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from carepost.cli._common import handle_errors, load_settings_checked, open_engine


@click.command()
@click.option("--once", is_flag=True,
              help="Publish what is due now, print one line per attempt, then exit.")
@click.option("--poll-seconds", type=click.IntRange(1, 3600), default=None,
              help="Seconds between passes (default: the worker_poll_seconds setting).")
@handle_errors
def worker(once: bool, poll_seconds: int | None) -> None:
    """Claim due posts from the database and publish them until stopped (SIGTERM or Ctrl-C)."""
    from carepost.logs import configure_logging
    from carepost.worker.loop import worker_for

    settings = load_settings_checked()
    engine = open_engine()
    try:
        runner = worker_for(settings, engine)
        if poll_seconds is not None:
            runner.poll_seconds = float(poll_seconds)
        if once:
            for outcome in runner.tick():
                click.echo(f"variant {outcome.variant_id}: {outcome.state}")
            return
        # Logs only for the long-running mode; `--once` speaks for itself, one line a post.
        configure_logging(settings)
        stop = threading.Event()

        def _stop(_signum: int, _frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        click.echo(f"worker {runner.me} started", err=True)
        runner.run(stop)
    finally:
        engine.dispose()
