"""Numbers that identify a person: SSN, record, plan, account, licence, device and other IDs,
phone and fax numbers.

One pass finds every ID-shaped token; the cue word nearest before it ("MRN", "member ID",
"acct", "serial", "my number") decides its type. Without a cue, only formats that identify
on their own count (a well-formed SSN, a hospital account record "HAR..."), and a phone number
counts only when a personal cue ("call me", "your home fax") is nearer than an organisational
one ("call us", "our main line", "Questions:").
"""

from __future__ import annotations

import re

from carepost.guard.recognizers.base import Candidate, Scan, cues, nearest_cue, trivial_digits

PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}[ .\-]?)\d{3}[ .\-]?\d{4}"
    r"(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w])")
# Numbers written in groups, any country's way: "+44 20 7946 0321", "0803 555 1234",
# "KY 0034 8812 55", "PJN 663201 K", "9876-543-210-XY", "C-2024/0387"
# (opening on its first character, "+" or the first of 1-6 letters or digits, and looking
# behind it after reading it: the regex engine then skips to such characters in C)
GROUPED = re.compile(
    r"[+A-Z0-9](?<![\w.@/](?s:.))(?:(?<=\+)[A-Z0-9]{1,6}|(?<!\+)[A-Z0-9]{0,5})"
    r"(?:(?: ?[\-./] ?| )\(?[A-Z0-9]{1,8}\)?){1,5}(?![\w@]|[./]\d)")
INTL_PHONE = re.compile(r"^(?:\+\d{1,3}|0\d{0,4}|\(0?\d{1,4}\))(?:[ .\-]?\(?\d{1,5}\)?){1,5}$")
TOKEN = re.compile(r"(?<![\w@/.])[A-Za-z0-9][A-Za-z0-9\-]{2,24}[A-Za-z0-9](?![\w@]|[./]\d)")
# TOKEN where two digits follow within the run of token characters: what `_candidates` keeps
# needs them, and most tokens are words (the lookahead spares a Python step per word)
DIGIT_TOKEN = re.compile(r"(?<![\w@/.])(?=[A-Za-z\-]*[0-9][A-Za-z\-]*[0-9])"
                         + TOKEN.pattern.removeprefix(r"(?<![\w@/.])"))
# "(02) 9876 5432", "(09) 377 1234", "(01) 453 8800": an area code in brackets, opening on 0
AREA_PHONE = re.compile(r"\((?<![\w(]\()0\d{1,4}\) ?\d{3,4}[ \-]?\d{3,4}(?![\w\-])")
# "faxed to 555-0143": a seven-digit number right after the word fax is a fax number
FAX_LOCAL = re.compile(r"(?i)\bfax(?:ed|ing)?\b(?:\s+(?:it|them|this|that|the \w+|"
                       r"(?:no\.?|number|#|is|to|at|on|:))){0,4}\s*:?\s*"
                       r"(?P<n>\d{3}[ .\-]\d{4})(?![\w\-]|[.]\d)")
SPACED_GROUPS = re.compile(r"\d(?<![\w.](?s:.))(?:\d{2} (?:\d{3} \d{3}|\d{2} \d{4})|"
                           r"\d{3}(?:[ \-]\d{4}){2,3}(?:[ \-]\d{1,3})?)(?![\w.])")

