"""`carepost audit`: verify the hash chain and export events."""

from __future__ import annotations

import sys

import click

from carepost.cli._common import handle_errors, open_engine, run_export


@click.group()
def audit() -> None:
    """Check and export the tamper-evident audit log."""


@audit.command()
@click.option("--anchor", default=None, metavar="SEQ:HASH",
              help="A head printed by an earlier verify: also prove the chain still holds it "
                   "(catches a rewritten or shortened chain).")
@handle_errors
def verify(anchor: str | None) -> None:
    """Walk the hash chain; exit 1 naming the first edited, deleted or reordered event."""
    from carepost.services.audit import parse_anchor
    from carepost.services.audit import verify as verify_chain
    from carepost.storage.db import read_only

    parsed = parse_anchor(anchor) if anchor is not None else None
    engine = open_engine()
    try:
        # Read-only: a long verification never holds up the installation's writers.
        with read_only(engine) as session:
            result = verify_chain(session, anchor=parsed)
    finally:
        engine.dispose()
    if result.ok:
        head = f"; head {result.head}" if result.head else ""
        click.echo(f"audit chain intact: {result.checked} event(s) verified{head}")
        return
    click.echo(
        f"audit chain BROKEN at event {result.first_broken_seq}: {result.reason} "
        f"({result.checked} event(s) before it verified)",
        err=True,
    )
    sys.exit(1)


@audit.command()
@click.option("--since", default=None, help="Earliest time, inclusive (ISO date or date-time; UTC "
                                            "unless it has an offset).")
@click.option("--until", default=None, help="Latest time, exclusive (ISO date or date-time).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("--output", "output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of stdout.")
@click.option("--org", "org_slug", default=None, metavar="SLUG",
              help="Only this organisation's events (default: all events).")
@handle_errors
def export(since: str | None, until: str | None, fmt: str, output: str | None,
           org_slug: str | None) -> None:
    """Export audit events in a time range as JSON lines or CSV (the export is audited)."""
    from carepost.services.audit import export as export_events

    def export_scoped(session, actor, start, end, fmt_, out):  # type: ignore[no-untyped-def]
        return export_events(session, actor, start, end, fmt_, out, org_id=actor.org_id)

    count = run_export(export_scoped, since, until, fmt, output, org_slug)
    click.echo(f"exported {count} event(s)", err=True)
