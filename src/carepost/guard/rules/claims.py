"""unsafe_claim (outbound): guarantees, cures, "100% safe", off-label promotion, hidden paid
endorsement, risk-free claims.

Regulators (FTC, FDA) object to absolute promises about health outcomes; the rules look for the
absolute words next to an outcome, and for endorsements whose payment is hidden.
"""

from __future__ import annotations

import re

from carepost.guard.rules.base import Hit, alt, hit, rx
from carepost.guard.rules.lexicon import CONDITIONS, MEDICINE

LABEL = "unsafe_claim"

OUTCOME = (r"(?:cure[sd]?|heal(?:s|ed)?|reverse[sd]?|eliminate[sd]?|prevent[sd]?|erase[sd]?|"
           r"fix(?:es|ed)?|regrow(?:th)?|results?|works?|protection|relief|weight\s+loss|"
           r"lose|effective|safe|success|recovery|outcomes?|pain-free|painless|permanent|"
           r"forever|flush(?:es)?|detox(?:es)?|boosts?|melts?|destroys?|kills?)")
GUARANTEE = rx(r"\bguarantee[sd]?\b|\bguaranteeing\b|\b100\s*%\s*(?:of\s+\w+\s*)?" + OUTCOME
               + r"|\b100\s*%\s+(?:safe|effective|natural|risk-free|success|guaranteed|"
               r"of\s+(?:patients|clients|people|users))"
               r"|\b(?:zero|no)\s+(?:risks?|side\s+effects|downtime\s+and\s+no\s+risk)\b"
               r"|\b(?:completely|totally|perfectly|entirely|absolutely|100\s*%)\s+(?:safe"
               r"|harmless|"
               r"risk-free|painless|natural\s+and\s+safe)\b"
               r"|\b(?:pain|wrinkles|glasses|acne|fat|cellulite|migraines?|allergies|anxiety|"
               r"back\s+pain)\s+forever\b|\bsay\s+goodbye\s+to\b[^.!?]{0,40}\bforever\b"
               r"|\brisk[-\s]free\b|\bcompletely\s+(?:safe|harmless|risk-free)"
               r"|\b(?:never|won't\s+ever|will\s+never)\s+(?:get|catch|have|need|suffer|"
               r"experience)\s+(?:\w+\s+){0,2}(?:again|shingles|flu|cancer|the\s+flu|pain|"
               r"sick|glasses)"
               r"|\bwith\s+zero\s+effort\b|\bresults\s+for\s+everyone\b"
               r"|\b(?:lifelong|permanent|lifetime)\s+(?:protection|cure|results|relief|immunity)"
               r"|\blast(?:s)?\s+a\s+lifetime\b|\bthrow\s+(?:your|away)\s+\w+\s+(?:away\s+)?"
               r"forever|\bforever\b[^.!?]{0,20}\b(?:glasses|pain|wrinkles)"
               r"|\bwill\s+definitely\s+(?:cure|fix|heal|work|help)"
               r"|\bmiracle\s+(?:cure|drug|treatment|pill)|\bno\s+more\s+(?:pain|glasses|"
               r"insulin|medication)\s+ever")