# cue -> type; the nearest cue before a token wins (data, not code: extend freely)
ID_CUES = cues({
    "SSN": r"ssn|ss ?#|social security(?: number| no\.?| #)?|social|sin",
    "MRN": r"mrn|mr ?#|fin(?: number| no\.?| #)?|"
           r"medical record(?:s)?(?: number| no\.?| #)?|chart(?: number| no\.?| #)?|"
           r"record (?:number|no\.?|#)|patient (?:id|number|no\.?|#)|hospital (?:number|id|#)|"
           r"medical id|mr number|ur (?:number|no\.?|#)|cr (?:number|no\.?|#)|"
           r"hospital (?:no\.?)|patient (?:ref|reference)|uhid|crn",
    "HEALTH_PLAN_ID": r"(?:insurance |plan )group(?: number| no\.?| #| id)?|"
                      r"group (?:number|no\.?|#|id)|member(?: id| number| no\.?| #)?|"
                      r"subscriber(?: id| number)?|"
                      r"medicare(?: id| number| #)?|medicaid(?: id| number| #)?|mbi|"
                      r"insurance(?: id| number| no\.?| #| card)?|policy(?: number| no\.?| #)?|"
                      r"plan id|health plan(?: id| number)?|(?:bcbs|aetna|cigna|humana|uhc|"
                      r"anthem|kaiser|tricare|united ?healthcare|blue cross|blue shield)"
                      r"(?: member)? (?:id|#|number)|nhs (?:no\.?|number|#)|"
                      r"ohip(?: number| #| no\.?)?|"
                      r"health card(?: number| #)?|medicare card(?: number)?|chi(?: number)?|"
                      r"ihi|mrn? ?no|insurance number|subscriber no|abha(?: number| id)?|"
                      r"nhi(?: number| no\.?)?|chi no\.?|medical card(?: number| no\.?)?|"
                      r"medicare no\.?|ohip no|ehic(?: number)?|health number|"
                      r"(?:ppo|hmo|dental|vision|rx) (?:id|member id)|beneficiary(?: id| number)?|"
                      r"enrollee id|"
                      # "my insurance group GRP 77120", "PMJAY card 7788 4455 1122"
                      r"(?:pm-?jay|ayushman(?: bharat)?|esic|cghs)"
                      r"(?: card| id| number| no\.?)?|nhs card|"
                      # a number right after "my" insurer's name ("my Cigna U4471-0932"), or
                      # opening the sentence ("BCB 551 208 664 is my plan"); after "Member ID"
                      # the insurer's name is part of the number
                      r"(?:(?<=my )|(?<=our )|^)(?:bcbs?|aetna|cigna|humana|uhc|anthem|tricare|"
                      r"united ?healthcare|blue cross(?: blue shield)?|blue shield|molina|"
                      r"ambetter|wellcare|highmark|oscar|medicaid|medicare)",
    "ACCOUNT": r"acct\.?|account(?: number| no\.?| #)?|"
               r"payment plan(?: number| no\.?| #| id| ref)?|billing (?:id|number)|"
               r"statement(?: #)?|"
               r"invoice(?: #| number)?|har|card number|credit card|bank account|bill(?:ing)? #",
    "LICENSE": r"licen[cs]e(?: number| no\.?| #)?|dl|cdl|driver'?s licen[cs]e|driver licen[cs]e|"
               r"lic\.?|ahpra|registration number|npi|dea(?: number| #)?|nmc pin|gmc(?: number)?|"
               # a nurse's or doctor's own registration ("nurse registration NMC 12A3456E")
               r"(?:nurse|nursing|professional|medical|pharmacist|gphc|hcpc|nmc|gmc) "
               r"registration(?: number| no\.?| #)?",
    "DEVICE_ID": r"serial(?: number| no\.?| #)?|sn|s/n|device(?: id)?|udi|"
                 r"(?:implant|device|pacemaker|stent|valve|lens) (?:lot|batch)"
                 r"(?: number| no\.?| #)?|"
                 r"implant(?: id)?|"
                 r"transmitter(?: id| #| serial)?|sensor(?: id| #| serial)|(?:pump|receiver|"
                 r"generator|hearing aid|processor|monitor) (?:id|serial|#)|"
                 # a serial right after the device ("sensor 8QX-11032-LB"): _valid wants
                 # digits mixed with letters or five digits, so "pump 20 units" is no serial
                 r"sensor|pacemaker|(?:insulin )?pump|cgm|defibrillator|icd|transmitter",
    "OTHER_ID": r"claim(?: number| no\.?| #| id)?|case(?: number| no\.?| #| id)?|rx ?#?|"
                r"prescription(?: number| no\.?| #)?|(?:copay )?card id|reference(?: number| #)?|"
                r"ref ?#|confirmation(?: number| #)?|ticket(?: number| #)?|order(?: number| #)|"
                r"authori[sz]ation(?: number| #)|auth ?#|appeal(?: number| #)|voucher|"
                r"referral(?: number| no\.?| #| id| code)?|ref|complaint(?: ref| number| #)?|"
                r"booking(?: ref| number| #)?|tracking(?: number| #)?|"
                r"script(?: number| no\.?| #)?|rx (?:number|no\.?)|refill(?: number| no\.?| #)|"
                r"incident(?: number| no\.?| #| ref)|report(?: number| no\.?| #)|"
                r"file(?: number| no\.?| #)|"
                r"request(?: number| no\.?| #| id)|enquiry(?: number| ref| #)|"
                r"inquiry(?: number| #)|"
                r"grievance(?: number| no\.?| #| id)?|aadhaar(?: number| no\.?)?|"
                r"pan(?: number| no\.?)|"
                r"passport(?: number| no\.?| #)?|national id|id card(?: number)?|"
                r"pps(?: number| no\.?)?|"
                r"student id|employee (?:id|number|no\.?|#)|order (?:no\.?|#)|"
                r"(?:accession|specimen|sample|requisition|lab|wristband|band|bracelet|visit|"
                r"encounter|episode|admission|badge|locker|bed ?board|tag|barcode|kit|"
                r"test kit|swab|vial|tube|form|application|benefits?|welfare|snap|wic|"
                r"disability|sickness|pension|unemployment)(?: number| no\.?| #| id| ref)|"
                r"appeal(?: no\.?)|barcode|accession|vaers(?: report| id| number)?|"
                r"(?:portal )?(?:username|user name|login|user id|portal id)|"
                r"(?:confirmation|booking|reference|auth|"
                r"authori[sz]ation|claim|case|voucher|access) code|"
                r"(?:appointment|appt|visit|encounter|booking|order|request|ticket) "
                r"(?:id|ref|no\.?)|"
                r"pa(?: number| no\.?| #)|"
                r"prior auth(?:ori[sz]ation)?(?: number| no\.?| #| id)?|pre-?auth(?: number| #)",
    "VEHICLE": r"plate|license plate|licence plate|tag|vin|rego|reg|registration plate",
    "NONE": r"(?:ndc|lot|batch|group|zip|zip code|room|rm|bed|version|model|item|sku|cpt|"
            r"icd-?10|promo|coupon|discount|use code|hcpcs|drg|flight|gate|bus|route|"
            r"extension|ext|page|pager|step|question|exhibit|table|figure|charity|"
            r"registered charity|company|vat|ein|abn|acn|cqc|ofsted|provider|clia|facility)"
            r"(?: number| no\.?| #| code)?",
    # "phone number", "cell no.": the phone recogniser decides, with its own cues
    "PHONEWORD": r"(?:phone|cell|cellphone|mobile|fax|contact|telephone|tel|home|work|"
                 r"callback|call-back|whatsapp|direct|landline|daytime|evening) "
                 r"(?:number|no\.?|#)|fax|faxed|phone|cell|mobile|call me|text me|ring me",
    # a bare "number"/"no."/"#"/"ID"/"ref" names some record when no word above says which
    "GENERIC": r"(?:number|no\.|#|id|ref)(?: is| was|:)?",
})
PHONE_CUES = cues({
    "personal": r"my (?:office|work|job|employer|workplace|gp|doctor'?s?(?: office)?|"
                r"lawyer|solicitor|attorney)|"
                r"my|me|mine|i'm|im|i am|you at|calling you|call you|reach you|text you|"
                r"calling from|texting from|call(?:ing)? me from|reach me on|"
                r"voicemail|left a message|message at|ring me|whatsapp|"
                r"your(?: \w+){0,3} (?:to|at|is|number|phone|fax|cell|line)|"
                r"his|her|him|home|cell|cellphone|mobile|"
                r"personal|wife'?s|husband'?s|mom'?s|dad'?s|son'?s|daughter'?s|employer'?s|"
                r"reach me|text me|call me",
    "org": r"our|us|call|called|calling|dial|dialed|phoned|rang|their|text|line|hotline|"
           r"helpline|number for|main number|questions\??|reception|front desk|"
           r"book|reserve|schedul\w*|appointments|office|team|desk|department|dept|center|"
           r"centre|clinic|pharmacy|security|advocate|info|information|toll-free|option|"
           r"looking for|contact|visit",
})
PERSONAL_AFTER = re.compile(
    r"(?i)^\W{0,4}(?:call me|text me|reach me|is my|that's my|it's my|my (?:cell|number|phone|"
    r"mobile|home)|(?:is )?(?:his|her|my (?:mom|dad|wife|husband|son|daughter))(?:'s)? )|"
    r"^[^.!?]{0,30}\b(?:about|re|regarding|for) (?:my|his|her)\b")
