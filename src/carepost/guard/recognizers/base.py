"""What every recognizer shares: the candidate it returns and the context cues it consults.

A recognizer is mostly data (patterns, cue words) plus a validator. It reads `Scan.folded` and
returns `Candidate`s with offsets into the folded text; the engine maps them to the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from carepost.guard.types import Document

T = TypeVar("T")


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
_HEALTH_WORDS = """
cancer chemo tumor tumour leukemia biopsy mri scan scanned result results lab labs a1c potassium
test tested tests record records chart admitted surgery surgeries surgeon surgeons procedure
procedures operation operations transplant replacement pacemaker icd pump device dialysis rehab
detox sober hospice icu nicu ward unit refill refills rx med meds medication medications dose
doses dosing mg insulin pill pills inhaler inhalers symptom symptoms pain fever rash hives
infection uti asthma seizure stroke collapsed bleeding fell broke stitches prenatal ivf fertility
maternity birthing born baby newborn miscarriage shot shots booster appointment appointments
appt appts visit visits follow-up checkup checkups check-up sessions session patient treated
treatment triaged recovery recovering clinic er bill billing claim insurance medicare medicaid
fmla disability sick illness disease diabetes anxiety depression bipolar hiv std covid measles
flu pneumonia rsv overdose colonoscopy mammogram ultrasound dental crown tooth rhinoplasty lasik
cardiac cardiology oncology pediatric peds obgyn reaction portal telehealth pt wound nurse nurses
doctor doctors dr physician physicians resident residents psychiatrist oncologist therapist npo
specimen specimens redraw mrn dob isolation precautions vitals iv drip bedside c-section x-ray
xray gurney stretcher wheelchair walker ambulance paramedics incision stitches sutures
gallbladder appendix colonoscopy endoscopy x-rays xrays tonsils blood bloods broken fracture
fractured bone bones pelvis hip knee heart lung lungs kidney liver brain eye eyes skin teeth
ortho ed gp a&e op pre-op post-op smear labour labor midwife dementia autism adhd ms als copd
cpap apnea injection b12 egfr thyroid hrt methadone opioid opioids addiction mental mood
cataract hernia prostate glaucoma scoliosis lymphoma angiography eczema allergy wound wounds
dressing health healthcare hiv sti stis mri ct ekg ecg echo bloodwork ultrasound scan scans
referral referrals nurses ward wards bay icu ccu hdu picu paeds infusion dialysis radiation
stroke cancer tumour chemotherapy physio physiotherapy inpatient outpatient discharge
discharged ill unwell diagnosis condition conditions medicine medicines drug drugs pharmacy
prescription prescriptions dose overdose rehab recovery recovering miscarriage pregnancy
clinic clinics surgery surgeries operation ops appointment appointments stay extraction
filling fillings braces cleaning trolley carer carers caregiver oxygen disorder disorders
sober sobriety relapse relapsed radiotherapy stent bypass catheter ostomy stoma ventilator
intubated sedated coma crutches cast sling splint concussion migraine diabetic epilepsy
epileptic cyst lump alzheimer alzheimers parkinson parkinsons aids herpes chlamydia
gonorrhea syphilis abortion contraception iud anorexia bulimia ptsd ocd schizophrenia
paramedic paramedics defib defibrillator cgm biologic biologics humira ozempic seizures
epipen epi-pen strokes tumors tumours tablet tablets capsules commode bedpan nursing carehome
vaccine vaccines jab jabs wheelchair hearing dementia frail falls breathe breathing breath
dentures denture iron ferritin hemoglobin glucose cholesterol vitamin
platelets immunization immunizations cpr emt emts ems holter monitor implant implants
unconscious bleeding vomiting dizzy fainted
lupus flare flares sickle crohn crohns gout shingles mumps ulcer ulcers polyp polyps afib
imaging swelling swollen fallen
arrhythmia palpitations vertigo nausea diarrhea diarrhoea constipation insomnia tinnitus
ozempic wegovy mounjaro zepbound humira keytruda xarelto eliquis jardiance trulicity dupixent
stelara skyrizi rinvoq entresto farxiga januvia lantus humalog novolog tresiba botox prozac
zoloft lexapro xanax adderall ritalin suboxone narcan naloxone tylenol advil motrin aleve
benadryl zyrtec claritin panadol nurofen calpol paracetamol ibuprofen metformin warfarin
covid covid-19 omicron mpox hpv paxlovid tamiflu comirnaty spikevax shingrix gardasil
reflux zantac cipro colchicine sumatriptan amoxicillin puffs
""".split()
_HEALTH_STEMS = ("diagnos", "chemo", "discharg", "implant", "psych", "therap", "counsel",
                 "prescri", "allerg", "injur", "pregnan", "deliver", "vaccin", "immuni",
                 "consult", "hospital", "suicid", "pray", "mislabel", "prior auth")
_HEALTH_PHRASES = ("ct scan", "lab work", "er visit", "heart attack", "emergency room",
                   "well visit", "side effect", "physical therapy", "home health",
                   "mental health", "self-harm", "get well", "feel better", "fall risk",
                   "care home", "nursing home", "hallway bed", "medical card",
                   "medical id", "medical condition", "medical history", "medical leave",
                   "medical bill", "medical bills", "medical equipment", "memory care",
                   "social worker", "case worker", "caseworker", "home visit", "kill myself",
                   "kill himself",
                   "kill herself", "hurt myself", "hurt himself", "hurt herself", "end it all",
                   "prior auth", "for a bed", "waiting room", "on a trolley", "in a corridor",
                   # care given to the reader ("it was a pleasure to care for you")
                   "pleasure to care for", "pleasure caring for", "privilege to care for",
                   "privilege caring for", "cared for you", "looked after you",
                   # a crisis told without a clinical word ("I'm standing on the bridge")
                   "want to die", "wanna die", "end my life", "take my life", "on the bridge",
                   "on the ledge", "on the edge of the", "can't go on", "cant go on",
                   "goodbye everyone", "no reason to live")
HEALTH_WORDS = frozenset(_HEALTH_WORDS)
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WORDS = re.compile(r"[a-z]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


# Clinical word endings: specialists, inflammations, operations, scopes, conditions
# ("dermatologist", "psoriasis", "appendectomy", "arthroscopy", "anemia", "tendinitis").
_HEALTH_ENDINGS = ("ologist", "ologists", "ology", "itis", "ectomy", "otomy", "oscopy", "plasty",
                   "emia", "aemia", "iasis", "osis", "iatrist", "iatrics", "opathy", "algia",
                   "ogram", "ograms", "ography",
                   # drug names by their family's ending ("metoprolol", "amitriptyline")
                   "olol", "statin", "umab", "tyline", "azepam", "azolam", "oxetine",
                   "prazole", "sartan", "mycin", "cillin", "floxacin", "gliflozin", "gliptin",
                   "codone", "morphone", "profen", "triptan", "pramine", "glutide", "terol")


def mentions_health(lower: str) -> bool:
    """Whether a lowercased text speaks of health or care (a word or phrase from the lists)."""
    return _tokens_health(_TOKEN.findall(lower), lower)


# plurals that speak of everyone: "our patients", "residents", "visits" in a general post
_PLURAL_NOT = frozenset({"patients", "residents", "visits", "sessions", "units", "eds", "ops",
                         "bills", "claims", "eyes", "lungs"})


def _tokens_health(tokens: list[str], lower: str) -> bool:
    if not HEALTH_WORDS.isdisjoint(tokens):
        return True
    for tok in tokens:
        if tok.startswith(_HEALTH_STEMS) or len(tok) > 6 and tok.endswith(_HEALTH_ENDINGS):
            return True
        if tok[-1:] == "s" and tok[:-1] in HEALTH_WORDS and tok not in _PLURAL_NOT:
            return True  # "migraines", "seizures": a plural the list gives in the singular
    return any(p in lower for p in _HEALTH_PHRASES)


# Fiction, examples and samples: nothing in them identifies anyone.
EXAMPLE = re.compile(
    r"\b(?:fictional|fictitious|for illustration|illustration only|for example|example only|"
    r"example (?:record|patient|name|post|wristband|label)|sample (?:record|patient|name|post|"
    r"form|id|label)|hypothetical|made-up|lol jk|jk lol|just kidding|case study)\b", re.I)
# one word of every EXAMPLE branch: a text without any is no example (skips the search)
_EXAMPLE_WORDS = frozenset({"fictional", "fictitious", "illustration", "example", "sample",
                            "hypothetical", "made", "jk", "kidding", "study"})
# "your biopsy results", "you're finally home from the hospital", "your son's vaccine record":
# the text speaks to someone about their (or their family's) health.
_SECOND_PERSON = re.compile(
    r"\b(?:(?P<your>your|ur)|you're|you are|you were|u were|u r|(?:is|was) (?:that|this) you|"
    r"(?:hope|hoping|glad|so sorry|congrats on|congratulations on|happy to hear)(?: that)?)\b",
    re.I)
_ADVICE_BEFORE = re.compile(r"\b(?:get|book|schedule|forget|bring|check|update|protect|keep|"
                            r"know|learn|find|ask|talk to|call|visit|take care of)\s+$")
_RELATIVE_HEALTH = re.compile(
    r"\byour (?:mom|dad|mother|father|grandma|grandpa|grandmother|grandfather|son|daughter|"
    r"wife|husband|baby|kid|child|sister|brother|partner)\b[^.!?]{0,60}\b(?:hospital|unit|ward|"
    r"icu|er|surgery|sick|cancer|news|diagnos\w*|admitted|discharged|doing better)\b", re.I)
# one word of every _SECOND_PERSON branch (and of _RELATIVE_HEALTH: "your")
_SECOND_PERSON_WORDS = frozenset({"your", "ur", "you", "u", "hope", "hoping", "glad", "sorry",
                                  "congrats", "congratulations", "happy"})
# "your fall", "your loss", "your stay": care or bereavement only when said of "your"
_SECOND_PERSON_CARE = frozenset({"fall", "loss", "accident", "stay", "op", "news", "passing"})
# a reply that declines to discuss anything: "we can't share details, please DM us" (an
# invitation to DM alone does not undo "sorry about your mom's fall on our unit")
DECLINES = re.compile(
    r"\b(?:can(?:'|no)?t|cannot|won't|unable to) (?:give|share|discuss|provide|comment)|"
    r"privacy laws", re.I)


# Who writes when the writer is not a patient (a student, a reporter, a job seeker).
NON_PATIENT = re.compile(
    r"\b(?:student|reporter|journalist|media team|press|interview|volunteer\w*|job|jobs|hiring|"
    r"apply|application|resume|shadow\w*|internship|intern|vendor|sales rep|partnership|"
    r"sponsor\w*|donat\w*|school report|project|survey|research\w*)\b", re.I)



class lazy(Generic[T]):
    """A per-instance value computed on its first read, like `functools.cached_property`
    without that one's lock: in Python 3.11 the lock costs a few microseconds on each first
    read, and a check makes about seven (a Scan lives inside one check, on one thread)."""

    __slots__ = ("func", "name")

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        # stored in the instance's __dict__, which attribute lookup reads before this
        # (non-data) descriptor: later reads never come here
        value = obj.__dict__[self.name] = self.func(obj)
        return value


_BED_NUMBER = re.compile(r"\b(?:bed|bay|ward)\s*#?\s*\d{1,4}\b")


class Scan:
    """One folded text and the facts about it recognizers share (computed once, lazily)."""

    __slots__ = ("doc", "text", "lower", "__dict__")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.folded
        self.lower = doc.folded.lower()

    @lazy
    def digits(self) -> int:
        """How many digits the text holds (most identifiers need five or more)."""
        text = self.text
        # ten counts in C instead of a call per character; only the other characters (few:
        # emoji, accented letters) are asked one by one
        count = sum(map(text.count, "0123456789"))
        if not text.isascii():
            count += sum(map(str.isdigit, _NON_ASCII.findall(text)))
        return count

    @lazy
    def lowered(self) -> str | None:
        """The lower-cased text when case-sensitive twins read it exactly (see `lowered`)."""
        return lowered(self.text)

    @lazy
    def tokens(self) -> list[str]:
        """The lowercase tokens of the text: letters and digits, joined by inner hyphens."""
        return _TOKEN.findall(self.lower)

    @lazy
    def words(self) -> frozenset[str]:
        """The lowercase words of the text (cheap gates: skip a recognizer without its words):
        its runs of ASCII letters (one pass in C is cheaper than reading them off the tokens
        in Python)."""
        return frozenset(_WORDS.findall(self.lower))

    @lazy
    def health(self) -> bool:
        """Whether the text speaks of health or care at all (a numbered bed or room counts)."""
        return _tokens_health(self.tokens, self.lower) or (
            _BED_NUMBER.search(self.lower) is not None)

    @lazy
    def second_person_health(self) -> bool:
        """Whether the text tells someone about their own or their family's health or care."""
        if self.words.isdisjoint(_SECOND_PERSON_WORDS):
            return False  # neither pattern below can match
        if DECLINES.search(self.text):
            return False
        for m in _SECOND_PERSON.finditer(self.text):
            if _ADVICE_BEFORE.search(self.lower, max(0, m.start() - 16), m.start()):
                continue  # "get your flu shot", "schedule your mammogram": advice to anyone
            width = 3 if m.group("your") else 5
            clause = re.split(r"[.!?]", self.lower[m.end():m.end() + 80], maxsplit=1)[0]
            words = clause.split()[:width]
            if mentions_health(" ".join(words)) or (
                    m.group("your") and not _SECOND_PERSON_CARE.isdisjoint(words[:2])):
                return True
        return _RELATIVE_HEALTH.search(self.text) is not None

    @lazy
    def non_patient(self) -> bool:
        """Whether the writer presents as someone other than a patient (student, reporter)."""
        return NON_PATIENT.search(self.text) is not None

    @lazy
    def example(self) -> bool:
        """Whether the text says its identifiers are fictional or examples."""
        if self.words.isdisjoint(_EXAMPLE_WORDS):
            return False
        return EXAMPLE.search(self.text) is not None

    def before(self, pos: int, width: int = 40) -> str:
        """The folded text just before `pos` (at most `width` characters)."""
        return self.text[max(0, pos - width):pos]

    def after(self, pos: int, width: int = 40) -> str:
        """The folded text just after `pos` (at most `width` characters)."""
        return self.text[pos:pos + width]


