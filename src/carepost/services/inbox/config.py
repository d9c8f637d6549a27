"""An organisation's inbox settings: response-time target, backfill, on-call routes, contact.

The on-call email goes through the SMTP relay of one of the organisation's email channels (its
credentials stay sealed there); the webhook URL and secret are sealed here, because a Slack or
Teams URL is itself a credential.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from carepost.connectors.config import ConfigError, require_url
from carepost.crypto import Box
from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.channels import get_channel
from carepost.services.errors import ValidationFailed
from carepost.storage.inbox import InboxSettings

DEFAULT_TARGET_HOURS = 24
DEFAULT_BACKFILL_DAYS = 7
MAX_BACKFILL_DAYS = 90
DEFAULT_CRISIS_TEXT = (
    "If someone is in immediate danger, call 911 (or the local emergency number). "
    "In the US, call or text 988 for the Suicide & Crisis Lifeline, or text HOME to 741741."
)
DEFAULT_PRIVATE_CONTACT = "our patient services team by phone or the secure patient portal"


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where the on-call webhook goes (opened from its sealed form only to send)."""

    url: str
    secret: str
    allow_private_addresses: bool = False


def settings_of(session: Session, org_id: int) -> InboxSettings:
    """The organisation's inbox settings; defaults (not yet saved) when none were set."""
    row = session.get(InboxSettings, org_id)
    if row is None:
        row = InboxSettings(
            org_id=org_id, response_target_hours=DEFAULT_TARGET_HOURS,
            backfill_days=DEFAULT_BACKFILL_DAYS, oncall_emails="[]", smtp_channel_id=None,
            webhook_sealed=None, crisis_text="", private_contact="",
        )
    return row


def crisis_text(row: InboxSettings) -> str:
    """The crisis-resources text sent with every escalation."""
    return row.crisis_text.strip() or DEFAULT_CRISIS_TEXT


def private_contact(row: InboxSettings) -> str:
    """How the move-to-private reply tells people to reach the organisation."""
    return row.private_contact.strip() or DEFAULT_PRIVATE_CONTACT


def oncall_emails(row: InboxSettings) -> list[str]:
    """The on-call addresses."""
    return [str(e) for e in json.loads(row.oncall_emails or "[]")]


def open_webhook(row: InboxSettings, box: Box) -> Webhook | None:
    """The on-call webhook, or None when none is configured."""
    if not row.webhook_sealed:
        return None
    data = json.loads(box.decrypt(row.webhook_sealed))
    return Webhook(str(data["url"]), str(data["secret"]), bool(data.get("allow_private_addresses")))


def _email(index: int, value: str) -> str:
    value = value.strip()
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or any(c in value for c in " <>,;\r\n"):
        raise ValidationFailed(f"oncall_emails[{index}]", "must be a plain email address")
    return value


def configure(
    session: Session,
    actor: Actor,
    box: Box,
    *,
    response_target_hours: int | None = None,
    backfill_days: int | None = None,
    oncall_emails_: Sequence[str] | None = None,
    smtp_channel_id: int | None = None,
    webhook: dict[str, Any] | None = None,
    clear_webhook: bool = False,
    crisis_text_: str | None = None,
    private_contact_: str | None = None,
) -> InboxSettings:
    """Change the organisation's inbox settings (admins: `channel.manage`); audited."""
    require(actor, "channel.manage", session)
    if actor.org_id is None:
        raise ValidationFailed("org", "inbox settings belong to an organisation")
    row = settings_of(session, actor.org_id)
    changed: list[str] = []
    if response_target_hours is not None:
        if not 1 <= response_target_hours <= 24 * 14:
            raise ValidationFailed("response_target_hours", "must be between 1 and 336")
        row.response_target_hours = response_target_hours
        changed.append("response_target_hours")
    if backfill_days is not None:
        if not 0 <= backfill_days <= MAX_BACKFILL_DAYS:
            raise ValidationFailed("backfill_days", f"must be between 0 and {MAX_BACKFILL_DAYS}")
        row.backfill_days = backfill_days
        changed.append("backfill_days")
    if oncall_emails_ is not None:
        emails = list(dict.fromkeys(_email(i, e) for i, e in enumerate(oncall_emails_)))
        row.oncall_emails = json.dumps(emails)
        changed.append("oncall_emails")
    if smtp_channel_id is not None:
        channel = get_channel(session, actor, smtp_channel_id)
        if channel.kind != "email":
            raise ValidationFailed("smtp_channel", "must be an email channel")
        row.smtp_channel_id = channel.id
        changed.append("smtp_channel")
    if clear_webhook:
        row.webhook_sealed = None
        changed.append("webhook")
    elif webhook is not None:
        url, secret = str(webhook.get("url", "")).strip(), str(webhook.get("secret", ""))
        try:
            url = require_url("webhook url", url)
        except ConfigError as exc:
            raise ValidationFailed("webhook", str(exc)) from None
        if len(secret) < 16:
            raise ValidationFailed("webhook", "the secret must be at least 16 characters")
        row.webhook_sealed = box.encrypt(json.dumps({
            "url": url, "secret": secret,
            "allow_private_addresses": bool(webhook.get("allow_private_addresses", False)),
        }, sort_keys=True))
        changed.append("webhook")
    if crisis_text_ is not None:
        row.crisis_text = crisis_text_.strip()[:4000]
        changed.append("crisis_text")
    if private_contact_ is not None:
        row.private_contact = private_contact_.strip()[:300]
        changed.append("private_contact")
    session.add(row)
    session.flush()
    audit.record(session, actor, "inbox.configured", f"org:{actor.org_id}", {"changed": changed})
    return row
