"""complaint (inbound): dissatisfaction with care, service, billing, staff or waiting.

Complaints show themselves through a grievance (waited, billed twice, wrong, rude, nobody
called back), a demand (refund, fix it, filing a complaint), or a low star rating. Questions and
praise are not complaints even when they mention waiting or bills.
"""

from __future__ import annotations

import re

from carepost.guard.rules.base import Cues, Hit, LazyRx, hit, holds, rx

LABEL = "complaint"

LOW_STARS = rx(r"(?:★{1,2}☆{3,4}|\b[12]\s*(?:/\s*5|stars?|out\s+of\s+5)\b|\bone\s+star\b|"
               r"\bzero\s+stars?\b|\b(?:1|2)-star\b|\b[0-3]\s*(?:/\s*10|out\s+of\s+10)\b|"
               r"\b(?:0|no|negative|minus)\s+stars?\b|\bif\s+I\s+could\s+give\s+(?:zero|0|"
               r"no|less|fewer|negative|minus))")
GRIEVANCE = rx(
    r"\b(?:waited|waiting|sat|on\s+hold|stuck)\b[^.!?\d]{0,30}?(?:for\s+)?(?:over\s+|almost\s+|"
    r"nearly\s+)?"
    r"(?:\d+|an?|two|three|four|five|six)\s*(?:\+\s*)?(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)"
    r"|\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?)\s+on\s+hold"
    r"|\b(?:billed|charged)\s+(?:me\s+)?(?:twice|double|for\s+(?:something|a\s+visit|the\s+whole))"
    r"|\bbill(?:ed)?\s+ME\b|\bin\s+collections\b|\bsent\s+to\s+collections"
    r"|\b(?:nobody|no\s+one|no-one|never)\s+(?:\w+\s+){0,3}(?:called|calls|answered|answers|"
    r"responded|responds|got\s+back|gets\s+back|came|showed|explained|told|checked|saw|warned)"
    r"|\b(?:still|STILL)\s+(?:haven'?t|hasn'?t|no|not|waiting)"
    r"|\b(?:rude|dismissive|condescending|unprofessional|incompetent|careless|negligent|"
    r"negligence|neglect|disrespectful|yelled|ignored|shrugged|laughed\s+at|lied)\b"
    r"|\bsays?\s+(?:it'?s|its|everything'?s|all\s+is)\s+(?:fine|normal|ok(?:ay)?)\s+but\b"
    r"|\bexplain\s+(?:that|this|yourselves)\s*[.!]|\bbilled\s+(?:me\s+)?\$"
    r"|\b(?:wrong\s+(?:pills?|drugs?|vaccine|shot|blood|results?|info|name|date|baby|"
    r"tooth|side|leg|arm|patient|strength|dose|medication|meds|prescription|"
    r"address|person|bill|amount)|mixed\s+up|mailed\s+my|read\s+my\s+\w+\s+"
    r"(?:\([^)]*\)\s+)?out\s+loud|photocopied|towed|left\s+(?:it\s+)?sitting|missed\s+me|"
    r"got\s+(?:denied|rejected)|keeps?\s+getting\s+rejected|denied\s+again|sideswiped|"
    r"call\s+dropped|hung\s+up)"
    r"|\b(?<!feel\s)(?<!feels\s)(?<!felt\s)(?<!feeling\s)(?:(?:horrible|terrible"
    r"|awful)(?=\s+(?:service|care|experience|staff|customer|"
    r"communication|hospital|clinic|doctor|nurse|place|people|billing|wait)|\s*[.!,]|\s*$)|"
    r"unacceptable|ridiculous|outrageous|disgusting|appalling|absurd|insane|"
    r"worst|pathetic|useless|furious|livid|fed\s+up|disappointed|frustrated|frustrating|"
    r"a\s+joke|a\s+nightmare|never\s+(?:again|coming\s+back|going\s+back))\b"
    r"|\b(?:zero|no)\s+(?:updates|communication|explanation|apology|answer|response|"
    r"follow[-\s]?up|callback)\b"
    r"|\b(?:you|they|y'?all|staff|someone\s+there|the\s+\w+)\s+(?:lost|misplaced|threw\s+out)\s+"
    r"(?:my|his|her)"
    r"|\bwhy\s+(?:does|do|did|is|are)\s+(?:it|you|y'?all|your\s+\w+)\s+(?:\w+\s+){0,3}"
    r"(?:take|taking|so\s+long|never)\b"
    r"|\b(?:inedible|filthy|dirty|gross|unsanitary|smelled\s+(?:like|of)|cockroach\w*|bed\s?bugs|"
    r"mold|moldy|freezing\s+cold\s+room|cold\s+food)\b"
    r"|\b(?:(?:costs?|charges?|charged)\s+(?:way\s+)?too\s+much|(?:and|but)\s+(?:\w+\s+)?costs?\s+"
    r"(?:way\s+)?too\s+much|overpriced|price\s+gouging|"
    r"way\s+too\s+(?:expensive|long|much)|(?:wasn'?t|isn'?t|not|never)\s+ready\s+(?:when"
    r"|on\s+time)|"
    r"(?:has\s+been|is|been)\s+down\s+for|how\s+am\s+I\s+supposed\s+to|come\s+on\b|"
    r"(?:second|third|fourth|fifth|\d+(?:nd|rd|th))\s+time\b|discharged\s+(?:\w+\s+){1,3}too\s+"
    r"(?:early|soon)|bedside\s+manner\s+(?:is|was)\s+(?:awful|terrible|horrible|non-?existent)|"
    r"(?:worst|terrible|awful|horrible|no)\s+bedside\s+manner|is\s+a\s+maze|doesn'?t\s+work|"
    r"never\s+works|keeps?\s+crashing)"
    r"|\bshame\s+on\s+(?:you|them|y'?all)|\bcharged\s+(?:me|us)\s+\$|\beveryone\s+(?:knows|saw|"
    r"can\s+see)\s+now|\bnobody'?s\s+(?:at|here|around|answering|working|at\s+the)\b"
    r"|\bthanks?\s+(?:you\s+)?for\s+nothing\b|\$\s?\d[\d,]*\s+later\b"
    r"|\b(?:have|'ve|has|'s)\s+(?:now\s+)?denied\s+(?:it|my|our|the)|\bdenied\s+(?:it\s+)?(?:twice|"
    r"again|(?:two|three|four|\d+)\s+times)"
    r"|\b(?:nobody|no\s+one)\s+(?:has\s+|had\s+|even\s+)?(?:brought|come|checked|helped|shown\s+up|"
    r"showed\s+up|bothered)"
    r"|\bseriously\s*[?!]|\bgot\s+(?:a\s+)?(?:parking\s+)?(?:ticket|towed|fined|clamped)"
    r"|\b(?:please\s+)?stop\s+(?:emailing|calling|texting|sending|mailing|contacting)\b"
    r"|\bsent\s+(?:me|us|it|my\s+\w+)\s+to\s+collections|\bnever\s+owed\b|\bdisgrace\w*"
    r"|\b(?:way\s+)?too\s+(?:restrictive|strict|expensive|slow|rushed|short|far|loud|cold|"
    r"crowded|confusing)\b"
    r"|\b(?:hire\s+more|understaffed|short[-\s]staffed|need\s+more\s+staff)\b"
    r"|\b(?:rolled\s+(?:her|his|their)\s+eyes|eye[-\s]?roll\w*|talked\s+down|brushed\s+(?:me\s+)?"
    r"off|made\s+me\s+feel\s+(?:stupid|small|dumb|like\s+a\s+burden|crazy|ignored)|felt\s+so\s+"
    r"(?:small|stupid|dismissed|ignored)|didn'?t\s+take\s+me\s+seriously|treated\s+(?:me|us)\s+"
    r"like)"
    r"|\bruined\b|\bpulled\s+the\s+wrong|\bmessed\s+up|\bscrewed\s+up|\bno\s+show"
    r"|\bwhat\s+if\s+I'?d\s+actually|\bdidn'?t\s+(?:even\s+)?(?:bother|listen|care|warn)"
    r"|\bnot\s+(?:once|even\s+once)"
    r"|\b(?:keeps?|kept)\s+(?:dropping|crashing|blocking|failing|rejecting|losing|"
    r"cancel+ing|getting\s+(?:denied|rejected|lost)|charging|billing)"
    r"|\b(?:blocks|blocked|locked)\s+(?:me|my)\b|\bevery\s+(?:single\s+)?time\s+I\s+"
    r"(?:try|call|come|log)"
    r"|\bnever\s+(?:got|get|received|heard)\s+(?:it|them|my|back|anything|a\s+call)"
    r"|\b(?:you|they|y'?all|staff|desk|office|nurses?|doctors?|team|department|dept|billing|"
    r"pharmacy|anyone|nobody|no\s+one)\s+(?:still\s+)?won'?t\s+(?:tell|let|give|answer|return|call|"
    r"listen|explain|help)\s+(?:me|us|my)"
    r"|\b(?:been\s+)?trying\s+to\s+(?:get|reach|schedule|see|talk)\b[^.!?]{0,60}\bfor\s+"
    r"(?:\d+|two|three|several|many|a\s+few)\s+(?:days|weeks|months)"
    r"|\b(?:shameful|illegal|a\s+disgrace|thanks\s+a\s+lot|told\s+everyone|gossip\w*|"
    r"violat\w+\s+(?:my\s+)?(?:privacy|HIPAA)|HIPAA\s+violation|breach|overcharg\w+|"
    r"price\s+gouging|rip[-\s]?off)\b"
    r"|\bcan'?t\s+(?:get|access|log\s+in|reach|see)\b[^.!?]{0,40}(?:!!|\?\?)"
    r"|\bI\s+need\s+my\s+[^.!?]{0,40}!!"
    r"|\$\s?\d+[^.!?]{0,40}\?\?"
    r"|\b(?:\d+|three|four|five)\s+(?:times|calls|appeals)\b")
