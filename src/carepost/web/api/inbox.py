"""The inbox over the JSON API: queues, items, triage, guarded replies, hiding, cases, templates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from carepost.services import channels
from carepost.services.inbox import actions, cases, config, ingest, items
from carepost.storage.db import read_only, transaction
from carepost.storage.inbox import AdverseEventCase, InboundItem, InboxReply
from carepost.storage.models import utcnow
from carepost.web.deps import OrgActor, state

router = APIRouter(prefix="/orgs/{org}/inbox", tags=["inbox"])
QueueName = Literal["urgent", "phi", "adverse_event", "complaint", "misinformation", "question",
                    "other"]


class QueueCountOut(BaseModel):
    """Open and overdue items of one queue."""

    queue: str
    open: int
    overdue: int


class ItemOut(BaseModel):
    """An inbound item with its triage; `verdict` is the guard's report (without the text)."""

    id: int
    channel_id: int
    kind: str
    author: str
    text: str
    url: str | None
    parent: str | None
    parent_ours: bool
    queue: str
    status: str
    assignee_id: int | None
    hidden: bool
    replied: bool
    escalation: str
    overdue: bool
    created_at: datetime | None
    fetched_at: datetime
    verdict: dict[str, Any] | None = None


class ReplyOut(BaseModel):
    """A reply sent (or being sent) to an item."""

    id: int
    state: str
    text: str
    remote_id: str | None
    url: str | None
    error: str | None


class ItemDetailOut(ItemOut):
    """An item with its replies, notes and cases."""

    replies: list[ReplyOut] = []
    notes: list[dict[str, Any]] = []
    case_ids: list[int] = []


class InboxPage(BaseModel):
    """Queue counts and one page of items."""

    counts: list[QueueCountOut]
    items: list[ItemOut]


class AssignIn(BaseModel):
    """Who to assign the item to (null unassigns)."""

    user_id: int | None


class NoteIn(BaseModel):
    """An internal note."""

    text: str = Field(max_length=10_000)


class StatusIn(BaseModel):
    """A new status."""

    status: Literal["new", "assigned", "waiting", "resolved"]


class ReplyIn(BaseModel):
    """Exactly one of a text, a template id, or `private` (the move-to-private invitation)."""

    text: str | None = Field(default=None, max_length=10_000)
    template_id: int | None = None
    private: bool = False


class TemplateIn(BaseModel):
    """A reply template."""

    name: str = Field(max_length=100)
    text: str = Field(max_length=10_000)


class TemplateOut(BaseModel):
    """A saved reply template."""

    id: int
    name: str
    text: str


class CaseIn(BaseModel):
    """A new case: from an item, and/or with fields."""

    item_id: int | None = None
    fields: dict[str, str | bool] = {}


class CaseOut(BaseModel):
    """An adverse-event case with its clock."""

    id: int
    item_id: int | None
    status: str
    reportable: bool
    days_left: int
    aware_at: datetime
    due_at: datetime
    fields: dict[str, Any]


class PollOut(BaseModel):
    """What one poll did."""

    fetched: int
    new: int
    urgent: int
    escalated: int
    skipped: int


def item_out(item: InboundItem, overdue: bool, verdict: bool = False) -> dict[str, Any]:
    """An item as the API shows it."""
    return dict(
        id=item.id, channel_id=item.channel_id, kind=item.kind, author=item.author,
        text=item.text, url=item.url, parent=item.parent, parent_ours=item.parent_ours,
        queue=item.queue, status=item.status, assignee_id=item.assignee_id, hidden=item.hidden,
        replied=item.replied, escalation=item.escalation, overdue=overdue,
        created_at=item.created_at, fetched_at=item.fetched_at,
        verdict=items.verdict_of(item) if verdict else None,
    )


def reply_out(row: InboxReply) -> ReplyOut:
    """A reply as the API shows it."""
    return ReplyOut(id=row.id, state=row.state, text=row.text, remote_id=row.remote_id,
                    url=row.url, error=row.error)


def case_out(case: AdverseEventCase) -> CaseOut:
    """A case as the API shows it."""
    fields = {name: getattr(case, name) for name in (*cases.TEXT_FIELDS, *cases.BOOL_FIELDS)}
    return CaseOut(id=case.id, item_id=case.item_id, status=case.status,
                   reportable=cases.complete(case), days_left=cases.days_left(case),
                   aware_at=case.aware_at, due_at=case.due_at, fields=fields)


def _detail(request: Request, actor: Any, item_id: int) -> ItemDetailOut:
    with read_only(state(request).factory) as db:
        item = items.get_item(db, actor, item_id)
        overdue = items.is_overdue(item, items.target(db, item.org_id))
        return ItemDetailOut(
            **item_out(item, overdue, verdict=True),
            replies=[reply_out(r) for r in items.replies_of(db, item.id)],
            notes=[{"id": n.id, "author": n.author_label, "text": n.text,
                    "created_at": n.created_at.isoformat()} for n in items.notes_of(db, item.id)],
            case_ids=[c.id for c in items.cases_of(db, item.id)],
        )


