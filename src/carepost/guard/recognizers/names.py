"""Names of patients and other private people, told apart from staff and public figures.

A name is a run of one to three words from the shipped Census name lexicons (data/). A name
counts only after a cue that makes it a private person in a health context: self-introduction
("I'm", "this is", "X here"), a relative ("my dad", "baby"), a greeting to the addressee
("Hi", "Thanks ..., Jennifer!"), a celebration ("congrats to", "sending love to"), a patient
cue ("patient", "Mr."), a room ("Martinez Room 407") or an inbound signature ("— Jon Patel").
Staff in a professional role ("Dr.", "our nurse", ", RN", an outbound signature) and public
figures never count. Lowercase and ALL-CAPS names count after strong cues only.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from carepost.guard.recognizers.base import (
    Candidate,
    Scan,
    caseless_twin,
    lazy,
    mentions_health,
)
from carepost.guard.recognizers.unlisted import unlisted_name

# Words that are names in the Census lists but far more often ordinary words.
COMMON = frozenset("""
a an the and or but if so as at by for from in into of off on onto out over to up with about
after again all also am any are back be been before being below between both can could did do
does doing down during each even ever every few further had has have having he her here hers
herself him himself his how i is it its itself just me more most my myself no nor not now only
other our ours out own same she should some such than that their them then there these they
this those through too under until very was we were what when where which while who whom why
will would you your yours yourself yourselves yes yet ok okay hi hello hey dear thanks thank
please sorry happy congrats congratulations welcome love god lord baby mom dad son daughter
wife husband sister brother friend doctor nurse patient team staff family today tomorrow
tonight yesterday week month year day night morning evening monday tuesday wednesday thursday
friday saturday sunday january february march april may june july august september october
november december spring summer fall winter christmas easter new old big little young long
short tall best better good great fine well sick ill care health hope faith grace joy glory
honor honour justice liberty mercy patience charity trinity haven heaven rain storm sunny
sky star stone rock hill dale glen wood woods forest river lake brook field fields park lane
street road way bay ford bridge church chapel hall house home king queen prince princess duke
earl lord bishop pope major general judge sheriff chief marshal dean page porter cook baker
miller smith carpenter mason hunter fisher gardener shepherd farmer taylor turner walker
waters gray grey green brown black white red rose violet lily ivy holly daisy iris jasmine
pearl ruby amber crystal jade coral olive hazel ginger honey candy sugar cherry apple peach
berry bud bush major minor rich cash price sterling golden silver gold penny money bill will
mark art chase hunt drew pat sue rob bob don jack guy ray dawn eve gay june august april may
sunday christian noble wise sage free strong bold sharp swift fair merry bliss loyal
true early late more less much many most still even just only also very really quite pretty
sweet dear darling honey angel baby kid kids child children boy girl man woman men women lady
gentleman sir madam miss mister mr mrs ms dr st saint mount mt fort port san santa los las room
rm bed bay unit ward floor wing
fell broke died passed turned collapsed cried smiled laughed walked
del de la le van von der den du da di al el ben bin ibn mc mac o
got get gets getting went go goes going come came coming say said says tell told ask asked
call called calls see saw seen look looks looked feel feels felt need needs needed want wants
wanted know knew think thought take took taken give gave given make made find found keep kept
let help helped try tried work works worked start started stop stopped finally always never
someone anyone everyone nobody somebody everybody nothing something anything everything
aww aw hiya oh wow omg yay ugh hmm lol sure meet greetings cheers jesus christ allah buddha
though although because since while unless whether once maybe perhaps hopefully sadly luckily
thankfully honestly seriously actually basically folks friends guys ladies gentlemen neighbors
neighbours community members patients families parents y'all yall
""".split())

# Public figures the corpus of healthcare social media keeps meeting (public health news).
PUBLIC_FIGURES = frozenset(n.lower() for n in (
    "Magic Johnson", "Christina Applegate", "Celine Dion", "Lady Gaga", "Michael J. Fox",
    "Michael Fox", "Selena Gomez", "Justin Bieber", "Hailey Bieber", "Kate Middleton",
    "Bruce Willis", "Jamie Foxx", "Tom Hanks", "Ben Stiller", "Serena Williams", "Simone Biles",
    "Demi Lovato", "Jimmy Carter", "Joe Biden", "Donald Trump", "Barack Obama", "Kevin Love",
    "Angelina Jolie", "Lance Armstrong", "Charlie Sheen", "Steve Jobs", "Venus Williams",
    "Michael Phelps", "Dwayne Johnson", "Halle Berry", "Toni Braxton", "Nick Cannon",
    "Shannen Doherty", "James Van Der Beek", "Olivia Newton-John", "Chadwick Boseman",
    "Sinead O'Connor", "Wendy Williams", "Jessie J", "Kim Kardashian", "Taylor Swift",
))
_PUBLIC_PREFIXES = tuple(sorted(PUBLIC_FIGURES))

_WORD = r"[^\W\d_]+(?:'(?![Ss]\b)[A-Z][^\W\d_]*|-[^\W\d_]+)?"
# (the first letter is read before the lookbehinds, which then look one character further
# back: a pattern that opens on a character class lets the regex engine skip non-letters fast)
WORD = re.compile(r"[^\W\d_](?<![\w@.#/\-].)(?<!\w'.)" + _WORD.removeprefix(r"[^\W\d_]+")
                  .join((r"[^\W\d_]*", "")))

_REL = (r"(?:(?:brother|sister|mother|father|son|daughter)-in-law|"
        r"son|daughter|dad|father|mom|mother|mum|mama|papa|husband|wife|partner|fianc[eé]e?|"
        r"boyfriend|girlfriend|grandma|grandpa|grandmother|grandfather|granddaughter|grandson|"
        r"nana|nan|nanna|gran|granny|grandad|granddad|missus|hubby|wifey|lad|lass|bub|bubba|"
        r"brother|sister|aunt|uncle|niece|nephew|cousin|friend|neighbou?r|roommate|"
        r"coworker|co-worker|boss|manager|supervisor|landlord|baby|child|kid|stepson|"
        r"stepdaughter|stepdad|stepmom|bestie|"
        r"bff|twin|toddler|newborn|infant|teen|grandbaby|mil|fil|girl|boy)")
# cue -> how much it vouches for the name: "strong" takes a single first name in any case,
# "self" the same, "weak" only a full name in Title or ALL-CAPS case (lowercase if both lexical)
_CUE_TABLE: tuple[tuple[str, str, str], ...] = (
        (r"\b(?:i'm|i am|im|this is|it's|it is|my name is|my name's|name is|name's|name:?|"
         r"from(?=:)|"
         r"call me,?|signed,?|sincerely,?|(?:she|he)(?:'s| is)|"
         # "his name's Dafydd, surname Llewellyn-Price"
         r"(?:sur|fore)name(?:'s| is)?:?)", "strong",
         "names.self_introduction"),
        (r"\b(?:my|our|your|his|her|their)\s+(?:[\w]+'s\s+)?(?:(?:little|baby|oldest|youngest|eldest|twin|"
         r"new|late|dear|elderly|sweet|precious|\d+[- ]?(?:yo|y/o|(?:year|yr|month)s?[- ]old)|"
         r"[a-z]+(?:-[a-z]+)?[- ](?:year|yr|month)s?[- ]old)"
         r"\s+){0,2}"
         + _REL + r"s?(?:'s name is| is called| named| called| is| was)?,?", "strong",
         "names.relative"),
        (r"(?:^|[^\w'])(?:baby|mom|dad|mum|mam|grandma|grandpa|patient|resident|parents?|"
         r"aunt|auntie|uncle|nonna|nonno|abuela|abuelo|granny|grandad|"
         r"little|sweet|brave|(?:the )?family of|mr\.?|mrs\.?|ms\.?|mx\.?|miss)",
         "strong", "names.person_cue"),
        (r"\b(?:hi|hello|hey|dear|thanks|thank you|thx|ty|bye|hugs|welcome back|good news|"
         r"(?:we're |we are |i'm |i am )(?:so |very |really )?sorry|"
         r"good morning|good afternoon|good evening|morning|well done|"
         r"happy(?: \d+(?:st|nd|rd|th))? birthday)"
         r"(?: so much| again)?(?: for [\w\-' ]{1,30}?)?,?",
         "strong", "names.greeting"),
        (r"\b(?:welcome to the world|welcome home|welcome)[,!]?", "strong", "names.welcome"),
        # "the refill is under Wade Ostrowski", "attn Nell Barrow": whose file it is
        (r"\b(?:(?:refill|prescription|script|appointment|appt|account|booking|order|chart|"
         r"file|records?|results?|bill|claim)s?\s+(?:is\s+|are\s+|was\s+|were\s+)?under"
         r"(?:\s+the\s+name(?:\s+of)?)?|attn\.?:?|attention:?|(?:patient|pt)\s+name\s*:?)",
         "strong", "names.file_owner"),
        # "98-year-old Augustin Mbeki": an age makes the next capitalised words a person
        (r"\b\d{1,3}[- ](?:years?|yrs?)[- ]old,?", "strong", "names.aged"),
        # "the boy in bay 2 is Jaylen": who lies in a bed
        (r"\b(?:bed|bay|room|rm|cubicle)\s*#?\s*\d{1,4}[a-z]?\s+(?:is|was|has)",
         "strong", "names.with_room"),
        # "today we said farewell to Ingrid Solberg after 30 days in our ICU"
        (r"\b(?:said|say|saying|bid|bade|bidding)\s+(?:a\s+(?:fond\s+)?)?(?:goodbye|good-bye|"
         r"farewell)\s+to", "strong", "names.celebration"),
        # a tag, bracelet or label with a name on it: "my ID bracelet says Henry Voss"
        (r"\b(?:bracelet|wristband|tag|label|band)\s+(?:says|said|reads|read|with)|"
         r"label(?:l)?ed|engraved\s+with|name\s+tag", "strong", "names.tag"),
        (r"\b(?:pray(?:ing)? for|prayers for|keep|get well(?: soon)?,?|rip|saw|seen|visiting|"
         r"wish(?:ing)?|wishes to|best wishes to|heal(?:ing)? vibes (?:to|for)|"
         r"visited|meet|(?:so )?proud of)", "strong", "names.celebration"),
        (r"\b(?:sending (?:love|prayers|hugs|thoughts|healing vibes|strength)(?: to)?|"
         r"(?:give|send|pass on|passing on) (?:my|our|all our) (?:love|best(?: wishes)?|regards|"
         r"prayers|thanks|hugs) to|"
         r"shout-?out to|shoutout to|kudos to|(?:huge |big )?(?:congrats|congratulations)(?: to)?|"
         r"birthday to|(?:join us in )?celebrat(?:e|ing)|"
         # "we're thrilled to share that Oscar Medina rang the bell today"
         r"(?:share|announce|report|say) that)(?-i:(?:\s+[a-z]+){0,3})", "strong",
         "names.celebration"),
        # "my name is spelled Siobhán Ní Bhriain": the writer spells their name out
        (r"\b(?:name|surname)\s+(?:is\s+|was\s+)?spel(?:led|t)(?:\s+as)?:?", "strong",
         "names.self_introduction"),
        (r"\b(?:for|to|with|about|of)", "weak", "names.preposition"),
    )


def _one_alternative(p: str) -> bool:
    """Whether pattern `p` has no "|" outside its groups (so "\\b" + rest reads as one)."""
    depth, i, in_class = 0, 0, False
    while i < len(p):
        ch = p[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            return False
        i += 1
    return True


def _alternation(table: tuple[tuple[str, str, str], ...]) -> str:
    """The cue patterns as named groups c0, c1, ... in order, neighbours that open on a word
    boundary sharing one "\\b" (the regex engine tests it once per position, not once per
    cue: most positions are inside a word). Same matches, same groups."""
    parts: list[str] = []
    run: list[str] = []
    for i, (p, _s, _r) in enumerate(table):
        if p.startswith(r"\b") and _one_alternative(p):
            run.append(f"(?P<c{i}>{p[2:]})")
            continue
        if run:
            parts.append(r"\b(?:" + "|".join(run) + ")")
            run = []
        parts.append(f"(?P<c{i}>{p})")
    if run:
        parts.append(r"\b(?:" + "|".join(run) + ")")
    return "|".join(parts)


# One pattern for all cues, anchored at the end of the window before a word: the leftmost
# cue that runs up to the word wins (so "congrats to" beats the bare "to").
CUES = re.compile(_alternation(_CUE_TABLE).join(("(?:", r")(?:[:,]| \(| ['\"\u2018\u201c])?\s*$")),
                  re.I)
CUE_KIND = {f"c{i}": (strength, rule) for i, (_p, strength, rule) in enumerate(_CUE_TABLE)}
# CUES without IGNORECASE, for the lowercased text (several times faster). Only the branch
# that skips lower-case words ("congrats to local news anchor Lisa") reads case: the twin lets
# it skip any word, so when that branch is what the twin finds, the original pattern decides.
# Every other match of the twin is the original's (the twin accepts a superset only there).
_CASE_BRANCHES = frozenset(f"c{i}" for i, (p, _s, _r) in enumerate(_CUE_TABLE) if "(?-i:" in p)
CUES_LOWER = re.compile(CUES.pattern.replace("(?-i:", "(?:"), CUES.flags & ~re.I)


# Staff in a professional role, right before or right after the name.
STAFF_BEFORE = re.compile(
    r"(?:\b(?:dr|doctor|doc|nurse|np|pa|rn|lpn|cna|pharmacist|pharmd|hygienist|therapist|"
    r"surgeon|physician|chaplain|midwife|doula|tech|technician|recruiter|volunteer|advocate|"
    r"coordinator|manager|director|chief|ceo|cfo|cmo|president|staff|colleague|navigator|"
    r"counsel+or|dietitian|nutritionist|educator|specialist|provider|receptionist|scheduler|"
    r"dentist|orthodontist|optometrist|psychiatrist|psychologist|oncologist|pediatrician|"
    r"cardiologist|surgeon|resident physician|intern|paramedic|emt|medic|prof|professor|"
    r"retirement|retiring|hiring|hired|employee|reporter|journalist|author|founder|"
    r"our own|representative|rep|agent|officer|liaison|administrator|supervisor|lead|"
    r"instructor|trainer|scientist|researcher|investigator)\b\.?,?\s*"
    # "our patient advocate, Mr. Baptiste": the title does not make the advocate a patient
    r"(?:(?:mr|mrs|ms|mx|miss)\.?\s+)?|\bst\.?\s*)$", re.I)
# STAFF_BEFORE for the lower-cased text (it spells no capital): several times faster
_STAFF_BEFORE_LOWER = caseless_twin(STAFF_BEFORE)
STAFF_AFTER = re.compile(
    r"^\s*(?:,\s*|\s)(?:RN|R\.N\.|MD|M\.D\.|DO|NP|PA-C|PA|DDS|DMD|PharmD|LPN|CNA|CNM|APRN|FNP|"
    r"PhD|MSW|LCSW|PT|DPT|OT|RD|MPH|BSN|MSN|CRNA|FACS|FACC)\b|"
    r"^\s*,?\s*(?:one of (?:the|our) (?:\w+\s){0,2}(?:nurses|doctors|physicians|employees|"
    r"volunteers|staff|team)|our (?:\w+\s){0,2}"
    r"(?=\w+\b(?!\s+(?:will|is|was|has|had|can|would|should|to|visits?|calls?)\b))"
    r"(?:nurse|doctor|physician|volunteer|employee|"
    r"manager|director|chief|pharmacist|chaplain|recruiter|advocate|surgeon|therapist|"
    r"hygienist|coordinator|dog|pup|puppy|mascot|therapy dog|pet)|who (?:has|have) "
    r"(?:served|worked|led)|"
    r"(?:on|for) (?:being )?(?:named )?(?:\w+ )?(?:nurse|doctor|employee|volunteer|provider|"
    r"physician|caregiver) of the (?:year|month)|named \d{4} |(?:patient experience|billing "
    r"office|nurse manager|patient relations|front desk|scheduling))", re.I)
# A text celebrating staff: the names it cheers are colleagues, not patients.
STAFF_CONTEXT = re.compile(
    r"(?i)\b(?:nurses'? week|doctors'? day|staff appreciation|retire\w*|joins? our|joined our|"
    r"our new (?:\w+ ){0,2}(?:nurse|doctor|midwife|physician|surgeon|pharmacist|therapist|"
    r"dentist|hygienist|consultant|director|manager|chief|volunteer|team member)s?|"
    r"years of (?:service|nursing|caring)|"
    r"(?:employee|nurse|doctor|volunteer)s? of the (?:year|month)|team members?|"
    r"our (?:(?:amazing|incredible|wonderful|dedicated|fantastic|hard-?working) "
    r"(?:nurses|doctors|physicians|staff|team|volunteers|employees|caregivers)|"
    r"(?:nurses|doctors|physicians|volunteers|employees|caregivers)))\b")
# "Grace was amazing": praise of someone who cared for the writer (staff), not a patient
PRAISE_AFTER = re.compile(
    r"(?i)^\s+(?:was|is)\s+(?:so\s+|very\s+|really\s+|just\s+)?(?:amazing|great|wonderful|"
    r"kind|awesome|fantastic|helpful|sweet|caring|incredible|excellent|the best|rude|mean|"
    r"patient with|professional|friendly|lovely|fabulous|phenomenal|outstanding)\b")
# "Meet Jessica! She's been a nurse here for 20 years": the person works here
STAFF_CLAUSE = re.compile(
    r"(?i)[^.!?]{0,40}?[.!?]?\s*(?:she|he|they|who)(?:'s| is| has| have|'ve)(?: been)? "
    r"(?:a|an|our|one of our)\s+(?:\w+\s+){0,2}(?:nurse|doctor|physician|volunteer|employee|"
    r"pharmacist|therapist|surgeon|tech|technician|member of our team)s?\b|"
    r"[^.!?]{0,60}\b(?:joined our team|years of service|on our team|part of our team)\b")
_LOWER_TITLE = re.compile(r"(?i)\b(?:mr|mrs|ms|mx|miss)\.?\s+$")
_COURTESY = frozenset({"mr", "mrs", "ms", "mx", "miss"})  # a word _LOWER_TITLE needs
PET_AFTER = re.compile(r"[^\w.!?]{0,8}(?:,\s*)?(?:our|the|a)\s+(?:\w+\s+){0,2}(?:therapy\s+)?"
                       r"(?:dog|pup|puppy|cat|kitten|mascot|horse|pony|bunny|rabbit|parrot)\b",
                       re.I)
# what may follow a signature: a short description ("Ruth Abernathy, knee replacement patient.")
TRAILER = re.compile(r"\s*(?:(?:,|\s+from\s)[^.!?\n]{0,45}|\s*\([^()]{0,60}\))?[\s.!?\u2019'\"]*$")
POSSESSIVE_CARE = re.compile(
    r"'s\s+(?:stay|surgery|recovery|discharge|treatment|care|room|bed|chemo|appointment|"
    r"operation|procedure|family|mum|mom|dad|diagnosis|transplant|admission|birthday|labs?|"
    r"results|scan|therapy|rehab|delivery|account|bill|balance|claim|prescription|refill|"
    r"records?|chart|file|case|meds|medication|insulin|pump|wheelchair|hearing aids?|test|"
    r"biopsy|mri|infusion|dialysis|vaccines?|immuni[sz]ations?|charges?|invoice|statement|"
    r"copay|x-rays?|endoscopy|colonoscopy|baby|son|daughter|husband|wife|dentures|"
    r"pacemaker|condition|cancer|funeral|passing|death|insurance|coverage|referral|paperwork|"
    r"forms?|stitches|cast|wound|dressings?|physio|medications?|prior auth\w*)\b", re.I)
PLACE_SUFFIX = re.compile(r"(?i)(?:field|view|side|wood|brook|dale|ville|burg|borough|land|"
                          r"port|mont|crest|haven|vale|ridge|grove|worth|bury|stead|chester|"
                          r"shire|town|ton|ford|hollow|springs|falls|heights|hills|valley|creek|"
                          r"park|harbor|harbour|mills|crossing|glen|oaks|pines|meadows)$")
_PLACE_LAST = frozenset("""hollow springs falls heights hills valley creek park harbor harbour mills
crossing glen oaks pines meadows ridge grove lake bay point beach""".split())
# slots where a town-named organisation is greeted as often as a person ("Thanks Westfield!")
_PLACE_PRONE = frozenset({"names.greeting", "names.celebration", "names.vocative",
                          "names.opening", "names.welcome"})
# "Thanks Jess for looking after me", "Kudos to Ben, the nurse who held my hand", "Shoutout to
# Marcus in radiology", "Thank you Angela and the whole L&D team": someone greeted or cheered for
# the care they gave the writer is staff (a care they received reads "who finished chemo",
# "who delivered a healthy boy" and stays a patient's)
_SERVICE_VERB = (r"(?:tak(?:e|es|ing)|took)\s+(?:such\s+|so\s+much\s+)?(?:good\s+|great\s+|"
                 r"amazing\s+|wonderful\s+|excellent\s+|lovely\s+)?care\s+of|"
                 r"look(?:ing|ed)?\s+after|car(?:ing|ed)\s+for|help(?:ing|ed)?|hold(?:ing)?|held|"
                 r"deliver(?:ing|ed)|calm(?:ing|ed)|mak(?:e|ing)|made|treat(?:ing|ed)|"
                 r"stitch(?:ing|ed)|sort(?:ing|ed)(?:\s+out)?|explain(?:ing|ed)\s+(?:\w+\s+)?to|"
                 r"stay(?:ing|ed)\s+with|s[ai]t(?:ting)?\s+with|check(?:ing|ed)\s+on|"
                 r"talk(?:ing|ed)\s+(?:me|us)\s+through|walk(?:ing|ed)\s+(?:me|us)\s+through|"
                 r"gett?(?:ing)?|got|see(?:ing)?|saw|fit(?:ting)?\s+(?:me|us)\s+in")
_STAFF_ROLE = (r"(?:nurse|doctor|doc|tech|technician|therapist|physio|receptionist|midwife|"
               r"surgeon|pharmacist|phlebotomist|aide|porter|cna|paramedic|volunteer|scheduler|"
               r"hygienist|dentist|radiographer|sonographer|ana?esthetist|doula|carer|"
               r"caregiver|orderly|dietitian|chaplain|interpreter|medic|emt)s?")
SERVED_BY_AFTER = re.compile(
    r"(?i)\s+and\s+(?:the|all\s+the|her|his|their)\s+(?:whole\s+|entire\s+)?(?:[\w&/\-]+\s+){0,2}"
    r"(?:team|staff|crew|nurses|doctors)\b|"
    r"[^.!?]{0,25}?,\s+(?:the|our|my|your|a)\s+(?:\w+\s+){0,2}" + _STAFF_ROLE +
    r"(?=\s+(?:who|that|we|i|on|in|at|from|ever)\b|\s*[,.!;)]|\s*$)|"
    r"\s+(?:in|at|from|on)\s+(?:the\s+)?(?:radiology|imaging|billing|registration|reception|"
    r"admissions|scheduling|pharmacy|lab|front\s+desk|x-ray|ultrasound|physio|physical\s+therapy|"
    r"patient\s+relations|customer\s+service|phlebotomy|blood\s+draw)\b|"
    r"[^.!?]{0,30}?\b(?:for|who)\s+(?:(?:\w+\s+){0,2}?(?:" + _SERVICE_VERB + r")\s+"
    r"(?:\w+\s+)?(?:me|us|my|our|mum|mom|dad|him|her)\b|"
    r"(?:the|your|all\s+(?:the|your))\s+(?:\w+\s+)?(?:callback|call\s+back|reply|response|"
    r"care|patience|compassion|kindness)\b|all\s+you\s+do|everything\s+you\s+(?:do|did))")
SYMPATHY = re.compile(r"(?i)\b(?:sorry|so sad|hope (?:you|you're|the)|feel better|get well|"
                      r"glad (?:you|the))\b([^.!?]{0,80})")
# greeted in a text, yet no person: assistants and figures of fiction
_NOT_PEOPLE = frozenset({"alexa", "siri", "santa", "cortana", "bixby", "chatgpt", "google",
                         "dear santa", "santa claus", "tooth fairy", "easter bunny"})
CARE_IN_TEXT = re.compile(r"(?i)\b(?:stay|discharge|treatment|surgery|recovery|passed|loss|"
                          r"diagnos\w*|admitted|'s care)\b")
THE_BEFORE = re.compile(r"(?i)\bthe\s+$")
FAMILY_AFTER = re.compile(r"\s+family\b", re.I)
# "Emeka, your GoFundMe...": an outbound reply opening with the addressee
REPLY_AFTER = re.compile(r"(?i),\s+(?:your|we|we'll|we're|we've|with your|thanks|thank|sorry|"
                         r"you|congrat\w*|good|please|just|the|our|glad|so glad)\b")
ORG_AFTER = re.compile(r"^\s+(?:team|staff|folks|crew|everyone|family doctors|nurses|Hospital|"
                       r"Health|Medical|Clinic|Center|Centre|Care|System|"
                       r"Memorial|Regional|Community|University|College|Pharmacy|Foundation|"
                       r"Street|St\b|Avenue|Ave\b|Road|Rd\b|Drive|Blvd|County|City|"
                       # a department, wing or room of the organisation ("the Sunrise Wing")
                       r"Department|Dept\b|Wing|Unit|Ward|Building|Pavilion|Tower|Lobby|Garden|"
                       r"Chapel|Auditorium|Conference|Services|Nursing|Program|Committee|"
                       r"Council|Campus|Annex|Lab\b|Laboratory|Office)", re.I)
PUBLIC_AFTER = re.compile(r"^(?:'s\s+(?:news|interview|announcement|diagnosis|story|"
                          r"documentary|podcast|song|show|movie|album|tour|speech)|"
                          r"\s+(?:has|had) (?:spoken|talked|opened up|gone) public)", re.I)
STREET_BEFORE = re.compile(r"\b(?:St|Ct|Ave|Rd|Road|Street|Dr|Drive|Blvd|Way|Ln|Lane|Avenue|"
                           r"Court|Pl|Place|Pkwy|Hwy|Trail|Circle|Cir)\.?,\s*$")
SIGNATURE = re.compile(r"(?:^|\s)(?:—|–|--|-|~)\s*$")
ROOM_AFTER = re.compile(r"^,?\s+(?:in\s+)?(?:room|rm\.?|bed)\s*#?\s*(?:[a-z]-?)?\d", re.I)
# "Hugo Lindqvist - my arm is swelling": a full name set off by a dash opens the message
DASH_AFTER = re.compile(r"^\s+(?:-|\u2013|\u2014|--)\s+(?:my|i|i'm|im|me|our|we)\b", re.I)
# "Alan Whitcombe - reacting to the infusion": an inbound message opening on a full name
DASH_ANY_AFTER = re.compile(r"^\s+(?:-|\u2013|\u2014|--)\s+[a-z]")
_BARE_REPLY_AFTER = re.compile(r"\s+(?:we|we've|we're|your|thanks|thank you|sorry|so glad|glad|"
                               r"congrats|congratulations)\b")
_NUMBER_BEFORE = re.compile(r"\d[\w-]*,\s*$")
SELF_AFTER = re.compile(r"^\s+here\b", re.I)
VERB_AFTER = re.compile(r"^\s+(?:was|is|got|gets|has|had|just|turned|turns|went|started|"
                        r"came|needs|needed|broke|fell|collapsed|passed|died|rang|walked)\b",
                        re.I)
# family only: "Hardy's, my boss's firm" names an employer, not a person
RELATIVE_AFTER = re.compile(
    r"(?i)^\s*(?:\(|,)\s*(?:my|our)\s+(?:\w+\s+)?(?:son|daughter|dad|father|mom|mother|mum|"
    r"husband|wife|partner|grandma|grandpa|grandmother|grandfather|nan|nana|gran|granny|grandad|"
    r"brother|sister|aunt|uncle|niece|nephew|cousin|fianc[eé]e?|boyfriend|girlfriend|"
    r"stepson|stepdaughter|stepdad|stepmom|grandson|granddaughter|baby|twin)s?\b")
IDENTITY_AFTER = re.compile(r"^\s+(?:dob|d\.o\.b|mrn|ssn)\b|"
                            r"^\s*,\s*(?:\(?\d|dob\b|d\.o\.b|\+?1?[\s(]*\d{3}|licen[cs]e\b|zip\b|"
                            r"mrn\b|ssn\b|acct\b|account\b|member\b|born\b|age\b|phone\b)",
                            re.I)


@cache
def _lexicon(name: str) -> frozenset[str]:
    data = resources.files("carepost.guard").joinpath("data", name).read_text(encoding="ascii")
    return frozenset(data.split())


@cache
def _word_sets() -> tuple[frozenset[str], ...]:
    """The sets `find` tests each word against, derived once from the lexicons: lexicon names
    that may be names, what bars a capitalised word, and first and last names that are not
    common words (what a lower-case word must be)."""
    first, last = first_names(), last_names()
    never = _FUNCTION | _NEVER
    return ((first | last) - never, COMMON | _LOWER_STOP | never, first - COMMON - never,
            last - COMMON - never)


def first_names() -> frozenset[str]:
    """First names (US Census 1990), lowercase."""
    return _lexicon("first_names.txt")


def last_names() -> frozenset[str]:
    """Last names (US Census 1990, most frequent 40,000), lowercase."""
    return _lexicon("last_names.txt")


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "upper"
    if word[0].isupper() and (len(word) == 1 or not word[1:].isupper() or "-" in word):
        return "title"
    if word.islower():
        return "lower"
    return "mixed"


class _Names:
    """The name-reading machinery over one scan (tokens are computed once)."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.text = scan.text
        self.words = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(scan.text)]
        self.lower = scan.lowered  # None: only the case-insensitive patterns are exact
        self.first = first_names()
        self.last = last_names()
        # whether a pictograph may sit between a cue and a name (most texts have none)
        self.pictographs = not scan.text.isascii() and _PICTO_CHAR.search(scan.text) is not None
        # a cue that skips words needs one of these in the text (lower() maps character by
        # character, so what a window's lower case holds, the text's lower case holds)
        self.skippers = any(w in scan.lower for w in _CUE_SKIPPERS)

    @lazy
    def first_content(self) -> int:
        """Index of the first word after any leading handles (-1: a non-word comes first)."""
        head = _LEADING_HANDLES.match(self.text)
        pos = head.end() if head else 0
        for i, (s, _e, _w) in enumerate(self.words):
            if s >= pos:
                return i if s == pos else -1
        return -1

    def cue_before(self, pos: int) -> tuple[str, str, str] | None:
        """(strength, rule, words) of the cue that ends right before `pos`, if any."""
        # "pray for my grandson \U0001f64f Eli": emoji between the cue and the name decorate it
        if self.pictographs:
            # (they end right before the name: the last character that is not a space is one)
            tail = self.text[max(0, pos - 16):pos].rstrip()
            if tail and _PICTO_CHAR.match(tail[-1]):
                deco = _EMOJI_BEFORE.search(self.text, max(0, pos - 16), pos)
                if deco is not None:
                    pos = deco.start()
        # the full cue pattern is costly where nothing matches: look at the last word first
        window = self.text[max(0, pos - 50):pos]
        head = window.rstrip()
        punct = head[-1:] in (",", ":", "(")  # "My son (Diego, 7)"
        parts = head.rstrip(",:'\"\u2018\u201c").rsplit(None, 1)
        if not parts:
            return None
        last = parts[-1].lower()
        if last not in _CUE_LAST and not punct and not last.endswith("-old"):
            if not self.skippers:
                return None
            low = window.lower()
            if not any(w in low for w in _CUE_SKIPPERS):
                return None
        if self.lower is not None:
            m = CUES_LOWER.search(self.lower, max(0, pos - 50), pos)
            if m is not None and m.lastgroup in _CASE_BRANCHES:
                m = CUES.search(self.text, max(0, pos - 50), pos)
        else:
            m = CUES.search(self.text, max(0, pos - 50), pos)
        if m is None or m.lastgroup is None:
            return None
        strength, rule = CUE_KIND[m.lastgroup]
        return strength, rule, self.text[m.start(m.lastgroup):m.end(m.lastgroup)]

    def is_first(self, w: str) -> bool:
        return w.lower() in self.first

    def is_last(self, w: str) -> bool:
        return w.lower() in self.last

    def is_name(self, w: str) -> bool:
        low = w.lower()
        return low in self.first or low in self.last

    def read(self, i: int, strength: str, surname_ok: bool = False, lower_single: bool = False,
             unknown_ok: bool | str = False) -> tuple[int, int, int] | None:
        """A name starting at word i: (start, end, words) or None."""
        if i >= len(self.words):
            return None
        s, e, w = self.words[i]
        shape = _shape(w)
        low = w.lower()
        if shape == "mixed" or len(w) < 2 and low not in _PARTICLES or low in _LOWER_STOP:
            return None
        # "Mr. De la Cruz", "Mrs. van der Berg": a surname that opens on particles
        # ("Della Fry", "Van Morrison": a particle that is a first name leads only to another)
        lead = _particle_end(self, i) if low in _PARTICLES and (surname_ok or unknown_ok) and (
            low not in self.first or i + 1 < len(self.words)
            and self.words[i + 1][2].lower() in _PARTICLES) else i
        if lead != i:
            return self._particle_surname(i, lead, strength, surname_ok)
        if low in COMMON and (shape == "lower" or strength == "weak" or low in _FUNCTION):
            return None
        known = self.is_first(w) or (surname_ok and self.is_last(w))
        # after "my son" or "this is", a capitalised word the lexicon lacks is still a name
        # when it is no English word ("Hi Oluwaseun", not "Hi Team"); in capitals only as
        # part of a full name ("It's KOFI MENSAH")
        if not known and not (unknown_ok and shape in ("title", "upper") and len(w) >= 3
                              and low not in COMMON and low not in _LOWER_STOP
                              and unlisted_name(w)):
            return None
        if shape == "lower" and strength == "weak" and low in COMMON:
            return None
        count, end = 1, e
        j = i + 1
        while j < len(self.words) and count < 3:
            s2, e2, w2 = self.words[j]
            if self.text[end:s2] != " " or _shape(w2) != shape and not (
                    shape == "title" and _shape(w2) == "upper" and len(w2) <= 3):
                break
            low2 = w2.lower()
            if low2 in _PARTICLES and count < 3:
                nxt = _particle_end(self, j)
                if nxt != j:  # "Ingrid van der Berg": particles join the surname after them
                    count, end = count + 1, self.words[nxt][1]
                    j = nxt + 1
                    continue
            if low2 in _FUNCTION or low2 in _LOWER_STOP:
                break
            if not (self.is_last(w2) or self.is_first(w2)) and not (
                    shape in ("title", "upper") and len(w2) >= 3 and low2 not in COMMON):
                break
            count, end = count + 1, e2
            j += 1
        if strength == "weak" and count < 2:
            return None
        if shape == "lower" and count < 2 and not lower_single:
            return None
        if not known and count < 2 and (unknown_ok != "single" or shape == "upper"):
            return None
        if shape == "lower" and strength == "weak" and not (
                self.is_first(w) and count >= 2):
            return None
        return s, end, count

    def _particle_surname(self, i: int, last: int, strength: str,
                          titled: bool) -> tuple[int, int, int] | None:
        """'De la Cruz' read from its first particle (word i) to its surname (word last); a
        surname no lexicon lists only after a title ("Thanks El Paso" is a town)."""
        w = self.words[last][2]
        if strength == "weak" or not (self.is_last(w) or titled and unlisted_name(w)):
            return None
        return self.words[i][0], self.words[last][1], 1

    def staff(self, start: int, end: int, before: bool = True) -> bool:
        """Whether the name is staff in a professional role (or part of an organisation)."""
        after = self.text[end:end + 60]
        if before:
            # (the case-sensitive twin on the lower-cased text where it is exact: faster)
            if self.lower is not None and _STAFF_BEFORE_LOWER is not None:
                staff_before = _STAFF_BEFORE_LOWER.search(self.lower[max(0, start - 40):start])
            else:
                staff_before = STAFF_BEFORE.search(self.text[max(0, start - 40):start])
            if staff_before:
                return True
        return bool(STAFF_AFTER.search(after) or ORG_AFTER.search(after))

    def public(self, start: int, end: int) -> bool:
        name = self.text[start:end].lower()
        full = self.text[start:min(len(self.text), end + 8)].lower()
        return (name in PUBLIC_FIGURES or full.startswith(_PUBLIC_PREFIXES)
                or PUBLIC_AFTER.search(self.text[end:end + 40]) is not None)

    def place_like(self, start: int, end: int) -> bool:
        """A lone word shaped like a place ("Westfield", "Brookfield"): an organisation's town."""
        word = self.text[start:end]
        if " " in word:  # "Cedar Hollow", "Maple Springs": a town, not a first and last name
            first, last = word.split()[0], word.split()[-1]
            return last.lower() in _PLACE_LAST and first.lower() not in self.first
        return word.lower() not in self.first and PLACE_SUFFIX.search(word) is not None

    def own(self, start: int, end: int) -> bool:
        profile = self.scan.doc.profile
        if not (profile.staff or profile.names):
            return False
        name = self.text[start:end].lower()
        return any(name in s.lower() for s in (*profile.staff, *profile.names))


