"""emergency (inbound): suicidal intent, or an acute medical emergency happening now.

Suicidal intent needs no time cue (it is always urgent). A physical emergency needs an acute
sign together with a cue that it is happening now, so stories and questions about warning signs
are not escalated.
"""

from __future__ import annotations

from carepost.guard.rules.base import Cues, Hit, alt, hit, holds, rx

LABEL = "emergency"

SELF_HARM = rx(r"\b(?:kill|hurt|harm|cut|cutt|burn)(?:ing)?\s+my\s*self\b"
               r"|\b(?:going|wants?|trying|threaten\w*|about)\s+to\s+(?:kill|hurt|harm)\s+(?:him"
               r"|her|them)"
               r"sel(?:f|ves)\b"
               r"|\bend(?:ing)?\s+(?:it\s+all|my\s+life|"
               r"things)\b|\b(?:I'?m|I\s+am|feel(?:ing)?|been|so|getting"
               r"|having)\s+(?:\w+\s+)?suicidal\b"
               r"|\bsuicidal\s+(?:again|tonight|right\s+now|and)\b"
               r"|\b(?:want|wanna|going|ready)\s+to\s+die\b|\bdon'?t\s+want\s+to\s+(?:be\s+"
               r"(?:alive|here)|live|wake\s+up)\b|\bwish\s+I\s+(?:just\s+)?(?:wouldn'?t|"
               r"didn'?t|could\s+not|couldn'?t)\s+wake\s+up|\bwish\s+I\s+(?:was|were)\s+dead"
               r"|\bcan'?t\s+(?:do\s+this|go\s+on|keep\s+(?:going|myself\s+safe))\s*"
               r"(?:anymore|any\s+more|tonight)?|\bkeep\s+myself\s+safe\b"
               r"|\b(?:all|a\s+bunch\s+of|whole\s+bottle\s+of)\s+(?:my\s+)?pills\b[^.!?]{0,60}"
               r"\b(?:take|taking|swallow)\s+(?:them|it\s+all)"
               r"|\bgoing\s+to\s+take\s+(?:them|all\s+of\s+them|it\s+all)\b"
               r"|\b(?:(?:jump(?:ing)?|driv(?:e|ing)|drove|walk(?:ing)?)\s+(?:off|into)\s+(?:a"
               r"|the|my)\s+"
               r"(?:bridge|roof|building|balcony|cliff|river|traffic|lake|train|wall|tree|truck"
               r"|lorry)|"
               r"(?:drive|driving|crash|crashing|steer)\s+(?:my\s+car\s+)?into\s+(?:a|the"
               r"|oncoming)\s+\w+|"
               r"(?:no\s+one|nobody)\s+(?:will|would)\s+(?:care|notice|miss\s+me)|"
               r"(?:standing|sitting|up)\s+on\s+(?:the|a)\s+(?:roof|ledge|edge|bridge|railing)|"
               r"hang(?:ing)?\s+myself|slit(?:ting)?\s+my|take\s+all\s+my\s+pills|"
               r"(?:thinking|thought)\s+(?:about|of)\s+(?:dying|ending\s+it|killing\s+myself|"
               r"not\s+being\s+here)|(?:plan|way)\s+to\s+(?:end\s+it|kill\s+myself))"
               r"|\b(?:don'?t|do\s+not|can'?t)\s+see\s+(?:the|any)\s+point\s+(?:anymore|any\s+more|"
               r"in\s+(?:living|going\s+on|anything)|of\s+(?:living|anything))"
               r"|\b(?:planning|plan|going|want|wanna|ready|decided)\s+to\s+end\s+it\b"
               r"|\b(?:gonna|i'?ll|i\s+will|i'?m\s+going\s+to)\s+end\s+it\b"
               r"|\bwhat'?s\s+the\s+point\s+(?:anymore|any\s+more|of\s+(?:living|going\s+on|"
               r"anything|being\s+here)|in\s+(?:living|going\s+on))"
               r"|\b(?:enough|plenty\s+of)\s+(?:pills|tablets|meds)\s+(?:saved|stashed|"
               r"stockpiled|hoarded|put\s+aside|to\s+(?:do\s+it|end\s+it|kill))"
               # someone afraid they will harm another now ("scared I'll hurt my baby")
               r"|\b(?:scared|afraid|worried|terrified)\s+(?:that\s+)?(?:i'?ll|i\s+will|i\s+might|"
               r"i'?m\s+going\s+to|i\s+could)\s+(?:hurt|harm|kill|shake)\s+(?:my|the|our|someone|"
               r"somebody|him|her|them)\b"
               r"|\bthoughts\s+(?:of|about)\s+(?:hurting|harming|killing)\s+(?:my|the|our|someone)"
               r"|\b(?:if|hope)\s+I\s+(?:don'?t|never)\s+wake\s+up|\btaken\s+(?:what|everything"
               r"|all)\s+"
               r"(?:I\s+had|of\s+my|my)"
               r"|\b(?:wrote|writing|written)\s+(?:\w+\s+)?(?:letters?|notes?|goodbyes?)\s+(?:to"
               r"|for)\s+"
               r"(?:my|everyone)|\bafter\s+tonight\b"
               r"|\b(?:saved|saving|stockpil\w+|hoard\w*)\s+(?:up\s+)?(?:my"
               r"|all\s+my)\s+(?:tablets|pills|"
               r"meds|medication)|\btaking\s+them\s+(?:all\s+)?tonight\b"
               r"|\btonight\s+is\s+the\s+night\b|\b(?:got|have)\s+everything\s+(?:ready|planned)"
               r"|\bthank\s+you\s+for\s+trying\b|\bthis\s+is\s+(?:my\s+)?goodbye\b"
               r"|\bwon'?t\s+be\s+(?:here|around|alive)\s+(?:tomorrow|much\s+longer|anymore)"
               r"|\bno\s+reason\s+to\s+(?:live|keep\s+going)|\bbetter\s+off\s+(?:without\s+me"
               r"|if\s+I\s+(?:was|were)\s+(?:gone|dead|not\s+here)|if\s+I\s+"
               r"(?:wasn'?t|weren'?t)\s+(?:here|around)|if\s+I\s+disappeared)"
               r"|\bnobody\s+would\s+(?:even\s+)?(?:notice|care|miss\s+me)"
               r"|\bsay\s+goodbye\b|\btell\s+\w+\s+(?:\w+\s+)?(?:I'?m|im)\s+sorry\b"
               r"|\b(?:overdose|od)\s+(?:on\s+purpose|tonight)"
               # farewells and intent said indirectly: "tell my kids I love them", "I'm sorry
               # for everything", "I won't be a burden much longer", "the pills are ready"
               r"|\btell\s+(?:my\s+\w+|them|everyone|\w+)\s+(?:that\s+)?I\s+(?:love|loved)\s+"
               r"(?:them|him|her|you)\b"
               r"|\b(?:please\s+)?(?:take\s+care\s+of|look\s+after)\s+my\s+(?:kids|children|dog|"
               r"cat|babies|son|daughter|mom|mum)\s+(?:for\s+me|when\s+I'?m\s+gone)"
               r"|\bsorry\s+for\s+everything\b(?!\s+(?:I|we|you|that|he|she|they)\b)|\b(?:won'?t|wont)\s+be\s+a\s+burden\s+(?:anymore|"
               r"any\s+more|much\s+longer|for\s+long)|\b(?:just\s+)?a\s+burden\s+to\s+(?:everyone|"
               r"my\s+family|them)"
               r"|\b(?:have|got)\s+(?:the\s+|my\s+)?(?:pills|rope|gun|razor|blades?)\s+(?:ready|"
               r"here\s+with\s+me|in\s+front\s+of\s+me|lined\s+up)"
               r"|\b(?:going\s+to|gonna)\s+sleep\s+(?:forever|for\s+good|and\s+not\s+wake)"
               r"|\b(?:can'?t|cannot)\s+take\s+(?:it|this|the\s+pain)\s+(?:anymore|any\s+more)"
               r"|\bwant\s+(?:it\s+all|everything|the\s+pain)\s+to\s+(?:stop|end)\s+(?:forever|for"
               r"\s+good)"
               r"|\b(?:gave|giving)\s+away\s+(?:all\s+)?my\s+(?:things|stuff|belongings)"
               r"|\b(?:i'?m|im|i\s+am)\s+not\s+safe\s+(?:tonight|right\s+now|with\s+myself|around\s+"
               r"myself|alone|anymore)|\bdon'?t\s+feel\s+safe\s+(?:with|around)\s+myself"
               r"|\bif\s+I\s+(?:just\s+)?disappeared\s+(?:for\s+good|forever)"
               r"|\bbetter\s+off\s+if\s+I\s+(?:just\s+)?(?:disappeared|was\s+gone|were\s+gone|died)"
               r"|\b(?:going\s+to|gonna|about\s+to|want\s+to|will)\s+(?:take|swallow|down)\s+"
               r"(?:everything|all\s+(?:of\s+)?(?:my|the|these|his|her)|the\s+(?:whole|entire))\b"
               r"|\b(?:thinking\s+(?:of|about)|planning\s+(?:on|to)|going\s+to|gonna)\s+"
               r"jump(?:ing)?\s+(?:tonight|off|from|today|in\s+front)")
