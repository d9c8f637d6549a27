"""Maps the stable channel `kind` stored in the database to its connector, imported lazily."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from carepost.connectors.base import Connector, ConnectorMetadata

# The keys are stored in the database: never rename one. Values are "module:attribute".
CONNECTORS: dict[str, str] = {
    "bluesky": "carepost.connectors.bluesky.connector:BlueskyConnector",
    "mastodon": "carepost.connectors.mastodon.connector:MastodonConnector",
    "email": "carepost.connectors.email.connector:EmailConnector",
    "webhook": "carepost.connectors.webhook.connector:WebhookConnector",
    "blog": "carepost.connectors.blog.connector:BlogConnector",
}


class UnknownConnector(LookupError):
    """No connector is registered under this kind."""


def connector_class(kind: str) -> type[Any]:
    """Import and return the connector class registered for `kind`."""
    try:
        target = CONNECTORS[kind]
    except KeyError:
        raise UnknownConnector(f"no connector of kind {kind!r}") from None
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def metadata(kind: str) -> ConnectorMetadata:
    """The network rules and capabilities of `kind`, without connecting to anything."""
    return connector_class(kind).metadata


def create(kind: str, config: Mapping[str, Any]) -> Connector:
    """Build a connector of `kind` from its stored configuration (validated by its schema)."""
    return connector_class(kind).from_config(config)
