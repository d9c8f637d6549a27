"""Where a person is: street addresses, ZIP codes, hospital rooms and beds, small places and
employers.

Addresses and ZIP codes of the organisation's own sites are public: a profile lists them, and
without one the nearest cue decides ("our new clinic at", "the pharmacy at" vs "I'm at",
"send someone to", "we live in"). Rooms count when a patient is in them, not a lecture hall.
"""

from __future__ import annotations

import re

from carepost.guard.recognizers.base import (
    Candidate,
    Scan,
    cue_starts,
    cues,
    nearest_cue,
    starts_then,
)
from carepost.guard.recognizers.names import first_names

_SUFFIX = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|"
           r"Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|"
           r"Row|Path|Pike|Alley|Crescent|Close)")
STREET_WORDS = frozenset(re.findall(r"[a-z]+", _SUFFIX.lower()))
_UNIT = r"(?i:flat|apt\.?|apartment|unit|suite|ste\.?|#)"
ADDRESS = re.compile(
    r"(?<![\w#])(?:" + _UNIT + r"\s*\w{1,5},?\s+(?:at\s+)?)?\d{1,6}[A-Z]?\s+"
    r"(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?"
    r"(?:(?:County|Co\.?|State|Farm|Ranch)\s+(?:Road|Rd|Route|Rte|Highway|Hwy)\s+\d{1,4}[A-Z]?|"
    r"(?:Route|Rte|Highway|Hwy|Rural Route)\s+\d{1,4}[A-Z]?|"
    r"(?:(?:[A-Z][a-z]+(?:'s)?|\d{1,3}(?:st|nd|rd|th))\.?\s+){1,3}" + _SUFFIX + r"\b\.?)"
    r"(?:,?\s+" + _UNIT + r"\.?\s*#?\s*[A-Za-z0-9\-]{1,6})?"
    r"(?:,\s+(?P<town>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?![\w]))?")
ADDRESS_CUES = cues({
    "personal": r"my|me|i'm|im|i am|your|his|her|home|house|live|lives|living|staying|"
                r"we're at|we are at|we're in|we're on|our (?:house|home|flat|apartment|place)|"
                r"(?:we|i|they|mum|mom|dad)(?:'ve| have)? (?:just )?moved to|"
                r"(?:we're|we are|i'm|i am) moving to|"
                r"send someone|send help|come to|at home|send|sent to|ship|shipped to|"
                r"you at|visit you|see you at|"
                r"posted to|post to|mailed to|mail to|call to|deliver|delivered to",
    "org": r"our|us|we|entrance|clinic|pharmacy|urgent care|hospital|center|centre|office|"
           r"you can (?:mail|send|post|bring|drop off|fax)|please (?:mail|send|post|bring|"
           r"drop off) (?:your|it|them)|"
           r"location|located|parking|park|campus|vaccines?|walk-in|open|opens|lab|lab work|"
           r"building|store|site|event|fair|drive|held|visit us|find us|directions",
})
# (opening on a digit and looking behind it after reading it, "\d(?<!X(?s:.))" for
# "(?<!X)\d": the regex engine then skips to the digits in C instead of trying every position)
ZIP = re.compile(r"(\d(?<![\w\-.$,](?s:.))\d{4})(?:-\d{4})?(?![\w\-]|\.\d|,\d)")
ZIP_CUES = cues({
    "personal": r"(?!zip ?codes|zips|postcodes|postal codes)"
                r"(?:(?:zip code|zip|postcode|post code) area|(?:to |with |visit )?you in|"
                r"zip code|zip|zipcode|postal code|postcode|post code|pin code|pincode|eircode|"
                r"your (?:area|home|house|place) in|"
                r"li(?:ve|ves|ving)(?: \w+)? in|home in|"
                r"(?:patient|person|one|family|resident)s? in|"
                r"house in|from|my|his|her|their|i'm in|we're in|we are in|i am in|"
                r"(?:(?:way|all the way|far) )?(?:out|up|down|over)(?: here| there)? in|"
                r"our (?:zip|zip code|postcode|postal code)(?: is)?|"
                r"(?:i'm|i am|we're|we are|i live|we live) (?:in|near) the|"
                r"(?:we|i|they)(?:'ve| have)? (?:just )?(?:moved|moving|relocated) to|"
                r"(?:anything|anywhere|something|testing|doctor)s? around|"
                r"(?:send|ship|deliver|mail|post)\w* (?:\w+ ){0,3}to(?: the)?)",
    "org": r"clinic|office|location|near|our|center|centre|hospital|pharmacy|site|branch|"
           r"store|campus|open|opens|clinic in|area|county|district|serving|"
           r"zip codes|zips|postcodes|postal codes|everyone in|residents of",
})
ORG_STREET = re.compile(r"\b(?:Hospital|Medical|Health|Clinic|Campus|Care|University)\b")
OWNED = re.compile(r"(?i)\bour\b")
ORG_NEXT = re.compile(r"(?i)\s*(?:clinic|office|location|site|branch|campus|center|centre|"
                      r"hospital|pharmacy|area)\b")
ROOM_WORDS = frozenset({"room", "rm", "bed", "bay", "ward", "bassinet", "crib", "isolette",
                        "cubicle", "pod", "cubby", "cot", "side", "chair"})
# a letter alone names a bed only in capitals ("pod C", "Bed F2"): never "beds", "bed a while"
# ("room C-7", "room 5-North 18": a letter and a hyphen, a floor and its wing)
_ROOM_ID = (r"\s*#?\s*(?:\d{1,2}-(?-i:North|South|East|West)(?:\s+\d{1,3})?|"
            r"\d{1,4}(?:\s?-\s?[A-Z0-9]{1,2}|-\d{3,4}|[A-Z])?|(?-i:[A-Z])(?:-\d{1,3}|\d{0,3}))")
ROOM = re.compile(
    r"(?<![\w])(?:(?:ICU|CCU|NICU|PICU|HDU|SICU|MICU|PACU)\s+)?"
    r"(?:room|rm\.?|bed|bay|ward|bassinet|crib|isolette|cubicle|pod|cot|side room|"
    r"(?:dialysis|infusion|chemo|treatment|recliner)\s+chair)" + _ROOM_ID +
    r"(?:(?:,\s*|\s+(?:on|in|of)\s+|\s+)(?:bed|bay|room|ward)" + _ROOM_ID +
    r"|(?:,\s*|\s+)\d{1,2}\s?(?-i:North|South|East|West|N|S|E|W)\b(?:\s+\d{1,3})?"
    r"|\s+(?-i:North|South|East|West)\s+\d{1,3}"
    r"|,\s*(?-i:[A-Z][A-Za-z]*(?:\s(?:&\s)?[A-Z][A-Za-z]*){0,2}))?(?![\w\-])", re.I)
