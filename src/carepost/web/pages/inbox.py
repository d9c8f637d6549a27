"""The inbox pages: queues with counts, an item with its verdict and actions, cases, templates.

Everything shown from the outside world (author, text, URL) goes through Jinja's autoescape; no
page renders it with `|safe`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from carepost.connectors import registry
from carepost.services import channels as channel_service
from carepost.services.accounts import list_members
from carepost.services.errors import Conflict, NotFound, ServiceError, ValidationFailed
from carepost.services.inbox import actions, cases, items
from carepost.services.inbox.triage import QUEUE_LABELS
from carepost.storage.db import read_only, transaction
from carepost.storage.inbox import QUEUES
from carepost.storage.models import utcnow
from carepost.web.deps import CurrentViewer, Viewer, state
from carepost.web.errors import service_status
from carepost.web.templating import render

router = APIRouter()
STATUS_LABELS = {"new": "New", "assigned": "Assigned", "waiting": "Waiting", "resolved":
                 "Resolved"}
_DONE = {
    "replied": "Reply sent.", "hidden": "Hidden on the network.", "assigned": "Assignment saved.",
    "status": "Status changed.", "note": "Note added.", "template": "Template saved.",
    "case": "Case saved.", "approved": "Approved: the comment shows on the blog.",
}


def _notices(done: str) -> list[dict[str, str]]:
    return [{"kind": "ok", "text": _DONE[done]}] if done in _DONE else []


@router.get("/inbox")
def inbox_page(request: Request, viewer: CurrentViewer, queue: str = "", status: str = "open",
               done: str = "") -> Response:
    """Queues with open and overdue counts; the items of the chosen queue, newest first."""
    chosen = queue if queue in QUEUES else None
    shown_status = status if status in ("open", "all", *STATUS_LABELS) else "open"
    with read_only(state(request).factory) as db:
        counts = items.counts(db, viewer.actor)
        polling = items.polling(db, viewer.actor)
        target, now = items.target(db, viewer.actor.org_id), utcnow()
        listed = items.list_items(
            db, viewer.actor, chosen, None if shown_status == "all" else shown_status, 200)
        rows = [(i, items.is_overdue(i, target, now), items.received_at(i)) for i in listed]
        # Rendered inside the session: leaving it expires the rows.
        return render(request, "inbox.html", title="Inbox", active="inbox", counts=counts,
                      polling=polling,
                      rows=rows, queue=chosen, status_filter=shown_status,
                      queue_labels=QUEUE_LABELS, status_labels=STATUS_LABELS,
                      target_hours=int(target.total_seconds() // 3600), notices=_notices(done))


def _item_page(request: Request, viewer: Viewer, item_id: int, status: int = 200,
               notices: list[dict[str, Any]] | None = None, draft: str = "") -> Response:
    with read_only(state(request).factory) as db:
        item = items.get_item(db, viewer.actor, item_id)
        channel = items.channel_of(db, item)
        context = dict(
            item=item, channel=channel, verdict=items.verdict_of(item),
            parent=items.parent_context(db, item),
            overdue=items.is_overdue(item, items.target(db, item.org_id)),
            replies=items.replies_of(db, item.id), notes=items.notes_of(db, item.id),
            cases=[(c, cases.clock_dates(c)[1]) for c in items.cases_of(db, item.id)],
            templates=actions.list_templates(db, viewer.actor),
            members=[(u, r) for u, r in list_members(db, viewer.actor)
                     if r in ("admin", "privacy_officer", "responder")],
            can_hide="hide" in registry.metadata(channel.kind).capabilities,
            network_replies="reply" in registry.metadata(channel.kind).capabilities,
        )
        return render(request, "inbox_item.html", status=status, title=f"Inbox item {item_id}",
                      active="inbox", queue_labels=QUEUE_LABELS, status_labels=STATUS_LABELS,
                      can_reply=viewer.can("inbox.reply"),
                      can_triage=viewer.can("inbox.triage"), notices=notices or [],
                      draft=draft, **context)


@router.get("/inbox/items/{item_id}")
def item_page(request: Request, viewer: CurrentViewer, item_id: int, done: str = "") -> Response:
    """One item: its text (escaped), the guard's findings, replies, notes, cases and actions."""
    return _item_page(request, viewer, item_id, notices=_notices(done))


