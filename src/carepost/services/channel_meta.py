"""A channel's network rules as its own instance states them, where the network says.

Mastodon's text limit is the instance's own (500 by default; many allow more). The connector
reads it from the instance when it publishes or tests the connection; "test connection" stores
it here (`learn`), and the composer, the checks before review and the worker's derivation all
read it through `metadata_for`, so they split and count as the instance will. Stored values
are non-secret facts about the network, never credentials.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session, object_session

from carepost.connectors import registry
from carepost.connectors.base import ConnectorMetadata
from carepost.connectors.errors import ConnectorError
from carepost.storage.channel_meta import ChannelMeta
from carepost.storage.models import utcnow
from carepost.storage.publishing import Channel

# A limit outside this range is not believed (a broken or hostile instance answer).
MIN_TEXT_LIMIT, MAX_TEXT_LIMIT = 50, 100_000


def stored(session: Session, channel_id: int) -> dict[str, Any]:
    """What is stored for the channel (empty when nothing was learnt yet)."""
    row = session.get(ChannelMeta, channel_id)
    return dict(json.loads(row.data)) if row is not None else {}


def record_text_limit(session: Session, channel_id: int, text_limit: int) -> None:
    """Store the instance's text limit for this channel (ignored when implausible)."""
    if not MIN_TEXT_LIMIT <= text_limit <= MAX_TEXT_LIMIT:
        return
    row = session.get(ChannelMeta, channel_id)
    if row is None:
        row = ChannelMeta(channel_id=channel_id, data="{}")
        session.add(row)
    data = dict(json.loads(row.data))
    data["text_limit"] = int(text_limit)
    row.data = json.dumps(data, sort_keys=True)
    row.updated_at = utcnow()
    session.flush()


def learn(session: Session, channel_id: int, connector: object) -> None:
    """After a successful test: keep the limits a connector read from its own instance.

    Only connectors with `instance_metadata()` (Mastodon) have any; theirs is already cached
    by the test, so no second request is made.
    """
    reader = getattr(connector, "instance_metadata", None)
    if reader is None:
        return
    try:
        metadata = reader()
    except ConnectorError:
        return  # the test said ok; a later test will try again
    if isinstance(metadata, ConnectorMetadata) and metadata.text_limit is not None:
        record_text_limit(session, channel_id, metadata.text_limit)


def _learns(kind: str) -> bool:
    """Whether this network's connector reads limits from its instance (Mastodon)."""
    return kind in registry.CONNECTORS and hasattr(registry.connector_class(kind),
                                                   "instance_metadata")


def metadata_for(channel: Channel, session: Session | None = None) -> ConnectorMetadata:
    """The network's rules for this channel: the connector's, with the stored instance limit."""
    metadata = registry.metadata(channel.kind)
    if not _learns(channel.kind):
        return metadata  # nothing is ever stored for it: no query
    session = session or object_session(channel)
    if session is None or channel.id is None:
        return metadata
    limit = stored(session, channel.id).get("text_limit")
    if isinstance(limit, int) and limit != metadata.text_limit:
        return replace(metadata, text_limit=limit)
    return metadata
