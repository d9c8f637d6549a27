"""Turning a guard Verdict into what the check page shows: the text cut into plain and
highlighted segments (each pointing at its findings), and the findings numbered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carepost.guard.types import CONTEXTS, DIRECTIONS, Verdict

MAX_TEXT = 10_000
_SEVERITY_RANK = {"block": 3, "warn": 2, "info": 1}
SEVERITY_LABELS = {"block": "Blocks publishing", "warn": "Warning", "info": "Note"}
ACTION_LABELS = {
    "allow": "Allowed",
    "warn": "Allowed with warnings",
    "block": "Blocked",
    "escalate_emergency": "Escalate now: possible emergency",
    "hide_and_move_private": "Hide and move to a private channel",
    "open_adverse_event": "Open an adverse-event report",
    "answer_complaint": "Route to patient relations",
    "correct_misinformation": "Correct the misinformation",
    "none": "Nothing to do",
}


@dataclass(frozen=True)
class Segment:
    """A run of the original text and the (1-based) numbers of the findings covering it."""

    text: str
    refs: tuple[int, ...] = ()
    severity: str = ""


@dataclass(frozen=True)
class CheckView:
    """Everything the result template needs."""

    verdict: dict[str, Any]
    segments: tuple[Segment, ...]
    findings: tuple[dict[str, Any], ...]
    action_label: str
    labels_on: tuple[str, ...]


def _ranges(verdict: Verdict) -> list[tuple[int, int, int, str]]:
    """(start, end, finding number, severity) for every piece of evidence."""
    out = []
    for number, finding in enumerate(verdict.findings, start=1):
        for start, end in finding.evidence:
            if 0 <= start < end <= len(verdict.text):
                out.append((start, end, number, finding.severity))
    return out


def segments(verdict: Verdict) -> tuple[Segment, ...]:
    """Cut the text at every evidence boundary; overlapping findings share a segment."""
    ranges = _ranges(verdict)
    cuts = sorted({0, len(verdict.text), *(r[0] for r in ranges), *(r[1] for r in ranges)})
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [r for r in ranges if r[0] <= start and end <= r[1]]
        refs = tuple(sorted({r[2] for r in covering}))
        severity = max((r[3] for r in covering), key=lambda s: _SEVERITY_RANK.get(s, 0), default="")
        out.append(Segment(verdict.text[start:end], refs, severity))
    return tuple(out)


def build(verdict: Verdict) -> CheckView:
    """The check page's view of a verdict."""
    findings = tuple(
        {
            "number": number,
            "severity": f.severity,
            "severity_label": SEVERITY_LABELS.get(f.severity, f.severity),
            "kind": f.kind,
            "message": f.message,
            "rule": f.rule,
            "cue": f.cue,
            "fix": f.fix,
            "quoted": [verdict.text[s:e] for s, e in f.evidence],
        }
        for number, f in enumerate(verdict.findings, start=1)
    )
    return CheckView(
        verdict=verdict.to_dict(),
        segments=segments(verdict),
        findings=findings,
        action_label=ACTION_LABELS.get(verdict.action, verdict.action),
        labels_on=tuple(k for k, v in verdict.labels.items() if v),
    )


def choices() -> dict[str, tuple[str, ...]]:
    """Directions and contexts offered by the form."""
    return {"directions": DIRECTIONS, "contexts": CONTEXTS}
