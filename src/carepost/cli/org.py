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


@org.command("guard-settings")
@click.argument("slug")
@click.option("--policy", default=None,
              help="Policy pack: us-provider, pharma-brand or public-health.")
@click.option("--profile", "profile_path", default=None, type=click.Path(dir_okay=False),
              help="YAML or JSON file: names, phones, faxes, emails, addresses, zips, domains, "
                   "handles, staff, public_events (lists) and extra_terms.")
@handle_errors
def guard_settings_(slug: str, policy: str | None, profile_path: str | None) -> None:
    """Show, or with --policy/--profile replace, the guard settings of organisation SLUG."""
    import json
    from pathlib import Path

    import yaml

    from carepost.services import guard_settings
    from carepost.storage.db import transaction

    profile = None
    if profile_path is not None:
        try:
            profile = yaml.safe_load(Path(profile_path).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise click.ClickException(
                f"cannot read {profile_path}: {type(exc).__name__}") from None
        if not isinstance(profile, dict):
            raise click.ClickException(f"{profile_path} must map keys to lists")
    engine = open_engine()
    try:
        with transaction(engine) as session:
            actor = operator(session, slug)
            current = guard_settings.get(session, actor.org_id)
            if policy is not None or profile is not None:
                current = guard_settings.update(
                    session, actor, policy or current.policy,
                    profile if profile is not None else current.profile)
                click.echo(f"saved the guard settings of {slug}")
            click.echo(json.dumps({"policy": current.policy, "profile": current.profile,
                                   "saved": current.saved}, indent=2, ensure_ascii=False))
    finally:
        engine.dispose()
