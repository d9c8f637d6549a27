"""Acting on an item: a guarded reply, hiding, moving to private, saved reply templates.

A reply is guarded as `reply` (or `review_reply` for reviews) and a blocking finding stops it,
as it stops posts. Its idempotency key is committed before the network call, so retrying a
reply whose outcome is unknown reuses the key and the network de-duplicates: never two replies.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors import registry
from carepost.connectors.base import OutboundItem
from carepost.connectors.errors import ConnectorError
from carepost.connectors.idempotency import new_key
from carepost.crypto import Box
from carepost.logs import log_event
from carepost.services import audit, channels, guard_settings
from carepost.services.actor import Actor, require
from carepost.services.errors import Conflict, NotFound, ServiceError, ValidationFailed
from carepost.services.inbox import config
from carepost.services.inbox.items import channel_of, get_item
from carepost.storage.db import transaction
from carepost.storage.inbox import InboxReply, ReplyTemplate
from carepost.storage.models import utcnow

log = logging.getLogger("carepost.inbox")
MAX_REPLY = 10_000
PRIVATE_TEMPLATE = (
    "Thank you for reaching out. So we can help while protecting your privacy, please contact "
    "{contact}. Please do not share personal or health details here."
)


class GuardBlocked(ValidationFailed):
    """The guard blocks the text; `findings` holds (kind, message) pairs, never the text."""

    def __init__(self, field: str, findings: list[tuple[str, str]]) -> None:
        kinds = ", ".join(sorted({k for k, _ in findings}))
        super().__init__(field, f"the guard blocks it ({kinds}); rewrite it or use a template")
        self.findings = findings


class ActionFailed(ServiceError):
    """The network refused or did not answer; the message is the connector's (never the text)."""


@dataclass(frozen=True, slots=True)
class GuardOutcome:
    """The guard's action on a reply text and its report (JSON, without the text)."""

    action: str
    report: str
    blocking: list[tuple[str, str]]


def check_reply(session: Session, org_id: int, text: str, kind: str) -> GuardOutcome:
    """Guard an outbound reply to an item of `kind` as the organisation runs the guard (its
    pack and profile); reviews get the review-reply rules."""
    context = "review_reply" if kind == "review" else "reply"
    verdict = guard_settings.checker(session, org_id)(text, "outbound", context)
    blocking = [(f.kind, f.message) for f in verdict.findings if f.severity == "block"]
    return GuardOutcome(verdict.action, json.dumps(verdict.to_dict(), sort_keys=True), blocking)


def _text(value: str, field: str = "text") -> str:
    value = value.strip()
    if not value:
        raise ValidationFailed(field, "must not be empty")
    if len(value) > MAX_REPLY:
        raise ValidationFailed(field, f"must be at most {MAX_REPLY} characters")
    return value


# ---- templates ---------------------------------------------------------------------------

def add_template(session: Session, actor: Actor, name: str, text: str) -> ReplyTemplate:
    """Save a reply template; only a text the guard allows without a warning is accepted."""
    require(actor, "inbox.reply", session)
    if actor.org_id is None:
        raise ValidationFailed("org", "a template belongs to an organisation")
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise ValidationFailed("name", "must be 1 to 100 characters")
    text = _text(text)
    outcome = check_reply(session, actor.org_id, text, "reply")
    if outcome.action != "allow":
        findings = [(k, m) for k, m in outcome.blocking] or [("warning", "the guard warns")]
        raise GuardBlocked("text", findings)
    exists = session.execute(select(ReplyTemplate.id).where(
        ReplyTemplate.org_id == actor.org_id, ReplyTemplate.name == name)).scalar()
    if exists is not None:
        raise Conflict(f"a template named {name!r} already exists")
    row = ReplyTemplate(org_id=actor.org_id, name=name, text=text)
    session.add(row)
    session.flush()
    audit.record(session, actor, "inbox.template_added", f"template:{row.id}",
                 {"chars": len(text)})
    return row


def list_templates(session: Session, actor: Actor) -> list[ReplyTemplate]:
    """The organisation's reply templates, by name."""
    require(actor, "inbox.view", session)
    return list(session.execute(select(ReplyTemplate).where(
        ReplyTemplate.org_id == actor.org_id).order_by(ReplyTemplate.name)).scalars())


def get_template(session: Session, actor: Actor, template_id: int) -> ReplyTemplate:
    """One template of the actor's organisation."""
    row = session.get(ReplyTemplate, template_id)
    if row is None or row.org_id != actor.org_id:
        raise NotFound(f"template {template_id} not found")
    return row


def delete_template(session: Session, actor: Actor, template_id: int) -> None:
    """Delete a template; audited."""
    require(actor, "inbox.reply", session)
    row = get_template(session, actor, template_id)
    session.delete(row)
    audit.record(session, actor, "inbox.template_deleted", f"template:{template_id}")


# ---- replying ----------------------------------------------------------------------------

