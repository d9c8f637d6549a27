"""medical_advice (outbound): individual diagnosis, treatment or dosing for a specific person.

General education addressed to everyone is not advice; the rules look for the grammar of
one-to-one clinical instruction: an imperative about a medicine or dose, a diagnosis of what
"you" or "your son" have, or telling someone they need not be seen.
"""

from __future__ import annotations

from carepost.guard.rules.base import Hit, alt, hit, rx
from carepost.guard.rules.lexicon import CONDITION, MEDICINE, VACCINE

LABEL = "medical_advice"

DOSE = r"(?:(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|per)\s+day|every\s+\d+\s+hours|" \
       r"(?:one|two|three|four|\d+)\s+(?:a|per|each|at)\s+(?:night|day|bedtime|morning)|" \
       r"\d+(?:\.\d+)?\s*(?:mg|mcg|ml|mL|g|units?|iu|cc|puffs?|tablets?|tabs?|pills?|caps?|" \
       r"capsules?|drops?|sprays?|doses?)\b|half\s+(?:a|of)\b|a\s+(?:double|extra)\s+dose|" \
       r"double\s+(?:dose|up|the\b)|(?:one|two|three|\d)\s+(?:of\s+your|tablets?|pills?|" \
       r"puffs?))"
THING = r"(?:" + MEDICINE + r"|dose|dosage|meds|medication|medicine|pills?|tablets?|inhaler|" \
        r"cream|ointment|drops|spray|patch|vaseline|salve|lotion|blood\s+thinners?|thinner|" \
        r"statins?|steroids?|supplements?|vitamins?|birth\s+control|the\s+pill|" \
        r"puffs?|antibiotics?|insulin|gummies|" + VACCINE + "|" + DOSE + ")"
IMPERATIVE = alt("""take give double skip stop start increase decrease lower raise cut halve
keep-using taper wean mix dab put massage soak crush chew
try rub apply alternate switch quit hold restart resume use swap add drink ditch avoid""".split()
                 + ["taper off", "keep using", "keep taking", "go ahead and take", "just take",
                    "just double", "just skip", "stop taking",
                    "keep taking", "cut back on", "come off", "wean off", "no need for"])

# "take 2 Excedrin", "double up today", "skip the second one", "stop the amlodipine"
DOSING = rx(r"(?:^|[.!?,;:—–-]\s*|^@[\w.]+\s+|\b(?:just|then|so|and|you\s+(?:can|should|could|may)|"
            r"(?:I'd|I\s+would|we'd)\s+(?:recommend|suggest)|I'?d|I\s+would|I'd\s+just|"
            r"(?:wants|needs)\s+you\s+to|try\s+to)\s+)" + IMPERATIVE
            + r"\b[^.!?]{0,60}?\b" + THING)
DOSING_YOU = rx(r"\byou\s+(?:can|should|could|may|need\s+to|have\s+to|must|'ll\s+need\s+to)\s+"
                r"(?:safely\s+|just\s+|probably\s+|definitely\s+)?(?:be\s+(?:fine|ok|okay|safe)\s+"
                r"to\s+)?" + IMPERATIVE
                + r"\b[^.!?]{0,60}?\b" + THING
                + r"|\byou\s+can\s+give\s+[^.!?]{0,40}" + DOSE
                + r"|\b(?:ask|tell)\s+your\s+doctor\s+to\s+(?:start|put|switch|give)\s+you"
                r"|\bask\s+(?:your|the|a)\s+(?:pharmacist|doctor|provider"
                r"|nurse)\s+for\s+(?:some\s+)?"
                r"(?:" + MEDICINE + r")")
DIAGNOSIS = rx(r"\b(?:sounds?|looks?|seems?)\s+like\s+(?:(?:a|an|you\s+have|you've\s+got|"
               r"(?:your|his|her)\s+\w+\s+(?:has|is))\s+)?[^.!?]{0,30}?(?:" + CONDITION +
               r"|infection|eczema|abscess|sprain|virus|allergy|cold|strep|sinus|ulcer|cyst|"
               r"hernia|reflux|GERD|gout|shingles|pink\s+eye|bronchitis|tear|fracture|"
               r"(?:baby\s+)?blues|postpartum\s+\w+|teething|colic|growing\s+pains|a\s+bug|"
               r"nothing\s+serious|sprain\w*|strain|croup|thrush|a\s+cold|"
               r"migraine|\w+itis)"
               r"|\b(?:that|it|this|those|these|your\s+\w+(?:'s)?)\s*(?:\w+\s+)?(?:is|'s|are)\s+"
               r"(?:probably|"
               r"likely|most\s+likely|(?:almost\s+)?(?:certainly|definitely|surely)|clearly|"
               r"obviously|just)\s+(?:just\s+)?(?:a|an)?\s*\w+"
               r"|\b(?:you|he|she|they)(?:'ll|\s+will|\s+should|\s+would)?\s+be\s+(?:fine|ok|okay|"
               r"safe|good)\s+to\s+(?:fly|drive|travel|work|exercise|drink|eat|go|swim|lift|run|"
               r"shower|bathe|fly)\b"
               r"|\b(?:can|will|could)\s+prescribe\s+(?:you\s+)?\w+\s+for\s+your\b"
               r"|\byou\s+(?:likely|probably|definitely|almost\s+certainly)\s+(?:have|had|need|"
               r"don'?t\s+need)\b"
               r"|\b(?:is|are|you're|you\s+are|she's|he's|it's|it\s+is)\s+(?:fine|ok|okay|safe|good)\s+"
               r"to\s+"
               r"(?:get|take|have|skip|stop|go|start|keep|come|wait|fly|drive)\b"
               r"|\byou(?:'re|\s+are)\s+(?:probably|likely|definitely)\s+(?:in|fine|protected|"
               r"having|just|okay|ok|getting)"
               r"|\b(?:looks?|sounds?)\s+(?:benign|fine|normal|harmless|like\s+nothing)"
               r"|\b(?:is|are)\s+(?:fine|normal|okay|ok)\s+(?:at|for)\s+your\s+(?:age|weight|"
               r"size)"
               r"|\bat\s+your\s+(?:age|height|weight|stage)\b[^.!?]{0,40}\byou(?:'d|\s+would|"
               r"\s+should|\s+can|'re|\s+(?:don'?t|do\s+not)?\s*need)"
               r"|\bsymptoms?\s+sound\s+(?:mild|fine|normal|minor)")
