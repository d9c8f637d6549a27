"""Posts and their review workflow: create, edit, submit, review (with guard overrides), schedule.

The state table and the two-person rule live in `carepost.core.lifecycle`; this module loads,
calls `transition`, stores, guards and audits. The guard runs on every save and again at
approval; a blocking finding can only be approved by a privacy officer with a written reason,
stored with the approval and audited. Audit details hold ids, counts and outcomes, never text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost import guard
from carepost.connectors import registry
from carepost.core import lifecycle, variants
from carepost.core.lifecycle import Event, State, TransitionError
from carepost.services import audit, channel_meta, guard_settings, notifications
from carepost.services.actor import Actor, require
from carepost.services.channels import get_channel
from carepost.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from carepost.storage.models import utcnow
from carepost.storage.publishing import Approval, Channel, Post, Variant

MAX_TEXT = 20_000
APPROVER_ROLES = ("approver", "privacy_officer", "admin")
# Workflow states in which the variants simply mirror the post.
_MIRRORED = frozenset({State.DRAFT, State.IN_REVIEW, State.APPROVED, State.SCHEDULED})


@dataclass(frozen=True, slots=True)
class GuardResult:
    """The guard's action for one text and its report as JSON (the text itself left out)."""

    action: str
    report: str
    blocking: int


_ACTION_RANK = {"allow": 0, "warn": 1, "block": 2}


def run_guard(text: str, subject: str | None = None,
              check: Callable[[str, str, str], guard.Verdict] = guard.check) -> GuardResult:
    """Check an outbound post text (and the subject it goes out under, if any).

    `check` is the guard as the organisation runs it (guard_settings.checker: its policy pack
    and profile). The stored report explains every finding. A subject's findings sit under the
    report's "subject" key, their offsets relative to the subject; the action is the worse of
    the two.
    """
    verdict = check(text, "outbound", "post")
    blocking = sum(1 for f in verdict.findings if f.severity == "block")
    report = verdict.to_dict()
    action = verdict.action
    if subject is not None and subject.strip():
        heading = check(subject, "outbound", "post")
        blocking += sum(1 for f in heading.findings if f.severity == "block")
        report["subject"] = heading.to_dict()
        action = max(action, heading.action, key=lambda a: _ACTION_RANK.get(a, 0))
    return GuardResult(action, json.dumps(report, sort_keys=True), blocking)


def subject_of(post: Post, channel: Channel) -> str | None:
    """The subject this channel sends the post under: its title where the network has one."""
    if "subject" not in registry.metadata(channel.kind).formats:
        return None
    return post.title or None


def guard_variant(session: Session, post: Post, channel_id: int, text: str) -> GuardResult:
    """The guard on everything one channel would send: the text and, for email, the title."""
    channel = session.get(Channel, channel_id)
    return run_guard(text, subject_of(post, channel) if channel is not None else None,
                     guard_settings.checker(session, post.org_id))


def _check_title(title: str) -> str:
    """A title is the email subject: one line of at most 200 characters."""
    title = title.strip()
    if "\n" in title or "\r" in title:
        raise ValidationFailed("title", "must be one line")
    if len(title) > 200:
        raise ValidationFailed("title", "must be at most 200 characters")
    return title


def _check_text(text: str, field: str = "text") -> str:
    if not text.strip():
        raise ValidationFailed(field, "must not be empty")
    if len(text) > MAX_TEXT:
        raise ValidationFailed(field, f"must be at most {MAX_TEXT} characters")
    return text


def _actor_id(actor: Actor) -> str:
    return str(actor.user_id) if actor.user_id is not None else actor.label