# "my nan is on ward 7", "I'm in bay 4", "dad's still in pod C": someone lies there
LYING_IN = re.compile(
    r"(?i)\b(?:i'?m|i am|(?:he|she|they)(?:'s| is| are|'re)|is|was|are|were|been|still|now|"
    r"moved|transferred|admitted|put|stuck|lying|left)\s+(?:\w+\s+){0,2}(?:in|on|to|into)\s+"
    r"(?:the\s+)?(?:[A-Z]{2,4}\s+)?$")
ROOM_EVENT = re.compile(
    r"\b(?:present\w*|lecture|class|meeting|rounds|education|conference|auditorium|lunch|cme|"
    r"renovat\w*|tour|seminar|workshop|training|orientation|meets|session|cafeteria|"
    r"newly|private rooms|suite|open house|blood drive|pull into|hosts?|hosting|hosted|yoga|"
    r"pilates|tai chi|choir|exhibit\w*|gallery|studio)\b", re.I)
# with someone lying there, meals are their care ("nobody has fed her since lunch")
ROOM_EVENT_LYING = re.compile(ROOM_EVENT.pattern.replace("lunch|", "").replace("cafeteria|", ""),
                              re.I)
# Employers ("my boss at Hardy PLC") and small towns ("the only dialysis patient in Lebanon").
# a capitalised word, CamelCase ("FedEx") or an acronym of three or more letters ("UPS")
_PROPER = (r"(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[\-'][A-Z][a-z]+)?|"
           r"(?!ICU|NHS|NICU|CCU|HDU)[A-Z]{3,5}\b)")
_ORG_NAME = (r"(?:St\.?\s+)?" + _PROPER + r"(?:'s)?(?:(?:,\s+|\s+and\s+|\s+&\s+|-|\s+)"
             + _PROPER + r"(?:'s)?){0,3}"
             r"(?:\s+(?:Ltd|LLC|Inc|PLC|Group|Co|Corp|Company|and Sons|& Sons))?"
             r"(?:\s+on\s+(?:Route\s+\d{1,4}|" + _PROPER + r"\s+(?:Lane|Road|Street|St|Ave|"
             r"Avenue|Rd|Blvd|Way|Drive)))?")
_EMPLOYER_CUE = (
    r"work(?:s|ed|ing)? (?:at|for)|teach(?:es|ing)? at|boss at|manager at|supervisor at|"
    r"coworkers? at|co-workers? at|colleagues? at|job at|employer,?|employed (?:at|by)|"
    r"(?:i'?m|i am|(?:he|she)(?:'s| is)|my \w+ is) an? (?:\w+ )?(?:teacher|cashier|driver|clerk|"
    r"cook|chef|mechanic|janitor|receptionist|server|waitress|waiter|bartender|manager|"
    r"worker|employee|nanny|barista|accountant|engineer|trainer|coach|foreman|technician) "
    r"(?:at|for)|"
    r"back to work at|return to work at|drive(?:s)? for|driving for|deliver(?:s)? for|"
    # "got let go from Crane Logistics after my diagnosis": the employer who dismissed them
    r"(?:let go|fired|laid off|sacked|dismissed|terminated|suspended|made redundant) (?:from|by)|"
    r"(?:goes|go|went|going) to school at|(?:my|his|her|our) (?:\w+'s )?(?:school|church|"
    r"congregation|mosque|temple|gurdwara|synagogue|parish|workplace|office),?|"
    r"(?:pupil|teacher) at|(?:everyone|everybody|people|folks|the whole \w+) at|")
EMPLOYER = re.compile(
    r"\b(?i:" + _EMPLOYER_CUE +
    r"(?:goes|go|went) to(?= (?:the )?" + _PROPER + r"(?:\s+" + _PROPER + r")?\s+"
    r"(?:Primary|Elementary|Middle|High|Academy|School|College|Prep)\b)|attends)"
    r"\s+(?:the\s+)?(?P<org>" + _ORG_NAME + r")\.?")
# where EMPLOYER may start, on the lower-cased text (see `starts_then`): its cue, "goes to"
# without the school name that must follow
_EMPLOYER_STARTS = cue_starts(_EMPLOYER_CUE + r"(?:goes|go|went) to|attends")
WHERE_I_WORK = re.compile(r"(?P<org>" + _ORG_NAME + r")\s+where\s+(?:I|he|she|my \w+)\s+works?\b")
# one or two capitalised words; a state code after the town ("Dayton OH") is not part of it
_TOWN_NAME = (r"(?P<town>[^\W\d_a-z][^\W\d_]+(?:\s[^\W\d_a-z][^\W\d_A-Z][^\W\d_]*)?"
              # a place of work or care named after its town: "Harmon Valley Nursing Home"
              r"(?:\s(?:Nursing Home|Elementary|Primary|High School|Middle School|Academy|"
              r"Plant|Factory|Mill|Mine|Farm|Ranch|Depot|Warehouse|Library|YMCA|Fire Station|"
              r"Police Station|Post Office))?)\b")
_TOWN_CUE = (
    r"only (?:\w+ ){0,2}(?:patient|person|kid|child|family|resident|one|nurse|teacher|"
    r"user|member|customer|client|worker|employee|parent|grandparent|widow|veteran|"
    r"doctor|vet|pastor|priest|imam|rabbi|farmer|mechanic|officer|cop|firefighter|"
    r"girl|boy|man|woman|mum|mom|dad|student|pharmacist|dentist|lawyer|coach|barber|"
    r"hairdresser|baker|plumber|electrician|midwife|teen|baby|twin|survivor|athlete|player)s?"
    r" (?:in|from|at)|"
    r"(?:patients?|babies|twins|triplets|quadruplets|family|boy|girl|man|woman|lady|guy|"
    r"toddler|teen) from|(?:you|i|we|they|he|she|my \w+) li(?:ve|ves) in|all the way (?:in )?from|"
    r"(?:town|village|place|community) (?:as small as|this small,? like)|"
    r"only (?:\w+ ){0,2}(?:family|one|"
    r"house|person|patient|kid|child)s? on")