# words a cue can end with (a name follows them directly)
_CUE_LAST = frozenset("""i'm im am is me name name: signed sincerely baby mom dad mommy daddy
grandma grandpa patient resident mr mr. mrs mrs. ms ms. mx mx. miss hi hello hey dear thanks
thank you thx ty bye hugs back again much world home welcome for keep soon well rip saw seen
visiting visited meet of to about with it's wish wishing name's news morning afternoon
evening done birthday parents parent little sweet brave she's he's mum mam manager
supervisor landlord brother-in-law sister-in-law
mother-in-law father-in-law son-in-law daughter-in-law says said reads read labeled labelled
'labeled 'labelled "labeled aunt auntie uncle nonna nonno abuela abuelo granny
grandad under attn attn: attn. attention: name sorry surname surname: forename attention
celebrate celebrating that spelled spelt spelled: as
old year-old yr-old""".split()) | frozenset(
    w + s for w in re.findall(r"[a-z\-]+", _REL) for s in ("", "s")) | frozenset(
    # the relatives _REL spells with a character class or an optional letter
    w + s for w in ("fiance", "fiancee", "fianc\u00e9", "fianc\u00e9e", "neighbor", "neighbour")
    for s in ("", "s"))
# cues that may skip a few words before the name ("congrats to local news anchor Lisa Jones")
_CUE_SKIPPERS = ("congrat", "shout", "kudos", "sending", "birthday", "celebrat")
_UNKNOWN_PREV = frozenset("""i is name son daughter dad father mom mother mum husband wife
nan gran lad lass missus hubby grandad
partner brother sister grandma grandpa grandmother grandfather baby child kid friend
neighbor neighbour aunt uncle niece nephew cousin""".split())
# cues after which one lowercase first name is enough ("hi whitney", "my son jason")
_LOWER_SINGLE_OK = frozenset({"names.greeting", "names.relative", "names.self_introduction",
                              "names.person_cue"})
