"""`carepost post`: create, edit, submit, review, schedule and list posts, acting as a member.

Every command takes `--as EMAIL`: the member's role and the two-person rule apply exactly as on
the web (the operator cannot approve on nobody's behalf). Texts come from a file or stdin,
never from the command line, where shell history and process lists would keep them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from carepost.cli._common import handle_errors, open_engine, org_option

as_option = click.option("--as", "as_email", required=True, metavar="EMAIL",
                         help="The member acting (their role and the two-person rule apply).")


def _member(session: Any, org_slug: str, email: str) -> Any:
    from carepost.services.accounts import actor_for, user_by_email
    from carepost.services.errors import NotFound

    user = user_by_email(session, email)
    if user is None:
        raise NotFound("no such member")
    return actor_for(session, user.id, org_slug)


def _read_text(path: str) -> str:
    stream = click.open_file(path, "r", encoding="utf-8")
    try:
        return str(stream.read()).rstrip("\n")
    finally:
        if path != "-":
            stream.close()


def _parse_slot(value: str | None) -> datetime | None:
    if value is None:
        return None
    if value.strip().lower() == "now":
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter("use an ISO date-time with an offset, e.g. "
                                 "2026-12-01T09:00:00-05:00, or 'now'", param_hint="--at") from None
    if parsed.tzinfo is None:
        raise click.BadParameter("include the time zone offset (e.g. -05:00 or Z)",
                                 param_hint="--at")
    return parsed.astimezone(UTC)


def _act(org_slug: str, email: str, action: Any) -> Any:
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            return action(session, _member(session, org_slug, email))
    finally:
        engine.dispose()


@click.group()
def post() -> None:
    """Write posts, send them for review, approve and schedule them."""


@post.command()
@org_option
@as_option
@click.option("--channel", "channel_ids", type=int, multiple=True, required=True,
              help="A channel id to publish to (repeat for several; same text on each).")
@click.option("--text-file", required=True, metavar="PATH",
              help="File holding the post's text ('-' reads stdin).")
@click.option("--title", default="",
              help="A short title: shown in lists and sent as the email subject (guarded).")
@click.option("--slot", default=None, metavar="WHEN",
              help="Planned publication time (ISO with offset); approvers are reminded "
                   "before it.")
@handle_errors
def create(org_slug: str, as_email: str, channel_ids: tuple[int, ...], text_file: str,
           title: str, slot: str | None) -> None:
    """Create a draft; the guard checks it as it is saved."""
    from carepost.services.posts import create_post, variants_of

    text = _read_text(text_file)
    slot_at = _parse_slot(slot)

    def action(session: Any, actor: Any) -> None:
        row = create_post(session, actor, title, [(c, text) for c in channel_ids], slot_at)
        actions = sorted({v.guard_action for v in variants_of(session, row.id)})
        click.echo(f"post {row.id} created (draft; guard: {', '.join(actions)})")

    _act(org_slug, as_email, action)


@post.command()
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--channel", "channel_id", type=int, default=None,
              help="The variant's channel (with --text-file).")
@click.option("--text-file", default=None, metavar="PATH",
              help="File holding the new text ('-' reads stdin).")
@click.option("--title", default=None,
              help="A new title (the email subject); guarded like the text.")
@handle_errors
def edit(org_slug: str, as_email: str, post_id: int, channel_id: int | None,
         text_file: str | None, title: str | None) -> None:
    """Change one channel's text or the title; an approved or scheduled post goes back to
    review."""
    from carepost.services.posts import edit_title, edit_variant, variants_of

    if (channel_id is None) != (text_file is None):
        raise click.UsageError("--channel and --text-file go together")
    if channel_id is None and title is None:
        raise click.UsageError("give --title, or --channel with --text-file")
    text = _read_text(text_file) if text_file is not None else None

    def action(session: Any, actor: Any) -> None:
        if title is not None:
            edit_title(session, actor, post_id, title)
        if channel_id is not None and text is not None:
            edit_variant(session, actor, post_id, channel_id, text)
        actions = sorted({v.guard_action for v in variants_of(session, post_id)})
        click.echo(f"post {post_id} edited (guard: {', '.join(actions)})")

    _act(org_slug, as_email, action)


@post.command("add-image")
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--file", "image_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A JPEG, PNG, GIF or WebP image.")
@click.option("--alt", "alt_text", required=True,
              help="Alt text saying what the image shows (required by every network).")
@handle_errors
def add_image(org_slug: str, as_email: str, post_id: int, image_file: str,
              alt_text: str) -> None:
    """Attach an image to every channel's variant; EXIF/GPS and other metadata are stripped."""
    from pathlib import Path

    from carepost.services.post_media import add_image as attach

    path = Path(image_file)
    data = path.read_bytes()

    def action(session: Any, actor: Any) -> None:
        row = attach(session, actor, post_id, data, alt_text, path.name)
        click.echo(f"post {post_id}: image {row.position} added ({row.mime_type}, "
                   f"sha256 {row.sha256[:16]})")

    _act(org_slug, as_email, action)