# A service that failed to happen: someone who should have acted did not, a wait measured in
# days, a promise broken, a fault that keeps coming back. People complain this way far more
# often than with adjectives.
_STAFF = (r"(?:no\s+one|no-one|nobody|they|you|y'?all|staff|someone|anyone|the\s+(?:[\w-]+\s+)?"
          r"(?:nurse|nurses|team|doctor|doctors|ward|unit|desk|office|pharmacy|clinic|hospital|"
          r"transport|ambulance|van|carer|therapist|consultant|department|line|portal|app))")
_ACT = (r"(?:examine|examined|introduce|introduced|wash|washed|come|came|called|"
        r"call(?:ed)?\s+back|rung|rang|phoned|updated|shown|showed|turned\s+"
        r"up|arrived|responded|replied|answered|visited|sent|fixed|explained|chased|followed\s+up|"
        r"looked|checked|told|said|listened|returned|brought|helped|contacted|apologi[sz]ed)")
FAILURE = rx(r"\b" + _STAFF + r"\s+(?:still\s+)?(?:has(?:n'?t|\s+not)?|have(?:n'?t|\s+not)?|"
             r"did(?:n'?t|\s+not)|never|won'?t|wouldn'?t)\s+(?:even\s+|yet\s+|once\s+)?"
             r"(?:been\s+)?" + _ACT + r"\b"
             r"|\b(?:no\s+one|nobody)\s+(?:has|have|had|did)\b"
             r"|\b(?:hasn'?t|haven'?t|has\s+not|have\s+not|didn'?t|not"
             r"|never)\s+(?:been\s+)?(?:" + _ACT
             + r"|heard|received|gotten|got|arrived|answered)\b(?:\s+\w+){0,3}?\s+(?:for|in)\s+"
             r"(?:\d+|two|three|four|five|six|several|many)\s+(?:days|weeks|months|hours|min\w*)"
             r"|\btook\s+(?:\d+|two|three|four|five|six|several)\s+(?:days|weeks|months|hours)\s+to"
             r"|\bstill\s+(?:unanswered|outstanding|pending|broken|not\s+\w+|no\s+\w+|nothing)"
             r"|\b(?:unanswered|ignored)\s+(?:after|for)\b"
             r"|\bwas\s+told\s+(?:you'?d|you\s+would|they'?d|they\s+would|someone\s+would|I'?d|I\s+"
             r"would|it\s+would)"
             r"|\b(?:they|you|she|he)\s+didn'?t\s*[.!]"
             r"|\b(?:didn'?t|did\s+not|never)\s+(?:show(?:ed)?(?:\s+up)?|turn(?:ed)?\s+up|arrived?|"
             r"came|come)\b"
             r"|\b(?:didn'?t|not|late|cancel+ed|missed|wrong|broken|down|failed|rejected|denied"
             r"|lost|"
             r"show)\s+(?:\w+\s+)?again\b|\b(?:third|3rd|second|2nd|fourth|4th|fifth)\s+"
             r"(?:time|repair|post|call|complaint|visit|attempt|email)"
             r"|\b(?:cuts?\s+out|breaks?\s+down|falls?\s+off|fell\s+off)\s+(?:constantly|again"
             r"|all\s+"
             r"the\s+time|every)"
             r"|\b(?:hasn'?t|haven'?t|doesn'?t|don'?t|won'?t|didn'?t)\s+work(?:ed)?\s+(?:for|in"
             r"|since|"
             r"properly|at\s+all)"
             r"|\b(?:we|I)\s+(?:need|want|demand|deserve)\s+(?:answers|an\s+explanation|better)"
             r"|\bdeserved?\s+better\b|\bfelt\s+like\s+a\s+number\b|\bcould'?ve\s+been\s+too\s+late"
             r"|\b(?:my|a|this)\s+complaint\b|\bchase\s+(?:it|this)\s+up\b|\bsort\s+(?:it"
             r"|this)\s+out"
             r"|\bcancel\s+it\b|\bwhy\s+was\s+I\s+(?:charged|billed|sent|discharged|told)"
             r"|\bwhy\s*\?[!?]|\bnow\s+I\s+(?:get|keep\s+getting)\b"
             r"|\b(?:isn'?t|aren'?t|is\s+not|are\s+not|not)\s+(?:on\s+file|showing)"
             r"|\b(?:portal|app|website|site|link|phones?|line|wifi|tv|lift|elevator|call\s+bell"
             r"|login|"
             r"system|machine|printer)\s+(?:still\s+)?(?:isn'?t|aren'?t|is\s+not|hasn'?t\s+been|"
             r"doesn'?t|won'?t|never)\s+(?:working|work|loading|load)"
             r"|\b(?:won'?t|can'?t|still\s+can'?t|doesn'?t|don'?t)\s+(?:let\s+me|log\s+in|load|"
             r"(?:show|see|access|open)\s+(?:me\s+)?(?:my|the|our"
             r"|any)\s+(?:[\w-]+\s+){0,2}(?:results?|"
             r"records?|bill|statement|appointments?|messages?|letters?|account|portal|chart"
             r"|notes))"
             r"|\b(?:is|was|got|been|keeps?\s+getting)\s+(?:locked|banned|blocked)"
             r"|\blocked\s+(?:out|"
             r"after)|\bline\s+is\s+dead|\bkeeps?\s+saying\b"
             r"|\b(?:not|never|went)\s+answered\s+for|(?:^|[.!?]\s*)(?:please\s+)?(?:change|fix)\s+"
             r"(?:the|this|that|your)\s+\w+[^.!?]*!"
             r"|\bdidn'?t\s+(?:even\s+)?look\s+(?:up|at\s+me)|\bwent\s+to\s+the\s+wrong\b"
             r"|\b(?:dinged|scratched|damaged|dented|hit)\s+my\s+car\b|\bwith\s+no\s+(?:carer|care|"
             r"support|follow-?up|one)\s+(?:arranged|in\s+place|offered)"
             r"|\bno\s+one\s+has\b|\bnobody\s+has\b"
             r"|\bkeeps?\s+(?:logging\s+me\s+out|crashing|freezing|failing|glitching|timing\s+out)"
             r"|\bbring\s+back\s+the\s+old\b"
             r"|\bnever\s+(?:anyone|anybody)\s+(?:at|here|there|around|on)\b|\bhad\s+to\s+wander\b"
             r"|\bdidn'?t\s+even\s+(?:examine|look\s+at|listen|ask|check|introduce|wash|read|touch)")