ORG_AFTER = re.compile(r"(?i)\?|\b(?:the )?(?:number|line|fax|phone) (?:for|to)\b|"
                       r"\b(?:hotline|helpline|office|clinic|department|scheduling|no answer|"
                       r"nobody|no one|on hold|hung up|voicemail|busy|rings|ringing)\b")
IMPERATIVE_CALL = re.compile(r"(?i)(?:^|[.!?]\s+|,\s*)(?:pls |please )?(?:call|text|ring)\s*:?\s*$")
FAX_WORD = re.compile(r"\bfax(?:ed|ing)?\b", re.I)
DOB_NEAR = re.compile(r"\b(?:dob|date of birth|born)\b", re.I)
IT_IS = re.compile(r"(?i)\s*(?:it'?s|it is|mine is|that'?s|the (?:correct|right|new|real) "
                   r"(?:one|number) is|(?:it )?should (?:be|read))\s*:?\s*")
OUR_OWN = re.compile(r"(?i)\b(?:our|we|us)\b")
YOURS = re.compile(r"(?i)\b(?:your|you're|his|her|their|my)\b|(?<!thank )\byou\b")
YEAR_MONTH = re.compile(r"(?:19|20)\d\d-\d\d")
SHORT_REF = re.compile(r"\d{4}")
SHORT_CUE = re.compile(r"(?i)(?:#|\bno\.?|\bnumber(?: is)?|\bref(?:erence)?(?: is)?)\s*:?\s*$")
STATE_ZIP = re.compile(r"[A-Z]{2} \d{5}(?:-\d{4})?")
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY".split())
VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
PLATE = re.compile(r"^[A-Z0-9]{1,4}[ \-]?[A-Z0-9]{1,4}$")


