"""misinformation (inbound): a false health claim presented as fact.

The rules recognise the shapes of health myths (a vaccine or screening "causes" a disease, a
home remedy "cures" one, a disease is "harmless", a conspiracy of doctors) rather than single
sentences. Sarcasm, rebuttals ("that's not true"), questions and reported doubts are excluded:
the label needs the claim asserted as fact.
"""

from __future__ import annotations

from carepost.guard.rules.base import Cues, Hit, alt, hit, rx

LABEL = "misinformation"

MEDICAL = alt("""mri mris ultrasounds
wi-fi vitamin-k paracetamol tylenol acetaminophen vaccines vaccine vaccination
jab jabs shot shots MMR mRNA
booster boosters
mammograms mammogram chemo chemotherapy antidepressants fluoride statins sunscreen antibiotics
radiation x-rays insulin masks birth-control""".split()
              + ["flu shot", "covid vaccine", "covid shot", "HPV vaccine", "the pill",
                 "birth control", "5G", "5G towers", "wifi", "cell phones", "microwaves",
                 "GMOs", "tap water", "chemtrails", "the meds", "medications", "Tylenol"])
HARMFUL = alt("""autism cancer infertility sterility AIDS diabetes alzheimer's dementia SIDS
death deaths illness sickness paralysis""".split()
              + ["turbo cancer", "the flu", "breast cancer", "skin cancer", "heart attacks",
                 "blood clots", "everyone sick", "people sick", "autoimmune disease",
                 "brain damage", "shedding", "leukaemia", "leukemia", "tumours", "tumors",
                 "brain cancer", "childhood cancer", "epilepsy", "seizures", "allergies",
                 "measles", "polio", "covid", "shingles", "chickenpox", "promiscuous",
                 "the disease", "the virus", "mumps", "HPV", "whooping cough", "infertile",
                 "sterile", "autistic", "sick", "adhd", "asthma", "obesity", "depression",
                 "heart disease", "early puberty", "low iq", "brain fog", "miscarriages",
                 "more harm", "more people", "more deaths", "more cancer", "more skin cancer"])
REMEDY = alt("""turpentine kerosene borax hydrogen-peroxide peroxide bleach garlic ivermectin
hydroxychloroquine turmeric
oregano colloidal silver
raw-milk honey cinnamon baking-soda vinegar essential-oils oils megadoses detox cleanse
juicing fasting prayer crystals homeopathy urine coffee-enemas""".split()
             + ["vitamin C", "vitamin D", "vitamin C megadoses", "raw milk", "apple cider vinegar",
                "baking soda", "essential oils", "coffee enemas", "colloidal silver",
                "lemon water", "alkaline water", "hydrogen peroxide", "drinking hydrogen peroxide",
                "cannabis oil", "CBD", "a juice cleanse", "chlorine dioxide", "MMS",
                "urine therapy",
                "natural immunity", "sunlight", "breast milk", "onions"])
SERIOUS = alt(["cancer", "stage 4 cancer", "autism", "diabetes", "type 1 diabetes",
              "alzheimer's", "alzheimers", "dementia", "autoimmune disease", "autoimmune diseases",
              "ms", "multiple sclerosis", "hiv", "aids", "parkinson's", "epilepsy",
              "heart disease", "lupus", "crohn's", "leukaemia", "leukemia", "tumours", "tumors"])
DISEASE = alt("""cancer covid flu sepsis diabetes autism HIV AIDS measles allergies herpes
infections depression alzheimer's""".split()
              + ["the virus", "viruses", "every virus", "all viruses", "any infection", "bacteria",
                 "germs", "parasites", "pink eye", "ear infections", "UTIs", "acne", "asthma",
                 "arthritis", "tumors", "anxiety", "ADHD", "lactose intolerance",
                 "strep throat", "the flu", "high blood pressure",
                 "heart disease", "ear infections", "type 1 diabetes", "any virus"])