@router.get("/items", response_model=InboxPage)
def list_items(
    request: Request, actor: OrgActor, queue: QueueName | None = None,
    status: Annotated[str, Query(max_length=16)] = "open",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0)] = 0,
) -> InboxPage:
    """Open counts per queue and the items of a queue, newest first."""
    with read_only(state(request).factory) as db:
        counts = [QueueCountOut(queue=c.queue, open=c.open, overdue=c.overdue)
                  for c in items.counts(db, actor)]
        target, now = items.target(db, actor.org_id), utcnow()
        rows = items.list_items(db, actor, queue, None if status == "all" else status, limit,
                                offset)
        return InboxPage(counts=counts, items=[ItemOut(**item_out(
            r, items.is_overdue(r, target, now))) for r in rows])


@router.get("/items/{item_id}", response_model=ItemDetailOut)
def get_item(request: Request, actor: OrgActor, item_id: int) -> ItemDetailOut:
    """One item with its verdict, replies, notes and cases."""
    return _detail(request, actor, item_id)


@router.post("/items/{item_id}/assign", response_model=ItemDetailOut)
def assign(request: Request, actor: OrgActor, item_id: int, body: AssignIn) -> ItemDetailOut:
    """Assign the item (to a responder, privacy officer or admin) or unassign it."""
    with transaction(state(request).factory) as db:
        items.assign(db, actor, item_id, body.user_id)
    return _detail(request, actor, item_id)


@router.post("/items/{item_id}/notes", response_model=ItemDetailOut, status_code=201)
def add_note(request: Request, actor: OrgActor, item_id: int, body: NoteIn) -> ItemDetailOut:
    """Add an internal note."""
    with transaction(state(request).factory) as db:
        items.add_note(db, actor, item_id, body.text)
    return _detail(request, actor, item_id)


@router.post("/items/{item_id}/status", response_model=ItemDetailOut)
def set_status(request: Request, actor: OrgActor, item_id: int, body: StatusIn
               ) -> ItemDetailOut:
    """Set the item's status (resolve, reopen, waiting)."""
    with transaction(state(request).factory) as db:
        items.set_status(db, actor, item_id, body.status)
    return _detail(request, actor, item_id)


@router.post("/items/{item_id}/reply", response_model=ReplyOut)
def reply(request: Request, actor: OrgActor, item_id: int, body: ReplyIn) -> ReplyOut:
    """Reply on the item's network; 422 `invalid` when the guard blocks it (nothing sent).

    The reply's `state` is `sent`, `failed` (with the network's reason) or `unknown` (retry the
    same text: the stored key makes the network drop a duplicate).
    """
    from carepost.services.errors import ValidationFailed

    given = sum((body.text is not None, body.template_id is not None, body.private))
    if given != 1:
        raise ValidationFailed("reply", "give exactly one of text, template_id or private")
    box = channels.channel_box(state(request).settings)
    factory = state(request).factory
    if body.private:
        return reply_out(actions.move_private(factory, box, actor, item_id))
    return reply_out(actions.reply(factory, box, actor, item_id, body.text, body.template_id))


@router.post("/items/{item_id}/hide", status_code=204)
def hide(request: Request, actor: OrgActor, item_id: int) -> Response:
    """Hide the item where the network allows it (400 with what to do instead otherwise)."""
    box = channels.channel_box(state(request).settings)
    actions.hide(state(request).factory, box, actor, item_id)
    return Response(status_code=204)


class ApproveIn(BaseModel):
    """A privacy officer's written reason, needed when the guard flags the comment."""

    reason: str | None = Field(default=None, max_length=2000)


@router.post("/items/{item_id}/approve", status_code=204)
def approve(request: Request, actor: OrgActor, item_id: int, body: ApproveIn) -> Response:
    """Show a held blog comment (422 for other networks; a flagged one needs a privacy
    officer and a reason)."""
    actions.approve(state(request).factory, actor, item_id, body.reason)
    return Response(status_code=204)


@router.post("/channels/{channel_id}/poll", response_model=PollOut)
def poll(request: Request, actor: OrgActor, channel_id: int) -> PollOut:
    """Poll one channel now (needs the right to triage)."""
    from carepost.services.actor import require

    with transaction(state(request).factory) as db:
        require(actor, "inbox.triage", db)
        channels.get_channel(db, actor, channel_id)
    result = ingest.poll_channel(state(request).factory,
                                 channels.channel_box(state(request).settings), channel_id)
    if result.error:
        from carepost.services.inbox.actions import ActionFailed

        raise ActionFailed(f"poll failed: {result.error}")
    return PollOut(fetched=result.fetched, new=result.new, urgent=len(result.urgent_ids),
                   escalated=result.escalated, skipped=result.skipped)


