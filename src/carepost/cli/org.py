"""`carepost org`: add and list organisations (as the local operator)."""

from __future__ import annotations

import click

from carepost.cli._common import handle_errors, open_engine, operator


@click.group()
def org() -> None:
    """Manage the organisations of this installation."""


@org.command("add")
@click.argument("name")
@click.option("--slug", required=True, help="Short URL name: lowercase letters, digits, hyphens.")
@handle_errors
def add(name: str, slug: str) -> None:
    """Create an organisation called NAME."""
    from carepost.services.orgs import create_org
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            created = create_org(session, operator(session), name, slug)
            click.echo(f"created organisation {created.slug} (id {created.id})")
    finally:
        engine.dispose()


@org.command("list")
@handle_errors
def list_() -> None:
    """List organisations with their member counts."""
    from carepost.services.orgs import list_orgs
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            rows = list_orgs(session, operator(session))
            if not rows:
                click.echo("no organisations yet; add one with `carepost org add NAME --slug SLUG`")
            for item, members in rows:
                click.echo(f"{item.slug}\t{item.name}\t{members} member(s)")
    finally:
        engine.dispose()
