"""`carepost channel`: connect a channel (its configuration sealed at rest), list, test it."""

from __future__ import annotations

import json
from typing import Any

import click

from carepost.cli._common import (
    handle_errors,
    load_settings_checked,
    open_engine,
    operator,
    org_option,
)


def _read_config(path: str) -> dict[str, Any]:
    """A JSON or YAML mapping from a file or stdin ('-'); secrets never go on the command line."""
    import yaml

    stream = click.open_file(path, "r", encoding="utf-8")
    try:
        text = stream.read()
    finally:
        if path != "-":
            stream.close()
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        # The parser's message could quote the file, secrets included: name the option only.
        raise click.ClickException("--config: not valid JSON or YAML") from None
    if not isinstance(data, dict):
        raise click.ClickException("--config: must hold a mapping of configuration keys")
    return data


@click.group()
def channel() -> None:
    """Connect, list and test an organisation's channels."""


@channel.command("add")
@org_option
@click.option("--kind", required=True,
              help="Connector kind: bluesky, mastodon, email, webhook, blog.")
@click.option("--name", required=True, help="A name people recognise, e.g. 'Main Bluesky'.")
@click.option("--config", "config_path", required=True, metavar="PATH",
              help="JSON or YAML file with the connector configuration ('-' reads stdin).")
@handle_errors
def add(org_slug: str, kind: str, name: str, config_path: str) -> None:
    """Connect a channel; its configuration (credentials included) is stored encrypted."""
    from carepost.services.channels import add_channel, channel_box
    from carepost.storage.db import transaction

    config = _read_config(config_path)
    box = channel_box(load_settings_checked())
    engine = open_engine()
    try:
        with transaction(engine) as session:
            row = add_channel(session, operator(session, org_slug), box, kind, name, config)
            click.echo(f"channel {row.id} added ({row.kind}, {row.name})")
    finally:
        engine.dispose()


@channel.command("list")
@org_option
@handle_errors
def list_(org_slug: str) -> None:
    """List channels: id, kind, status, last test, name."""
    from carepost.services.channels import list_channels
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for row in list_channels(session, operator(session, org_slug)):
                tested = ("never" if row.last_test_ok is None
                          else "ok" if row.last_test_ok else "failed")
                click.echo(f"{row.id}\t{row.kind}\t{row.status}\ttest:{tested}\t{row.name}")
    finally:
        engine.dispose()


@channel.command("test")
@org_option
@click.argument("channel_id", type=int)
@handle_errors
def test(org_slug: str, channel_id: int) -> None:
    """Test a channel's connection without posting; exit 1 when it fails."""
    from carepost.services.channels import channel_box, test_channel
    from carepost.storage.db import transaction

    box = channel_box(load_settings_checked())
    engine = open_engine()
    try:
        with transaction(engine) as session:
            result = test_channel(session, operator(session, org_slug), box, channel_id)
    finally:
        engine.dispose()
    if not result.ok:
        raise click.ClickException(f"connection failed: {result.detail or 'no detail'}")
    click.echo(f"connection ok ({result.account or 'account unknown'})")