# Dissatisfaction said plainly, by class: a verdict on the service ("not impressed", "that's
# robbery"), care withheld or rushed ("barely listened", "rushed me out", "left in a soiled
# bed for hours"), a runaround ("transferred 5 times", "heard nothing"), going elsewhere, a
# wait given as a length ("three-hour wait", "seen at 12:40"), a warning to others.
_NUM = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
DISSATISFACTION = rx(
    r"\b(?:not\s+impressed|unimpressed|(?:very\s+|really\s+)?poor\s+(?:service|care|"
    r"communication|experience|attitude|organi[sz]ation|hygiene)|sub-?par|sloppy|chaotic|"
    r"disorgani[sz]ed|a\s+shambles|shambolic|heartless|callous|uncaring|arrogant|"
    r"couldn'?t\s+care\s+less|(?:don'?t|didn'?t|doesn'?t|do\s+not)\s+(?:even\s+)?(?:seem\s+to\s+)?"
    r"care\b|robbery|daylight\s+robbery|scammed|extortion|highway\s+robbery|"
    r"is\s+this\s+how\s+you\s+treat|how\s+(?:do|can|could|dare)\s+you\s+(?:treat|charge|bill|"
    r"call\s+yourselves|sleep)|snapped\s+at|barked\s+at|"
    r"barely\s+(?:listened|looked|examined|spoke|talked|checked|acknowledged)|"
    r"rushed\s+(?:me|us|him|her|them)\s+(?:out|through|along)|"
    r"left\s+(?:\w+\s+){0,4}(?:for|over)\s+(?:" + _NUM + r"|several|many)\s+(?:hours|days)|"
    r"left\s+(?:in|on|lying\s+in|sitting\s+in)\s+(?:a\s+|her\s+|his\s+|my\s+)?(?:soiled|"
    r"dirty|wet|soaked)|(?:had|have|having)\s+to\s+go\s+(?:elsewhere|somewhere\s+else|to\s+"
    r"(?:another|a\s+different)\s+(?:hospital|clinic|doctor|pharmacy|practice|er))|"
    r"transferred\s+(?:" + _NUM + r"|several|multiple)\s+times|(?:heard|got)\s+nothing(?:\s+back)?|"
    r"got\s+nowhere|(?:the\s+)?run-?around|from\s+pillar\s+to\s+post|"
    r"(?:left|sent)\s+(?:\w+\s+)?(?:voicemails|messages|emails)\s+(?:and|but)|"
    r"surprise\s+(?:bill|charge|fee)|no-?show\s+fee|misdiagnos\w+|"
    r"(?:wouldn'?t|would\s+not|do\s+not|don'?t|cannot|can'?t)\s+recommend(?![^!?]{0,30}\b(?:enough|more|highly))|avoid\s+(?:this\s+(?:place|hospital|clinic|practice)|at\s+all)|"
    r"stay\s+away\s+from\s+(?:this|here|them)|"
    r"(?:" + _NUM + r"|\d+(?:\.\d)?)[\s-](?:hour|hr|day|week|month)s?[\s-](?:long\s+)?"
    r"(?:wait|delay)(?![^.!?]{0,50}\?)|"
    r"appointment\s+(?:was\s+)?at\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?,?\s+(?:finally\s+)?"
    r"(?:seen|called\s+in|called\s+back)\s+at|running\s+(?:" + _NUM + r"|\d+)\s+hours?\s+"
    r"(?:late|behind)|(?:" + _NUM + r")\s+hours?\s+late|impossible\s+(?:for|to)|"
    r"unbelievable|beyond\s+(?:frustrat\w+|annoying|a\s+joke)|not\s+good\s+enough|"
    r"what\s+a\s+(?:joke|mess|waste)|waste\s+of\s+(?:time|money)|"
    r"(?:cancel+ed|postponed|moved|bumped)\s+(?:my|his|her|our)\s+(?:\w+\s+){0,2}(?:surgery|"
    r"operation|appointment|procedure|scan|op)\s+(?:the\s+(?:morning|night|day)\s+(?:of|before)|"
    r"again|last\s+minute|at\s+the\s+last\s+minute|(?:" + _NUM + r")\s+times)|"
    r"the\s+morning\s+of,?\s+after|"
    # the runaround as a rhetorical question: "why do I have to call five numbers to..."
    r"why\s+(?:do|does|did|should|must)\s+(?:i|we|patients|people|my\s+\w+)\s+(?:have|need)\s+to\s+"
    r"(?:call|chase|ask|explain|repeat|beg|fight|wait|drive|pay|keep|go\s+through))")
