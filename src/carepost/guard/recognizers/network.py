"""Online identifiers: e-mail addresses, personal URLs, IP addresses and social handles.

An organisation's own addresses are public by design: a domain in the OrgProfile, or an
institutional domain (.org, .edu, .gov), or a role mailbox (info@, privacy@) is never flagged.
Personal ones count when the text is about someone's health or care.
"""

from __future__ import annotations

import ipaddress
import re

from carepost.guard.recognizers.base import Candidate, Scan, mentions_health
from carepost.guard.recognizers.names import first_names, last_names

EMAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9\-]{1,63}"
                   r"(?:\.[A-Za-z0-9\-]{1,63}){0,4}\.[A-Za-z]{2,12}(?![\w\-])")
CLINICIAN_MAIL = re.compile(r"(?i)\b(?:dr|doctor|nurse|np|pa)\.?\s+[A-Z][\w'-]+\s*[:,(-]?\s*$")
ROLE_MAILBOX = re.compile(
    r"^(?:info|privacy|contact|hello|help|support|media|press|news|jobs|careers|recruit\w*|"
    r"patientrelations|patient\.?relations|billing|records|hr|admin|office|appointments|"
    r"webmaster|noreply|no-reply|feedback|compliance|marketing|foundation)@", re.I)
INSTITUTIONAL_TLD = re.compile(r"\.(?:org|edu|gov|mil|nhs)(?:\.[a-z]{2})?$|\.ac\.[a-z]{2}$", re.I)
# "my WORK address x@school.org": an institutional address is personal when said to be
MY_ADDRESS = re.compile(r"(?i)\b(?:my|me|your|his|her)\b[^.!?]{0,40}$")

# Sites where a path or subdomain is one person's page (fundraisers, journals, social media).
PERSONAL_SITES = re.compile(
    r"(?:^|\.)(?:caringbridge\.org|gofundme\.com|instagram\.com|facebook\.com|fb\.com|"
    r"tiktok\.com|youtube\.com|youtu\.be|twitter\.com|x\.com|threads\.net|linkedin\.com|"
    r"pinterest\.com|reddit\.com|medium\.com|substack\.com|patreon\.com|linktr\.ee|"
    r"blogspot\.com|wordpress\.com|tumblr\.com|wix(?:site)?\.com|weebly\.com|"
    r"squarespace\.com|givebutter\.com|fundly\.com|spotfund\.com|mealtrain\.com|"
    r"lotsahelpinghands\.com|bsky\.app|mastodon\.social|imgur\.com|zoom\.us|etsy\.com|"
    r"change\.org|flickr\.com|photos\.app\.goo\.gl|drive\.google\.com|docs\.google\.com|"
    r"dropbox\.com|vimeo\.com|twitch\.tv|snapchat\.com|venmo\.com|paypal\.me|"
    r"cash\.app|ko-fi\.com|justgiving\.com|fundrazr\.com|mighty\.com)$", re.I)
PERSONAL_HOST = re.compile(r"(?i)^(?:www\.)?(?:my|team|help|pray|love|the)?[a-z0-9\-]*"
                           r"(?:journey|story|fight|battle|warrior|strong|recovery|diary|"
                           r"blog|updates|caringpage|family|life)[a-z0-9\-]*\.[a-z]{2,6}$")
ORG_HOST = re.compile(r"(?i)(?:health|hospital|clinic|care|med|medical|pharma|center|gov|"
                      r"university|foundation|society|association|institute)")
# a path that is one person's username: letters then a run of digits ("/hvoss1954", "/jdoe_88")
USER_PATH = re.compile(r"/@?[A-Za-z][A-Za-z._\-]{1,20}\d{2,4}/?$")
MY_PAGE = re.compile(r"(?i)\b(?:my|his|her|their)\b")
# a letter or digit, a dot, two letters (found from the dot: a literal the engine skips to)
HOSTISH = re.compile(r"\.(?<=[A-Za-z0-9]\.)[A-Za-z]{2}")
URL = re.compile(
    r"(?<![\w@.\-])(?:https?://)?(?:www\.)?((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,12})((?:/[\w\-.~%@+]*){0,8}(?:\?[\w\-.~%=&+]{1,200})?)(?![\w@])")

DOTTED_HEAD = re.compile(r"(?<![\w.])(?:[A-Za-z0-9_]{1,30} (?:dot|\[dot\]|\(dot\)) ){1,4}$")
# "73 dot 14 dot 201 dot 9", "10[.]0[.]0[.]12": an address with its dots spelled out
IPV4_WORDS = re.compile(r"(?<![\w.])\d{1,3}"
                        r"(?:\s*(?:dot|\[dot\]|\(dot\)|\[\.\]|\(\.\))\s*\d{1,3}){3}"
                        r"(?![\w.]|\s*(?:dot|\[))", re.I)
