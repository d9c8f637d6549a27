"""`carepost inbox`: list, read and act on inbound items; poll channels; AE cases; templates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from carepost.cli._common import (
    handle_errors,
    load_settings_checked,
    open_engine,
    operator,
    org_option,
)

QUEUE_CHOICE = click.Choice(
    ["urgent", "phi", "adverse_event", "complaint", "misinformation", "question", "other"])


@contextmanager
def _db() -> Iterator[Any]:
    from carepost.storage.db import session_factory

    engine = open_engine()
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()


def _box() -> Any:
    from carepost.services.channels import channel_box

    return channel_box(load_settings_checked())


def _actor(db: Any, org_slug: str) -> Any:
    from carepost.storage.db import read_only

    with read_only(db) as session:
        return operator(session, org_slug)


@click.group()
def inbox() -> None:
    """Triage and answer replies, mentions and comments from every channel."""


@inbox.command("list")
@org_option
@click.option("--queue", type=QUEUE_CHOICE, default=None, help="Only this queue.")
@click.option("--status", default="open", show_default=True,
              help="open (new, assigned, waiting), new, assigned, waiting, resolved or all.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="At most this many items.")
@handle_errors
def list_(org_slug: str, queue: str | None, status: str, limit: int) -> None:
    """Queue counts, then items newest first: id, queue, status, age, author, first words."""
    from carepost.services.inbox import items
    from carepost.storage.db import read_only
    from carepost.storage.models import utcnow

    with _db() as db, read_only(db) as session:
        actor = operator(session, org_slug)
        counts = items.counts(session, actor)
        click.echo("  ".join(f"{c.queue}:{c.open}" + (f"({c.overdue} overdue)" if c.overdue
                                                      else "") for c in counts))
        limit_td = items.target(session, actor.org_id)
        now = utcnow()
        for item in items.list_items(session, actor, queue, None if status == "all" else status,
                                     limit):
            age = int((now - item.fetched_at).total_seconds() // 3600)
            late = " OVERDUE" if items.is_overdue(item, limit_td, now) else ""
            first = " ".join(item.text.split())[:60]
            click.echo(f"{item.id}\t{item.queue}\t{item.status}{late}\t{age}h\t{item.author}"
                       f"\t{first}")


@inbox.command("show")
@org_option
@click.argument("item_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the item and its verdict as JSON.")
@handle_errors
def show(org_slug: str, item_id: int, as_json: bool) -> None:
    """One item: text, verdict findings, replies, notes and cases."""
    from carepost.services.inbox import items
    from carepost.storage.db import read_only

    with _db() as db, read_only(db) as session:
        actor = operator(session, org_slug)
        item = items.get_item(session, actor, item_id)
        verdict = items.verdict_of(item)
        replies = items.replies_of(session, item.id)
        notes = items.notes_of(session, item.id)
        cases = items.cases_of(session, item.id)
        if as_json:
            click.echo(json.dumps({
                "id": item.id, "channel_id": item.channel_id, "kind": item.kind,
                "author": item.author, "text": item.text, "url": item.url,
                "queue": item.queue, "status": item.status, "hidden": item.hidden,
                "replied": item.replied, "escalation": item.escalation,
                "parent": item.parent, "parent_ours": item.parent_ours, "verdict": verdict,
                "replies": [{"id": r.id, "state": r.state, "text": r.text, "url": r.url}
                            for r in replies],
                "notes": [{"by": n.author_label, "text": n.text} for n in notes],
                "cases": [c.id for c in cases],
            }, indent=2))
            return
        click.echo(f"item {item.id}  {item.kind} by {item.author}  queue {item.queue}  "
                   f"status {item.status}{'  hidden' if item.hidden else ''}")
        click.echo(f"url: {item.url or '-'}")
        if not item.parent_ours and item.parent:
            click.echo("(a reply to a post carepost did not publish)")
        click.echo("")
        click.echo(item.text)
        click.echo("")
        click.echo(f"guard: {verdict.get('action')}  labels: "
                   + ", ".join(k for k, v in (verdict.get("labels") or {}).items() if v))
        for finding in verdict.get("findings") or []:
            click.echo(f"  - [{finding['severity']}] {finding['kind']}: {finding['message']}")
        if verdict.get("checked_chars", 0) < verdict.get("total_chars", 0):
            click.echo(f"  (only the first {verdict['checked_chars']} characters were checked)")
        for reply in replies:
            click.echo(f"reply {reply.id} [{reply.state}] {reply.text}")
        for note in notes:
            click.echo(f"note by {note.author_label}: {note.text}")
        for case in cases:
            click.echo(f"adverse-event case {case.id}")


@inbox.command("assign")
@org_option
@click.argument("item_id", type=int)
@click.option("--to", "email", default=None, metavar="EMAIL",
              help="The member's email; leave out to unassign.")
@handle_errors
def assign(org_slug: str, item_id: int, email: str | None) -> None:
    """Assign an item to a responder, privacy officer or admin."""
    from sqlalchemy import select

    from carepost.services.errors import NotFound
    from carepost.services.inbox import items
    from carepost.storage.db import transaction
    from carepost.storage.models import User

    with _db() as db, transaction(db) as session:
        actor = operator(session, org_slug)
        user_id = None
        if email:
            user_id = session.execute(select(User.id).where(User.email == email)).scalar()
            if user_id is None:
                raise NotFound(f"no user with email {email}")
        items.assign(session, actor, item_id, user_id)
    click.echo(f"item {item_id} {'assigned' if email else 'unassigned'}")


@inbox.command("note")
@org_option
@click.argument("item_id", type=int)
@click.argument("text")
@handle_errors
def note(org_slug: str, item_id: int, text: str) -> None:
    """Add an internal note (never sent anywhere)."""
    from carepost.services.inbox import items
    from carepost.storage.db import transaction

    with _db() as db, transaction(db) as session:
        row = items.add_note(session, operator(session, org_slug), item_id, text)
    click.echo(f"note {row.id} added")


@inbox.command("resolve")
@org_option
@click.argument("item_id", type=int)
@click.option("--status", "status", default="resolved", show_default=True,
              type=click.Choice(["new", "assigned", "waiting", "resolved"]),
              help="Set another status instead (e.g. reopen with new).")
@handle_errors
def resolve(org_slug: str, item_id: int, status: str) -> None:
    """Mark an item resolved (or set another status)."""
    from carepost.services.inbox import items
    from carepost.storage.db import transaction

    with _db() as db, transaction(db) as session:
        items.set_status(session, operator(session, org_slug), item_id, status)
    click.echo(f"item {item_id} {status}")


@inbox.command("reply")
@org_option
@click.argument("item_id", type=int)
@click.option("--text", default=None, help="The reply text.")
@click.option("--template", "template_id", type=int, default=None, help="A template id.")
@click.option("--private", "private", is_flag=True,
              help="Send the move-to-private invitation instead.")
@handle_errors
def reply(org_slug: str, item_id: int, text: str | None, template_id: int | None,
          private: bool) -> None:
    """Reply on the item's network; the guard checks it first and blocks what it must."""
    from carepost.services.inbox import actions

    if sum(x is not None and x is not False for x in (text, template_id, private or None)) != 1:
        raise click.UsageError("give exactly one of --text, --template or --private")
    box = _box()
    with _db() as db:
        actor = _actor(db, org_slug)
        try:
            if private:
                row = actions.move_private(db, box, actor, item_id)
            else:
                row = actions.reply(db, box, actor, item_id, text, template_id)
        except actions.GuardBlocked as exc:
            for kind, message in exc.findings:
                click.echo(f"  - {kind}: {message}", err=True)
            raise
    if row.state != "sent":
        raise click.ClickException(f"reply {row.id} {row.state}: {row.error or 'no detail'}")
    click.echo(f"reply {row.id} sent: {row.url or row.remote_id}")


