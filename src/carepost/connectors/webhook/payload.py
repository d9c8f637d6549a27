"""Webhook bodies (carepost JSON, Slack, Teams) and the HMAC signature over them."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from carepost.connectors.base import OutboundItem

SIGNATURE_HEADER = "X-Carepost-Signature"
TIMESTAMP_HEADER = "X-Carepost-Timestamp"
DELIVERY_HEADER = "X-Carepost-Delivery"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `"{timestamp}.{body}"` under `secret`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str, timestamp: str, signature: str, body: bytes, now: int, tolerance: int = 300
) -> bool:
    """Check a delivery's signature and freshness, as a receiver should (constant-time compare)."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(now - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent, body), signature)


def _full_text(item: OutboundItem) -> str:
    parts = [item.text, *item.thread]
    if item.link and item.link not in item.text:
        parts.append(item.link)
    return "\n\n".join(p for p in parts if p)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def carepost_json(item: OutboundItem, key: str, event: str = "post.published") -> dict[str, Any]:
    """The native payload: every field of the item, images as metadata (no binaries)."""
    return {
        "id": key,
        "type": event,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "post": {
            "text": item.text,
            "thread": list(item.thread),
            "subject": item.subject,
            "html": item.html,
            "link": item.link,
            "reply_to": item.reply_to,
            "media": [
                {
                    "alt_text": m.alt_text,
                    "mime_type": m.mime_type,
                    "filename": m.filename,
                    "bytes": len(m.data),
                }
                for m in item.media
            ],
        },
    }


def slack(item: OutboundItem) -> dict[str, Any]:
    """A Slack incoming-webhook message: `text` as the fallback, one mrkdwn section block."""
    text = _full_text(item)
    if item.subject:
        text = f"*{_slack_escape(item.subject)}*\n{_slack_escape(text)}"
    else:
        text = _slack_escape(text)
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def teams(item: OutboundItem) -> dict[str, Any]:
    """A Microsoft Teams (Workflows) webhook message carrying one Adaptive Card."""
    body: list[dict[str, Any]] = []
    if item.subject:
        body.append(
            {
                "type": "TextBlock",
                "text": item.subject,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            }
        )
    body.append({"type": "TextBlock", "text": _full_text(item), "wrap": True})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def encode(payload: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON: the exact bytes that are signed and sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