# (the patterns below open on the character they need and look behind it after reading it,
# "@(?<!X@)" for "(?<!X)@": the regex engine then skips to that character in C)
IPV4 = re.compile(r"\d(?<![\w.](?s:.))\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?![\w]|\.\d)")
IPV6 = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]{0,39}::|(?:[0-9A-Fa-f]{1,4}:){7})"
                  r"[0-9A-Fa-f:]{3,39}(?![\w:])")

HANDLE = re.compile(r"@(?<![\w@./]@)([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
# Organisation handles: CamelCase names ending in a care word ("@StJudeCare", "@WaverlyMC").
ORG_HANDLE = re.compile(
    r"(?:care|health|healthcare|med|medical|mc|hosp|hospital|clinic|center|centre|pharmacy|"
    r"system|rx|md|dental|ortho|peds|news|gov|dept|official|team|hq|foundation|fund|regional|"
    r"kids|children|childrens|hospice|pharmacy|wellness|physicians|doctors|medicine|family|"
    r"general|memorial|rmc|gmc|clinics|partners|network|ems|ph|publichealth|rehab|recovery|"
    r"therapy|physio|dialysis|wellbeing|surgery|surgical|imaging|labs|nhs|trust)$", re.I)
ORG_HANDLE_PLAIN = re.compile(
    r"(?:care|health|healthcare|hosp|hospital|clinic|mc|medical|medcenter|pharmacy|center|"
    r"centre|system|dental|ortho|peds)$", re.I)


def _org_domain(scan: Scan, domain: str) -> bool:
    domain = domain.lower()
    for d in scan.doc.profile.domains:
        d = d.lower().removeprefix("www.")
        if domain == d or domain.endswith("." + d):
            return True
    return False


def emails(scan: Scan) -> list[Candidate]:
    """Personal e-mail addresses in a text about health or care."""
    out: list[Candidate] = []
    if "@" not in scan.text:
        return out
    own = {e.lower() for e in scan.doc.profile.emails}
    for m in EMAIL.finditer(scan.text):
        addr = m.group(0)
        domain = addr.rsplit("@", 1)[1]
        if addr.lower() in own or _org_domain(scan, domain) or ROLE_MAILBOX.match(addr):
            continue
        if CLINICIAN_MAIL.search(scan.before(m.start(), 30)) or re.match(r"(?i)dr[._]?[a-z]", addr):
            continue  # "my GI, Dr. James: drjames@...": a clinician's work address
        if INSTITUTIONAL_TLD.search(domain) and not MY_ADDRESS.search(scan.before(m.start(), 60)):
            continue
        if scan.health and not scan.example and not scan.non_patient:
            # "rosa dot m dot 88 at gmail dot com": the words before belong to the address
            head = DOTTED_HEAD.search(scan.text, max(0, m.start() - 60), m.start())
            out.append(Candidate(head.start() if head else m.start(), m.end(), "EMAIL", 0.85,
                                 "network.email",
                                 "personal e-mail address in a text about health or care"))
    return out


PROFILE_PATH = re.compile(r"(?i)/(?:u|user|users|profile|profiles|patient|patients|member|"
                          r"members|people|person)/(?=[\w.\-]{3,40}/?$)[\w\-]*[\d._][\w.\-]*/?$|"
                          r"^/~[\w.\-]{3,40}")


def _named_host(host: str) -> bool:
    """Whether the host's first label is a first name and a last name run together."""
    label = host.split(".", 1)[0]
    if not label.isalpha() or not 6 <= len(label) <= 24:
        return False
    first, last = first_names(), last_names()
    return any(label[:k] in first and label[k:] in last for k in range(3, len(label) - 2))


def urls(scan: Scan) -> list[Candidate]:
    """URLs of one person's page (fundraiser, journal, social profile)."""
    out: list[Candidate] = []
    if not HOSTISH.search(scan.text):
        return out
    for m in URL.finditer(scan.text):
        host = m.group(1).lower().removeprefix("www.")
        path = m.group(2) or ""
        if "@" in scan.text[max(0, m.start() - 1):m.start()] or _org_domain(scan, host):
            continue
        site = PERSONAL_SITES.search(host)
        if site is None and PROFILE_PATH.search(path) and scan.health and not scan.example \
                and MY_PAGE.search(scan.text):
            # "portal.x.org/u/dana.k.1102", "/patients/55102938": one person's profile, on
            # whatever host
            out.append(Candidate(m.start(), m.end(), "URL", 0.75, "network.url.profile_path",
                                 "a profile page of one person (a user or patient path)"))
            continue
        if site is None and _named_host(host) and scan.health and not scan.example \
                and MY_PAGE.search(scan.text):
            # "www.leoharding.me/about": a site named for its owner, who tells their health
            out.append(Candidate(m.start(), m.end(), "URL", 0.7, "network.url.named_site",
                                 "personal site named for someone, about their health"))
            continue
        if site is None and USER_PATH.match(path) and scan.health and not scan.example and (
                not INSTITUTIONAL_TLD.search(host) and MY_PAGE.search(scan.text)):
            # "my medical ID bracelet says ... medid.me/hvoss1954": one person's page
            out.append(Candidate(m.start(), m.end(), "URL", 0.7, "network.url.user_path",
                                 "a page named for one person (a username in the path)"))
            continue
        if site is None:
            # a site of its own named for someone's story ("mylupusjourney.com")
            if (PERSONAL_HOST.search(host) and not ORG_HOST.search(host) and scan.health
                    and not scan.example):
                out.append(Candidate(m.start(), m.end(), "URL", 0.7, "network.url.personal_site",
                                     "personal site about someone's health story"))
            continue
        personal = len(path.strip("/")) >= 3 or host.count(".") >= 2 and not host.startswith(
            site.group(0).lstrip("."))
        if personal and not scan.example:
            out.append(Candidate(m.start(), m.end(), "URL", 0.85, "network.url.personal_page",
                                 "address of one person's page on a social or fundraising site"))
    return out


def ips(scan: Scan) -> list[Candidate]:
    """IPv4 and IPv6 addresses that parse (a device on someone's network)."""
    out: list[Candidate] = []
    text = scan.text
    if text.count(".") >= 3:
        for m in IPV4.finditer(text):
            try:
                ip = ipaddress.IPv4Address(m.group(0))
            except ValueError:
                continue
            if ip.is_unspecified or re.search(r"(?i)\b(?:version|v|ver)\.?\s*$", scan.before(
                    m.start(), 12)):
                continue
            out.append(Candidate(m.start(), m.end(), "IP", 0.9, "network.ipv4",
                                 "IPv4 address that parses"))
    if "dot" in scan.words or "[.]" in text:
        for m in IPV4_WORDS.finditer(text):
            try:
                ipaddress.IPv4Address(".".join(re.findall(r"\d{1,3}", m.group(0))))
            except ValueError:
                continue
            out.append(Candidate(m.start(), m.end(), "IP", 0.85, "network.ipv4_words",
                                 "IPv4 address with its dots spelled out"))
    if text.count(":") >= 2:
        for m in IPV6.finditer(text):
            try:
                ipaddress.IPv6Address(m.group(0))
            except ValueError:
                continue
            out.append(Candidate(m.start(), m.end(), "IP", 0.9, "network.ipv6",
                                 "IPv6 address that parses"))
    return out


# "u/sadmom_22" (Reddit), "tiktok: brave.bex", "IG lou_fights": a handle without an @
REDDIT_USER = re.compile(r"(?<![\w/@.])/?u/[A-Za-z0-9_\-]{3,20}(?![\w/])")
NAMED_HANDLE = re.compile(
    r"(?i:\b(?:my|her|his|their|mum'?s|mom'?s|dad'?s)\s+(?:tiktok|insta(?:gram)?|ig|snap(?:chat)?|"
    r"twitter|threads|bluesky|reddit|discord|youtube|fb)(?:\s+(?:handle|username|name|is|account)){0,2}"
    r"\s*[:=]?\s+)(?P<h>(?=[A-Za-z0-9_.]*[_.\d])[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_]))"
    r"(?![\w@])")

# "my son is lil_tyler_07 on snapchat": a username said to be someone's on a named network
HANDLE_ON = re.compile(
    r"(?i:\b(?:is|as|called|named|username|handle|user)\s+)@?(?P<h>(?=[A-Za-z0-9_.]*[_.\d])"
    r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_]))(?i:\s+on\s+(?:snapchat|snap|tiktok|"
    r"insta(?:gram)?|ig|twitter|x|reddit|discord|facebook|fb|threads|bluesky|youtube))\b")

_NETWORKS = frozenset({"tiktok", "insta", "instagram", "ig", "snap", "snapchat", "twitter",
                       "threads", "bluesky", "reddit", "discord", "youtube", "fb"})


def _bare_handles(scan: Scan, tied: bool) -> list[Candidate]:
    out: list[Candidate] = []
    if "u/" in scan.text:
        for m in REDDIT_USER.finditer(scan.text):
            opens = not scan.text[:m.start()].strip()
            if scan.health and (opens or tied or MY_HANDLE.search(scan.before(m.start(), 40))
                                or re.match(r"\s+(?:here|again)\b", scan.after(m.end(), 8))):
                out.append(Candidate(m.start(), m.end(), "HANDLE", 0.8, "network.handle.reddit",
                                     "username of the person the health information is about"))
    named = scan.health and scan.words & _NETWORKS
    for m in [*NAMED_HANDLE.finditer(scan.text), *HANDLE_ON.finditer(scan.text)] if named else ():
        out.append(Candidate(m.start("h"), m.end("h"), "HANDLE", 0.75, "network.handle.named",
                             "username given for a person's social account"))
    return out


def handles(scan: Scan, has_other_ids: bool) -> list[Candidate]:
    """Handles of private people tied to health information in the same text."""
    out: list[Candidate] = []
    if scan.example:
        return out
    if "u/" in scan.text or scan.words & _NETWORKS:
        out.extend(_bare_handles(scan, has_other_ids or scan.second_person_health))
    if "@" not in scan.text:
        return out
    own = {h.lower().lstrip("@") for h in scan.doc.profile.handles}
    for m in HANDLE.finditer(scan.text):
        name = m.group(1)
        if name.lower() in own or _looks_like_org(name):
            continue
        # a handle that only tags someone at the end of a comment is not the subject
        introduced = MY_HANDLE.search(scan.before(m.start(), 40)) is not None or (
            scan.health and _subject_of_health(scan, m.start(), m.end())) or (
            scan.doc.direction == "inbound" and _writers_own(scan, m.start(), m.end()))
        # (the costlier test last: whether the text ties health to the person it speaks to)
        if not (introduced and scan.health) and not (
                _is_addressee(scan, m.start()) and (has_other_ids or scan.second_person_health
                                                    or _advised(scan))):
            continue  # "my bestie @x ... her overdose recovery": introduced as a person
        out.append(Candidate(m.start(), m.end(), "HANDLE", 0.8, "network.handle",
                             "handle of the person the health information is about"))
    return out


MY_HANDLE = re.compile(
    r"(?i)(?:\bmy (?:\w+ ){0,2}|\b(?:i'?m|i am|this is|it'?s me,?|it'?s)\s+|"
    r"\b(?:tiktok|instagram|insta|ig|twitter|handle|account|snap|"
    r"snapchat|username)(?: is| name is)?:?\s*)$")


# "shoutout to @x who just finished chemo", "praying for @x", "@x is out of surgery"
CHEER_BEFORE = re.compile(
    r"(?i)\b(?:shout ?out to|congrats(?: to)?|congratulations(?: to)?|pray(?:ing|ers)? for|"
    r"thoughts (?:are )?with|get well(?: soon)?|sending (?:\w+ ){0,2}to|wishing|proud of|"
    r"so proud of|keep|rooting for|love you)\s*,?\s*$")
# the clause is about that person's own care ("her surgery", "is home from", "finished chemo")
PATIENT_CLAUSE = re.compile(
    r"(?i)\b(?:his|her|their)\b|\b(?:is|was|'s) (?:in|out of|home from|back from|still in)\b|"
    r"\b(?:finished|started|beat|beating|fighting|battling|recovering|diagnosed|admitted|"
    r"discharged|rushed)\b")
FIRST_PERSON = re.compile(r"(?i)\b(?:i|me|my|we|us|our)\b|\bi'")
# "... with me after his overdose": the care named is still the handle's own
_THEIR_CARE = re.compile(r"(?i)\b(?:his|her|their)\s+((?:\w+\s+)?\w+)")
SUBJECT_AFTER = re.compile(r"(?i)^\s*,?\s*(?:who|he|she|they|is|was|has|had|just|'s|will)\b")


def _subject_of_health(scan: Scan, start: int, end: int) -> bool:
    """The handle is who the sentence's health news is about."""
    clause = re.split(r"[.!?\n]", scan.text[end:end + 80], maxsplit=1)[0]
    if FIRST_PERSON.search(clause) and not any(
            mentions_health(m.group(1).lower()) for m in _THEIR_CARE.finditer(clause)):
        return False  # "shoutout to @nurse_kim who gave me my shot": the writer's care, not theirs
    if not PATIENT_CLAUSE.search(clause) or not mentions_health(clause.lower()):
        return False
    return SUBJECT_AFTER.match(clause) is not None or CHEER_BEFORE.search(
        scan.before(start, 30)) is not None


# "@mike_h92 here, my chemo starts Monday": the writer names their own handle
_HERE_AFTER = re.compile(r"(?i),?\s+here\b")
# what may stand before a handle that signs a message: sentence end, a dash, emoji or nothing
_SIGN_BEFORE = re.compile("(?:^|[.!?\u2014\u2013~\\-]|[\u2190-\u2bff\U0001f000-\U0001faff"
                          "\ufe0f\u200d])\\s*$")
_SIGN_AFTER = re.compile("[\\s.!\u2190-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]*$")


def _writers_own(scan: Scan, start: int, end: int) -> bool:
    """An inbound message about the writer's own care, signed with a handle at its end ("30
    days sober today \U0001f64c @leo_runs") or opening on "@handle here"."""
    if _HERE_AFTER.match(scan.text, end) and not scan.text[:start].strip():
        return True
    if not _SIGN_AFTER.fullmatch(scan.text, end) or not _SIGN_BEFORE.search(
            scan.text, max(0, start - 12), start):
        return False
    head = scan.text[:start]
    if _I.search(head) or _FIRST_PERSON_CARE.search(head):
        return True
    # "finished my last round of chemo": the writer's own care ("my uncle threw out his
    # insulin" is someone else's, and the handle may be anyone's)
    return any(mentions_health(m.group(1).lower()) and m.group(2).lower() not in _KIN
               for m in _MY_WORDS.finditer(head))


_I = re.compile(r"(?i)\b(?:i|i'm|im|i've|i'd|me|myself)\b")
_MY_WORDS = re.compile(r"(?i)\bmy\s+((\w+)(?:\s+\w+){0,3})")
_KIN = frozenset("""mom mum mother dad father son daughter wife husband partner uncle aunt
niece nephew cousin brother sister grandma grandpa nan gran friend kid kids baby boss""".split())


# a first-person clause without "I": "30 days sober today", "day 3 of chemo", "finally home"
_FIRST_PERSON_CARE = re.compile(
    r"(?i)\b(?:\d+\s+(?:days?|weeks?|months?|years?)\s+(?:sober|clean|cancer[- ]free|"
    r"smoke[- ]free|post[- ]op)|day \d+ of|finally home|(?:one|two|three|\d+) (?:years?|months?) "
    r"(?:in remission|cancer[- ]free))")


# a reply that tells its addressee what they have (a diagnosis names their condition; advice
# alone does not): "@x sounds like gout in that toe", "@x it's definitely a UTI"
_ADVICE_TO_YOU = re.compile(
    r"(?i)\b(?:sounds like|(?:it'?s|that'?s|is) (?:probably|definitely|likely|almost certainly) "
    r"(?:just )?(?:a |an )?\w+|you (?:definitely|probably|likely) have|at your (?:weight|age)|"
    r"(?:that|this|your) \w+ (?:is|sounds) (?:probably|definitely|like))")


def _advised(scan: Scan) -> bool:
    """An outbound reply about health that tells the person it speaks to what they have."""
    return (scan.doc.direction == "outbound" and scan.health
            and _ADVICE_TO_YOU.search(scan.text) is not None)


def _looks_like_org(name: str) -> bool:
    if name.isupper() and any(c.isdigit() or c == "_" for c in name):
        return False  # "@JESSIE_LYNN_91": a person's handle typed in capitals, not CamelCase
    upper_inside = sum(1 for c in name[1:] if c.isupper())
    if upper_inside >= 1 and ORG_HANDLE.search(name) is not None or (
            upper_inside >= 2 and name[0].isupper()):
        return True
    # all lowercase ("@stjudecare"): a care word at the end of a plain word, never "@ahmed"
    m = ORG_HANDLE_PLAIN.search(name)
    return m is not None and m.start() >= 4 and name.isalpha()


def _is_addressee(scan: Scan, pos: int) -> bool:
    """The handle opens the text (after other handles): the text speaks to that person."""
    return pos <= _LEADING_HANDLES.match(scan.text).end()  # type: ignore[union-attr]


# handles opening the text, perhaps after a greeting ("Hi @marco.v,", "Thanks @lizzie_b!")
_LEADING_HANDLES = re.compile(r"(?i:\s*(?:hi|hey|hello|dear|thanks|thank you|thx|ty|"
                              r"good (?:morning|afternoon|evening)|morning)\b\s*,?)?"
                              r"(?:\s*@\w[\w.]{0,40}[,!:]?)*\s*")
