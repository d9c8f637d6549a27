"""patient_relationship (outbound): a reply that confirms or implies someone is a patient.

HIPAA treats confirming that a person received care as a disclosure in itself, so these rules
look for the ways staff let it slip: reading records, naming the addressee's care team, past
care events in the second person, and apologies for a specific visit.
"""

from __future__ import annotations

from carepost.guard.rules.base import Hit, alt, hit, rx
from carepost.guard.rules.lexicon import CONDITION, DEVICE, MEDICINE, PROCEDURE

LABEL = "patient_relationship"

CARE_TEAM = alt("""physio physiotherapist GP consultant chiropractor podiatrist optometrist
audiologist surgeon doctor doc nurse nurses therapist psychiatrist psychologist oncologist
dentist hygienist provider physician pediatrician OB midwife cardiologist dermatologist
counselor counsellor care-team pharmacist specialist surgeon's doctor's PCP radiologist
anesthesiologist NP PA dietitian""".split() + ["care team", "primary care doctor"])
CARE_EVENT = alt("""visit appointment appt stay admission discharge procedure surgery operation
sample specimen bloods swab redraw medicines
evaluation assessment screening follow-up followup consult
check-up checkup follow-up followup consult consultation session exam test scan results
labs bloodwork prescription refill rx order bill statement invoice claim account balance chart
records file referral authorization pre-authorization intake delivery labor treatment
treatments recovery infusion therapy x-ray MRI biopsy transplant medication medications meds
dose labs paperwork forms""".split()
    + ["lab results", "test results", "prior authorization", "care", "wait", "check-in",
       "ER visit", "hospital stay", "pacemaker check", "last visit", "recent visit"])

RECORDS = rx(r"\b(?:(?:our|my|the)\s+(?:records?|charts?|system|files?|notes)\s+(?:show|shows|"
             r"indicate|indicates|say|says|confirm|confirms|list|lists)"
             r"|(?:per|according\s+to|in|from)\s+(?:our|your)\s+(?:records?|charts?|system|files?)"
             r"|(?:found|located|pulled\s+up|looked\s+up|checked|reviewed|looked\s+into|"
             r"accessed|opened|updated|flagged)\s+(?:your|his|her|their)\s+(?:records?|"
             r"charts?|file|account|claim|profile|history|results|case|scans?|images|x-?rays|labs|"
             r"bloodwork|tests?|biopsy)"
             r"|(?:can't|cannot|couldn't|could\s+not)\s+find\s+(?:your|his|her)\s+\w+\s+"
             r"(?:under|in\s+our))")

TEAM_SPOKE = rx(r"\b(?:I|we|I've|we've|I\s+have|we\s+have)\s+(?:already\s+|just\s+)?"
                r"(?:checked|spoke|spoken|talked|consulted|confirmed|followed\s+up|shared\s+"
                r"(?:your|this|it)\s+\w*\s*|passed\s+(?:this|it|your\s+\w+)\s+(?:along\s+)?|"
                r"called|reached\s+out|forwarded\s+(?:your|this|it)\s+\w*\s*|sent\s+(?:your|this|"
                r"it)\s+\w*\s*)\s+(?:with|to)\s+(?:your|his|her)\s+" + CARE_TEAM)
TEAM_TOLD = rx(r"\b(?:your|his|her)\s+(?:\w+\s+)?" + CARE_TEAM + r"\s+(?:has|have|was|were)\s+"
               r"(?:been\s+)?(?:told|informed|notified|made\s+aware|updated|asked)")
TEAM_SAYS = rx(r"\b(?:your|his|her)\s+(?:\w+\s+)?" + CARE_TEAM + r"\s+(?:says|said|asked|wants"
                                                                 r"|noted|"
               r"mentioned|told|called|reviewed|confirmed|will\s+(?:make|call|see|follow)|"
               r"would\s+be\s+glad|is\s+(?:reviewing|aware)|already|loved|misses)")
DOCTOR_HEARD = rx(r"\b(?:Dr\.?|Doctor|Nurse|NP|PA)\s+[A-Z][\w'-]+\s+(?:was|is|were)\s+"
                  r"(?:so\s+)?(?:happy|glad|thrilled|pleased|relieved|sorry)\s+to\s+(?:hear|see|"
                  r"learn)"
                  r"|\b(?:Dr\.?|Doctor)\s+[A-Z][\w'-]+\s+(?:says|said|asked|wants|wanted|"
                  r"mentioned|noted|told\s+us)\s+(?:you|your|that\s+you|to\s+see\s+you)"
                  # "Dr. Kim remembers you well", "Nurse Ada loved meeting your twins"
                  r"|\b(?:Dr\.?|Doctor|Nurse|NP|PA)\s+[A-Z][\w'-]+\s+(?:still\s+)?(?:remembers?|"
                  r"remembered|misses|asked\s+about|loved\s+(?:meeting|seeing|treating|caring\s+for|"
                  r"delivering))\s+(?:you|your|him|her)\b")