# "baby Amara from Tumut, our youngest transplant": a named patient and their town
_NAMED_FROM = r"(?:baby|patient|resident|little)\s+{n}(?:\s+{n})? from"
TOWN = re.compile(
    r"\b(?:(?i:" + _TOWN_CUE + r")|" + _NAMED_FROM.format(n=r"[A-Z][a-z'\-]+") + r")\s+"
    r"(?:the (?:tiny |small |little )?(?:town|village) of\s+)?"
    + _TOWN_NAME)
_TOWN_STARTS = cue_starts(_TOWN_CUE + "|" + _NAMED_FROM.format(n=r"[a-z'\-]+"))
# States, countries and regions: too big to single anyone out ("I'm from Ohio")
BROAD_PLACES = frozenset("""
Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii
Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan
Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Texas
Utah Vermont Virginia Washington Wisconsin Wyoming America USA US UK England Scotland Wales
Ireland Canada Mexico India China Japan Korea Vietnam Philippines Nigeria Ghana Kenya Ethiopia
Somalia Egypt Brazil Colombia Venezuela Peru Cuba Haiti Jamaica Guatemala Honduras Salvador
Poland Ukraine Russia Germany France Spain Italy Portugal Greece Turkey Iran Iraq Syria Israel
Lebanon Pakistan Bangladesh Afghanistan Australia Zealand Europe Africa Asia Ontario Quebec
Alberta Manitoba Saskatchewan Scotland Queensland Victoria Tasmania Punjab Kerala Texas the
New North South West East Puerto Rico Dakota Carolina Jersey Hampshire Mexico York Island
Overseas Abroad Here There Home Out Work School Church Hospital Europe Brooklyn
Chicago Houston Phoenix Philadelphia San Los Dallas Austin Jacksonville Columbus Charlotte
Indianapolis Seattle Denver Boston Nashville Detroit Portland Memphis Louisville Baltimore
Milwaukee Albuquerque Tucson Fresno Sacramento Atlanta Miami Oakland Minneapolis Tulsa
Cleveland Pittsburgh Cincinnati Orlando Tampa Honolulu Vegas Manhattan Bronx Queens London
Manchester Birmingham Glasgow Edinburgh Liverpool Leeds Bristol Dublin Belfast Cardiff Toronto
Montreal Vancouver Calgary Ottawa Sydney Melbourne Brisbane Perth Adelaide Auckland Mumbai
Delhi Bangalore Chennai Kolkata Lagos Nairobi Paris Berlin Madrid Rome Tokyo Seoul Manila
""".split())
_TOWN_WORDS = frozenset({"only", "from", "live", "lives", "town", "village", "place", "community"})
_LIVES_WORDS = frozenset({"live", "lives", "lived", "living", "from", "called", "named", "town",
                         "village", "hamlet"})
_GOSSIP_WORDS = frozenset({"knows", "know", "saw", "heard", "talking", "talk", "see",
                           "recognized", "recognised", "found"})
_SCHOOL_WORDS = frozenset({"elementary", "primary", "middle", "high", "academy", "preschool",
                           "nursery", "montessori", "prep"})
_RARE = ("only", "patient", "babies", "twins", "triplets", "quadruplets")
# Where someone lives or comes from ("my mom lives out in Cook County", "I'm from Tillamook",
# "a village called Little Snoring"): a place that narrows down who they are
_LIVES_CUE = (
    r"li(?:ve|ves|ved)(?: \w+)?(?: out| up| down| over)? (?:in|past|near|beyond|"
    r"outside(?: of)?)|"
    r"(?:i'?m|i am|we'?re|we are|(?:he|she)(?:'s| is)|my \w+ is)(?: originally)? from|")
_LIVES_TAIL = (
    r"(?:town|village|hamlet|suburb|township) (?:called|named)|"
    r"(?:our|my|his|her) (?:small |little |tiny )?(?:town|village|hamlet) of")
_SELF_NAMED = r"(?:i'?m|i am|this is|my name is|my name's)"
LIVES_IN = re.compile(
    # (whoever lives there: the subject is not read, staff are excluded after the match)
    r"\b(?i:" + _LIVES_CUE +
    _SELF_NAMED + r"(?-i:\s+[A-Za-z][a-z]+(?:\s+[A-Z][a-z'\-]+)?) from|" + _LIVES_TAIL + r")\s+"
    r"(?:the (?:tiny |small |little )?(?:town|village) of\s+)?" + _TOWN_NAME)
# where LIVES_IN may start (see `starts_then`): "I'm" without the capitalised name after it
_LIVES_STARTS = cue_starts(_LIVES_CUE + _SELF_NAMED + "|" + _LIVES_TAIL)
# "everyone in Harlow knows it was my son": the place is what gives the person away
GOSSIP = re.compile(
    r"\b(?i:everyone|everybody|the whole (?:town|village|street|neighbou?rhood)|(?:\d+|few|"
    r"maybe \d+|only \d+|a (?:few )?(?:hundred|thousand)) (?:people|residents|families|souls)|"
    r"people|folks) (?i:in|of|from)"
    r"\s+" + _TOWN_NAME + r"(?=[,;]?\s+(?:and\s+|so\s+|—\s+)?(?i:everyone\s+|everybody\s+|"
    r"they\s+|people\s+)?(?i:knows?|saw|heard|found out|is talking|are talking|"
    r"will know|now knows|can see|recogni[sz]ed|talk))")
# a child's school named with their care ("your son's immunization record ... the school nurse
# at Lincoln Elementary"): a school pins a child down, unless it hosts a public event
SCHOOL = re.compile(r"\b(?P<town>(?:St\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s+(?:Elementary|"
                    r"Primary|Middle|High|Junior High|Academy|Preschool|Nursery|Montessori|Prep)"
                    r"(?:\s+School)?)\b")
_SCHOOL_CHILD = re.compile(r"(?i)\b(?:my|your|his|her|their|our)\s+(?:\w+\s+)?(?:son|daughter|"
                           r"child|kid|boy|girl|grandson|granddaughter|niece|nephew|"
                           r"student)(?:'s|s)?\b")
_SCHOOL_EVENT = re.compile(r"(?i)\b(?:clinic|drive|event|fair|screening day|hosting|hosted|"
                           r"gym|cafeteria|auditorium|parking|free|open to|all students|"
                           r"families welcome|this (?:saturday|sunday|week))\b")
# asking for a service near where one lives is not about anyone's care
_SERVICE_QUESTION = re.compile(r"(?i)\b(?:near(?:est| me| us| here)?|closest|in my area|"
                               r"is there|are there|do you have|where can|which clinic)\b")
_STAFF_BEFORE = re.compile(r"(?i)\b(?:our|dr\.?|nurse|doctor|staff|team|founder|volunteer|"
                           r"ceo|physician|surgeon)\b[^.!?]{0,25}$")
