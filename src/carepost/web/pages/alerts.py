"""Alert pages: list and templates, a new alert (from a template or from scratch), the alert
screen with both approvals, the delivery board (htmx refresh) with retry, updates and all-clear.

Pages only show and hide; the alerts service decides (roles, the two-person rule, the guard).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from carepost.services.alerts import approvals, compose, feeds, pause, send, templates
from carepost.services.alerts.fields import FieldSpec
from carepost.services.alerts.kinds import KINDS
from carepost.services.channels import channel_box, list_channels
from carepost.services.errors import ServiceError
from carepost.storage.alerts import Alert
from carepost.storage.db import read_only, transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Channel
from carepost.web.deps import CurrentViewer, Viewer, state
from carepost.web.errors import service_status
from carepost.web.templating import render

router = APIRouter()
STATUS_LABELS = {"awaiting_approval": "Awaiting approval", "approved": "Approved, not sent",
                 "sending": "Sending", "sent": "Sent", "partial": "Partly failed",
                 "failed": "Failed"}
INPUT_TYPES = {"date": "date", "time": "time", "datetime": "datetime-local", "phone": "tel",
               "url": "url", "number": "text", "text": "text"}
_DONE = {"template": "Template added: it needs a privacy officer's and an approver's approval.",
         "approved": "Approval recorded.", "resumed": "Paused posts released."}


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {k: (form.getlist(k) if k in ("channel",) else form.get(k)) for k in form}


def _error(request: Request, viewer: Viewer, exc: ServiceError, page: Any, **kw: Any) -> Response:
    status, _ = service_status(exc)
    return page(request, viewer, status=status,
                notices=[{"kind": "error", "text": str(exc)}], **kw)


def _index(request: Request, viewer: Viewer, status: int = 200,
           notices: list[dict[str, str]] | None = None) -> Response:
    # Rendered inside the session: the rows stay attached while the template reads them.
    with read_only(state(request).factory) as db:
        rows = compose.list_alerts(db, viewer.actor)
        tpl = [(t, templates.is_approved(db, t),
                approvals.of_template(db, t.id, t.version))
               for t in templates.list_templates(db, viewer.actor)]
        return render(request, "alerts.html", status=status, title="Alerts",
                      active="alerts", alerts=rows, templates=tpl, kinds=KINDS,
                      labels=STATUS_LABELS, notices=notices or [])


@router.get("/alerts")
def alerts_page(request: Request, viewer: CurrentViewer, done: str = "") -> Response:
    """Alerts, newest first, and the templates with their approvals."""
    notices = [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []
    return _index(request, viewer, notices=notices)


@router.post("/alerts/templates")
async def add_template(request: Request, viewer: CurrentViewer) -> Response:
    """Add a template from a kind's starter text."""
    form = await _form(request)
    try:
        with transaction(state(request).factory) as db:
            templates.create_template(db, viewer.actor, str(form.get("kind") or ""),
                                      str(form.get("name") or ""))
    except ServiceError as exc:
        return _error(request, viewer, exc, _index)
    return RedirectResponse("/alerts?done=template", status_code=303)


@router.post("/alerts/templates/{template_id}/approve")
def approve_template(request: Request, viewer: CurrentViewer, template_id: int) -> Response:
    """Give the viewer's approval to a template's current version."""
    try:
        with transaction(state(request).factory) as db:
            templates.approve_template(db, viewer.actor, template_id)
    except ServiceError as exc:
        return _error(request, viewer, exc, _index)
    return RedirectResponse("/alerts?done=approved", status_code=303)


def _new(request: Request, viewer: Viewer, status: int = 200,
         notices: list[dict[str, str]] | None = None, template_id: int | None = None,
         kept: dict[str, Any] | None = None) -> Response:
    specs: tuple[FieldSpec, ...] = ()
    with read_only(state(request).factory) as db:
        template = None
        if template_id is not None:
            template = templates.get_template(db, viewer.actor, template_id)
            specs = templates.field_specs(template)
        chans = list_channels(db, viewer.actor)
        org_id = viewer.actor.org_id
        tests = compose.test_channel_ids(db, org_id) if org_id is not None else set()
        return render(request, "alert_new.html", status=status, title="New alert",
                      active="alerts", tpl=template, specs=specs, channels=chans,
                      test_ids=tests, input_types=INPUT_TYPES, kept=kept or {},
                      notices=notices or [])


