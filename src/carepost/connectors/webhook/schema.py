"""Webhook channel configuration: the endpoint, the signing secret and the payload shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from carepost.connectors.config import ConfigError, parse_config, require_url


@dataclass(frozen=True)
class WebhookConfig:
    """Where to POST, how to sign, and which payload shape the receiver expects."""

    url: str
    secret: str
    format: Literal["json", "slack", "teams"] = "json"
    allow_private_addresses: bool = False
    timeout_seconds: float = 10.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> WebhookConfig:
        """Validate stored configuration; unknown keys are refused."""
        config = parse_config(cls, data)
        if len(config.secret) < 16:
            raise ConfigError("secret must be at least 16 characters")
        if config.timeout_seconds <= 0:
            raise ConfigError("timeout_seconds must be positive")
        return replace(config, url=require_url("url", config.url.strip()))

    def __repr__(self) -> str:
        return f"WebhookConfig(format={self.format!r})"  # the URL may embed a token (Slack)