def _fire(post: Post, actor: Actor, event: Event, session: Session | None = None,
          **kwargs: object) -> State:
    """Apply `event` through the lifecycle table; map its refusals to service errors."""
    if "guard_blocked" not in kwargs:
        # The stored guard actions from the last save; `review` passes a fresh check instead.
        kwargs["guard_blocked"] = session is not None and any(
            v.guard_action == "block" for v in variants_of(session, post.id))
    try:
        return lifecycle.transition(
            post.state, event, actor_id=_actor_id(actor),
            author_id=str(post.author_id) if post.author_id is not None else "",
            role=actor.role or "", **kwargs,  # type: ignore[arg-type]
        )
    except (lifecycle.NotPermitted, lifecycle.SelfApproval, lifecycle.BlockedByGuard) as exc:
        raise PermissionDenied(str(exc)) from None
    except lifecycle.CommentRequired as exc:
        raise ValidationFailed("comment", str(exc)) from None
    except TransitionError as exc:
        raise Conflict(str(exc)) from None


def _set_state(session: Session, post: Post, state: State) -> None:
    post.state = state.value
    post.updated_at = utcnow()
    if state in _MIRRORED:
        for variant in variants_of(session, post.id):
            # A variant already out (a partial failure being rescheduled) is never re-sent.
            if variant.state != State.PUBLISHED.value:
                variant.state = state.value


def variants_of(session: Session, post_id: int) -> list[Variant]:
    """A post's variants, in channel order of creation."""
    return list(session.execute(
        select(Variant).where(Variant.post_id == post_id).order_by(Variant.id)
    ).scalars())


def get_post(session: Session, actor: Actor, post_id: int) -> Post:
    """One post of the actor's organisation."""
    post = session.get(Post, post_id)
    if post is None or (actor.org_id is not None and post.org_id != actor.org_id):
        raise NotFound(f"post {post_id} not found")
    return post


def create_post(
    session: Session,
    actor: Actor,
    title: str,
    texts: Sequence[tuple[int, str]],
    slot_at: datetime | None = None,
) -> Post:
    """A draft with one variant per (channel id, text); each is guarded as it is saved."""
    require(actor, "post.create", session)
    if actor.org_id is None:
        raise ValidationFailed("org", "a post belongs to an organisation")
    if not texts:
        raise ValidationFailed("channel", "a post needs at least one channel")
    if len({c for c, _ in texts}) != len(texts):
        raise ValidationFailed("channel", "one variant per channel")
    if slot_at is not None and slot_at <= utcnow():
        raise ValidationFailed("slot", "must be in the future")
    post = Post(org_id=actor.org_id, author_id=actor.user_id, title=_check_title(title),
                state=State.DRAFT.value, slot_at=slot_at, version=1, editor_ids="")
    session.add(post)
    session.flush()
    blocking = 0
    for channel_id, text in texts:
        get_channel(session, actor, channel_id)
        result = guard_variant(session, post, channel_id, _check_text(text))
        blocking += result.blocking
        session.add(Variant(post_id=post.id, channel_id=channel_id, text=text,
                            state=State.DRAFT.value, guard_action=result.action,
                            guard_report=result.report, attempts=0))
    session.flush()
    audit.record(session, actor, "post.created", f"post:{post.id}",
                 {"variants": len(texts), "guard_blocking": blocking})
    return post


def edit_variant(
    session: Session, actor: Actor, post_id: int, channel_id: int, text: str
) -> Variant:
    """Change one variant's text: guarded again; approved or scheduled goes back to review."""
    require(actor, "post.edit", session)
    post = get_post(session, actor, post_id)
    target = _fire(post, actor, Event.EDIT, session)
    variant = next((v for v in variants_of(session, post.id) if v.channel_id == channel_id), None)
    if variant is None:
        raise NotFound(f"post {post_id} has no variant for channel {channel_id}")
    result = guard_variant(session, post, channel_id, _check_text(text))
    variant.text, variant.guard_action, variant.guard_report = text, result.action, result.report
    post.version += 1
    _record_editor(post, actor)
    before = post.state
    _set_state(session, post, target)
    audit.record(session, actor, "post.edited", f"post:{post.id}",
                 {"channel_id": channel_id, "version": post.version, "from": before,
                  "to": target.value, "guard_action": result.action})
    return variant


def _record_editor(post: Post, actor: Actor) -> None:
    """Whoever changes someone else's post may not approve it (the two-person rule)."""
    if actor.user_id is not None and post.author_id != actor.user_id:
        editors = set(filter(None, post.editor_ids.split(",")))
        post.editor_ids = ",".join(sorted(editors | {str(actor.user_id)}))[:500]


