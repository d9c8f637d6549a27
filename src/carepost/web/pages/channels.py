"""Channels: the list with each one's status, connect a new one (the form's fields come from the
connector's configuration schema), test the connection, reconnect with new credentials.

Secrets (passwords, tokens, signing secrets) are never shown back, not even after a mistake:
the form asks for them again. Everything else typed is kept.
"""

from __future__ import annotations

import dataclasses
import importlib
import types
import typing
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from carepost.connectors import registry
from carepost.services import channels as channel_service
from carepost.services import org_zone
from carepost.services.errors import Conflict, ValidationFailed
from carepost.storage.db import read_only, transaction
from carepost.storage.publishing import Channel
from carepost.web.deps import CurrentViewer, Viewer, require_action, state
from carepost.web.pages.post_forms import Fields, FormFields, local_time
from carepost.web.templating import render

router = APIRouter()
STATUS_LABELS = {"active": "Active", "needs_reconnect": "Needs reconnecting",
                 "disabled": "Disabled"}
_SECRET_WORDS = ("password", "secret", "token")
_DONE = {"added": "Channel connected.", "reconnected": "Channel reconnected."}


@dataclass(frozen=True)
class ConfigField:
    """One input of a channel form, derived from the connector's configuration dataclass."""

    name: str
    label: str
    widget: str  # text, secret, number, checkbox, select, lines
    required: bool
    default: Any
    choices: tuple[str, ...] = ()

    @property
    def secret(self) -> bool:
        """Whether the value is a credential (never echoed back into a page)."""
        return self.widget == "secret"


def config_class(kind: str) -> type | None:
    """The configuration dataclass of `kind` (its connector folder's schema module), if any."""
    try:
        module = importlib.import_module(f"carepost.connectors.{kind}.schema")
    except ImportError:
        return None
    for value in vars(module).values():
        if dataclasses.is_dataclass(value) and hasattr(value, "from_mapping"):
            return value  # type: ignore[return-value]
    return None


def _widget(name: str, hint: Any) -> tuple[str, tuple[str, ...], bool]:
    """(widget, choices, optional) for a type hint."""
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional, hint = True, args[0]
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return "select", tuple(str(a) for a in typing.get_args(hint)), optional
    if origin is tuple:
        return "lines", (), optional
    if hint is bool:
        return "checkbox", (), optional
    if hint in (int, float):
        return "number", (), optional
    if any(word in name for word in _SECRET_WORDS):
        return "secret", (), optional
    return "text", (), optional


def config_fields(kind: str) -> list[ConfigField]:
    """The form fields for a channel of `kind`, in the schema's order."""
    cls = config_class(kind)
    if cls is None:
        return []
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        widget, choices, optional = _widget(f.name, hints[f.name])
        has_default = f.default is not dataclasses.MISSING
        default = f.default if has_default else None
        if isinstance(default, tuple):
            default = "\n".join(default)
        out.append(ConfigField(f.name, f.name.replace("_", " ").capitalize(), widget,
                               not has_default and not optional, default, choices))
    return out