TEAM_OF_YOU = rx(r"\b(?:the|our)\s+(?:\w+\s+){0,3}(?:nurses|team|staff|doctors|surgeons|midwives|"
                 r"therapists|carers)\s+(?:\w+\s+){0,4}(?:loved\s+(?:having|supporting|caring\s+for|"
                 r"looking\s+after|meeting|treating|delivering)\s+(?:you|her|him|them)|miss(?:es)?\s+"
                 r"(?:you|her|him|them)|(?:still\s+)?(?:talk|ask)s?\s+about\s+(?:you|her|him|them)|"
                 r"remembers?\s+(?:you|her|him|them))")
# staff acting on this person's care: "we've rescheduled your colonoscopy"
_STAFF_VERB = (r"(?:rescheduled|scheduled|booked|moved|cancel+ed|confirmed|processed|updated|"
               r"sent|faxed|emailed|mailed|refilled|approved|corrected|received|submitted|"
               r"resubmitted|fixed|waived|reversed|removed|released|transferred|forwarded|refunded|"
               r"credited|adjusted|noted|documented|recorded|flagged|left\s+(?:a\s+)?(?:voicemail|"
               r"message)|called|texted|reschedule|schedule|book|move|cancel|confirm|process|"
               r"update|send|fax|email|mail|refill|approve|correct|submit|forward|refund|waive)")
_STAFF = (r"\b(?:we|we've|we'll|we\s+will|we\s+can|we\s+have|I|I've|I'll|I\s+will|"
          r"our\s+\w+(?:\s+team)?)\s+(?:has\s+|have\s+)?(?:already\s+|just\s+|also\s+)?")
STAFF_ACTION = rx(_STAFF + _STAFF_VERB + r"\s+(?:a\s+copy\s+of\s+|copies\s+of\s+)?(?:your|his|"
                  r"her|their)\s+(?:\w+'s\s+)?(?:[\w-]+\s+){0,2}(?:" + CARE_EVENT + "|" + PROCEDURE
                  + r")\b"
                  # a dot inside an address ("name@mail.com") does not end the sentence
                  r"|" + _STAFF + _STAFF_VERB + r"\b(?:[^.!?]|\.(?=\S)){0,60}?\b(?:from|for|of"
                                                r"|during|"
                  r"at|after|in|"
                  r"about)\s+(?:rescheduling\s+|scheduling\s+)?(?:your|his|her)\s+(?:\w+'s\s+)?"
                  r"(?:last\s+|recent\s+)?(?:[\w-]+\s+){0,2}(?:" + CARE_EVENT + ""
                  r"|" + PROCEDURE + "|"
                  + CONDITION + r")\b")
# a post about a specific, unnamed-by-the-rules person's care: "congratulations to X, who rang the
# bell after radiation", "when little X left our NICU", "we were honoured to care for X"
THIRD_PERSON_CARE = rx(r"\b(?:congratulations|congrats|shout-?out|welcome|prayers|thoughts|love|"
                       r"cheers)\b[^.!?]{0,40}\bwho\s+(?:just\s+|finally\s+|today\s+)?(?:rang\s+"
                       r"the\s+bell|finished|completed|beat|survived|left\s+our|went\s+home|"
                       r"(?:was|is)\s+(?:discharged|born|admitted|diagnosed|treated|released))"
                       r"|\bwhen\s+(?:little\s+|baby\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:left"
                       r"|came\s+home\s+"
                       r"from)\s+our\s+(?:nicu|icu|picu|hospital|unit|care|ward|floor)"
                       r"|\b(?:honou?red|privileged|proud|grateful|blessed)\s+to\s+(?:have\s+)?"
                       r"(?:care[d]?\s+for|treat(?:ed)?|look(?:ed)?\s+after)\s+(?!you\b"
                       r"|our\s+community|"
                       r"everyone|the\s+community|patients\b)\w+"
                       r"|\b(?:he|she)(?:'s|\s+is|\s+was)\s+(?:now\s+)?(?:out\s+of\s+surgery|in\s+"
                       r"(?:stable|critical|serious|good)\s+condition|(?:being\s+)?discharged|"
                       r"admitted|in\s+(?:the\s+)?(?:icu|nicu|recovery))")