# More classes of grievance, each said many ways: nobody attending someone in the building now
# ("no one is coming", "can't find a nurse"); an accusation or a challenge to the organisation's
# practice ("your hospital is lying", "why won't you prescribe it?!"); a clerical or privacy
# error ("put the wrong license number", "emailed my results to someone else", "isn't even
# mine"); a visit the staff missed ("your nurse has missed my dressing change twice"); a bill
# for care never had; rudeness told as treatment ("talked to me like a child", "lectured me");
# a wait still running ("waiting since 8am"); leaving for good ("won't be back").
_WHO = (r"(?:you|they|y'?all|(?:your|the)\s+(?:[\w-]+\s+){0,2}(?:nurses?|aides?|carers?|"
        r"caregivers?|therapists?|drivers?|pharmacy|pharmacists?|doctors?|team|staff|clinic|"
        r"office|hospital|lab|department|front\s+desk|receptionists?|surgeons?|ob'?s|obgyns?|"
        r"providers?|system))")
GRIEVANCE_MORE = rx(
    r"\b(?:no\s+one|no-one|nobody)\s+(?:is|'s|was|has\s+been)\s+(?:even\s+)?(?:coming|helping|"
    r"answering|responding|listening|picking\s+up|checking|doing\s+anything|telling\s+(?:us|me))"
    r"|\bcan'?t\s+(?:find|get)\s+(?:a|any|the|one|hold\s+of\s+(?:a|any|the))\s+(?:single\s+)?"
    r"(?:nurse|doctor|staff|one|body|person|human)"
    r"|\bwhy\s+(?:won'?t|wouldn'?t|don'?t|didn'?t|can'?t|do|are|is|does|did)\s+" + _WHO
    + r"\s+(?:\w+\s+){0,2}?(?:still|refuse\w*|keep|push\w*|force\w*|ignor\w*)\b"
    r"|\bwhy\s+(?:won'?t|wouldn'?t|don'?t|didn'?t|can'?t)\s+" + _WHO + r"\s+(?:just\s+)?"
    r"(?:prescribe|give|tell|let|listen|answer|call|help|test|see|treat|fix|refund|return)\b"
    r"[^.?]{0,60}\?[!?]?"
    r"|\b(?:isn'?t|is\s+not|wasn'?t|aren'?t)\s+(?:even\s+)?(?:mine|my\s+(?:email|address|"
    r"number|name|chart|results?))\b"
    r"|\bnot\s+what\s+(?:I|we)\s+(?:said|asked\s+for|told\s+you|ordered)|\bnot\s+what\s+you\s+"
    r"(?:typed|wrote|put)"
    r"|\b(?:sent|emailed|mailed|faxed|texted|gave|shared|released|read)\s+(?:my|his|her|our)\s+"
    r"(?:\w+\s+){0,2}(?:results?|records?|chart|diagnosis|information|info|details|file|"
    r"letter|bill)\s+(?:out\s+)?to\s+(?:the\s+wrong|someone|somebody|a\s+stranger|another|"
    r"my\s+(?:employer|boss|ex)|[\w.]+\s*(?:@|at\s+\w+\s+dot))"
    r"|\b(?:billed|charged|invoiced)\s+(?:me\s+|us\s+)?(?:for\s+)?(?:a|an|the)\s+(?:\w+\s+){0,2}"
    r"(?:I|we|he|she)\s+(?:never|didn'?t)\b|\bdouble[-\s]?(?:billed|charged)|\bstill\s+(?:being\s+)?"
    r"(?:billed|charged)\s+for"
    r"|\b(?:treated|talked\s+to|spoke\s+to|spoken\s+to)\s+(?:me|us|my\s+\w+|him|her)\s+like\s+"
    r"(?:a|an|I|we|garbage|dirt|trash|crap|idiots?|children|criminals?)\b"
    r"|\b(?:mocked|scolded|lectured|belittled|humiliated|insulted|shamed|blamed|accused)\s+(?:me|us"
    r"|my\s+\w+|him|her)\b|\b(?:an|such\s+an|a\s+bad|a\s+real|the)\s+attitude\b"
    r"|\b(?:waiting|waited|sitting|sat|stuck|been\s+here)\b(?:\s+[\w']+){0,4}?\s+since\s+"
    r"(?:\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)?\b|this\s+morning|last\s+night|"
    r"yesterday)"
    r"|\b(?:hours|days|weeks|months)\s+(?:later\s+)?(?:and|now\s+and)\s+(?:still|counting|no\s+"
    r"(?:one|word|call|answer|reply)|nobody|nothing)\b"
    r"|\bwon'?t\s+be\s+(?:back|coming\s+back|returning|recommending|using\s+you)"
    r"|\btaking\s+(?:my|our)\s+(?:[\w']+\s+)?(?:business|family|kids|care|money)\s+"
    r"(?:elsewhere|somewhere)"
    r"|\bnever\s+(?:using|recommending|returning\s+to|setting\s+foot)"
    # records lost, a bill after paying, told one thing and then not, minutes billed dearly
    r"|\b(?:results?|records?|paperwork|samples?|specimens?|referral|forms?|prescriptions?|claim|"
    r"file|chart|x-?rays?|scans?|bloods|labs?|biopsy)\s+(?:\w+\s+)?(?:got|were|was|have\s+been|"
    r"has\s+been|keep\s+getting|keeps\s+getting)\s+(?:lost|misplaced|deleted|thrown\s+out|mixed\s+up)"
    r"|\b(?:paid|covered)\b[^.!?]{0,50}\b(?:got|received|sent)\s+(?:me\s+|us\s+)?(?:a\s+|another\s+)?"
    r"(?:bill|invoice|statement|charge)|\b(?:billed|charged|a\s+bill\s+for\s+it)\s+anyway"
    r"|\b(?:told|promised|assured)\s+(?:me|us)\s+(?:it|that|this|they)\s+(?:was|were|would\s+be|"
    r"'d\s+be)\s+(?:covered|free|in[-\s]network|included|fine|ready|done|paid)\b[^?]{0,30}?\b"
    r"(?:it|that|this|they)\s+(?:wasn'?t|isn'?t|weren'?t|was\s+not|were\s+not)"
    r"|\b(?:spent|saw\s+(?:me|us|him|her)\s+for)\s+(?:maybe\s+|about\s+|like\s+|only\s+|barely\s+)?"
    r"(?:\d+|two|three|five|ten)\s+min\w*\b[^.!?]{0,40}\b(?:charged|billed|\$)"
    # made to wait somewhere, a thing that is wrong, a slot given away, a complaint repeated
    r"|\b(?:made|forced|left|had)\s+to\s+wait\s+(?:outside|in\s+the\s+(?:rain|cold|corridor|hallway|"
    r"car|car\s+park|parking\s+lot|heat)|for\s+(?:hours|ages|ever))"
    r"|\b(?:bill|invoice|statement|charge|address|name|dose|prescription|label|date|amount|"
    r"results?|records?|chart|diagnosis|code|coding|letter)\s+(?:is|was|are|were)\s+(?:still\s+|"
    r"completely\s+|all\s+|totally\s+)?wrong\b"
    r"|\b(?:keeps?|kept)\s+(?:transferring|putting\s+(?:me|us)\s+on\s+hold|hanging\s+up|sending\s+"
    r"(?:me|us)\s+(?:to|back|round))"
    r"|\bgave\s+(?:my|our|his|her)\s+(?:\w+\s+)?(?:appointment|slot|bed|room|spot|place|time)\s+"
    r"(?:away\s+)?to\s+(?:someone|somebody|another)"
    r"|\bdidn'?t\s+even\s+(?:tell|inform|warn|notify|call|ring|let)\s+(?:me|us)\b"
    r"|\b(?:complained|reported\s+(?:it|this)|raised\s+(?:it|this))\s+(?:\w+\s+){0,3}?(?:twice|three\s+"
    r"times|\d+\s+times|repeatedly|multiple\s+times|several\s+times)"
    r"|\bnothing\s+(?:ever\s+)?(?:changes|gets\s+done)\b"
    # a harm picked up in the organisation's care: "the bedsore my dad got in your ICU"
    r"|\b(?:bedsores?|pressure\s+sores?|infections?|falls?|burns?|injur(?:y|ies)|bruises?|blood\s+clots?|"
    r"ulcers?)\s+(?:\w+\s+){0,3}?(?:got|developed|picked\s+up|caught|had|suffered)\s+(?:in|at|during|"
    r"on)\s+(?:your|the)\s+(?:\w+\s+)?(?:icu|ward|unit|hospital|facility|care|stay|nursing\s+home|"
    r"clinic|er|rehab)"
    r"|\bcollections?\s+(?:letter|notice|agency|call|agent)"
    # rhetorical questions and giving up: "how hard is it to return a call?", "is anyone
    # actually reading these?", "I give up trying", "so much for patient-centred care"
    r"|\bhow\s+hard\s+(?:is\s+it|can\s+it\s+be)\s+to\s+(?:return|call|answer|send|fix|get\s+back|"
    r"pick\s+up|reply|respond|update|tell|process|refill)"
    r"|\bis\s+(?:anyone|anybody)\s+(?:actually|even|ever)\s+(?:reading|listening|working|there|"
    r"answering|checking)"
    r"|\b(?:was|were|has|had|been)\s+never\s+(?:sent|received|processed|filed|submitted|ordered|"
    r"called\s+in|faxed|scheduled|booked|entered)"
    r"|\bI\s+(?:give|gave|have\s+given|'ve\s+given)\s+up\s+(?:trying|on\s+(?:you|your|this|getting))"
    r"|(?:^|[.!?]\s+)\W*so\s+much\s+for\s+(?:['\"‘“]|your\b|(?:patient|customer)[-\s]|the\s+"
    r"(?:\w+\s+)?(?:care|service|promise|appointment|callback|policy|guarantee|system|portal))"
    # care that harmed or confused: "your hospital food made my dad sick", "nobody could
    # tell us where she was", conflicting answers, someone else's prescription
    r"|\b(?:your|the)\s+(?:[\w-]+\s+)?(?:food|meals?|water|room|ward|cafeteria)\s+(?:made|gave)\s+"
    r"(?:me|him|her|us|them|my\s+\w+)\s+(?:sick|ill|worse|food\s+poisoning|diarrh\w+)"
    r"|\b(?:nobody|no\s+one|no-one)\s+(?:could|would|can|will)\s+(?:tell|explain|say|answer|give)\b"
    r"|\bdifferent\s+(?:answers|stories|explanations|prices|quotes)\b|\bconflicting\s+(?:answers|"
    r"information|info|advice|instructions)"
    r"|\bsomeone\s+else'?s\s+(?:prescription|meds|medication|results?|records?|chart|bill|pills|"
    r"test|paperwork)"
    r"|\bcan'?t\s+believe\s+(?:I|we)\s+(?:had|have|was|were)\s+to\b|\bcan'?t\s+believe\s+(?:you|"
    r"they|y'?all|your\s+\w+)\s+(?:\w+\s+)?(?:charged|lost|sent|cancel\w*|made|let|forgot|missed|"
    r"told|billed)"
    r"|\b(?:considering|thinking\s+(?:of|about)|going\s+to|will\s+be)\s+(?:switching|moving|"
    r"transferring|going)\s+(?:my\s+\w+\s+)?to\s+(?:another|a\s+different|a\s+new)\s+(?:hospital|"
    r"clinic|doctor|practice|pharmacy|provider|dentist|gp|pediatrician|surgeon)"
    # a request stuck in a state for days: "'in process' for 4 days", "pending for two weeks"
    r"|\b(?:been|is|was|still|stuck|sat|sitting)\s+(?:['\"‘“]\s*)?(?:in\s+process(?:ing)?|processing|"
    r"pending|under\s+review|in\s+review|on\s+back-?order|in\s+the\s+queue|in\s+limbo)\s*"
    r"['\"’”]?\s+(?:for\s+)?(?:over\s+|almost\s+|nearly\s+|about\s+)?(?:\d+|a|two|three|four|five|"
    r"six|several)\s+(?:days|weeks|months|week|month)"
    r"|\b(?:fee|charge|cost|bill|price|copay)\s+(?:that\s+)?(?:nobody|no\s+one)\s+(?:ever\s+)?"
    r"(?:mentioned|told|warned|explained|disclosed)"
    r"|\b(?:nobody|no\s+one)\s+(?:ever\s+)?(?:mentioned|warned|informed|asked|bothered|cared)\b"
    r"|\bon\s+(?:his|her|their|the)\s+(?:phone|cell|computer|laptop)\s+(?:the\s+whole|the\s+"
    r"entire|during|while|through)"
    r"|\b(?:we|I)\s+(?:were|was)\s+told\s+(?:it\s+would\s+(?:be|take)\s+|to\s+wait\s+)?"
    r"(?:\d+|an?|one|two|three|five|ten|fifteen|twenty|thirty)\s+(?:min\w*|hours?|days?|weeks?)"
    r"|\b(?:laughed|smirked|scoffed|giggled)\s+(?:when|as|while|at)\b|\bnot\s+cool\b"
    r"|\b(?:discharged|sent\s+(?:\w+\s+)?home|released)\s+(?:\w+\s+){0,3}?(?:with\s+no\s+|without"
    r"\s+(?:any\s+)?)(?:meds|medication|instructions|explanation|follow-?up|plan|pain\s+"
    r"(?:relief|meds)|prescription|papers|diagnosis|answers)"
    r"|\b(?:didn'?t|did\s+not|never)\s+(?:even\s+)?(?:wash|sanitize|clean|glove\s+up|change)\s+"
    r"(?:his|her|their|the)\s+(?:hands|gloves|equipment)")