ACUTE_SIGN = alt("""not-breathing""".split() + [
    "chest pain", "chest pains", "chest tightness", "crushing chest", "pain down my left arm",
    "goes down my left arm", "can't breathe", "cant breathe", "cannot breathe",
    "hard to breathe", "trouble breathing", "struggling to breathe", "isn't breathing",
    "isnt breathing", "not breathing", "stopped breathing", "breathing funny",
    "won't wake up", "wont wake up", "can't wake", "unresponsive", "passed out", "collapsed",
    "unconscious", "having a seizure", "a seizure and", "seizure won't", "seizing",
    "convulsing", "face is drooping", "face drooping",
    "drooping", "slurring", "slurred", "can't get her words out", "can't get his words out",
    "can't speak", "can't stand", "swallowed", "overdosed", "took too many", "took a bunch",
    "took a whole bottle", "whole bottle", "throat is closing", "throat closing",
    "tongue is swelling", "lips are swelling", "lips turning blue", "turning blue", "blue lips",
    "bleeding heavily", "won't stop bleeding", "soaking a pad", "soaking through",
    "heavy bleeding", "coughing up blood", "vomiting blood", "going to pass out",
    "about to pass out", "going to faint", "shaking uncontrollably",
    "sugar meter says lo", "sugar is 4", "blood sugar is", "stiff neck", "worst headache",
    "not making sense", "empty pill bottle", "empty bottle",
    "hit his head", "hit her head", "fell and", "anaphylaxis", "epipen", "stabbed",
    "having a stroke", "having a heart attack", "stroke symptoms",
    "clutching his chest", "clutching her chest", "clutching my chest", "gone grey", "gone gray",
    "had a fit", "having a fit", "isn't waking", "won't wake", "not waking", "appendix",
    "appendicitis", "can't feel my legs", "can't feel my arm", "can't feel my face",
    "can't move my",
    "cannot move my", "fell down", "falling down", "pounding headache", "turned grey",
    "turning grey", "fell off", "bent the wrong way", "screaming in pain",
    "sticking out", "hasn't moved", "has not moved", "stopped moving", "can't catch her breath",
    "can't catch his breath", "can't catch my breath", "lips look blue", "look blue",
    "going blue", "gone blue", "floppy", "limp and",
    "cut his wrists", "cut her wrists",
    "cut my wrists", "cut their wrists", "so much blood",
    "a lot of blood", "lots of blood", "with lots of blood", "water just broke", "water broke",
    "blood everywhere", "not moving", "isn't moving", "won't answer",
    "fell down the stairs", "face getting puffy", "face is puffy", "face is getting puffy",
    "lips getting puffy",
    "lips are puffy", "face swelling", "lips swelling", "tongue swelling", "bleeding a lot",
    "soaked through", "asthma attack", "inhaler isn't working", "inhaler isn't helping",
    "took too much",
    "took way too much", "heart pounding", "heart is pounding", "can't see straight",
    "lips are blue", "won't respond", "not responding", "barely breathing", "overdosing",
    "having a seizure", "fainted", "keeps fainting", "severe bleeding", "was shot",
    "been shot", "got shot", "throat feels like", "throat is tight",
    "face is swelling", "face is swollen", "tongue is swollen", "can't swallow",
    "allergic reaction", "hives everywhere",
    "hard time breathing", "gasping", "choking", "burned", "poison", "poisoning",
    # someone found down or in shock: the words bystanders use, not clinical terms
    "on the floor", "on the kitchen floor", "on the bathroom floor", "slumped over",
    "slumped", "pale and clammy", "clammy", "cold and clammy", "went gray", "went grey",
    "turning gray", "turned gray", "gone pale", "going pale", "eyes rolled back",
    "doing cpr", "started cpr", "giving cpr", "doing chest compressions", "no pulse",
    "can't find a pulse", "can't get a pulse",
    # an ambulance or 911 already called: the writer says it is happening now
    "calling 911", "called 911", "calling an ambulance", "called an ambulance",
    "until the ambulance", "waiting for the ambulance", "ambulance is on the way",
    "ambulance is coming", "ambulance is taking", "ambulance is bringing", "paramedics are",
    "in the ambulance",
    # trauma
    "hit by a car", "hit by a truck", "hit by a bus", "run over", "car accident", "car crash",
    "motorcycle accident", "bike accident", "was in a crash", "drowning", "nearly drowned",
    "pulled from the pool", "bleeding from his head", "bleeding from her head", "head injury",
    "fell from", "fell off a ladder", "broke his neck", "broke her neck",
    # airway swelling in any word order
    "throat is swelling", "throat swelling", "throat is swollen", "swelling shut",
    "closing up", "throat is tightening", "tongue is huge",
    # heart attack and stroke as people say them
    "elephant on my chest", "elephant is sitting", "elephant sitting", "chest feels like",
    "pressure in my chest", "chest pressure", "squeezing in my chest", "left arm is numb",
    "arm went numb", "arm is numb", "speech is slurred", "speech is weird", "speech is garbled",
    "speech is off", "talking funny", "one side of his face", "one side of her face",
    "one side of my face", "droopy", "suddenly confused", "can't lift his arm",
    "can't lift her arm", "can't lift my arm",
    # carbon monoxide, a plan in progress
    "engine running in the garage", "in the garage with the engine",
    "fever of 104", "fever of 105", "fever of 106", "won't feed", "not feeding",
    "doesn't fade under a glass", "doesn't fade when", "rash that doesn't fade", "non-blanching",
])
# an overdose quantity or a medication error is acute whatever tense it is told in
OVERDOSE = rx(r"\b(?:swallowed|took|taken|downed|drank)\s+(?:like\s+|about\s+)?(?:half\s+)?"
              r"(?:a\s+|the\s+)?"
              r"(?:whole\s+|entire\s+)?(?:bottle|pack|packet|box|strip|sheet)\s+of"
              r"|\b(?:took|taken|injected|gave\s+(?:him|her|myself))\s+(?:my\s+|his\s+"
              r"|her\s+)?(?:[\w-]+\s+)?"
              r"(?:twice|double|two\s+doses)\b[^.!?]{0,40}\b(?:shaking|sweaty|sweating|dizzy|"
              r"confused|drowsy|can'?t|won'?t|faint|vomiting)"
              r"|\btook\s+all\s+(?:of\s+)?(?:my|his|her|their)\s+[\w-]+(?:\s+at\s+once)?"
              r"|\b(?:took|taken|swallowed|popped|downed)\s+(?:like\s+)?(?:a\s+)?handful\s+of"
              r"|\b(?:taken|took|had|'ve\s+done)\s+an?\s+(?:\w+\s+)?overdose\b"
              # a dangerous thing swallowed is urgent whatever tense it is told in
              r"|\b(?:swallowed|ate|drank|got\s+into|chewed)\s+(?:some\s+(?:of\s+)?)?(?:the\s+|a\s+|an\s+|"
              r"my\s+|two\s+|\d+\s+)?(?:\w+\s+)?(?:bleach|detergent|pods?|cleaner|antifreeze|"
              r"batter(?:y|ies)|magnets?|gasoline|lighter\s+fluid|rat\s+poison|lamp\s+oil|"
              r"e-?liquid|vape\s+juice|nicotine)"
              # a child into someone's medicines is urgent whatever tense it is told in
              r"|\b(?:swallowed|ate|got\s+into|chewed|drank)\s+(?:some\s+of\s+|a\s+few\s+of\s+|"
              r"one\s+of\s+)?(?:my|his|her|the|our|[\w]+'s)\s+(?:[\w-]+\s+){0,3}?(?:pills|tablets|"
              r"meds|medicine|medication|gummies|vitamins|patch|patches|capsules)"
              r"|\b(?:accidentally|by\s+accident)\b[^.!?]{0,40}\b(?:shaking|sweaty|sweating|dizzy|"
              r"confused|drowsy|faint|vomiting|unresponsive)")
