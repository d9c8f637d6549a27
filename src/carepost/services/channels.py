"""Channels: connected accounts with their configuration sealed at rest, and "test connection".

The whole connector configuration (handles, passwords, tokens) is stored encrypted with
`carepost.crypto.Box` under its own purpose-bound key; only `connector_for` opens it, right
before a network call. Nothing here logs or audits a configuration value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.connectors import registry
from carepost.connectors.base import ConnectionCheck, Connector
from carepost.connectors.config import ConfigError
from carepost.connectors.errors import ConnectorError
from carepost.crypto import Box, load_or_create_key
from carepost.services import audit, notifications
from carepost.services.actor import SYSTEM, Actor, require
from carepost.services.errors import NotFound, ValidationFailed
from carepost.settings import Settings
from carepost.storage.models import Organization, utcnow
from carepost.storage.publishing import Channel

BOX_PURPOSE = "channel-credentials"
NEEDS_RECONNECT = "channel.needs_reconnect"


def channel_box(settings: Settings) -> Box:
    """The Box that seals channel configurations for this installation."""
    return Box(load_or_create_key(settings), BOX_PURPOSE)


def network_of(kind: str, config: Mapping[str, Any]) -> str:
    """The network a channel talks to, "kind:host": the scope of a network-wide rate limit."""
    if kind == "email":
        host = str(config.get("host", ""))
    else:
        key = {"bluesky": "service_url", "mastodon": "api_base_url"}.get(kind, "url")
        default = "https://bsky.social" if kind == "bluesky" else ""
        host = urlsplit(str(config.get(key, default))).netloc
    return f"{kind}:{host.lower()}"[:200]


def _validate(kind: str, config: Mapping[str, Any]) -> None:
    if kind not in registry.CONNECTORS:
        raise ValidationFailed("kind", f"must be one of {', '.join(sorted(registry.CONNECTORS))}")
    try:
        registry.create(kind, config)
    except ConfigError as exc:
        # ConfigError messages name keys, never values (connectors/config.py promises it).
        raise ValidationFailed("config", str(exc)) from None


def _check_own_blog(session: Session, org_id: int, kind: str, config: Mapping[str, Any]) -> None:
    # A blog channel's configuration names the organisation whose public blog it writes to
    # (its address, /blog/<org>/); a channel may only name its own organisation.
    if kind != "blog":
        return
    org = session.get(Organization, org_id)
    if org is None or config.get("org") != org.slug:
        raise ValidationFailed("config", "org must be this organisation's slug")


def _apply_blog(session: Session, kind: str, config: Mapping[str, Any]) -> None:
    # The public blog reads its settings (comments open, feed details) from its own row:
    # update it with the channel, so the change shows at once, not at the next publish.
    if kind == "blog":
        from carepost.services.blog import apply_channel_config

        apply_channel_config(session, config)


def add_channel(
    session: Session, actor: Actor, box: Box, kind: str, name: str, config: Mapping[str, Any]
) -> Channel:
    """Connect a new channel after validating its configuration; the configuration is sealed."""
    require(actor, "channel.manage", session)
    if actor.org_id is None:
        raise ValidationFailed("org", "a channel belongs to an organisation")
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise ValidationFailed("name", "must be 1 to 100 characters")
    _validate(kind, config)
    _check_own_blog(session, actor.org_id, kind, config)
    channel = Channel(
        org_id=actor.org_id, kind=kind, name=name, status="active", owner_id=actor.user_id,
        network=network_of(kind, config),
        config_sealed=box.encrypt(json.dumps(dict(config), sort_keys=True)),
    )
    session.add(channel)
    session.flush()
    _apply_blog(session, kind, config)
    audit.record(session, actor, "channel.added", f"channel:{channel.id}", {"kind": kind})
    return channel


def get_channel(session: Session, actor: Actor, channel_id: int) -> Channel:
    """One channel of the actor's organisation (trusted actors: any)."""
    channel = session.get(Channel, channel_id)
    if channel is None or (not actor.trusted and channel.org_id != actor.org_id):
        raise NotFound(f"channel {channel_id} not found")
    if actor.trusted and actor.org_id is not None and channel.org_id != actor.org_id:
        raise NotFound(f"channel {channel_id} not found")
    return channel