PLACE_WORDS = frozenset({"work", "works", "worked", "working", "boss", "manager", "coworker",
                         "coworkers", "co", "colleague", "colleagues", "job", "employer",
                         "employed", "only", "from", "teach", "teaches", "teaching", "supervisor",
                         "live", "lives", "drive", "drives", "driving", "deliver", "delivers",
                         "school", "church", "congregation", "mosque", "temple", "gurdwara",
                         "synagogue", "parish", "workplace", "office", "student", "pupil",
                         "teacher", "everyone", "everybody", "people", "folks", "whole", "goes",
                         "go", "went", "attends", "town", "village", "place", "community",
                         "driver", "cashier", "clerk", "cook", "mechanic", "janitor", "nanny",
                         "receptionist", "server", "waitress", "waiter", "bartender", "barista",
                         "worker", "employee", "engineer", "accountant", "foreman", "technician",
                         "trainer", "coach", "lived", "hamlet", "suburb", "city",
                         "township", "called", "named", "user", "member", "customer",
                         "at"})
_BUSINESS_PERSON = re.compile(r"(?i)\b(?:my|his|her|their|he|she|i|i'm|works?)\b[^.!?]*$")
_BUSINESS_WORDS = frozenset("""vet veterinary plumbing auto tire bakery diner cafe garage salon
barber barbers market hardware motors construction landscaping electric roofing farm farms orchard
orchards ranch dairy nursery kennel kennels stables assisted nursing care memory senior
retirement supply supplies store shop logistics trucking transport dental cleaning catering
realty bakeries pharmacy""".split())
# one word of every EMPLOYER branch (its search is the costliest here: skipped without one)
_EMPLOYER_WORDS = frozenset("""work works worked working teach teaches teaching boss manager
supervisor coworker coworkers co colleague colleagues job employer employed teacher cashier
driver clerk cook chef mechanic janitor receptionist server waitress waiter bartender worker
employee nanny barista accountant engineer trainer coach foreman technician drive drives
driving deliver delivers school church congregation mosque temple gurdwara synagogue parish
workplace office pupil everyone everybody people folks whole goes go went attends""".split())
PUBLIC_EVENT_AFTER = re.compile(r"(?i)\b(?:host\w*|screenings?|event|fair|drive|fundrais\w*|"
                                r"open day|welcome|free)\b")
NOT_EMPLOYER = re.compile(
    r"(?:Hospital|Health|Medical|Clinic|Center|Centre|Care|System|"
    r"Regional|Memorial|Community|Pharmacy|Hospice)\b")


# "my address is 77 Kingsway", "sent my results to 19 Oak Hollow": a house number and a
# street name with no suffix count only right after a cue that says "this is where I live"
# the shape is searched first (a number, then a capitalised word: rare), the cue only before it
BARE_CUE = re.compile(
    r"(?i)\b(?:my (?:home |new |old )?address(?: is|:)|address:|li(?:ve|ves) at|"
    r"(?:sent|send|mail|mailed|post|posted|deliver|delivered|ship|shipped|went|go|come|came|"
    r"drove)\b[^.!?\n]{0,40}?\bto|(?:i'?m|i am|we'?re|we are) at)\s+$")
BARE_ADDRESS = re.compile(
    r"(?<![\w#])(?P<addr>(?:(?i:flat|apt|unit)\s*\w{1,4},?\s+)?\d{1,5}[A-Z]?\s+(?:[NSEW]\.?\s+)?"
    r"(?:(?!(?:Apt|Unit|Flat|Suite)\b)[A-Z][a-z]+(?:'s)?\s+){0,2}"
    r"(?!(?:Apt|Unit|Flat|Suite)\b)[A-Z][a-z]{2,}(?:\s+\d{1,4})?"
    r"(?:,?\s+(?i:apt|unit|flat|suite|#)\.?\s*[A-Za-z0-9\-]{1,5})?)(?![\w'])")
_BARE_NOT = re.compile(r"(?i)\d+\s+(?:days?|weeks?|months?|years?|hours?|times?|people|doctors?|"
                       r"different|other|separate|specialists?|more|kids?|children|am|pm)\b")
# "...to 12 Elm Street, our records office": the organisation's own site, named right after
ORG_AFTER_ADDRESS = re.compile(
    r"(?i)\s*[,(\-\u2014]?\s*(?:our|the)\s+(?:[\w-]+\s+){0,2}(?:office|clinic|center|centre|"
    r"hospital|pharmacy|building|campus|site|lab|department|entrance|location)\b")
# a street with no number where someone lives ("her mailbox on Linden Court", "lives on
# Maple Street"), and the spot of a road accident ("on Route 9 near mile 14")
STREET_ONLY = re.compile(
    r"(?i:\b(?:lives?|living|lived|house|home|mailbox|driveway|porch|apartment|flat|place|"
    r"garden|yard)\s+(?:\w+\s+){0,2}on\s+)(?P<st>(?:[A-Z][a-z]+\s+){1,2}" + _SUFFIX + r")\b")
ROAD_SPOT = re.compile(
    r"\b(?:Route|Rte|Highway|Hwy|Interstate|I-|County Road|CR|State Road|SR|US)\s?\d{1,4}"
    r"(?:\s+(?:near|at|by|past)\s+(?:mile(?:\s+marker)?|exit|mm|the)\s+\d{1,4})?(?!\w)")
_ACCIDENT = re.compile(r"(?i)\b(?:hit by|crash\w*|accident|collision|rolled|wreck|stranded|"
                       r"broke down|collapsed|unconscious|bleeding|ambulance)\b")
_ACCIDENT_WORDS = frozenset({"hit", "crash", "crashed", "crashing", "accident", "collision",
                             "rolled", "wreck", "stranded", "broke", "collapsed", "unconscious",
                             "bleeding", "ambulance"})
_BARE_WORDS = frozenset({"address", "live", "lives", "sent", "send", "mail", "mailed", "post",
                         "posted", "deliver", "delivered", "ship", "shipped", "went", "go",
                         "come", "came", "drove"})
_HOME_WORDS = frozenset({"live", "lives", "living", "lived", "house", "home", "mailbox", "driveway",
                         "porch", "apartment", "flat", "place", "garden", "yard"})
# "Walt Kowalski, 88 Fenwick Rd": an address right after a person's full name
NAME_BEFORE = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z'\-]+,\s*$")
PO_BOX = re.compile(
    r"\b(?:P\.?\s?O\.?|(?:RR|R\.R\.|Rural Route|HC|PSC)\s*\d{1,3})\s+Box\s+\d{1,6}\b", re.I)
