"""`carepost db`: create and migrate the database."""

from __future__ import annotations

import click

from carepost.cli._common import handle_errors, open_engine


@click.group()
def db() -> None:
    """Create, migrate and inspect the database schema."""


@db.command()
@handle_errors
def upgrade() -> None:
    """Apply all pending migrations (creates the database on first run)."""
    from carepost.storage.migrate import current as current_revision
    from carepost.storage.migrate import upgrade as run_upgrade

    engine = open_engine(require_schema=False)
    try:
        before = current_revision(engine)
        status = run_upgrade(engine)
    finally:
        engine.dispose()
    if before == status.current:
        click.echo(f"database already at revision {status.current} (latest)")
    else:
        click.echo(f"database upgraded from {before or 'empty'} to {status.current} (latest)")


@db.command()
@handle_errors
def current() -> None:
    """Show the database's schema revision and whether it is up to date."""
    from carepost.storage.migrate import check_current

    engine = open_engine(require_schema=False)
    try:
        status = check_current(engine)
    finally:
        engine.dispose()
    state = "up to date" if status.up_to_date else "needs `carepost db upgrade`"
    click.echo(f"revision {status.current or 'none'}; latest {status.head}; {state}")
