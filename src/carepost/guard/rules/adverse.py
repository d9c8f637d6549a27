"""adverse_event (inbound): a harm the writer or someone they know had after a drug, vaccine,
device or procedure, and the four reportable elements of that event.

An event needs three things in one message: a suspect product, a harm, and a person who had it
(the writer or someone they name). Questions about side effects in general, and reports that
nothing happened, are not events.
"""

from __future__ import annotations

import re

from carepost.guard.rules.base import Cues, Hit, hit, holds, rx
from carepost.guard.rules.lexicon import CONDITION, DEVICE, HARM, MEDICINE, PROCEDURE, VACCINE
from carepost.guard.types import AdverseEvent, Span

LABEL = "adverse_event"

# "my new blood pressure pills": an unnamed medicine is still a suspect product
MED_NOUN = (r"numbing\s+(?:gel|cream|spray|injection)|local\s+ana?esthetic|ana?esthetic|"
            r"(?:nasal|eye|ear|throat)\s+(?:spray|drops)|(?:\w+\s+)?(?:nasal\s+)?spray|"
            r"(?:(?:new|blood\s+pressure|cholesterol|thyroid|diabetes|pain|sleeping|sleep|"
            r"anxiety|allergy|birth\s+control|heart|seizure|water|acne|migraine|generic|adhd|"
            r"depression|psych|mental\s+health|bp|arthritis|asthma|fertility|weight\s+loss)\s+)+"
            r"(?:pills?|meds?|medications?|medicines?|tablets?|prescription|drugs?|cream|patch|"
            r"drops|inhaler)|antibiotics?|antidepressants?|birth\s+control|steroids?|meds|"
            r"(?:the\s+)?generic(?:\s+version)?|blood\s+thinners?|statins?|water\s+pills?|opioids?|"
            r"pain\s?killers?|muscle\s+relaxers?|stimulants?|biologics?|"
            r"medications?")
PRODUCT = rx(r"\b(?:" + MED_NOUN + "|" + MEDICINE + "|" + VACCINE + "|" + DEVICE + "|"
             + PROCEDURE + r")\b")
# a made-up or new brand: a capitalised word right after a taking verb ("started Xylora")
BRAND_AFTER_VERB = re.compile(
    r"\b(?:[Tt]ook|[Tt]aking|[Ss]tarted(?:\s+on)?|[Bb]een\s+on|[Oo]n|[Aa]fter|[Ss]ince|"
    r"[Uu]sing|[Tt]ried|[Gg]ot|prescribed|[Ss]witched\s+to|(?:dose|doses|shot|course|round|"
    r"injection|jab|box|bottle)\s+of)\s+(?:the\s+|my\s+|a\s+)?"
    r"([A-Z][a-z]{3,}(?:[a-z]|-[A-Z]?[a-z]+))\b"
    r"|\b([A-Z][a-z]{3,})\s+(?:made|gave|caused|is\s+giving|has\s+given)\s+(?:me|my|him|her)")
# "since the Veltrixa injections started": a brand named before its dosage form (a separate
# pattern, searched only when a dosage-form word is in the text: a capitalised word can start
# anywhere, so `re` would try it at every word)
_FORMS = ("injection", "shot", "pill", "tablet", "capsule", "infusion", "patch", "cream", "gel",
          "inhaler", "drops", "jab", "vaccine", "implant", "pump", "pen", "dose", "treatment",
          "therapy")
# "the new Parkinson's med", "her Alzheimer's pills" (its own pattern, searched only when the
# text has "'s med"/"'s pill"...: a pattern starting with any word cannot be gated)
CONDITION_MED = re.compile(
    r"\b[a-z]+'s\s+(?:meds?|medications?|medicines?|pills?|tablets?|drugs?)\b")
BRAND_BEFORE_FORM = re.compile(
    r"\b([A-Z][a-z]{3,}(?:[a-z]|-[A-Z]?[a-z]+))\s+(?:injections?|shots?|pills?|tablets?|"
    r"capsules?|infusions?|patch(?:es)?|cream|gel|inhaler|drops|jabs?|vaccine|implant|pump|"
    r"pen|dose|doses|treatment|therapy)\b")