# Canadian postal codes ("H2X 1Y4") and Indian PIN codes ("560034", only after their cue)
# (opening on a letter, like ZIP: "\bA" is "A(?<!\w(?s:.))")
CA_POSTCODE = re.compile(r"[ABCEGHJ-NPRSTVXY](?<!\w(?s:.))\d[ABCEGHJ-NPRSTV-Z] ?\d"
                         r"[ABCEGHJ-NPRSTV-Z]\d\b")
IN_PIN = re.compile(
    r"(?i)\b(?:pin ?code|pincode|postal pin)\s*(?:is|:|-)?\s*(?P<pin>[1-9]\d{2} ?\d{3})\b")
_PIN_WORDS = frozenset({"pin", "pincode"})
# "PO Box 18, Chinle, AZ 86503": the town of a private mailing address pins the person down
# "Mail donations to PO Box 100, ...", "our office at ...": the organisation's own address
ORG_MAIL = re.compile(r"(?i)\bdonat\w*|\bour\b(?! (?:house|home|flat|apartment|place))|"
                      r"\b(?:clinic|office|hospital|pharmacy|foundation)\b")
_NOT_TOWN = frozenset({"Street", "Road", "Avenue", "Lane", "Drive", "Box", "Apt", "Suite",
                       "Unit", "Flat", "Please", "Thanks", "Thank", "Hi", "Hello"})
TOWN_STATE_ZIP = re.compile(r"(?P<town>[A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,})?),?\s+[A-Z]{2},?\s+$")
UK_POSTCODE = re.compile(r"[A-Z](?<![\w](?s:.))[A-Z]?\d[A-Z\d]?\s?\d[A-Z]{2}(?![\w])")
STREET_THEN_TOWN = re.compile(
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Close|Way|Court|Ct|Drive|Dr|Place|Pl|Terrace|"
    r"Crescent|Boulevard|Blvd),(?:\s*(?:Apt|Unit|Suite|Flat|#)\.?\s*[A-Za-z0-9\-]{1,5},)?"
    r"(?:\s+[A-Z][a-z]+)?,?\s*(?:[A-Z]{2}\s+)?$")
STATE_ZIP = re.compile(r"\b[A-Z]{2}\s+$")
# "310 Orchard Dr 53704", "415 E Maple Ave, Millbrook 12545": a numbered street, maybe a town,
# then the ZIP with no comma needed
NUMBERED_STREET_THEN_ZIP = re.compile(
    r"(?<![\w.,])\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Way|Court|Ct|Drive|Dr|Place|Pl|Terrace|"
    r"Crescent|Boulevard|Blvd|Circle|Cir|Trail|Pkwy|Hwy)\.?"
    r"(?:,?\s*(?i:apt|unit|suite|flat|#)\.?\s*[A-Za-z0-9\-]{1,5})?"
    r"(?:,?\s+(?:in\s+)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?,?\s*(?:[A-Z]{2}\s+)?$")


# From the public, "we" and "our" are the writer's household, not the organisation
ADDRESS_CUES_INBOUND = re.compile(
    ADDRESS_CUES.pattern.replace(r"(?P<org>our|us|we|", r"(?P<org>"), re.I)


def addresses(scan: Scan) -> list[Candidate]:
    """Street addresses of private people (the nearest cue is personal, or none inbound)."""
    out: list[Candidate] = []
    for m in PO_BOX.finditer(scan.text) if "box" in scan.words else ():
        cue = nearest_cue(scan.before(m.start(), 60), ADDRESS_CUES)
        if scan.health and (cue == "personal" or cue is None and scan.doc.direction == "inbound"
                            and not ORG_MAIL.search(scan.text)):
            out.append(Candidate(m.start(), m.end(), "ADDRESS", 0.75, "places.po_box",
                                 "PO box after a personal cue"))
    if scan.example:
        return out
    lives_on = scan.health and scan.words & STREET_WORDS and scan.words & _HOME_WORDS
    for m in STREET_ONLY.finditer(scan.text) if lives_on else ():
        out.append(Candidate(m.start("st"), m.end("st"), "ADDRESS", 0.65, "places.street_only",
                             "the street someone lives on"))
    if not scan.digits:
        return out
    own = [a.lower() for a in scan.doc.profile.addresses]
    for m in ADDRESS.finditer(scan.text) if scan.words & STREET_WORDS else ():
        end = m.end()
        body = m.group(0)
        if any(body.lower().startswith(a.split(",")[0].strip()) for a in own if a):
            continue
        if ORG_STREET.search(body):
            continue  # "100 Hospital Drive": a campus, not a home
        cue = nearest_cue(scan.before(m.start(), 60), ADDRESS_CUES if
                          scan.doc.direction == "outbound" else ADDRESS_CUES_INBOUND)
        named = NAME_BEFORE.search(scan.before(m.start(), 40))
        if named and named.group(0).split()[0].lower() in first_names():
            cue = "personal"
        if cue == "org" or (cue is None and scan.doc.direction == "outbound") or (
                ORG_AFTER_ADDRESS.match(scan.text, end)):
            continue
        if not scan.health:
            continue
        town = m.group("town")
        if town and town.split()[0] in ("Please", "Call", "Thanks", "Thank", "We", "I"):
            end = m.start("town") - 2
        out.append(Candidate(m.start(), end, "ADDRESS", 0.8, "places.street_address",
                             "street address after a personal cue"))
    if not scan.health:
        return out
    out.extend(_type_first_streets(scan, own))
    if scan.doc.direction == "inbound" and not scan.words.isdisjoint(_ACCIDENT_WORDS) and (
            _ACCIDENT.search(scan.text)):
        for m in ROAD_SPOT.finditer(scan.text):
            out.append(Candidate(m.start(), m.end(), "ADDRESS", 0.6, "places.road_spot",
                                 "where someone is hurt on the road"))
    bare = not scan.words.isdisjoint(_BARE_WORDS) or "at" in scan.words and (
        "m" in scan.words or "re" in scan.words or "am" in scan.words or "are" in scan.words)
    for m in BARE_ADDRESS.finditer(scan.text) if bare else ():
        addr = m.group("addr")
        if not BARE_CUE.search(scan.text, max(0, m.start() - 70), m.start()):
            continue
        if ORG_AFTER_ADDRESS.match(scan.text, m.end("addr")) or _BARE_NOT.match(addr) or any(
                addr.lower().startswith(a.split(",")[0].strip()) for a in own if a):
            continue
        said = scan.text[max(0, m.start() - 70):m.start("addr")].lower()
        if scan.doc.direction == "outbound" and (
                "your" not in said or ORG_MAIL.search(scan.before(m.start("addr"), 60))):
            continue  # "mail donations to 12 Elm": the organisation's own address
        out.append(Candidate(m.start("addr"), m.end("addr"), "ADDRESS", 0.7, "places.bare_address",
                             "house number and street after 'my address is' / 'sent to'"))
    return out


