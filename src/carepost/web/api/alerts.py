"""Emergency alerts over the JSON API: templates and approvals, alerts, send, board, retry, CAP."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from carepost.services.alerts import approvals, compose, feeds, send, templates
from carepost.services.channels import channel_box
from carepost.storage.alerts import Alert
from carepost.storage.db import read_only, transaction
from carepost.web.deps import OrgActor, state

router = APIRouter(prefix="/orgs/{org}/alerts", tags=["alerts"])


class TemplateIn(BaseModel):
    """A new template; what is left out comes from the kind's starter template."""

    kind: str = Field(max_length=32, examples=["boil_water"])
    name: str = Field(default="", max_length=100)
    headline: str | None = Field(default=None, max_length=200)
    body: str | None = Field(default=None, max_length=5000)
    instruction: str | None = Field(default=None, max_length=2000)
    fields: list[dict[str, Any]] | None = None
    cap: dict[str, str] | None = None


class TemplateOut(BaseModel):
    """A template, its current version and whether both approvals are on it."""

    id: int
    kind: str
    name: str
    version: int
    headline: str
    body: str
    instruction: str
    fields: list[dict[str, Any]]
    cap: dict[str, str]
    approved: bool
    approvals: list[str]


class AlertIn(BaseModel):
    """A new alert: an approved template and its values, or a headline and text (two approvals)."""

    channels: list[int] = Field(min_length=1, max_length=100)
    template_id: int | None = None
    values: dict[str, str] | None = None
    headline: str | None = Field(default=None, max_length=200)
    text: str | None = Field(default=None, max_length=5000)
    instruction: str = Field(default="", max_length=2000)
    kind: str = Field(default="custom", max_length=32)
    area: str = Field(default="", max_length=500)
    cap: dict[str, str] | None = None
    drill: bool = False
    pause_minutes: int = Field(default=0, ge=0)
    parent_id: int | None = None
    msg_type: str = Field(default="alert", examples=["alert", "update", "all_clear"])


class DeliveryOut(BaseModel):
    """One channel's line on the delivery board."""

    id: int
    channel_id: int
    status: str
    attempts: int
    remote_id: str | None
    url: str | None
    error: str | None
    acknowledged_at: datetime | None


class AlertOut(BaseModel):
    """An alert and its delivery board."""

    id: int
    identifier: str
    msg_type: str
    parent_id: int | None
    kind: str
    headline: str
    text: str
    status: str
    drill: bool
    sent_at: datetime | None
    approvals: list[str]
    deliveries: list[DeliveryOut]


class RetryIn(BaseModel):
    """Which deliveries to retry (default: every failed one)."""

    delivery_ids: list[int] | None = None


def _template_out(db: Any, row: Any) -> TemplateOut:
    data = templates.describe(row)
    given = approvals.of_template(db, row.id, row.version)
    return TemplateOut(**data, approved=not approvals.missing(given),
                       approvals=[a.slot for a in given])


def _alert_out(db: Any, row: Alert) -> AlertOut:
    return AlertOut(
        id=row.id, identifier=row.identifier, msg_type=row.msg_type, parent_id=row.parent_id,
        kind=row.kind, headline=row.headline, text=row.text, status=row.status,
        drill=row.drill, sent_at=row.sent_at,
        approvals=[a.slot for a in approvals.of_alert(db, row.id)],
        deliveries=[DeliveryOut(id=d.id, channel_id=d.channel_id, status=d.status,
                                attempts=d.attempts, remote_id=d.remote_id, url=d.url,
                                error=d.error, acknowledged_at=d.acknowledged_at)
                    for d in compose.deliveries(db, row.id)])


def _board(request: Request, actor: Any, alert_id: int) -> AlertOut:
    with read_only(state(request).factory) as db:
        return _alert_out(db, compose.get_alert(db, actor, alert_id))


@router.get("/templates", response_model=list[TemplateOut])
def list_templates(request: Request, actor: OrgActor) -> list[TemplateOut]:
    """The organisation's alert templates."""
    with read_only(state(request).factory) as db:
        return [_template_out(db, t) for t in templates.list_templates(db, actor)]