HAD_YOU = rx(r"\b(?:having|had|treating|treated|caring\s+for|cared\s+for|taking\s+care\s+of|"
             r"took\s+care\s+of|seeing|saw|seen|welcomed?)\s+(?:you|her|him|them)\s+"
             r"(?:as\s+(?:a|our)\s+patient|here|with\s+us|in\s+(?:our|the)|at\s+our|on\s+our|"
             r"last|yesterday|today|this|on\s+\w+day|in\s+clinic)"
             r"|\bpleasure\s+(?:having|treating|caring\s+for|seeing)\s+you"
             r"|\bthanks?\s+(?:you\s+)?for\s+(?:choosing|trusting)\s+us\s+(?:for|with)\s+"
             r"(?:your|his|her)"
             r"|\b(?:bringing|brought)\s+(?:your|her|his)\s+(?:\w+\s+){0,2}(?:in|to\s+see\s+us)"
             r"|\bwelcome\s+back\b|\bloved\s+having\s+you"
             r"|\b(?:team|nurses|staff|doctors)\s+(?:all\s+)?says?\s+hi\b"
             r"|\b(?:let|told|informed|updated|asked)\s+(?:dr\.?\s+[\w'-]+|your\s+[\w-]+|the\s+[\w-]+\s+"
             r"team)\s+(?:know\s+)?(?:that\s+)?you(?:'re|\s+are|\s+were|'ve|\s+have)\b"
             r"|\b(?:booked|scheduled|fitted|squeezed)\s+you\s+in\b|\byou'?re\s+(?:booked|scheduled)\s+"
             r"(?:in|for)\b"
             r"|\b(?:helped|fixed|healed|improved|eased|sorted)\s+(?:your|his|her)\s+(?:\w+'s\s+)?(?:shoulder|"
             r"knee|back|hip|neck|wrist|ankle|foot|feet|hand|arm|leg|skin|teeth|tooth|eyes?|hearing|"
             r"sleep|pain|breathing|headaches?|migraines?|mobility|posture|balance)"
             r"|\b(?:part\s+of|attend(?:ing)?|deliver(?:ing|ed)?|present\s+(?:at|for))\s+(?:your|her|his|"
             r"the\s+twins')\s+(?:birth|delivery)"
             r"|\b(?:records?\s+team|medical\s+records|records\s+office|billing\s+team)\s+(?:has|have|"
             r"received|got)\s+your\b"
             r"|\b(?:the\s+)?(?:lab|pharmacy|radiology|pathology|ward|clinic)\s+(?:says|said|called|"
             r"confirmed)\s+(?:that\s+)?(?:your|his|her)\b"
             r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last\s+night|"
             r"this\s+morning|today)'?s\s+(?:er|ed|a&e|hospital|urgent\s+care|clinic|ambulance)\s+"
             r"(?:trip|visit|stay|run)"
             r"|\b(?:a|the|your|our)\s+(?:nurse|doctor|pharmacist|provider|care\s+team|surgeon|"
             r"therapist|physio)\s+will\s+(?:call|ring|phone|contact|text)\s+you"
             r"|\b(?:your|his|her)\s+(?:\w+'s\s+)?[^.!?]{0,40}\bon\s+our\s+(?:[\w-]+\s+){0,2}(?:floor|"
             r"ward|unit)\b"
             r"|\b(?:discharges?|admits?|releases?)\s+you\b"
             r"|\byou\s+had\s+to\s+(?:reschedule|wait|come\s+back|leave|be\s+readmitted)"
             r"|\b(?:late|early)\s+for\s+(?:your|his|her)\s+(?:visit|appointment|appt|surgery|"
             r"procedure|infusion|session|scan)"
             r"|\byou\s+(?:experienced|had|received|got)\s+(?:\w+\s+){0,2}(?:in|at|with"
             r"|from)\s+our\s+"
             r"(?!website|site|page|app|newsletter|event|fair|class|webinar|5k|walk)\w+"
             r"|\byou\s+(?:were|are|was)\s+(?:seen|treated|admitted|discharged|triaged|here|"
             r"checked\s+in|in\s+our|at\s+our|with\s+us|our\s+patient|a\s+patient)"
             r"|\b(?:when|while|since|after)\s+you\s+(?:were\s+(?:here|with\s+us|in|seen|at)|"
             r"came\s+in|visited|stayed|picked\s+up|checked\s+in|left\s+our|delivered)"
             r"|\byou\s+(?:arrived|came\s+in|checked\s+in|picked\s+up|rescheduled|"
             r"were\s+waiting|waited)\b"
             r"|\bwe\s+(?:saw|see|noticed)\s+(?:you|that\s+you)\s+(?:rescheduled|cancel|"
             r"booked|missed|were|came)")

YOUR_EVENT = rx(r"\b(?:your|his|her)\s+(?:(?:recent|last|next|earlier|first|second|latest|"
                r"upcoming|little\s+one's|son's|daughter's|mom's|dad's|\w+'s|\w+)\s+){0,2}"
                r"(?:" + CARE_EVENT + r"|mammogram|colonoscopy|ultrasound|pap\s+smear|endoscopy|"
                r"echo|ecg|ekg|ct\s+scan|x-?ray|physical|bloods)" +
                r"\s+(?:on\s+\w+|last\s+\w+|yesterday|today|this\s+(?:morning|week|afternoon)|"
                r"tonight|with\s+(?:us|dr\.?|our)|here|at\s+our|in\s+our|went|was|were|is\s+"
                r"ready|are\s+ready|came\s+back|looked|look|didn't|did\s+not|took|went\s+to|"
                r"felt|has\s+been|had|got|needed|needs|required|requires|will\s+be\s+ready|"
                r"(?:request\s+)?(?:is|are)\s+(?:in|on|being|now|pending|waiting|under|still)\b|"
                r"(?:is|are|was|has\s+been)\s+(?:booked|confirmed|scheduled|set|arranged|moved)\b|"
                r"(?:was|were|has\s+been)\s+(?:sent|faxed|emailed|"
                r"cancel+ed|denied|rejected|approved|processed|moved|scheduled)|shows?|ran)")