# hedged ("helps prevent", "can reduce", "may ease") is public health advice, not a promise
CURE = rx(r"\b(?<!help\s)(?<!helps\s)(?<!to\s)(?<!can\s)(?<!may\s)(?<!might\s)(?<!could\s)"
          r"(?:cures?|cured|reverses?|reversed|eliminates?|heals?|eradicates?|"
          r"prevents?|flush(?:es)?\s+out|melts?\s+away|beats?|regrows?)\s+(?:[\w']+\s+){0,3}?"
          r"(?:cancer|autism|diabetes|arthritis|alzheimer'?s|dementia|infections?|parkinson'?s|"
          r"ALS|lupus|neuropathy|hearing\s+loss|vision\s+loss|baldness|wrinkles|cavities|"
          r"gum\s+disease|erectile\s+dysfunction|ED|insomnia|migraines?|psoriasis|eczema|"
          r"acne|hypertension|high\s+blood\s+pressure|cholesterol|addiction|PTSD|HIV|"
          r"depression|anxiety|the\s+blues|infertility|aging|toxins|hair\s+loss|obesity|"
          r"fatigue|heart\s+disease|ms|adhd|asthma|allergies|leukemia|covid|flu|"
          r"chronic\s+\w+|all\s+\w+|\w+\s+arthritis|ear\s+infections|stage\s+\d)"
          r"|\b(?:a|the)\s+(?:natural\s+)?cure\s+for\b"
          r"|\b(?:cancer|pain|diabetes|disease|symptom|arthritis|migraine|acne"
          r"|anxiety)-free\s+in\s+"
          r"(?:\d+|one|two|three|four|six|a\s+few)\s+(?:days?|weeks?|months?|sessions?|visits?)"
          r"|\bmiracles?\b(?![^.!?]{0,20}\b(?:of\s+(?:modern\s+)?medicine|baby|babies|birth)\b)"
          r"|\bpermanently\s+(?:regrows?|removes?|cures?|fix(?:es)?|eliminates?|reverses?|ends?)"
          r"|\b(?:works?|results?)\s+for\s+(?:everyone|every\s+(?:patient|body|client))"
          r"|\b(?:won'?t|don'?t|never|no\s+longer)\s+need\s+(?:\w+\s+)?(?:vaccines?|vaccinations"
          r"|jabs?|"
          r"shots|antidepressants|medications?|meds|insulin|chemo|surgery|inhalers?)"
          r"|\balternative\s+to\s+(?:the\s+|your\s+)?(?:\w+\s+)?(?:vaccines?|jabs?|shots?"
          r"|vaccinations?|"
          r"chemo\w*|insulin|antibiotics|surgery|medications?|antidepressants)"
          r"|\breplaces?\s+(?:them|it|your\s+\w+|medications?|meds|antidepressants|insulin|"
          r"vaccines?)\s+(?:completely|entirely|for\s+good)"
          r"|\b(?:vitamins?|supplements?|pack|drops|tea|oils?|remed(?:y|ies)|homeopathic\s+\w+|"
          r"shield)\b[^.!?]{0,50}\bprotect(?:ed|s)?\s+(?:you\s+|your\s+\w+\s+)?(?:from|against)\s+"
          r"(?:measles|flu|covid|cancer|infections?|viruses|colds?|polio|whooping)"
          r"|\bwith\s+none\s+of\s+the\s+(?:side\s+effects|nausea|risks?|downsides|pain)"
          r"|\bnothing\s+else\s+(?:comes\s+close|works)|\bboosts?\s+(?:your\s+)?immun\w+\s+by\s+\d+"
          r"|\bclinically\s+proven\s+to\s+(?:eliminate|cure|reverse|end|stop|remove|erase)"
          r"|\b(?:works?|acts?)\s+(?:faster|better)\s+than\s+(?:any|every|all|" + MEDICINE + r")"
          r"|\b(?:better|faster|more\s+effectively)\s+than\s+(?:" + MEDICINE + r"|any\s+(?:drug|"
          r"medication|prescription)|chemo|insulin|surgery)\b"
          r"|\bdoctors\s+hate\s+(?:this|these|him|her)\b"
          r"|\bdraws?\s+out\s+(?:heavy\s+metals|toxins|impurities)|\bdetox\s+(?:foot\s+)?pads\b"
          r"|\bwith\s+zero\s+(?:exercise|effort|dieting|work)"
          r"|\badds?\s+years\s+to\s+your\s+life|\b(?:reverses?|stops?|halts?)\s+(?:the\s+)?aging"
          r"|\bside[-\s]effect[-\s]free\b|\b(?:works?|safe)\s+for\s+(?:every|all)\s+(?:child"
          r"|children|"
          r"kids?|ages?|one|patients?)"
          r"|\bno\s+exceptions\b|\b(?:works?|worked)\s+(?:every|each)\s+(?:single\s+)?time\b"
          r"|\bmelts?\s+(?:away\s+)?(?:belly\s+)?fat|\bcleanses?\s+(?:your\s+)?(?:liver|body|"
          r"colon|blood|kidneys)|\bdetox(?:es|ify|ifies)?\s+your\s+(?:liver|body|blood)"
          r"|\b(?:without|no)\s+(?:chemo|surgery|insulin|medication|antibiotics)\b"
          r"[^.!?]{0,30}$")