@router.post("/templates", response_model=TemplateOut, status_code=201)
def create_template(request: Request, actor: OrgActor, body: TemplateIn) -> TemplateOut:
    """Add a template (it needs a privacy officer's and an approver's approval)."""
    with transaction(state(request).factory) as db:
        row = templates.create_template(db, actor, body.kind, body.name, headline=body.headline,
                                        body=body.body, instruction=body.instruction,
                                        field_specs=body.fields, cap=body.cap)
        return _template_out(db, row)


@router.post("/templates/{template_id}/approve", response_model=TemplateOut)
def approve_template(request: Request, actor: OrgActor, template_id: int) -> TemplateOut:
    """Give the caller's approval to the template's current version."""
    with transaction(state(request).factory) as db:
        templates.approve_template(db, actor, template_id)
        return _template_out(db, templates.get_template(db, actor, template_id))


@router.get("", response_model=list[AlertOut])
def list_alerts(request: Request, actor: OrgActor) -> list[AlertOut]:
    """The organisation's alerts, newest first, with their boards."""
    with read_only(state(request).factory) as db:
        return [_alert_out(db, a) for a in compose.list_alerts(db, actor)]


@router.post("", response_model=AlertOut, status_code=201)
def create_alert(request: Request, actor: OrgActor, body: AlertIn) -> AlertOut:
    """Create an alert: approved at once from an approved template, else awaiting approvals."""
    with transaction(state(request).factory) as db:
        row = compose.create_alert(
            db, actor, body.channels, template_id=body.template_id, values=body.values,
            headline=body.headline, text=body.text, instruction=body.instruction,
            kind=body.kind, area=body.area, cap=body.cap, drill=body.drill,
            pause_minutes=body.pause_minutes, parent_id=body.parent_id,
            msg_type=body.msg_type)
        return _alert_out(db, row)


@router.get("/{alert_id}", response_model=AlertOut)
def get_alert(request: Request, actor: OrgActor, alert_id: int) -> AlertOut:
    """One alert and its delivery board."""
    return _board(request, actor, alert_id)


@router.post("/{alert_id}/approve", response_model=AlertOut)
def approve_alert(request: Request, actor: OrgActor, alert_id: int) -> AlertOut:
    """Give the caller's approval to an alert written from scratch."""
    with transaction(state(request).factory) as db:
        compose.approve_alert(db, actor, alert_id)
    return _board(request, actor, alert_id)


@router.post("/{alert_id}/send", response_model=AlertOut, status_code=202)
def send_alert(request: Request, actor: OrgActor, alert_id: int) -> AlertOut:
    """Start sending to every channel in parallel (202: poll the board); a second call is 409.

    The alert and its delivery keys are committed before the answer; the deliveries go out on
    a background thread, so a long mailing list never holds the request open.
    """
    send.send_in_background(state(request).factory, channel_box(state(request).settings),
                            actor, alert_id)
    return _board(request, actor, alert_id)


@router.post("/{alert_id}/retry", response_model=AlertOut, status_code=202)
def retry_alert(request: Request, actor: OrgActor, alert_id: int,
                body: RetryIn | None = None) -> AlertOut:
    """Start sending failed deliveries again with their own keys (202: poll the board)."""
    wanted = body.delivery_ids if body is not None else None
    send.retry_in_background(state(request).factory, channel_box(state(request).settings),
                             actor, alert_id, wanted)
    return _board(request, actor, alert_id)


@router.get("/{alert_id}/cap", response_class=Response,
            responses={200: {"content": {"application/cap+xml": {}}}})
def cap_xml(request: Request, actor: OrgActor, alert_id: int) -> Response:
    """The alert as a CAP 1.2 XML message."""
    with read_only(state(request).factory) as db:
        data = feeds.cap_xml(db, compose.get_alert(db, actor, alert_id))
    return Response(data, media_type="application/cap+xml")