def edit_title(session: Session, actor: Actor, post_id: int, title: str) -> Post:
    """Change the title (the email subject): guarded again; approved goes back to review.

    An unchanged title changes nothing (no new version, no state change).
    """
    require(actor, "post.edit", session)
    post = get_post(session, actor, post_id)
    title = _check_title(title)
    if title == post.title:
        return post
    target = _fire(post, actor, Event.EDIT, session)
    post.title = title
    action = "allow"
    for variant in variants_of(session, post.id):
        if variant.state == State.PUBLISHED.value:
            continue
        result = guard_variant(session, post, variant.channel_id, variant.text)
        variant.guard_action, variant.guard_report = result.action, result.report
        action = max(action, result.action, key=lambda a: _ACTION_RANK.get(a, 0))
    post.version += 1
    _record_editor(post, actor)
    before = post.state
    _set_state(session, post, target)
    audit.record(session, actor, "post.edited", f"post:{post.id}",
                 {"field": "title", "version": post.version, "from": before,
                  "to": target.value, "guard_action": action})
    return post


def submit(session: Session, actor: Actor, post_id: int) -> Post:
    """Send a draft for review."""
    require(actor, "post.submit", session)
    post = get_post(session, actor, post_id)
    target = _fire(post, actor, Event.SUBMIT, session)
    _check_network_rules(session, post)
    _set_state(session, post, target)
    # Kept so the next review can show what changed since this one (services/review_diff.py).
    from carepost.services.review_diff import snapshot_submission

    snapshot_submission(session, post, variants_of(session, post.id))
    audit.record(session, actor, "post.submitted", f"post:{post.id}", {"version": post.version})
    # The approvers learn there is work waiting; nobody who may not approve it is told.
    barred = {post.author_id, actor.user_id,
              *(int(e) for e in filter(None, post.editor_ids.split(",")))}
    approvers = notifications.users_with_roles(session, post.org_id, APPROVER_ROLES)
    notifications.notify(session, post.org_id, "post.submitted", f"post:{post.id}",
                         [u for u in approvers if u not in barred])
    return post


def _check_network_rules(session: Session, post: Post) -> None:
    """Refuse what a network would refuse (length after threading, empty text) before review."""
    from carepost.services.post_media import media_of

    media = media_of(session, post.id)
    for row in variants_of(session, post.id):
        channel = session.get(Channel, row.channel_id)
        assert channel is not None
        metadata = channel_meta.metadata_for(channel, session)
        try:
            # The title is the subject where a network has one (email).
            derived = variants.derive(variants.Composed(text=row.text, media=media,
                                                        subject=post.title or None),
                                      channel.name, metadata)
        except variants.VariantError as exc:
            raise ValidationFailed("text", str(exc)) from None
        problems = variants.validate(derived, metadata)
        if problems:
            raise ValidationFailed("text", problems[0].message)


def _guard_all(session: Session, post: Post) -> tuple[dict[str, object], int]:
    """Re-run the guard on every variant and its subject (policies change): reports, blocking."""
    reports: dict[str, object] = {}
    blocking = 0
    for variant in variants_of(session, post.id):
        result = guard_variant(session, post, variant.channel_id, variant.text)
        variant.guard_action, variant.guard_report = result.action, result.report
        reports[str(variant.channel_id)] = json.loads(result.report)
        blocking += result.blocking
    return reports, blocking