SORRY_SPECIFIC = rx(r"\b(?:sorry|apolog\w*|regret)\s+(?:about|for|that)?\s*(?:the\s+|your\s+)?"
                    r"(?:\w+\s+){0,4}(?:when\s+you|at\s+your|your\s+(?:visit|appointment|"
                    r"discharge|bill|refill|prescription|stay|wait|intake|procedure|surgery|"
                    r"account)|with\s+you\s+at|(?:wait|line|delay|mix-up)\s+(?:when|at|on|"
                    r"with\s+your))"
                    r"|\b(?:sorry|apolog\w*)\s+(?:that\s+)?(?:your|you)\s+(?:\w+\s+){0,6}?"
                    r"(?:seen|wait|waited|visit|stay|appointment|treated|discharged|admitted|"
                    r"triaged)\b[^.!?]{0,40}\b(?:yesterday|today|tonight|last\s+\w+|on\s+\w+day|"
                    r"this\s+(?:morning|week)|in\s+(?:our|the|urgent)|at\s+our)"
                    r"|\b(?:sorry|apolog\w*)\s+(?:\w+\s+){0,3}(?:(?:was|were)\s+short\s+with"
                    r"\s+you|ran\s+behind|kept\s+you\s+waiting)")
NEXT_CARE = rx(r"\bsee\s+(?:you|her|him)\s+(?:at\s+(?:your|his|her)\s+next|next\s+"
               r"(?:week|time|month)|in\s+(?:\d+|a\s+few|two|three|four|six|twelve)\s+(?:weeks|months)|"
               r"soon\s+for)"
               r"|\b(?:your|his|her)\s+next\s+(?:checkup|check-up|visit|appointment|session|"
               r"cleaning|dose|infusion|treatment|well\s+visit)"
               r"|\bfirst\s+in\s+the\s+chair"
               r"|\b(?:we'?ll|we\s+will|we\s+can|the\s+\w+\s+(?:can|will))\s+see\s+(?:you|her"
               r"|him)\s+"
               r"(?:today|tomorrow|this\s+(?:afternoon|morning|evening)|first\s+thing|right\s+away)"
               r"|\bat\s+(?:your|his|her)\s+(?:\d+[-\s](?:day|week|month|year)|next|follow[-\s]?up|"
               r"post[-\s]?op|annual|six[-\s]month)\s*(?:\w+\s+)?(?:check|visit|appointment|appt|"
               r"check-?up|exam)"
               r"|\b(?:tomorrow|today|tonight|next\s+week|this\s+morning|this\s+afternoon|last\s+night|"
               r"yesterday|monday|tuesday|wednesday|thursday|"
               r"friday|saturday|sunday)'s\s+(?:[\w-]+\s+)?(?:appointment|appt|visit|surgery|"
               r"procedure|session|infusion|follow-?up|consult|telehealth|video\s+visit|scan)"
               r"|\b(?:your|his|her)\s+(?:[\w-]+\s+){0,3}(?:follow-?up|post-?op|recheck|return\s+"
               r"visit)\b"
               r"|\b(?:your|his|her)\s+(?:[\w-]+\s+)?(?:referral|appointment|prescription|claim"
               r"|case|"
               r"visit|surgery|procedure|rx|lab|order)\s+(?:number|code|id|link|confirmation|#)"
               r"|\b(?:call|contact|reach|message)\s+us\s+about\s+(?:your|his|her)\s+(?:[\w-]+\s+)?"
               r"(?:bill|balance|results?|prescription|refill|claim|appointment|account|statement)"
               r"|\b(?:note|letter|forms?|paperwork|excuse)\s+for\s+(?:your|his|her)\s+"
               r"(?:[\w-]+\s+){0,2}(?:injury|surgery|procedure|condition|leave|illness|" + CONDITION
               + "|" + PROCEDURE + r")\b")
SINCE_HERE = rx(r"\b(?:since|after)\s+(?:your|his|her)\s+(?:\w+\s+){0,2}(?:" + PROCEDURE + "|"
                + CONDITION + r"|stay|discharge|visit|treatment)\s+(?:here|with\s+us|at\s+our)"
                r"|\b(?:leaving|left)\s+our\s+(?:\w+\s+){0,2}(?:program|unit|clinic|hospital|"
                r"care|ward|floor|center)"
                r"|\b(?:after|since|during)\s+(?:your|their|his|her)\s+(?:\w+\s+)?(?:stay|visit|"
                r"admission|discharge|procedure|surgery|treatment)\b")
