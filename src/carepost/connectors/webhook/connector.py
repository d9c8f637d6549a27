"""Webhook connector: one signed POST per post; the receiver de-duplicates by delivery id."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from carepost.connectors import http
from carepost.connectors.base import (
    BaseConnector,
    ConnectionCheck,
    ConnectorMetadata,
    MediaRules,
    OutboundItem,
    Published,
)
from carepost.connectors.errors import ConnectorError, unsupported
from carepost.connectors.rules import check_item
from carepost.connectors.webhook import payload
from carepost.connectors.webhook.schema import WebhookConfig


class WebhookConnector(BaseConnector):
    """POSTs posts as signed JSON (carepost's own shape, or Slack- or Teams-compatible)."""

    metadata: ClassVar[ConnectorMetadata] = ConnectorMetadata(
        kind="webhook",
        display_name="Webhook",
        text_limit=None,
        media=MediaRules(mime_types=(), max_bytes=0, max_count=0),
        capabilities=frozenset({"publish", "thread", "media", "link"}),
        formats=("json",),
        notes="Signed JSON POST; images travel as alt text and metadata, never as bytes.",
    )

    def __init__(self, config: WebhookConfig) -> None:
        self.config = config
        self._http = http.client(
            allow_private=config.allow_private_addresses,
            timeout=httpx.Timeout(config.timeout_seconds, connect=min(5.0, config.timeout_seconds)),
        )

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> WebhookConnector:
        """Build from stored configuration."""
        return cls(WebhookConfig.from_mapping(data))

    def _body(self, item: OutboundItem, key: str) -> bytes:
        if self.config.format == "slack":
            return payload.encode(payload.slack(item))
        if self.config.format == "teams":
            return payload.encode(payload.teams(item))
        return payload.encode(payload.carepost_json(item, key))

    def _post(self, body: bytes, key: str) -> None:
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            payload.DELIVERY_HEADER: key,
            "Idempotency-Key": key,
            payload.TIMESTAMP_HEADER: str(timestamp),
            payload.SIGNATURE_HEADER: payload.sign(self.config.secret, timestamp, body),
        }
        http.send(self._http, "POST", self.config.url, content=body, headers=headers)

    def publish(self, item: OutboundItem, idempotency_key: str) -> Published:
        """POST the item once; a retry carries the same delivery id for the receiver to drop."""
        check_item(item, self.metadata)
        self._post(self._body(item, idempotency_key), idempotency_key)
        return Published(remote_id=idempotency_key)

    def check_status(
        self, idempotency_key: str, item: OutboundItem | None = None
    ) -> Published | None:
        """A webhook cannot be asked what it received: the receiver de-duplicates instead."""
        raise unsupported("check_status on a webhook")

    def test_connection(self) -> ConnectionCheck:
        """Send a signed `ping` (carepost JSON), or for Slack/Teams only check the address answers.

        Slack and Teams would show a ping to everyone in the channel, so for them any HTTP answer
        other than "gone" counts as reachable.
        """
        try:
            if self.config.format == "json":
                key = f"ping-{int(time.time())}"
                body = payload.encode(
                    payload.carepost_json(OutboundItem(text=""), key, event="ping")
                )
                self._post(body, key)
            else:
                response = self._http.request("GET", self.config.url)
                if response.status_code in (404, 410):
                    raise (
                        http.error_for_status(response.status_code, "webhook not found")
                        or AssertionError
                    )
        except ConnectorError as exc:
            return ConnectionCheck(ok=False, detail=str(exc))
        except httpx.HTTPError as exc:
            return ConnectionCheck(
                ok=False, detail=f"transient: cannot connect: {type(exc).__name__}"
            )
        return ConnectionCheck(ok=True, detail=f"{self.config.format} webhook answered")