# cue rule -> whether a name the lexicon lacks may follow ("single": even one word)
_UNKNOWN_OK: dict[str, bool | str] = {"names.relative": "single", "names.self_introduction": True}
# "I'm Canadian": after "I'm" a word the lexicon lacks is a name only with a surname
_I_AM = re.compile(r"(?i)\s*(?:i'?m|i am|(?:she|he)(?:'s| is))\b")
_LOWER_STOP = frozenset("""welcome congrats congratulations thanks greetings hello
falls springs city heights beach hills valley lake park creek point
harbor harbour county village township
experience advocate advocates advocacy relations services service portal
navigator liaison coordinator financial information access safety affairs support education
engagement services team office department desk line lounge registration admissions billing
hospital health medical clinic center centre care system pharmacy
regional memorial community university college school
room rm bed bay unit ward floor wing suite else so very really too dob dod mrn ssn
radiology oncology cardiology pediatrics paediatrics neurology orthopedics orthopaedics urology
dermatology obstetrics gynecology maternity surgery emergency imaging pathology rehab
rehabilitation nursing facilities housekeeping maintenance security volunteers foundation
chaplaincy dietary nutrition laboratory outpatient inpatient hospice hematology psychiatry
audiology anesthesia anesthesiology respiratory geriatrics gastroenterology pulmonology
nephrology endocrinology rheumatology ophthalmology conference auditorium lobby cafeteria
atrium pavilion annex building campus boardroom
also just only still even got get went was
is are had has have here there then now today tonight yesterday tomorrow and or but""".split())
# endings of ordinary English nouns no lexicon-less given name has ("Pediatrics", "Facilities",
# "Nursing", "Admissions"): a capitalised word known only from its capital is such a noun
_NOUN_ENDING = re.compile(r"(?:olog(?:y|ies)|iatr(?:y|ics)|ics|ities|ment|ments|tions?|sions?|"
                          r"ness|ing|ings|ists?|ery|ary|ory|ware|ship)$")
