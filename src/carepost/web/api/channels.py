"""Channels of an organisation: list, connect, reconfigure, test the connection, reconnect."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from carepost.connectors.base import ConnectionCheck
from carepost.crypto import Box
from carepost.services import channels
from carepost.storage.db import transaction
from carepost.web.api.publishing_schemas import (
    PUBLISHING_ERRORS,
    ChannelConfigIn,
    ChannelIn,
    ChannelOut,
    ConnectionCheckOut,
)
from carepost.web.deps import OrgActor, state

router = APIRouter(prefix="/orgs/{org}/channels", tags=["channels"], responses=PUBLISHING_ERRORS)


def box(request: Request) -> Box:
    """The installation's Box for channel configurations."""
    return channels.channel_box(state(request).settings)


def channel_out(row: Any) -> ChannelOut:
    """A Channel row without its sealed configuration."""
    return ChannelOut(id=row.id, kind=row.kind, name=row.name, status=row.status,
                      network=row.network, rate_limited_until=row.rate_limited_until,
                      last_test_at=row.last_test_at, last_test_ok=row.last_test_ok,
                      created_at=row.created_at)


def _check_out(result: ConnectionCheck, status: str) -> ConnectionCheckOut:
    return ConnectionCheckOut(ok=result.ok, account=result.account, detail=result.detail,
                              status=status)


@router.get("", response_model=list[ChannelOut])
def list_channels(request: Request, actor: OrgActor) -> list[ChannelOut]:
    """The organisation's channels, oldest first."""
    with transaction(state(request).factory) as db:
        return [channel_out(c) for c in channels.list_channels(db, actor)]


@router.post("", response_model=ChannelOut, status_code=201)
def add_channel(request: Request, actor: OrgActor, body: ChannelIn) -> ChannelOut:
    """Connect a channel (admins); its configuration is validated, then sealed."""
    with transaction(state(request).factory) as db:
        return channel_out(channels.add_channel(db, actor, box(request), body.kind, body.name,
                                                body.config))


@router.put("/{channel_id}/config", response_model=ChannelOut)
def update_config(request: Request, actor: OrgActor, channel_id: int,
                  body: ChannelConfigIn) -> ChannelOut:
    """Replace a channel's configuration (validated first; the old one is kept on refusal)."""
    with transaction(state(request).factory) as db:
        return channel_out(channels.update_config(db, actor, box(request), channel_id,
                                                  body.config))


@router.post("/{channel_id}/test", response_model=ConnectionCheckOut)
def test_connection(request: Request, actor: OrgActor, channel_id: int) -> ConnectionCheckOut:
    """Ask the network whether the credentials work (nothing is posted); audited."""
    with transaction(state(request).factory) as db:
        result = channels.test_channel(db, actor, box(request), channel_id)
        return _check_out(result, channels.get_channel(db, actor, channel_id).status)


@router.post("/{channel_id}/reconnect", response_model=ConnectionCheckOut)
def reconnect(request: Request, actor: OrgActor, channel_id: int,
              body: ChannelConfigIn) -> ConnectionCheckOut:
    """New credentials for a channel that needs reconnecting, then a connection test."""
    factory = state(request).factory
    with transaction(factory) as db:
        channels.update_config(db, actor, box(request), channel_id, body.config)
    with transaction(factory) as db:
        result = channels.test_channel(db, actor, box(request), channel_id)
        return _check_out(result, channels.get_channel(db, actor, channel_id).status)