# clinical detail about the addressee: phi even without an identifier (SCHEMA.md)
CLINICAL_YOU = rx(r"\b(?:your|his|her)\s+(?:\w+'s\s+)?(?:new\s+)?(?:" + PROCEDURE + ""
                  r"|" + CONDITION + "|"
                  + MEDICINE + r")\s+(?:\w+\s+){0,1}(?:went|was|were|is|are|looked|look|"
                  r"looks|healed|results?|came\s+back|check)"
                  r"|\b(?:glad|happy|thrilled|relieved|congrat\w*|hope|hoping|wishing|proud)\b"
                  r"[^.!?]{0,40}\b(?:after|since|on|from|through|with)\s+(?:your|his|her)\s+"
                  r"(?:\w+\s+)?(?:" + PROCEDURE + "|" + CONDITION + r")\b"
                  r"|\b(?:your|his|her)\s+(?:a1c|potassium|cholesterol|blood\s+pressure"
                  r"|blood\s+sugar|"
                  r"glucose|ldl|hdl|psa|tsh|thyroid|hemoglobin|iron|platelets?|white\s+count|"
                  r"sodium|creatinine|inr|vitamin\s+d|levels?|bloodwork|labs?)\s+(?:\w+\s+){0,3}?"
                  r"(?:was|were|is|are|came\s+back|looked|looks|from|level|numbers?|results?)\b"
                  r"|\b(?:the|your)\s+(?:" + PROCEDURE + "|" + MEDICINE + r")\s+(?:made|left"
                                                                          r"|gave)\s+"
                  r"(?:you|her|him)"
                  r"|\b(?:the|your|his|her)\s+(?:stitches|cast|sutures|staples|drain|brace|splint|"
                  r"catheter|bandages?)\s+(?:came\s+(?:out|off)|(?:was|were)\s+(?:removed"
                  r"|taken\s+off)|"
                  r"healed)"
                  r"|\b(?:rescheduled|scheduled|booked|moved|cancel+ed|confirmed|refilled"
                  r"|approved)\s+"
                  r"(?:your|his|her)\s+(?:\w+\s+)?(?:" + PROCEDURE + "|" + CONDITION + r")\b"
                  r"|\b(?:hope|glad|happy)\s+(?:the|your)\s+(?:new\s+)?(?:\w+\s+){0,2}(?:meds?|"
                  r"medications?|medicines?|pills|prescription|dose|dosage|regimen|inhaler|"
                  r"treatment|therapy|plan)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
                  r"(?:helping|working|keeping|making|settling|doing\s+(?:the\s+trick|well))"
                  # a milestone of the addressee's own care: "congrats on 6 months cancer-free"
                  r"|\b(?:congrat\w*|proud\s+of\s+you|celebrat\w+|cheering|happy\s+for\s+you)\b"
                  r"[^.!?]{0,30}\b(?:(?:\d+|one|two|three|six|a|five|ten)\s+(?:days?|weeks?|"
                  r"months?|years?)\s+(?:cancer-?free|sober|clean|in\s+remission|seizure-?free|"
                  r"smoke-?free|post-?op|post-?transplant|off\s+(?:dialysis|chemo|oxygen))|"
                  r"(?:being\s+)?(?:in\s+remission|cancer-?free|all\s+clear|ringing\s+the\s+bell|"
                  r"finishing\s+(?:chemo|radiation|rehab|treatment|dialysis|physio)))"
                  # "glad your recovery is going well after the knee surgery"
                  r"|\b(?:glad|happy|thrilled|relieved|hope|hoping)\s+(?:that\s+)?(?:you|your)\b"
                  r"[^.!?]{0,40}\b(?:after|since|from|following)\s+(?:the|that)\s+(?:\w+\s+)?"
                  r"(?:" + PROCEDURE + r")\b"
                  r"|\b(?:hope|glad|happy)\s+(?:the|your)\s+(?:new\s+)?(?:" + DEVICE + ""
                  r"|" + MEDICINE
                  + "|" + PROCEDURE + r")\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
                  r"(?:helping|working|going)"
                  r"|\b(?:your|his|her)\s+(?:" + CONDITION + "|" + PROCEDURE + r")\s+(?:journey|"
                  r"recovery|treatment|diagnosis|fight|battle)\b"
                  r"|\b(?:sorry|glad|happy|relieved)\s+(?:that\s+)?(?:the|your)\s+(?:" + PROCEDURE
                  + r")\s+(?:hurt|was|went|caused|left|didn'?t|did\s+not|has\s+been|is\s+still)"
                  r"|\b(?:sorry|glad|happy|thrilled)\b[^.!?]{0,30}\b(?:the|your|his"
                  r"|her)\s+(?:\w+\s+)?"
                  r"(?:round|cycle|course|attempt|dose|session)\s+of\s+(?:" + PROCEDURE + "|"
                  + CONDITION + "|" + MEDICINE + r")\b"
                  r"|\b(?:the|your|his|her)\s+(?:new\s+|latest\s+|recent\s+|last\s+)?(?:[\w-]+\s+)?(?:test|"
                  r"scan|x-?ray|mri|ct|labs?|results?|biopsy|bloodwork|ultrasound|echo|ecg|ekg)\s+"
                  r"(?:showed|shows|came\s+back|looked|looks|revealed|confirmed|found)\b"
                  r"|\b(?:your|his|her)\s+recovery\s+from\s+(?:the\s+|your\s+|his\s+|her\s+)?(?:"
                  + PROCEDURE + "|" + CONDITION + r")"
                  r"|\b(?:finish(?:ed|ing)?|complet(?:ed|ing)|start(?:ed|ing)|beat(?:ing)?|"
                  r"survived?|recover(?:ed|ing)\s+from)\s+(?:your\s+)?(?:" + PROCEDURE + "|"
                  + CONDITION + r")\s+(?:\w+\s+){0,2}(?:with\s+us|here|at\s+our)")
