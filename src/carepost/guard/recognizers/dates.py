"""Dates tied to a person (birth, admission, procedure, appointment) and ages over 89.

A date counts only when it exists ("2/30" does not) and the cue nearest before it is personal
or clinical ("DOB", "surgery was on", "your labs from") rather than about a public event
("class on", "walk-in clinic", "opens"). Ages count only above 89, said as an age ("93-year-old",
"turned 101", "I'm 92", "John, 95,"), and never for aggregates ("patients aged 90 and older").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from carepost.guard.recognizers.base import (
    Candidate,
    Scan,
    cues,
    mentions_health,
    nearest_cue,
)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
_DAYS_IN = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
        r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_MON_LOWER_OK = (r"(?:jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june|july|aug(?:ust)?|"
                 r"sept(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|rsday)?"
_ORD = r"(?:st|nd|rd|th)"

# "the 4th", "Thurs 6th", "Tues 3/14" is NUMERIC with a weekday before it
ORDINAL_DAY = re.compile(
    r"(?i)\b(?:(?:" + _WEEKDAY + r")\.?,?\s+(?:the\s+)?|the\s+)(?P<day>\d{1,2})(?:st|nd|rd|th)\b"
    r"(?!\s+(?:birthday|floor|grade|time|year|anniversary|week|month|day|place|round|dose|"
    r"trimester|percentile|of (?:the|this|every)|century|(?:of\s+)?" + _MON + r"\b))")
# (these open on a digit and look behind it after reading it, "\d(?<!X(?s:.))" for
# "(?<!X)\d": a pattern that opens on a character class lets the regex engine skip to the
# characters that can start a match, one that opens on a lookbehind tries every position)
NUMERIC = re.compile(r"(\d(?<![\w/.\-](?s:.))\d?)([/\-.])(\d{1,2})(?:\2(\d{4}|\d{2}))?"
                     r"(?![\w/]|\.\d)")
ISO = re.compile(r"(\d(?<![\w/\-](?s:.))\d{3})([-/.])(\d{2})\2(\d{2})(?![\w\-])")
MONTH_DAY = re.compile(
    r"(?<![\w])(?P<mon>" + _MON + r"|" + _MON_LOWER_OK + r")\.?\s+(?P<day>\d{1,2})" + _ORD +
    r"?(?:,?\s+(?P<year>(?:19|20)\d{2}))?(?![\w])")
DAY_MONTH = re.compile(
    r"(?<![\w])(?P<day>\d{1,2})" + _ORD + r"?\s+(?:of\s+)?(?P<mon>" + _MON + r")\b\.?"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?")
RELATIVE = re.compile(
    r"\b(?:(?:last|next|this|on)\s+)?" + _WEEKDAY + r"\.?,?\s+the\s+(?P<day>\d{1,2})" + _ORD +
    r"\b", re.I)

DATE_CUES = cues({
    "personal": r"dob|d\.o\.b\.?|date of birth|birth ?date|born|birthday|b-day|my|your|his|her|"
                r"their|mom'?s|dad'?s|since|admitted|admission|discharged|discharge|surgery|"
                r"operation|procedure|transplant|scanned|scan|test|results?|labs?|biopsy|visit|"
                r"appointment|appt|session|follow-up|check|checkup|seen|treated|triaged|arrived|"
                r"died|passed|death|delivered|shots?|booster|dose|vaccinated|colonoscopy|"
                r"mammogram|mri|ct|x-ray|injury|fell|accident|diagnosed|active|expired|"
                r"prescribed|refill|filled|pick ?up|missed|cancelled|canceled|rescheduled|"
                r"was on|were on|high on|low on|operated(?: on)?|op|due date|edd|lmp|induced|"
                r"hospitali[sz]ed|went into labou?r|waters broke|stitches|ambulance|infusion|"
                r"chemo|radiotherapy|dialysis|ultrasound|bloods|blood test|consultant",
    "event": r"info session|information session|q&a session|open session|"
             r"class|classes|clinic|clinics|fair|event|meets|meeting|group|walk|drive|5k|run|"
             r"day|cafeteria|cake|party|memorial|service|offline|maintenance|opened|opens|"
             r"doors|enroll|enrollment|register|registration|sign up|starts|begins|until|"
             r"before|closed|closing|open|hours|rounds|lecture|webinar|seminar|talk|workshop|"
             r"celebration|festival|parade|tour|free|screening|screenings|visits|outreach|"
             r"season|deadline|holiday|launch|sale|promotion|contest|giveaway|expires|school|church|"
             r"library|community|county|park|mall|gym|first|founded|anniversary|history|"
             r"milestone|since opening",
})
# Who can be said to be old: relatives in several languages, patients and residents
_PERSON_NOUN = (r"mom|mum|mother|dad|father|grandma|grandpa|grandmother|grandfather|gran|nan|"
                r"nana|nanna|granny|grandad|granddad|gramps|grampa|gramma|nonna|nonno|abuela|"
                r"abuelo|abuelita|abuelito|oma|opa|bubbe|bubby|zayde|lola|lolo|babcia|dziadek|"
                r"great-(?:grandma|grandpa|grandmother|grandfather|gran|nan|aunt|uncle)|aunt|"
                r"auntie|uncle|husband|wife|patient|resident|neighbou?r|mother-in-law|"
                r"father-in-law|pops|papa|mama|ma|pa")
AGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![\w.,])"
                r"(?P<n>\d{2,3})(?:[\s\-]?(?:years?|yrs?|yr)[\s\-]?(?:old|young|of age)|"
                r"[\s\-]?(?:y/o|yo|y\.o\.?)(?![\w]))", re.I), "age.years_old"),
    (re.compile(r"(?<![\w.,])(?P<n>\d{2,3})(?:st|nd|rd|th)\s+(?:birthday|bday|b-day)", re.I),
     "age.birthday"),
    (re.compile(r"\b(?:i'?m|i am|(?:he|she)'?s|(?:he|she) is|who(?:'s| is| was)|turned|turns|"
                r"turning|aged?|age of)"
                r"\s+(?P<n>\d{2,3})(?![\w%°]|\.\d|"
                r"\s*(?:%|percent|mg|lbs?|pounds|min|minutes|hours|days|weeks|degrees|°|mph|"
                r"times|people|patients|cases))", re.I), "age.stated"),
    (re.compile(r"[A-Za-z]{2,}\s*,\s*(?P<n>\d{2,3})\s*,"), "age.apposition"),
    # "nonna is 90", "Mr. Okafor is 97", "my dad's 93", "Grandpa is almost 95", "she was 91
    # when", "my gran will be 91": a person (never "my oxygen was 91") said to be that old
    (re.compile(r"\b(?:" + _PERSON_NOUN + r"|(?-i:(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z][a-z]+))"
                r"(?-i:(?:\s+[A-Z][a-z]+){0,3})"
                r"(?:\s+(?:is|was)|'s|\s+will be|\s+would have been|,\s+now)"
                r"\s+(?:(?:now|almost|nearly|just|about|over|only|already|actually)\s+)?"
                r"(?P<n>\d{2,3})\b(?![.,]\d|\s*(?:%|percent|mg|lbs?|pounds|kg|min|minutes|"
                r"hours|days|weeks|degrees|°|mph|times|people|patients|cases|bpm))", re.I),
     "age.relative_is"),
    (re.compile(r"\b(?:she|he|i)\s+(?:was|will be|would have been)\s+(?P<n>\d{2,3})"
                r"(?=\s+(?:when|and|on|in|last|this|next|at|but|so|years?)\b|[,.!;])", re.I),
     "age.pronoun_was"),
    # clinical shorthand: "a 93F with a fall", "pt 91 M", "a 95yo M"
    (re.compile(r"(?i:\b(?:an?|pt|patient)\s+)(?P<n>\d{2,3})\s?(?:yo\s?)?[MF]\b"),
     "age.clinical"),
    # "Dad (92) fell", "my nan Edna (97)", "Age: 93": an age in brackets or a form's field
    (re.compile(r"\b(?:mom|mum|mother|dad|father|grandma|grandpa|grandmother|grandfather|gran|"
                r"nan|nana|granny|grandad|aunt|uncle|husband|wife|patient|resident|neighbou?r|"
                r"(?-i:[A-Z][a-z]{1,20}))\s*\((?P<n>\d{2,3})(?:\s*(?:y/?o|yrs?|years?))?[!?]*\)",
                re.I),
     "age.bracketed"),
    (re.compile(r"\b(?:age|aged)\s*[:=]\s*(?P<n>\d{2,3})\b", re.I), "age.field"),
    # "at 96 my gran still waited": an age said before the person
    (re.compile(r"(?:^|[.!?,;]\s*|\band\s+)at\s+(?P<n>\d{2,3}),?\s+(?:my|his|her|he|she|i|mum|mom|"
                r"dad|nan|gran|grandma|grandpa|you(?:'re| are|'ve| have| still))\b", re.I),
     "age.at"),
    # "Happy 93rd to my dad": a birthday wished without the word
    (re.compile(r"\bhappy\s+(?P<n>\d{2,3})(?:st|nd|rd|th)\b(?!\s+(?:anniversary|year))", re.I),
     "age.happy_ordinal"),
)
# What some of the patterns above need in the text (each search costs a step at every
# character; most texts lack these). Lower-case letters are looked up in `Scan.lower`: none of
# these has a case-insensitive twin outside ASCII (as the dotted I has for i), so a text
# lacking them in lower case cannot match.
_AGE_NEEDS: dict[str, Callable[[Scan], bool]] = {
    "age.birthday": lambda scan: "day" in scan.lower,  # birthday, bday, b-day
    "age.apposition": lambda scan: scan.text.count(",") >= 2,
    "age.pronoun_was": lambda scan: "wa" in scan.lower or "be" in scan.lower,
    "age.clinical": lambda scan: "M" in scan.text or "F" in scan.text,
    "age.bracketed": lambda scan: "(" in scan.text,
    "age.field": lambda scan: "age" in scan.lower and (":" in scan.text or "=" in scan.text),
    "age.at": lambda scan: "at" in scan.lower,
    "age.happy_ordinal": lambda scan: "happy" in scan.lower,
}
_OWN_CARE = re.compile(r"(?i)\b(?:my|his|her|their)\s+(?:\w+\s+)?(?:mmr|shots?|vaccines?|"
                       r"jabs?|booster|dose|surgery|procedure|scan|mri|x-?ray|biopsy|"
                       r"appointment|appt|visit|test|labs?|bloods|infusion|colonoscopy|"
                       r"mammogram|delivery|op|operation)\b[^.!?]{0,40}$")
_FULL_MONTHS = frozenset("""january february march april june july august september october
november december""".split())
# a month alone tied to someone's own care ("the leftover amoxicillin from January", "my surgery
# in March", "since her stroke last February"): a date of that person's care
MONTH_ALONE = re.compile(
    r"\b(?:in|since|from|last|this\s+past|early|late|mid-?|back\s+in)\s+(?P<m>January|February|"
    r"March|April|June|July|August|September|October|November|December)\b(?!\s+\d)")
_MONTH_OWNER_ANY = re.compile(r"(?i)\b(my|his|her|their|your)\s+(?:\w+'s\s+)?(?:[\w-]+\s+){0,2}"
                              r"[\w-]+")


_MY_RELATIVE = re.compile(r"(?i)my\s+(?:" + _PERSON_NOUN + r"|son|daughter|kid|child|baby|"
                          r"boy|girl|brother|sister|partner|friend)\b")


def _months_alone(scan: Scan) -> list[Candidate]:
    out = []
    for m in MONTH_ALONE.finditer(scan.text):
        window = scan.before(m.start(), 60)
        # the owner of the care before the month, or later in the same sentence
        before = re.split(r"[.!?]\s", scan.before(m.start(), 100))[-1]
        clause = before + " " + re.split(r"[.!?]", scan.after(m.end(), 50), maxsplit=1)[0]
        owners = [o for o in _MONTH_OWNER_ANY.finditer(clause)
                  if mentions_health(o.group(0).lower()) and not (
                      o.group(1).lower() == "your" and scan.doc.context == "post") and not (
                      o.group(1).lower() == "my" and not _MY_RELATIVE.match(o.group(0)))]
        # "get your shot in October": a post speaks to everyone; "my hysterectomy in March":
        # the writer's own story, which they chose to tell
        if not owners or nearest_cue(window, DATE_CUES) == "event":
            continue
        out.append(Candidate(m.start("m"), m.end("m"), "DATE", 0.6, "date.month_alone",
                             "a month named for someone's own care"))
    return out


WEEKDAY_BEFORE = re.compile(r"(?i)\b" + _WEEKDAY + r"\.?,?\s*$")
PERSON_AFTER = re.compile(r"(?i)\b(?:i|i'm|my|me|he|she|his|her|him)\b")
EVENT_STRONG = re.compile(r"(?i)\b(?:(?:its|our) first|founded|opened (?:its|our)|anniversary)\b")
# 90-125 standing alone (opening on its first digit: see NUMERIC)
OLD_NUMBER = re.compile(r"(?:9(?<!\d(?s:.))\d|1(?<!\d(?s:.))(?:[01]\d|2[0-5]))(?!\d)")
_TENS = {"ninety": 90, "one hundred": 100, "a hundred": 100, "hundred": 100}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}
# "my dad is ninety-two", "she turned a hundred and one"
AGE_WORDS = re.compile(
    r"(?i)\b(?:i'?m|i am|(?:he|she)(?:'s| is)|is|was|turned|turns|turning|aged?)\s+"
    r"(?P<w>(?P<t>ninety|(?:one |a )?hundred)(?:(?:-| and | )(?P<u>one|two|three|four|five|six|"
    r"seven|eight|nine|ten))?)\b(?!-year| years? ago)")
# "a ninety-three-year-old", "ninety one years old": the age said in words before "year old"
AGE_WORDS_YEARS = re.compile(
    r"(?i)\b(?P<w>(?:ninety|(?:one |a )?hundred)(?:(?:-| and | )(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten))?)[\s\-](?:years?|yrs?)[\s\-]old\b")
_W_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten)"
_W_ORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
# "her ninety-sixth birthday", "my grandfather, ninety-one, was...": an age in words said as a
# birthday or set between commas after the person
AGE_WORDS_MORE = re.compile(
    r"(?i)\b(?P<w>(?:ninetieth|(?:one |a )?hundredth|ninety[- ]" + _W_ORD + r"|(?:one |a )?"
    r"hundred(?: and)? " + _W_ORD + r"))\s+(?:birthday|bday|b-day)\b|"
    r"\b(?:" + _PERSON_NOUN + r"),\s+(?P<a>ninety(?:[- ]" + _W_UNIT + r")?|(?:one |a )?hundred"
    r"(?:(?: and | |-)" + _W_UNIT + r")?)\s*,")
_YEARS_TAIL = re.compile(r"(?i)\s(?:yrs?|years?)\b(?! ago)")
AGGREGATE_AFTER = re.compile(r"^\s*(?:\+|and (?:older|over|up)|or (?:older|over)|plus)", re.I)
GENERIC_A = re.compile(r"(?i)(?:^|[.!?]\s+)an?\s+$")
PERSONAL_LATER = re.compile(r"(?i)[^.!?]{0,40}?\b(?:my|our|his|her|your)\b")
MEAN_BEFORE = re.compile(r"(?i)\b(?:mean|median|average|avg|typical)\s+(?:age|aged)\W{0,3}\s*$")
GROUP_AGE_BEFORE = re.compile(r"(?i)\b(?:patients|adults|people|residents|those|anyone|everyone|"
                              r"members|seniors|over|above|under|older\s+than)\s+(?:\w+\s+)?"
                              r"(?:age|aged|ages)\s*$")
# "Our hospital turns 100", "the clinic is 95 years old", "Happy 125th birthday to our chapel":
# the age of a place or an organisation, not of a person
_THING = (r"(?:hospital|clinic|chapel|church|building|cent(?:er|re)|organi[sz]ation|foundation|"
          r"program(?:me)?|practice|pharmacy|campus|school|college|university|company|charity|"
          r"institution|department|ward|wing|system|library|facility|tradition|festival|"
          r"fair|gala|house|home|society|association|league|auxiliary|chapter|club|office|"
          r"museum|garden|park|tree|bridge|town|city)")
THING_AGED_BEFORE = re.compile(
    r"(?i)\b(?:our|the|this|its|their)\s+(?:[\w'-]+\s+){0,2}" + _THING +
    r"(?:'s)?\s+(?:(?:is|was|turns|turned|turning|will\s+be|celebrates|celebrating|marks|"
    r"marking|reaches|reached|now|officially|about\s+to\s+turn|almost|nearly)\s+){1,3}"
    r"(?:an?\s+)?$")
THING_AGED_AFTER = re.compile(r"(?i)\s+(?:(?:birthday|anniversary)\s+)?(?:to|for|of)\s+"
                              r"(?:our|the|this|its|their)\s+"
                              r"(?:[\w'-]+\s+){0,2}" + _THING + r"\b(?!['\u2019]s)")
AGGREGATE_BEFORE = re.compile(r"(?:over|above|under|aged|ages|age|patients|adults|people)\s*$",
                              re.I)


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN[month - 1]


# the words [a-z]+ leaves of an ordinal day ("4th" -> "th"): ORDINAL_DAY and RELATIVE need one
_ORD_WORDS = frozenset({"st", "nd", "rd", "th"})
# a day said in words: "the twelfth of March", "March the 3rd", "May twenty-first"
_DAY_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
              "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
              "nineteenth twentieth thirtieth").split()
_WORD_DAY_VALUE = {w: i + 1 for i, w in enumerate(_DAY_WORDS[:20])} | {"thirtieth": 30}
_WORD_DAY = (r"(?:(?:twenty|thirty)[\s\-])?(?:" + "|".join(_DAY_WORDS) + r")")
_ANY_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
            r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# a year after it, in digits or words ("nineteen fifty-two", "two thousand and three")
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEEN_TENS = (r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
              r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)")
_YEAR = (r"(?:,?\s+(?:(?:19|20)\d{2}|(?:nineteen|twenty)[\s\-](?:oh[\s\-]" + _UNIT_WORD + "|"
         + _TEEN_TENS + r"(?:[\s\-]" + _UNIT_WORD + r")?)|two thousand(?:\s+and)?(?:[\s\-](?:"
         + _TEEN_TENS + r"(?:[\s\-]" + _UNIT_WORD + r")?|" + _UNIT_WORD + r"))?))?")
WORD_DATE = re.compile(
    r"(?i)(?<![\w\-])(?:(?:the\s+)?(?P<wd1>" + _WORD_DAY + r")\s+of\s+(?P<mon1>" + _ANY_MON +
    r")\b|(?P<mon2>" + _ANY_MON + r")\.?\s+(?:the\s+)?(?P<wd2>" + _WORD_DAY + r"|\d{1,2}" + _ORD +
    r"))" + _YEAR + r"(?![\w\-])")
_DAY_WORD_SET = frozenset(_DAY_WORDS)


def _word_day(said: str) -> int:
    """The day of month an ordinal says ("twenty-first" -> 21, "3rd" -> 3)."""
    said = said.lower()
    if said[0].isdigit():
        return int(said[:-2])
    tens = 20 if said.startswith("twenty") else 30 if said.startswith("thirty") else 0
    return tens + _WORD_DAY_VALUE.get(re.split(r"[\s\-]", said)[-1], 0) if tens else (
        _WORD_DAY_VALUE.get(said, 0))


def _dates(text: str, words: frozenset[str], digits: int) -> list[tuple[int, int, str]]:
    # (each search costs a step at every character: skipped when the text lacks what it needs)
    found: list[tuple[int, int, str]] = []
    for m in NUMERIC.finditer(text) if ("/" in text or "-" in text or "." in text) else ():
        mo, da, sep, year = int(m.group(1)), int(m.group(3)), m.group(2), m.group(4)
        if sep != "/" and year is None:
            continue  # "3-4" or "3.4" alone is a range or a decimal, not a date
        # day first ("14/03", "25/12/1961"): the world outside the US writes dates that way
        if not _valid(mo, da) and not ((year or sep == "/") and _valid(da, mo)):
            continue
        found.append((m.start(), m.end(), "date.numeric"))
    for m in ISO.finditer(text) if digits >= 8 else ():
        if _valid(int(m.group(3)), int(m.group(4))):
            found.append((m.start(), m.end(), "date.iso"))
    has_month = not words.isdisjoint(_MONTHS)
    for m in WORD_DATE.finditer(text) if has_month and (
            not words.isdisjoint(_DAY_WORD_SET) or "the" in words) else ():
        mon = (m.group("mon1") or m.group("mon2")).lower()
        said = m.group("wd1") or m.group("wd2")
        if said[0].isdigit() and mon not in ("mar", "march", "may"):
            continue  # "May 3rd" in lower case: MONTH_DAY reads the other months
        if said[0].isdigit() and not m.group(0)[0].islower() and "the" not in m.group(0).lower():
            continue  # "March 3rd" is MONTH_DAY's
        if _valid(_MONTHS[mon], _word_day(said)):
            found.append((m.start(), m.end(), "date.words"))
    for m in MONTH_DAY.finditer(text) if has_month and digits else ():
        if _valid(_MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("day"))):
            found.append((m.start(), m.end(), "date.month_day"))
    for m in DAY_MONTH.finditer(text) if has_month and digits else ():
        if _valid(_MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("day"))):
            found.append((m.start(), m.end(), "date.day_month"))
    ordinal = not words.isdisjoint(_ORD_WORDS)
    for m in RELATIVE.finditer(text) if ordinal and " the " in text.lower() else ():
        if 1 <= int(m.group("day")) <= 31:
            found.append((m.start(), m.end(), "date.relative_weekday"))
    for m in ORDINAL_DAY.finditer(text) if ordinal else ():
        if 1 <= int(m.group("day")) <= 31:
            found.append((m.start(), m.end(), "date.ordinal_day"))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, str]] = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            continue
        kept.append(f)
    return kept


# a score out of five or ten, at the end of a text or before what a score is said with
_RATING = re.compile(r"(?:[0-9]|10)/(?:5|10)")
_RATING_AROUND = re.compile(r"(?i)\s*(?:[.!\u2b50\u2605\U0001f000-\U0001faff\ufe0f]\s*)*$|"
                            r"\s*(?:stars?|would|highly|recommend|rating|overall|for (?:the|care|"
                            r"service))\b")


def dates(scan: Scan) -> list[Candidate]:
    """Dates that exist, after a personal or clinical cue."""
    out: list[Candidate] = []
    if scan.example:
        return out
    if not scan.words.isdisjoint(_FULL_MONTHS) and scan.health:
        out.extend(_months_alone(scan))
    if not scan.digits and scan.words.isdisjoint(_DAY_WORD_SET):
        return out  # no date without a digit or a day said in words
    for start, end, rule in _dates(scan.text, scan.words, scan.digits):
        window = scan.before(start, 60)
        cue = nearest_cue(window, DATE_CUES)
        own = _OWN_CARE.search(window) if cue == "event" else None
        if own is not None and scan.health and not (
                own.group(0)[:5].lower() == "their" and scan.doc.context == "post"
                and scan.doc.direction == "outbound"):
            # "got his MMR at your clinic on Jan 8th": his shot, not an event (an
            # organisation's post that kids need "their booster" speaks of everyone's)
            cue = "personal"
        # a weekday just before the date ("Sat, Aug 2") marks a schedule, unless it is someone's
        wd = WEEKDAY_BEFORE.search(window)
        if wd and cue != "personal":
            continue
        if EVENT_STRONG.search(window):
            continue  # "performed its first transplant on May 2, 1968": the institution's history
        if _RATING.fullmatch(scan.text, start, end) and _RATING_AROUND.match(scan.text, end):
            continue  # "the lab tech was fast. 5/5", "10/10 would recommend": a score
        if wd:
            start -= len(window) - wd.start()  # "Tues 3/14": the weekday belongs to the date
        if cue == "personal" and scan.health:
            out.append(Candidate(start, end, "DATE", 0.8, rule,
                                 "date after a personal or clinical cue (DOB, visit, surgery...)"))
        elif cue is None and scan.health:
            # "On 3/12 my mom was admitted": the person and their care come right after
            after = re.split(r"[.!?]", scan.after(end, 45))[0]
            if (PERSON_AFTER.search(after) and mentions_health(after.lower())
                    and nearest_cue(after, DATE_CUES) != "event"):
                out.append(Candidate(start, end, "DATE", 0.65, rule + ".person_after",
                                     "date followed by a person and their care"))
    return out


def ages(scan: Scan) -> list[Candidate]:
    """Ages over 89 of one person, in a text about health or care."""
    out: list[Candidate] = []
    if scan.digits < 2 or not scan.health or scan.example or not OLD_NUMBER.search(scan.text):
        return out
    seen: set[int] = set()
    for pattern, rule in AGE_PATTERNS:
        need = _AGE_NEEDS.get(rule)
        if need is not None and not need(scan):
            continue
        for m in pattern.finditer(scan.text):
            g = "n"
            n = int(m.group(g))
            if not 90 <= n <= 125 or m.start(g) in seen:
                continue
            n_start, n_end = m.start(g), m.end(g)
            if AGGREGATE_AFTER.match(scan.text[n_end:n_end + 20]) or AGGREGATE_BEFORE.search(
                    scan.text[max(0, n_start - 12):n_start]) and rule != "age.stated":
                continue
            if rule == "age.years_old" and GENERIC_A.search(scan.text, max(0, n_start - 6),
                                                              n_start) and not PERSONAL_LATER.match(
                    scan.text, m.end()):
                continue  # "A 91-year-old is still likely to benefit": anyone of that age
            if MEAN_BEFORE.search(scan.text, max(0, n_start - 24), n_start):
                continue  # "mean age 94": a statistic of many people
            if GROUP_AGE_BEFORE.search(scan.text, max(0, n_start - 30), n_start):
                continue  # "patients over age 90", "anyone aged 95 or older": a group
            if _thing_aged(scan.text, n_start, m.end()):
                continue
            seen.add(n_start)
            end = m.end() if rule in ("age.years_old", "age.birthday", "age.clinical") else n_end
            if rule in ("age.birthday", "age.happy_ordinal"):
                end = n_start + len(m.group(g)) + 2
            out.append(Candidate(n_start, end, "AGE", 0.8, rule,
                                 "an age over 89 (Safe Harbor) said of one person"))
    return out


def _thing_aged(text: str, start: int, end: int) -> bool:
    """Whether the age at start..end is said of a place or organisation, not a person."""
    return (THING_AGED_BEFORE.search(text, max(0, start - 60), start) is not None
            or THING_AGED_AFTER.match(text, end) is not None)


def word_ages(scan: Scan) -> list[Candidate]:
    """Ages over 89 written in words ("ninety-two")."""
    if not scan.health or scan.example or not ("ninety" in scan.lower or "hundred" in scan.lower):
        return []
    out = []
    taken: set[int] = set()
    for m in AGE_WORDS_YEARS.finditer(scan.text):
        if AGGREGATE_BEFORE.search(scan.text[max(0, m.start() - 12):m.start()]) \
                or _thing_aged(scan.text, m.start("w"), m.end()):
            continue
        taken.add(m.start("w"))
        out.append(Candidate(m.start("w"), m.end(), "AGE", 0.75, "age.words_years",
                             "an age over 89 written in words"))
    for m in AGE_WORDS.finditer(scan.text):
        if m.start("w") in taken or AGGREGATE_AFTER.match(
                scan.text[m.end("w"):m.end("w") + 20]) or _thing_aged(
                scan.text, m.start(), m.end("w")):
            continue
        taken.add(m.start("w"))
        tail = _YEARS_TAIL.match(scan.text, m.end("w"))  # "ninety-one yrs"
        out.append(Candidate(m.start("w"), tail.end() if tail else m.end("w"), "AGE", 0.75,
                             "age.words",
                             "an age over 89 written in words"))
    for m in AGE_WORDS_MORE.finditer(scan.text):
        g = "w" if m.group("w") else "a"
        if m.start(g) in taken or _thing_aged(scan.text, m.start(g), m.end()):
            continue
        out.append(Candidate(m.start(g), m.end(g), "AGE", 0.75, "age.words_more",
                             "an age over 89 written in words"))
    return out
