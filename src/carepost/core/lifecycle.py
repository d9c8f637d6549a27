"""The post lifecycle: states, the (state, event) -> state table, and who may fire each event.

Pure: no clock, no database. The publishing service loads a post (or one channel variant, which
carries its own state), calls `transition`, stores the result and audits it. Error messages name
states, events and roles only, never the post's text or a reviewer's comment.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from carepost.core.permissions import allowed


class State(StrEnum):
    """Where a post or a channel variant is; the values are stored, never rename one."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    OUTCOME_UNKNOWN = "outcome_unknown"  # the network did not answer; resolve with check_status


class Event(StrEnum):
    """What happens to a post; person events need a role action, system events the worker."""

    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    PUBLISH_NOW = "publish_now"
    RETRY = "retry"
    START = "start"
    SUCCEED = "succeed"
    FAIL = "fail"
    LOSE_ANSWER = "lose_answer"
    CONFIRM_PUBLISHED = "confirm_published"
    CONFIRM_ABSENT = "confirm_absent"


# The scheduler and worker act under this role name; no person holds it (it is not in ROLES).
SYSTEM = "system"

UNAPPROVED: frozenset[State] = frozenset({State.DRAFT, State.IN_REVIEW})
# An override reason shorter than this is not a reason ("ok", "fine"); the audit keeps it.
MIN_REASON_CHARS = 10


@dataclass(frozen=True)
class Rule:
    """One row of the table: from `state`, `event` leads to `target`, allowed by `action`."""

    state: State
    event: Event
    target: State
    action: str | None  # None: only the system (scheduler, worker) fires it


_S, _E = State, Event
RULES: tuple[Rule, ...] = (
    Rule(_S.DRAFT, _E.EDIT, _S.DRAFT, "post.edit"),
    Rule(_S.DRAFT, _E.SUBMIT, _S.IN_REVIEW, "post.submit"),
    # Editing under review restarts the review: reviewers must see what they approve.
    Rule(_S.IN_REVIEW, _E.EDIT, _S.IN_REVIEW, "post.edit"),
    Rule(_S.IN_REVIEW, _E.WITHDRAW, _S.DRAFT, "post.edit"),
    Rule(_S.IN_REVIEW, _E.APPROVE, _S.APPROVED, "post.approve"),
    Rule(_S.IN_REVIEW, _E.REQUEST_CHANGES, _S.DRAFT, "post.approve"),
    Rule(_S.IN_REVIEW, _E.REJECT, _S.DRAFT, "post.approve"),
    # Editing what was approved (or scheduled on that approval) sends it back to review.
    Rule(_S.APPROVED, _E.EDIT, _S.IN_REVIEW, "post.edit"),
    Rule(_S.SCHEDULED, _E.EDIT, _S.IN_REVIEW, "post.edit"),
    Rule(_S.FAILED, _E.EDIT, _S.IN_REVIEW, "post.edit"),
    Rule(_S.APPROVED, _E.SCHEDULE, _S.SCHEDULED, "post.publish"),
    Rule(_S.SCHEDULED, _E.SCHEDULE, _S.SCHEDULED, "post.publish"),  # a new time
    Rule(_S.SCHEDULED, _E.UNSCHEDULE, _S.APPROVED, "post.publish"),
    Rule(_S.APPROVED, _E.PUBLISH_NOW, _S.PUBLISHING, "post.publish"),
    Rule(_S.SCHEDULED, _E.PUBLISH_NOW, _S.PUBLISHING, "post.publish"),
    Rule(_S.FAILED, _E.RETRY, _S.PUBLISHING, "post.publish"),
    Rule(_S.FAILED, _E.SCHEDULE, _S.SCHEDULED, "post.publish"),
    Rule(_S.SCHEDULED, _E.START, _S.PUBLISHING, None),
    Rule(_S.PUBLISHING, _E.SUCCEED, _S.PUBLISHED, None),
    Rule(_S.PUBLISHING, _E.FAIL, _S.FAILED, None),
    Rule(_S.PUBLISHING, _E.LOSE_ANSWER, _S.OUTCOME_UNKNOWN, None),
    # Never retried blindly: the connector's check_status decides which of these two happened.
    Rule(_S.OUTCOME_UNKNOWN, _E.CONFIRM_PUBLISHED, _S.PUBLISHED, None),
    Rule(_S.OUTCOME_UNKNOWN, _E.CONFIRM_ABSENT, _S.FAILED, None),
)
TABLE: dict[tuple[State, Event], Rule] = {(r.state, r.event): r for r in RULES}
# Review outcomes that send a post back must say why, so the author knows what to change.
_NEEDS_COMMENT = frozenset({Event.REQUEST_CHANGES, Event.REJECT})


class TransitionError(Exception):
    """A lifecycle event that may not happen; the message says why in one line."""