def list_channels(session: Session, actor: Actor) -> list[Channel]:
    """The organisation's channels, oldest first."""
    require(actor, "org.view", session)
    query = select(Channel).order_by(Channel.id)
    if actor.org_id is not None:
        query = query.where(Channel.org_id == actor.org_id)
    return list(session.execute(query).scalars())


def open_config(channel: Channel, box: Box) -> dict[str, Any]:
    """The channel's decrypted configuration (for building its connector only)."""
    return dict(json.loads(box.decrypt(channel.config_sealed)))


def connector_for(channel: Channel, box: Box) -> Connector:
    """A connector for this channel, built from its sealed configuration."""
    return registry.create(channel.kind, open_config(channel, box))


def mark_needs_reconnecting(session: Session, channel: Channel, error_kind: str) -> None:
    """Credentials were refused: flag the channel, audit it, and tell its owner and admins."""
    if channel.status == "needs_reconnect":
        return
    channel.status = "needs_reconnect"
    audit.record(session, SYSTEM, NEEDS_RECONNECT, f"channel:{channel.id}",
                 {"kind": channel.kind, "error": error_kind}, org_id=channel.org_id)
    owners = [channel.owner_id,
              *notifications.users_with_roles(session, channel.org_id, ("admin",))]
    notifications.notify(session, channel.org_id, NEEDS_RECONNECT, f"channel:{channel.id}",
                         [u for u in owners if u is not None])


def test_channel(session: Session, actor: Actor, box: Box, channel_id: int) -> ConnectionCheck:
    """The "test connection" action: ask the network, record and audit the outcome.

    The transaction is committed before the network call, so a slow network never holds a
    database lock; the outcome is written in a second transaction.
    """
    require(actor, "channel.manage", session)
    channel = get_channel(session, actor, channel_id)
    connector = connector_for(channel, box)
    session.commit()
    try:
        result = connector.test_connection()
    except ConnectorError as exc:
        result = ConnectionCheck(ok=False, detail=str(exc)[:300])
        if exc.kind == "auth_expired":
            mark_needs_reconnecting(session, session.merge(channel), exc.kind)
    # Connectors report failures as a ConnectionCheck whose detail is `str(ConnectorError)`,
    # which starts with the error kind.
    if not result.ok and result.detail.startswith("auth_expired:"):
        mark_needs_reconnecting(session, session.merge(channel), "auth_expired")
    channel = session.merge(channel)
    channel.last_test_at = utcnow()
    channel.last_test_ok = result.ok
    if result.ok:
        # The instance's own limits (Mastodon), read by the test: the composer counts by them.
        from carepost.services.channel_meta import learn

        learn(session, channel.id, connector)
    if result.ok and channel.status == "needs_reconnect":
        channel.status = "active"
    audit.record(session, actor, "channel.tested", f"channel:{channel.id}",
                 {"ok": result.ok})
    return result


def update_config(
    session: Session, actor: Actor, box: Box, channel_id: int, config: Mapping[str, Any]
) -> Channel:
    """Replace a channel's configuration (reconnecting it); the new one is validated first."""
    require(actor, "channel.manage", session)
    channel = get_channel(session, actor, channel_id)
    _validate(channel.kind, config)
    _check_own_blog(session, channel.org_id, channel.kind, config)
    channel.config_sealed = box.encrypt(json.dumps(dict(config), sort_keys=True))
    channel.network = network_of(channel.kind, config)
    channel.status = "active"
    _apply_blog(session, channel.kind, config)
    audit.record(session, actor, "channel.reconfigured", f"channel:{channel.id}",
                 {"kind": channel.kind})
    return channel