# words every OVERDOSE match contains: a cheap containment test spares most texts the scan
_OVERDOSE_WORDS = ("bottle", "pack", "box", "strip", "sheet", "twice", "double", "two doses",
                   "accident", "took all", "handful", "swallowed", "ate ", "got into", "chewed",
                   "drank", "overdose")
# a crisis told as a past story ("years ago I was suicidal and your team saved my life")
PAST_CRISIS = rx(r"\b(?:years?|months?)\s+ago\b|\bused\s+to\s+be\b|\bsaved\s+my\s+life\b|"
                 r"\bin\s+the\s+past\b|\bback\s+then\b|\bi\s+was\s+suicidal\b"
                 # someone else's last days: "my late mum wrote letters to my kids"
                 r"|\bpassed\s+away\b|\bmy\s+late\s+\w+|\bbefore\s+(?:she|he|they)\s+died\b")
ACUTE = rx(r"\b" + ACUTE_SIGN
           + r"|\bbleeding\s+(?:\w+\s+)?(?:heavily|a\s+lot|badly|profusely|non-?stop|everywhere)"
           + r"|\b(?:blood\s+pressure|bp)\s+(?:is|was|reads?|at|of)\s*(?:1[89]\d|2\d\d)\s*/"
           + r"|\b(?:blood\s+)?(?:sugar|glucose|bg)\s+(?:is|reading|reads|at|of|was)\s*\d{1,2}\b"
           + r"|\btook\s+(?:like\s+|about\s+|around\s+|maybe\s+)?\d+\s+(?:of\s+)?(?:my\s+|his\s+|"
           r"her\s+)?(?:\w+\s+)?(?:pills|tablets|capsules)"
           r"|\btook\s+(?:like\s+|about\s+|around\s+|maybe\s+|over\s+)?\d{2,}\s+(?:of\s+)?"
           r"(?:my\s+|his\s+|her\s+|the\s+)?\w+"
           r"|\b(?:drank|swallowed|ate|got\s+into)\s+(?:some\s+(?:of\s+)?)?(?:the\s+|a\s+|my\s+)?"
           r"(?:\w+\s+)?(?:bleach|detergent|pods?|cleaner|liquid|antifreeze|battery|batteries|"
           r"magnets?|pills|medicine|gasoline|lighter\s+fluid|mouthwash|rat\s+poison)")
