"""check(text, direction, context) -> Verdict: normalise -> recognise -> judge -> redact.

The engine owns the identifier spans (resolving overlaps, mapping them back to the original
text, dropping what the organisation publishes on purpose) and hands them to the rules
(`carepost.guard.rules.judge`), which decide the labels and the action.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from carepost.guard.normalize import document
from carepost.guard.recognizers import Candidate, Scan, recognize
from carepost.guard.redact import redact
from carepost.guard.types import (
    CONTEXTS,
    DIRECTIONS,
    Document,
    Finding,
    GuardInputError,
    Judgement,
    OrgProfile,
    Span,
    Verdict,
)

# Which candidate wins an overlap: cue-backed numbers over shapes, longer over shorter.
_PRIORITY = {"SSN": 9, "MRN": 9, "HEALTH_PLAN_ID": 9, "ACCOUNT": 8, "LICENSE": 8, "DEVICE_ID": 8,
             "OTHER_ID": 7, "VEHICLE": 7, "EMAIL": 7, "URL": 6, "IP": 8, "PHONE": 6, "FAX": 6,
             "DATE": 5, "ADDRESS": 6, "ROOM": 5, "ZIP": 4, "AGE": 4, "HANDLE": 6, "NAME": 3,
             "LOCATION": 2}
_TYPE_WORDS = {
    "NAME": "a person's name", "HANDLE": "a social media handle", "DATE": "a date tied to a person",
    "AGE": "an age over 89", "PHONE": "a personal phone number", "FAX": "a personal fax number",
    "EMAIL": "a personal e-mail address", "SSN": "a Social Security number",
    "MRN": "a medical record number", "HEALTH_PLAN_ID": "a health plan member ID",
    "ACCOUNT": "an account number", "LICENSE": "a licence number",
    "VEHICLE": "a vehicle plate or VIN", "DEVICE_ID": "a device serial number",
    "URL": "a personal web address", "IP": "an IP address", "ADDRESS": "a street address",
    "ZIP": "a ZIP code", "LOCATION": "a place or employer that singles someone out",
    "ROOM": "a hospital room or bed", "OTHER_ID": "an identifying number",
}
_STAFF_NEAR = re.compile(r"(?i)\b(?:volunteer\w*|employee\w*|staff member|retire\w*|hired|"
                         r"nurses ever|one of the first|our (?:new )?(?:nurse|doctor|physician))\b")


def _check_args(text: Any, direction: Any, context: Any) -> None:
    if not isinstance(text, str):
        raise GuardInputError(f"text must be a string, not {type(text).__name__}")
    if direction not in DIRECTIONS:
        raise GuardInputError(f"direction must be one of {', '.join(DIRECTIONS)}")
    if context not in CONTEXTS:
        raise GuardInputError(f"context must be one of {', '.join(CONTEXTS)}")


def _resolve(cands: Sequence[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates: score, then type priority, then length."""
    ranked = sorted(cands, key=lambda c: (-c.score, -_PRIORITY.get(c.type, 0),
                                          -(c.end - c.start), c.start))
    starts: list[int] = []  # kept spans are disjoint: sorted by start, so are their ends
    kept: list[Candidate] = []
    for c in ranked:
        if c.end <= c.start:
            continue
        i = bisect.bisect_right(starts, c.start)
        if i > 0 and kept[i - 1].end > c.start or i < len(kept) and kept[i].start < c.end:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept


def _digits(s: str) -> str:
    d = "".join(ch for ch in s if ch.isdigit())
    return d[1:] if len(d) == 11 and d[0] == "1" else d


_NO_PROFILE = OrgProfile()


def _published(doc: Document, span: Span) -> bool:
    """Whether the organisation publishes this identifier itself (OrgProfile)."""
    p = doc.profile
    if p == _NO_PROFILE:
        return False
    value = doc.text[span.start:span.end]
    if span.type in ("PHONE", "FAX"):
        return _digits(value) in {_digits(x) for x in (*p.phones, *p.faxes)}
    if span.type == "EMAIL":
        return value.lower() in {e.lower() for e in p.emails}
    if span.type == "HANDLE":
        return value.lower().lstrip("@") in {h.lower().lstrip("@") for h in p.handles}
    if span.type == "ZIP":
        return value in p.zips
    if span.type in ("NAME", "LOCATION"):
        low = value.lower()
        return any(low in s.lower() for s in (*p.staff, *p.names))
    if span.type == "DATE":
        low = " ".join(value.lower().split())
        return any(low in " ".join(e.lower().split()) for e in p.public_events)
    if span.type == "ADDRESS":
        low = " ".join(value.lower().split())
        return any(" ".join(a.lower().split()).startswith(low.split(",")[0])
                   for a in p.addresses)
    return False