OFF_LABEL = rx(r"\bapproved\s+(?:only\s+)?for\b[^.!?]{0,60}\bbut\b[^.!?]{0,60}\b(?:also|great|"
               r"amazing|works|perfect|try|use)"
               r"|\b(?:though|although|while|even\s+though)\s+[\w-]+\s+(?:is"
               r"|was)\s+(?:only\s+)?approved\s+"
               r"for\b"
               r"|\b(?:ivermectin|hydroxychloroquine|colloidal\s+silver|chlorine\s+dioxide|mms|"
               r"bleach)\s+(?:\w+\s+){0,2}?(?:cures?|treats?|prevents?|kills?)\b"
               r"|\beven\s+(?:for\s+)?(?:under|babies|infants|newborns)\s*(?:\d|age|\b)"
               r"|\b(?:isn'?t|not)\s+just\s+for\s+\w+[^.!?]{0,60}[.!?]?\s*[^.!?]{0,60}\b(?:ask|"
               r"use|using|try|lose|drop|slim|melt)"
               r"|\bno\s+(?:prescription\s+(?:needed|required)|doctor\s+visit\s+(?:needed"
               r"|required))"
               r"|\boff[-\s]label\b(?![^.!?]{0,40}\b(?:not|never|don't|can't)\b)"
               r"|\bask\s+(?:us|your\s+doctor)\s+about\s+\w+\s+for\s+(?:\w+\s+){0,2}"
               r"(?:depression|weight\s+loss|anxiety|migraines?|hair|autism|kids|teens)"
               r"|\b(?:botox|ozempic|wegovy|ivermectin|hcg|ketamine)\s+for\s+(?:\w+\s+){0,2}"
               r"(?:depression|weight\s+loss|teens|kids|covid|anxiety|autism)")
PAID = rx(r"\b(?:we\s+pay|paid|sponsor(?:ed)?|compensat\w+|free\s+product)\b[^.!?()]{0,60}"
          r"\b(?:skip|without|no|don't|not|leave\s+out|hide)\b[^.!?]{0,20}(?:#ad|disclos|"
          r"sponsor|mention)"
          r"|\b(?:sponsored|paid|#ad|#sponsored|partnership)\b[^.!?]{0,40}\b(?:don'?t\s+tell|"
          r"shh+|our\s+(?:little\s+)?secret|between\s+us)"
          r"|\bskips?\s+the\s+#ad|\bwithout\s+(?:the\s+)?#ad|\bfeels?\s+organic"
          r"|\b(?:ambassador|influencer|partner)\b(?![^.!?]{0,80}#(?:ad|sponsored|partner))"
          r"[^.!?]{0,80}\b(?:guarantee|zero\s+effort|obsessed|lost\s+\d+|100\s*%|cured|"
          r"miracle)")
NEGATED = rx(r"\b(?:no|not|never|nothing|isn't|aren't|can't|cannot|doesn't|don't|won't|no\s+one|"
             r"nobody)\b(?:\s+\w+){0,3}\s*$")

# Absolute promises by shape rather than by product, each class said many ways: protection
# without limits ("completely protected", "immune for life", "you'll never have a heart
# attack"), every germ or disease gone ("kills every germ", "eliminates Lyme disease in 5
# sessions", "flush out all toxins"), standard care made needless ("no need for a flu shot",
# "skip the vaccine"), safety without limits for children ("kids can safely take X", "safe
# for kids!"), staff testimonials ("everyone in our office takes it daily"), the FDA named for
# what it does not approve ("FDA-approved supplement"), weight loss with a date on it, and
# comparisons with proven care ("better than the flu shot").
_NOT_DISEASE = {"labour", "labor", "birth", "pregnant", "pregnancy", "postpartum", "broken",
                "fracture", "surgery", "chemo", "transplant", "dialysis", "diagnosed",
                "diagnosis", "psych", "psychiatric", "mental health", "delivered", "rehab",
                "detox", "sober", "sobriety", "ivf", "abortion", "miscarriage", "suicide",
                "suicidal", "overdose"}