# Characters that case-insensitive matching folds onto an ASCII letter although lower() does
# not turn them into it (dotted and dotless i, long s, Kelvin sign): see `lowered`.
_FOLD_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")
_ESCAPES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")


def lowered(text: str) -> str | None:
    """`text.lower()` when a case-sensitive twin (see `caseless_twin`) finds in it exactly what
    the case-insensitive pattern finds in `text`, at the same offsets; else None."""
    low = text.lower()
    if len(low) != len(text) or not text.isascii() and _FOLD_SPECIAL.search(text):
        return None
    return low


# keyed by id: hashing a compiled pattern hashes its whole program, every time
_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def caseless_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The same pattern without IGNORECASE, to run on lowercased text (speed: the regex
    engine folds case character by character, several times slower). None when the pattern
    spells an upper-case letter or switches flags inline: then only the original is exact."""
    known = _TWINS.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    twin = None
    if pattern.flags & re.I:
        bare = _ESCAPES.sub("", pattern.pattern)
        if not re.search(r"[A-Z]|\(\?(?:[aiLmsux]+|[aiLmsux]*-[imsx]+)[:)]", bare):
            twin = re.compile(pattern.pattern, pattern.flags & ~re.I)
    _TWINS[id(pattern)] = (pattern, twin)
    return twin


def cue_starts(cue: str) -> re.Pattern[str]:
    """Where a pattern `\\b(?i:cue)...` may start: every position of the lower-cased text at
    which `cue` (lower case, no inline flags) matches, as the empty matches of one pattern."""
    bare = _ESCAPES.sub("", cue)
    if re.search(r"[A-Z]|\(\?[aiLmsux-]", bare):
        raise ValueError("a cue for lower-cased text must spell no capital and set no flag")
    return re.compile(r"\b(?=(?:" + cue + "))")


def starts_then(pattern: re.Pattern[str], starts: re.Pattern[str],
                scan: Scan) -> Iterator[re.Match[str]]:
    """`pattern.finditer(scan.text)`, trying `pattern` only where `starts` (see `cue_starts`)
    finds its cue in the lower-cased text: one case-sensitive pass over the text instead of a
    case-insensitive alternation tried at every word (the regex engine folds case character
    by character, several times slower). `starts` must find every place `pattern` can match."""
    low = scan.lowered
    if low is None:
        yield from pattern.finditer(scan.text)
        return
    text = scan.text
    pos = 0
    for s in starts.finditer(low):
        at = s.start()
        if at < pos:
            continue  # inside the last match: finditer resumes after it
        m = pattern.match(text, at)
        if m is not None:
            yield m
            pos = m.end()


def nearest_cue(window: str, cues: re.Pattern[str]) -> str | None:
    """The key of the last cue in `window` (the one nearest what follows it)."""
    twin = caseless_twin(cues)
    low = lowered(window) if twin is not None else None
    if low is not None:
        cues, window = twin, low  # type: ignore[assignment]
    last = None
    for last in cues.finditer(window):  # noqa: B007 - only the last match matters
        pass
    return last.lastgroup if last is not None else None


def cues(table: dict[str, str]) -> re.Pattern[str]:
    """Compile a {key: alternation} table into one word-bounded, case-insensitive pattern
    whose named groups are the keys (one pass over a window finds every cue)."""
    alts = "|".join(f"(?P<{k}>{v})" for k, v in table.items())
    return re.compile(r"(?<![\w])(?:" + alts + r")(?![\w])", re.I)


def trivial_digits(digits: str) -> bool:
    """All one digit ("000000000"): a placeholder, never a real identifier. (A straight run
    like 1234567 may still be someone's number as typed: jokes and examples are caught by
    `Scan.example` instead.)"""
    return len(set(digits)) <= 1