# "try stopping it", "just double up", "take an extra one": the medicine named earlier
CHANGE_IT = rx(r"\b(?:try|consider|start|go\s+ahead\s+and)\s+(?:stopping|skipping|taking|"
               r"doubling|cutting|halving|lowering|raising|increasing|switching|coming\s+off)\s+"
               r"(?:it|them|that|this|one|the\s+\w+|your\s+\w+)"
               r"|\b(?:just\s+|then\s+)?double\s+up\b|\btake\s+(?:an?\s+)?(?:extra|another|"
               r"second|double)\s+(?:one|dose|pill|tablet|\d)"
               r"|\b(?:take|use|apply|keep\s+taking|keep\s+using|drink)\s+[^.!?]{1,30}\buntil\s+"
               r"(?:it|they|the\s+\w+|symptoms|you)\s+(?:clears?|go(?:es)?\s+away|stops?|"
               r"(?:is|are)\s+gone|resolves?|feel\s+better)"
               r"|\bwill\s+(?:definitely\s+|surely\s+)?(?:cure|fix|heal|clear\s+up|treat)\s+"
               r"your\s+(?:\w+\s+)?\w+")
# clearing one person to return to an activity is an individual medical decision
CLEARANCE = rx(r"\b(?:you|your\s+\w+|he|she|they|he's|she's|you're)\s+(?:can|could|should|is|are|"
               r"'re|'s)?\s*(?:ok(?:ay)?\s+to\s+|fine\s+to\s+|safe\s+to\s+)?"
               r"(?:go\s+back|return|get\s+back)\s+to\s+(?:school|work|soccer|football|sports?"
               r"|practice|"
               r"the\s+gym|daycare|training|running|play(?:ing)?|normal\s+activit\w+)")
# a dose named for a drug ("5mg of diazepam before boarding"), or clearance to combine things
DOSE_FOR_DRUG = rx(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|ml|units?)\s+(?:of\s+)?(?:your\s+"
                   r"|the\s+)?(?:" + MEDICINE
                   + r")\b"
                   r"|\byou\s+can\s+(?:safely\s+)?(?:have|take|drink|mix"
                   r"|eat)\b[^.!?]{0,40}\bwith\s+(?:your\s+)?"
                   r"(?:" + MEDICINE + r"|meds|medication|antibiotics?)\b")
# "sounds like X, keep her home and give Calpol": a guess at the condition followed by orders
GUESS_THEN_ORDER = rx(r"\b(?:sounds?|looks?)\s+like\b[^.!?]{0,40}[,;:—–-]\s*(?:so\s+|just\s+)?(?:"
                      + IMPERATIVE + r"|keep)\b")
NO_NEED = rx(r"\bno\s+need\s+to\s+(?:come\s+(?:in|back)|see\s+(?:a|the|your)|call|go\s+to|worry"
             r"|visit|"
             r"check\s+with|book|get\s+(?:it|that|this)\s+checked|"
             r"come\s+to\s+the\s+(?:ER|ED|hospital|clinic))"
             r"|\b(?:don't|do\s+not)\s+(?:need\s+to\s+)?(?:come\s+in|go\s+to\s+the\s+(?:ER|ED))"
             r"|\bstay\s+home\s+until"
             r"|\byou\s+(?:don'?t|do\s+not)\s+need\s+to\s+(?:finish|take|keep\s+taking|continue|come\s+in|"
             r"see\s+(?:a|the|your)\s+(?:doctor|gp|pediatrician|specialist))\b"
             r"|\bskip\s+the\s+(?:pediatrician|paediatrician|doctor|gp|er|a&e|appointment|visit|"
             r"clinic|specialist|dermatologist|urgent\s+care)"
             r"|\b(?:is|'s|are)\s+nothing\s+to\s+worry\s+about"
             r"|\bno\s+(?:x-?rays?|scans?|stitches|antibiotics|tests?|"
             r"follow-?up|second\s+dose|booster)\s+(?:needed|necessary|required)"
             r"|\b(?:it'?s|it\s+is|that'?s|that\s+is)\s+(?:definitely\s+"
             r"|probably\s+)?not\s+(?:broken|"
             r"infected|serious|cancer|an?\s+infection|contagious|a\s+fracture)"
             r"|\bno\s+need\s+for\s+(?:a|the|an)?\s*(?:dermatologist|doctor|specialist|ER|ED|"
             r"antibiotics|x-?ray|visit|appointment|stitches|urgent\s+care)"
             r"|\b(?:skip|don't\s+need)\s+the\s+(?:antibiotics|ER|doctor|second\s+(?:one|dose))"
             r"|\bsleep\s+it\s+off")