# "12 Rue Saint-Denis, apt 3", "45 Calle del Sol", "8 Via Roma": the street's kind before its
# name, as French, Spanish, Portuguese and Italian write it
TYPE_FIRST_STREET = re.compile(
    r"(?<![\w#])\d{1,5}[A-Za-z]?,?\s+(?:Rue|Rua|Calle|Carrer|Via|Viale|Avenida|Avda\.?|Av\.|"
    r"Boulevard|Bd|Chemin|Strada|Piazza|Plaza|Paseo|Camino|Travessa|Largo|All[ée]e|Impasse|"
    r"Quai|Cours)\s+(?:(?:de|du|des|la|le|les|del|da|do|dos|das|di|della|dei)\s+)*"
    r"[A-Z\u00c0-\u00de][\w'\-]+(?:\s+[A-Z\u00c0-\u00de][\w'\-]+){0,2}"
    r"(?:,?\s+(?:apt|appt|app|apartment|unit|flat|suite|bis|piso|porta)\.?\s*[\w\-]{1,5})?")
_TYPE_FIRST_WORDS = frozenset("""rue rua calle carrer via viale avenida avda av boulevard bd
chemin strada piazza plaza paseo camino travessa largo allee all\u00e9e impasse quai
cours""".split())


def _type_first_streets(scan: Scan, own: list[str]) -> list[Candidate]:
    """Addresses whose street kind comes first, after a personal cue (or none, inbound)."""
    out: list[Candidate] = []
    if scan.words.isdisjoint(_TYPE_FIRST_WORDS) or not scan.digits:
        return out
    for m in TYPE_FIRST_STREET.finditer(scan.text):
        if any(m.group(0).lower().startswith(a.split(",")[0].strip()) for a in own if a):
            continue
        cue = nearest_cue(scan.before(m.start(), 60), ADDRESS_CUES if
                          scan.doc.direction == "outbound" else ADDRESS_CUES_INBOUND)
        if cue == "org" or cue is None and scan.doc.direction == "outbound" or (
                ORG_AFTER_ADDRESS.match(scan.text, m.end())):
            continue
        out.append(Candidate(m.start(), m.end(), "ADDRESS", 0.8, "places.street_address",
                             "street address after a personal cue"))
    return out


# an outbound sentence in the organisation's voice: its sites, hours and mail are its own; one
# that speaks of the reader's home ("your address", "you live") is about the reader
ORG_VOICE = re.compile(r"(?i)\b(?:our|we|we're|we are|us|the (?:clinic|hospital|office|pharmacy|"
                       r"cent(?:er|re)|practice|lab)(?:'s)?|open(?:s|ing)?|hours|walk-ins?|"
                       r"visit us|find us|located|moved|mail (?:\w+ )?(?:forms?|donations?|"
                       r"payments?|checks?|cheques?) to)\b")
READER_HOME = re.compile(r"(?i)\b(?:your (?:home|house|address|place|flat|apartment|zip|"
                         r"postcode|street)|you(?:'re| are)? (?:live|living|staying)|"
                         r"on file|we have you at|to you at|"
                         r"we(?:'ve| have| will|'ll| can| could| would)? "
                         r"(?:mail|send|sent|ship|deliver|post)\w* (?:you|your)|"
                         r"(?:mail|send|sent|ship|deliver|post)\w* (?:\w+ ){0,3}to "
                         r"(?:you|your)|my|his|her|we live|we're way|we are way)\b")


COUNT_AFTER = re.compile(r"(?i)\s*(?:steps|calories|kcal|people|patients|members|visits|views|"
                         r"followers|likes|units|doses|dollars|usd|miles|km|meters|metres|feet|"
                         r"ft|mg|mcg|ml|cases|times|words|points|hours|minutes|seconds)\b")


_SENTENCE_END = re.compile(r"(?<!\bSt)(?<!\bDr)(?<!\bRd)(?<!\bAve)(?<!\bMt)[.!?]\s")


def _org_voice(scan: Scan, start: int) -> bool:
    """Whether the sentence before `start` speaks in the organisation's voice of its own site."""
    before = scan.before(start, 100)
    # ("our Harbor St. clinic": a street's abbreviation does not end the sentence)
    sentence = _SENTENCE_END.split(before)[-1]
    return ORG_VOICE.search(sentence) is not None and READER_HOME.search(before) is None


# Irish Eircodes ("D02 X285", "A65 F4E2"): a routing key and a four-character unique identifier
EIRCODE = re.compile(r"[AC-FHKNPRTV-Y](?<![\w](?s:.))(?:\d{2}|6W) ?[0-9AC-FHKNPRTV-Y]{4}(?![\w])")
# "14 Rata St, Hamilton 3204", "7 Kent Rd, Glebe NSW 2037": an Australian or New Zealand
# postcode right after the town of a numbered street address
# a word one of these needs: the code's name, a street, or a personal cue of ZIP_CUES
_EIR_WORDS = STREET_WORDS | {"eircode", "postcode", "code", "address", "my", "his", "her",
                             "their", "live", "lives", "from", "send", "post", "mail"}
STREET_TOWN_FOUR = re.compile(
    r"\d(?<![\w.,]\d)\d{0,4}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Way|Court|Ct|Drive|Dr|Place|Pl|Terrace|Tce|"
    r"Crescent|Cres|Parade|Pde|Grove|Gr|Highway|Hwy)\.?,\s*(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)\s+)?(?P<code>\d{4})(?![\w\-]|\.\d)")