_DISEASE = (r"(?:" + alt([c for c in CONDITIONS if c.lower() not in _NOT_DISEASE])
            + r"|[\w'-]+\s+disease|[\w-]{3,}itis|cancer\s+cells|tumou?rs?|heart\s+attacks?|"
            r"strokes?|colds?|cavities|lyme|germs?|viruses|virus|bacteria|toxins?|parasites?|"
            r"illness(?:es)?|sickness)")
_CARE = (r"(?:flu\s+shots?|vaccines?|vaccinations?|boosters?|shots?|jabs?|medications?|meds|"
         r"insulin|chemo\w*|antibiotics|antidepressants|inhalers?|statins|surgery|screenings?|"
         r"mammograms?|colonoscopy|prescriptions?|steroids?)")
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|ten|a\s+few)"
ABSOLUTE = rx(
    r"\b(?:completely|totally|fully|100\s*%|permanently|forever)\s+(?:protected|immune|cured|"
    r"healed|disease-free|cancer-free)\b"
    r"|\bprotected\s+(?:\w+\s+){0,3}forever\b|\bimmune\s+for\s+life\b"
    r"|\b(?:you'?ll|you\s+will|they'?ll|you|kids\s+will|they\s+will)\s+never\s+(?:have|get|catch|"
    r"suffer|develop)\s+(?:from\s+)?(?:an?\s+|another\s+|the\s+)?(?:[\w-]+\s+)?" + _DISEASE
    + r"\b"
    r"|\b(?:kills?|eliminates?|eradicates?|destroys?|wipes?\s+out|flush(?:es)?\s+out|cures?|"
    r"reverses?|gets?\s+rid\s+of|removes?)\s+(?:all|every|any|100\s*%\s+of)\s+(?:\w+\s+)?"
    + _DISEASE
    + r"|\b(?:cures?|cured|reverses?|reversed|eliminates?|eradicates?|heals?|wipes?\s+out|"
    r"gets?\s+rid\s+of|flush(?:es)?\s+out)\s+(?:[\w']+\s+){0,3}?" + _DISEASE + r"\b"
    r"|\b(?:eliminat\w*|cures?|cured|revers\w*|eras\w*|eradicat\w*)\b[^.!?]{0,60}\b(?:in|within|"
    r"after)\s+(?:just|only)\s+" + _NUM
    + r"\s+(?:sessions?|treatments?|visits?|days?|weeks?|doses?)"
    r"|\b(?:safe|fine)\s+for\s+(?:kids|children|babies|infants|toddlers|everyone|pregnant\s+women|"
    r"all\s+ages|the\s+whole\s+family)\s*(?:[!]|too\b|$)"
    r"|\b(?:kids|children|teens|babies|toddlers|infants)\s+can\s+(?:safely|all)\s+(?:take|use|"
    r"try|have)\b"
    r"|\b(?:everyone|all\s+of\s+us|our\s+(?:whole\s+)?(?:team|office|staff|doctors|nurses))\s+"
    r"(?:in\s+our\s+\w+\s+|here\s+)?(?:takes?|uses?|swears?\s+by)\s+(?:it|this|them|\w+)\s+"
    r"(?:daily|every\s+(?:day|morning|night))"
    r"|\bfda[-\s](?:approved|certified|cleared|registered)\s+(?:\w+\s+)?(?:supplements?|vitamins?|"
    r"detox|cleanse|teas?|oils?|herbs?|herbal|remed(?:y|ies)|formulas?|gumm(?:y|ies))"
    r"|\bfda[-\s](?:approved|certified)\s+to\s+(?:cure|reverse|eliminate|prevent\s+all)"
    r"|\b100\s*%\s+of\s+the\s+time\b"
    # a record without a single problem: "no one has ever had a complication"
    r"|\b(?:no\s+one|nobody|not\s+(?:a\s+)?single\s+(?:patient|client|person))\s+(?:has\s+|have\s+)?"
    r"(?:ever\s+)?(?:had|experienced|suffered|gotten|reported)\s+(?:a\s+|any\s+)?(?:complications?|"
    r"side\s+effects?|problems?|issues|reactions?|infections?|scarring)"
    r"|\b(?:zero|no)\s+complications\s+(?:ever|guaranteed)"
    r"|\b(?:off|free\s+of|no\s+longer\s+on)\s+(?:my|all\s+my|his|her|their)\s+(?:\w+\s+){0,2}(?:meds|"
    r"medications?|pills|insulin|inhalers?)\s+in\s+(?:just\s+|only\s+)?(?:\d+|one|two|three|a\s+few)\s+"
    r"(?:days?|weeks?|months?)"
    r"|\b(?:lose|lost|drop|dropped|shed|melt)\s+(?:up\s+to\s+)?\d+\s*(?:lbs?|pounds|kgs?|kilos)\s+"
    r"in\s+(?:just\s+|only\s+)?(?:\d+|one|two|three|a)\s+(?:days?|weeks?|month)"
    r"|\b(?:works?\s+)?(?:better|safer|stronger)\s+than\s+(?:the\s+|a\s+|any\s+|your\s+)?"
    r"(?:\w+\s+)?" + _CARE + r"\b")