CAUSES = rx(r"\b" + MEDICAL + r"\s+(?:\w+\s+){0,5}?(?:cause[sd]?|causing|give[sd]?\s+(?:you|"
            r"kids|people|everyone)|gave\s+(?:him|her|me|my\s+\w+|them)|leads?\s+to|made\s+"
            r"(?:everyone|people|him|her|them)|(?:is|are)\s+(?:what(?:'s|\s+is|\s+are)?|the\s+real)\s+(?:\w+\s+)?"
            r"caus\w+|(?:been\s+)?proven\s+to\s+cause|(?:is|are)\s+linked\s+to|(?:is|are)\s+"
            r"poison|(?:literally\s+)?gives?\s+you)\s+(?:\w+\s+){0,3}?(?:" + HARMFUL + r"|the\s+"
            r"(?:flu|disease))"
            r"|\b" + MEDICAL + r"\s+(?:\w+\s+){0,3}?(?:makes?|made|turns?"
                               r"|leaves?)\s+(?:\w+\s+){0,2}?"
            r"(?:infertile|sterile|autistic|sick|magnetic|not\s+(?:fully\s+)?human)"
            r"|\b" + MEDICAL + r"\s+(?:\w+\s+){0,3}?(?:rewrites?|alters?|changes?|modif\w+)\s+"
            r"(?:your\s+|our\s+|the\s+)?(?:DNA|genes)"
            r"|\b" + MEDICAL + r"\s+(?:\w+\s+){0,3}?(?:kills?|killing|harms?)\s+more\s+"
            r"(?:people|kids|patients)"
            r"|\b" + MEDICAL + r"\s+(?:\w+\s+){0,4}?(?:is|are)\s+(?:\w+\s+)?(?:poison|toxic|"
            r"a\s+bioweapon|a\s+scam|genocide)\b"
            r"|\b(?:got|gets|get)\s+(?:\w+\s+){0,2}?(?:" + HARMFUL + r")\s+from\s+(?:the|a|"
            r"his|her|their|my)\s+(?:\w+\s+)?" + MEDICAL
            + r"|\b" + MEDICAL + r"\s+(?:\w+\s+){0,2}?(?:CAUSE|cause)\s+(?:\w+\s+){0,2}?\w+")
CURES = rx(r"\b" + REMEDY + r"\s+(?:\w+\s+){0,3}?(?:cures?|cured|reverses?|reversed|heals?|clears?|"
           r"flush(?:es)?\s+out|eliminates?|dissolves?|shrinks?|melts?|gets?\s+rid\s+of"
           r"|fix(?:es)?)\b"
           r"(?!\s+nothing)"
           r"|\b" + REMEDY + r"\s+(?:\w+\s+){0,3}?(?:cures?|cured|heals?|kills?|reverses?|"
           r"prevents?|treats?|(?:is|are)\s+(?:the\s+)?(?:cure|better|best|safer)|beats?|"
           r">\s*)\s*(?:\w+\s+){0,2}?(?:" + DISEASE + r"|vaccines?|chemo|medicine|meds|"
           r"everything|it)")
