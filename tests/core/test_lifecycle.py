"""The post lifecycle: every (state, event) pair, the two-person rule, overrides, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from carepost.core.lifecycle import (
    MIN_REASON_CHARS,
    RULES,
    SYSTEM,
    BlockedByGuard,
    CommentRequired,
    Event,
    InvalidTransition,
    NotPermitted,
    Rule,
    SelfApproval,
    State,
    TransitionError,
    due_for_approval_reminder,
    events_from,
    is_override,
    missed_slot,
    summarise,
    transition,
)
from carepost.core.permissions import ACTIONS, ROLES, allowed

S, E = State, Event
# Written out by hand from the issue, not derived from RULES: (state, event) -> (target, actor).
# The actor role is one that may fire the event; None means the event is forbidden from there.
EXPECTED: dict[tuple[State, Event], tuple[State, str]] = {
    (S.DRAFT, E.EDIT): (S.DRAFT, "author"),
    (S.DRAFT, E.SUBMIT): (S.IN_REVIEW, "author"),
    (S.IN_REVIEW, E.EDIT): (S.IN_REVIEW, "author"),
    (S.IN_REVIEW, E.WITHDRAW): (S.DRAFT, "author"),
    (S.IN_REVIEW, E.APPROVE): (S.APPROVED, "approver"),
    (S.IN_REVIEW, E.REQUEST_CHANGES): (S.DRAFT, "approver"),
    (S.IN_REVIEW, E.REJECT): (S.DRAFT, "privacy_officer"),
    (S.APPROVED, E.EDIT): (S.IN_REVIEW, "author"),
    (S.SCHEDULED, E.EDIT): (S.IN_REVIEW, "approver"),
    (S.FAILED, E.EDIT): (S.IN_REVIEW, "author"),
    (S.APPROVED, E.SCHEDULE): (S.SCHEDULED, "approver"),
    (S.SCHEDULED, E.SCHEDULE): (S.SCHEDULED, "admin"),
    (S.SCHEDULED, E.UNSCHEDULE): (S.APPROVED, "approver"),
    (S.APPROVED, E.PUBLISH_NOW): (S.PUBLISHING, "approver"),
    (S.SCHEDULED, E.PUBLISH_NOW): (S.PUBLISHING, "admin"),
    (S.FAILED, E.RETRY): (S.PUBLISHING, "approver"),
    (S.FAILED, E.SCHEDULE): (S.SCHEDULED, "approver"),
    (S.SCHEDULED, E.START): (S.PUBLISHING, SYSTEM),
    (S.PUBLISHING, E.SUCCEED): (S.PUBLISHED, SYSTEM),
    (S.PUBLISHING, E.FAIL): (S.FAILED, SYSTEM),
    (S.PUBLISHING, E.LOSE_ANSWER): (S.OUTCOME_UNKNOWN, SYSTEM),
    (S.OUTCOME_UNKNOWN, E.CONFIRM_PUBLISHED): (S.PUBLISHED, SYSTEM),
    (S.OUTCOME_UNKNOWN, E.CONFIRM_ABSENT): (S.FAILED, SYSTEM),
}
ALL_PAIRS = [(s, e) for s in State for e in Event]


def fire(state: State, event: Event, role: str, **kw: object) -> State:
    args: dict[str, object] = {
        "actor_id": "u-actor", "author_id": "u-author", "role": role, "guard_blocked": False
    }
    if event in (E.REQUEST_CHANGES, E.REJECT):
        args["comment"] = "Please cite the source for the vaccine figure."
    args.update(kw)
    return transition(state, event, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(("state", "event"), ALL_PAIRS, ids=[f"{s}-{e}" for s, e in ALL_PAIRS])
def test_every_pair_goes_where_the_issue_says_or_is_refused(state: State, event: Event) -> None:
    if (state, event) in EXPECTED:
        target, role = EXPECTED[(state, event)]
        assert fire(state, event, role) is target
    else:
        with pytest.raises(InvalidTransition, match=f"cannot {event.value} a post that is"):
            fire(state, event, "admin")


def test_the_table_has_exactly_the_expected_rows_and_known_actions() -> None:
    assert {(r.state, r.event) for r in RULES} == set(EXPECTED)
    assert all(r.action is None or r.action in ACTIONS for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.state}-{r.event}")
@pytest.mark.parametrize("role", [*ROLES, SYSTEM])
def test_only_roles_with_the_action_may_fire_an_event(rule: Rule, role: str) -> None:
    r = rule
    may = role == SYSTEM if r.action is None else role != SYSTEM and allowed(role, r.action)
    if may:
        assert fire(r.state, r.event, role) is r.target
    else:
        with pytest.raises(NotPermitted):
            fire(r.state, r.event, role)


def test_viewer_and_responder_cannot_submit_and_author_cannot_approve() -> None:
    for role in ("viewer", "responder"):
        with pytest.raises(NotPermitted, match="may not submit"):
            fire(S.DRAFT, E.SUBMIT, role)
    with pytest.raises(NotPermitted, match=r"post\.approve"):
        fire(S.IN_REVIEW, E.APPROVE, "author")


def test_nobody_approves_their_own_post_not_even_an_admin() -> None:
    for role in ("approver", "admin", "privacy_officer"):
        with pytest.raises(SelfApproval, match="own post"):
            fire(S.IN_REVIEW, E.APPROVE, role, actor_id="u-1", author_id="u-1")


def test_an_approver_who_edited_the_post_may_not_approve_it() -> None:
    with pytest.raises(SelfApproval, match="edited"):
        fire(S.IN_REVIEW, E.APPROVE, "approver", editors={"u-actor"})
    assert fire(S.IN_REVIEW, E.APPROVE, "approver", editors={"u-someone"}) is S.APPROVED


@pytest.mark.parametrize("role", ["approver", "admin"])
def test_a_blocked_variant_cannot_be_approved_by_anyone_but_a_privacy_officer(role: str) -> None:
    with pytest.raises(BlockedByGuard, match="only a privacy officer"):
        fire(S.IN_REVIEW, E.APPROVE, role, guard_blocked=True, override_reason="x" * 40)


@pytest.mark.parametrize("reason", [None, "", "   ", "ok", "x" * (MIN_REASON_CHARS - 1)])
def test_a_privacy_officer_override_needs_a_written_reason(reason: str | None) -> None:
    with pytest.raises(BlockedByGuard, match="written reason"):
        fire(S.IN_REVIEW, E.APPROVE, "privacy_officer", guard_blocked=True, override_reason=reason)


def test_a_privacy_officer_with_a_reason_overrides_and_it_is_flagged_as_an_override() -> None:
    reason = "Patient consented in writing to this story; form on file."
    assert (
        fire(S.IN_REVIEW, E.APPROVE, "privacy_officer", guard_blocked=True, override_reason=reason)
        is S.APPROVED
    )
    assert is_override(E.APPROVE, guard_blocked=True)
    assert not is_override(E.APPROVE, guard_blocked=False)
    assert not is_override(E.SUBMIT, guard_blocked=True)


def test_the_override_never_lifts_the_two_person_rule() -> None:
    with pytest.raises(SelfApproval):
        fire(
            S.IN_REVIEW, E.APPROVE, "privacy_officer", actor_id="u-po", author_id="u-po",
            guard_blocked=True, override_reason="A long enough written reason.",
        )


@pytest.mark.parametrize("event", [E.REQUEST_CHANGES, E.REJECT])
@pytest.mark.parametrize("comment", [None, "", "  \n"])
def test_sending_back_needs_a_review_comment(event: Event, comment: str | None) -> None:
    with pytest.raises(CommentRequired, match="review comment"):
        fire(S.IN_REVIEW, event, "approver", comment=comment)


def test_editing_an_approved_or_scheduled_post_sends_it_back_to_review() -> None:
    assert fire(S.APPROVED, E.EDIT, "author") is S.IN_REVIEW
    assert fire(S.SCHEDULED, E.EDIT, "author") is S.IN_REVIEW


@pytest.mark.parametrize("state", [S.PUBLISHING, S.PUBLISHED, S.OUTCOME_UNKNOWN])
def test_what_went_out_or_may_have_cannot_be_edited(state: State) -> None:
    with pytest.raises(InvalidTransition):
        fire(state, E.EDIT, "admin")


def test_string_states_and_events_work_and_unknown_ones_are_clear_errors() -> None:
    who = {"actor_id": "a", "author_id": "a", "role": "author", "guard_blocked": False}
    assert transition("draft", "submit", **who) is S.IN_REVIEW  # type: ignore[arg-type]
    with pytest.raises(InvalidTransition, match="unknown state 'limbo'"):
        transition("limbo", "submit", **who)  # type: ignore[arg-type]
    with pytest.raises(InvalidTransition, match="unknown event 'yeet'"):
        transition("draft", "yeet", **who)  # type: ignore[arg-type]


def test_errors_never_carry_the_reason_or_comment_text() -> None:
    secret = "Jane Roe MRN 12345678"
    for kw in ({"override_reason": secret[:4]}, {"comment": secret}):
        try:
            fire(S.IN_REVIEW, E.APPROVE, "approver", guard_blocked=True, **kw)
        except TransitionError as exc:
            assert "Jane" not in str(exc) and "1234" not in str(exc)
        else:
            pytest.fail("a blocked approval by an approver must fail")


def test_events_from_lists_the_table_rows() -> None:
    review = {E.EDIT, E.WITHDRAW, E.APPROVE, E.REQUEST_CHANGES, E.REJECT}
    assert set(events_from("in_review")) == review
    assert events_from(S.PUBLISHED) == ()


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ([], S.DRAFT),
        ([S.PUBLISHED, S.PUBLISHED], S.PUBLISHED),
        ([S.PUBLISHED, S.SCHEDULED], S.SCHEDULED),
        ([S.APPROVED, S.IN_REVIEW], S.IN_REVIEW),
        ([S.PUBLISHED, S.FAILED, S.SCHEDULED], S.FAILED),
        (["failed", "outcome_unknown", "published"], S.OUTCOME_UNKNOWN),
    ],
)
def test_summarise_puts_problems_first_then_the_least_advanced(
    states: list[State | str], expected: State
) -> None:
    assert summarise(states) is expected


T0 = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # a slot


@pytest.mark.parametrize(
    ("state", "now", "reminded_at", "expected"),
    [
        (S.IN_REVIEW, T0 - timedelta(hours=3), None, False),  # too early
        (S.IN_REVIEW, T0 - timedelta(hours=2), None, True),  # the lead starts
        (S.IN_REVIEW, T0 - timedelta(minutes=1), None, True),
        (S.DRAFT, T0 - timedelta(minutes=30), None, True),  # unapproved too
        (S.IN_REVIEW, T0, None, False),  # the slot passed: missed, not a reminder
        (S.APPROVED, T0 - timedelta(minutes=30), None, False),
        (S.SCHEDULED, T0 - timedelta(minutes=30), None, False),
        (S.IN_REVIEW, T0 - timedelta(minutes=30), T0 - timedelta(hours=1), False),  # reminded
        (S.IN_REVIEW, T0 - timedelta(minutes=30), T0 - timedelta(days=1), True),  # older slot
    ],
)
def test_approval_reminder(
    state: State, now: datetime, reminded_at: datetime | None, expected: bool
) -> None:
    assert due_for_approval_reminder(state, T0, now, reminded_at=reminded_at) is expected


def test_no_slot_means_no_reminder_and_naive_times_are_refused() -> None:
    assert not due_for_approval_reminder(S.IN_REVIEW, None, T0)
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        due_for_approval_reminder(S.IN_REVIEW, T0, datetime(2026, 3, 10, 13, 0))


@pytest.mark.parametrize(
    ("now", "approved_at", "expected"),
    [
        (T0 - timedelta(minutes=1), None, False),  # not yet
        (T0, None, True),  # the slot came, nobody approved
        (T0 + timedelta(days=2), None, True),
        (T0 + timedelta(hours=1), T0 + timedelta(minutes=5), True),  # approved too late
        (T0 + timedelta(hours=1), T0 - timedelta(minutes=5), False),  # approved in time: due
    ],
)
def test_missed_slot(now: datetime, approved_at: datetime | None, expected: bool) -> None:
    assert missed_slot(T0, now, approved_at=approved_at) is expected


def test_docs_publishing_lists_every_transition_of_the_table() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "publishing.md"
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| from") and "---" not in line
    ]
    for rule in RULES:
        documented = False
        for row in rows:
            if len(row) < 3:
                continue
            sources = [s.strip() for s in row[0].split(",")]
            events = [e.strip(" *") for e in row[1].replace("/", ",").split(",")]
            targets = [t.strip() for t in row[2].replace("/", ",").split(",")]
            if rule.state.value in sources and rule.event.value in events:
                position = events.index(rule.event.value)
                target = targets[position] if len(targets) == len(events) else targets[0]
                documented = target.split(" ")[0] == rule.target.value
                if documented:
                    break
        assert documented, f"docs/publishing.md does not list {rule.state} --{rule.event}-->"
