"""Builds one list message per recipient: Message-ID from the key, unsubscribe link and headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import quote

from carepost.connectors.base import OutboundItem
from carepost.connectors.email.schema import EmailConfig


def unsubscribe_token(secret: str, address: str) -> str:
    """The token in a recipient's unsubscribe link; the web app recomputes it to verify."""
    digest = hmac.new(secret.encode(), address.strip().lower().encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def unsubscribe_link(config: EmailConfig, address: str) -> str:
    """The one-click unsubscribe URL for `address`."""
    token = unsubscribe_token(config.unsubscribe_secret, address)
    return config.unsubscribe_url.replace("{token}", token).replace(
        "{email}", quote(address, safe="")
    )


def message_id(key: str, address: str, config: EmailConfig) -> str:
    """A Message-ID that is the same every time for the same key and recipient."""
    safe_key = re.sub(r"[^A-Za-z0-9.-]", "-", key)[:64]
    who = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]
    domain = config.from_address.rpartition("@")[2]
    return f"<{safe_key}.{who}@{domain}>"


def build(item: OutboundItem, key: str, address: str, config: EmailConfig, *,
          link: str | None = None, html_link: str | None = None, msg_id: str | None = None,
          cte: str | None = None) -> EmailMessage:
    """The message `address` receives for `item` sent with idempotency key `key`.

    The keyword arguments exist for `batch.Batch`, which builds one message with placeholders
    and fills them in per recipient; by default everything is derived from `address`.
    """
    link = link if link is not None else unsubscribe_link(config, address)
    msg = EmailMessage()
    msg["From"] = (
        formataddr((config.from_name, config.from_address))
        if config.from_name
        else config.from_address
    )
    msg["To"] = address
    msg["Subject"] = item.subject or ""
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = msg_id if msg_id is not None else message_id(key, address, config)
    msg["List-Unsubscribe"] = f"<{link}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058 one-click
    if config.list_id:
        msg["List-Id"] = f"<{config.list_id}>"
    text = item.text
    if item.link and item.link not in text:
        text = f"{text}\n\n{item.link}"
    msg.set_content(f"{text}\n\n-- \nUnsubscribe: {link}\n", cte=cte)
    if item.html is not None:
        shown = html_link if html_link is not None else html.escape(link)
        footer = f'<p style="font-size:small"><a href="{shown}">Unsubscribe</a></p>'
        body = item.html
        if re.search(r"</body>", body, re.I):
            body = re.sub(r"</body>", footer + "</body>", body, count=1, flags=re.I)
        else:
            body = body + footer
        msg.add_alternative(body, subtype="html", cte=cte)
    for index, media in enumerate(item.media, start=1):
        maintype, _, subtype = media.mime_type.partition("/")
        msg.add_attachment(
            media.data,
            maintype=maintype,
            subtype=subtype,
            filename=media.filename or f"image{index}",
        )
        # The alt text travels with the image for screen readers and text-only clients.
        msg.get_payload()[-1]["Content-Description"] = media.alt_text
    return msg
