"""`carepost alert`: templates, approvals, sending, updates, the all-clear, drills, board, CAP.

Every command acts as a member named with `--as EMAIL` (the two-person rule needs named
people). Texts come from files or stdin, never from the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from carepost.cli._common import handle_errors, load_settings_checked, open_engine, org_option
from carepost.cli.post import _member, _read_text, as_option


def _act(org_slug: str, email: str, action: Callable[[Any, Any], Any]) -> Any:
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            return action(session, _member(session, org_slug, email))
    finally:
        engine.dispose()


def _deliver(org_slug: str, email: str, alert_id: int, retry_ids: tuple[int, ...] | None = None
             ) -> None:
    """Send (or retry) as the member, then print the board."""
    from carepost.services.alerts import send
    from carepost.services.channels import channel_box
    from carepost.storage.db import read_only, session_factory

    box = channel_box(load_settings_checked())
    engine = open_engine()
    try:
        factory = session_factory(engine)
        with read_only(factory) as session:
            actor = _member(session, org_slug, email)
        if retry_ids is None:
            send.send(factory, box, actor, alert_id)
        else:
            send.retry(factory, box, actor, alert_id, list(retry_ids))
        _print_board(factory, actor, alert_id)
    finally:
        engine.dispose()


def _print_board(factory: Any, actor: Any, alert_id: int) -> None:
    from carepost.services.alerts.compose import deliveries, get_alert
    from carepost.storage.db import read_only
    from carepost.storage.publishing import Channel

    with read_only(factory) as session:
        alert = get_alert(session, actor, alert_id)
        click.echo(f"alert {alert.id}\t{alert.status}\t{alert.msg_type}"
                   + ("\tDRILL" if alert.drill else ""))
        for row in deliveries(session, alert.id):
            channel = session.get(Channel, row.channel_id)
            name = channel.name if channel is not None else "?"
            click.echo(f"  {row.id}\t{row.channel_id}:{name}\t{row.status}\t"
                       f"attempts={row.attempts}\t{row.url or row.remote_id or ''}"
                       + (f"\t({row.error})" if row.error else ""))


def _values(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter("use NAME=VALUE", param_hint="--value")
        values[name.strip()] = value
    return values


def _create(org_slug: str, email: str, channels: tuple[int, ...], template_id: int | None,
            values: tuple[str, ...], text_file: str | None, headline: str | None, kind: str,
            area: str, pause: int, drill: bool, parent: int | None = None,
            msg_type: str = "alert") -> tuple[int, str]:
    from carepost.services.alerts.compose import create_alert

    if not channels:
        raise click.UsageError("choose at least one --channel")
    text = _read_text(text_file) if text_file else None
    if template_id is None and (text is None or not headline):
        raise click.UsageError("give --template (with --value NAME=VALUE), or --headline "
                               "and --text-file for an alert written from scratch")

    def action(session: Any, actor: Any) -> tuple[int, str]:
        row = create_alert(session, actor, list(channels), template_id=template_id,
                           values=_values(values), headline=headline, text=text, kind=kind,
                           area=area, drill=drill, pause_minutes=pause, parent_id=parent,
                           msg_type=msg_type)
        return row.id, row.status

    return tuple(_act(org_slug, email, action))  # type: ignore[return-value]


def _then_send(org_slug: str, email: str, alert_id: int, status: str) -> None:
    if status == "approved":
        _deliver(org_slug, email, alert_id)
    else:
        click.echo(f"alert {alert_id} created; it needs approval by a privacy officer and an "
                   f"approver: carepost alert approve --org {org_slug} --as EMAIL {alert_id}")


def alert_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options shared by send, drill, update and all-clear."""
    for option in reversed((
        click.option("--channel", "channels", type=int, multiple=True,
                     help="A channel id to send to (repeat for several; at least one)."),
        click.option("--template", "template_id", type=int, default=None,
                     help="An approved template to fill (the fast path: sent at once)."),
        click.option("--value", "values", multiple=True, metavar="NAME=VALUE",
                     help="A template field's value (repeat for each field)."),
        click.option("--text-file", default=None, metavar="PATH",
                     help="Without a template: the alert's text ('-' reads stdin)."),
        click.option("--headline", default=None, help="Without a template: the headline."),
        click.option("--kind", default="custom", help="Without a template: the alert kind."),
        click.option("--area", default="", help="The area affected (CAP areaDesc)."),
    )):
        func = option(func)
    return func


@click.group()
def alert() -> None:
    """Emergency alerts: templates, two approvals, send to every channel, board, CAP."""