def _eircodes_and_four_digit_codes(scan: Scan) -> list[Candidate]:
    """Eircodes after a personal cue, a street or the word; AU/NZ codes after a street and town."""
    out: list[Candidate] = []
    eir = scan.digits >= 2 and not scan.words.isdisjoint(_EIR_WORDS)
    for m in EIRCODE.finditer(scan.text) if eir else ():
        window = scan.before(m.start(), 40)
        if not re.search(r"\d", m.group(0)[3:]) and not re.search(r"(?i)eircode", window):
            continue  # "D02 HELP": a code needs a digit in its last four, or its name before it
        cue = nearest_cue(window, ZIP_CUES)
        if cue == "personal" or re.search(r"(?i)\beircode\b", window) or (
                cue is None and STREET_THEN_TOWN.search(window)
                and not ORG_MAIL.search(scan.before(m.start(), 80))):
            out.append(Candidate(m.start(), m.end(), "ZIP", 0.75, "places.eircode",
                                 "Eircode of a private address"))
    street = scan.digits >= 5 and not scan.words.isdisjoint(STREET_WORDS)
    for m in STREET_TOWN_FOUR.finditer(scan.text) if street else ():
        before = scan.before(m.start(), 60)
        if ORG_MAIL.search(before) or scan.doc.direction == "outbound" and (
                _org_voice(scan, m.start())):
            continue  # "our clinic at 14 Rata St, Hamilton 3204": the organisation's own
        out.append(Candidate(m.start("code"), m.end("code"), "ZIP", 0.7, "places.au_nz_postcode",
                             "postcode after the street and town of an address"))
    return out


def zips(scan: Scan) -> list[Candidate]:
    """ZIP codes tied to a person ("we live in 37712", "Amber Smith, 19019")."""
    out: list[Candidate] = []
    if not scan.health or scan.example:
        return out
    own = set(scan.doc.profile.zips)
    for m in UK_POSTCODE.finditer(scan.text) if scan.digits >= 2 else ():
        window = scan.before(m.start(), 40)
        cue = nearest_cue(window, ZIP_CUES)
        if cue == "personal" or STREET_THEN_TOWN.search(window):
            out.append(Candidate(m.start(), m.end(), "ZIP", 0.75, "places.uk_postcode",
                                 "postcode of a private address"))
    for m in CA_POSTCODE.finditer(scan.text) if scan.digits >= 3 else ():
        cue = nearest_cue(scan.before(m.start(), 40), ZIP_CUES)
        province = re.search(r"\b(?:QC|ON|BC|AB|MB|SK|NS|NB|NL|PE)\s*$", scan.before(m.start(), 6))
        street = cue is None and STREET_THEN_TOWN.search(scan.before(m.start(), 40)) and (
            not ORG_MAIL.search(scan.before(m.start(), 80)))
        if cue == "personal" or street or (
                province and cue is None and scan.doc.direction == "inbound"
                and not ORG_MAIL.search(scan.before(m.start(), 80))):
            out.append(Candidate(m.start(), m.end(), "ZIP", 0.75, "places.ca_postcode",
                                 "postal code of a private address"))
    out.extend(_eircodes_and_four_digit_codes(scan))
    for m in IN_PIN.finditer(scan.text) if scan.words & _PIN_WORDS else ():
        if nearest_cue(scan.before(m.start(), 30), ZIP_CUES) != "org":
            out.append(Candidate(m.start("pin"), m.end("pin"), "ZIP", 0.75, "places.in_pin",
                                 "PIN code of a private address"))
    for m in ZIP.finditer(scan.text) if scan.digits >= 5 else ():
        if m.group(1) in own or 1900 <= int(m.group(1)) <= 2100:
            continue
        window = scan.before(m.start(), 30)
        cue = nearest_cue(window, ZIP_CUES)
        org_next = ORG_NEXT.match(scan.after(m.end(), 20))
        owned = OWNED.search(window) and not (scan.doc.direction == "inbound" and cue == "personal")
        if COUNT_AFTER.match(scan.text, m.end()):
            continue  # "53704 steps this week": a count, not a place
        if scan.doc.direction == "outbound" and _org_voice(scan, m.start()):
            continue  # "We're open 9-5 at 1200 Harbor Blvd, 44102": the organisation's site
        if owned or org_next and not (
                cue == "personal" and org_next.group(0).strip().lower() == "area"):
            continue  # "our ZIP code 60614 clinic", "60614 office" (but "we're in the 30318 area")
        # "Name, 19019 —": a ZIP right after a person's name in a signature line
        after_name = re.search(r"[A-Z][a-z]+ [A-Z][a-z]+,\s*$", window) is not None or (
            STATE_ZIP.search(window) is not None
            and not ORG_MAIL.search(scan.before(m.start(), 80)) and re.search(
                r"(?i)\b(?:send|ship|mail|post)\w*\b[^.!?]*\bto\b|\bmy address\b",
                scan.before(m.start(), 80)) is not None)
        street = cue is None and (
            STREET_THEN_TOWN.search(window) is not None
            or NUMBERED_STREET_THEN_ZIP.search(scan.before(m.start(), 70)) is not None) and (
            not ORG_MAIL.search(scan.before(m.start(), 80)))
        if cue == "personal" or (cue is None and after_name) or street:
            out.append(Candidate(m.start(), m.end(), "ZIP", 0.75, "places.zip",
                                 "ZIP code after a personal cue (live in, zip code, from)"))
            town = TOWN_STATE_ZIP.search(window)
            if town and town.group("town").split()[0] not in _NOT_TOWN:
                off = m.start() - len(window)
                out.append(Candidate(off + town.start("town"), off + town.end("town"),
                                     "LOCATION", 0.6, "places.town_state_zip",
                                     "town of a private mailing address"))
    return out


def rooms(scan: Scan) -> list[Candidate]:
    """Hospital rooms and beds a patient is in."""
    out: list[Candidate] = []
    if scan.example or not scan.words & ROOM_WORDS:
        return out
    for m in ROOM.finditer(scan.text):
        body = m.group(0)
        lying = LYING_IN.search(scan.before(m.start(), 50)) is not None
        if body[:4].lower() == "ward" and not re.search(r"(?i)\b(?:bed|bay|room)\b", body) \
                and not lying:
            continue  # a ward alone is a unit, unless someone lies on it ("mum is on ward 7")
        around = scan.text[max(0, m.start() - 120):m.end() + 80]
        # someone said to lie there: only an event word close by makes it a venue
        near = scan.text[max(0, m.start() - 40):m.end() + 45] if lying else around
        personal = re.search(r"(?i)\b(?:my|his|her|your|their)\b", scan.before(m.start(), 40))
        if (ROOM_EVENT_LYING if lying else ROOM_EVENT).search(near) or not (
                scan.health or personal or lying):
            continue
        if re.match(r"(?i)(?:bay|pod|cot)", body) and not lying and not re.search(
                r"(?i)\b(?:er|patient|trauma|ward|unit|icu|a&e|ed)\b", around):
            continue  # "pull into bay 3": a drive-thru lane, not a patient's bay
        out.append(Candidate(m.start(), m.end(), "ROOM", 0.8, "places.room",
                             "hospital room or bed of a patient"))
    if "chair" in scan.words and scan.health:
        for m in UNIT_CHAIR.finditer(scan.text):
            if not any(c.start < m.end("c") and m.start("c") < c.end for c in out):
                out.append(Candidate(m.start("c"), m.end("c"), "ROOM", 0.75, "places.unit_chair",
                                     "the chair a patient sits in at an infusion or dialysis unit"))
    return out