@router.get("/alerts/new")
def new_alert_page(request: Request, viewer: CurrentViewer,
                   template: int | None = None) -> Response:
    """The form: a template's fields, or headline and text; channels; pause; drill."""
    try:
        return _new(request, viewer, template_id=template)
    except ServiceError as exc:
        return _error(request, viewer, exc, _index)


@router.post("/alerts")
async def create_alert(request: Request, viewer: CurrentViewer) -> Response:
    """Create the alert (approved at once from an approved template); show its screen."""
    form = await _form(request)
    raw_template = str(form.get("template_id") or "")
    if raw_template and not raw_template.isdigit():
        return _new(request, viewer, 400, [{"kind": "error", "text": "template_id must be a "
                                            "number"}], None, form)
    template_id = int(raw_template) if raw_template else None
    try:
        channel_ids = [int(c) for c in form.get("channel") or []]
        pause_minutes = int(form.get("pause_minutes") or 0)
    except ValueError:
        return _new(request, viewer, 400, [{"kind": "error", "text": "channels and pause "
                                            "minutes must be numbers"}], template_id, form)
    values = {k[6:]: str(v) for k, v in form.items() if k.startswith("field_")}
    try:
        with transaction(state(request).factory) as db:
            row = compose.create_alert(
                db, viewer.actor, channel_ids, template_id=template_id,
                values=values if template_id is not None else None,
                headline=str(form.get("headline") or ""), text=str(form.get("text") or ""),
                kind=str(form.get("kind") or "custom"), area=str(form.get("area") or ""),
                drill=form.get("drill") == "on", pause_minutes=pause_minutes)
            alert_id = row.id
    except ServiceError as exc:
        # Everything typed comes back with the error, so nothing is lost.
        status, _ = service_status(exc)
        return _new(request, viewer, status, [{"kind": "error", "text": str(exc)}],
                    template_id, form)
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


def _board_context(db: Any, viewer: Viewer, alert: Alert) -> dict[str, Any]:
    rows = compose.deliveries(db, alert.id)
    names = {c.id: c for c in db.query(Channel).filter(
        Channel.id.in_([r.channel_id for r in rows])).all()}
    return {"alert": alert, "deliveries": rows, "channels": names, "labels": STATUS_LABELS,
            "can_send": viewer.can("alert.send"),
            "live": alert.status == "sending" or any(r.status == "sent" for r in rows)}