_FUNCTION = frozenset("""a an the and or but if so as at by for from in into of off on onto to
with about is was are were be been am has have had do does did not no yes you your we our i me
my he she it they them his her its their this that these those who what when where which why how
here there hi hello hey thanks thank please sorry just got get all any some one two""".split())


def find(scan: Scan, has_other_ids: bool = False) -> list[Candidate]:
    """Names of private people in a text about health or care."""
    if not scan.health or scan.example:
        return []
    r = _Names(scan)
    if not r.words:
        return []
    text = scan.text
    out: list[Candidate] = []
    taken: set[int] = set()

    staff_context: list[bool] = []  # computed on first need

    def celebrates_staff() -> bool:
        if not staff_context:
            staff_context.append(STAFF_CONTEXT.search(text) is not None)
        return staff_context[0]
    # a reply that greets someone names a patient only when it speaks of their care
    def addressee_ok() -> bool:
        if scan.doc.direction == "inbound" or has_other_ids or scan.second_person_health:
            return True
        # "hey Lena, sorry the vomiting is back": sympathy for the addressee's own health
        m = SYMPATHY.search(text)
        if m is not None and mentions_health(m.group(1).lower()):
            return True
        # "Hey Bartek, just so you know your cholesterol came back high": a reply that greets
        # someone and tells them of their own care ("know your" is no advice once greeted)
        return any(mentions_health(" ".join(c.group(1).lower().split()[:3]))
                   for c in _YOUR_CLAUSE.finditer(text))

    def add(i: int, span: tuple[int, int, int], rule: str, why: str, score: float) -> None:
        s, e, count = span
        # "my manager Gary" is a private person, though "manager" before a name is a title
        if i in taken or r.staff(s, e, before=rule != "names.relative") or r.public(s, e) \
                or r.own(s, e) or (rule in _PLACE_PRONE and r.place_like(s, e)):
            return
        if rule in ("names.greeting", "names.vocative") and not addressee_ok():
            return
        if rule in ("names.celebration", "names.vocative", "names.greeting", "names.welcome") \
                and celebrates_staff():
            return
        if rule == "names.celebration" and STAFF_CLAUSE.match(text, e, e + 80):
            return
        if PET_AFTER.match(text, e):
            return  # "Meet Biscuit, our newest therapy dog": an animal, not a patient
        if rule in _PLACE_PRONE and (SERVED_BY_AFTER.match(text, e)
                                     or text[s:e].lower() in _NOT_PEOPLE):
            return  # thanked for the care they gave: staff; "Hey Alexa": no one
        taken.update(range(i, i + count))
        out.append(Candidate(s, e, "NAME", score, rule, why))

    first_idx = r.first_content
    nameish, cap_block, lower_first, lower_last = _word_sets()
    titled = not scan.words.isdisjoint(_COURTESY)
    words = r.words
    # most words are lower-case and no name: only capitalised words and lower-case lexicon
    # names (the test below reads these first) go through the loop
    for i in [i for i, (_s, _e, w) in enumerate(words)
              if not w.islower() or w in lower_first
              or titled and (w in lower_last or w in _PARTICLES)]:
        s, _e, w = words[i]
        low = w.lower()
        if w.islower():
            # a lower-case first name after a cue, or surname after a courtesy title
            # ("mrs. patterson")
            if not (low in lower_first and len(w) > 1 and i not in taken and _lower_ok(r, i)
                    or titled and (low in lower_last or low in _PARTICLES)
                    and _LOWER_TITLE.search(text, max(0, s - 6), s)):
                continue
        elif low not in nameish and (low in cap_block and low not in _PARTICLES
                                     or _shape(w) not in ("title", "upper")):
            continue
        if i in taken or len(w) < 2 and low not in _PARTICLES:
            continue
        before = text[max(0, s - 60):s]
        # 1. a cue right before the name
        cue = r.cue_before(s)
        if cue is not None:
            strength, rule, said = cue
            span = r.read(i, strength, rule == "names.person_cue",
                          lower_single=rule in _LOWER_SINGLE_OK,
                          unknown_ok=(False if strength != "strong" else True
                                      if _I_AM.match(said) else "single"))
            if span is None and rule == "names.preposition":
                span = _last_first(r, i) or _unlisted_identity(r, i)
            if span is None and _I_AM.match(said):
                span = _unlisted_self(r, i)
            if span is not None and span[2] < 2 and said.lower() == "attention":
                span = None  # "fax it attention Luisa": "attention" alone vouches for a full name
            if span is not None:
                add(i, span, rule, f"name after a '{said.strip()[:20]}' cue", 0.85)
                _and_name(r, span, rule, add)
                continue
        if i == first_idx and SELF_AFTER.match(text[r.words[i][1]:r.words[i][1] + 12]):
            # "Priyanka here, ...": the writer introduces themselves
            span = r.read(i, "strong", unknown_ok="single")
            if span is not None:
                add(i, span, "names.self", "name followed by 'here'", 0.8)
                continue
        if (i == first_idx and scan.doc.direction == "outbound"
                and REPLY_AFTER.match(text, r.words[i][1])):
            # "Emeka, your results...": a reply opening with the addressee's name
            span = r.read(i, "strong", unknown_ok="single")
            if span is not None and span[2] == 1:
                add(i, span, "names.vocative", "name of the person addressed", 0.7)
                continue
        if i != first_idx and not _positional_hint(text, s):
            continue  # no position rule below can apply: skip the costlier checks
        span = r.read(i, "strong", surname_ok=True, lower_single=i == first_idx,
                      unknown_ok=True)
        if span is None and scan.doc.direction == "outbound" and re.search(r",\s*$", before) \
                and re.match(r"^\s*(?:[.!?]|$)", text[_e:_e + 12].translate(_NO_EMOJI)):
            # "...your recovery blog, Tomás!": a reply closing on the addressee's name
            span = r.read(i, "strong", unknown_ok="single")
        if span is None:
            span = _unlisted_single(r, i, i == first_idx)
            if span is not None:  # "Nanami from my church", "Jaylen, my cousin"
                add(i, span, "names.unlisted", "a name no lexicon lists, said of a person", 0.7)
            continue
        after = text[span[1]:span[1] + 40]
        known = r.is_name(w)
        # 2. a name with a hospital room or bed ("Martinez Room 407", "Kelly in bed 14")
        if ROOM_AFTER.search(after):
            add(i, span, "names.with_room", "name next to a hospital room or bed", 0.8)
        # 3. an inbound signature at the end ("— Jon Patel")
        elif scan.doc.direction == "inbound" and len(text) - span[1] < 60 and (
                SIGNATURE.search(before[-4:]) or span[2] >= 2 and _sentence_start(text, s)
                or span[2] >= 2 and before.endswith(", ") and r.is_first(w)
                and text[span[1]:].strip(" .!") == "") \
                and TRAILER.match(text[span[1]:].translate(_NO_EMOJI)):
            add(i, span, "names.signature", "signature of the person writing", 0.8)
        # "the Nowak family", "Zofia's stay": a person's family or stay
        elif POSSESSIVE_CARE.match(text, span[1]) or (
                FAMILY_AFTER.match(text, span[1]) and THE_BEFORE.search(before)
                and CARE_IN_TEXT.search(text)):
            add(i, span, "names.possessive", "name of someone whose care is described", 0.7)
        # 4. the text opens with the name: vocative, self-introduction or subject
        elif i == first_idx and (SELF_AFTER.search(after) or VERB_AFTER.search(after)
                                 or (span[2] >= 2 and after.lstrip().startswith(","))
                                 or span[2] >= 2 and r.is_first(w) and (
                                     DASH_AFTER.match(after) or scan.doc.direction == "inbound"
                                     and DASH_ANY_AFTER.match(after))) \
                and not PRAISE_AFTER.search(after) and _any_known(r, span):
            add(i, span, "names.opening", "name opening a text about health or care", 0.75)
        # "Linda, thank you for sharing...": a reply opening with the addressee's first name
        elif i == first_idx and span[2] == 1 and after.startswith(",") and (
                r.is_first(w) or scan.doc.direction == "outbound" and REPLY_AFTER.match(after)):
            add(i, span, "names.vocative", "name of the person addressed", 0.7)
        # "Renata we updated your Medicaid number": a reply opening on a first name, no comma
        elif i == first_idx and span[2] == 1 and r.is_first(w) and low not in COMMON \
                and scan.doc.direction == "outbound" and _BARE_REPLY_AFTER.match(after) \
                and addressee_ok():
            add(i, span, "names.vocative", "name of the person addressed", 0.7)
        # "Account 7710-2294, Lorna Fitch, it's for...": a full name listed after a number
        elif span[2] >= 2 and _NUMBER_BEFORE.search(before) and _any_known(r, span) \
                and re.match(r"\s*[,.(]", after):
            add(i, span, "names.identity_line", "name listed with an identifying number", 0.8)
        # "Rashida Begum (my mum) fell", "Tobi, my brother, ...": a relative named before the cue
        elif RELATIVE_AFTER.match(after) and _any_known(r, span) and not r.place_like(*span[:2]):
            add(i, span, "names.relative_after", "name followed by who they are to the writer",
                0.8)
        # 5. "Name Surname, 9199899731, DOB ...": an identity line
        elif span[2] >= 2 and IDENTITY_AFTER.search(after) and _sentence_start(text, s):
            add(i, span, "names.identity_line", "name listed with contact or birth date", 0.8)
        elif SELF_AFTER.search(after) and _sentence_start(text, s):
            add(i, span, "names.self", "name followed by 'here'", 0.8)
        # 6. ", Jennifer!" at the end of a clause: the addressee
        elif span[2] == 1 and re.search(r",\s*$", before) \
                and re.match(r"^\s*(?:[.!?]|$)", after.translate(_NO_EMOJI)) \
                and not STREET_BEFORE.search(before) \
                and (known or scan.doc.direction == "outbound") \
                and not re.search(r"(?i)\b(?:dr|nurse)\.?\s*,?\s*$", before):
            add(i, span, "names.vocative", "name of the person addressed", 0.7)
    if scan.doc.direction == "inbound" and (
            not scan.words.isdisjoint(_LOWER_CUE_WORDS)
            or any(k in scan.lower for k in _LOWER_CUE_PHRASES)):
        # "i'm radomir, ...", "my husband tariq is bleeding": a lower-case name no lexicon lists
        for m in _LOWER_UNLISTED.finditer(text):
            word = m.group("n")
            # ("hey its keisha from the 2pm group": after "it's" a lexicon name is one too)
            listed = word in r.first or word in r.last
            if (word in COMMON or word in _LOWER_STOP or listed and not m.group("its")
                    or not listed and not unlisted_name(word, proper_ok=False)
                    or any(c.start < m.end("n") and m.start("n") < c.end for c in out)):
                continue
            out.append(Candidate(m.start("n"), m.end("n"), "NAME", 0.75, "names.lower_unlisted",
                                 "a lower-case name the writer gives after 'I'm' or a relative"))
    tail = text[-40:]
    if scan.doc.direction == "inbound" and ("-" in tail or "~" in tail or "\u2013" in tail
                                            or "\u2014" in tail):
        # "...my oncology notes. -Grant Loomis": a signature whose dash touches the name
        m = _DASH_SIGNATURE.search(text, max(0, len(text) - 40))
        if m is not None and not any(c.start < m.end("n") and m.start("n") < c.end for c in out):
            first_word = m.group("n").split()[0]
            if r.is_first(first_word) and first_word.lower() not in COMMON \
                    and not r.staff(m.start("n"), m.end("n")):
                out.append(Candidate(m.start("n"), m.end("n"), "NAME", 0.8, "names.signature",
                                     "signature of the person writing"))
    if "." in text and scan.doc.direction == "inbound" and (
            r.lower is None or any(c in r.lower for c in _SELF_INITIAL_CUES)):
        # "I'm R. Adeyemi": an initial and a surname after a self-introduction
        for m in SELF_INITIAL.finditer(text):
            surname = m.group("n").rsplit(None, 1)[-1].rstrip(".")
            low = surname.lower()
            if low in COMMON or low in _LOWER_STOP or _NOUN_ENDING.search(low):
                continue
            # the surname alone may be found already: the initial joins it
            out = [c for c in out if not (c.start < m.end("n") and m.start("n") < c.end)]
            out.append(Candidate(m.start("n"), m.end("n"), "NAME", 0.8, "names.self_initial",
                                 "an initial and surname the writer gives as theirs"))
    return [_with_title(text, c) for c in out]