@inbox.command("hide")
@org_option
@click.argument("item_id", type=int)
@handle_errors
def hide(org_slug: str, item_id: int) -> None:
    """Hide the item on its network where the network allows it."""
    from carepost.services.inbox import actions

    box = _box()
    with _db() as db:
        actions.hide(db, box, _actor(db, org_slug), item_id)
    click.echo(f"item {item_id} hidden")


@inbox.command("approve")
@org_option
@click.argument("item_id", type=int)
@click.option("--reason", default=None,
              help="Why a comment the guard flags may be shown (privacy officers).")
@handle_errors
def approve(org_slug: str, item_id: int, reason: str | None) -> None:
    """Show a held blog comment (flagged ones: privacy officers, with a reason)."""
    from carepost.services.inbox import actions

    with _db() as db:
        actions.approve(db, _actor(db, org_slug), item_id, reason)
    click.echo(f"item {item_id} approved: it shows on the blog")


@inbox.command("poll")
@org_option
@click.argument("channel_id", type=int)
@click.option("--every", "every", type=click.IntRange(0, 86400), default=None,
              help="Also set the channel's polling interval in seconds (0 pauses it).")
@handle_errors
def poll(org_slug: str, channel_id: int, every: int | None) -> None:
    """Poll one channel now (and escalate emergencies it brings)."""
    from carepost.services import channels
    from carepost.services.inbox import ingest
    from carepost.storage.db import transaction

    box = _box()
    with _db() as db:
        with transaction(db) as session:
            actor = operator(session, org_slug)
            channels.get_channel(session, actor, channel_id)
            if every is not None:
                ingest.cursor_of(session, channel_id).poll_seconds = every
        result = ingest.poll_channel(db, box, channel_id)
    if result.error:
        raise click.ClickException(f"poll failed: {result.error}")
    click.echo(f"{result.new} new of {result.fetched} fetched ({len(result.urgent_ids)} urgent, "
               f"{result.escalated} escalated, {result.skipped} skipped)")


