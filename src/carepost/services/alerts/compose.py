"""Writing an alert: from a pre-approved template, or from scratch with two approvals on it.

The guard checks the final text; a blocking finding stops the alert (an emergency is no time to
publish a patient's details). Updates and the all-clear point back to the first alert of the
chain. A drill may go only to channels marked as test channels, and its text says so.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.services import audit, guard_settings
from carepost.services.actor import Actor, require
from carepost.services.alerts import approvals, fields, templates
from carepost.services.alerts.cap import check_values
from carepost.services.alerts.kinds import KINDS
from carepost.services.channels import get_channel
from carepost.services.errors import Conflict, NotFound, ValidationFailed
from carepost.services.posts import run_guard
from carepost.storage.alerts import (
    TEMPLATE_KINDS,
    Alert,
    AlertApproval,
    AlertDelivery,
    AlertTestChannel,
)

DRILL_MARK = "DRILL — EXERCISE"
PREFIXES = {"update": "UPDATE", "all_clear": "ALL CLEAR"}
MAX_TEXT = 5_000
MAX_PAUSE_MINUTES = 7 * 24 * 60
CAP_KEYS = ("category", "event", "urgency", "severity", "certainty")


def _mark(text: str, msg_type: str, drill: bool) -> str:
    prefix = PREFIXES.get(msg_type)
    if prefix and not text.upper().startswith(prefix):
        text = f"{prefix}: {text}"
    if drill and DRILL_MARK not in text:
        text = f"{DRILL_MARK}: {text}"
    return text


def _guard(session: Session, org_id: int | None, text: str) -> tuple[str, str]:
    result = run_guard(text, None, guard_settings.checker(session, org_id))
    if result.blocking:
        rules = sorted({f.get("rule", "?") for f in json.loads(result.report).get("findings", [])
                        if f.get("severity") == "block"})
        raise ValidationFailed("text", f"the guard blocks this text ({result.blocking} blocking "
                                       f"finding(s): {', '.join(rules)}); rewrite it")
    return result.action, result.report


def test_channel_ids(session: Session, org_id: int) -> set[int]:
    """The organisation's channels marked as test channels."""
    return set(session.execute(select(AlertTestChannel.channel_id)
                               .where(AlertTestChannel.org_id == org_id)).scalars())


def mark_test_channel(session: Session, actor: Actor, channel_id: int, test: bool) -> None:
    """Mark (or unmark) a channel as a test channel, the only kind a drill goes to."""
    require(actor, "channel.manage", session)
    channel = get_channel(session, actor, channel_id)
    row = session.get(AlertTestChannel, channel.id)
    if test and row is None:
        session.add(AlertTestChannel(channel_id=channel.id, org_id=channel.org_id))
    elif not test and row is not None:
        session.delete(row)
    else:
        return
    audit.record(session, actor, "alert.test_channel_marked" if test
                 else "alert.test_channel_unmarked", f"channel:{channel.id}", {},
                 org_id=channel.org_id)


def _channels(session: Session, actor: Actor, channel_ids: Sequence[int], drill: bool) -> None:
    if not channel_ids:
        raise ValidationFailed("channels", "choose at least one channel")
    if len(set(channel_ids)) != len(channel_ids):
        raise ValidationFailed("channels", "each channel once")
    assert actor.org_id is not None
    tests = test_channel_ids(session, actor.org_id) if drill else set()
    for channel_id in channel_ids:
        channel = get_channel(session, actor, channel_id)
        if drill and channel.id not in tests:
            raise ValidationFailed("channels", f"channel {channel.id} ({channel.name}) is not a "
                                               "test channel; a drill goes to test channels only")


def get_alert(session: Session, actor: Actor, alert_id: int) -> Alert:
    """One alert of the actor's organisation."""
    row = session.get(Alert, alert_id)
    if row is None or (actor.org_id is not None and row.org_id != actor.org_id):
        raise NotFound(f"alert {alert_id} not found")
    return row


