"""Mastodon channel configuration: the instance and an access token with write scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from carepost.connectors.config import ConfigError, parse_config, require_url


@dataclass(frozen=True)
class MastodonConfig:
    """How to reach one Mastodon account."""

    api_base_url: str
    access_token: str
    visibility: Literal["public", "unlisted", "private"] = "public"
    allow_private_addresses: bool = False
    timeout_seconds: float = 15.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> MastodonConfig:
        """Validate stored configuration; unknown keys are refused."""
        config = parse_config(cls, data)
        if not config.access_token:
            raise ConfigError("access_token must not be empty")
        if config.timeout_seconds <= 0:
            raise ConfigError("timeout_seconds must be positive")
        return MastodonConfig(
            api_base_url=require_url("api_base_url", config.api_base_url),
            access_token=config.access_token,
            visibility=config.visibility,
            allow_private_addresses=config.allow_private_addresses,
            timeout_seconds=config.timeout_seconds,
        )

    def __repr__(self) -> str:
        return f"MastodonConfig(api_base_url={self.api_base_url!r})"