def reply(
    db: sessionmaker[Session], box: Box, actor: Actor, item_id: int, text: str | None = None,
    template_id: int | None = None,
) -> InboxReply:
    """Reply to an item on its network: guard, commit the key, send, store the outcome.

    Returns the reply row; its `state` is `sent`, `failed` (with `error`) or `unknown` (the
    network may have it: replying again with the same text reuses the key).
    """
    with transaction(db) as session:
        item = get_item(session, actor, item_id, "inbox.reply")
        if template_id is not None:
            text = get_template(session, actor, template_id).text
        body = _text(text or "")
        channel = channel_of(session, item)
        if "reply" not in registry.metadata(channel.kind).capabilities:
            raise ValidationFailed("reply", f"{channel.kind} channels cannot reply")
        outcome = check_reply(session, item.org_id, body, item.kind)
    if outcome.blocking:
        with transaction(db) as session:
            audit.record(session, actor, "inbox.reply_blocked", f"inbound:{item_id}",
                         {"findings": sorted({k for k, _ in outcome.blocking})})
        raise GuardBlocked("text", outcome.blocking)
    with transaction(db) as session:
        # A reply with this text whose outcome is not known yet is retried under its own key.
        row = session.execute(select(InboxReply).where(
            InboxReply.item_id == item_id, InboxReply.text == body,
            InboxReply.state.in_(("sending", "unknown")))).scalars().first()
        if row is None:
            row = InboxReply(item_id=item_id, author_id=actor.user_id, text=body,
                             template_id=template_id, guard_report=outcome.report,
                             idempotency_key=new_key(), state="sending")
            session.add(row)
            session.flush()
        row.state = "sending"
        reply_id, key = row.id, row.idempotency_key
        audit.record(session, actor, "inbox.reply_started", f"inbound:{item_id}",
                     {"reply_id": reply_id, "template_id": template_id})
        connector = channels.connector_for(channel, box)
        remote_id = item.remote_id
    error: ConnectorError | None = None
    published = None
    try:
        published = connector.reply(OutboundItem(text=body, reply_to=remote_id), key)
    except ConnectorError as exc:
        error = exc
    with transaction(db) as session:
        row = session.get(InboxReply, reply_id, with_for_update=True)
        item = get_item(session, actor, item_id, "inbox.reply")
        assert row is not None
        if published is not None:
            row.state, row.remote_id, row.url = "sent", published.remote_id[:500], published.url
            row.sent_at, row.error = utcnow(), None
            item.replied = True
            if item.status in ("new", "assigned"):
                item.status = "waiting"
            audit.record(session, actor, "inbox.replied", f"inbound:{item_id}",
                         {"reply_id": reply_id})
        else:
            assert error is not None
            row.state = "unknown" if error.maybe_sent else "failed"
            row.error = str(error)[:500]
            audit.record(session, actor, "inbox.reply_failed", f"inbound:{item_id}",
                         {"reply_id": reply_id, "error": error.kind, "state": row.state})
    log_event(log, "inbox.reply", item_id=item_id, outcome=row.state)
    return row


def move_private(db: sessionmaker[Session], box: Box, actor: Actor, item_id: int) -> InboxReply:
    """Reply with the organisation's invitation to a private channel (it confirms nothing)."""
    with transaction(db) as session:
        item = get_item(session, actor, item_id, "inbox.reply")
        contact = config.private_contact(config.settings_of(session, item.org_id))
    return reply(db, box, actor, item_id, PRIVATE_TEMPLATE.format(contact=contact))


# ---- hiding ------------------------------------------------------------------------------

NO_HIDE = {
    "mastodon": "Mastodon does not let an account hide replies to its posts: reply to it, or "
                "report it to the instance's moderators instead",
}


def hide(db: sessionmaker[Session], box: Box, actor: Actor, item_id: int) -> None:
    """Hide an item on its network where the network allows it; audited."""
    with transaction(db) as session:
        item = get_item(session, actor, item_id, "inbox.triage")
        channel = channel_of(session, item)
        if "hide" not in registry.metadata(channel.kind).capabilities:
            reason = NO_HIDE.get(
                channel.kind, f"{channel.kind} cannot hide items: reply or report it instead")
            raise ValidationFailed("hide", reason)
        if item.hidden:
            return
        connector = channels.connector_for(channel, box)
        remote_id = item.remote_id
    try:
        connector.hide(remote_id)
    except ConnectorError as exc:
        with transaction(db) as session:
            audit.record(session, actor, "inbox.hide_failed", f"inbound:{item_id}",
                         {"error": exc.kind})
        raise ActionFailed(f"hiding failed: {exc}") from None
    with transaction(db) as session:
        item = get_item(session, actor, item_id, "inbox.triage")
        item.hidden = True
        audit.record(session, actor, "inbox.hidden", f"inbound:{item_id}")


# ---- approving (blog comments are held until triaged) ------------------------------------

def approve(db: sessionmaker[Session], actor: Actor, item_id: int,
            reason: str | None = None) -> None:
    """Show a held blog comment under its entry; audited.

    The blog's moderation decides (`services.blog.moderate_comment`): the guard runs again,
    and a comment it flags, or one in the PHI or urgent queue, is shown only by a privacy
    officer with a written reason, kept as a note on this item.
    """
    from carepost.connectors.blog.store import parse_remote_id
    from carepost.services import blog as blog_service

    with transaction(db) as session:
        item = get_item(session, actor, item_id, "inbox.triage")
        channel = channel_of(session, item)
        comment_id = parse_remote_id("comment", item.remote_id)
        if channel.kind != "blog" or comment_id is None:
            raise ValidationFailed("approve", f"{channel.kind} items are public already; only "
                                   "blog comments wait for approval")
        blog_service.moderate_comment(session, actor, comment_id, "approved", reason)
        item.hidden = False
        audit.record(session, actor, "inbox.approved", f"inbound:{item_id}",
                     {"comment_id": comment_id, "reason_given": bool((reason or "").strip())})