NOW = rx(r"\b(?:(?:is|are|'s|'re|am|I'm|im)\s+(?:\w+ly\s+)?\w+ing\b|just\s+\w+(?:ed|ank|ook|ell|"
         r"allowed)\b|we'?re\s+(?:in|at|outside)|right\s+now|now|currently|tonight"
         r"|this\s+(?:morning|afternoon|evening)|"
         r"today|just\s+(?:now|happened|started)|\d+\s*(?:min(?:ute)?s?|hours?|hrs?)\s+ago|"
         r"an?\s+(?:hour|minute|few\s+minutes)\s+ago|started\s+\d+|for\s+the\s+(?:last|past)\s+"
         r"\d+\s*min|it'?s\s+been\s+\d+\s*min|won'?t\s+stop|keeps?\s+getting\s+worse|"
         r"getting\s+(?:worse|hard)|is\s+having|am\s+having|i'?m\s+having|he'?s\s+having|"
         r"she'?s\s+having|isn'?t|won'?t|can'?t|what\s+do\s+(?:I|we)\s+do|do\s+we\s+come|"
         r"should\s+(?:I|we)\s+(?:go|come|call|drive)|for\s+\d+\s*(?:min(?:ute)?s?|hours?)\b"
         r"|send\s+someone|help\s+(?:me|us)|please\s+help|"
         r"on\s+(?:our|my)\s+way|i'?m\s+alone|alone\s+at\s+home|go\s+to\s+the\s+(?:er|ed"
         r"|a&e)\s*\?|(?:just\s+)?found\s+(?:him|her|them|my)\b|all\s+day|terrified"
         r"|someone\s+help|send\s+help|call\s+911|(?:isn'?t|is\s+not"
         r"|'s\s+not|not)\s+(?:moving|"
         r"breathing|responding|waking)|there'?s\s+so\s+much|"
         r"come\s+back\s+to\s+the\s+ER|which\s+entrance|every\s+\d+\s+minutes|"
         r"discharged\s+this\s+morning|calling\s+911|called\s+911|ambulance|paramedics"
         r"|until\s+help|doing\s+cpr|(?:has|have|'s\s+got)\s+(?:a\s+)?(?:high\s+|very\s+high\s+)?"
         r"fever\b|(?:is|are|'s)\s+(?:very\s+|really\s+|so\s+)?(?:sleepy|drowsy|"
         r"lethargic|floppy|pale|limp|confused)\b|all\s+of\s+a\s+sudden|suddenly|out\s+of\s+nowhere"
         r"|\?\?|!!)")