# proven care made needless, said to every reader of a post ("no need for a flu shot", "skip
# the vaccine"); said to one person in a reply it is individual advice (advice.py) instead
NEEDLESS = rx(
    r"\bno\s+(?:need|reason)\s+(?:for|to\s+(?:get|take|have|see|keep))\s+(?:a\s+|an\s+|the\s+|"
    r"your\s+|any\s+|more\s+)?(?:\w+\s+)?" + _CARE + r"\b(?![^.!?]{0,40}\b(?:if|unless|until)\b)"
    r"|\bno\s+(?:more\s+)?" + _CARE + r"\s+(?:needed|required|necessary|ever)\b"
    r"|\b(?:skip|ditch|forget|throw\s+away|toss)\s+(?:the|your|those)\s+(?:\w+\s+)?" + _CARE
    + r"\b"
    r"|\binstead\s+of\s+(?:the\s+|your\s+|a\s+)?(?:\w+\s+)?" + _CARE + r"\b"
    # "our chiropractors can fix your child's ear infections without antibiotics"
    r"|\b(?:our\s+[\w-]+(?:\s+[\w-]+)?|we)\s+(?:can\s+)?(?:fix|cure|treat|heal|clear|reverse|"
    r"resolve)\w*\b[^.!?]{0,50}\bwithout\s+(?:any\s+)?" + _CARE + r"\b")
ON_LABEL = rx(r"(?<!not\s)(?<!n't\s)\bfda[-\s]approved\s+for\b|\(fda[-\s]approved\)"
              r"|\bon[-\s]label\b")

RULES = (
    ("claims.undisclosed_endorsement", PAID, 0.85,
     "It presents a paid or partner endorsement without a clear disclosure."),
    ("claims.guarantee", GUARANTEE, 0.9,
     "It promises a guaranteed or risk-free health outcome, which no treatment can honestly "
     "promise."),
    ("claims.cure", CURE, 0.85,
     "It claims a treatment cures or reverses a disease without evidence."),
    ("claims.off_label", OFF_LABEL, 0.85,
     "It promotes a product for a use it is not approved for."),
    ("claims.absolute", ABSOLUTE, 0.8,
     "It promises an absolute outcome (never ill, fully protected, every germ gone, a cure by "
     "a date), makes proven care sound needless, or calls a product safe for everyone."),
)


# More shapes of the same promises: "proven to cure X", "no more migraines, ever", a
# medicine sold for a second use ("X works great for weight loss too"), a prescription drug
# supplied without a diagnosis ("we can get you X without a diabetes diagnosis"), a folk
# remedy named after a medicine ("nature's antibiotic")
PROMISE_MORE = rx(
    r"\b(?:proven|guaranteed|certain|sure)\s+to\s+(?:cure|reverse|eliminate|heal|eradicate|end|"
    r"get\s+rid\s+of|banish|clear\s+up)\b"
    r"|\bno\s+more\s+[\w-]+(?:\s+[\w-]+)?\s*[,.\-–—]?\s*(?:ever(?:\s+again)?|forever|"
    r"for\s+good)\b"
    r"|\bnature'?s\s+(?:own\s+|very\s+own\s+)?(?:antibiotic|antiviral|antibiotics|painkiller|"
    r"viagra|ozempic|xanax|prozac|valium|insulin|chemo|antidepressant|vaccine|statin|"
    r"metformin|botox|cure)s?\b")