def ssn_valid(digits: str) -> bool:
    """SSA structure: area not 000, 666 or 9xx; group not 00; serial not 0000."""
    if len(digits) != 9 or trivial_digits(digits):
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum cards and many account numbers carry."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)),
               "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_valid(vin: str) -> bool:
    """North American VIN check digit (position 9)."""
    if not VIN.match(vin):
        return False
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    check = total % 11
    return vin[8] == ("X" if check == 10 else str(check))


def _phone_ok(digits: str, tok: str = "") -> bool:
    if INTL_PHONE.match(tok) and 9 <= len(digits) <= 14 and not tok.startswith("+1"):
        return not trivial_digits(digits)  # another country's number (leading + or 0)
    core = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
    return (len(core) == 10 and core[0] not in "01" and core[3] not in "01"
            and core[1:3] != "11" and not trivial_digits(core))


_EXTENSION = re.compile(r"(?i)\s?(?:x|ext\.?)\s?\d")


def _without_extension(tok: str) -> str:
    """The digits of a phone number without its extension ("604.555.0133 x22")."""
    main = _EXTENSION.split(tok)[0]
    return "".join(filter(str.isdigit, main))


def _candidates(text: str, digits: int) -> list[tuple[int, int, bool]]:
    """(start, end, phone-shaped) for every ID-shaped stretch, longest first on overlap.
    `digits` (how many the text holds) skips the shapes that need more: a search costs a
    step at every character, and most texts hold a few digits at most."""
    found: list[tuple[int, int, bool]] = []
    for m in PHONE.finditer(text) if digits >= 10 else ():
        found.append((m.start(), m.end(), True))
    for m in AREA_PHONE.finditer(text) if digits >= 8 else ():
        found.append((m.start(), m.end(), True))
    phones = list(found)
    for m in SPACED_GROUPS.finditer(text) if digits >= 9 else ():
        found.append((m.start(), m.end(), False))
    for m in DIGIT_TOKEN.finditer(text):
        tok = m.group(0)
        if sum(map(str.isdigit, tok)) >= 2:
            # "07911123456": a run of digits from 0 is another country's phone number
            found.append((m.start(), m.end(), tok.isdigit() and tok[0] == "0"
                          and 10 <= len(tok) <= 13))
    for m in GROUPED.finditer(text) if digits >= 4 else ():  # kept ones hold 4 or more
        start, tok = m.start(), m.group(0)
        # a cue word caught at the front ("SN PJN 663201 K") is not part of the number
        while True:
            if tok.startswith("(") and tok.endswith(")"):
                start, tok = start + 1, tok[1:-1]  # "(SN 77-CP-2290)": the brackets are not it
            head, _, rest = tok.partition(" ")
            if rest and not any(map(str.isdigit, head)) and (
                    ID_CUES.fullmatch(head) and head.lower() not in _INSURERS
                    or head.upper() in ("ID", "NO", "NUMBER")
                    or rest.startswith("(")):  # "CPAP (SN 77-CP-2290)": a word, then the ID
                start += len(head) + 1
                tok = rest
                continue
            break
        digits = sum(map(str.isdigit, tok))
        if any(a < start + len(tok) and start < b for a, b, _ in phones):
            continue  # a North American number reads best as itself
        if digits >= 5 and " " in tok or "/" in tok and digits >= 4:
            phoneish = INTL_PHONE.match(tok) is not None or (
                9 <= digits <= 14 and re.fullmatch(r"[\d ().\-]+", tok) is not None)
            found.append((start, start + len(tok), phoneish))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, bool]] = []
    for c in found:
        if kept and c[0] < kept[-1][1]:
            continue
        kept.append(c)
    return kept