NOT_NOW = rx(r"\b(?:turned\s+out|all\s+good|last\s+(?:week|month)|recover(?:ing|ed)\s+from"
             r"|history\s+of|flowers\s+for|signs?\s+of"
             r"|symptoms\s+of|what\s+(?:are|is)|how\s+do\s+(?:you|I)\s+know|"
             r"in\s+(?:19|20)\d\d|last\s+(?:year|month)|years?\s+ago|when\s+my\s+\w+\s+"
             r"(?:collapsed|had)|what\s+if|if\s+(?:I|you|someone)|CPR\s+class|training|"
             r"awareness|was\s+incredible|saved\s+(?:my|his|her)|thank(?:s|\s+you)"
             # figures of speech: "can't breathe without my coffee", "lmao"
             r"|can'?t\s+(?:breathe|live|function|survive)\s+without|lmao|what\s+does|reading\s+"
             r"(?:about|up\s+on)"
             # over, or asked about as a normal course: "it's stopped now", "is that normal?"
             r"|(?:it'?s|it\s+has|has|bleeding\s+has)\s+stopped)\b"
             r"|\bnormal(?:\s+the\s+next\s+day)?\s*\?|😂|🤣")


# one of these starts every emergency hit but the policy's crisis terms
_CUES = Cues(SELF_HARM, OVERDOSE, ACUTE)
# Suicide told indirectly: affairs put in order, farewells, hopelessness. One sign alone is
# ordinary life (people rehome pets and write wills); two kinds together are a crisis.
_FINAL_SIGNS = (
    # affairs put in order
    rx(r"\b(?:giving|gave|given)\s+away\s+(?:all\s+)?my\b|\b(?:found|finding)\s+(?:a\s+)?(?:new\s+)?"
       r"homes?\s+for\s+my\b|\brehom(?:ed|ing)\s+my\b|\bdeleted\s+(?:everything|all\s+my|my\s+"
       r"(?:accounts?|socials|photos|profiles?|facebook|instagram))|\bpaid\s+(?:off\s+)?(?:all\s+)?"
       r"my\s+debts\b|\b(?:cancel+ed|closed)\s+(?:all\s+)?my\s+(?:\w+\s+)?(?:contracts?|accounts?|"
       r"subscriptions?)|\b(?:sorted|wrote|written|made|finished|updated)\s+(?:out\s+)?my\s+will\b"
       r"|\b(?:written|wrote|writing|finished|left)\s+(?:\w+\s+)?(?:letters?|notes?)\s+(?:for|to)\s+"
       r"(?:my|everyone)"
       r"|\b(?:gave|given|giving)\s+(?:away\s+)?my\s+(?:dogs?|cats?|pets?|rabbits?|things|stuff|"
       r"belongings|guitar|car|savings|plants)\s+(?:away\s+)?to\b"
       r"|\b(?:written|wrote|left)\s+(?:a|my)\s+(?:note|letter)\b"),
    # farewells and thanks said as if for the last time
    rx(r"\b(?:said|saying)\s+(?:all\s+)?my\s+(?:final\s+|last\s+)?goodbyes\b|\bready\s+to\s+go\b"
       r"|\bthe\s+only\s+(?:place|one|person|people|thing)\s+(?:that|who)\s+(?:was|were|has\s+been|"
       r"have\s+been|ever\s+(?:was|were))\s+kind\b|\bthank(?:s|\s+you)\s+(?:all\s+|everyone\s+)?"
       r"for\s+being\s+(?:so\s+)?kind\s+to\s+me\b|\b(?:these|my)\s+last\s+(?:few\s+)?(?:months|"
       r"weeks|days)\b|\bwon'?t\s+be\s+(?:here|around)\s+(?:for|by|at|after|next)\b"
       r"|\bfor\s+the\s+(?:very\s+)?last\s+time\b|\bjust\s+wanted\s+to\s+say\s+(?:thanks|thank\s+you|"
       r"goodbye|bye)\b|\bthank(?:s|\s+you)\s+for\s+everything\s*[.!]*\s*$"),
    # hopelessness
    rx(r"\bthere'?s\s+no\s+point\s+(?:anymore|any\s+more|in\s+(?:living|going\s+on|anything|me))"
       r"|\bno\s+point\s+(?:in\s+)?(?:living|going\s+on)\b|\bnothing\s+left\s+(?:for\s+me|to\s+live"
       r"\s+for)\b|\b(?:tired|sick)\s+of\s+(?:living|being\s+alive|existing)\b"),
)
# a good reason for the same acts: moving, retiring, a financial-health talk
_FINAL_ORDINARY = rx(r"\b(?:moving|moved|emigrat\w+|relocat\w+|retir\w+|declutter\w*|downsiz\w+|"
                     r"new\s+job|wellbeing\s+talk|financial\s+(?:planning|wellbeing|health)|"
                     r"feels?\s+(?:great|good|amazing)|so\s+proud|new\s+chapter)\b")