def _back(item_id: int, done: str) -> Response:
    return RedirectResponse(f"/inbox/items/{item_id}?done={done}", status_code=303)


def _act(request: Request, viewer: Viewer, item_id: int, action: Callable[[Session], object],
         done: str) -> Response:
    """Run one item action in a transaction: back to the item, or its page with the refusal."""
    try:
        with transaction(state(request).factory) as db:
            action(db)
    except _SAFE_ERRORS as exc:
        return _refused(request, viewer, item_id, exc)
    return _back(item_id, done)


def _refused(request: Request, viewer: Viewer, item_id: int, exc: ServiceError,
             draft: str = "") -> Response:
    status, _ = service_status(exc)
    notes: list[dict[str, Any]] = [{"kind": "error", "text": str(exc)}]
    for kind, message in getattr(exc, "findings", []):
        notes.append({"kind": "warn", "text": f"{kind}: {message}"})
    return _item_page(request, viewer, item_id, status=status, notices=notes, draft=draft)


_SAFE_ERRORS = (ValidationFailed, Conflict, NotFound, actions.ActionFailed)


@router.post("/inbox/items/{item_id}/reply")
def reply(request: Request, viewer: CurrentViewer, item_id: int,
          text: Annotated[str, Form(max_length=10_000)] = "",
          template_id: Annotated[str, Form(max_length=12)] = "",
          private: Annotated[str, Form(max_length=8)] = "") -> Response:
    """Send a guarded reply (a text, a template, or the move-to-private invitation)."""
    box = channel_service.channel_box(state(request).settings)
    factory = state(request).factory
    try:
        if private:
            row = actions.move_private(factory, box, viewer.actor, item_id)
        elif template_id.strip():
            if not template_id.strip().isdigit():
                raise ValidationFailed("template", "choose a template from the list")
            row = actions.reply(factory, box, viewer.actor, item_id,
                                template_id=int(template_id))
        else:
            row = actions.reply(factory, box, viewer.actor, item_id, text)
    except _SAFE_ERRORS as exc:
        return _refused(request, viewer, item_id, exc, draft=text)
    if row.state != "sent":
        failed = actions.ActionFailed(f"the reply was not sent ({row.state}): {row.error}")
        return _refused(request, viewer, item_id, failed, draft=text)
    return _back(item_id, "replied")


@router.post("/inbox/items/{item_id}/hide")
def hide(request: Request, viewer: CurrentViewer, item_id: int) -> Response:
    """Hide the item on its network (or say why that is not possible there)."""
    try:
        actions.hide(state(request).factory,
                     channel_service.channel_box(state(request).settings), viewer.actor, item_id)
    except _SAFE_ERRORS as exc:
        return _refused(request, viewer, item_id, exc)
    return _back(item_id, "hidden")