# an insurer's name before grouped digits is part of the plan number ("UHC 9930 4418 21")
_INSURERS = frozenset("""bcb bcbs aetna cigna humana uhc anthem tricare molina ambetter wellcare
highmark oscar medicaid medicare""".split())


def _valid(kind: str, tok: str) -> bool:
    digits = "".join(filter(str.isdigit, tok))
    alnum = "".join(filter(str.isalnum, tok))
    if trivial_digits(digits):
        return False
    if kind == "SSN":
        return ssn_valid(digits)
    if kind == "VEHICLE":
        return bool(VIN.match(alnum)) or bool(PLATE.match(tok.upper()))
    if kind == "ACCOUNT":
        # a card number must pass Luhn; other account numbers carry no public checksum
        return 5 <= len(digits) <= 19 and (len(digits) < 13 or luhn_valid(digits))
    if kind in ("DEVICE_ID", "OTHER_ID") and len(digits) >= 2 and 6 <= len(alnum) <= 20 and (
            not alnum.isdigit()):
        return True  # short transmitter and sensor IDs ("8GM4TX")
    if kind in ("LICENSE", "DEVICE_ID", "HEALTH_PLAN_ID", "OTHER_ID"):
        # licences and serials mix letters and digits: "HALVOIN223NK", "WDL8A9B7C6D"
        return (len(digits) >= 5 or len(digits) >= 2 and len(alnum) >= 7) and len(alnum) <= 20
    return 5 <= len(digits) and len(alnum) <= 20


def _generic(scan: Scan, tok: str, phone_shaped: bool) -> str | None:
    """After a bare "number is" / "no." / "ID:": some record's number, in a text about care."""
    digits = sum(map(str.isdigit, tok))
    alnum = sum(map(str.isalnum, tok))
    if not scan.health or trivial_digits("".join(filter(str.isdigit, tok))):
        return None
    if phone_shaped and _phone_ok(_without_extension(tok), tok):
        return None  # "my number is 617-555-0134": a phone, for the phone cues to judge
    if digits >= 5 or digits >= 3 and alnum >= 6 and alnum > digits:
        return "number after 'number' / 'no.' / 'ID' in a text about care"
    return None


# where a cue's sentence starts (a cue counts within its own sentence)
_SENTENCE_BREAK = re.compile(r"[!?]\s+|\.\s+(?=[A-Z])")
_CLAUSE_BREAK = re.compile(r"[.!?]\s+|\s\u2014\s*")
SSN_SHAPE = re.compile(r"\d{3}[- ]\d{2}[- ]\d{4}")
HAR = re.compile(r"HAR\d{6,12}")