def _screen(request: Request, viewer: Viewer, alert_id: int, status: int = 200,
            notices: list[dict[str, str]] | None = None) -> Response:
    with read_only(state(request).factory) as db:
        alert = compose.get_alert(db, viewer.actor, alert_id)
        given = approvals.of_alert(db, alert.id)
        root_id = alert.parent_id or alert.id
        family = compose.chain(db, root_id)
        held = pause.paused(db, alert.id, utcnow())  # only posts still held
        context = _board_context(db, viewer, alert)
        slots = {a.slot: a for a in given}
        return render(request, "alert.html", status=status, title=f"Alert {alert.id}",
                      active="alerts", slots=slots, slot_labels=approvals.SLOT_LABELS,
                      chain=family, root_id=root_id, held=held,
                      can_approve=viewer.can("alert.approve"), notices=notices or [],
                      field_values=json.loads(alert.field_values), **context)


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, viewer: CurrentViewer, alert_id: int,
               done: str = "") -> Response:
    """The alert screen: text, approvals, send, board, updates and all-clear."""
    notices = [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []
    try:
        return _screen(request, viewer, alert_id, notices=notices)
    except ServiceError as exc:
        return _error(request, viewer, exc, _index)


@router.get("/alerts/{alert_id}/board")
def board_fragment(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """The delivery board alone, for htmx to refresh while deliveries settle."""
    with read_only(state(request).factory) as db:
        alert = compose.get_alert(db, viewer.actor, alert_id)
        context = _board_context(db, viewer, alert)
        return render(request, "_alert_board.html", **context)


@router.post("/alerts/{alert_id}/approve")
def approve_alert(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """Give the viewer's approval (privacy officer or approver) on the alert screen."""
    try:
        with transaction(state(request).factory) as db:
            compose.approve_alert(db, viewer.actor, alert_id)
    except ServiceError as exc:
        return _error(request, viewer, exc, _screen, alert_id=alert_id)
    return RedirectResponse(f"/alerts/{alert_id}?done=approved", status_code=303)


@router.post("/alerts/{alert_id}/send")
def send_alert(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """Send to every channel at once; a second click is refused and sends nothing.

    The keys are committed before this answers; the fan-out runs on a thread and the board
    refreshes itself (htmx) while it settles, so a long mailing list never holds the request.
    """
    box = channel_box(state(request).settings)
    try:
        send.send_in_background(state(request).factory, box, viewer.actor, alert_id)
    except ServiceError as exc:
        return _error(request, viewer, exc, _screen, alert_id=alert_id)
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


@router.post("/alerts/{alert_id}/retry")
async def retry_alert(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """Send failed deliveries again (one, or all) with their own keys."""
    form = await _form(request)
    wanted = [int(form["delivery_id"])] if str(form.get("delivery_id") or "").isdigit() else None
    box = channel_box(state(request).settings)
    try:
        send.retry_in_background(state(request).factory, box, viewer.actor, alert_id, wanted)
    except ServiceError as exc:
        return _error(request, viewer, exc, _screen, alert_id=alert_id)
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


@router.post("/alerts/{alert_id}/refresh")
def refresh_board(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """Ask the networks again about deliveries sent but not yet confirmed."""
    box = channel_box(state(request).settings)
    try:
        send.refresh(state(request).factory, box, viewer.actor, alert_id)
    except ServiceError as exc:
        return _error(request, viewer, exc, _screen, alert_id=alert_id)
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


@router.post("/alerts/{alert_id}/resume")
def resume_posts(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """End the pause of promotional posts early."""
    try:
        with transaction(state(request).factory) as db:
            pause.resume(db, viewer.actor, compose.get_alert(db, viewer.actor, alert_id))
    except ServiceError as exc:
        return _error(request, viewer, exc, _screen, alert_id=alert_id)
    return RedirectResponse(f"/alerts/{alert_id}?done=resumed", status_code=303)


@router.post("/alerts/{alert_id}/follow-up")
async def follow_up(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """Write an update or the all-clear (to the same channels); it needs both approvals."""
    form = await _form(request)
    msg_type = "all_clear" if form.get("msg_type") == "all_clear" else "update"
    try:
        with transaction(state(request).factory) as db:
            parent = compose.get_alert(db, viewer.actor, alert_id)
            channel_ids = [d.channel_id for d in compose.deliveries(db, parent.id)]
            row = compose.create_alert(
                db, viewer.actor, channel_ids, headline=str(form.get("headline") or ""),
                text=str(form.get("text") or ""), parent_id=parent.id, msg_type=msg_type,
                kind=parent.kind, area=parent.area)
            new_id = row.id
    except ServiceError as exc:
        return _error(request, viewer, exc, _screen, alert_id=alert_id)
    return RedirectResponse(f"/alerts/{new_id}", status_code=303)


@router.get("/alerts/{alert_id}/cap")
def cap_export(request: Request, viewer: CurrentViewer, alert_id: int) -> Response:
    """The alert as CAP 1.2 XML (drafts and drills included, for the team)."""
    try:
        with read_only(state(request).factory) as db:
            alert = compose.get_alert(db, viewer.actor, alert_id)
            data = feeds.cap_xml(db, alert)
    except ServiceError as exc:
        return _error(request, viewer, exc, _index)
    return Response(data, media_type="application/cap+xml")