def _staff_age(scan: Scan, c: Candidate) -> bool:
    if c.type != "AGE":
        return False
    return _STAFF_NEAR.search(scan.text, max(0, c.start - 50), c.end + 50) is not None


def find_spans(doc: Document) -> tuple[Span, ...]:
    """The identifier spans of a document, in the original text's offsets."""
    scan = Scan(doc)
    cands = [c for c in recognize(scan) if c.type != "AGE" or not _staff_age(scan, c)]
    if not cands:
        return ()
    spans: list[Span] = []
    profiled = doc.profile != _NO_PROFILE  # (compared once: a dataclass compares every field)
    for c in _resolve(cands):
        start, end = doc.orig(c.start, c.end)
        # whitespace the folding dropped at the edges is not part of the identifier
        while start < end and doc.text[start].isspace():
            start += 1
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        span = Span(start, end, c.type, round(c.score, 3), c.rule, c.explanation)
        if not (profiled and _published(doc, span)):
            spans.append(span)
    return tuple(spans)


def _load_policy(policy: Any) -> Any:
    """A loaded Policy (or None when the policy module is unavailable)."""
    if policy is not None and not isinstance(policy, str):
        return policy
    try:
        from carepost.guard.policy import load_policy
    except ImportError:  # guard-labels' module missing: identifiers still work
        return None
    return load_policy(policy)


def _judge(doc: Document, spans: Sequence[Span], policy: Any) -> Judgement:
    try:
        from carepost.guard.rules import judge
    except ImportError:
        judge = None
    if judge is not None and policy is not None:
        return judge(doc, spans, policy)
    labels = {k: False for k in ("phi_disclosure", "patient_relationship", "medical_advice",
                                 "unsafe_claim", "adverse_event", "emergency", "complaint",
                                 "misinformation")}
    labels["phi_disclosure"] = bool(spans)
    if doc.direction == "outbound":
        return Judgement(labels, (), "block" if spans else "allow")
    action = "hide_and_move_private" if spans else "none"
    return Judgement(labels, (), action, (action,) if spans else ())


def _identifier_findings(doc: Document, spans: Sequence[Span], policy: Any) -> list[Finding]:
    if policy is not None and hasattr(policy, "identifier_severity"):
        severity = policy.identifier_severity(doc.direction)
    else:
        severity = "block" if doc.direction == "outbound" else "warn"
    if severity == "off":
        return []
    out = []
    for s in spans:
        what = _TYPE_WORDS.get(s.type, "an identifier")
        out.append(Finding(
            kind=f"identifier:{s.type}", severity=severity,
            message=f"This text contains {what}: {s.explanation}.", rule=s.rule,
            evidence=((s.start, s.end),), score=s.score,
            fix=f"Remove it or replace it with [{s.type}]; move the conversation to a private "
                "channel."))
    return out


def check(text: str, direction: str = "outbound", context: str = "post",
          policy: Any = None, profile: OrgProfile | Mapping[str, Any] | None = None) -> Verdict:
    """Check one text: identifiers, labels, findings, action and the redacted text."""
    _check_args(text, direction, context)
    if profile is not None and isinstance(profile, Mapping):
        profile = OrgProfile.from_dict(dict(profile))
    pol = _load_policy(policy)
    doc = document(text, direction, context, profile)  # type: ignore[arg-type]
    spans = find_spans(doc)
    judgement = _judge(doc, spans, pol)
    findings = tuple(judgement.findings)
    if spans:
        # the rules may already explain some identifiers; add ours for the others only
        explained = {(f.kind, f.evidence) for f in judgement.findings
                     if f.kind.startswith("identifier:")}
        findings = (*findings, *(f for f in _identifier_findings(doc, spans, pol)
                                 if (f.kind, f.evidence) not in explained))
    return Verdict(
        text=text, direction=doc.direction, context=doc.context, spans=spans,
        labels=dict(judgement.labels), findings=findings, action=judgement.action,
        actions=tuple(judgement.actions), redacted=redact(text, spans) if spans else text,
        adverse_event=judgement.adverse_event, safe_reply=judgement.safe_reply,
        disclaimer=judgement.disclaimer,
        policy=getattr(pol, "name", policy if isinstance(policy, str) else "us-provider"),
    )


def check_many(items: Iterable[str | Mapping[str, Any]], direction: str = "outbound",
               context: str = "post", policy: Any = None,
               profile: OrgProfile | Mapping[str, Any] | None = None) -> list[Verdict]:
    """Check many texts; an item may be a string or a mapping with text/direction/context."""
    pol = _load_policy(policy)
    out: list[Verdict] = []
    for item in items:
        if isinstance(item, Mapping):
            out.append(check(item.get("text"), item.get("direction", direction),  # type: ignore[arg-type]
                             item.get("context", context), pol, profile))
        else:
            out.append(check(item, direction, context, pol, profile))
    return out