def find(scan: Scan) -> list[Candidate]:
    """Cued identifiers, self-identifying formats and personal phone/fax numbers."""
    text = scan.text
    out: list[Candidate] = []
    if scan.digits < 2 or scan.example:
        return out  # every ID shape here has digits; examples identify no one
    prev_end = 0
    for start, end, phone_shaped in _candidates(text, scan.digits):
        tok = text[start:end]
        window = text[max(prev_end, start - 45):start]
        # a cue counts within its own sentence ("...your insurance card. Free parking at 8871")
        window = _SENTENCE_BREAK.split(window)[-1]
        if IT_IS.fullmatch(window):
            # "...the wrong license number on my card. It's T552-881-043-911": the cue is in
            # the sentence before
            window = text[max(prev_end, start - 90):start]
        prev_end = end
        kind = nearest_cue(window, ID_CUES)
        if kind is None and " " in tok and tok.partition(" ")[0].lower() in _INSURERS:
            kind = "HEALTH_PLAN_ID"  # "BCB 551 208 664 is my plan": the insurer leads it
        if STATE_ZIP.fullmatch(tok) and tok[:2] in US_STATES:
            continue  # "Dover, DE 19901": a state and its ZIP, read by the places recognizer
        if kind in ("NONE", "VEHICLE"):
            continue  # plates are read whole by the vehicle recognizer
        if kind == "OTHER_ID" and phone_shaped and FAX_WORD.search(window):
            kind = "PHONEWORD"  # "fax your referral to (03) 9123 4567": a fax line, not the ID
        if kind == "PHONEWORD":
            kind = None
        elif kind == "GENERIC":
            generic = _generic(scan, tok, phone_shaped)
            if generic is not None:
                out.append(Candidate(start, end, "OTHER_ID", 0.7, "ids.cue.generic", generic))
            kind = None
        if kind in ("OTHER_ID", "GENERIC") and scan.doc.context == "post" and (
                OUR_OWN.search(window + text[end:end + 25])
                and not YOURS.search(text[max(0, start - 60):end + 40])
                or YEAR_MONTH.fullmatch(tok)):
            kind = None  # "case number 2026-04 of our quality review": the organisation's own
        if kind == "OTHER_ID" and SHORT_REF.fullmatch(tok) and SHORT_CUE.search(window):
            # "case #4471", "Rx# 3390": a four-digit number after a case/claim/Rx number sign
            out.append(Candidate(start, end, kind, 0.8, "ids.cue.other_id.short",
                                 "short number after a case / claim / Rx number sign"))
            continue
        if kind is not None and _valid(kind, tok):
            out.append(Candidate(start, end, kind, 0.9, f"ids.cue.{kind.lower()}",
                                 f"number after a {kind} cue word"))
            continue
        digits = "".join(filter(str.isdigit, tok))
        alnum = "".join(filter(str.isalnum, tok))
        if len(digits) < 5:
            continue
        if SSN_SHAPE.fullmatch(tok) and ssn_valid(digits):
            out.append(Candidate(start, end, "SSN", 0.85, "ids.ssn.format",
                                 "SSN format (AAA-GG-SSSS) with a valid structure"))
        elif HAR.fullmatch(tok):
            out.append(Candidate(start, end, "ACCOUNT", 0.85, "ids.har",
                                 "hospital account record number (HAR prefix)"))
        elif vin_valid(alnum.upper()) and len(alnum) == 17:
            out.append(Candidate(start, end, "VEHICLE", 0.85, "ids.vin",
                                 "vehicle identification number with a valid check digit"))
        elif phone_shaped and _phone_ok(_without_extension(tok), tok) \
                and len(digits) >= 9:
            cand = _phone(scan, start, end)
            if cand is not None:
                out.append(cand)
    if "fax" in scan.lower:
        taken = [(c.start, c.end) for c in out]
        for m in FAX_LOCAL.finditer(text):
            if any(s < m.end("n") and m.start("n") < e for s, e in taken):
                continue
            cand = _phone(scan, m.start("n"), m.end("n"))
            if cand is not None:
                out.append(cand)
    if "s" in scan.lower and ("ssn" in scan.lower or "s s n" in scan.lower
                              or "social" in scan.lower):
        taken = [(c.start, c.end) for c in out]
        out.extend(c for c in _partial_ssns(text)
                   if not any(s < c.end and c.start < e for s, e in taken))
    return out


