"""Triage: the guard's inbound verdict on an item decides its queue. Pure, no I/O.

The order is the order of urgency: a person in crisis outranks exposed PHI, which outranks an
adverse event (its 15-day clock), a complaint and misinformation. What the guard flags nothing
on is a question when it reads like one, else "other".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from carepost import guard
from carepost.guard.types import Verdict

# Texts longer than this are checked in their first GUARD_LIMIT characters (the full text is
# stored and shown): the guard is linear but a 100k-character comment would stall a poll.
GUARD_LIMIT = 20_000
# (label, queue), most urgent first.
LABEL_QUEUES: tuple[tuple[str, str], ...] = (
    ("emergency", "urgent"),
    ("phi_disclosure", "phi"),
    ("adverse_event", "adverse_event"),
    ("complaint", "complaint"),
    ("misinformation", "misinformation"),
)
QUEUE_LABELS: dict[str, str] = {
    "urgent": "Urgent",
    "phi": "PHI exposure",
    "adverse_event": "Adverse events",
    "complaint": "Complaints",
    "misinformation": "Misinformation",
    "question": "Questions",
    "other": "Other",
}
_QUESTION = re.compile(
    r"\?|^\s*(?:who|what|when|where|why|how|which|can|could|do|does|is|are|will|would|should)\b",
    re.IGNORECASE,
)
# The guard's contexts for what connectors call an inbound item's kind.
_CONTEXTS = {"reply": "comment", "quote": "comment", "comment": "comment", "mention": "mention",
             "review": "review", "dm": "dm_request"}


@dataclass(frozen=True, slots=True)
class Triage:
    """The queue for an item and the verdict (JSON, without the text) that put it there."""

    queue: str
    verdict: Verdict
    report: str
    checked_chars: int


def context_for(kind: str) -> str:
    """The guard context for an inbound item kind (unknown kinds read as comments)."""
    return _CONTEXTS.get(kind, "comment")


def queue_for(verdict: Verdict, text: str) -> str:
    """The queue for a verdict: the most urgent flagged label, else question or other."""
    for label, queue in LABEL_QUEUES:
        if verdict.labels.get(label):
            return queue
    return "question" if _QUESTION.search(text[:2000]) else "other"


def triage(text: str, kind: str) -> Triage:
    """Run the guard's inbound check on an item and pick its queue."""
    checked = text[:GUARD_LIMIT]
    verdict = guard.check(checked, "inbound", context_for(kind))  # type: ignore[arg-type]
    report: dict[str, Any] = verdict.to_dict()
    report["checked_chars"] = len(checked)
    report["total_chars"] = len(text)
    return Triage(queue_for(verdict, checked), verdict,
                  json.dumps(report, sort_keys=True, separators=(",", ":")), len(checked))