DENIAL = rx(r"\b(?:measles|covid|the\s+flu|polio|HIV|chickenpox|whooping\s+cough|lyme)\s+"
            r"(?:is|are|was)\s+(?:harmless|not\s+(?:real|dangerous|contagious)|a\s+hoax|"
            r"fake|no\s+worse\s+than|just\s+a\s+(?:cold|flu))"
            r"|\bHIV\s+(?:doesn'?t|does\s+not|never)\s+cause\s+AIDS"
            r"|\b(?:germs|viruses)\s+(?:don'?t|do\s+not|aren'?t)\s+(?:cause|exist|real)"
            r"|\b(?:not|never)\s+(?:caused\s+by\s+)?a\s+virus\b"
            r"|\bantibiotics\s+(?:are|is)\s+(?:the\s+best|good|what\s+you\s+need)\s+(?:thing\s+)?"
            r"for\s+(?:the\s+)?(?:flu|colds?|covid|viruses?)"
            r"|\balways\s+ask\s+for\s+(?:a\s+)?(?:z-?pack|antibiotics)"
            r"|\b(?:natural\s+immunity|thermography)\s+(?:is\s+)?(?:>|better\s+than|safer)"
            r"|\b(?:is|are|way)\s+(?:safer|better)\s+(?:than|and\s+just\s+as)\s+(?:\w+\s+){0,2}"
            r"(?:accurate|vaccines?|mammograms?|" + MEDICAL + r")"
            r"|\b(?:measles|chicken\s*pox|pox|flu)\s+part(?:y|ies)\b"
            r"|\bcancer\s+feeds\s+on\s+sugar|\bstarve\s+(?:a|the|your)\s+(?:tumou?r|cancer)"
            r"|\b(?:doctors|oncologists|pharma|hospitals|they|the\s+\w+)\s+won'?t\s+tell\s+you\b"
            r"|\b(?:is|are)\s+(?:just\s+)?a\s+(?:big\s+)?(?:pharma\s+)?(?:scam|hoax|lie)\b"
            r"|\b(?:isn'?t|is\s+not|aren'?t|are\s+not)\s+(?:even\s+)?(?:a\s+)?real\s+(?:illness"
            r"|disease|"
            r"condition|thing)"
            r"|\b(?:covid|the\s+virus|cancer|aids|HIV|autism|the\s+pandemic|monkeypox)\s+"
            r"(?:was|is)\s+(?:planned|man-made|invented|created|made\s+up|engineered)\s+"
            r"(?:to|by|in)"
            r"|\b(?:put|added|adds|putting)\s+(?:it\s+)?(?:in|into)\s+(?:the\s+|our\s+)?water\s+"
            r"to\s+(?:make|keep|control)"
            r"|\bto\s+(?:make|keep)\s+(?:us|people|everyone|the\s+population)\s+(?:docile|"
            r"sick|sterile|compliant|dumb)"
            r"|\b(?:vaccines?|shots|jabs?|chemo|statins|meds)\s+(?:have|has)\s+killed\s+more"
            r"|\bkilled\s+more\s+people\s+than\s+(?:covid|the\s+virus|cancer|the\s+disease)"
            r"|\b(?:cancer|tumou?rs|viruses|disease)\s+(?:can'?t|cannot)\s+(?:survive|grow|live)\s+"
            r"in\s+(?:an?\s+)?(?:alkaline|oxygen)"
            r"|\bantibiotics\s+(?:cure|treat|kill|fix|help\s+with|work\s+(?:on|for|against))\s+"
            r"(?:the\s+)?(?:common\s+)?(?:cold|colds|flu|viruses|viral|covid)"
            r"|\b(?:don'?t|do\s+not|never)\s+need\s+(?:\w+\s+)?(?:vaccines?|shots|chemo|insulin|"
            r"antibiotics|medications?|meds)\s+if\s+(?:you|we)"
            r"|\bimmune\s+system\s+(?:handles|takes\s+care\s+of|fights\s+off)\s+(?:everything|"
            r"it\s+all|any\s+virus)"
            r"|\b(?:vaccines?|shots|jabs?|flu\s+shots?)\s+(?:are|is)\s+(?:full\s+of|loaded\s+with|"
            r"packed\s+with)\s+(?:\w+\s+){0,2}(?:toxins|poison|mercury|aluminum|aluminium|"
            r"formaldehyde|metals|nanobots|microchips|fetal)"
            r"|\b(?:poisons?|poisoning)\s+(?:our\s+|your\s+)?(?:kids|children|babies|people)"
            r"|\b" + DISEASE + r"\s+(?:can\s+be|is|was|gets)\s+(?:easily\s+)?(?:reversed|cured|"
            r"healed|gone)\s+(?:\w+\s+){0,4}?(?:with|by|using)\s+" + REMEDY
            + r"|\b(?:doctors|hospitals|pharma|big\s+pharma)\s+(?:just\s+|only\s+)?want\s+"
            r"(?:your|our)\s+money"
            r"|\b(?:chemtrails?|depopulation|microchips?|nanobots|bioweapon|plandemic"
            r"|big\s+pharma'?s?"
            r"\s+(?:lie|scam|hoax)|graphene\s+oxide|sheeple)\b"
            r"|\b(?:invented|made\s+up|created)\s+(?:by\s+\w+\s+)?to\s+sell"
            r"|\b" + HARMFUL + r"\s+(?:is|are|was)\s+(?:\w+\s+)?caused\s+by\s+(?:\w+\s+)?" + MEDICAL
            + r"|\b(?:cholesterol|sugar|salt|smoking|hiv|germs|bacteria|viruses)\s+(?:doesn'?t"
              r"|does\s+"
            r"not|don'?t|do\s+not|never)\s+(?:actually\s+)?cause"
            r"|\b(?:do\s+your\s+(?:own\s+)?research|they\s+don'?t\s+want\s+you\s+to\s+know|"
            r"the\s+truth\s+about\s+vaccines)\b"
            r"|\b" + MEDICAL + r"\s*(?:=|==|->|→|equals)\s*" + HARMFUL
            + r"|\bfevers?\s+(?:burns?|kills?|cooks?)\s+(?:out\s+"
              r"|off\s+)?(?:the\s+)?(?:infection|virus|"
            r"germs)"
            r"|\b" + MEDICAL + r"\s+(?:contains?|has|is)\s+(?:a\s+)?live\s+(?:flu|virus|covid|"
            r"measles|polio)"
            r"|\b" + MEDICAL + r"\s+(?:\w+\s+){0,2}?gives?\s+(?:babies|children|kids|women|men|"
            r"teens|people)\s+(?:\w+\s+)?(?:" + HARMFUL + r")"
            r"|\bvitamin\s+k\b[^.!?]{0,40}\bcauses?\b"
            r"|\bcaused\s+by\s+(?:evil\s+spirits|demons?|curses?|witchcraft|sin|bad\s+karma"
            r"|the\s+devil|"
            r"spirits)"
            r"|\b(?:is|are)\s+the\s+only\s+(?:real\s+|true\s+)?(?:cure|treatment|medicine)\b"
            r"|\b(?:vapes?|vaping|e-?cigarettes?|smoking|cigarettes|alcohol|weed|cannabis|sugar|"
            r"raw\s+milk|tanning\s+beds?)\s+(?:is|are)\s+(?:completely\s+|totally\s+|perfectly\s+|"
            r"100%\s+)?(?:harmless|safe|healthy|good\s+for\s+you)"
            r"|\bjust\s+water\s+vapou?r\b"
            r"|\boverload(?:s|ing)?\s+(?:a\s+|the\s+|your\s+)?(?:baby'?s\s+|babies'?\s+|kids'?\s+|"
            r"children'?s\s+)?immune\s+system"
            r"|(?<!no\s)(?<!nothing\s)\b(?:cures?|cured|reverses?"
            r"|heals?)\s+(?:(?!my\b|his\b|her\b|their\b|our\b)\w+\s+){0,2}?(?:" + SERIOUS
            + r")\b"
            r"|\b(?:[\w-]+\s+){1,2}prevents?\s+(?:alzheimer'?s|dementia|autism|cancer|parkinson'?s)"
            r"|\b" + MEDICAL + r"\s+(?:is|are)\s+(?:\d+\s*%\s+)?(?:mercury|alumin(?:i)?um"
                               r"|formaldehyde|"
            r"poison|toxins|antifreeze)"
            r"|\b(?:cancer|fever|disease|illness)\s+is\s+(?:just\s+)?(?:the\s+|your\s+)?body\s+"
            r"(?:detoxing|healing|cleansing|cleaning)"
            r"|\b(?:chemo|medicine|meds|drugs)\s+(?:stops?|blocks?|prevents?)\s+(?:the\s+)?healing"
            r"|\b" + HARMFUL + r"\b[^.!?]{0,40}\bbecause\s+of\s+(?:the\s+)?(?:" + MEDICAL + r")"
            r"|\b(?:natural|fruit)\s+sugars?\s+(?:doesn'?t|does\s+not|don'?t)\s+count"
            r"|\bcan\s+eat\s+as\s+much\s+(?:\w+\s+)?as\s+(?:they|you)\s+want"
            r"|\b(?:mri|ct|x-?ray|ultrasound)\s+scans?\s+(?:\w+\s+)?(?:give"
            r"|cause)s?\s+(?:you\s+)?cancer"
            r"|\b(?:vaccines?|shots?|jabs?)\s+(?:contain|have|are\s+made\s+(?:with"
            r"|from))\s+(?:\w+\s+)?"
            r"(?:fetal|foetal|aborted|pig|monkey|microchips?|mercury|poison|toxins|nanobots)"
            r"|\balters?\s+(?:your|our|the)\s+(?:genes|dna)\b"
            r"|\b(?:diet|exercise|screening|treatment|medications?|vaccines?)\s+(?:and\s+\w+\s+)?"
            r"(?:don'?t|doesn'?t|do\s+not|does\s+not)\s+(?:even\s+)?matter"
            r"|\b(?:you\s+can|can)\s+(?:cure|reverse|heal)\s+(?:\w+\s+){0,3}?(?:" + DISEASE
            + r")\s+"
            r"(?:with|by|using|through)\b"
            r"|\b(?:myth|lie|hoax|scam)\s+(?:made\s+up|invented|created|pushed)\s+by\b"
            r"|\bmade\s+up\s+by\s+(?:big\s+)?(?:pharma|doctors|the\s+government|the\s+cdc"
            r"|the\s+who)"
            r"|\b" + MEDICAL + r"\s+(?:is|are|was)\s+what\s+(?:started|caused|gave\s+\w+)"
            r"|\bcauses?\s+(?:almost\s+|nearly\s+)?(?:all|most"
            r"|every)\s+(?:chronic\s+)?(?:diseases?|"
            r"illness(?:es)?|cancers?|sickness)"
            r"|\b(?:you\s+)?can'?t\s+(?:get|catch)\s+(?:pregnant|the\s+flu|covid|hiv|an?\s+std"
            r"|stds|"
            r"cancer|sick)\s+if\s+(?:you|you're|you\s+are)\b"
            r"|\bpasteurization\s+is|\bplandemic\b|\bturbo\s+cancer\b"
            r"|\b(?:it'?s|its)\s+the\s+(?:meds|vaccines?|drugs|chemo|shots?)\s+that\s+"
            r"(?:kill|cause|make)"
            r"|\btumou?rs\s+(?:shrink|disappear|melt|go\s+away)\s+on\s+their\s+own"
            r"|\b(?:they'?re|they\s+are|doctors\s+are|cdc\s+is)\s+covering\s+(?:it\s+)?up"
            r"|\bbrainwash\w*\b"
            # the vaccinated as a danger ("vaccinated people shed", "milk from vaccinated moms
            # is toxic"), a measure said to harm the brain or body, a disease said not to exist
            r"|\bvaccinated\s+(?:people|persons|moms|mothers|mums|kids|children|women|men|folks|"
            r"blood|donors)\s+(?:\w+\s+){0,2}?(?:shed\w*|(?:is|are)\s+(?:\w+\s+)?(?:poison\w*|toxic|"
            r"dangerous|contaminated|contagious))"
            r"|\bfrom\s+(?:the\s+)?vaccinated\s+(?:\w+\s+){1,2}(?:is|are)\s+(?:\w+\s+)?(?:poison\w*|"
            r"toxic|dangerous|contaminated)"
            r"|\bshed(?:s|ding)?\s+(?:the\s+)?spike\s+proteins?"
            # a remedy above proven care, proven care called a placebo, fevers never treated,
            # every vaccine blamed for miscarriage
            r"|\b" + REMEDY + r"\s+(?:\w+\s+){0,2}?(?:works?|is|are)\s+(?:\w+\s+)?(?:better|more\s+"
            r"effective|stronger)\s+than\s+(?:chemo\w*|vaccines?|antibiotics|insulin|medications?|"
            r"medicine|surgery|antidepressants|statins)"
            r"|\b(?:" + MEDICAL + r"|antidepressants|statins|chemo|vaccines?)\s+(?:are|is)\s+"
            r"(?:just\s+|"
            r"only\s+|nothing\s+but\s+|all\s+)?(?:a\s+)?(?:placebos?|sugar\s+pills?)"
            r"|\bfevers?\s+should\s+(?:never|not)\s+be\s+(?:treated|brought\s+down|lowered)"
            r"|\bshouldn'?t\s+(?:get|have|take)\s+(?:any\s+)?vaccines?\b[^.!?]{0,10}[,;]\s*(?:they|it)\s+"
            r"(?:all\s+)?cause"
            r"|\b" + MEDICAL + r"\s+(?:\w+\s+){0,4}?(?:lowers?|reduces?|damages?|destroys?"
            r"|rots?)\s+"
            r"(?:[\w']+\s+){0,2}?(?:iq|brains?|immune\s+systems?|fertility|sperm\s+counts?)\b"
            r"|\b(?:covid|the\s+virus|hiv|aids|measles|the\s+pandemic|monkeypox|mpox|bird\s+flu|"
            r"polio)\s+(?:(?:was|is)\s+never|is\s+not|isn'?t|wasn'?t|was\s+not|never\s+was)\s+"
            r"(?:even\s+)?real\b"
            r"|\b(?:covid|the\s+virus|hiv|aids|measles|the\s+pandemic|monkeypox|mpox|bird\s+flu|"
            r"polio)\s+(?:is|was)\s+(?:all\s+|just\s+)?(?:a\s+hoax|fake|made\s+up|a\s+scam)\b"
            r"|\b(?:doctors|hospitals|big\s+pharma|the\s+cdc|the\s+government)\s+(?:\w+\s+){0,3}"
            r"(?:won'?t|don'?t\s+want|hide|hiding|are\s+hiding|suppress)\s+(?:\w+\s+){0,4}"
            r"(?:cure|because\s+it'?s\s+cheap|know|truth)")