@alert.group()
def template() -> None:
    """Alert templates, approved in advance by a privacy officer and an approver."""


@template.command("add")
@org_option
@as_option
@click.option("--kind", required=True, help="outbreak, vaccine_clinic_change, "
              "facility_closure, boil_water, heat_emergency or custom.")
@click.option("--name", default="", help="A name (default: the kind's).")
@click.option("--file", "spec_file", default=None, metavar="PATH",
              help="YAML with headline, body, instruction, fields and cap (default: the "
                   "kind's starter template).")
@handle_errors
def template_add(org_slug: str, as_email: str, kind: str, name: str,
                 spec_file: str | None) -> None:
    """Add a template (from the kind's starter text unless --file says otherwise)."""
    import yaml

    from carepost.services.alerts.templates import create_template

    spec: dict[str, Any] = {}
    if spec_file:
        try:
            spec = yaml.safe_load(_read_text(spec_file)) or {}
        except yaml.YAMLError:
            raise click.ClickException("--file: not valid YAML") from None
        if not isinstance(spec, dict):
            raise click.ClickException("--file: must hold a mapping")
        unknown = set(spec) - {"headline", "body", "instruction", "fields", "cap"}
        if unknown:
            raise click.ClickException(f"--file: unknown key {sorted(unknown)[0]}")
    row_id = _act(org_slug, as_email, lambda s, a: create_template(
        s, a, kind, name, headline=spec.get("headline"), body=spec.get("body"),
        instruction=spec.get("instruction"), field_specs=spec.get("fields"),
        cap=spec.get("cap")).id)
    click.echo(f"template {row_id} added; it needs approval by a privacy officer and an approver")


@template.command("list")
@org_option
@handle_errors
def template_list(org_slug: str) -> None:
    """List templates with their fields and approval state."""
    from carepost.cli._common import operator
    from carepost.services.alerts import templates
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for row in templates.list_templates(session, operator(session, org_slug)):
                state = "approved" if templates.is_approved(session, row) else "not approved"
                names = ", ".join(s.name for s in templates.field_specs(row))
                click.echo(f"{row.id}\t{row.kind}\tv{row.version}\t{state}\t{row.name}\t"
                           f"fields: {names}")
    finally:
        engine.dispose()


@template.command("approve")
@org_option
@as_option
@click.argument("template_id", type=int)
@handle_errors
def template_approve(org_slug: str, as_email: str, template_id: int) -> None:
    """Give your approval (privacy officer or approver) to a template's current version."""
    from carepost.services.alerts.templates import approve_template

    slot = _act(org_slug, as_email, lambda s, a: approve_template(s, a, template_id).slot)
    click.echo(f"template {template_id} approved ({slot.replace('_', ' ')})")


@alert.command("send")
@org_option
@as_option
@alert_options
@click.option("--alert", "alert_id", type=int, default=None,
              help="Send this already approved alert instead of writing a new one.")
@click.option("--pause", type=int, default=0, metavar="MINUTES",
              help="Hold scheduled promotional posts back for this many minutes.")
@handle_errors
def send_(org_slug: str, as_email: str, channels: tuple[int, ...], template_id: int | None,
          values: tuple[str, ...], text_file: str | None, headline: str | None, kind: str,
          area: str, alert_id: int | None, pause: int) -> None:
    """Send an alert to every chosen channel at once (a new one, or an approved --alert)."""
    if alert_id is not None:
        _deliver(org_slug, as_email, alert_id)
        return
    new_id, status = _create(org_slug, as_email, channels, template_id, values, text_file,
                             headline, kind, area, pause, False)
    _then_send(org_slug, as_email, new_id, status)


@alert.command("drill")
@org_option
@as_option
@alert_options
@handle_errors
def drill(org_slug: str, as_email: str, channels: tuple[int, ...], template_id: int | None,
          values: tuple[str, ...], text_file: str | None, headline: str | None, kind: str,
          area: str) -> None:
    """Send a drill: test channels only, marked "DRILL — EXERCISE", CAP status Exercise."""
    new_id, status = _create(org_slug, as_email, channels, template_id, values, text_file,
                             headline, kind, area, 0, True)
    _then_send(org_slug, as_email, new_id, status)


def _follow_up(msg_type: str) -> Callable[..., None]:
    def command(org_slug: str, as_email: str, parent: int, channels: tuple[int, ...],
                template_id: int | None, values: tuple[str, ...], text_file: str | None,
                headline: str | None, kind: str, area: str) -> None:
        new_id, status = _create(org_slug, as_email, channels, template_id, values, text_file,
                                 headline, kind, area, 0, False, parent, msg_type)
        _then_send(org_slug, as_email, new_id, status)

    return command