# a lower-case word after a self-introduction or a relative, closed like a name is
_LOWER_UNLISTED = re.compile(
    r"(?:(?P<its>(?:^|\b(?:hi|hey|hello|yo),?\s+)(?:it'?s|its))|\b(?:i'?m|i am|my name is|"
    r"my name'?s|"
    r"this is|call me)|\bmy\s+(?:husband|wife|son|daughter|mum|mom|dad|brother|sister|partner|"
    r"boyfriend|girlfriend|grandma|grandpa|nan|nana|gran|granny|grandad|aunt|uncle|cousin|"
    r"friend|baby|boss|manager|supervisor|fianc[eé]e?|niece|nephew))\s+"
    r"(?P<n>[a-z\u00e0-\u00ff]{3,}(?:-[a-z\u00e0-\u00ff]+)?)"
    r"(?=\s*(?:[,.;!:]|$|\s(?:here|from|and|is|was|has|had|needs|took|fell|can|can't|cant|"
    r"won't|wont|isn't|just|got|in|at|on)\b))")
# (a word or phrase one branch of _LOWER_UNLISTED needs: most texts have none)
_LOWER_CUE_WORDS = frozenset("""im its husband wife son daughter mum mom dad brother sister
partner boyfriend girlfriend grandma grandpa nan nana gran granny grandad aunt uncle cousin
friend baby boss manager supervisor niece nephew fiance fiancee""".split())
_LOWER_CUE_PHRASES = ("i'm ", "i am ", "name is", "name's", "names ", "this is ", "call me",
                      "it's ", "fianc\u00e9")