OFF_LABEL_MORE = rx(
    # the medicine named once, then what is said of it (one copy of the long name list keeps
    # compiling and gating the pattern cheap)
    r"\b(?:" + MEDICINE + r")\b(?:"
    r"[^.!?]{0,30}?\b(?:also|too|even|as\s+well)\b[^.!?]{0,15}?\b(?:great|brilliant|amazing|"
    r"fantastic|perfect|wonderful|excellent|a\s+game[-\s]changer)\s+(?:for|with|at)\b"
    r"|\s+(?:works?|is|are)\s+(?:\w+\s+)?(?:great|brilliant|amazing|fantastic|perfect|wonderful|"
    r"excellent|a\s+game[-\s]changer)\s+for\s+[^.!?]{0,40}?\b(?:too|also|as\s+well)\b"
    # "get Mounjaro delivered to your door, no GP appointment required"
    r"|[^.!?]{0,60}?[.!,-]?\s*\bno\s+(?:gp|doctor'?s?|medical|face-to-face|in-person|clinic)\s+"
    r"(?:appointment|visit|consultation|consult|check)s?\s+(?:needed|required|necessary))"
    r"|\b(?:prescribe|get\s+you|supply|ship|send\s+you|sell\s+you|hook\s+you\s+up\s+with)\s+"
    r"(?:[\w-]+\s+){0,3}?[^.!?]{0,50}?(?:without\s+(?:a|an|any)\s+"
    r"(?:[\w-]+\s+)?(?:diagnosis|prescription|consult\w*|exam\w*|assessment|appointment)|"
    r"for\s+anyone\s+who\s+wants|no\s+questions\s+asked)"
    r"|\b(?:without|no)\s+(?:a\s+|an\s+|any\s+)?(?:[\w-]+\s+)?(?:diagnosis|consultation|"
    r"consult)\s+(?:needed|required|necessary)?[^.!?]{0,40}?\b(?:dm|message|text|call|order|"
    r"book|click|link)\b"
    r"|\bno\s+(?:diabetes|diagnosis|prescription|doctor)\s*\?\s*no\s+problem\b")
# an influencer or a clinician praising a product with a call to buy, no disclosure: "thanks
# @name for loving our new supplement, go get yours!", "it helped me lose 12kg - Dr. Sam, GP"
ENDORSED = rx(
    r"\b(?:thanks?|thank\s+you|shout-?out|huge\s+thanks|big\s+thanks|love\s+to)\s+(?:to\s+)?@[\w.]+"
    r"[^.!?]{0,80}?\b(?:our|the)\s+(?:new\s+)?(?:[\w-]+\s+){0,2}?(?:supplements?|gumm(?:y|ies)|"
    r"vitamins?|serums?|creams?|teas?|powders?|shakes?|products?|range|formula|capsules|drops|"
    r"oils?|kits?|bars|drinks?|collagen|protein|skincare|lotion|balm|patch(?:es)?|spray|tablets|"
    r"pills|blend|tonic)\b[^#]{0,60}?\b(?:get|grab|order|buy|shop)\s+(?:yours|one|it|them|now|"
    r"today|some)\b"
    r"|\b(?:helped\s+me|I|I'?ve)\s+(?:to\s+)?(?:lose|lost|drop|dropped|shed|melt(?:ed)?)\s+"
    r"(?:\d+(?:\.\d)?\s*(?:kg|kgs|kilos|lbs?|pounds|stone)|(?:two|three|four|five|\d+)\s+"
    r"(?:dress\s+|jean\s+)?sizes)\b[^#]{0,80}?(?:[-–—~]\s*dr\.?\s+\w+|[-–—~]\s*\w+,\s*"
    r"(?:gp|md|do|rn|np|pa|nurse|physician|doctor|pharmacist|dietitian|family\s+physician)"
    r"|\b(?:start|get|grab|order|buy|join)\s+(?:yours|now|today|the\s+plan))")
