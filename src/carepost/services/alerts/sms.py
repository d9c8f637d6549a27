"""The interface an SMS provider adapter will implement (documented; no provider is built in).

Alerts reach mailing lists by email today. A text-message provider (an SMS aggregator's HTTP
API, or a carrier's SMPP gateway) plugs in later as a connector of kind "sms" that implements
`SmsAdapter` below and is registered in `carepost.connectors.registry` like any other; the alert
service then treats it as one more channel: the same idempotency key per delivery, the same
board, the same retry. See docs/alerts.md, "SMS".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class SmsReceipt:
    """What the provider said about one number: accepted (with its message id) or refused."""

    number: str
    accepted: bool
    provider_id: str | None = None
    error: str | None = None


@runtime_checkable
class SmsAdapter(Protocol):
    """A text-message provider, as the alert service will call it.

    Rules an implementation must keep:
    - `send` is idempotent per (`idempotency_key`, number): a retry with the same key must not
      text anyone twice (use the provider's own de-duplication id, or the key plus the number
      as the client reference);
    - numbers are E.164 (`+15550100`); a number that opted out (STOP) is never texted;
    - messages longer than one segment (160 GSM-7 or 70 UCS-2 characters) are sent as one
      concatenated message, never as separate texts;
    - failures raise `carepost.connectors.errors.ConnectorError` with a kind and `permanent`,
      and `done` listing the numbers already accepted, so a retry resumes after them;
    - neither the text nor the numbers appear in exception messages or logs.
    """

    def send(self, text: str, numbers: Sequence[str], idempotency_key: str) -> list[SmsReceipt]:
        """Text `numbers`; one receipt per number."""
        ...

    def delivery_status(self, provider_id: str) -> str:
        """The provider's delivery report for one message: queued, delivered or failed."""
        ...