# "ssn ends 5513", "last 4 of my ssn 8046", "S S N ends 3 3 1 7": the last four digits of an
# SSN identify a person with their name or plan, whatever else the text says
_SSN_WORD = r"(?:ssn|s\.?\s?s\.?\s?n\.?|social security(?:\s+(?:number|no\.?|#))?|social)"
PARTIAL_SSN = re.compile(
    r"(?i)\b(?:" + _SSN_WORD + r"(?:\s+(?:number|no\.?|#|is|was|digits?))*\s*:?\s*"
    r"(?:(?:that\s+)?(?:ends?|ending)(?:\s+(?:in|with))?|last\s+(?:4|four)(?:\s+digits)?"
    r"(?:\s+(?:are|is))?|xxx-xx-)|last\s+(?:4|four)(?:\s+digits)?\s+of\s+(?:(?:my|his|her|their|"
    r"the)\s+)?" + _SSN_WORD + r"(?:\s+(?:are|is))?)\s*[:#-]?\s*(?P<d>\d(?:\s?\d){3})(?![\d-])")
# "ssn ends 4471, full is 6 0 2 - 1 1 - 4 4 7 1": an SSN typed digit by digit (the folded
# text joins the digits) shortly after the word SSN
NINE_DIGITS = re.compile(r"\d(?<![\w\-](?s:.))\d{8}(?![\w\-])")


def _partial_ssns(text: str) -> list[Candidate]:
    out = [Candidate(m.start("d"), m.end("d"), "SSN", 0.8, "ids.ssn.last_four",
                     "last four digits of a Social Security number")
           for m in PARTIAL_SSN.finditer(text)]
    for m in NINE_DIGITS.finditer(text):
        if ssn_valid(m.group(0)) and (
                re.search(r"(?i)\b" + _SSN_WORD, text[max(0, m.start() - 40):m.start()])):
            out.append(Candidate(m.start(), m.end(), "SSN", 0.85, "ids.ssn.after_word",
                                 "nine digits with a valid SSN structure after the word SSN"))
    return out


def _phone(scan: Scan, start: int, end: int) -> Candidate | None:
    """A phone or fax number, when the nearest cue before it is personal."""
    window = scan.before(start, 60)
    # a cue counts within its own sentence ("...ask your pharmacist. +1 215 ..." is not "your")
    window = _CLAUSE_BREAK.split(window)[-1]
    cue = nearest_cue(window, PHONE_CUES)
    is_fax = FAX_WORD.search(window) is not None
    kind = "FAX" if is_fax else "PHONE"
    if cue == "personal":
        return Candidate(start, end, kind, 0.8, f"ids.{kind.lower()}.personal",
                         f"{kind.lower()} number after a personal cue (my / your / call me)")
    if cue is None and DOB_NEAR.search(scan.text[max(0, start - 40):end + 40]):
        return Candidate(start, end, kind, 0.7, f"ids.{kind.lower()}.with_dob",
                         f"{kind.lower()} number listed with a date of birth")
    after = scan.after(end, 40)
    # "Call 604.555.0133 about my wife's bloods": a patient asking to be called back
    imperative = scan.doc.direction == "inbound" and IMPERATIVE_CALL.search(window) is not None
    if PERSONAL_AFTER.match(after) and (cue != "org" or imperative):
        return Candidate(start, end, kind, 0.75, f"ids.{kind.lower()}.personal_after",
                         f"{kind.lower()} number followed by a personal cue (call me, my cell)")
    # a member of the public posting a bare number about their care: theirs, unless they ask
    # about it ("is 813-613-9847 the number for billing?")
    if (cue is None and scan.doc.direction == "inbound" and scan.health
            and not ORG_AFTER.search(after.split(".")[0])):
        return Candidate(start, end, kind, 0.6, f"ids.{kind.lower()}.inbound_bare",
                         f"bare {kind.lower()} number in a message from the public about care")
    return None