# More ways a reply lets care slip, by class: a conversation at the person's visit ("as we
# discussed at your appointment"), the clinician who treated them ("the nurse who treated
# you"), thanks for a visit on a day ("thanks for coming in yesterday").
_DISCUSSED = (r"(?:discussed|talked\s+about|mentioned|went\s+over|explained|reviewed|covered|"
              r"said|agreed|recommended|suggested)")
CARE_SLIP = rx(r"\b(?:as\s+)?(?:we|I|the\s+doctor|dr\.?\s+[\w'-]+|your\s+[\w-]+)\s+" + _DISCUSSED
               + r"\s+(?:[^.!?]{0,30}?\s)?(?:at|during|in|after|before)\s+(?:your|his|her)\s+"
               r"(?:\w+\s+)?(?:" + CARE_EVENT + r")\b"
               r"|\b(?:the|our|your)\s+(?:[\w-]+\s+)?(?:" + CARE_TEAM + r"|team|staff|crew)\s+"
               r"(?:(?:on|in|at|from)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+)?who\s+"
               r"(?:treated|saw|operated\s+on|cared\s+for|looked\s+after|took\s+care\s+of|"
               r"delivered|examined|"
               r"discharged|admitted|triaged|helped|stitched|scanned|(?:was|were)\s+(?:caring\s+"
               r"for|looking\s+after|treating))\s+(?:you|your|him|her)\b"
               # "while you wait to see Dr. Okafor", "we've let the pharmacy know your dose
               # changed", "looking into the charge from your ER visit", "fit you in"
               r"|\b(?:wait|waiting)\s+to\s+see\s+(?:dr\.?|doctor|nurse)\s+[\w'-]+"
               r"|\b(?:until|before|when)\s+you\s+see\s+(?:dr\.?\s+[\w'-]+|your\s+(?:" + CARE_TEAM
               + r"))\s+(?:next|on|tomorrow|again|this|at)\b"
               r"|\b(?:let|told|informed|notified|asked|updated|alerted)\s+(?:the|our|your)\s+"
               r"(?:[\w-]+\s+)?(?:pharmacy|lab|team|nurses?|doctor|surgeon|clinic|front\s+desk|"
               r"billing\s+team|" + CARE_TEAM + r")\s+(?:know\s+)?(?:that\s+|about\s+)?"
               r"(?:your|you)\b"
               r"|\b(?:looking\s+into|reviewing|investigating|checking\s+(?:on|into)|following\s+"
               r"up\s+on)\s+(?:[\w-]+\s+){0,4}?(?:your|his|her)\s+(?:[\w-]+\s+){0,2}(?:"
               + CARE_EVENT + r")\b"
               r"|\b(?:fit|get|got|squeeze)\s+you\s+in\b"
               r"|\bthanks?\s+(?:you\s+)?for\s+(?:your\s+)?(?:patience|understanding|bravery|trust)\s+"
               r"(?:during|with|at|through)\s+(?:your|his|her)\b"
               r"|\bwho\s+(?:was|is)\s+(?:your|his|her)\s+(?:" + CARE_TEAM + r")\b"
               r"|\byou'?ve\s+been\s+(?:coming\s+(?:to\s+us|here|in)|a\s+patient|seeing\s+(?:us|dr))"
               r"|\bthanks?\s+(?:you\s+)?(?:so\s+much\s+)?for\s+(?:coming\s+in|stopping\s+in|"
               r"seeing\s+us|trusting\s+us)\s+(?:yesterday|today|last\s+\w+|this\s+(?:morning|"
               r"week|afternoon)|on\s+\w+day|earlier)")
NEGATED = rx(r"\b(?:can't|cannot|can\s+not|won't|unable\s+to|not\s+able\s+to|don't|do\s+not|"
             r"neither)\s+(?:\w+\s+){0,3}(?:confirm|discuss|share|comment\s+on|disclose|"
             r"access|look\s+up|talk\s+about)"
             r"|\bprivacy\s+(?:laws?|rules?|reasons)\s+(?:prevent|keep|stop)"
             r"|\bif\s+you\s+(?:were|are|have\s+been)\s+(?:a\s+)?(?:patient|seen|treated)")