# a consumer-protection post quotes the claims it warns against: "spot a fake pharmacy: no
# prescription needed, miracle cures"; naloxone really needs no prescription
WARNING_FRAME = rx(r"\b(?:spot|spotting|recogni[sz]e|identify)\s+(?:a\s+|an\s+)?(?:fake|"
                   r"rogue|scam|counterfeit|illegal|dodgy)|\b(?:red\s+flags?|warning\s+signs?|"
                   r"beware\s+of|be\s+wary\s+of|watch\s+out\s+for|don'?t\s+(?:fall|be\s+fooled)\s+"
                   r"(?:for|by)|avoid\s+(?:any\s+)?(?:sites?|sellers?|pharmacies|products|ads)|"
                   r"scams?|too\s+good\s+to\s+be\s+true|fraudulent|counterfeit)\b")
OTC_NO_PRESCRIPTION = rx(r"\b(?:naloxone|narcan|nyxoid|kloxxado|over[-\s]the[-\s]counter|"
                         r"emergency\s+contracepti\w+|plan\s+b|morning[-\s]after\s+pill|"
                         r"flu\s+(?:jab|shot|vaccine)s?)\b")

# hedged ("helps cure", "may reverse") is not a promise; looked for before an ABSOLUTE match
# rather than as lookbehinds, which would keep guard/scan.py from gating the pattern
HEDGED = rx(r"\b(?:help|helps|to|can|may|might|could)\s+$")

RULES += (
    ("claims.cure", PROMISE_MORE, 0.85,
     "It promises a cure or a permanent end to a condition, or presents a remedy as a "
     "medicine."),
    ("claims.off_label", OFF_LABEL_MORE, 0.85,
     "It promotes a prescription medicine for an unapproved use or offers it without a "
     "diagnosis."),
    ("claims.undisclosed_endorsement", ENDORSED, 0.8,
     "It promotes a product through an influencer's or a clinician's testimonial with a call "
     "to buy and no disclosure or fair balance."),
)

_NEEDLESS_RULE = ("claims.care_needless", NEEDLESS, 0.8,
                  "It tells every reader that proven care (a vaccine, a medicine, a screening) "
                  "is not needed.")


def find(text: str, extra: re.Pattern[str] | None = None, context: str = "post") -> list[Hit]:
    """Every unsafe-claim cue; a negated claim ("no vaccine is 100% effective") is not one."""
    hits: list[Hit] = []
    warning = WARNING_FRAME.search(text) is not None
    for name, pattern, score, message in (*RULES, _NEEDLESS_RULE) if context == "post" else RULES:
        if name == "claims.off_label" and ON_LABEL.search(text):
            continue  # the post itself says the use is approved
        if warning and name != "claims.undisclosed_endorsement":
            continue  # the claims are quoted as warning signs
        for m in pattern.finditer(text):
            if _negated(text, m.start()) or (name == "claims.absolute" and HEDGED.search(
                    text, max(0, m.start() - 8), m.start())):
                continue
            if "prescription" in m.group(0) and (
                    OTC_NO_PRESCRIPTION.search(text)):
                continue  # sold without a prescription by law
            hits.append(hit(LABEL, name, m, score, message))
            break
        if hits:
            break  # one cue decides the label (endorsement, tried first, drives a disclaimer)
    if extra is not None:
        m = extra.search(text)
        if m:
            hits.append(hit(LABEL, "claims.policy_term", m, 0.9,
                            "It uses a phrase the organisation's policy lists as an unsafe "
                            "claim."))
    return hits


def _negated(text: str, pos: int) -> bool:
    lo = max(text.rfind(".", 0, pos), text.rfind("!", 0, pos), text.rfind("?", 0, pos),
             text.rfind(",", 0, pos)) + 1
    return bool(NEGATED.search(text[lo:pos]))
