"""Inbound triage: which actions a labelled inbound message needs, most urgent first."""

from __future__ import annotations

from collections.abc import Mapping

from carepost.guard.policy import Policy

# label -> action, in the order of INBOUND_ACTIONS (most urgent first)
ACTION_FOR: tuple[tuple[str, str], ...] = (
    ("emergency", "escalate_emergency"),
    ("phi_disclosure", "hide_and_move_private"),
    ("adverse_event", "open_adverse_event"),
    ("complaint", "answer_complaint"),
    ("misinformation", "correct_misinformation"),
)

_TRIAGED = tuple(label for label, _action in ACTION_FOR)


def actions(labels: Mapping[str, bool], policy: Policy, has_spans: bool) -> tuple[str, ...]:
    """Every triage action that applies; ("none",) when nothing does."""
    if not any(map(labels.get, _TRIAGED)):
        return ("none",)  # most messages: no label that needs an action
    out: list[str] = []
    for label, action in ACTION_FOR:
        if not labels.get(label):
            continue
        kind = label
        if label == "phi_disclosure" and has_spans:
            # the identifier severity decides too: either may ask to hide
            if "off" == policy.severity_of("inbound", "identifier") == policy.severity_of(
                    "inbound", "phi_disclosure"):
                continue
        elif policy.severity_of("inbound", kind) == "off":
            continue
        out.append(action)
    return tuple(out) or ("none",)


def outbound_action(severities: list[str]) -> str:
    """allow / warn / block from the severities of the findings."""
    if "block" in severities:
        return "block"
    if "warn" in severities:
        return "warn"
    return "allow"