# (searched in the few characters before a match; a lookbehind in the pattern itself would keep
# guard/scan.py from gating it by its first word)
INVITATION = rx(r"\b(?:schedule|book|get|plan|make)\s+$")

# a possibility or a guess about the addressee ("if your...", "sounds like your gout...") is
# not a record of their care
HYPOTHETICAL = rx(r"\b(?:if|unless|when|whether|like|maybe|perhaps|might|could)\b")
SECOND_PERSON = rx(r"\b(?:you|your|you're|you've|yours)\b")

# More of the addressee's own care, told without naming it as theirs: a result of theirs or
# their child's ("your baby's bilirubin is back to normal"), a treatment that "worked for you"
_LAB = (r"(?:bilirubin|jaundice|ferritin|hba1c|a1c|ha?emoglobin|b12|folate|tsh|t4|crp|esr|egfr|"
        r"kidney\s+function|liver\s+function|lfts?|white\s+(?:cell\s+)?count|blood\s+count|"
        r"(?:sugar|oxygen|iron|hormone)\s+levels?|heart\s+rate|bmi|growth|swab|smear|scan|x-?ray|"
        r"mri|ultrasound|biopsy|culture|urine\s+test|blood\s+tests?|bloods|pregnancy\s+test|"
        r"covid\s+test|numbers|counts?|readings?)")
CLINICAL_YOU_MORE = rx(
    r"\b(?:your|his|her)\s+(?:[\w-]+'s\s+)?(?:\w+\s+)?" + _LAB + r"\s+(?:\w+\s+){0,2}?(?:is|are|"
    r"was|"
    r"were|came|has|have|looks?|looked)\s+(?:\w+\s+){0,2}?(?:normal|back|fine|clear|good|great|"
    r"in\s+range|stable|negative|positive|high|low|improv\w+|down|up|better)\b"
    r"|\b(?:glad|happy|thrilled|delighted|pleased|relieved|great\s+news|wonderful\s+news|so\s+"
    r"good)\b[^.!?]{0,25}\b(?:the|your)\s+(?:[\w-]+\s+){0,2}?(?:" + PROCEDURE + "|" + MEDICINE
    + r"|treatments?|therapy|transfer|round|cycle|plan)\s+(?:\w+\s+)?(?:worked|went\s+(?:well|"
    r"smoothly|great)|was\s+a\s+success|paid\s+off|helped|did\s+the\s+trick|took)\b"
    # "lovely to hear the new knee is letting you get back on the golf course"
    r"|\b(?:glad|happy|lovely|great|good|wonderful|amazing|brilliant|fantastic)\s+to\s+(?:hear|see|"
    r"know)\s+(?:that\s+)?(?:the|your)\s+(?:new\s+)?(?:[\w-]+\s+)?(?:" + PROCEDURE + "|"
    + DEVICE + "|" + MEDICINE + r"|knee|hip|hearing\s+aids?|glasses|lenses|treatment|therapy)\s+"
    r"(?:is|has|was)\s+(?:\w+\s+)?(?:letting|helping|getting|allowing|giving|working|worked|"
    r"healing|healed|settling|settled|feeling|made|making)\b")
# a staff photo with a patient in a bed or bay after an operation: "our nurses with Big Joe in
# Bay 2 after his bypass", "Grandad Ted in Bay 4, walking two days after his new hip"
PATIENT_IN_BAY = rx(
    r"\b(?:in|on)\s+(?:bay|bed|room|ward|cubicle|side\s+room)\s+\w+\b[^.!?]{0,60}?\b(?:after|"
    r"since|following|post|recovering\s+from)\s+(?:his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:"
    + PROCEDURE + "|" + DEVICE + "|" + CONDITION + r")\b"
    r"|\b(?:our|the)\s+(?:\w+\s+){0,2}?(?:nurses|team|staff|physios|physiotherapists|doctors|"
    r"surgeons|midwives|therapists|carers|porters)\s+with\s+(?:[\w'-]+\s+){1,3}?(?:in\s+(?:bay|bed|"
    r"room|ward)\s+\w+\b|(?:after|following)\s+(?:his|her|their)\s+)")
# a reply that declines to confirm anything: the label model must not read care into it
DECLINES = rx(r"\b(?:can'?t|cannot|can\s+not|unable\s+to|not\s+able\s+to|don'?t|do\s+not|never)\s+"
              r"(?:\w+\s+){0,3}?(?:confirm|discuss|comment\s+on|disclose|share)\s+(?:\w+\s+){0,3}?"
              r"(?:anyone|any\s+individual|whether|patient|care|details|information|specifics)"
              r"|\bprivacy\s+(?:laws?|rules?|reasons|regulations)\b"
              r"|\b(?:everyone|anyone|every\s+(?:visitor|patient|person))\s+(?:who|that)\s+"
              r"(?:interacts|uses|visits|contacts|comes)")

