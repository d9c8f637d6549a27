"""The guard's data types: what goes in (Document, OrgProfile) and what comes out (Verdict).

This module is the contract between the guard's stages (normalise -> recognise -> judge ->
explain -> fix) and with the rest of carepost. Standard library only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

LABELS: tuple[str, ...] = (
    "phi_disclosure",
    "patient_relationship",
    "medical_advice",
    "unsafe_claim",
    "adverse_event",
    "emergency",
    "complaint",
    "misinformation",
)
OUTBOUND_LABELS = frozenset(
    {"phi_disclosure", "patient_relationship", "medical_advice", "unsafe_claim"})
INBOUND_LABELS = frozenset(
    {"phi_disclosure", "adverse_event", "emergency", "complaint", "misinformation"})

SPAN_TYPES: tuple[str, ...] = (
    "NAME", "HANDLE", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN_ID",
    "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE_ID", "URL", "IP", "ADDRESS", "ZIP", "LOCATION",
    "ROOM", "OTHER_ID",
)

Direction = Literal["outbound", "inbound"]
Context = Literal["post", "reply", "review_reply", "comment", "mention", "review", "dm_request"]
DIRECTIONS: tuple[str, ...] = ("outbound", "inbound")
CONTEXTS: tuple[str, ...] = (
    "post", "reply", "review_reply", "comment", "mention", "review", "dm_request")

# Outbound actions, mildest first.
OUTBOUND_ACTIONS: tuple[str, ...] = ("allow", "warn", "block")
# Inbound triage actions; a verdict may carry several (Verdict.actions), Verdict.action is the
# most urgent one.
INBOUND_ACTIONS: tuple[str, ...] = (
    "escalate_emergency",     # a human now; crisis resources (988, 911)
    "hide_and_move_private",  # PHI in public: hide it, invite to a private channel
    "open_adverse_event",     # pharmacovigilance case
    "answer_complaint",       # route to patient relations; a safe public reply
    "correct_misinformation", # reply with accurate information
    "none",                   # nothing to do
)


class GuardInputError(ValueError):
    """Raised for input the guard cannot check (a wrong direction, context, or type).

    Its message names what is wrong and never contains the text being checked.
    """


@dataclass(frozen=True, slots=True)
class OrgProfile:
    """What an organisation publishes on purpose: matches against it are not PHI."""

    names: tuple[str, ...] = ()          # "Plainview Care", "Plainview Hospital"
    phones: tuple[str, ...] = ()         # any format; compared by digits
    faxes: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()      # street addresses of its sites
    zips: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()        # "plainviewcare.org"
    handles: tuple[str, ...] = ()        # "@PlainviewCare"
    staff: tuple[str, ...] = ()          # "Renee Le", "Dr. Amal Green"
    public_events: tuple[str, ...] = ()  # free text of public events ("flu clinic 5 Oct")
    extra_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # policy term lists

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OrgProfile:
        """Build a profile from plain data, rejecting unknown keys by name."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise GuardInputError(f"unknown org profile key(s): {', '.join(unknown)}")
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key == "extra_terms":
                kwargs[key] = {str(k): tuple(str(x) for x in v) for k, v in dict(value).items()}
            else:
                if isinstance(value, str) or not hasattr(value, "__iter__"):
                    raise GuardInputError(f"org profile key {key!r} must be a list of strings")
                kwargs[key] = tuple(str(x) for x in value)
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Document:
    """One text under check, with its normalised ("folded") form and the map back.

    `folded` is what recognizers and rules match against: NFKC, look-alikes folded to ASCII,
    zero-width characters removed, digits written as words or in other scripts turned into ASCII
    digits. `offsets[i]` is the index in `text` of the character that produced `folded[i]`;
    `offsets[len(folded)] == len(text)`. Use `orig(start, end)` to turn a folded span into an
    original one.
    """

    text: str
    folded: str
    offsets: tuple[int, ...]
    direction: Direction
    context: Context
    profile: OrgProfile

    def orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `folded` to the smallest original span covering it."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.text)
            return pos, pos
        o_start = self.offsets[start]
        # the original end is just past the last original character that fed folded[end-1]
        o_end = self.offsets[end] if end < len(self.offsets) else len(self.text)
        last = self.offsets[end - 1]
        o_end = max(o_end, last + 1) if o_end <= last else o_end
        return o_start, o_end

    @classmethod
    def plain(cls, text: str, direction: Direction = "outbound", context: Context = "post",
              profile: OrgProfile | None = None) -> Document:
        """A document whose folded form is the text itself (for tests of a single stage)."""
        return cls(text, text, tuple(range(len(text) + 1)), direction, context,
                   profile or OrgProfile())