# everything in the house swallowed: "i've taken everything in the cupboard"
TAKEN_ALL = rx(r"\b(?:taken|took|swallowed|had)\s+(?:everything|all\s+(?:the|my)\s+(?:pills|"
               r"tablets|"
               r"meds|medicines?))\s+(?:in|from)\s+(?:the|my)\s+(?:cupboard|cabinet|drawer|house|box|"
               r"bathroom|kitchen|first\s+aid\s+kit)"
               # "took her whole box of sertraline"
               r"|\b(?:took|taken|swallowed|downed)\s+(?:my|his|her|their)\s+(?:whole|entire|full)\s+"
               r"(?:bottle|pack|packet|box|strip|supply)\s+of\b")
# a goodbye letter being written now ("writing my goodbye letters tonight")
GOODBYE_NOTE = rx(r"\b(?:writing|wrote|written|finished|leaving|recording|recorded)\s+(?:my|the\s+"
                  r"last\s+of\s+my)\s+(?:goodbye|farewell|suicide|last)\s+(?:letters?|notes?|"
                  r"messages?|videos?)")
# a heart attack as people describe it: chest pain or pressure spreading, sweating, alone
CHEST = rx(r"\b(?:pain|pressure|tightness|heaviness|squeezing|crushing|weight)\s+(?:\w+\s+)?in\s+"
           r"(?:my|his|her|the)\s+chest\b|\bchest\s+(?:\w+\s+)?(?:is\s+)?(?:crushing|squeezing|"
           r"tight|heavy|hurts|hurting|aching)\b")
