"""Email channel configuration: the SMTP relay, the sender, the list, and unsubscribe links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from carepost.connectors.config import ConfigError, parse_config, require_url


def _address(name: str, value: str) -> str:
    value = value.strip()
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or any(c in value for c in " <>,;\r\n"):
        raise ConfigError(f"{name} must be a plain email address")
    return value


@dataclass(frozen=True)
class EmailConfig:
    """An SMTP relay and one mailing list; every message carries a one-click unsubscribe link.

    `unsubscribe_url` contains `{token}` (an HMAC of the address under `unsubscribe_secret`,
    see `unsubscribe_token`) and may contain `{email}`.
    """

    host: str
    from_address: str
    recipients: tuple[str, ...]
    unsubscribe_url: str
    unsubscribe_secret: str
    port: int = 587
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: str | None = None
    from_name: str = ""
    list_id: str | None = None
    ca_file: str | None = None
    timeout_seconds: float = 30.0
    messages_per_connection: int = 100

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> EmailConfig:
        """Validate stored configuration; unknown keys are refused."""
        config = parse_config(cls, data)
        if not config.host.strip():
            raise ConfigError("host must not be empty")
        if not 0 < config.port < 65536:
            raise ConfigError("port must be between 1 and 65535")
        if (config.username is None) != (config.password is None):
            raise ConfigError("username and password go together")
        if config.username is not None and config.security == "none":
            raise ConfigError(
                "a password is never sent without TLS: set security to starttls or tls"
            )
        if "{token}" not in config.unsubscribe_url:
            raise ConfigError("unsubscribe_url must contain {token}")
        require_url(
            "unsubscribe_url",
            config.unsubscribe_url.replace("{token}", "t").replace("{email}", "e"),
        )
        if len(config.unsubscribe_secret) < 16:
            raise ConfigError("unsubscribe_secret must be at least 16 characters")
        if not config.recipients:
            raise ConfigError("recipients must not be empty")
        if config.messages_per_connection < 1:
            raise ConfigError("messages_per_connection must be at least 1")
        if config.timeout_seconds <= 0:
            raise ConfigError("timeout_seconds must be positive")
        recipients = tuple(
            dict.fromkeys(_address(f"recipients[{i}]", r) for i, r in enumerate(config.recipients))
        )
        return replace(
            config,
            host=config.host.strip(),
            from_address=_address("from_address", config.from_address),
            recipients=recipients,
        )

    def __repr__(self) -> str:
        return f"EmailConfig(host={self.host!r}, port={self.port!r}, list={len(self.recipients)})"
