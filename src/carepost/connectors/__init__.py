"""Connectors: one small protocol, one error type, one HTTP chokepoint, one folder per network."""

from carepost.connectors.base import (
    BaseConnector,
    ConnectionCheck,
    Connector,
    ConnectorMetadata,
    InboundItem,
    InboundPage,
    Media,
    MediaRules,
    OutboundItem,
    Published,
)
from carepost.connectors.errors import ConnectorError
from carepost.connectors.registry import CONNECTORS, create, metadata

__all__ = [
    "CONNECTORS",
    "BaseConnector",
    "ConnectionCheck",
    "Connector",
    "ConnectorError",
    "ConnectorMetadata",
    "InboundItem",
    "InboundPage",
    "Media",
    "MediaRules",
    "OutboundItem",
    "Published",
    "create",
    "metadata",
]