REBUTTAL = rx(r"\b(?:not\s+true|isn'?t\s+true|false|a\s+myth|debunked|no\s+link|doesn'?t\s+"
              r"cause|does\s+not\s+cause|don'?t\s+cause|can'?t\s+(?:give|cause)|yeah\s+sure|"
              r"yeah\s+right|lol\s+sure|some\s+people|wild|is\s+it\s+true|my\s+\w+\s+says|"
              r"people\s+(?:say|claim)|heard\s+that|I\s+heard|is\s+that\s+true|genuinely\s+asking|"
              r"misinformation|conspiracy|myth|claims?|read\s+(?:online\s+|somewhere\s+)?that|"
              r"any\s+truth|is\s+(?:this|that)\s+(?:true|real|legit)|what\s+does\s+the\s+"
              r"(?:research|science|evidence|data)|fact\s+or\s+(?:myth|fiction))\b|🙄"
              # a belief reported of someone else and called wrong
              r"|\b(?:my\s+\w+|he|she|they|people|someone|somebody|some\s+(?:guy|lady|people))\s+"
              r"(?:still\s+)?(?:thinks?|believes?|swears?|insists?|keeps?\s+saying)\b"
              r"|\b(?:he|she|they|you)(?:'re|'s|\s+is|\s+are)\s+(?:so\s+|just\s+)?wrong\b"
              # a yes/no question asks; a rhetorical "why ..." question still asserts
              r"|^\W*(?:@\w+\s+)?(?:is|are|does|do|did|can|could|should|will|has|have)\b"
              r"[^.!]*\?\s*$")