for _name, _type, _help in (
    ("update", "update", "Send an update that links back to the first alert."),
    ("all-clear", "all_clear", "Send the all-clear that links back to the first alert."),
):
    _cmd = _follow_up(_type)
    _cmd.__doc__ = _help
    alert.command(_name)(org_option(as_option(click.option(
        "--parent", type=int, required=True, help="The alert this follows.")(
        alert_options(handle_errors(_cmd))))))


@alert.command("approve")
@org_option
@as_option
@click.argument("alert_id", type=int)
@click.option("--send", "send_now", is_flag=True,
              help="Send at once if this was the second approval.")
@handle_errors
def approve(org_slug: str, as_email: str, alert_id: int, send_now: bool) -> None:
    """Approve an alert written from scratch (two people: privacy officer and approver).

    With --send the approving member also sends it, which needs the alert.send permission.
    """
    from carepost.services.alerts.compose import approve_alert, get_alert

    status = _act(org_slug, as_email, lambda s, a: (
        approve_alert(s, a, alert_id), get_alert(s, a, alert_id).status)[1])
    click.echo(f"alert {alert_id} approved ({status.replace('_', ' ')})")
    if send_now and status == "approved":
        _deliver(org_slug, as_email, alert_id)


@alert.command("board")
@org_option
@as_option
@click.argument("alert_id", type=int)
@click.option("--refresh", is_flag=True,
              help="First ask the networks again about posts sent but not yet confirmed.")
@handle_errors
def board(org_slug: str, as_email: str, alert_id: int, refresh: bool) -> None:
    """Show each channel's delivery: sent, acknowledged, failed or unknown."""
    from carepost.services.alerts import send
    from carepost.services.channels import channel_box
    from carepost.storage.db import session_factory

    engine = open_engine()
    try:
        factory = session_factory(engine)
        actor = _act(org_slug, as_email, lambda s, a: a)
        if refresh:
            send.refresh(factory, channel_box(load_settings_checked()), actor, alert_id)
        _print_board(factory, actor, alert_id)
    finally:
        engine.dispose()


@alert.command("retry")
@org_option
@as_option
@click.argument("alert_id", type=int)
@click.option("--delivery", "delivery_ids", type=int, multiple=True,
              help="Only this delivery (repeat); default: every failed one.")
@handle_errors
def retry(org_slug: str, as_email: str, alert_id: int, delivery_ids: tuple[int, ...]) -> None:
    """Send failed deliveries again with their own keys (nothing goes out twice)."""
    _deliver(org_slug, as_email, alert_id, delivery_ids)


@alert.command("cap")
@org_option
@as_option
@click.argument("alert_id", type=int)
@click.option("--output", default=None, metavar="PATH", help="Write to a file, not stdout.")
@handle_errors
def cap_(org_slug: str, as_email: str, alert_id: int, output: str | None) -> None:
    """Print the alert as a CAP 1.2 XML message."""
    from carepost.services.alerts import feeds
    from carepost.services.alerts.compose import get_alert

    data = _act(org_slug, as_email, lambda s, a: feeds.cap_xml(s, get_alert(s, a, alert_id)))
    if output:
        with open(output, "wb") as handle:
            handle.write(data)
    else:
        click.echo(data.decode("utf-8"))


@alert.command("test-channel")
@org_option
@as_option
@click.argument("channel_id", type=int)
@click.option("--off", is_flag=True, help="Unmark it (no longer a test channel).")
@handle_errors
def test_channel(org_slug: str, as_email: str, channel_id: int, off: bool) -> None:
    """Mark a channel as a test channel, the only kind a drill goes to."""
    from carepost.services.alerts.compose import mark_test_channel

    _act(org_slug, as_email, lambda s, a: mark_test_channel(s, a, channel_id, not off))
    click.echo(f"channel {channel_id} {'is no longer' if off else 'is now'} a test channel")


@alert.command("list")
@org_option
@handle_errors
def list_(org_slug: str) -> None:
    """List alerts with their status (no text)."""
    from carepost.cli._common import operator
    from carepost.services.alerts.compose import list_alerts
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for row in list_alerts(session, operator(session, org_slug)):
                sent = row.sent_at.isoformat() if row.sent_at else "-"
                click.echo(f"{row.id}\t{row.msg_type}\t{row.status}\t{sent}\t"
                           + ("DRILL\t" if row.drill else "") + row.headline)
    finally:
        engine.dispose()