@dataclass(frozen=True, slots=True)
class Span:
    """An identifier found in the ORIGINAL text: text[start:end]."""

    start: int
    end: int
    type: str            # one of SPAN_TYPES
    score: float         # 0..1 confidence
    rule: str            # recognizer and pattern that matched, e.g. "phone.nanp"
    explanation: str     # for a privacy officer; names the cue, never repeats the identifier

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason the guard gives: a label or an identifier, with evidence and a fix."""

    kind: str                       # a label from LABELS, or "identifier:<TYPE>", or "disclaimer"
    severity: str                   # "block" | "warn" | "info" (after the policy is applied)
    message: str                    # plain words a privacy officer understands
    rule: str                       # the rule that fired, e.g. "relationship.visit_reference"
    evidence: tuple[tuple[int, int], ...] = ()  # original-text spans that triggered it
    cue: str | None = None          # the context cue, e.g. "your surgeon"
    score: float = 1.0
    fix: str | None = None          # a suggested safer wording / redaction / disclaimer

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = [list(e) for e in self.evidence]
        return d


@dataclass(frozen=True, slots=True)
class AdverseEvent:
    """The four reportable elements of an adverse event, and what was extracted."""

    identifiable_patient: bool
    identifiable_reporter: bool
    suspect_product: str | None
    event: str | None

    @property
    def reportable(self) -> bool:
        return (self.identifiable_patient and self.identifiable_reporter
                and self.suspect_product is not None and self.event is not None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["reportable"] = self.reportable
        return d


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the rules stage returns to the engine."""

    labels: dict[str, bool]
    findings: tuple[Finding, ...]
    action: str                     # outbound: allow/warn/block; inbound: most urgent action
    actions: tuple[str, ...] = ()   # inbound: every triage action that applies
    adverse_event: AdverseEvent | None = None
    safe_reply: str | None = None   # review replies: a reply that confirms nothing
    disclaimer: str | None = None   # required disclaimer / fair-balance text, if any


@dataclass(frozen=True, slots=True)
class Verdict:
    """The guard's answer for one text."""

    text: str
    direction: Direction
    context: Context
    spans: tuple[Span, ...]
    labels: dict[str, bool]
    findings: tuple[Finding, ...]
    action: str
    actions: tuple[str, ...]
    redacted: str
    adverse_event: AdverseEvent | None = None
    safe_reply: str | None = None
    disclaimer: str | None = None
    policy: str = "us-provider"

    @property
    def flagged(self) -> bool:
        return bool(self.spans) or any(self.labels.values())

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        """JSON-ready form; the original text only when asked for."""
        d: dict[str, Any] = {
            "direction": self.direction,
            "context": self.context,
            "policy": self.policy,
            "action": self.action,
            "actions": list(self.actions),
            "labels": dict(self.labels),
            "spans": [s.to_dict() for s in self.spans],
            "findings": [f.to_dict() for f in self.findings],
            "redacted": self.redacted,
            "adverse_event": self.adverse_event.to_dict() if self.adverse_event else None,
            "safe_reply": self.safe_reply,
            "disclaimer": self.disclaimer,
        }
        if include_text:
            d["text"] = self.text
        return d