# More myths by shape: an incurable disease called curable ("AIDS can be cured by..."), a
# disease cured by a diet or a drink, vaccines "full of" foetal cells or metals without a verb,
# magnetism and graphene
_INCURABLE = (r"(?:hiv|aids|autism|type\s+1\s+diabetes|dementia|alzheimer'?s|ms|multiple\s+"
              r"sclerosis|parkinson'?s|down\s+syndrome|cerebral\s+palsy|herpes)")
MYTH_MORE = rx(
    r"\b" + _INCURABLE + r"\s+(?:can\s+(?:easily\s+|totally\s+|actually\s+)?be|is|are|was|gets)\s+"
    r"(?:easily\s+|totally\s+|completely\s+|fully\s+|100\s*%\s+)?(?:cured|curable|reversed|"
    r"reversible|healed)\b"
    r"|\b(?:" + DISEASE + r"|" + SERIOUS + r")\s+(?:can\s+be|is|was|gets)\s+(?:easily\s+|"
    r"totally\s+|"
    r"completely\s+)?(?:cured|reversed|healed)\s+(?:\w+\s+){0,2}?(?:by|with|using|through)\s+"
    r"(?:\w+\s+){0,3}?(?:drinking|eating|diet|fasting|juic\w*|herbs?|herbal|oils?|teas?|vinegar|"
    r"prayer|urine|silver|cleanses?|supplements?|vitamins?|raw|vegan|keto|alkaline|bleach|"
    r"turmeric|garlic|honey)\b"
    r"|\b(?:vaccines?|shots|jabs?|boosters?)\s+(?:are\s+|is\s+)?(?:full\s+of|loaded\s+with|packed\s+"
    r"with|contain(?:ing|s)?|made\s+(?:with|from)|have)\s+(?:\w+\s+){0,3}?(?:aborted|fetal|foetal|"
    r"mercury|microchips?|nanobots|graphene|poison|toxins|heavy\s+metals|tracking)"
    r"|\b(?:magnetic|magnetised|magnetized)\b[^.!?]{0,40}\b(?:graphene|nanotech|chips?|metal)"
    r"|\b(?:graphene|nanotech|microchips?)\b[^.!?]{0,40}\b(?:in\s+(?:the|my|your|our)\s+(?:jab|"
    r"vaccine|shot|blood|arm)|magnetic)")

