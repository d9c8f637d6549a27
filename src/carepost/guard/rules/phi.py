"""phi_disclosure: an identifier with health context, or clinical detail about the addressee.

SCHEMA.md: a record with any identifier span is a disclosure (recognizers only report
identifiers of private people in a health context). Outbound replies can also disclose without
a span by revealing the addressee's own procedure or condition in a public thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from carepost.guard.rules.base import Hit, alt, rx
from carepost.guard.rules.lexicon import CONDITION, PROCEDURE
from carepost.guard.types import Span

LABEL = "phi_disclosure"

SPECIALTY = alt("""psychiatry psychiatric psych oncology cardiology fertility dermatology neurology
obstetrics prenatal maternity addiction rehab detox dialysis infusion radiation oncologist
psychiatrist cardiologist neurologist nicu picu icu hospice urology gynecology pediatric
orthopedic ortho endocrinology gastroenterology pulmonology rheumatology""".split()
                + ["mental health", "behavioral health", "physical therapy", "wound care",
                   "sleep study", "std clinic", "eating disorder", "back injury", "redraw",
                   "bloods", "blood sample", "lab sample", "physiotherapy", "fracture clinic",
                   "birth", "headaches", "cast", "scans", "x-rays", "bloodwork"])
CLINICAL_OF_YOU = rx(r"\b(?:your|his|her|their)\s+(?:[\w-]+'s\s+)?(?:[\w-]+\s+){0,2}(?:" + PROCEDURE
                     + "|" + CONDITION + "|" + SPECIALTY + r")\b")
CLINICAL_ANYWHERE = rx(r"\b(?:" + PROCEDURE + "|" + CONDITION + "|" + SPECIALTY + r")\b")
# "our chief of surgery", "at the Leichhardt surgery" (a practice): a place, not someone's care
DEPARTMENT = rx(r"\b(?:chief|head|department|dept|director|division|school|professor|team)\s+of\s+$"
                r"|\b(?:at|to|from)\s+the\s+(?:[\w-]+\s+)?$")
CONSENT = rx(r"\b(?:shared|posted|published|told)\s+with\s+(?:(?:his|her|their|the\s+\w+'s)\s+)?"
             r"(?:written\s+|full\s+|signed\s+)?(?:permission|consent|blessing)"
             r"|\bwith\s+(?:his|her|their)\s+(?:written\s+|signed\s+)?(?:permission|consent)"
             r"|\b(?:signed|written)\s+(?:HIPAA\s+)?(?:authori[sz]ation|consent|release)")


def find(text: str, spans: Sequence[Span], direction: str, context: str,
         relationship_hits: Sequence[Hit] = ()) -> list[Hit]:
    """The phi hits: one per text when there are spans, or a clinical-detail cue."""
    if spans:
        return [Hit(LABEL, "phi.identifier_in_health_context", 0, 0, "identifier", 0.9,
                    _span_message(spans))]
    if direction != "outbound":
        return []
    # relationship.find already looked for clinical detail: reuse its hit instead of rescanning
    detail = next((r for r in relationship_hits if r.rule == "relationship.clinical_detail"), None)
    if detail is not None:
        return [Hit(LABEL, "phi.clinical_detail_about_addressee", detail.start, detail.end,
                    detail.cue, detail.score, "It reveals the addressee's own procedure or "
                    "condition; in a public thread that identifies them.")]
    if not relationship_hits:
        return []
    # care is confirmed and the text names what the care is about: in a public thread (or a
    # post about one person) that is health information about an identifiable individual
    story = any(r.rule == "relationship.specific_patient_story" for r in relationship_hits)
    if context == "post" and not story:
        return []
    # "our chief of surgery" names a department, not this person's care
    m = next((c for c in CLINICAL_ANYWHERE.finditer(text)
              if not DEPARTMENT.search(text, max(0, c.start() - 30), c.start())), None)
    if m is None:
        return []
    return [Hit(LABEL, "phi.care_detail_with_relationship", m.start(), m.end(), m.group(0), 0.75,
                "It confirms this person's care and names what it is for (a procedure, condition "
                "or specialty).")]


def has_consent_wording(text: str) -> bool:
    """Whether the text says the person agreed to be featured (it stays PHI; policy decides)."""
    return bool(CONSENT.search(text))


def _span_message(spans: Sequence[Span]) -> str:
    kinds = sorted({s.type for s in spans})
    listed = ", ".join(k.lower().replace("_", " ") for k in kinds)
    return (f"It contains identifiers of a private person ({listed}) together with health "
            "information or the fact of care.")