# Branches led by a subject as common as "the" or "you": searched only when the text has one
# of the words each branch needs further on (the word index of guard/scan.py cannot gate them)
STAFF_SLIP = rx(
    r"\b(?:you'?re|you\s+(?:guys\s+|people\s+|all\s+)?are|y'?all\s+are|(?:your|the)\s+"
    r"(?:[\w-]+\s+){0,2}(?:hospital|clinic|doctors?|nurses?|staff|ob'?s|practice|pharmacy|"
    r"system)\s+(?:is|are))\s+(?:all\s+|just\s+|still\s+)?(?:lying|liars|covering\s+(?:it\s+|"
    r"this\s+)?up|hiding\s+(?:it|the\s+truth|something))"
    r"|\b" + _WHO + r"\s+(?:has\s+|have\s+|had\s+)?(?:put|wrote|written|typed|entered|listed|"
    r"printed|coded|spelled|spelt|filed|sent|mailed|emailed|faxed|gave|given)\s+(?:down\s+)?"
    r"(?:\w+\s+){0,2}?(?:the\s+|a\s+)?wrong\b"
    r"|\b" + _WHO + r"\s+(?:has\s+|have\s+|had\s+)?(?:missed|skipped|forgot(?:ten)?|no-?showed|"
    r"stood\s+(?:me|us)\s+up)\b")
