"""Alert templates: create from a built-in kind or from scratch, edit (new version), approve.

A template is usable only when its current version carries both approvals; editing it bumps
the version, so an edited template must be approved again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.alerts import approvals, fields
from carepost.services.alerts.cap import check_values
from carepost.services.alerts.kinds import KINDS
from carepost.services.errors import Conflict, NotFound, ValidationFailed
from carepost.storage.alerts import TEMPLATE_KINDS, AlertApproval, AlertTemplate
from carepost.storage.models import utcnow

MAX_BODY = 5_000


def _texts(headline: str, body: str, instruction: str) -> tuple[str, str, str]:
    headline, body = headline.strip(), body.strip()
    if not headline:
        raise ValidationFailed("headline", "must not be empty")
    if len(headline) > 200:
        raise ValidationFailed("headline", "must be at most 200 characters")
    if not body:
        raise ValidationFailed("body", "must not be empty")
    if len(body) > MAX_BODY:
        raise ValidationFailed("body", f"must be at most {MAX_BODY} characters")
    return headline, body, instruction.strip()[:2000]


def create_template(
    session: Session, actor: Actor, kind: str, name: str, *, headline: str | None = None,
    body: str | None = None, instruction: str | None = None,
    field_specs: Sequence[Mapping[str, Any]] | None = None, cap: Mapping[str, str] | None = None,
) -> AlertTemplate:
    """A new template; anything not given comes from the kind's starter template."""
    require(actor, "alert.send", session)
    if actor.org_id is None:
        raise ValidationFailed("org", "a template belongs to an organisation")
    if kind not in TEMPLATE_KINDS:
        raise ValidationFailed("kind", f"must be one of {', '.join(TEMPLATE_KINDS)}")
    starter = KINDS.get(kind)
    if starter is None and (headline is None or body is None):
        raise ValidationFailed("body", "a custom template needs a headline and a body")
    name = name.strip() or (starter.label if starter else "")
    if not 1 <= len(name) <= 100:
        raise ValidationFailed("name", "must be 1 to 100 characters")
    head, text, instr = _texts(
        headline if headline is not None else starter.headline,  # type: ignore[union-attr]
        body if body is not None else starter.body,  # type: ignore[union-attr]
        instruction if instruction is not None else (starter.instruction if starter else ""))
    specs = fields.parse_specs(field_specs if field_specs is not None
                               else (starter.fields if starter else ()))
    fields.check_placeholders(specs, headline=head, body=text, instruction=instr)
    values = {"category": "Health", "event": "Public health alert", "urgency": "Immediate",
              "severity": "Moderate", "certainty": "Observed",
              **(starter.cap if starter else {}), **(cap or {})}
    unknown = set(values) - {"category", "event", "urgency", "severity", "certainty"}
    if unknown:
        raise ValidationFailed(f"cap.{sorted(unknown)[0]}", "is not a CAP default a template has")
    check_values(values["category"], values["event"], values["urgency"], values["severity"],
                 values["certainty"])
    row = AlertTemplate(
        org_id=actor.org_id, kind=kind, name=name, headline=head, body=text, instruction=instr,
        fields=fields.dump_specs(specs), cap_category=values["category"],
        cap_event=values["event"], cap_urgency=values["urgency"],
        cap_severity=values["severity"], cap_certainty=values["certainty"], version=1,
        created_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    approvals.ask(session, row.org_id, "alert.template_approval_needed",
                  f"alert_template:{row.id}", actor.user_id)
    audit.record(session, actor, "alert.template_created", f"alert_template:{row.id}",
                 {"kind": kind, "fields": len(specs)})
    return row


def get_template(session: Session, actor: Actor, template_id: int) -> AlertTemplate:
    """One template of the actor's organisation."""
    row = session.get(AlertTemplate, template_id)
    if row is None or (actor.org_id is not None and row.org_id != actor.org_id):
        raise NotFound(f"alert template {template_id} not found")
    return row


def edit_template(session: Session, actor: Actor, template_id: int, *,
                  headline: str | None = None, body: str | None = None,
                  instruction: str | None = None) -> AlertTemplate:
    """Change the wording: a new version, which needs both approvals again."""
    require(actor, "alert.send", session)
    row = get_template(session, actor, template_id)
    head, text, instr = _texts(headline if headline is not None else row.headline,
                               body if body is not None else row.body,
                               instruction if instruction is not None else row.instruction)
    fields.check_placeholders(fields.load_specs(row.fields), headline=head, body=text,
                              instruction=instr)
    row.headline, row.body, row.instruction = head, text, instr
    row.version += 1
    row.updated_at = utcnow()
    if actor.user_id is not None:
        row.created_by = actor.user_id  # the editor wrote this version: they may not approve it
    audit.record(session, actor, "alert.template_edited", f"alert_template:{row.id}",
                 {"version": row.version})
    return row


def approve_template(session: Session, actor: Actor, template_id: int) -> AlertApproval:
    """One of the two approvals of the template's current version."""
    row = get_template(session, actor, template_id)
    have = approvals.of_template(session, row.id, row.version)
    approval = approvals.add(session, actor, row.created_by, have, "template",
                             template_id=row.id, template_version=row.version)
    audit.record(session, actor, "alert.template_approved", f"alert_template:{row.id}",
                 {"version": row.version, "slot": approval.slot})
    return approval


def is_approved(session: Session, row: AlertTemplate) -> bool:
    """Whether the current version has both approvals."""
    return not approvals.missing(approvals.of_template(session, row.id, row.version))


def require_approved(session: Session, row: AlertTemplate) -> None:
    """Refuse a template whose current version lacks an approval, saying which."""
    still = approvals.missing(approvals.of_template(session, row.id, row.version))
    if still:
        raise Conflict(f"template {row.id} (version {row.version}) still needs approval by "
                       + " and ".join(still))


def list_templates(session: Session, actor: Actor) -> list[AlertTemplate]:
    """The organisation's templates, oldest first."""
    require(actor, "org.view", session)
    query = select(AlertTemplate).order_by(AlertTemplate.id)
    if actor.org_id is not None:
        query = query.where(AlertTemplate.org_id == actor.org_id)
    return list(session.execute(query).scalars())


def field_specs(row: AlertTemplate) -> tuple[fields.FieldSpec, ...]:
    """The template's declared fields."""
    return fields.load_specs(row.fields)


def describe(row: AlertTemplate) -> dict[str, Any]:
    """The template as the API shows it."""
    return {"id": row.id, "kind": row.kind, "name": row.name, "version": row.version,
            "headline": row.headline, "body": row.body, "instruction": row.instruction,
            "fields": json.loads(row.fields),
            "cap": {"category": row.cap_category, "event": row.cap_event,
                    "urgency": row.cap_urgency, "severity": row.cap_severity,
                    "certainty": row.cap_certainty}}
