"""Triage: the guard's inbound verdict on an item decides its queue. Pure, no I/O.

The order is the order of urgency: a person in crisis outranks exposed PHI, which outranks an
adverse event (its 15-day clock), a complaint and misinformation. What the guard flags nothing
on is a question when it reads like one, else "other".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from carepost import guard
from carepost.guard.types import AdverseEvent, Finding, Span, Verdict

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


_SPAN_FIELDS = tuple(f.name for f in fields(Span))
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_EVENT_FIELDS = tuple(f.name for f in fields(AdverseEvent))
# One C call reads all of an object's fields (a getattr per field in a comprehension cost more).
_SPAN_VALUES = attrgetter(*_SPAN_FIELDS)
_FINDING_VALUES = attrgetter(*_FINDING_FIELDS)
_EVENT_VALUES = attrgetter(*_EVENT_FIELDS)


def report_of(verdict: Verdict) -> dict[str, Any]:
    """`verdict.to_dict()`, built field by field.

    The guard's types serialise with `dataclasses.asdict`, a deep copy that cost 60 us a
    verdict: as much as everything else ingest does per item. Spans, findings and the adverse
    event hold only scalars (and evidence pairs), so reading their fields gives the same JSON;
    tests/services/inbox/test_triage.py compares the two on every corpus text.
    """
    event = verdict.adverse_event
    return {
        "direction": verdict.direction,
        "context": verdict.context,
        "policy": verdict.policy,
        "action": verdict.action,
        "actions": list(verdict.actions),
        "labels": dict(verdict.labels),
        "spans": [dict(zip(_SPAN_FIELDS, _SPAN_VALUES(s), strict=True)) for s in verdict.spans],
        "findings": [{**dict(zip(_FINDING_FIELDS, _FINDING_VALUES(f), strict=True)),
                      "evidence": [list(e) for e in f.evidence]} for f in verdict.findings],
        "redacted": verdict.redacted,
        "adverse_event": None if event is None else {
            **dict(zip(_EVENT_FIELDS, _EVENT_VALUES(event), strict=True)),
            "reportable": event.reportable},
        "safe_reply": verdict.safe_reply,
        "disclaimer": verdict.disclaimer,
    }


Check = Callable[[str, str, str], Verdict]
# One encoder for every report (json.dumps with options builds a new one per call). The report
# is a tree of fresh dicts and lists, so the cycle check has nothing to find.
_ENCODE = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def _default_check(text: str, direction: str, context: str) -> Verdict:
    return guard.check(text, direction, context)  # type: ignore[arg-type]


def _judged(text: str, checked: str, verdict: Verdict) -> Triage:
    report = report_of(verdict)
    report["checked_chars"] = len(checked)
    report["total_chars"] = len(text)
    return Triage(queue_for(verdict, checked), verdict, _ENCODE(report), len(checked))


def triage(text: str, kind: str, check: Check | None = None) -> Triage:
    """Run the guard's inbound check on an item and pick its queue.

    `check` is the guard as the organisation runs it (`guard_settings.checker`: its policy pack
    and profile, read once for a whole page); without it, the default guard.
    """
    checked = text[:GUARD_LIMIT]
    verdict = (check or _default_check)(checked, "inbound", context_for(kind))
    return _judged(text, checked, verdict)


def triage_many(items: Sequence[tuple[str, str]], check: Check | None = None) -> list[Triage]:
    """`triage` for each (text, kind) of a page, in order: the same queues and reports.

    In two passes, the guard over every item and then every queue and report, not one item at
    a time: alternating with the guard, whose rules and lexicons fill the CPU caches, the
    report and JSON code ran cold and cost 35 us an item instead of about 15.
    """
    check = check or _default_check
    checked = [text[:GUARD_LIMIT] for text, _ in items]
    verdicts = [check(c, "inbound", context_for(kind))
                for c, (_, kind) in zip(checked, items, strict=True)]
    return [_judged(text, c, v) for (text, _), c, v in zip(items, checked, verdicts, strict=True)]