_SLIP_WORDS = ("lying", "liars", "covering", "hiding", "wrong", "missed", "skipped", "forgot",
               "showed", "stood")

# Sarcasm: praise words around a grievance ("Oh great, another three-hour wait. Love that for
# me.", "Wow, thanks for the surprise $900 bill"): counts even though praise words appear
SARCASM = rx(
    r"\b(?:love\s+that\s+for\s+(?:me|us)|oh\s+(?:great|good|wonderful|joy|fantastic)\s*[,.!]?\s+"
    r"(?:another|more|a\s+\w+\s+(?:wait|bill|delay|charge)|now|so)|"
    r"(?:wow|gee|well),?\s+thanks\s+(?:so\s+much\s+)?for\s+(?:the|a|another|nothing|"
    r"making|losing|charging|ignoring|cancel+ing)|(?:super|very|so|really)\s+helpful\s*[.!]*\s*(?:not\b|/s|🙄)|real(?:ly)?\s+professional[.!]|(?:great|nice|fantastic|stellar|top-notch|"
    r"excellent)\s+(?:job|work|service|care)\s*,?\s+(?:guys|everyone|team|folks|y'?all)?\s*[.!]*\s*"
    r"(?:🙄|/s|not\b)|just\s+what\s+I\s+needed\s*[.!]*\s*(?:🙄|/s|$)|🙄|/s\b|"
    r"(?:thanks|thank\s+you)\s+for\s+(?:the\s+)?(?:surprise|lovely|wonderful|amazing)\s+"
    r"(?:\$|bill|charge|fee|wait|invoice))")
# an eye-roll stands after a space, where `\b` never matches, so it is looked for on its own;
# it is a complaint only when the text is about the organisation's service or a wait (an
# eye-roll at another commenter's myth is not)
EYE_ROLL_ABOUT = rx(r"\b(?:you|your|y'?all|staff|billing|bill|front\s+desk|nurse|doctor|"
                    r"pharmacy|appointment|wait|waiting|hold|portal|app|clinic|hospital|er|"
                    r"call\s+(?:me|us)\s+back|callback|refund|results|weeks?|days|hours)\b")
# "Great, my surgery got bumped again": a bare praise word opening a grievance is sarcasm
SARCASTIC_OPENING = rx(r"^\W*(?:oh\s+)?(?:great|wonderful|fantastic|perfect|awesome|lovely|"
                       r"brilliant|super|wow|amazing|terrific)\s*[,.!]+\s")
DEMAND = rx(r"\b(?:I\s+want\s+(?:a\s+)?(?:refund|my\s+money|answers|an\s+apology)|"
            r"refund|(?:fil(?:e|ing)|lodg(?:e|ing)|submit(?:ting)?|rais(?:e|ing)|mak(?:e|ing))\s+"
            r"(?:a\s+)?(?:formal\s+|official\s+|written\s+)?(?:complaint|grievance)"
            r"|(?<!who\sdo\sI\s)report(?:ing)?\s+(?:you|this\s+place|"
            r"them|the\s+(?:hospital|clinic|doctor))\s+to|fix\s+(?:it|this|ur|your)|do\s+better"
            r"|speak\s+to\s+a\s+manager|"
            # a lawyer as a threat, not "fax my records to my lawyer"
            r"(?:call|calling|contact|contacting|get|getting|hire|hiring|talk\s+to|talking\s+to|"
            r"speak\s+to|speaking\s+to|consult|consulting)\s+(?:my\s+|a\s+|an?\s+)?(?:lawyer|"
            r"attorney|solicitor)|(?:my|our)\s+(?:lawyer|attorney|solicitor)\s+(?:will|is\s+going|"
            r"'ll|is\s+aware)|lawyer\s+up|"
            r"sue\b|lawsuit|who\s+else\s+can\s+see|how\s+is\s+(?:this|that|it)\s+(?:ok|okay"
            r"|allowed|legal)|without\s+(?:asking|my\s+"
            r"(?:consent|permission)))")