SPREADING = rx(r"\b(?:spreading|spreads|radiating|radiates|going|goes|moving|shooting|travel\w*)\s+"
               r"(?:down|to|into|up|through)\s+(?:\w+\s+)?(?:my|his|her|the)\s+(?:left\s+|right\s+)?"
               r"(?:arm|jaw|neck|shoulder|back)\b|\b(?:sweating|sweaty|clammy|drenched|"
               r"short\s+of\s+breath|can'?t\s+catch\s+my\s+breath|feel\s+(?:sick|faint)|nauseous|"
               r"throwing\s+up)\b")
ALONE_NOW = rx(r"\b(?:alone|on\s+my\s+own|by\s+myself|right\s+now|now|just\s+started|"
               r"won'?t\s+(?:go|stop|ease)|getting\s+worse|for\s+(?:the\s+)?(?:last|past)\s+\w+|"
               r"since\s+(?:this\s+morning|an\s+hour|\d+))\b|\bI'?m\s+(?:sweaty|sweating|scared)")
# medicines and alcohol together, and the person now drowsy
PILLS = rx(r"\b(?:pills|tablets|meds|capsules|sleepers|diazepam|valium|zopiclone|zolpidem|"
           r"ambien|xanax|alprazolam|lorazepam|clonazepam|temazepam|oxycodone|codeine|tramadol|"
           r"morphine|paracetamol|acetaminophen|tylenol|co-codamol|gabapentin|pregabalin|quetiapine|"
           r"seroquel|mirtazapine|amitriptyline|promethazine|benadryl|painkillers|pain\s+killers)\b")
ALCOHOL = rx(r"\b(?:vodka|wine|beers?|whisk(?:e)?y|gin|rum|tequila|alcohol|booze|cider|"
             r"drinking|drunk|pints|shots\s+of)\b")