class SettingsIn(BaseModel):
    """Inbox settings to change (omitted fields stay); `webhook` holds url, secret and
    optionally allow_private_addresses; `clear_webhook` removes it."""

    response_target_hours: int | None = None
    backfill_days: int | None = None
    oncall_emails: list[str] | None = None
    smtp_channel_id: int | None = None
    webhook: dict[str, Any] | None = None
    clear_webhook: bool = False
    crisis_text: str | None = Field(default=None, max_length=4000)
    private_contact: str | None = Field(default=None, max_length=300)


class SettingsOut(BaseModel):
    """The organisation's inbox settings (the webhook only as set or not)."""

    response_target_hours: int
    backfill_days: int
    oncall_emails: list[str]
    smtp_channel_id: int | None
    webhook_set: bool
    crisis_text: str
    private_contact: str


def settings_out(row: Any) -> SettingsOut:
    """Settings as the API shows them."""
    return SettingsOut(response_target_hours=row.response_target_hours,
                       backfill_days=row.backfill_days, oncall_emails=config.oncall_emails(row),
                       smtp_channel_id=row.smtp_channel_id,
                       webhook_set=row.webhook_sealed is not None,
                       crisis_text=config.crisis_text(row),
                       private_contact=config.private_contact(row))


@router.get("/settings", response_model=SettingsOut)
def get_settings(request: Request, actor: OrgActor) -> SettingsOut:
    """The organisation's inbox settings."""
    from carepost.services.actor import require

    with read_only(state(request).factory) as db:
        require(actor, "inbox.view")
        return settings_out(config.settings_of(db, actor.org_id))


@router.patch("/settings", response_model=SettingsOut)
def change_settings(request: Request, actor: OrgActor, body: SettingsIn) -> SettingsOut:
    """Change inbox settings (needs `channel.manage`); audited by setting name."""
    box = channels.channel_box(state(request).settings)
    with transaction(state(request).factory) as db:
        row = config.configure(
            db, actor, box, response_target_hours=body.response_target_hours,
            backfill_days=body.backfill_days, oncall_emails_=body.oncall_emails,
            smtp_channel_id=body.smtp_channel_id, webhook=body.webhook,
            clear_webhook=body.clear_webhook, crisis_text_=body.crisis_text,
            private_contact_=body.private_contact)
        return settings_out(row)


@router.get("/templates", response_model=list[TemplateOut])
def list_templates(request: Request, actor: OrgActor) -> list[TemplateOut]:
    """The organisation's reply templates."""
    with read_only(state(request).factory) as db:
        return [TemplateOut(id=t.id, name=t.name, text=t.text)
                for t in actions.list_templates(db, actor)]


@router.post("/templates", response_model=TemplateOut, status_code=201)
def add_template(request: Request, actor: OrgActor, body: TemplateIn) -> TemplateOut:
    """Save a template (422 when the guard blocks or warns)."""
    with transaction(state(request).factory) as db:
        row = actions.add_template(db, actor, body.name, body.text)
        return TemplateOut(id=row.id, name=row.name, text=row.text)


@router.post("/cases", response_model=CaseOut, status_code=201)
def create_case(request: Request, actor: OrgActor, body: CaseIn) -> CaseOut:
    """Open an adverse-event case (from an item: pre-filled, clock from its fetch time)."""
    with transaction(state(request).factory) as db:
        return case_out(cases.create_case(db, actor, body.item_id, body.fields))


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(request: Request, actor: OrgActor, case_id: int) -> CaseOut:
    """One case."""
    with read_only(state(request).factory) as db:
        return case_out(cases.get_case(db, actor, case_id))


@router.patch("/cases/{case_id}", response_model=CaseOut)
def update_case(request: Request, actor: OrgActor, case_id: int,
                body: dict[str, str | bool]) -> CaseOut:
    """Change case fields (audited by field name)."""
    with transaction(state(request).factory) as db:
        return case_out(cases.update_case(db, actor, case_id, body))


@router.get("/cases/{case_id}/export", response_class=Response,
            responses={200: {"content": {"application/json": {}, "text/csv": {}}}})
def export_case(request: Request, actor: OrgActor, case_id: int,
                fmt: Literal["json", "csv"] = "json") -> Response:
    """The case with MedWatch (FDA 3500) field names; the export is audited."""
    with transaction(state(request).factory) as db:
        text = cases.export_case(db, actor, case_id, fmt)
    return Response(text, media_type="text/csv" if fmt == "csv" else "application/json")