_DASH_SIGNATURE = re.compile(r"(?:^|\s)(?:-|~|\u2013|\u2014)(?P<n>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
                             r"[\s.!]*$")
SELF_INITIAL = re.compile(r"\b(?i:i'm|i am|this is|my name is|it's|signed)\s+"
                          r"(?P<n>[A-Z]\.\s?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)(?![\w.])")
# what SELF_INITIAL's cue needs in the lower-cased text (a text without any: no search)
_SELF_INITIAL_CUES = ("i'm", "i am", "this is", "my name is", "it's", "signed")


# "Mrs. Okonkwo", "Aunt Bea": a courtesy or family title is written as part of the name
_TITLE_BEFORE = re.compile(r"(?:\b(?:(?i:mr|mrs|ms|mx)|Miss|Mister|Aunt|Auntie|Uncle|Grandma|"
                           r"Grandpa|"
                           r"Nana|Nanna|Granny|Grandad|Papa|Nonna|Abuela|Abuelo)\.?\s{1,2})$")


def _with_title(text: str, c: Candidate) -> Candidate:
    m = _TITLE_BEFORE.search(text, max(0, c.start - 12), c.start)
    if m is None:
        return c
    return Candidate(m.start(), c.end, c.type, c.score, c.rule, c.explanation)