def review(
    session: Session,
    actor: Actor,
    post_id: int,
    decision: str,
    comment: str = "",
    override_reason: str | None = None,
) -> Approval:
    """Approve, request changes or reject; the approval stores the guard report it was made on."""
    require(actor, "post.approve", session)
    events = {"approved": Event.APPROVE, "changes_requested": Event.REQUEST_CHANGES,
              "rejected": Event.REJECT}
    if decision not in events:
        raise ValidationFailed("decision", "must be approved, changes_requested or rejected")
    post = get_post(session, actor, post_id)
    reports, blocking = _guard_all(session, post)
    blocked = blocking > 0
    target = _fire(post, actor, events[decision], guard_blocked=blocked,
                   override_reason=override_reason, comment=comment,
                   editors=tuple(filter(None, post.editor_ids.split(","))))
    overriding = lifecycle.is_override(events[decision], blocked)
    approval = Approval(
        post_id=post.id, post_version=post.version, reviewer_id=actor.user_id,
        reviewer_label=actor.label[:200], decision=decision, comment=comment,
        override_reason=override_reason.strip() if overriding and override_reason else None,
        guard_report=json.dumps(reports, sort_keys=True),
    )
    session.add(approval)
    _set_state(session, post, target)
    session.flush()
    audit.record(session, actor, f"post.{decision}", f"post:{post.id}",
                 {"version": post.version, "approval_id": approval.id,
                  "guard_blocking": blocking})
    if overriding:
        audit.record(session, actor, "post.guard_overridden", f"post:{post.id}",
                     {"approval_id": approval.id, "guard_blocking": blocking})
    if target is State.DRAFT:
        post.editor_ids = ""
    if target is State.APPROVED and post.slot_at is not None:
        _after_approval(session, actor, post)
    return approval


def _after_approval(session: Session, actor: Actor, post: Post) -> None:
    """A planned slot: keep it if still ahead, else a person must choose a new time."""
    assert post.slot_at is not None
    now = utcnow()
    if lifecycle.missed_slot(post.slot_at, now, approved_at=now):
        post.slot_at = None
        audit.record(session, actor, "post.slot_missed", f"post:{post.id}", {})
        notifications.notify(session, post.org_id, "post.slot_missed", f"post:{post.id}",
                             [post.author_id] if post.author_id is not None else [])
    elif actor.can("post.publish"):
        schedule(session, actor, post.id, post.slot_at)


def schedule(session: Session, actor: Actor, post_id: int, slot_at: datetime) -> Post:
    """Schedule an approved post (or choose a new time) for every channel."""
    require(actor, "post.publish", session)
    if slot_at.tzinfo is None:
        raise ValidationFailed("slot", "must include a time zone")
    post = get_post(session, actor, post_id)
    target = _fire(post, actor, Event.SCHEDULE, session)
    if slot_at <= utcnow() - timedelta(seconds=5):
        raise ValidationFailed("slot", "must not be in the past")
    post.slot_at = slot_at
    _set_state(session, post, target)
    for variant in variants_of(session, post.id):
        if variant.state == State.PUBLISHED.value:
            continue
        variant.next_attempt_at = slot_at
        variant.error = None
        variant.attempts = 0
    audit.record(session, actor, "post.scheduled", f"post:{post.id}",
                 {"version": post.version, "slot": audit.format_ts(slot_at)})
    return post


def remind_unapproved(session: Session, now: datetime, lead: timedelta) -> int:
    """Tell approvers about unapproved posts whose slot is within `lead`; return how many."""
    candidates = session.execute(
        select(Post).where(Post.state.in_([s.value for s in lifecycle.UNAPPROVED]),
                           Post.slot_at.is_not(None))
    ).scalars()
    count = 0
    for post in candidates:
        if not lifecycle.due_for_approval_reminder(
            post.state, post.slot_at, now, lead=lead, reminded_at=post.reminded_at
        ):
            continue
        post.reminded_at = now
        users = notifications.users_with_roles(session, post.org_id, APPROVER_ROLES)
        notifications.notify(session, post.org_id, "post.approval_due", f"post:{post.id}",
                             [u for u in users if u != post.author_id])
        count += 1
    return count


def list_posts(session: Session, actor: Actor, state: str | None = None) -> list[Post]:
    """The organisation's posts, newest first, optionally in one state."""
    require(actor, "org.view", session)
    query = select(Post).order_by(Post.id.desc())
    if actor.org_id is not None:
        query = query.where(Post.org_id == actor.org_id)
    if state is not None:
        query = query.where(Post.state == state)
    return list(session.execute(query).scalars())
