"""Email connector: one SMTP message per list member, with a Message-ID derived from the key."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from carepost.connectors.base import (
    BaseConnector,
    ConnectionCheck,
    ConnectorMetadata,
    MediaRules,
    OutboundItem,
    Published,
)
from carepost.connectors.email.batch import Batch
from carepost.connectors.email.message import build, message_id
from carepost.connectors.email.schema import EmailConfig
from carepost.connectors.errors import ConnectorError, unsupported
from carepost.connectors.rules import check_item

# From this many members on, a mailing builds its message once (batch.py) instead of per member.
BATCH_FROM = 20


def _server_text(exc: smtplib.SMTPResponseException) -> str:
    raw = exc.smtp_error
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return f"SMTP {exc.smtp_code} {text}"[:200]


def _classify(
    exc: BaseException, doing: str, done: tuple[str, ...] = (), in_flight: bool = False
) -> ConnectorError:
    """Map an smtplib/socket failure to a ConnectorError; the message body never appears.

    `in_flight` says a message was being transferred: a broken connection then leaves its
    outcome unknown (`maybe_sent`), while an SMTP reply code is always definite.
    """
    if isinstance(exc, ConnectorError):
        return exc
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return ConnectorError(
            "auth_expired", f"{doing}: {_server_text(exc)}", permanent=True, done=done
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        temporary = 400 <= exc.smtp_code < 500
        return ConnectorError(
            "transient" if temporary else "rejected",
            f"{doing}: {_server_text(exc)}",
            permanent=not temporary,
            done=done,
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        temporary = all(400 <= c < 500 for c in codes)
        return ConnectorError(
            "transient" if temporary else "rejected",
            f"{doing}: recipient refused (SMTP {codes[0] if codes else '?'})",
            permanent=not temporary,
            done=done,
        )
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return ConnectorError(
            "disconnected", f"{doing}: TLS failed: {type(exc).__name__}", permanent=True, done=done
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return ConnectorError("rejected", f"{doing}: {exc}", permanent=True, done=done)
    name = (
        "server disconnected"
        if isinstance(exc, smtplib.SMTPServerDisconnected)
        else type(exc).__name__
    )
    return ConnectorError(
        "transient", f"{doing}: {name}", permanent=False, maybe_sent=in_flight, done=done
    )


class EmailConnector(BaseConnector):
    """Sends a post to a mailing list over SMTP (STARTTLS or TLS, optional login)."""

    metadata: ClassVar[ConnectorMetadata] = ConnectorMetadata(
        kind="email",
        display_name="Email",
        text_limit=None,
        media=MediaRules(
            mime_types=("image/jpeg", "image/png", "image/gif"), max_bytes=5_000_000, max_count=4
        ),
        capabilities=frozenset({"publish", "media", "link"}),
        formats=("subject", "text", "html"),
        notes="Subject required; plain text, optional HTML; an unsubscribe link in every message.",
    )

    def __init__(self, config: EmailConfig) -> None:
        self.config = config

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> EmailConnector:
        """Build from stored configuration."""
        return cls(EmailConfig.from_mapping(data))

    def _tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.config.ca_file)

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        smtp: smtplib.SMTP
        if c.security == "tls":
            smtp = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout_seconds, context=self._tls())
        else:
            smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout_seconds)
        try:
            smtp.ehlo()
            if c.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise ConnectorError(
                        "disconnected", "the server does not offer STARTTLS", permanent=True
                    )
                smtp.starttls(context=self._tls())
                smtp.ehlo()
            if c.username is not None and c.password is not None:
                smtp.login(c.username, c.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def publish(self, item: OutboundItem, idempotency_key: str) -> Published:
        """Mail every list member; a retry with the same key reuses the same Message-IDs."""
        return self.publish_to(item, idempotency_key, self.config.recipients)

    def publish_to(
        self, item: OutboundItem, idempotency_key: str, recipients: Iterable[str]
    ) -> Published:
        """Mail the given members only (the service resumes a partly sent list with this)."""
        if not (item.subject or "").strip():
            raise ConnectorError("rejected", "Email: a subject is required", permanent=True)
        if "\n" in (item.subject or "") or "\r" in (item.subject or ""):
            raise ConnectorError("rejected", "Email: the subject must be one line", permanent=True)
        check_item(item, self.metadata)
        pending = list(recipients)
        done: list[str] = []
        refused: list[str] = []
        per = self.config.messages_per_connection
        batch = Batch(item, idempotency_key, self.config) if len(pending) >= BATCH_FROM else None
        # Relays cap messages per connection, so a long list goes out over several.
        for start in range(0, len(pending), per):
            try:
                smtp = self._connect()
            except (smtplib.SMTPException, OSError, ConnectorError) as exc:
                raise _classify(exc, "connecting", tuple(done)) from None
            try:
                # Long lists: bytes filled in per member (batch.py), where the server takes 8bit.
                fast = batch if batch is not None and smtp.has_extn("8bitmime") else None
                for address in pending[start : start + per]:
                    raw = fast.raw(address) if fast is not None else None
                    try:
                        if raw is not None:
                            smtp.sendmail(self.config.from_address, [address], raw,
                                          mail_options=["BODY=8BITMIME"])
                        else:
                            smtp.send_message(
                                build(item, idempotency_key, address, self.config),
                                from_addr=self.config.from_address, to_addrs=[address],
                            )
                    except smtplib.SMTPRecipientsRefused as exc:
                        codes = [code for code, _ in exc.recipients.values()]
                        if all(c >= 500 for c in codes):
                            refused.append(address)  # this member's mailbox says no; carry on
                            continue
                        raise
                    done.append(address)
            except (smtplib.SMTPException, OSError) as exc:
                raise _classify(exc, "sending", tuple(done), in_flight=True) from None
            finally:
                try:
                    smtp.quit()
                except (smtplib.SMTPException, OSError):
                    smtp.close()
        if refused:
            raise ConnectorError(
                "rejected",
                f"sending: {len(refused)} of {len(refused) + len(done)} recipients refused",
                permanent=True,
                done=tuple(done),
            )
        first = self.config.recipients[0] if self.config.recipients else ""
        return Published(remote_id=message_id(idempotency_key, first, self.config))

    def check_status(
        self, idempotency_key: str, item: OutboundItem | None = None
    ) -> Published | None:
        """SMTP cannot be asked whether a message was delivered: the service keeps that record."""
        raise unsupported("check_status over SMTP")

    def test_connection(self) -> ConnectionCheck:
        """Connect, negotiate TLS, log in if configured, and say goodbye without sending."""
        try:
            smtp = self._connect()
            smtp.noop()
            smtp.quit()
        except (smtplib.SMTPException, OSError, ConnectorError) as exc:
            return ConnectionCheck(ok=False, detail=str(_classify(exc, "connecting")))
        security = {"starttls": "STARTTLS", "tls": "TLS", "none": "no encryption"}[
            self.config.security
        ]
        return ConnectionCheck(
            ok=True,
            account=self.config.from_address,
            detail=f"{self.config.host}:{self.config.port} with {security}, "
            f"{len(self.config.recipients)} recipients",
        )