# Dissatisfaction said without the usual words: a line always engaged, a rhetorical "how is
# anyone supposed to...", a department that STILL can't do its job, a visit or a call that has
# not come in days, an urgent referral left for months, records sent where others saw them, a
# threat to sue, a car damaged on the premises
UNSAID = rx(
    r"\b(?:line|lines|phone|phones|number|switchboard)\s+(?:\w+\s+)?(?:has\s+been|have\s+been|is|"
    r"are|was|were|always|constantly)\s+(?:\w+\s+)?(?:engaged|busy)\b[^?]{0,25}?(?:for\s+"
    r"(?:\d+|two|three|four|five|several|days|hours|weeks)|all\s+(?:day|week|morning)|every|since)"
    r"|\bengaged\s+(?:every\s+(?:single\s+)?time|all\s+(?:day|week|morning)|for\s+(?:days|hours))"
    r"|\bhow\s+(?:is|are)\s+(?:anyone|anybody|people|patients|we|someone|a\s+\w+)\s+"
    r"supposed\s+to\b|\bhow\s+do\s+(?:you|people|patients|we|I)\s+(?:ever\s+)?(?:book|get\s+"
    r"through|reach\s+(?:you|anyone|a\s+human))\s+(?:here|with\s+you|at\s+all)?\s*\?"
    r"|\b(?:you|they|dept|department|billing|office|desk|team|staff|pharmacy|clinic|hospital|"
    r"practice|surgery|insurer|insurance)\s+(?:\w+\s+)?still\s+(?:can'?t|cannot|won'?t|hasn'?t|"
    r"haven'?t|doesn'?t|don'?t|didn'?t)\b|\bunreal\s*[.!]"
    r"|\bno\s+(?:\w+\s+){0,2}?(?:visit|call|callback|call\s+back|reply|response|update|letter|"
    r"contact|delivery|nurse|carer|appointment|word)\s+(?:in|for)\s+(?:over\s+|almost\s+|nearly\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:days|weeks|months)"
    r"|\b(?:\d+|two|three|four|five|six|several)\s+(?:weeks|months)\s+(?:for|to\s+get|waiting\s+"
    r"for|on\s+a)\s+(?:a|an|my|the|his|her)?\s*(?:\w+\s+)?(?:referral|appointment|scan|results?|"
    r"callback|reply|operation|surgery|assessment)\b(?![^.!?]*\?)"
    r"|\b(?:marked|flagged|labelled|labeled|listed)\s+(?:as\s+)?urgent\b(?![^.!?]*\?)"
    r"|\b(?:faxed|sent|mailed|emailed|posted|gave|handed)\s+(?:my|his|her|our)\s+(?:\w+\s+){0,2}?"
    r"(?:results?|records?|letter|notes|diagnosis|details|information|info|file|chart|paperwork|"
    r"prescription)\s+to\s+(?:my\s+(?:old|former|previous|ex)|the\s+(?:old|wrong)|an?\s+old)"
    r"|\b(?:my|our|his|her)\s+(?:boss|employer|manager|neighbou?r|ex|coworkers?|colleagues?|"
    r"whole\s+office)\s+(?:\w+\s+)?(?:saw|read|opened|found\s+out|knows\s+now)\b"
    r"|\b(?:suing|sued|legal\s+action|see\s+you\s+in\s+court)\b"
    r"|\b(?:keyed|scratched|dented|smashed|scraped|clipped|reversed\s+into|backed\s+into|broke\s+"
    r"into)\s+(?:my|our)\s+(?:car|vehicle|van|bike|motorbike|wing\s+mirror)\b"
    r"|\b(?:my|our)\s+(?:car|vehicle|van|bike)\s+(?:was|got)\s+(?:\w+\s+)?(?:keyed|scratched|"
    r"dented|damaged|broken\s+into|hit|smashed)")

# Not grievances, whatever word they share with one: a symptom at its worst ("the worst
# headache of my life", "the worst nightmares"), and a technical fault or a third party's
# refusal mentioned in a request for help ("portal won't load, can you resend my results",
# "HR rejected my note, could you send another"). These words are blanked before the search.
NOT_GRIEVANCE = rx(
    r"\bworst\s+(?:\w+\s+)?(?:headaches?|migraines?|pain|cramps?|nightmares?|dreams?|nausea|"
    r"heartburn|period|periods|cough|flu|cold|hangover|rash|itch\w*|acne|anxiety|panic\s+attack|"
    r"side\s+effects?|symptoms?|fever|sore\s+throat|back\s+pain|chest\s+pain)\b"
    r"|\bworst\s+(?:\w+\s+){1,2}of\s+my\s+life\b(?=[^.!?]{0,60}\b(?:pain|head|chest|hurt|"
    r"suddenly|came\s+on))")
REQUEST = rx(
    r"\b(?:can|could|would|will)\s+(?:you|someone|somebody|anyone|u)\s+(?:please\s+|kindly\s+|"
    r"just\s+)?(?:re-?send|send|e-?mail|explain|help|check|look|update|tell|re-?issue|issue|fax|"
    r"post|confirm|advise|let\s+me\s+know|call\s+me|ring\s+me|give\s+me)\b"
    r"|\bplease\s+(?:could\s+you\s+|can\s+you\s+)?(?:re-?send|send|explain|advise|help|confirm|"
    r"update|check|let\s+me\s+know|call|ring|email)\b|\bjust\s+(?:checking|following)\s+(?:in|up)"
    r"|\bfollowing\s+up\s+on\b|\bany\s+(?:update|news)\b|\bis\s+there\s+(?:another|a\s+"
    r"different|an\s+other)\s+way\b")
