"""`carepost blog`: attach a podcast episode's audio to a post; list, approve and hide comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from carepost.cli._common import handle_errors, open_engine, operator, org_option


@click.group()
def blog() -> None:
    """The organisation's blog: podcast audio and readers' comments."""


def _member(session: Any, org_slug: str, email: str) -> Any:
    from carepost.services.accounts import actor_for, user_by_email
    from carepost.services.errors import NotFound

    user = user_by_email(session, email)
    if user is None:
        raise NotFound("no such member")
    return actor_for(session, user.id, org_slug)


@blog.command("audio")
@org_option
@click.option("--as", "as_email", required=True, metavar="EMAIL",
              help="The member editing the post (their role and the review rules apply).")
@click.argument("post_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def audio(org_slug: str, as_email: str, post_id: int, file: Path) -> None:
    """Attach an MP3 or M4A file to a post as its podcast episode (an edit: back to review)."""
    from carepost.services.blog_audio import attach_audio
    from carepost.storage.db import transaction

    data = file.read_bytes()
    engine = open_engine()
    try:
        with transaction(engine) as session:
            actor = _member(session, org_slug, as_email)
            row = attach_audio(session, actor, post_id, data, file.name)
            click.echo(f"audio attached to post {post_id} ({row.mime_type}, {row.size} bytes, "
                       f"{row.duration_seconds} s)")
    finally:
        engine.dispose()


@blog.command("comments")
@org_option
@click.option("--status", type=click.Choice(["held", "approved", "hidden"]), default=None,
              help="Only comments with this status.")
@handle_errors
def comments(org_slug: str, status: str | None) -> None:
    """List comments, newest first: id, status, entry, name, the start of the text."""
    from carepost.services.blog import list_comments
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for row in list_comments(session, operator(session, org_slug), status):
                text = " ".join(row.body.split())
                text = text if len(text) <= 60 else text[:59] + "…"
                click.echo(f"{row.id}\t{row.status}\t{row.entry_slug}\t{row.display_name}\t{text}")
    finally:
        engine.dispose()


def _moderate(org_slug: str, comment_id: int, status: str, reason: str | None = None) -> None:
    from carepost.services.blog import moderate_comment
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            moderate_comment(session, operator(session, org_slug), comment_id, status, reason)
    finally:
        engine.dispose()
    click.echo(f"comment {comment_id} {status}")


@blog.command("approve")
@org_option
@click.argument("comment_id", type=int)
@click.option("--reason", default=None,
              help="Why a comment the guard flags may be shown (privacy officer's call).")
@handle_errors
def approve(org_slug: str, comment_id: int, reason: str | None) -> None:
    """Show a held comment under its entry (a flagged one only with --reason)."""
    _moderate(org_slug, comment_id, "approved", reason)


@blog.command("hide")
@org_option
@click.argument("comment_id", type=int)
@handle_errors
def hide(org_slug: str, comment_id: int) -> None:
    """Hide a comment (it stays on record, never on the page)."""
    _moderate(org_slug, comment_id, "hidden")