# an unknown generic in lower case ("started the dapsone you prescribed"): a word after a
# taking verb counts only when the text also talks about prescriptions or doses
UNKNOWN_AFTER_VERB = rx(r"\b(?:started|starting|taking|took|been\s+on|switched\s+to|put\s+me\s+on|"
                        r"prescribed)\s+(?:the\s+|my\s+|this\s+|that\s+|a\s+new\s+)?([a-z]{5,})\b")
# "@Brand been on it 2 months and...": the product is the thread's subject
ANAPHORIC = rx(r"\b(?:been\s+on|started|taking|took|using|used|stopped)\s+(?:it|them|this|these)\b")
RX_CONTEXT = rx(r"\b(?:prescri\w+|dose|doses|mg|pharmacy|refill|side\s+effects?|pills?|tablets?|"
                r"generic|meds?|medication)\b")
NOT_DRUG = frozenset("""again today yesterday tonight morning night feeling going having doing
getting trying taking seeing walking working running eating sleeping school class classes
program process new first second third every other about after before since when while""".split())
NOT_BRAND = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
March April June July August September October November December Christmas Thanksgiving Easter
Dr Doctor The This That Then Since After When While Your Their Tylenol Mother Father Mom Dad
Covid Walk Dear Hello Thanks Thank Instagram Facebook Twitter Google Target Walmart""".split())
HARM_RX = rx(r"\b(?:" + HARM + r")\b")
EXPERIENCER = rx(r"\b(?:I|I'm|I've|I'd|im|ive|my|me|we|our|us|he|she|his|her|him)\b"
                 r"|\bmy\s+(?:son|daughter|"
                 r"wife|husband|mom|mother|dad|father|kid|child|baby|friend|partner|sister|"
                 r"brother|nephew|niece|grandma|grandpa|aunt|uncle|roommate)"
                 # kin named without "my": "Dad's been having nightmares"
                 r"|\b(?:mum|mom|dad|mama|papa|grandma|grandpa|nana|granny|gran)(?:'s)?\b"
                 # a diary-style opening with the subject dropped: "started X and ..."
                 r"|^\W*(?:started|took|taking|been|got|getting|after|since|had|went|on|woke|"
                 r"ended|finished)\b"
                 r"|\byou\s+(?:prescribed|gave|put\s+me)"
                 # the writer without a pronoun: "anyone else get...", "mine's worse", "3 weeks
                 # on X and...", "week 2 of Y", "these new drops make everything blurry"
                 r"|\banyone\s+else\b|\bmine(?:'s)?\b|\b(?:\d+|one|two|three|four|five|six|"
                 r"a\s+few|few)\s+(?:days?|weeks?|wks?|months?)\s+(?:on|into|of|in\s+on)\b"
                 r"|\b(?:day|week|month)\s+\d+\s+(?:on|of|into)\b|\b(?:these|this)\s+new\b"
                 r"|\bmakes?\s+everything\b"
                 # "is it normal to feel this dizzy on X? nearly passed out"
                 r"|\bis\s+it\s+normal\s+to\s+(?:feel|be|have|get|keep)\b"
                 r"|\bnearly\s+(?:passed\s+out|fainted|collapsed|fell)\b")
# a lab value or a device gone wrong: "my cobalt level is high", "started squeaking"
LEVEL_HARM = rx(r"\b(?:levels?|count|sugars?|pressure|potassium|sodium|a1c|inr|heart\s+rate)\s+"
                r"(?:is|are|was|were|went|go|goes|going|got|has\s+been|keeps?)\s+(?:\w+\s+)?"
                r"(?:high|low|up|down|"
                r"through\s+the\s+roof|dangerously|crazy|spiking|dropping)"
                r"|\b(?:sugars?|pressure|levels?|heart\s+rate|bp|oxygen|sats)\s+(?:dropped|fell)\s+to\s+"
                r"\d+"
                r"|\b(?:sugar|pressure|levels?|heart\s+rate|bp)\s+(?:skyrocket\w*|spik\w+|soar\w*|"
                r"crash\w*|plummet\w*|tank\w*|shot\s+up)"
                r"|\b(?:squeak\w*|click(?:ing|s)|came\s+loose|loosened|dislocated|slipped\s+out|"
                r"migrated|moved\s+out\s+of\s+place|stopped\s+(?:working|delivering|charging)|"
                r"malfunction\w*|alarm(?:ed|ing)|occlusion|(?:reading|reads"
                r"|read)\s+(?:\w+\s+){0,3}too\s+"
                r"(?:high|low)|over-?bolus\w*|under-?dos\w*|scary\s+(?:lows|highs)"
                r"|woke\s+up\s+at\s+"
                r"\d{2,3}\b)")
# "the weight gain from the prednisone", "atorvastatin = legs like concrete": the harm is tied
# to a particular product, so someone had it even when no person is named
ATTRIBUTED = rx(r"\b(?:" + HARM + r")\s+(?:\w+\s+){0,2}?(?:from|after|since|on)\s+(?:the|my|"
                r"this|these|that|his|her|their|our)\s+(?:\w+\s+)?(?:" + MEDICINE + "|" + VACCINE
                + "|" + DEVICE + "|" + PROCEDURE + r")\b"
                r"|\b(?:" + MEDICINE + "|" + VACCINE + r")\s*(?:=|->|→)\s*(?:\w+\s+)?(?:"
                + HARM + r")\b")
# "reacting to the IV iron infusion": a reaction names its product
REACTING_TO = rx(r"\breact(?:ing|ed|ion|ions)\s+(?:badly\s+|really\s+badly\s+|bad\s+)?to\s+(?:the|"
                 r"my|his|her|this|their|our|your)\s+(?:\w+\s+){0,2}?(?:" + MEDICINE + "|" + VACCINE
                 + "|" + DEVICE + "|" + PROCEDURE + r")\b")
ABSENT = rx(r"\b(?:(?:don'?t|doesn'?t|didn'?t|did\s+not|do\s+not)\s+have|(?:haven'?t|hasn'?t|"
            r"have\s+not|has\s+not)(?:\s+got)?)\s+(?:an?\s+|my\s+|his\s+|her\s+|any\s+|the\s+)?$"
            r"|\b(?:no|without|forgot|ran\s+out\s+of|out\s+of)\s+(?:an?\s+|my\s+|his\s+|her\s+|the\s+|"
            r"any\s+)?$")
# "admitted for his dialysis": planned care, not a harm
PLANNED_CARE = rx(r"^\s+(?:for|to\s+(?:have|get|start))\s+(?:(?:his|her|my|a|an|the|their|"
                  r"planned|scheduled|routine|elective|next)\s+)*(?:" + PROCEDURE + r")\b")
_ADMITTED = frozenset({"admitted", "hospitalized", "in bed"})

# "the vaccine you gave me caused my shingles"
PRODUCT_CAUSED = rx(r"\b(?P<product>" + MEDICINE + "|" + VACCINE + "|" + DEVICE + "|" + PROCEDURE
                    + r")\s+(?:\w+\s+){0,3}?(?:caused|triggered|gave\s+me|brought\s+on|left\s+"
                    r"(?:me|him|her|them|my\s+\w+)\s+with)\s+(?:my\s+|"
                    r"me\s+|a\s+|an\s+)?(?P<harm>" + CONDITION + "|" + HARM + r")\b")
# "got autism from the MMR shot": a disease blamed on care is an event report even when the
# causal claim is false (it is then misinformation as well)
CONDITION_FROM = rx(r"\b(?:got|developed|gave\s+(?:me|him|her|them))\s+(?:\w+\s+){0,2}?"
                    r"(?P<harm>" + CONDITION + "|" + HARM + r")\s+(?:from|after)\s+(?:the|a|an|"
                    r"my|his|her|their|your)\s+(?:\w+\s+)?(?P<product>" + MEDICINE + "|" + VACCINE
                    + "|" + PROCEDURE + "|" + DEVICE + r")\b")
WRONG_PROCEDURE = rx(r"\b(?P<product>pulled|removed|extracted|operated\s+on|amputated|"
                     r"injected|gave\s+me|filled)\s+(?:the|my|me\s+the)\s+(?P<harm>wrong\s+"
                     r"(?:tooth|side|leg|arm|knee|eye|medication|dose|strength|drug|vaccine))")
_NO_HARM_WORDS = ("no ", "zero", "without", "didn", "not a", "never", "doesn", "don't", "dont",
                  "hasn", "haven")
NO_HARM = rx(r"\b(?:no|zero|without\s+any|didn'?t\s+have\s+any|not\s+a\s+single|never\s+had\s+"
             r"any)\s+(?:side\s+effects?|reactions?|problems?|issues|pain)\b"
             r"|\bdidn'?t\s+(?:even\s+)?(?:hurt|feel\s+a\s+thing)"
             # "is a rash normal? my kid doesn't have one": the harm asked about is absent
             r"|\b(?:doesn'?t|don'?t|hasn'?t|haven'?t|didn'?t|never)\s+(?:have|had|get|got|develop"
             r"(?:ed)?)\s+(?:one|any|it|that)\b")
GENERAL_Q = rx(r"^(?:[^.!?]*\b(?:is\s+it\s+true|can\s+(?:I|you)|do\s+(?:you|y'all)|"
               r"does|what\s+(?:are|is)|how\s+(?:long|do)|which)\b[^.!?]*\?\s*)+$")


# A harm the care treated or relieved is not an event: "my acne cleared up on the new cream",
# "heartburn for years until your GI team fixed it", "I take ibuprofen for my back pain"
TREATED_BEFORE = rx(r"\b(?:for|treat(?:s|ed|ing)?|cured|fixed|relieved|helped(?:\s+with)?|"
                    r"cleared(?:\s+up)?|got\s+rid\s+of|eased|sorted(?:\s+out)?|took\s+away|"
                    r"relief\s+from|"
                    r"manage|managing|control|controls|prevent|prevents|stop|stopped)\s+(?:my|his|"
                    r"her|their|the|our)\s+(?:\w+\s+)?$")
# ("it still hasn't cleared" keeps the harm: the negated forms are skipped)
TREATED_AFTER = rx(r"^[^.!?]{0,60}?\b(?<!n't\s)(?<!not\s)(?<!never\s)(?:cleared(?:\s+up)?|fixed|"
                   r"gone|went\s+away|resolved|cured|"
                   r"improved|(?:is|are|'s|got|feel|feels)\s+(?:so\s+much\s+|much\s+|a\s+lot\s+)?"
                   r"better|under\s+control|disappeared|vanished|healed|until\s+(?:your|the|my|dr)|"
                   r"no\s+more)\b")
# "Will the antibiotics make me drowsy?", "Does X cause night sweats?": asked, not reported
HYPOTHETICAL = rx(r"\b(?:will|would|might|could|can|does|do|may|is\s+it\s+(?:common|possible|"
                  r"normal\s+for\s+(?:it|them|\w+)\s+to))\b[^.!?]{0,60}\b(?:cause|causes|make|"
                  r"makes|give|gives|lead\s+to|trigger|affect)\b[^.!?]*\?")

ONGOING = rx(r"\b(?:since\s+(?:i|we|he|she|they)\s+(?:started|began|took|switched)|i'?ve\s+(?:had|"
             r"been\s+having|got)|it'?s\s+been\s+(?:non-?stop|constant|going\s+on|happening)|"
             r"ever\s+since|for\s+(?:\w+\s+)?(?:days|weeks)\s+now)\b")


# "a broken TV for his whole stay": things break too; that is a complaint, not a harm
_THINGS = (r"(?:tv|television|elevator|lift|ac|air\s+conditioning|heating|heater|vending\s+"
           r"machine|door|window|shower|toilet|chair|call\s+(?:button|bell)|phones?|lights?|"
           r"remote|wifi|wi-fi|sink|blinds|fridge|microwave|parking\s+gate|printer|website|"
           r"portal|app|kiosk|ice\s+machine)")
THING_BEFORE = rx(r"\b" + _THINGS + r"\s+(?:was\s+|is\s+|were\s+|are\s+|has\s+been\s+|had\s+"
                  r"been\s+)?$")
THING_AFTER = rx(r"^\s+" + _THINGS + r"\b")
_THING_HARMS = frozenset({"broken", "broke", "cracked", "leaking", "damaged"})


def _reported(text: str, h: re.Match[str]) -> bool:
    """Whether a harm word is reported as happening (not treated away, not asked about)."""
    if h.group(0) in _THING_HARMS and (
            THING_BEFORE.search(text[max(0, h.start() - 30):h.start()])
            or THING_AFTER.search(text[h.end():h.end() + 30])):
        return False
    if h.group(0) in _ADMITTED and PLANNED_CARE.search(text[h.end():h.end() + 50]):
        return False
    if TREATED_BEFORE.search(text[max(0, h.start() - 30):h.start()]):
        return False
    if TREATED_AFTER.search(text[h.end():h.end() + 70]):
        return False
    start = max(text.rfind(c, 0, h.start()) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, h.end()) for c in ".!?\n") if i >= 0]
    sentence = text[start:(min(ends) + 1 if ends else len(text))]
    if sentence.endswith("?") and HYPOTHETICAL.search(sentence):
        # "Does metformin cause diarrhea? It's been nonstop since I started it": asked and told
        return ONGOING.search(text) is not None
    return True


def _products(text: str, orig: str, extra: re.Pattern[str] | None) -> list[re.Match[str]]:
    found = []
    if extra is not None:
        found.extend(extra.finditer(text))
    found.extend(PRODUCT.finditer(text))
    m = ANAPHORIC.search(text)
    if m:
        found.append(m)
    if RX_CONTEXT.search(text):
        for m in UNKNOWN_AFTER_VERB.finditer(text):
            if m.group(1) not in NOT_DRUG:
                found.append(_Group(m, 1))  # type: ignore[arg-type]
    for m in BRAND_AFTER_VERB.finditer(orig):
        g = 1 if m.group(1) else 2
        if m.group(g) not in NOT_BRAND:
            found.append(_Group(m, g))  # type: ignore[arg-type]
    if any(w in text for w in ("'s med", "'s pill", "'s tablet", "'s drug")):
        found.extend(CONDITION_MED.finditer(text))
    if any(w in text for w in _FORMS):
        for m in BRAND_BEFORE_FORM.finditer(orig):
            if m.group(1) not in NOT_BRAND:
                found.append(_Group(m, 1))  # type: ignore[arg-type]
    return found


class _Group:
    """A view of one capture group of a match, shaped like a match."""

    def __init__(self, m: re.Match[str], g: int) -> None:
        self._m, self._g = m, g

    def start(self) -> int:
        return self._m.start(self._g)

    def end(self) -> int:
        return self._m.end(self._g)

    def group(self, _: int = 0) -> str:
        return self._m.group(self._g)


# every event needs one of these: a harm blamed on care, or a harm word with a product near
_CUES = Cues(CONDITION_FROM, PRODUCT_CAUSED, WRONG_PROCEDURE, HARM_RX, LEVEL_HARM)


def find(text: str, orig: str, extra_products: re.Pattern[str] | None = None
         ) -> tuple[list[Hit], str | None, str | None]:
    """Adverse-event hits, plus the suspect product and the event words when found.

    `text` is the lower-cased folded text, `orig` the folded text with its case (new brand
    names are recognised by their capital letter); both have the same offsets.
    """
    if _CUES.absent(text):
        return [], None, None  # no harm word and no harm blamed on care: no event
    # containment tests on words each pattern needs spare most texts the costlier scans
    if (NO_HARM.search(text) if NO_HARM.may_match(text) and holds(text, _NO_HARM_WORDS)
            else False) or (
            "?" in text and GENERAL_Q.search(text)):
        return [], None, None
    m = None
    if CONDITION_FROM.may_match(text) and ("from" in text or "after" in text) and holds(
            text, ("got", "develop", "gave")):
        m = CONDITION_FROM.search(text)
    if m is None and PRODUCT_CAUSED.may_match(text) and holds(
            text, ("caused", "triggered", "gave me", "brought on")):
        m = PRODUCT_CAUSED.search(text)
    if m is None and "wrong" in text:
        m = WRONG_PROCEDURE.search(text)
    if m:
        return [hit(LABEL, "adverse.harm_from_care", m, 0.8,
                    "The writer attributes a harm to a medicine, vaccine or procedure; "
                    "pharmacovigilance needs to hear about it.")], orig[m.start("product"):m.end(
                        "product")], orig[m.start("harm"):m.end("harm")]
    harms = list(HARM_RX.finditer(text)) + list(LEVEL_HARM.finditer(text))
    if not harms or not (EXPERIENCER.search(text) or ATTRIBUTED.search(text)
                         or REACTING_TO.search(text)):
        return [], None, None
    # "I don't have an EpiPen": a product that is absent is no suspect
    products = [p for p in _products(text, orig, extra_products)
                if not ABSENT.search(text, max(0, p.start() - 25), p.start())]
    if not products:
        return [], None, None
    # "pain meds": a harm word inside the product's own name is not an event
    harms = [h for h in harms if not any(p.start() <= h.start() < p.end() for p in products)
             and _reported(text, h)]
    if "?" in text and all(h.group(0).startswith("side effect") for h in harms):
        # "what are the side effects of X?" asks; it reports nothing
        harms = []
    if not harms:
        return [], None, None
    # the product nearest to the first harm is the suspect
    harm = harms[0]
    product = min(products, key=lambda p: abs(p.start() - harm.start()))
    start = min(product.start(), harm.start())
    end = max(product.end(), harm.end())
    suspect = orig[product.start():product.end()]
    event = orig[harm.start():harm.end()]
    return [Hit(LABEL, "adverse.product_then_harm", start, end, f"{suspect} ... {event}", 0.85,
                "The writer reports a harm after a medicine, vaccine, device or procedure; "
                "pharmacovigilance needs to hear about it.")], suspect, event


# "took his whole bottle of X", "swallowed all her pills": a medicine taken in quantity
TAKEN_IN_QUANTITY = rx(r"\b(?:took|taken|swallowed|downed)\s+(?:my|his|her|their)\s+(?:whole|"
                       r"entire|full)\s+(?:bottle|pack|packet|box|strip|supply)\s+of\b"
                       r"|\b(?:took|taken|swallowed|downed)\s+all\s+(?:of\s+)?(?:my|his|her|their|"
                       r"the)\s+(?:\w+\s+)?(?:pills|tablets|meds|medication|capsules)\b")
# "a bottle of Tylenol", "my husband's oxycodone", "40 tylenol"
OVERDOSE_OF = rx(r"(?:\b(?:of|my|his|her|the|their|all)\s+(?:[\w']+\s+)?|\b\d+\s+(?:of\s+)?)"
                 r"(?P<product>" + MED_NOUN + "|" + MEDICINE
                 + r"|pills|tablets|capsules|insulin)\b")


def overdose(text: str, orig: str) -> tuple[list[Hit], str | None, str | None]:
    """The adverse-event side of an overdose the emergency rules found."""
    m = OVERDOSE_OF.search(text)
    if m is None:
        return [], None, None
    return ([hit(LABEL, "adverse.overdose", m, 0.8,
                 "The writer took too much of a medicine; an overdose is also a reportable "
                 "adverse event.")], orig[m.start("product"):m.end("product")], "overdose")


PATIENT_SPANS = frozenset({"NAME", "DATE", "AGE", "MRN", "SSN", "HEALTH_PLAN_ID", "ACCOUNT",
                           "OTHER_ID", "HANDLE", "EMAIL", "PHONE", "ADDRESS"})
REPORTER_SPANS = frozenset({"NAME", "EMAIL", "PHONE", "HANDLE", "ADDRESS", "FAX"})
FIRST_PERSON_PATIENT = rx(r"\b(?:I|I'm|I've|me|my)\b|\bmy\s+(?:son|daughter|wife|husband|mom|"
                          r"mother|dad|father|kid|child|baby|friend|partner)")


def elements(text: str, spans: tuple[Span, ...] | list[Span], context: str,
             product: str | None, event: str | None) -> AdverseEvent:
    """The four reportable elements (FDA postmarketing safety reporting) of an event."""
    # a patient the reporter knows personally ("I", "my son") counts as identifiable
    patient = bool(FIRST_PERSON_PATIENT.search(text) or EXPERIENCER.search(text)) or any(
        s.type in PATIENT_SPANS for s in spans)
    # a reporter is identifiable when they can be contacted: contact details in the text, or
    # a direct message whose account can be answered privately
    reporter = context == "dm_request" or any(s.type in REPORTER_SPANS for s in spans)
    return AdverseEvent(identifiable_patient=patient, identifiable_reporter=reporter,
                        suspect_product=product, event=event)