# conspiracy framing turns "it's a myth" around: the writer calls the consensus the myth
CONSPIRACY = rx(r"\b(?:invented|made\s+up|created)\s+(?:by\s+\w+\s+)?to\s+sell|\bwake\s+up\b|"
                r"\blook\s+it\s+up\b|\bdo\s+your\s+(?:own\s+)?research|\bbig\s+pharma|"
                r"\bthey\s+don'?t\s+want\s+you\s+to\s+know|\bcovering\s+(?:it\s+)?up")


EVIDENCE_CURE = rx(r"\b(?:chemo\w*|surgery|radiation|immunotherapy|treatment|transplant|doctors?|"
                   r"oncologists?|team|antibiotics|insulin)\b[^.!?]{0,25}\b(?:cured|cures|healed|"
                   r"saved)\b")


# a myth is one of these claims: when none can occur in the text there is nothing to rebut
_CUES = Cues(CAUSES, CURES, DENIAL, MYTH_MORE)


def find(text: str, set_aside: set[str] | None = None) -> list[Hit]:
    """Misinformation cues, unless the text is a rebuttal, a question, or sarcasm.

    A myth found but introduced as someone else's with disapproval, or asked about, adds the
    label to `set_aside`, so the label model does not overrule that reading (a myth merely
    followed by "my nan swears by it" is left to the model).
    """
    hits: list[Hit] = []
    if _CUES.absent(text):
        return hits
    for name, pattern, message in (
        ("misinformation.false_cause", CAUSES,
         "It states as fact that a proven medical measure causes a disease or harm."),
        ("misinformation.false_cure", CURES,
         "It states as fact that an unproven remedy cures or prevents a disease."),
        ("misinformation.denial", DENIAL,
         "It states a well-known health myth as fact."),
        ("misinformation.denial", MYTH_MORE,
         "It states a well-known health myth as fact."),
    ):
        m = pattern.search(text)
        if m and EVIDENCE_CURE.search(text) and not CONSPIRACY.search(text):
            continue  # "chemo cured my cancer" is a testimony, not a myth
        if m and (CONSPIRACY.search(text) or not (_rebutted(
                text, m.start(), m.end(), name == "misinformation.denial") or _distanced(
                text, m.start()))):
            hits.append(hit(LABEL, name, m, 0.8, message))
            break  # one cue decides the label
        if m and set_aside is not None and _distanced(text, m.start()):
            set_aside.add(LABEL)
    return hits