# "at your infusion center, chair 14": the chair named right after the unit someone is in
UNIT_CHAIR = re.compile(r"(?i)\b(?:infusion|dialysis|chemo(?:therapy)?|transfusion)\s+"
                        r"(?:center|centre|unit|suite|clinic|bay|ward|room)\b[^.!?]{0,12}?"
                        r"(?P<c>chair\s*#?\s*\d{1,3}[A-Z]?)\b")


# "Gail from Brookside Vet Clinic", "Sal from Ridgeway Tire & Auto", "mom at Maple Grove
# assisted living", "at the Okafor orchard": a small business or home that singles someone out
_TRADE = (r"(?:Vet(?:erinary)?(?:\s+Clinic)?|Plumbing|Auto|Tire(?:\s*&\s*Auto)?|Bakery|Diner|"
          r"Cafe|Garage|Salon|Barbers?|Market|Hardware|Motors|Construction|Landscaping|"
          r"Electric|Roofing|Farms?|Orchards?|Ranch|Dairy|Nursery|Kennels?|Stables|"
          # "Pete from Millbrook Feed & Supply", "Trish from Fairlawn Dental"
          r"Supply|Supplies|Store|Shop|Logistics|Trucking|Transport|Dental|Cleaning|Catering|"
          r"Realty|Bakeries|Pharmacy)")
BUSINESS = re.compile(
    r"(?<=[a-z] )(?i:from|at|of)\s+(?:the\s+)?(?P<org>" + _PROPER + r"(?:\s+" + _PROPER +
    r"){0,2}\s+(?:&\s+)?" + _TRADE + r"(?:\s*&\s*[A-Z][a-z]+)?)\b|"
    r"\b(?i:at|in)\s+(?:the\s+)?(?P<home>" + _PROPER + r"(?:\s+" + _PROPER + r"){0,2}\s+"
    r"(?i:assisted living|nursing home|care home|memory care|senior living|retirement home|"
    r"orchard|farm|ranch|dairy))\b")


def locations(scan: Scan) -> list[Candidate]:
    """Employers and small towns that pin a patient down."""
    out: list[Candidate] = []
    if not scan.health or scan.example or not scan.words & PLACE_WORDS:
        return out
    own = {n.lower() for n in scan.doc.profile.names}
    where = WHERE_I_WORK.finditer(scan.text) if "where" in scan.words else ()
    employer = () if scan.words.isdisjoint(_EMPLOYER_WORDS) else starts_then(
        EMPLOYER, _EMPLOYER_STARTS, scan)
    for m in [*employer, *where]:
        org = m.group("org").rstrip(".")
        tail = scan.text[m.start("org"):m.start("org") + 60].split(",")[0]
        if PUBLIC_EVENT_AFTER.search(scan.text, m.end("org"), m.end("org") + 50):
            continue  # "my church, St Mark's, is hosting your screening": a public event
        if NOT_EMPLOYER.search(tail) or org.lower() in own or org in ("St", "Saint", "Mount",
                                                                       "Mt", "Dr", "Our", "The"):
            continue
        start = m.start("org")
        out.append(Candidate(start, start + len(org), "LOCATION", 0.7, "places.employer",
                             "employer of a patient"))
    for m in BUSINESS.finditer(scan.text) if scan.words & _BUSINESS_WORDS else ():
        g = "org" if m.group("org") else "home"
        before = scan.before(m.start(), 40)
        person = _BUSINESS_PERSON.search(before) or (
            m.group(0)[:4].lower() == "from" and re.search(r"\b[A-Z][a-z]+ $", before))
        if not person or m.group(g).lower() in own or NOT_EMPLOYER.search(m.group(g)):
            continue  # "Free flu shots at the Hillside Farmers Market": a public venue
        out.append(Candidate(m.start(g), m.end(g), "LOCATION", 0.65, "places.business",
                             "small business or home that singles a patient out"))
    # cheap word gates first: each pattern below needs one of its words in the text
    lives = () if scan.words.isdisjoint(_LIVES_WORDS) or (
        scan.doc.direction == "outbound" and not scan.second_person_health) or (
        "?" in scan.text and _SERVICE_QUESTION.search(scan.text)) else starts_then(
        LIVES_IN, _LIVES_STARTS, scan)
    gossip = () if scan.words.isdisjoint(_GOSSIP_WORDS) else GOSSIP.finditer(scan.text)
    for m in [*lives, *gossip]:
        town = m.group("town")
        if (town.split()[0] in BROAD_PLACES or town.lower() in own or NOT_EMPLOYER.search(town)
                or _STAFF_BEFORE.search(scan.before(m.start(), 40))):
            continue
        named = " called " in m.group(0) or " named " in m.group(0)
        # "a village called Little Snoring": the whole name is the place, not a person's
        out.append(Candidate(m.start("town"), m.end("town"), "LOCATION", 0.9 if named else 0.65,
                             "places.lives_in", "the place someone lives in or comes from"))
    if not scan.words.isdisjoint(_SCHOOL_WORDS) and _SCHOOL_CHILD.search(scan.text) and (
            not _SCHOOL_EVENT.search(scan.text)):
        for m in SCHOOL.finditer(scan.text):
            if m.group("town").lower() not in own:
                out.append(Candidate(m.start("town"), m.end("town"), "LOCATION", 0.65,
                                     "places.school", "the school of a child whose care is told"))
    for m in starts_then(TOWN, _TOWN_STARTS, scan) if not scan.words.isdisjoint(_TOWN_WORDS) \
            else ():
        town = m.group("town")
        if NOT_EMPLOYER.search(town) or town.lower() in own:
            continue
        if town.split()[0] in BROAD_PLACES and not m.group(0).lower().startswith(_RARE):
            continue  # "I'm from Ohio" says little; "the only patient in" or twins do
        if re.match(r"\s+(?:and|&)\s+[A-Z]", scan.text[m.end("town"):m.end("town") + 8]):
            continue  # "patients from Franklin and Lee counties": a service area
        out.append(Candidate(m.start("town"), m.end("town"), "LOCATION", 0.65, "places.town",
                             "small place that singles a patient out"))
    return out