def read_config(kind: str, fields: Fields) -> dict[str, Any]:
    """The configuration mapping typed into the form; blank optional fields are left out."""
    config: dict[str, Any] = {}
    for spec in config_fields(kind):
        raw = fields.get(f"cfg_{spec.name}")
        if spec.widget == "checkbox":
            config[spec.name] = raw == "on"
            continue
        if not raw.strip():
            continue
        if spec.widget == "number":
            try:
                config[spec.name] = int(raw) if raw.strip().lstrip("-").isdigit() else float(raw)
            except ValueError:
                raise ValidationFailed(spec.name, "must be a number") from None
        elif spec.widget == "lines":
            config[spec.name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif spec.widget == "secret":
            config[spec.name] = raw
        else:
            config[spec.name] = raw.strip()
    return config


def _kept(kind: str, fields: Fields | None, stored: dict[str, Any] | None = None) -> dict[str, Any]:
    """Values to show in the form again: typed (or stored) ones, secrets never."""
    out: dict[str, Any] = {}
    for spec in config_fields(kind):
        if spec.secret:
            continue
        if fields is not None and fields.data is not None:
            raw = fields.get(f"cfg_{spec.name}")
            out[spec.name] = (raw == "on") if spec.widget == "checkbox" else raw
        elif stored is not None and spec.name in stored:
            value = stored[spec.name]
            out[spec.name] = "\n".join(value) if isinstance(value, list | tuple) else value
        else:
            out[spec.name] = spec.default
    return out


def _list_page(request: Request, viewer: Viewer, status: int = 200,
               notices: list[dict[str, str]] | None = None) -> Response:
    with read_only(state(request).factory) as db:
        rows = channel_service.list_channels(db, viewer.actor)
        zone = org_zone.time_zone(db, viewer.actor.org_id)
        tested = {c.id: local_time(c.last_test_at, zone) for c in rows}
        return render(request, "channels.html", status=status, title="Channels",
                      active="channels", channels=rows, labels=STATUS_LABELS, tested=tested,
                      kinds=sorted(registry.CONNECTORS), manage=viewer.can("channel.manage"),
                      notices=notices or [])


@router.get("/channels")
def channel_list(request: Request, viewer: CurrentViewer, done: str = "") -> Response:
    """Every channel of the organisation with its status and last test."""
    notices = [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []
    return _list_page(request, viewer, notices=notices)


def _form_page(request: Request, kind: str, *, channel: Channel | None, name: str,
               values: dict[str, Any], status: int = 200,
               notices: list[dict[str, str]] | None = None) -> Response:
    return render(request, "channel_form.html", status=status,
                  title=f"Reconnect {channel.name}" if channel else "Connect a channel",
                  active="channels", kind=kind, kinds=sorted(registry.CONNECTORS),
                  channel=channel, name=name, fields=config_fields(kind), values=values,
                  notices=notices or [])


@router.get("/channels/new")
def new_channel(request: Request, viewer: CurrentViewer, kind: str = "bluesky") -> Response:
    """The form for a new channel of `kind` (the kind picker reloads it)."""
    require_action(request, viewer.actor, "channel.manage")
    kind = kind if kind in registry.CONNECTORS else sorted(registry.CONNECTORS)[0]
    return _form_page(request, kind, channel=None, name="", values=_kept(kind, None))


@router.post("/channels/new")
def add_channel(request: Request, viewer: CurrentViewer, fields: FormFields) -> Response:
    """Connect the channel; the configuration is validated by the connector, then sealed."""
    require_action(request, viewer.actor, "channel.manage")
    kind, name = fields.get("kind"), fields.get("name")
    if kind not in registry.CONNECTORS:
        return _form_page(request, sorted(registry.CONNECTORS)[0], channel=None, name=name,
                          values={}, status=422,
                          notices=[{"kind": "error", "text": "kind: choose a network"}])
    try:
        config = read_config(kind, fields)
        with transaction(state(request).factory) as db:
            box = channel_service.channel_box(state(request).settings)
            channel_service.add_channel(db, viewer.actor, box, kind, name, config)
    except (ValidationFailed, Conflict) as exc:
        return _form_page(request, kind, channel=None, name=name, values=_kept(kind, fields),
                          status=422, notices=[{"kind": "error", "text": str(exc)}])
    return RedirectResponse("/channels?done=added", status_code=303)


@router.post("/channels/{channel_id}/test")
def test_connection(request: Request, viewer: CurrentViewer, channel_id: int) -> Response:
    """Ask the network whether the credentials work; show the answer on the list."""
    with transaction(state(request).factory) as db:
        box = channel_service.channel_box(state(request).settings)
        result = channel_service.test_channel(db, viewer.actor, box, channel_id)
        name = channel_service.get_channel(db, viewer.actor, channel_id).name
    if result.ok:
        account = f" as {result.account}" if result.account else ""
        text = f"{name}: connection works{account}. {result.detail}".strip()
        return _list_page(request, viewer, notices=[{"kind": "ok", "text": text}])
    return _list_page(request, viewer, notices=[
        {"kind": "error", "text": f"{name}: connection failed: {result.detail}"}])


@router.get("/channels/{channel_id}/reconnect")
def reconnect_form(request: Request, viewer: CurrentViewer, channel_id: int) -> Response:
    """The channel's settings with its secrets blank, to type new credentials."""
    require_action(request, viewer.actor, "channel.manage")
    with read_only(state(request).factory) as db:
        channel = channel_service.get_channel(db, viewer.actor, channel_id)
        stored = channel_service.open_config(channel,
                                             channel_service.channel_box(state(request).settings))
        db.expunge(channel)
    return _form_page(request, channel.kind, channel=channel, name=channel.name,
                      values=_kept(channel.kind, None, stored))


@router.post("/channels/{channel_id}/reconnect")
def reconnect(request: Request, viewer: CurrentViewer, channel_id: int,
              fields: FormFields) -> Response:
    """Replace the channel's configuration (validated first); the channel becomes active."""
    require_action(request, viewer.actor, "channel.manage")
    factory = state(request).factory
    with read_only(factory) as db:
        channel = channel_service.get_channel(db, viewer.actor, channel_id)
        db.expunge(channel)
    try:
        config = read_config(channel.kind, fields)
        with transaction(factory) as db:
            box = channel_service.channel_box(state(request).settings)
            channel_service.update_config(db, viewer.actor, box, channel_id, config)
    except (ValidationFailed, Conflict) as exc:
        return _form_page(request, channel.kind, channel=channel, name=channel.name,
                          values=_kept(channel.kind, fields), status=422,
                          notices=[{"kind": "error", "text": str(exc)}])
    return RedirectResponse("/channels?done=reconnected", status_code=303)