SEDATED = rx(r"\b(?:can'?t|cannot|struggling\s+to)\s+(?:stay\s+awake|keep\s+(?:my\s+)?eyes\s+open|"
             r"wake\s+(?:him|her|them)|think\s+straight)|\b(?:won'?t|wont)\s+wake\b|\b(?:so\s+|really\s+|"
             r"very\s+)?(?:woozy|drowsy|sleepy|groggy|out\s+of\s+it)\b|\bbreathing\s+(?:is\s+)?"
             r"(?:slow|shallow|weird|funny)\b|\bpassing\s+out\b|\bslurring\b")

TOOK = rx(r"\b(?:took|taken|swallowed|downed|popped|had|necked)\b")
# "can I drink on my sleeping tablets? they make me drowsy" asks; it reports no overdose
ASKING = rx(r"\b(?:can|could|should|is\s+it\s+(?:ok|okay|safe|bad|fine|dangerous)|safe\s+to)\b"
            r"[^.!]*\?")


def _indirect(text: str) -> list[Hit]:
    """Suicide told indirectly, a heart attack now, pills with alcohol (the newer classes)."""
    m = TAKEN_ALL.search(text)
    if m and not NOT_NOW.search(text):
        return [hit(LABEL, "emergency.overdose", m, 0.9,
                    "The writer has swallowed every medicine at hand: an overdose.")]
    m = GOODBYE_NOTE.search(text)
    if m and not PAST_CRISIS.search(text):
        return [hit(LABEL, "emergency.self_harm", m, 0.9,
                    "The writer is writing goodbye letters: a sign of suicidal intent.")]
    signs = [m for p in _FINAL_SIGNS if (m := p.search(text))]
    if len(signs) >= 2 and not _FINAL_ORDINARY.search(text) and not PAST_CRISIS.search(text):
        return [hit(LABEL, "emergency.self_harm", signs[0], 0.85,
                    "The writer is putting affairs in order and saying goodbye: signs of "
                    "suicidal intent.")]
    m = CHEST.search(text)
    if m and SPREADING.search(text) and ALONE_NOW.search(text) and not NOT_NOW.search(text):
        return [hit(LABEL, "emergency.acute_now", m, 0.85,
                    "The writer describes heart-attack signs happening now.")]
    m = PILLS.search(text)
    if m and ALCOHOL.search(text) and SEDATED.search(text) and TOOK.search(text) and not (
            NOT_NOW.search(text) or ASKING.search(text)):
        return [hit(LABEL, "emergency.overdose", m, 0.85,
                    "The writer took medicines with alcohol and is now drowsy: a possible "
                    "overdose.")]
    return []
# one of these starts every hit of _indirect
_INDIRECT_CUES = Cues(TAKEN_ALL, GOODBYE_NOTE, *_FINAL_SIGNS, CHEST, PILLS)


def find(text: str, crisis: object = None) -> list[Hit]:
    """Emergency cues: self-harm intent, or an acute sign with a now-cue."""
    hits: list[Hit] = [] if _CUES.absent(text) else _cued(text)
    if not hits and not _INDIRECT_CUES.absent(text):
        hits = _indirect(text)
    pattern = getattr(crisis, "search", None)
    if pattern is not None:
        m = pattern(text)
        if m:
            hits.append(hit(LABEL, "emergency.policy_term", m, 0.9,
                            "The message uses a phrase the organisation's policy lists as a "
                            "crisis signal."))
    return hits


def _cued(text: str) -> list[Hit]:
    hits: list[Hit] = []
    m = SELF_HARM.search(text)
    if m and not PAST_CRISIS.search(text):
        hits.append(hit(LABEL, "emergency.self_harm", m, 0.95,
                        "The writer expresses suicidal intent or a plan to harm themselves."))
    # the overdose check runs even after a self-harm cue: an overdose is also an adverse event
    m = OVERDOSE.search(text) if OVERDOSE.may_match(text) and holds(
        text, _OVERDOSE_WORDS) else None
    if m and not NOT_NOW.search(text):
        hits.append(hit(LABEL, "emergency.overdose", m, 0.9,
                        "The writer describes an overdose or a dangerous medication error."))
    m = None if hits else ACUTE.search(text)
    if m and NOW.search(text) and not NOT_NOW.search(text):
        hits.append(hit(LABEL, "emergency.acute_now", m, 0.85,
                        "The writer describes an acute medical emergency happening now."))
    return hits
