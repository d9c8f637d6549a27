"""The guard: PHI and compliance checks for every post, reply and comment.

    from carepost.guard import check
    verdict = check("call me at 617-555-0134 about my biopsy", "inbound", "comment")

Standard library and pyyaml only: no web, database or queue code is imported here.
"""

from __future__ import annotations

from carepost.guard.engine import check, check_many, find_spans
from carepost.guard.normalize import document, fold
from carepost.guard.redact import redact
from carepost.guard.types import (
    LABELS,
    SPAN_TYPES,
    AdverseEvent,
    Document,
    Finding,
    GuardInputError,
    Judgement,
    OrgProfile,
    Span,
    Verdict,
)

__all__ = [
    "LABELS", "SPAN_TYPES", "AdverseEvent", "Document", "Finding", "GuardInputError",
    "Judgement", "OrgProfile", "Span", "Verdict", "check", "check_many", "document",
    "find_spans", "fold", "redact",
]