# a question about a claim anywhere in the message ("... What does the research say?")
ASKING = rx(r"\b(?:any\s+truth|is\s+(?:this|that|it)\s+true|what\s+does\s+the\s+(?:research|"
            r"science|evidence|data)\s+(?:actually\s+)?say|fact\s+or\s+(?:myth|fiction)|"
            r"can\s+(?:\w+\s+){0,2}(?:explain|confirm|debunk)|why\s+(?:that'?s|it'?s|this\s+is)\s+"
            r"(?:wrong|false)|(?:seeing|saw)\s+posts|should\s+I\s+(?:believe"
            r"|worry))")


def _rebutted(text: str, start: int, end: int, denial: bool) -> bool:
    lo = max(text.rfind(".", 0, start), text.rfind("!", 0, start)) + 1
    hi_c = [i for i in (text.find(".", end), text.find("!", end), text.find("?", end))
            if i >= 0]
    hi = min(hi_c) + 1 if hi_c else len(text)
    # a denial myth ("HIV doesn't cause AIDS") contains rebuttal words itself: look around it
    around = text[lo:start] + " " + text[end:hi] if denial else text[lo:hi]
    return bool(REBUTTAL.search(around) or ASKING.search(text))


# The claim introduced as someone else's, or asked about, in the same sentence: "people who say
# garlic cures covid are dangerous", "saw a TikTok saying sunscreen is toxic", "anyone who tells
# you X should be locked up", "anyone know if the flu shot can give you the flu?"
DISTANCE_INTRO = rx(
    r"\b(?:people|anyone|anybody|those|folks|someone|somebody|whoever|idiots|influencers)\s+"
    r"(?:who|that)\s+(?:still\s+)?(?:say|says|said|claim|claims|tell|tells|believe|believes|think|"
    r"thinks|post|posts|share|shares|spread|spreads|push|pushes|sell|sells)\b"
    r"|\b(?:saw|seen|seeing|watched|read|reading|got\s+sent|keep\s+seeing|keeps\s+sending)\s+"
    r"(?:a|an|this|that|some|these|those|another)?\s*(?:\w+\s+){0,2}?(?:tiktoks?|videos?|reels?|"
    r"posts?|articles?|memes?|tweets?|threads?|ads?|clips?|stor(?:y|ies)|influencers?|"
    r"accounts?|facebook|youtube(?:rs?)?)\s+(?:\w+\s+)?(?:saying|claiming|that\s+(?:says|said|"
    r"claims?)|telling\s+(?:people|everyone|you)|about|how)\b"
    r"|\b(?:spreading|sharing|pushing|posting)\s+(?:the\s+|this\s+|that\s+)?['\"‘“]"
    r"|\b(?:does\s+)?(?:anyone|anybody|any\s*one)\s+know\s+(?:if|whether)\b"
    r"|\bis\s+it\s+(?:a\s+myth|true|real)\s+that\b"
    r"|\b(?:debunk\w*|refut\w*|busting|bust\s+the|the\s+(?:myth|claim|rumou?r|lie)\s+that)\b"
    # needs disapproval: "my mother-in-law keeps saying X, so glad you posted this"
    r"|\b(?:my|his|her|our)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:still\s+)?(?:thinks?|believes?|swears?|"
    r"insists?|keeps?\s+saying|says|claims?|reckons)\b|\bthe\s+idea\s+that\b")