class InvalidTransition(TransitionError):
    """The event does not apply to the post's current state."""


class NotPermitted(TransitionError):
    """The actor's role lacks the action the event needs (or a person fired a system event)."""


class SelfApproval(TransitionError):
    """The two-person rule: nobody approves a post they wrote or edited."""


class BlockedByGuard(TransitionError):
    """A blocking guard finding, without a privacy officer's override and written reason."""


class CommentRequired(TransitionError):
    """Requesting changes or rejecting needs a review comment."""


def _coerce(value: str, kind: type[State] | type[Event]) -> State | Event:
    try:
        return kind(value)
    except ValueError:
        raise InvalidTransition(f"unknown {kind.__name__.lower()} {value!r}") from None


def transition(
    post_state: State | str,
    event: Event | str,
    *,
    actor_id: str,
    author_id: str,
    role: str,
    guard_blocked: bool,
    override_reason: str | None = None,
    comment: str | None = None,
    editors: Collection[str] = (),
) -> State:
    """The state after `event`, or a `TransitionError` saying why it may not happen.

    `editors` are the people who changed the text since it was last submitted: like the author,
    they may not approve it. `guard_blocked` (whether the variant has a blocking finding) has
    no default on purpose: a caller that forgets it must not approve PHI by accident.
    """
    state = State(_coerce(post_state, State))
    ev = Event(_coerce(event, Event))
    rule = TABLE.get((state, ev))
    if rule is None:
        raise InvalidTransition(f"cannot {ev.value} a post that is {state.value}")
    if rule.action is None:
        if role != SYSTEM:
            raise NotPermitted(f"only the scheduler may {ev.value} a post")
        return rule.target
    if role == SYSTEM or not allowed(role, rule.action):
        raise NotPermitted(f"role {role!r} may not {ev.value} a post ({rule.action})")
    if ev is Event.APPROVE:
        _check_approval(actor_id, author_id, role, guard_blocked, override_reason, editors)
    if ev in _NEEDS_COMMENT and not (comment or "").strip():
        raise CommentRequired(f"{ev.value.replace('_', ' ')} needs a review comment")
    return rule.target


def _check_approval(
    actor_id: str,
    author_id: str,
    role: str,
    guard_blocked: bool,
    override_reason: str | None,
    editors: Collection[str],
) -> None:
    if actor_id == author_id:
        raise SelfApproval("nobody approves their own post")
    if actor_id in editors:
        raise SelfApproval("nobody approves a post they edited; another approver must")
    if not guard_blocked:
        return
    if not allowed(role, "post.override_block"):
        raise BlockedByGuard(
            "a blocking guard finding: only a privacy officer may approve, with a written reason"
        )
    if len((override_reason or "").strip()) < MIN_REASON_CHARS:
        raise BlockedByGuard(
            f"overriding a blocking guard finding needs a written reason "
            f"(at least {MIN_REASON_CHARS} characters)"
        )


def is_override(event: Event | str, guard_blocked: bool) -> bool:
    """Whether an allowed approval is a guard override, which the service must audit as such."""
    return Event(event) is Event.APPROVE and guard_blocked


def events_from(state: State | str) -> tuple[Event, ...]:
    """The events the table allows from `state` (what the page may offer, before role checks)."""
    s = State(state)
    return tuple(r.event for r in RULES if r.state is s)


_ORDER = tuple(State)


def summarise(variant_states: Iterable[State | str]) -> State:
    """One state for a post from its variants': problems first, else the least advanced one."""
    states = [State(s) for s in variant_states]
    if not states:
        return State.DRAFT
    for worst in (State.OUTCOME_UNKNOWN, State.FAILED):
        if worst in states:
            return worst
    return min(states, key=_ORDER.index)


def _aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (store times in UTC)")


def due_for_approval_reminder(
    state: State | str,
    slot_at: datetime | None,
    now: datetime,
    *,
    lead: timedelta = timedelta(hours=2),
    reminded_at: datetime | None = None,
) -> bool:
    """Whether to notify approvers now: unapproved, its slot within `lead`, not yet reminded."""
    if slot_at is None or State(state) not in UNAPPROVED:
        return False
    _aware("slot_at", slot_at)
    _aware("now", now)
    if reminded_at is not None:
        _aware("reminded_at", reminded_at)
        if reminded_at >= slot_at - lead:
            return False  # already reminded for this slot
    return slot_at - lead <= now < slot_at


def missed_slot(slot_at: datetime, now: datetime, *, approved_at: datetime | None) -> bool:
    """Whether the slot passed before approval: a person must then choose a new time.

    A slot approved in time but not yet run (the worker was down) is not missed: it is due.
    """
    _aware("slot_at", slot_at)
    _aware("now", now)
    if now < slot_at:
        return False
    if approved_at is None:
        return True
    _aware("approved_at", approved_at)
    return approved_at >= slot_at

