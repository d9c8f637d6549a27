"""`carepost archive`: export published posts, legal holds, retention purge, deleted marks."""

from __future__ import annotations

import click

from carepost.cli._common import (
    handle_errors,
    load_settings_checked,
    open_engine,
    operator,
    org_option,
    run_export,
)


@click.group()
def archive() -> None:
    """The immutable record of everything published."""


@archive.command()
@click.option("--since", default=None, help="Earliest publication time, inclusive (ISO date or "
                                            "date-time; UTC unless it has an offset).")
@click.option("--until", default=None, help="Latest publication time, exclusive (ISO).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of stdout.")
@click.option("--org", "org_slug", default=None, metavar="SLUG",
              help="Only this organisation's records (default: all).")
@handle_errors
def export(since: str | None, until: str | None, fmt: str, output: str | None,
           org_slug: str | None) -> None:
    """Export archive records published in a time range (the export is audited)."""
    from carepost.services.archive import export as export_records

    count = run_export(export_records, since, until, fmt, output, org_slug)
    click.echo(f"exported {count} record(s)", err=True)


@archive.command()
@org_option
@click.argument("record_id", type=int)
@click.option("--release", is_flag=True, help="Lift the hold instead of placing it.")
@handle_errors
def hold(org_slug: str, record_id: int, release: bool) -> None:
    """Place (or lift) a legal hold: the record survives retention while held."""
    from carepost.services.archive import set_legal_hold
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            set_legal_hold(session, operator(session, org_slug), record_id, not release)
    finally:
        engine.dispose()
    click.echo(f"record {record_id}: legal hold {'lifted' if release else 'placed'}")


@archive.command("mark-deleted")
@org_option
@click.argument("record_id", type=int)
@handle_errors
def mark_deleted(org_slug: str, record_id: int) -> None:
    """Record that the post was deleted on the network; the record itself is kept."""
    from carepost.services.archive import mark_deleted as mark
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            mark(session, operator(session, org_slug), record_id)
    finally:
        engine.dispose()
    click.echo(f"record {record_id}: marked deleted")


@archive.command()
@org_option
@handle_errors
def purge(org_slug: str) -> None:
    """Delete records older than archive_retention_years, except those on legal hold."""
    from carepost.services.archive import purge as purge_records
    from carepost.storage.db import transaction

    settings = load_settings_checked()
    engine = open_engine()
    try:
        with transaction(engine) as session:
            count = purge_records(session, operator(session, org_slug),
                                  settings.archive_retention_years)
    finally:
        engine.dispose()
    click.echo(f"purged {count} record(s)")