# particles of surnames ("De la Cruz", "van der Berg", "da Silva", "bin Rashid", "al-" is
# read as a hyphenated word)
_PARTICLES = frozenset("""de del della der den di da das dos du la le van von ter ten bin ibn
al el ó ní nic ua ap""".split())


def _particle_end(r: _Names, j: int) -> int:
    """Index of the capitalised word that one to three particles from word j lead to, or j."""
    k = j
    while k < len(r.words) and k - j < 3 and r.words[k][2].lower() in _PARTICLES:
        if k + 1 >= len(r.words) or r.text[r.words[k][1]:r.words[k + 1][0]] != " ":
            return j
        k += 1
    if k == j or k >= len(r.words) or _shape(r.words[k][2]) != "title" \
            or r.words[k][2].lower() in _PARTICLES or r.words[k][2].lower() in COMMON:
        return j
    return k


# what only a person has ("Aroha's surgery"; "Norabel's copay card" may be a drug's)
_PERSON_POSSESSIVE = re.compile(
    r"(?i)'s\s+(?:stay|surgery|recovery|discharge|room|bed|chemo|operation|family|mum|mom|dad|"
    r"diagnosis|transplant|birthday|funeral|passing|death|baby|son|daughter|husband|wife|"
    r"stitches|wound|mri|biopsy|scan|labs?|results)\b")