@router.post("/inbox/items/{item_id}/approve")
def approve(request: Request, viewer: CurrentViewer, item_id: int,
            reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Show a held blog comment (a flagged one: privacy officers, with a reason)."""
    try:
        actions.approve(state(request).factory, viewer.actor, item_id, reason or None)
    except _SAFE_ERRORS as exc:
        return _refused(request, viewer, item_id, exc)
    return _back(item_id, "approved")


@router.post("/inbox/items/{item_id}/assign")
def assign(request: Request, viewer: CurrentViewer, item_id: int,
           user_id: Annotated[str, Form(max_length=12)] = "") -> Response:
    """Assign the item to a member, or unassign it."""
    who = int(user_id) if user_id.strip().isdigit() else None
    return _act(request, viewer, item_id,
                lambda db: items.assign(db, viewer.actor, item_id, who), "assigned")


@router.post("/inbox/items/{item_id}/status")
def set_status(request: Request, viewer: CurrentViewer, item_id: int,
               status: Annotated[str, Form(max_length=16)] = "") -> Response:
    """Change the item's status."""
    return _act(request, viewer, item_id,
                lambda db: items.set_status(db, viewer.actor, item_id, status), "status")


@router.post("/inbox/items/{item_id}/note")
def add_note(request: Request, viewer: CurrentViewer, item_id: int,
             text: Annotated[str, Form(max_length=10_000)] = "") -> Response:
    """Add an internal note."""
    return _act(request, viewer, item_id,
                lambda db: items.add_note(db, viewer.actor, item_id, text), "note")


@router.post("/inbox/items/{item_id}/case")
def open_case(request: Request, viewer: CurrentViewer, item_id: int) -> Response:
    """Open an adverse-event case from the item."""
    try:
        with transaction(state(request).factory) as db:
            case = cases.create_case(db, viewer.actor, item_id)
    except _SAFE_ERRORS as exc:
        return _refused(request, viewer, item_id, exc)
    return RedirectResponse(f"/inbox/cases/{case.id}?done=case", status_code=303)


def _case_page(request: Request, viewer: Viewer, case_id: int, status: int = 200,
               notices: list[dict[str, Any]] | None = None) -> Response:
    with read_only(state(request).factory) as db:
        case = cases.get_case(db, viewer.actor, case_id)
        return render(request, "inbox_case.html", status=status, title=f"Case {case_id}",
                      active="inbox", case=case, complete=cases.complete(case),
                      days_left=cases.days_left(case), clock=cases.clock_dates(case),
                      text_fields=cases.TEXT_FIELDS,
                      statuses=("open", "submitted", "closed"),
                      can_edit=viewer.can("inbox.triage"), notices=notices or [])


@router.get("/inbox/cases/{case_id}")
def case_page(request: Request, viewer: CurrentViewer, case_id: int, done: str = "") -> Response:
    """An adverse-event case: the four elements, the MedWatch fields, the clock."""
    return _case_page(request, viewer, case_id, notices=_notices(done))


@router.post("/inbox/cases/{case_id}")
async def edit_case(request: Request, viewer: CurrentViewer, case_id: int) -> Response:
    """Save the case form (only the fields that changed are audited, by name)."""
    form = await request.form()
    fields: dict[str, Any] = {}
    for name in cases.TEXT_FIELDS:
        value = form.get(name)
        if isinstance(value, str):
            fields[name] = value
    for name in cases.BOOL_FIELDS:
        fields[name] = form.get(name) == "on"
    status_value = form.get("status")
    if isinstance(status_value, str):
        fields["status"] = status_value
    try:
        with transaction(state(request).factory) as db:
            cases.update_case(db, viewer.actor, case_id, fields)
    except (ValidationFailed, NotFound) as exc:
        code, _ = service_status(exc)
        return _case_page(request, viewer, case_id, status=code,
                          notices=[{"kind": "error", "text": str(exc)}])
    return RedirectResponse(f"/inbox/cases/{case_id}?done=case", status_code=303)


@router.get("/inbox/cases/{case_id}/export")
def export_case(request: Request, viewer: CurrentViewer, case_id: int, fmt: str = "json"
                ) -> Response:
    """Download the case as JSON or CSV (audited)."""
    with transaction(state(request).factory) as db:
        text = cases.export_case(db, viewer.actor, case_id, fmt)
    media = "text/csv" if fmt == "csv" else "application/json"
    disposition = f'attachment; filename="ae-case-{case_id}.{fmt}"'
    return Response(text, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/inbox/templates")
def templates_page(request: Request, viewer: CurrentViewer, done: str = "") -> Response:
    """Saved replies and the form to add one."""
    return _templates_page(request, viewer, notices=_notices(done))


def _templates_page(request: Request, viewer: Viewer, status: int = 200,
                    notices: list[dict[str, Any]] | None = None, name: str = "",
                    text: str = "") -> Response:
    with read_only(state(request).factory) as db:
        rows = actions.list_templates(db, viewer.actor)
        return render(request, "inbox_templates.html", status=status,
                      title="Reply templates", active="inbox", templates=rows,
                      can_add=viewer.can("inbox.reply"), notices=notices or [], name=name,
                      text=text)


@router.post("/inbox/templates")
def add_template(request: Request, viewer: CurrentViewer,
                 name: Annotated[str, Form(max_length=100)] = "",
                 text: Annotated[str, Form(max_length=10_000)] = "") -> Response:
    """Save a template (refused, with the guard's findings, unless the guard allows it)."""
    try:
        with transaction(state(request).factory) as db:
            actions.add_template(db, viewer.actor, name, text)
    except (ValidationFailed, Conflict) as exc:
        code, _ = service_status(exc)
        notes: list[dict[str, Any]] = [{"kind": "error", "text": str(exc)}]
        notes += [{"kind": "warn", "text": f"{k}: {m}"} for k, m in getattr(exc, "findings", [])]
        return _templates_page(request, viewer, status=code, notices=notes, name=name, text=text)
    return RedirectResponse("/inbox/templates?done=template", status_code=303)


def _settings_page(request: Request, viewer: Viewer, status: int = 200,
                   notices: list[dict[str, Any]] | None = None) -> Response:
    from carepost.services.inbox import config

    with read_only(state(request).factory) as db:
        row = config.settings_of(db, viewer.actor.org_id)
        email_channels = [c for c in channel_service.list_channels(db, viewer.actor)
                          if c.kind == "email"]
        return render(request, "inbox_settings.html", status=status, title="Inbox settings",
                      active="inbox", row=row, oncall="\n".join(config.oncall_emails(row)),
                      crisis=config.crisis_text(row), contact=config.private_contact(row),
                      email_channels=email_channels, can_edit=viewer.can("channel.manage"),
                      notices=notices or [])


@router.get("/inbox/settings")
def settings_page(request: Request, viewer: CurrentViewer, done: str = "") -> Response:
    """Response target, backfill, on-call routes, crisis text and the private contact."""
    notices = [{"kind": "ok", "text": "Settings saved."}] if done == "saved" else []
    return _settings_page(request, viewer, notices=notices)


@router.post("/inbox/settings")
def save_settings(
    request: Request, viewer: CurrentViewer,
    response_target_hours: Annotated[str, Form(max_length=6)] = "",
    backfill_days: Annotated[str, Form(max_length=6)] = "",
    oncall_emails: Annotated[str, Form(max_length=5000)] = "",
    smtp_channel_id: Annotated[str, Form(max_length=12)] = "",
    webhook_url: Annotated[str, Form(max_length=2000)] = "",
    webhook_secret: Annotated[str, Form(max_length=500)] = "",
    webhook_private: Annotated[str, Form(max_length=8)] = "",
    clear_webhook: Annotated[str, Form(max_length=8)] = "",
    crisis_text: Annotated[str, Form(max_length=4000)] = "",
    private_contact: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Save the inbox settings (admins); a blank webhook secret keeps the stored webhook."""
    from carepost.services.inbox import config

    def number(name: str, value: str) -> int | None:
        if not value.strip():
            return None
        if not value.strip().isdigit():
            raise ValidationFailed(name, "must be a whole number")
        return int(value)

    try:
        webhook = None
        if webhook_url.strip() and webhook_secret:
            webhook = {"url": webhook_url, "secret": webhook_secret,
                       "allow_private_addresses": bool(webhook_private)}
        with transaction(state(request).factory) as db:
            config.configure(
                db, viewer.actor, channel_service.channel_box(state(request).settings),
                response_target_hours=number("response_target_hours", response_target_hours),
                backfill_days=number("backfill_days", backfill_days),
                oncall_emails_=[e for e in oncall_emails.split() if e],
                smtp_channel_id=number("smtp_channel", smtp_channel_id), webhook=webhook,
                clear_webhook=bool(clear_webhook), crisis_text_=crisis_text,
                private_contact_=private_contact)
    except (ValidationFailed, NotFound) as exc:
        code, _ = service_status(exc)
        return _settings_page(request, viewer, status=code,
                              notices=[{"kind": "error", "text": str(exc)}])
    return RedirectResponse("/inbox/settings?done=saved", status_code=303)