TECH_OR_THIRD_PARTY = rx(
    r"\b(?:portal|app|website|site|link|login|page|system|form)\s+(?:\w+\s+)?(?:won'?t|doesn'?t|"
    r"isn'?t|keeps?|kept|is|was)\s+(?:\w+\s+)?(?:load\w*|work\w*|open\w*|crash\w*|"
    r"timing\s+out|freez\w*|down|broken|logging\s+me\s+out)\b"
    r"|\bkeeps?\s+(?:crashing|freezing|timing\s+out|logging\s+me\s+out|glitching)"
    r"|\b(?:hr|employer|work|boss|manager|school|college|insurer|insurance|dvla|benefits?|"
    r"university|uni)\s+(?:has\s+|have\s+|had\s+)?(?:rejected|refused|declined|won'?t\s+accept|"
    r"didn'?t\s+accept|wouldn'?t\s+accept|doesn'?t\s+accept)"
    r"|\b(?:got\s+)?(?:rejected|refused|declined)\s+by\s+(?:hr|my\s+\w+|the\s+\w+)"
    r"|\bexplain\s+(?:the|this|a|my)\s+(?:\w+\s+)?(?:charge|fee|bill|invoice|statement|code)")


def _blank(text: str, pattern: LazyRx) -> str:
    """The text with every match of the pattern replaced by spaces (offsets kept)."""
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(text[last:m.start()])
        out.append(" " * (m.end() - m.start()))
        last = m.end()
    return "".join(out) + text[last:] if out else text


def _benign_blanked(text: str) -> str:
    """The text without the words that look like a grievance but are not one here."""
    out = _blank(text, NOT_GRIEVANCE) if "worst" in text else text
    if REQUEST.search(text):
        out = _blank(out, TECH_OR_THIRD_PARTY)
    return out


# shouting needs the original case, so this one is compiled as is
ANGER = re.compile(r"[😡🤬😤😠]|!!!|\?\?!|\b[A-Z]{4,}\b[^.!?]*!!|\bAGAIN\b")
# every branch of ANGER holds one of these: tested first, they spare most texts a full scan
_ANGER_NEEDS = ("!!", "?!", "AGAIN", "😡", "🤬", "😤", "😠")
SERVICE = rx(r"\b(?:you|your|y'?all|staff|they|billing|bill|front\s+desk|nurse|doctor|"
             r"pharmacy|appointment|wait|hold|portal|app|clinic|hospital|er)\b")
# "great surgeon, but parking costs too much": a grievance after a contrast still counts
CONTRAST = rx(r"\b(?:but|however|although|though|except|shame\s+(?:about|that)|"
              r"pity\s+(?:about|that)|"
              r"too\s+bad|only\s+(?:problem|issue|complaint)|downside|unfortunately|sadly)\b")
PRAISE = rx(r"\b(?:thank\s+you(?!\s+for\s+nothing)|thanks(?!\s+a\s+lot|\s+for\s+nothing)"
            r"|grateful|amazing|wonderful|best|great|kind|love|lovely|fantastic|excellent|"
            r"brilliant|friendly|caring|attentive|thankful|blessed|"
            r"appreciate|shout-?out|congrats|incredible|"
            # a wait or a slip the writer shrugs off ("totally reasonable", "all good")
            r"(?:totally\s+|very\s+|pretty\s+)?reasonable|all\s+good|no\s+big\s+deal|no\s+complaints|"
            r"worth\s+the\s+wait|not\s+bad)\b")


# every cue but an eye-roll and shouting starts with one of these
_CUES = Cues(LOW_STARS, DEMAND, SARCASM, GRIEVANCE, FAILURE, DISSATISFACTION, GRIEVANCE_MORE,
             UNSAID, STAFF_SLIP)


def find(text: str, orig: str) -> list[Hit]:
    """Complaint cues: a low rating, a grievance, a demand, or anger about service.

    `text` is lower-cased; `orig` keeps the case, for shouting.
    """
    if "🙄" in text or not _CUES.absent(text):
        got = _cued(text)
        if got is not None:
            return got
    m = ANGER.search(orig) if holds(orig, _ANGER_NEEDS) else None
    if m and not PRAISE.search(text) and SERVICE.search(text):
        return [hit(LABEL, "complaint.anger_about_service", m, 0.7,
                    "The writer is visibly angry about the organisation's service.")]
    return []


def _cued(text: str) -> list[Hit] | None:
    """The complaint a rating, demand, sarcasm or grievance makes (None: none of them)."""
    # The label needs one cue; the strongest and cheapest are tried first and the search stops
    # at the first that holds (the guard has a per-text time budget).
    blanked = _benign_blanked(text)
    if blanked != text:
        text = blanked  # offsets unchanged: hits still point into the folded text
    m = LOW_STARS.search(text) if LOW_STARS.may_match(text) and holds(
        text, ("★", "star", "5", "10", "could give")) else None
    if m:
        return [hit(LABEL, "complaint.low_rating", m, 0.9,
                    "A one- or two-star rating is a complaint about the service.")]
    m = DEMAND.search(text)
    if m:
        return [hit(LABEL, "complaint.demand", m, 0.85,
                    "The writer demands redress (a refund, a fix, a formal complaint).")]
    m = SARCASM.search(text)
    if m is None and "🙄" in text and EYE_ROLL_ABOUT.search(text):
        m = re.search("🙄", text)
    if m:
        return [hit(LABEL, "complaint.sarcasm", m, 0.75,
                    "The writer praises ironically: the grievance is the point.")]
    found: Hit | None = None
    m = GRIEVANCE.search(text)
    if m:
        found = hit(LABEL, "complaint.grievance", m, 0.8,
                    "The writer describes a failure in care, service, billing or waiting.")
    else:
        m = FAILURE.search(text)
        if m:
            found = hit(LABEL, "complaint.service_failure", m, 0.8,
                        "The writer describes something the organisation should have done and "
                        "did not (or keeps getting wrong).")
        else:
            m = DISSATISFACTION.search(text) or GRIEVANCE_MORE.search(text) or UNSAID.search(
                text) or (
                STAFF_SLIP.search(text) if STAFF_SLIP.may_match(text) and holds(
                    text, _SLIP_WORDS) else None)
            if m:
                found = hit(LABEL, "complaint.dissatisfaction", m, 0.75,
                            "The writer judges the care or service poor (rushed, withheld, "
                            "overpriced, a runaround, a long wait, an error, nobody coming).")
    if found is not None:
        if PRAISE.search(text) and not SARCASTIC_OPENING.search(text):
            # praise with a passing grievance ("waited 10 minutes, staff were great") is not
            # one, unless the grievance comes after a "but"
            contrast = CONTRAST.search(text)
            if not (contrast and found.start > contrast.start()):
                return []
        return [found]
    return None