# disapproval of the claim, after it, in the same message
DISAPPROVAL = rx(
    r"\bshould\s+be\s+(?:ashamed|banned|locked\s+up|reported|removed|stopped|fined|struck\s+off)"
    r"|\b(?:are|is)\s+(?:so\s+|really\s+|genuinely\s+)?(?:dangerous|idiots|irresponsible|"
    r"crazy|nuts|deluded|clueless|a\s+menace)\b|\b(?:glad|thanks?|thank\s+you|grateful)\b[^.!?]{0,30}"
    r"\b(?:evidence|facts|science|research|real\s+info|truth|clearing\s+(?:this|it)\s+up)"
    r"|\bgiven\s+up\s+arguing\b|\bnonsense\b|\brubbish\b|\bbs\b"
    r"|\b(?:glad|thanks?|thank\s+you|grateful)\s+(?:\w+\s+){0,3}?(?:posted|posting|shared|sharing|"
    r"wrote|writing|cleared|clearing|explained|explaining)\s+(?:this|that|it)\b")


def _distanced(text: str, start: int) -> bool:
    """Whether the claim at `start` is reported as someone else's with disapproval, or asked."""
    lo = max(text.rfind(".", 0, start), text.rfind("!", 0, start), text.rfind("?", 0, start),
             text.rfind("\n", 0, start)) + 1
    intro = DISTANCE_INTRO.search(text, lo, start)
    if intro is None:
        return False
    # asked, or said of others and judged: either is not the writer asserting it
    return intro.group(0).startswith(("any", "does", "is ", "debunk", "refut", "bust",
                                      "the myth", "the claim", "the rumo", "the lie")) or bool(
        DISAPPROVAL.search(text) or intro.group(0).startswith(("people", "those", "idiots",
                                                               "whoever", "influencers")))