@post.command()
@org_option
@as_option
@click.argument("post_id", type=int)
@handle_errors
def submit(org_slug: str, as_email: str, post_id: int) -> None:
    """Send a draft for review."""
    from carepost.services.posts import submit as submit_post

    _act(org_slug, as_email, lambda s, a: submit_post(s, a, post_id))
    click.echo(f"post {post_id} submitted for review")


def _review(org_slug: str, email: str, post_id: int, decision: str, comment: str,
            reason: str | None) -> str:
    from carepost.services.posts import get_post, review

    def action(session: Any, actor: Any) -> str:
        review(session, actor, post_id, decision, comment, reason)
        return str(get_post(session, actor, post_id).state)

    return str(_act(org_slug, email, action))


@post.command()
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--comment", default="", help="A note for the author.")
@click.option("--override-reason", default=None,
              help="Privacy officers only: why a blocking guard finding is acceptable.")
@handle_errors
def approve(org_slug: str, as_email: str, post_id: int, comment: str,
            override_reason: str | None) -> None:
    """Approve someone else's post (a planned slot still ahead schedules it)."""
    state = _review(org_slug, as_email, post_id, "approved", comment, override_reason)
    click.echo(f"post {post_id} approved ({state})")


@post.command("request-changes")
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--comment", required=True, help="What the author should change.")
@handle_errors
def request_changes(org_slug: str, as_email: str, post_id: int, comment: str) -> None:
    """Send a post back to its author with a review comment."""
    _review(org_slug, as_email, post_id, "changes_requested", comment, None)
    click.echo(f"post {post_id} sent back to draft")


@post.command()
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--comment", required=True, help="Why it is rejected.")
@handle_errors
def reject(org_slug: str, as_email: str, post_id: int, comment: str) -> None:
    """Reject a post (it returns to draft with the comment)."""
    _review(org_slug, as_email, post_id, "rejected", comment, None)
    click.echo(f"post {post_id} rejected")


@post.command()
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--at", "at", required=True, metavar="WHEN",
              help="ISO date-time with offset, or 'now'; with --zone, 'YYYY-MM-DD HH:MM' "
                   "on the wall clock there.")
@click.option("--zone", default=None, metavar="TZ",
              help="IANA time zone of --at (e.g. America/Chicago); DST rules apply, and a "
                   "time the clocks skip is refused.")
@handle_errors
def schedule(org_slug: str, as_email: str, post_id: int, at: str, zone: str | None) -> None:
    """Schedule an approved post on all its channels (or choose a new time)."""
    from carepost.core.schedule import ScheduleError, parse_local
    from carepost.services.posts import schedule as schedule_post

    if zone is not None:
        try:
            slot_at: datetime | None = parse_local(at, zone)
        except ScheduleError as exc:
            raise click.BadParameter(str(exc), param_hint="--at") from None
    else:
        slot_at = _parse_slot(at)
    assert slot_at is not None
    _act(org_slug, as_email, lambda s, a: schedule_post(s, a, post_id, slot_at))
    click.echo(f"post {post_id} scheduled for {slot_at.isoformat()}")


@post.command("list")
@org_option
@click.option("--state", default=None, help="Only posts in this state (e.g. in_review).")
@handle_errors
def list_(org_slug: str, state: str | None) -> None:
    """List posts with their variants' states (no text)."""
    from carepost.cli._common import operator
    from carepost.services.posts import list_posts, variants_of
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for row in list_posts(session, operator(session, org_slug), state):
                parts = ", ".join(f"{v.channel_id}:{v.state}"
                                  + (f" {v.url}" if v.url else "")
                                  + (f" ({v.error})" if v.error else "")
                                  for v in variants_of(session, row.id))
                slot = row.slot_at.isoformat() if row.slot_at else "-"
                click.echo(f"{row.id}\t{row.state}\t{slot}\t{parts}")
    finally:
        engine.dispose()


