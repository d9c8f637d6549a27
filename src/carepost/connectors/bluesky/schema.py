"""Bluesky channel configuration: the PDS, the account and an app password."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from carepost.connectors.config import ConfigError, parse_config, require_url


@dataclass(frozen=True)
class BlueskyConfig:
    """How to reach one Bluesky account; `app_password` is an app password, never the main one."""

    handle: str
    app_password: str
    service_url: str = "https://bsky.social"
    web_url: str = "https://bsky.app"
    allow_private_addresses: bool = False
    timeout_seconds: float = 15.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BlueskyConfig:
        """Validate stored configuration; unknown keys are refused."""
        config = parse_config(cls, data)
        if not config.handle.strip() or not config.app_password:
            raise ConfigError("handle and app_password must not be empty")
        if config.timeout_seconds <= 0:
            raise ConfigError("timeout_seconds must be positive")
        return BlueskyConfig(
            handle=config.handle.strip().lstrip("@"),
            app_password=config.app_password,
            service_url=require_url("service_url", config.service_url),
            web_url=require_url("web_url", config.web_url),
            allow_private_addresses=config.allow_private_addresses,
            timeout_seconds=config.timeout_seconds,
        )

    def __repr__(self) -> str:
        return f"BlueskyConfig(handle={self.handle!r}, service_url={self.service_url!r})"