@inbox.command("channels")
@org_option
@handle_errors
def channels_(org_slug: str) -> None:
    """Inbound channels: id, kind, interval, last poll, ok/failed, last result."""
    from carepost.services.inbox import items
    from carepost.storage.db import read_only

    with _db() as db, read_only(db) as session:
        for c in items.polling(session, operator(session, org_slug)):
            every = "60s*" if c.poll_seconds is None else (
                "paused" if c.poll_seconds == 0 else f"{c.poll_seconds}s")
            when = c.last_poll_at.strftime("%Y-%m-%dT%H:%M:%SZ") if c.last_poll_at else "never"
            ok = "-" if c.last_ok is None else ("ok" if c.last_ok else "failed")
            click.echo(f"{c.channel_id}\t{c.kind}\t{c.status}\t{every}\t{when}\t{ok}\t"
                       f"{c.last_result}")


@inbox.command("settings")
@org_option
@click.option("--target-hours", type=int, default=None, help="Response-time target in hours.")
@click.option("--backfill-days", type=int, default=None,
              help="Days of history a channel's first poll fetches.")
@click.option("--oncall", "oncall", multiple=True, metavar="EMAIL",
              help="On-call email address (repeat; replaces the list).")
@click.option("--smtp-channel", type=int, default=None,
              help="The email channel whose SMTP relay sends on-call email.")
@click.option("--webhook-config", "webhook_path", default=None, metavar="PATH",
              help="JSON file (or '-') with url, secret, allow_private_addresses.")
@click.option("--no-webhook", is_flag=True, help="Remove the on-call webhook.")
@click.option("--crisis-text", default=None, help="Crisis resources sent with escalations.")
@click.option("--private-contact", default=None,
              help="How the move-to-private reply tells people to reach you.")
@handle_errors
def settings(org_slug: str, target_hours: int | None, backfill_days: int | None,
             oncall: tuple[str, ...], smtp_channel: int | None, webhook_path: str | None,
             no_webhook: bool, crisis_text: str | None, private_contact: str | None) -> None:
    """Show or change the organisation's inbox settings (on-call list, target, contact)."""
    from carepost.services.inbox import config
    from carepost.storage.db import transaction

    webhook = None
    if webhook_path is not None:
        with click.open_file(webhook_path, "r", encoding="utf-8") as stream:
            try:
                webhook = json.loads(stream.read())
            except ValueError:
                raise click.ClickException("--webhook-config: not valid JSON") from None
        if not isinstance(webhook, dict):
            raise click.ClickException("--webhook-config: must hold a JSON object")
    box = _box()
    with _db() as db, transaction(db) as session:
        actor = operator(session, org_slug)
        changes = any(v is not None for v in (target_hours, backfill_days, smtp_channel,
                                              webhook, crisis_text, private_contact))
        if changes or oncall or no_webhook:
            row = config.configure(
                session, actor, box, response_target_hours=target_hours,
                backfill_days=backfill_days, oncall_emails_=list(oncall) if oncall else None,
                smtp_channel_id=smtp_channel, webhook=webhook, clear_webhook=no_webhook,
                crisis_text_=crisis_text, private_contact_=private_contact)
        else:
            row = config.settings_of(session, actor.org_id)
        click.echo(f"response target: {row.response_target_hours} h")
        click.echo(f"backfill: {row.backfill_days} days")
        click.echo(f"on-call email: {', '.join(config.oncall_emails(row)) or '-'} "
                   f"(smtp channel {row.smtp_channel_id or '-'})")
        click.echo(f"on-call webhook: {'set' if row.webhook_sealed else '-'}")
        click.echo(f"private contact: {config.private_contact(row)}")


from carepost.cli.inbox_more import case, template  # noqa: E402

inbox.add_command(case)
inbox.add_command(template)
