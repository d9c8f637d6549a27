"""phi_disclosure: an identifier with health context, or clinical detail about the addressee.

SCHEMA.md: a record with any identifier span is a disclosure (recognizers only report
identifiers of private people in a health context). Outbound replies can also disclose without
a span by revealing the addressee's own procedure or condition in a public thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from carepost.guard.rules import relationship
from carepost.guard.rules.base import Hit, rx
from carepost.guard.types import Span

LABEL = "phi_disclosure"

CONSENT = rx(r"\b(?:shared|posted|published|told)\s+with\s+(?:(?:his|her|their|the\s+\w+'s)\s+)?"
             r"(?:written\s+|full\s+|signed\s+)?(?:permission|consent|blessing)"
             r"|\bwith\s+(?:his|her|their)\s+(?:written\s+|signed\s+)?(?:permission|consent)"
             r"|\b(?:signed|written)\s+(?:HIPAA\s+)?(?:authori[sz]ation|consent|release)")


def find(text: str, spans: Sequence[Span], direction: str, context: str) -> list[Hit]:
    """The phi hits: one per text when there are spans, or the clinical-detail cue."""
    if spans:
        return [Hit(LABEL, "phi.identifier_in_health_context", 0, 0, "identifier", 0.9,
                    _span_message(spans))]
    if direction == "outbound":
        h = relationship.clinical_detail(text, context)
        if h is not None:
            return [h]
    return []


def has_consent_wording(text: str) -> bool:
    """Whether the text says the person agreed to be featured (it stays PHI; policy decides)."""
    return bool(CONSENT.search(text))


def _span_message(spans: Sequence[Span]) -> str:
    kinds = sorted({s.type for s in spans})
    listed = ", ".join(k.lower().replace("_", " ") for k in kinds)
    return (f"It contains identifiers of a private person ({listed}) together with health "
            "information or the fact of care.")