def _act_with_box(org_slug: str, email: str, action: Any) -> Any:
    """Like `_act`, with the installation's channel Box (for commands that reach a network)."""
    from carepost.cli._common import load_settings_checked
    from carepost.services.channels import channel_box

    box = channel_box(load_settings_checked())
    return _act(org_slug, email, lambda session, actor: action(session, actor, box))


@post.command("publish-now")
@org_option
@as_option
@click.argument("post_id", type=int)
@handle_errors
def publish_now(org_slug: str, as_email: str, post_id: int) -> None:
    """Publish an approved (or scheduled, or failed) post right away."""
    from carepost.services.publishing_ops import publish_now as now

    _act(org_slug, as_email, lambda s, a: now(s, a, post_id))
    click.echo(f"post {post_id} is due now; a worker publishes it within seconds")


@post.command()
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--channel", "channel_id", type=int, required=True,
              help="The channel whose variant's outcome is unknown.")
@click.option("--check", "check", is_flag=True,
              help="Ask the network again whether the post exists.")
@click.option("--published-at-url", "url", default=None, metavar="URL",
              help="You found the post on the network: its address.")
@click.option("--not-published", "absent", is_flag=True,
              help="You checked: the post is not on the network; reschedule it (--at).")
@click.option("--at", "at", default=None, metavar="WHEN",
              help="With --not-published: the new time (ISO with offset, or 'now'; with "
                   "--zone, 'YYYY-MM-DD HH:MM' on that wall clock).")
@click.option("--zone", default=None, metavar="TZ", help="IANA time zone of --at.")
@handle_errors
def resolve(org_slug: str, as_email: str, post_id: int, channel_id: int, check: bool,
            url: str | None, absent: bool, at: str | None, zone: str | None) -> None:
    """Resolve a variant stuck in outcome_unknown (approvers and admins)."""
    from carepost.services import publishing_ops as ops

    chosen = [name for name, on in (("--check", check), ("--published-at-url", url is not None),
                                    ("--not-published", absent)) if on]
    if len(chosen) != 1:
        raise click.UsageError("choose exactly one of --check, --published-at-url, "
                               "--not-published")
    if check:
        found = _act_with_box(org_slug, as_email,
                              lambda s, a, box: ops.check_again(s, a, box, post_id, channel_id))
        click.echo(f"post {post_id} channel {channel_id}: "
                   + ("found on the network, now published" if found == "published"
                      else "not found on the network; still outcome_unknown"))
        return
    if url is not None:
        _act(org_slug, as_email,
             lambda s, a: ops.confirm_published(s, a, post_id, channel_id, url))
        click.echo(f"post {post_id} channel {channel_id}: confirmed published")
        return
    if at is None:
        raise click.UsageError("--not-published needs --at (the new time)")
    slot_at = _slot_from(at, zone)
    _act(org_slug, as_email,
         lambda s, a: ops.confirm_not_published(s, a, post_id, channel_id, slot_at))
    click.echo(f"post {post_id} channel {channel_id}: confirmed not published, "
               f"rescheduled for {slot_at.isoformat()}")


def _slot_from(at: str, zone: str | None) -> datetime:
    from carepost.core.schedule import ScheduleError, parse_local

    if zone is None:
        parsed = _parse_slot(at)
        assert parsed is not None
        return parsed
    try:
        return parse_local(at, zone)
    except ScheduleError as exc:
        raise click.BadParameter(str(exc), param_hint="--at") from None


@post.command()
@org_option
@as_option
@click.argument("post_id", type=int)
@click.option("--channel", "channel_id", type=int, required=True,
              help="The channel whose published post to delete.")
@handle_errors
def delete(org_slug: str, as_email: str, post_id: int, channel_id: int) -> None:
    """Delete a published post on its network; the archive record is marked deleted and kept."""
    from carepost.services.publishing_ops import delete_published

    record = _act_with_box(org_slug, as_email,
                           lambda s, a, box: delete_published(s, a, box, post_id, channel_id))
    click.echo(f"post {post_id} channel {channel_id}: deleted on the network "
               f"(archive record {record.id} kept, marked deleted)")