INDIVIDUAL = rx(r"\b(?:you|your|you're|you've|you'd|yours)\b|@\w")
GENERAL = rx(r"\b(?:can't|cannot|won't|don't|do\s+not|not\s+able\s+to)\s+(?:give|offer|provide)"
             r"\s+(?:\w+\s+){0,2}(?:medical\s+)?advice"
             r"|\bin\s+general\b|\bgenerally\b|\b(?:most\s+)?adults\s+can\b"
             r"|(?<!need\sto\s)\b(?:talk|speak|check)\s+(?:to|with)\s+your\s+(?:doctor|clinician"
             r"|pharmacist|"
             r"provider|care\s+team)\s*(?:before|about|if|first|\.|!|$)")

# "give him 1.5 tsp of children's ibuprofen", "go ahead and increase your insulin"
DOSE_FOR_THEM = rx(r"\bgive\s+(?:him|her|them|your\s+\w+)\s+(?:about\s+)?\d+(?:\.\d+)?\s*"
                   r"(?:tsp|teaspoons?|ml|mls|mg|tablets?|pills?|drops|puffs|units|chewables?)\b"
                   r"|\bgo\s+ahead\s+and\s+(?:increase|double|raise|lower|cut|halve|start|stop|add|"
                   r"drop|skip|bump)\b")
RULES = (
    ("advice.dosing_instruction", DOSE_FOR_THEM, 0.85,
     "It tells a specific person what medicine or dose to take, stop or change."),
    ("advice.dosing_instruction", DOSING, 0.85,
     "It tells a specific person what medicine or dose to take, stop or change."),
    ("advice.dosing_instruction", DOSING_YOU, 0.85,
     "It tells a specific person what medicine or dose to take, stop or change."),
    ("advice.dosing_instruction", CHANGE_IT, 0.8,
     "It tells a specific person to change how they take a medicine or treatment."),
    ("advice.dose_for_a_person", DOSE_FOR_DRUG, 0.75,
     "It names a dose of a medicine for a specific person, or clears combining it."),
    ("advice.return_to_activity", CLEARANCE, 0.8,
     "It clears a specific person to return to an activity, which needs their clinician."),
    ("advice.individual_diagnosis", GUESS_THEN_ORDER, 0.8,
     "It diagnoses a specific person and tells them what to do without an exam."),
    ("advice.individual_diagnosis", DIAGNOSIS, 0.8,
     "It diagnoses or reassures a specific person about their symptoms without an exam."),
    ("advice.triage_dismissal", NO_NEED, 0.85,
     "It tells a specific person they need not be seen, which a clinician must decide after "
     "assessing them."),
)


def find(text: str, context: str) -> list[Hit]:
    """Every individual-advice cue; none when the text only addresses everyone."""
    # replies speak to one person by construction; a post must address someone explicitly
    if context == "post" and not INDIVIDUAL.search(text):
        return []
    hits: list[Hit] = []
    for name, pattern, score, message in RULES:
        if name == "advice.dose_for_a_person" and context == "post":
            continue  # a post naming a strength is product information (a recall, a label)
        m = pattern.search(text)
        if m and not _general_around(text, m.start()) and not (
                name in ("advice.individual_diagnosis", "advice.return_to_activity")
                and RESULT_RELAY.search(text)):
            # a post speaks to everyone: the same words there are weaker evidence
            hits.append(hit(LABEL, name, m, score if context != "post" else score - 0.2,
                            message))
            break  # one cue decides the label
    return hits


# relaying a result ("your labs came back and everything looks normal") is not a diagnosis
RESULT_RELAY = rx(r"\b(?:results?|labs?|lab\s+work|tests?|scan|x-?ray|mri|bloodwork|biopsy|"
                  r"pathology)\s+(?:\w+\s+)?(?:came\s+back|(?:are|is)\s+back|were|was|show)")


def _general_around(text: str, pos: int) -> bool:
    lo = max(text.rfind(".", 0, pos), text.rfind("!", 0, pos), text.rfind("?", 0, pos)) + 1
    hi = text.find(".", pos)
    return bool(GENERAL.search(text, lo, hi if hi >= 0 else len(text)))