def create_alert(
    session: Session, actor: Actor, channel_ids: Sequence[int], *,
    template_id: int | None = None, values: Mapping[str, str] | None = None,
    headline: str | None = None, text: str | None = None, instruction: str = "",
    kind: str = "custom", area: str = "", cap: Mapping[str, str] | None = None,
    drill: bool = False, pause_minutes: int = 0, parent_id: int | None = None,
    msg_type: str = "alert",
) -> Alert:
    """Draft an alert: approved at once from an approved template, else awaiting two approvals."""
    require(actor, "alert.send", session)
    if actor.org_id is None:
        raise ValidationFailed("org", "an alert belongs to an organisation")
    if msg_type not in ("alert", "update", "all_clear"):
        raise ValidationFailed("msg_type", "must be alert, update or all_clear")
    if not 0 <= pause_minutes <= MAX_PAUSE_MINUTES:
        raise ValidationFailed("pause_minutes", f"must be between 0 and {MAX_PAUSE_MINUTES}")
    root: Alert | None = None
    if msg_type != "alert":
        if parent_id is None:
            raise ValidationFailed("parent", "an update or all-clear names the alert it follows")
        parent = get_alert(session, actor, parent_id)
        root = get_alert(session, actor, parent.parent_id) if parent.parent_id else parent
        if root.sent_at is None:
            raise Conflict(f"alert {root.id} has not been sent; edit it instead of updating it")
        drill = drill or root.drill
    elif parent_id is not None:
        raise ValidationFailed("parent", "only an update or all-clear follows another alert")
    _channels(session, actor, channel_ids, drill)
    cap_values: dict[str, str]
    if template_id is not None:
        template = templates.get_template(session, actor, template_id)
        templates.require_approved(session, template)
        filled = fields.fill(templates.field_specs(template), values or {},
                             headline=template.headline, body=template.body,
                             instruction=template.instruction)
        head, body, instr = filled["headline"], filled["body"], filled["instruction"]
        kind = template.kind
        cap_values = {"category": template.cap_category, "event": template.cap_event,
                      "urgency": template.cap_urgency, "severity": template.cap_severity,
                      "certainty": template.cap_certainty}
        status = "approved"
    else:
        if values:
            raise ValidationFailed("values", "field values need a template")
        head, body, instr = (headline or "").strip(), (text or "").strip(), instruction.strip()
        if kind not in TEMPLATE_KINDS:
            raise ValidationFailed("kind", f"must be one of {', '.join(TEMPLATE_KINDS)}")
        starter = KINDS.get(kind)
        cap_values = {"category": "Health", "event": "Public health alert",
                      "urgency": "Immediate", "severity": "Moderate", "certainty": "Observed",
                      **(starter.cap if starter else {})}
        if root is not None:
            cap_values.update(category=root.cap_category, event=root.cap_event,
                              urgency=root.cap_urgency, severity=root.cap_severity,
                              certainty=root.cap_certainty)
        status = "awaiting_approval"
    for key, value in (cap or {}).items():
        if key not in CAP_KEYS:
            raise ValidationFailed(f"cap.{key}", "is not a CAP value an alert sets")
        cap_values[key] = value.strip()
    check_values(*(cap_values[k] for k in CAP_KEYS))
    if not head:
        raise ValidationFailed("headline", "must not be empty")
    if not body:
        raise ValidationFailed("text", "must not be empty")
    head, body = _mark(head, msg_type, drill)[:200], _mark(body, msg_type, drill)
    if len(body) > MAX_TEXT:
        raise ValidationFailed("text", f"must be at most {MAX_TEXT} characters")
    guard_action, report = _guard(session, actor.org_id, f"{head}\n\n{body}\n\n{instr}".strip())
    row = Alert(
        org_id=actor.org_id, template_id=template_id,
        template_version=template.version if template_id is not None else None,
        parent_id=root.id if root is not None else None, msg_type=msg_type, kind=kind,
        identifier=f"carepost-{uuid.uuid4()}", headline=head, text=body, instruction=instr,
        area=area.strip()[:500], field_values=json.dumps(dict(values or {}), sort_keys=True),
        cap_category=cap_values["category"], cap_event=cap_values["event"],
        cap_urgency=cap_values["urgency"], cap_severity=cap_values["severity"],
        cap_certainty=cap_values["certainty"], status=status, drill=drill,
        guard_action=guard_action, guard_report=report, pause_minutes=pause_minutes,
        created_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    for channel_id in channel_ids:
        session.add(AlertDelivery(alert_id=row.id, channel_id=channel_id, status="pending",
                                  attempts=0, delivered="[]"))
    session.flush()
    if status == "awaiting_approval":
        approvals.ask(session, row.org_id, "alert.approval_needed", f"alert:{row.id}",
                      actor.user_id)
    audit.record(session, actor, "alert.created", f"alert:{row.id}",
                 {"msg_type": msg_type, "template_id": template_id, "drill": drill,
                  "channels": len(channel_ids), "status": status, "guard_action": guard_action,
                  "parent_id": row.parent_id})
    return row


def approve_alert(session: Session, actor: Actor, alert_id: int) -> AlertApproval:
    """One of the two approvals of an alert written from scratch (the fast path)."""
    row = get_alert(session, actor, alert_id)
    if row.status != "awaiting_approval":
        raise Conflict(f"alert {row.id} is {row.status.replace('_', ' ')}; nothing to approve")
    have = approvals.of_alert(session, row.id)
    # The approval keeps the guard report the approver saw, as a post approval does.
    approval = approvals.add(session, actor, row.created_by, have, "alert", alert_id=row.id,
                             guard_report=row.guard_report)
    if not approvals.missing([*have, approval]):
        row.status = "approved"
    audit.record(session, actor, "alert.approved", f"alert:{row.id}",
                 {"slot": approval.slot, "status": row.status})
    return approval


def list_alerts(session: Session, actor: Actor) -> list[Alert]:
    """The organisation's alerts, newest first."""
    require(actor, "org.view", session)
    query = select(Alert).order_by(Alert.id.desc())
    if actor.org_id is not None:
        query = query.where(Alert.org_id == actor.org_id)
    return list(session.execute(query).scalars())


def chain(session: Session, root_id: int) -> list[Alert]:
    """The first alert and its updates and all-clear, oldest first."""
    return list(session.execute(
        select(Alert).where((Alert.id == root_id) | (Alert.parent_id == root_id))
        .order_by(Alert.id)).scalars())


def deliveries(session: Session, alert_id: int) -> list[AlertDelivery]:
    """The alert's deliveries in channel order."""
    return list(session.execute(select(AlertDelivery).where(AlertDelivery.alert_id == alert_id)
                                .order_by(AlertDelivery.channel_id)).scalars())
