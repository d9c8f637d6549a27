"""What every recognizer shares: the candidate it returns and the context cues it consults.

A recognizer is mostly data (patterns, cue words) plus a validator. It reads `Scan.folded` and
returns `Candidate`s with offsets into the folded text; the engine maps them to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from carepost.guard.types import Document


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible identifier in the folded text."""

    start: int
    end: int
    type: str
    score: float
    rule: str
    explanation: str


# Words that make a text about someone's health or care (not general education on its own:
# the identifier recognizers that need it also need a person cue).
HEALTH = re.compile(
    r"\b(?:diagnos\w*|cancer|chemo\w*|tumou?r|leukemia|biopsy|mri|ct scan|x-?ray|scan(?:ned)?|"
    r"results?|labs?|lab work|a1c|potassium|test(?:ed|s)?|records?|chart|discharg\w*|admitted|"
    r"surger(?:y|ies)|surgeons?|procedures?|operations?|transplant|replacement|implant\w*|pacemaker|icd|pump|"
    r"device|dialysis|rehab|detox|sober|hospice|icu|nicu|er visit|ward|unit|psych\w*|therap\w*|"
    r"counsel\w*|prescri\w*|refills?|rx|meds?|medications?|doses?|dosing|mg|insulin|pills?|inhalers?|"
    r"symptoms?|pain|fever|rash|hives|allerg\w*|infection|uti|asthma|seizure|stroke|heart attack|"
    r"collapsed|bleeding|fell|injur\w*|broke|stitches|pregnan\w*|prenatal|ivf|fertility|"
    r"maternity|birthing|born|baby|newborn|deliver\w*|c-section|miscarriage|shots?|booster|"
    r"vaccin\w*|immuni[sz]\w*|appointments?|appts?|visits?|follow-up|check-?ups?|sessions?|consult\w*|"
    r"patient|treated|treatment|triaged|recovery|recovering|hospital\w*|clinic|er|emergency room|"
    r"bill|billing|claim|insurance|medicare|medicaid|fmla|disability|sick|illness|disease|"
    r"diabetes|anxiety|depression|bipolar|hiv|std|covid|measles|flu|pneumonia|rsv|overdose|"
    r"colonoscopy|mammogram|ultrasound|dental|crown|tooth|rhinoplasty|lasik|cardiac|cardiology|"
    r"oncology|pediatric|peds|obgyn|well visit|side effects?|reaction|portal|telehealth|"
    r"physical therapy|pt|wound|home health|nurses?|doctors?|dr|physicians?|residents?|psychiatrist|oncologist|"
    r"therapist|mental health|suicid\w*|self-harm|pray\w*|get well|feel better|prior auth\w*|"
    r"npo|fall risk|specimens?|redraw|mislabel\w*|mrn|dob|isolation|precautions|vitals|iv|drip|bedside|nicu grad|icu)\b",
    re.I)

# Fiction, examples and samples: nothing in them identifies anyone.
EXAMPLE = re.compile(
    r"\b(?:fictional|for illustration|illustration only|example|sample|hypothetical|made-up|"
    r"lol jk|just kidding|case study)\b", re.I)


# Who writes when the writer is not a patient (a student, a reporter, a job seeker).
NON_PATIENT = re.compile(
    r"\b(?:student|reporter|journalist|media team|press|interview|volunteer\w*|job|jobs|hiring|"
    r"apply|application|resume|shadow\w*|internship|intern|vendor|sales rep|partnership|"
    r"sponsor\w*|donat\w*|school report|project|survey|research\w*)\b", re.I)


class Scan:
    """One folded text and the facts about it recognizers share (computed once, lazily)."""

    __slots__ = ("doc", "text", "lower", "__dict__")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.folded
        self.lower = doc.folded.lower()

    @cached_property
    def health(self) -> bool:
        """Whether the text speaks of health or care at all."""
        return HEALTH.search(self.text) is not None

    @cached_property
    def non_patient(self) -> bool:
        """Whether the writer presents as someone other than a patient (student, reporter)."""
        return NON_PATIENT.search(self.text) is not None

    @cached_property
    def example(self) -> bool:
        """Whether the text says its identifiers are fictional or examples."""
        return EXAMPLE.search(self.text) is not None

    def before(self, pos: int, width: int = 40) -> str:
        """The folded text just before `pos` (at most `width` characters)."""
        return self.text[max(0, pos - width):pos]

    def after(self, pos: int, width: int = 40) -> str:
        """The folded text just after `pos` (at most `width` characters)."""
        return self.text[pos:pos + width]


def nearest_cue(window: str, cues: dict[str, re.Pattern[str]]) -> str | None:
    """The key of the cue whose match ends last in `window` (the one nearest what follows)."""
    best: tuple[int, int, str] | None = None
    for key, pattern in cues.items():
        for m in pattern.finditer(window):
            cand = (m.end(), m.end() - m.start(), key)
            if best is None or cand > best:
                best = cand
    return best[2] if best else None


def cues(table: dict[str, str]) -> dict[str, re.Pattern[str]]:
    """Compile a {key: alternation} table into word-bounded, case-insensitive patterns."""
    return {k: re.compile(r"(?<![\w])(?:" + v + r")(?![\w])", re.I) for k, v in table.items()}


def trivial_digits(digits: str) -> bool:
    """All one digit, or a straight run (1234567): placeholders, never real identifiers."""
    if len(set(digits)) <= 1:
        return True
    return digits in "01234567890123456789" or digits in "98765432109876543210"