RULES = (
    ("relationship.records_lookup", RECORDS, 0.95,
     "It says the organisation looked up this person's records, which confirms they are a "
     "patient."),
    ("relationship.care_team_contact", TEAM_SPOKE, 0.9,
     "It says staff spoke with this person's clinician, which confirms they receive care here."),
    ("relationship.care_team_reports", TEAM_SAYS, 0.85,
     "It relays what this person's clinician said, which confirms they receive care here."),
    ("relationship.care_team_reports", TEAM_TOLD, 0.85,
     "It says this person's clinician was told about their care, which confirms they are a "
     "patient."),
    ("relationship.care_team_reports", DOCTOR_HEARD, 0.85,
     "It relays a named clinician's knowledge of this person's care."),
    ("relationship.care_team_reports", TEAM_OF_YOU, 0.85,
     "It says the care team treated this person, which confirms they were a patient."),
    ("relationship.past_care", HAD_YOU, 0.85,
     "It refers to this person being seen or cared for here, which confirms they are a "
     "patient."),
    ("relationship.specific_visit", YOUR_EVENT, 0.85,
     "It refers to a specific visit, result or bill of this person, which confirms they are a "
     "patient."),
    ("relationship.staff_action", STAFF_ACTION, 0.85,
     "It says staff acted on this person's appointment, record or procedure, which confirms "
     "they are a patient."),
    ("relationship.specific_patient_story", THIRD_PERSON_CARE, 0.85,
     "It tells the care story of a specific person, which confirms they are a patient."),
    ("relationship.specific_apology", SORRY_SPECIFIC, 0.8,
     "It apologises for a specific event in this person's care, which confirms they were a "
     "patient."),
    ("relationship.future_care", NEXT_CARE, 0.8,
     "It mentions this person's next visit, which confirms they are a patient."),
    ("relationship.after_care", SINCE_HERE, 0.85,
     "It refers to this person's stay or treatment here, which confirms they were a patient."),
    ("relationship.care_slip", CARE_SLIP, 0.8,
     "It refers to a conversation at this person's visit, the clinician who treated them or "
     "their visit on a given day, which confirms they are a patient."),
    ("relationship.specific_patient_story", PATIENT_IN_BAY, 0.85,
     "It shows a specific patient in a bed or bay after their operation, which confirms they "
     "are a patient."),
)


def find(text: str, context: str = "reply") -> list[Hit]:
    """Every relationship cue in an outbound text (empty when it only declines to discuss)."""
    hits: list[Hit] = []
    detail = clinical_detail(text, context)
    if detail is not None:
        hits.append(Hit(LABEL, "relationship.clinical_detail", detail.start, detail.end,
                        detail.cue, detail.score, "It discusses the addressee's own care here, "
                        "which confirms they are a patient."))
    for name, pattern, score, message in RULES:
        m = pattern.search(text)
        if m and name == "relationship.specific_visit" and INVITATION.search(
                text, max(0, m.start() - 10), m.start()):
            continue  # "schedule your mammogram today" invites anyone, books nobody
        if m and not _declined_around(text, m.start()):
            if context == "post" and SECOND_PERSON.search(m.group(0)):
                # a post's "your next session" speaks to every reader, not to a patient
                continue
            hits.append(hit(LABEL, name, m, score, message))
            if context != "post":
                break  # one cue decides a reply; posts keep looking for a patient story
    return hits


def clinical_detail(text: str, context: str) -> Hit | None:
    """A cue revealing the addressee's own procedure or condition (phi without a span)."""
    if context == "post":
        # a post speaks to every reader ("your depression is gone" is a claim, not a record)
        return None
    m = CLINICAL_YOU.search(text) or CLINICAL_YOU_MORE.search(text)
    if m is None or HYPOTHETICAL.search(text, max(0, m.start() - 14), m.start()):
        # "even if your cholesterol looks fine" talks about a possibility, not a record
        return None
    return hit("phi_disclosure", "phi.clinical_detail_about_addressee", m, 0.8,
               "It reveals the addressee's own procedure or condition; in a public thread that "
               "identifies them.")


def _declined_around(text: str, pos: int) -> bool:
    # a refusal in the same sentence ("we can't discuss your visit") is the safe pattern
    lo = max(text.rfind(".", 0, pos), text.rfind("!", 0, pos), text.rfind("?", 0, pos)) + 1
    hi_candidates = [i for i in (text.find(".", pos), text.find("!", pos)) if i >= 0]
    hi = min(hi_candidates) if hi_candidates else len(text)
    return bool(NEGATED.search(text, lo, hi))


def declines(text: str) -> bool:
    """Whether an outbound text declines to confirm anyone's care (or thanks everyone alike)."""
    return DECLINES.search(text) is not None