_YOUR_CLAUSE = re.compile(r"(?i)\byour\s+([^.!?]{1,40})")
# what after a name makes it someone's, when no lexicon lists the name
_UNLISTED_AFTER = re.compile(r"(?i)^\s+from\s+(?:my|our|his|her|their)\s|^\s+(?:is|was)\s+my\s")
# what closes the name the writer gives as theirs ("I'm Radomir, ...", "I'm Radomir here")
_SELF_END = re.compile(r"(?i)^(?:\s*[,.;!:\u2014\u2013-]|\s*$|\s+(?:here|from|and\s+(?:i|my))\b)")


def _unlisted_self(r: _Names, i: int) -> tuple[int, int, int] | None:
    """'I'm Radomir, I'm on the bridge': one word the lexicons lack, no place or people, that
    the writer gives as their name (it closes the clause: "I'm Canadian and..." is no name)."""
    s, e, w = r.words[i]
    if _shape(w) != "title" or not unlisted_name(w, proper_ok=False):
        return None
    span = r.read(i, "strong", unknown_ok="single")
    if span is None or span[2] != 1 or not _SELF_END.match(r.text[e:e + 12]):
        return None
    return span


def _unlisted_identity(r: _Names, i: int) -> tuple[int, int, int] | None:
    """'booster status for Farhad Tehrani, born 1979-04-02': a full name no lexicon lists,
    with a birth date or record number after it."""
    span = r.read(i, "strong", unknown_ok=True)
    if span is None or span[2] < 2 or _shape(r.words[i][2]) != "title":
        return None
    if not IDENTITY_AFTER.search(r.text[span[1]:span[1] + 40]):
        return None
    return span


def _unlisted_single(r: _Names, i: int, opening: bool) -> tuple[int, int, int] | None:
    """One capitalised word no lexicon lists, tied to a person by what follows it: a relative
    ("Jaylen, my cousin"), a bed ("Oyelaran in bed 4"), a stay ("Aroha's surgery") or, opening
    the text, where they come from ("Nanami from my church is on your ward")."""
    s, e, w = r.words[i]
    if r.is_name(w) or _shape(w) != "title" or not unlisted_name(w, proper_ok=False):
        return None
    after = r.text[e:e + 40]
    if not (RELATIVE_AFTER.match(after) or ROOM_AFTER.search(after)
            or _PERSON_POSSESSIVE.match(r.text, e)
            or opening and _UNLISTED_AFTER.match(after)
            # "Tevita, saw your message: with your sickle cell history...": a reply that
            # opens on the addressee and speaks of their health
            or opening and r.scan.doc.direction == "outbound" and after.startswith(",")
            and r.scan.second_person_health) or r.place_like(s, e):
        return None
    return r.read(i, "strong", unknown_ok="single")


def _positional_hint(text: str, s: int) -> bool:
    """Cheap test: could a position rule (room, signature, 'here', vocative...) apply at s?"""
    after = text[s:s + 50].lower()
    return (len(text) - s < 70 or "," in text[max(0, s - 3):s] or _sentence_start(text, s)
            or "(my " in after or ", my " in after
            or "here" in after or "room" in after or "bed" in after or "'s" in after
            or "family" in after)


def _any_known(r: _Names, span: tuple[int, int, int]) -> bool:
    """Whether one word of the span is in the lexicons ("Cedar Falls is..." has none)."""
    return any(r.is_name(w) for s, _e, w in r.words if span[0] <= s < span[1])


def _and_name(r: _Names, span: tuple[int, int, int], rule: str, add: object) -> None:
    """'parents Sunita and Vikram Rao': a name joined to a cued one by 'and' is one too."""
    m = re.match(r" and ", r.text[span[1]:span[1] + 5])
    if m is None:
        return
    for j, (s, _e, _w) in enumerate(r.words):
        if s == span[1] + 5:
            nxt = r.read(j, "strong", unknown_ok=True)
            if nxt is not None:
                add(j, nxt, rule, "name joined by 'and' to a cued name", 0.8)  # type: ignore[operator]
            return


# pictographs (arrows, symbols, dingbats, emoji) and spaces, at least one pictograph, at the end
_PICTO = "\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f\u2b00-\u2bff\U0001f000-\U0001faff"
_EMOJI_BEFORE = re.compile(f"(?:\\s*[{_PICTO}])+\\s*$")
_PICTO_CHAR = re.compile(f"[{_PICTO}]")
_NO_EMOJI = {c: None for c in range(0x2000, 0x2BFF)} | {c: None for c in range(0x1F000, 0x1FAFF)}


_NEVER = frozenset("""monday tuesday wednesday thursday friday saturday sunday center centre room
nurse doctor call walk book check free more best fast most just keep staff billing street way
day love see born min sun soon else ok jesus christ allah god lord buddha scouts
ha haha hah lol lmao omg wow ugh oh ah aw aww yay hmm meh welp whoa yikes oops phew""".split())
_GREETINGS = frozenset("hi hello hey dear thanks thx ty".split())
_LOWER_PREV = _GREETINGS | _UNKNOWN_PREV


def _lower_ok(r: _Names, i: int) -> bool:
    """A lowercase name needs a cue word or a comma before it, or a lowercase surname after."""
    if i > 0 and (r.words[i - 1][2].lower() in _LOWER_PREV
                  or r.text[:r.words[i][0]].rstrip().endswith(",")):
        return True
    cue = r.cue_before(r.words[i][0])
    if cue is not None and cue[1] in _LOWER_SINGLE_OK:
        return True
    if i == r.first_content and VERB_AFTER.match(r.text[r.words[i][1]:]):
        return True
    if i + 1 < len(r.words):
        nxt = r.words[i + 1][2]
        return nxt.islower() and nxt in r.last and nxt not in _FUNCTION
    return False


# handles opening the text ("@maria @dev hi"): the first content word comes after them
_LEADING_HANDLES = re.compile(r"(?:\s*@[\w.]+)*\s*")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8):pos].rstrip()
    return not before or before[-1] in ".!?:;\n" or before.endswith(("—", "-"))


def _last_first(r: _Names, i: int) -> tuple[int, int, int] | None:
    """'for Williams, Jacob (DOB ...)': a surname, a comma and a first name."""
    if i + 1 >= len(r.words):
        return None
    s, e, w = r.words[i]
    s2, e2, w2 = r.words[i + 1]
    if r.text[e:s2] != ", " or not r.is_last(w) or not r.is_first(w2) or _shape(w) == "lower":
        return None
    if not re.match(r"^\s*[(,]", r.text[e2:e2 + 3]):
        return None
    return s, e2, 2
