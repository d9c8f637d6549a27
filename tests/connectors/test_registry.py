"""The registry: stable kinds, lazy imports, one protocol, validated configuration."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from carepost.connectors import (
    CONNECTORS,
    BaseConnector,
    Connector,
    ConnectorError,
    create,
    metadata,
)
from carepost.connectors.config import ConfigError
from carepost.connectors.errors import ERROR_KINDS
from carepost.connectors.idempotency import is_tid, new_key, tid_for
from carepost.connectors.registry import UnknownConnector, connector_class

EXAMPLES: dict[str, dict[str, Any]] = {
    "bluesky": {"handle": "clinic.example", "app_password": "abcd-efgh-ijkl-mnop"},
    "mastodon": {"api_base_url": "https://mastodon.example", "access_token": "token"},
    "email": {
        "host": "smtp.example",
        "from_address": "news@clinic.example",
        "recipients": ["a@example.org"],
        "unsubscribe_url": "https://clinic.example/u/{token}",
        "unsubscribe_secret": "0123456789abcdef",
    },
    "webhook": {"url": "https://hooks.example/x", "secret": "0123456789abcdef"},
    "blog": {"org": "plainview", "title": "Plainview Care news"},
}


def test_the_stored_kinds_never_change() -> None:
    assert sorted(CONNECTORS) == ["blog", "bluesky", "email", "mastodon", "webhook"]


def test_importing_the_package_loads_no_network_client() -> None:
    # A fresh interpreter: the registry must not import connectors (and their clients) eagerly.
    code = (
        "import sys, carepost.connectors as c; c.metadata('webhook'); "
        "print(sorted(m for m in ('atproto', 'mastodon', 'smtplib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_every_connector_follows_the_protocol(kind: str) -> None:
    cls = connector_class(kind)
    assert metadata(kind).kind == kind
    assert issubclass(cls, BaseConnector)
    connector = create(kind, EXAMPLES[kind])  # builds without touching the network
    assert isinstance(connector, Connector)


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_unknown_configuration_keys_are_refused(kind: str) -> None:
    with pytest.raises(ConfigError, match="unknown configuration key"):
        create(kind, {**EXAMPLES[kind], "pasword": "typo"})


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_configuration_never_shows_secrets_in_its_repr(kind: str) -> None:
    config = connector_class(kind).from_config(EXAMPLES[kind]).config
    for secret in ("abcd-efgh-ijkl-mnop", "token", "0123456789abcdef", "hooks.example/x"):
        assert secret not in repr(config)


def test_unknown_kind() -> None:
    with pytest.raises(UnknownConnector):
        connector_class("myspace")


def test_optional_capabilities_have_safe_defaults() -> None:
    webhook = create("webhook", EXAMPLES["webhook"])
    assert webhook.fetch_inbound("cursor").items == ()
    assert webhook.fetch_inbound("cursor").cursor == "cursor"
    assert webhook.fetch_metrics("x") == {}
    for call in (lambda: webhook.hide("x"), lambda: webhook.reply(None, "k")):  # type: ignore[arg-type]
        with pytest.raises(ConnectorError) as info:
            call()
        assert info.value.kind == "unsupported" and info.value.permanent


def test_error_kinds_are_closed() -> None:
    assert ERROR_KINDS == {
        "auth_expired",
        "rejected",
        "rate_limited",
        "transient",
        "disconnected",
        "unsupported",
    }
    with pytest.raises(ValueError):
        ConnectorError("oops", "m", permanent=True)  # type: ignore[arg-type]


def test_idempotency_keys_are_tids_and_derivation_is_stable() -> None:
    key = new_key()
    assert is_tid(key) and tid_for(key) == key
    assert tid_for("post-1") == tid_for("post-1") != tid_for("post-2")
    assert tid_for(key, 1) != tid_for(key, 2) != key
    assert all(is_tid(tid_for(f"k{i}", i % 3)) for i in range(200))
