# ruff: noqa: E501 - one table row a line reads best
"""Recognizer tables: each identifier family with positives and hard negatives.

Each row is (direction, context, text, expected) where expected lists (substring, TYPE) pairs
that must come out as spans, exactly; an empty list is a hard negative (no span at all).
"""

from __future__ import annotations

import pytest

from carepost.guard import document, find_spans

Row = tuple[str, str, str, list[tuple[str, str]]]

IDS: list[Row] = [
    ("inbound", "dm_request", "my social is 219-09-9998 and I need my records", [("219-09-9998", "SSN")]),
    ("inbound", "dm_request", "Billing wants my SSN?? 483-29-5521. for my son's ER visit", [("483-29-5521", "SSN")]),
    ("inbound", "dm_request", "my SSN is 48\u200b32\u200b95\u200b52\u200b1 for the lab bill", [("48\u200b32\u200b95\u200b52\u200b1", "SSN")]),
    ("outbound", "post", "Scam alert: we never ask for your SSN like 000-12-3456 by phone.", []),
    ("inbound", "comment", "My MRN is 1234567 lol jk, never posting that", []),
    ("inbound", "dm_request", "MRN 58291734, I need my discharge summary", [("58291734", "MRN")]),
    ("inbound", "review", "chart # 240-285-66. wrong tooth pulled!!", [("240-285-66", "MRN")]),
    ("inbound", "dm_request", "patient ID: 4415867 - please send my discharge summary", [("4415867", "MRN")]),
    ("inbound", "comment", "my MRN is ８８７７６６５９ please help", [("８８７７６６５９", "MRN")]),
    ("inbound", "dm_request", "member ID W303166620, is my IVF covered?", [("W303166620", "HEALTH_PLAN_ID")]),
    ("inbound", "dm_request", "insurance ID XYZ582914736, is my colonoscopy covered?", [("XYZ582914736", "HEALTH_PLAN_ID")]),
    ("inbound", "dm_request", "member id M B R 9 7 1 3 0 0 7 6 5, group 00481", [("M B R 9 7 1 3 0 0 7 6 5", "HEALTH_PLAN_ID")]),
    ("inbound", "comment", "billing account number 4402-5871 was charged twice for my ER visit", [("4402-5871", "ACCOUNT")]),
    ("inbound", "comment", "my statement HAR4654200 is wrong", [("HAR4654200", "ACCOUNT")]),
    ("inbound", "comment", "acct H A R six three six zero nine two one in collections", [("H A R six three six zero nine two one", "ACCOUNT")]),
    ("inbound", "dm_request", "I'm an RN (license RN236764) just discharged from psych", [("RN236764", "LICENSE")]),
    ("inbound", "comment", "front desk copied my license 645 744 417 and left it out", [("645 744 417", "LICENSE")]),
    ("inbound", "comment", "my pacemaker serial number AB581294 keeps beeping", [("AB581294", "DEVICE_ID")]),
    ("inbound", "comment", "my insulin pump (SN DH812967) double dosed me", [("DH812967", "DEVICE_ID")]),
    ("inbound", "comment", "claim number 20240058213 for my knee surgery was denied", [("20240058213", "OTHER_ID")]),
    ("inbound", "comment", "Rx #9849757 gave my son hives", [("9849757", "OTHER_ID")]),
    ("outbound", "post", "Recall: NDC 2705-4384-67, lot M4E803. Return it to any pharmacy.", []),
    ("outbound", "post", "Thank you to our 1,836 employees! Ranked #14 in the state.", []),
    ("outbound", "reply", "Welcome back! Bring your insurance card. Free parking at 8871 Lincoln Rd.", []),
]

PHONES: list[Row] = [
    ("inbound", "comment", "Please call me back at 617-555-0134, I'm worried about my biopsy", [("617-555-0134", "PHONE")]),
    ("inbound", "dm_request", "my cell is (312) 555-7788 - still waiting on my lab results", [("(312) 555-7788", "PHONE")]),
    ("inbound", "dm_request", "reach my daughter at 415.867.5309 about her discharge", [("415.867.5309", "PHONE")]),
    ("inbound", "comment", "Call me at five five five, eight six seven, five three zero nine about my scan",
     [("five five five, eight six seven, five three zero nine", "PHONE")]),
    ("inbound", "dm_request", "my number is (４０７) ８９９－３３５０, I can't keep myself safe", [("(４０７) ８９９－３３５０", "PHONE")]),
    ("inbound", "dm_request", "billing call me? Tom Reed, l-6lS-6B4-S2l9, DOB 01/30/1982",
     [("Tom Reed", "NAME"), ("l-6lS-6B4-S2l9", "PHONE"), ("01/30/1982", "DATE")]),
    ("outbound", "reply", "@sam we tried calling you at 713.242.3558 about your lab results", [("@sam", "HANDLE"), ("713.242.3558", "PHONE")]),
    ("outbound", "reply", "Hi Ed, your prior auth was faxed to your home fax 8167607225.", [("Ed", "NAME"), ("8167607225", "FAX")]),
    ("inbound", "dm_request", "Please fax my FMLA form to my employer's HR fax 1-313-649-3687.", [("1-313-649-3687", "FAX")]),
    ("outbound", "post", "Call our nurse line at 1-800-555-0199 any time, day or night.", []),
    ("outbound", "reply", "Questions about your bill? Call 877-555-0100.", []),
    ("outbound", "post", "Referring providers: the new fax number for our Sleep Center is 1-720-451-0964.", []),
    ("outbound", "post", "General reminder: check labels and ask your pharmacist. +1 215 452 5062", []),
    ("outbound", "post", "Book your child's sessions today: 480.483.7978", []),
    ("inbound", "mention", "@StJudeMed is (813) 613-9847 the number for both hospital and doctor bills?", []),
    ("outbound", "reply", "@will the number you're looking for is (513) 285-9313 (Medical Records, option 3).", []),
]

NETWORK: list[Row] = [
    ("inbound", "dm_request", "email me at jane.doe84@gmail.com with my MRI results", [("jane.doe84@gmail.com", "EMAIL")]),
    ("inbound", "comment", "oncology please email caitlyn_34c at gmail dot com, just diagnosed", [("caitlyn_34c at gmail dot com", "EMAIL")]),
    ("outbound", "post", "Report phishing to patientrelations@stjudehealth.org.", []),
    ("inbound", "dm_request", "I'm a nursing student hoping to shadow in your ER. My email is gm@gmail.com", []),
    ("inbound", "dm_request", "I'm a reporter; comment on the ER expansion? kathy79@yahoo.com", []),
    ("inbound", "comment", "follow my cancer journey at facebook.com/groups/lindasfight", [("facebook.com/groups/lindasfight", "URL")]),
    ("inbound", "comment", "my page shanebowenjourney.blogspot.com shows our IVF journey", [("shanebowenjourney.blogspot.com", "URL")]),
    ("outbound", "post", "Book a flu shot at https://stlukehealth.org/flu today.", []),
    ("inbound", "dm_request", "portal blocks my home IP 106.224.81.120, need my results", [("106.224.81.120", "IP")]),
    ("inbound", "dm_request", "my IP is 2001:db8:85a3::8a2e:370:7334 and the portal won't load my results",
     [("2001:db8:85a3::8a2e:370:7334", "IP")]),
    ("inbound", "comment", "version 1.2.3.4 of the app crashes", []),
    ("outbound", "reply", "@mike_t88 your UTI symptoms sound mild, skip the antibiotics", [("@mike_t88", "HANDLE")]),
    ("inbound", "comment", "@the_real_jo so glad you're finally home from the hospital!!", [("@the_real_jo", "HANDLE")]),
    ("inbound", "comment", "@panderson bleach cures covid, they hide it", []),
    ("inbound", "comment", "@jdixon my cousin works at Brookfield Hospital, you should apply for the unit clerk job!", []),
    ("outbound", "reply", "@zsmith we can't give medical advice here, but if you're having chest pain call 911.", []),
    ("inbound", "mention", "@StJudeCare my biopsy results are late", []),
]

DATES: list[Row] = [
    ("inbound", "dm_request", "Hi, DOB 3/14/1952, I need a refill of my metformin", [("3/14/1952", "DATE")]),
    ("inbound", "comment", "I was born on 14 March 1950 and my hip surgery got cancelled twice", [("14 March 1950", "DATE")]),
    ("inbound", "comment", "my appointment last Tues the 4th was cancelled and nobody called", [("last Tues the 4th", "DATE")]),
    ("inbound", "comment", "After my colonoscopy on 1/30 I've had cramping", [("1/30", "DATE")]),
    ("inbound", "dm_request", "DOB 1955-12-09, please fax my records", [("1955-12-09", "DATE")]),
    ("outbound", "post", "Flu clinic on 5 Oct at the main campus, all welcome!", []),
    ("outbound", "post", "Our support group meets Saturday 3/29 at 6pm. Drop in!", []),
    ("outbound", "post", "Founded on September 30, 1903 with just 12 beds.", []),
    ("inbound", "comment", "Thank you for the free flu shots at my kid's school on October 25!", []),
    ("inbound", "comment", "my BP was 149/97 this morning", []),
    ("inbound", "dm_request", "DOB 2/30/1960 (typo), refill please", []),
]

AGES: list[Row] = [
    ("inbound", "comment", "my 92 year old mother fell in your lobby and hit her head", [("92 year old", "AGE")]),
    ("inbound", "comment", "Grandpa just turned 101 in your ICU, thank you nurses", [("101", "AGE")]),
    ("outbound", "post", "A very special patient celebrated a 98th birthday on our rehab unit!", [("98th", "AGE")]),
    ("outbound", "post", "Adults over 90 should talk to their doctor about the RSV vaccine.", []),
    ("outbound", "post", "Last year we cared for 1,138 patients aged 90 and older.", []),
    ("outbound", "post", "Meet our volunteer Rose Ross, 93, who has knitted hats for NICU babies!", []),
    ("inbound", "comment", "my 75 year old dad has a fever of 104", []),
    ("outbound", "reply", "So proud of your 90 days sober since leaving our detox program!", []),
]

PLACES: list[Row] = [
    ("inbound", "dm_request", "I live at 42 Elm Street, Springfield and need a home visit for my wound care",
     [("42 Elm Street, Springfield", "ADDRESS")]),
    ("inbound", "dm_request", "send someone to 7319 Forest Ave, my dad collapsed", [("7319 Forest Ave", "ADDRESS")]),
    ("inbound", "mention", "is the ER entrance on 4751 Willow Way, Ashland open?", []),
    ("outbound", "post", "Our new urgent care at 7830 W Ridge St, Canton, 94736 sees walk-ins.", []),
    ("inbound", "dm_request", "my zip is 02139, is there a dialysis center near me?", [("02139", "ZIP")]),
    ("inbound", "dm_request", "I'm 92, live alone in one two five four six and need my shingles shot",
     [("92", "AGE"), ("one two five four six", "ZIP")]),
    ("inbound", "mention", "does the new clinic in 99490 take Medicaid?", []),
    ("inbound", "comment", "my dad is in room 512 and his call light has been on for an hour", [("room 512", "ROOM")]),
    ("outbound", "post", "Grand Rounds Friday: Dr. Allen presents in Room 200. Lunch provided.", []),
    ("outbound", "post", "Room 619 is one of 32 newly renovated private rooms on 6 North.", []),
    ("inbound", "comment", "I work at Acme Corp and my manager found out about my HIV test", [("Acme Corp", "LOCATION")]),
    ("inbound", "comment", "I'm the only dialysis patient in Rock Hill and the van missed me", [("Rock Hill", "LOCATION")]),
    ("inbound", "comment", "my cousin works at St. Anselm Medical Center and loves it", []),
]

VEHICLES: list[Row] = [
    ("inbound", "comment", "someone dented my car, license plate is 7ABC123, while I was in chemo", [("7ABC123", "VEHICLE")]),
    ("inbound", "comment", "they towed my car (145 RVQ) from the ER lot", [("145 RVQ", "VEHICLE")]),
    ("inbound", "comment", "hit-and-run in your ER lot. VIN WXX8DT7A6FKC67801, need footage", [("WXX8DT7A6FKC67801", "VEHICLE")]),
    ("inbound", "comment", "free car seat check on Friday was great", []),
]

NAMES: list[Row] = [
    ("inbound", "comment", "My wife Maria Lopez is in your ICU and nobody will tell me anything", [("Maria Lopez", "NAME")]),
    ("inbound", "comment", "Please pray for Tom Becker, he had a stroke last night", [("Tom Becker", "NAME")]),
    ("inbound", "comment", "this is ruth okafor, my husband is in bed 4 and needs his meds", [("ruth okafor", "NAME"), ("bed 4", "ROOM")]),
    ("outbound", "post", "MARIA LOPEZ was admitted last night after a fall", [("MARIA LOPEZ", "NAME")]),
    ("outbound", "reply", "Hi whitney, we emailed your biopsy results as requested.", [("whitney", "NAME")]),
    ("inbound", "comment", "my son Noah, 4, has had a fever of 103 since Monday", [("Noah", "NAME")]),
    ("inbound", "comment", "my dad L\u0435\u043en collapsed and isn't breathing right", [("L\u0435\u043en", "NAME")]),
    ("inbound", "comment", "My mom A\u2728n\u2728n\u2728e Atkinson started gabapentin and fell twice",
     [("A\u2728n\u2728n\u2728e Atkinson", "NAME")]),
    ("inbound", "comment", "omg I just saw R.h.o.n.d.a C.h.a.n.g in your psych unit", [("R.h.o.n.d.a C.h.a.n.g", "NAME")]),
    ("inbound", "review", "After my colonoscopy I've had cramping for 3 days. — Jonathan Miller", [("Jonathan Miller", "NAME")]),
    ("outbound", "reply", "Mr. Rivas, our records show you arrived at 2:14am and were triaged as non-urgent.", [("Mr. Rivas", "NAME")]),
    ("outbound", "post", "Night shift squad (whiteboard: 'Hamilton bed 13 - NPO after MN')", [("Hamilton", "NAME"), ("bed 13", "ROOM")]),
    ("outbound", "post", "Specimen for Lewis, Mariah (DOB 10/31/94) was mislabeled", [("Lewis, Mariah", "NAME"), ("10/31/94", "DATE")]),
    ("inbound", "review", "Our nurse Kelly Adams was the best, so caring with my dad", []),
    ("outbound", "reply", "Thanks for your kind words! We'll pass them on to Dr. Maria Lopez. — Renee Le", []),
    ("outbound", "post", "Congratulations to Christina Bradford, RN, named 2022 Nurse of the Year!", []),
    ("outbound", "post", "Happy retirement, Sydney Luna! After 11 years in our NICU you touched thousands.", []),
    ("inbound", "comment", "So sad to hear Christina Applegate's news, sending love", []),
    ("outbound", "post", "Most popular baby names at our Birthing Center: Lisa, Danielle and Crystal", []),
    ("outbound", "post", "Case study (fictional): 'Mr. Smith, 68, arrives with chest pain.'", []),
    ("inbound", "comment", "Shoutout to Dr. Patel and nurse Joy on 4 West, they were amazing", []),
    ("outbound", "post", "Walk-in vaccines at 8758 Forest Ct, Franklin.", []),
    ("inbound", "comment", "Dustin Hall here, pharmacy has my number wrong and keeps texting someone else about my refills",
     [("Dustin Hall", "NAME")]),
]

TABLE = [*IDS, *PHONES, *NETWORK, *DATES, *AGES, *PLACES, *VEHICLES, *NAMES]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), TABLE,
                         ids=[f"{r[0][:2]}-{r[2][:40]}" for r in TABLE])
def test_recognizer_table(direction: str, context: str, text: str,
                          expected: list[tuple[str, str]]) -> None:
    spans = find_spans(document(text, direction, context))  # type: ignore[arg-type]
    got = [(text[s.start:s.end], s.type) for s in spans]
    assert got == expected


GENERALISE: list[Row] = [
    ("inbound", "review", "They lost my mother's biopsy sample. Her name is Dolores Finch, DOB 7/2/1941.",
     [("Dolores Finch", "NAME"), ("7/2/1941", "DATE")]),
    ("inbound", "dm_request", "Hi, I'm Priya Raman, my biopsy results are late", [("Priya Raman", "NAME")]),
    ("inbound", "comment", "my son Aarav has a fever of 104", [("Aarav", "NAME")]),
    ("inbound", "comment", "I'm Canadian and my MRI was fine", []),
    ("inbound", "mention", "@RiverviewHealth my grandmother Edna Price is 96 and has been on a gurney for 9 hours",
     [("Edna Price", "NAME"), ("96", "AGE")]),
    ("inbound", "dm_request", "Patient: Jamal Brooks, date of birth 11-23-1987, acct 88231045.",
     [("Jamal Brooks", "NAME"), ("11-23-1987", "DATE"), ("88231045", "ACCOUNT")]),
    ("outbound", "reply", "@tbone_44 so sorry about the wait at your colonoscopy yesterday", [("@tbone_44", "HANDLE")]),
    ("outbound", "reply", "Thanks for reaching out, Jordan! You can book a flu shot online at plainviewcare.org/flu", []),
    ("outbound", "reply", "Mrs. Alvarez, your husband's surgery is scheduled for Friday the 14th at 7am.",
     [("Mrs. Alvarez", "NAME"), ("Friday the 14th", "DATE")]),
    ("outbound", "post", "Happy 100th birthday to our longtime volunteer Harold Jensen!", []),
    ("outbound", "post", "Blood drive Saturday 10/18 in the Wellness Center, Room 104.", []),
    ("outbound", "post", "Our main line is (617) 555-0100 and our fax is (617) 555-0101.", []),
    ("inbound", "comment", "Selena Gomez talking about her lupus made me finally get tested", []),
    ("inbound", "comment", "@jenny_b88 have you tried their new app? it's so easy", []),
    ("inbound", "comment", "@mike_w you should get your flu shot here, it took 5 min", []),
    ("outbound", "post", "Our ZIP code 60614 clinic now offers evening hours.", []),
    ("inbound", "comment", "card number 4111 1111 1111 1111 was charged twice for my copay", [("4111 1111 1111 1111", "ACCOUNT")]),
    ("inbound", "comment", "card number 4111 1111 1111 1112 was charged twice for my copay", []),
    ("inbound", "comment", "Follow my cancer journey at www.mylupusjourney.com", [("www.mylupusjourney.com", "URL")]),
    ("outbound", "post", "Donations can be mailed to 100 Hospital Drive, Springfield.", []),
    ("outbound", "post", "Meet Bella, our therapy dog, who visits the pediatric ward every Friday!", []),
    ("outbound", "post", "Happy Nurses Week to all our amazing nurses! Special shoutout to Maria on 4 West.", []),
]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), GENERALISE,
                         ids=[f"{r[0][:2]}-{r[2][:40]}" for r in GENERALISE])
def test_phrasings_not_in_the_dev_corpus(direction: str, context: str, text: str,
                                         expected: list[tuple[str, str]]) -> None:
    spans = find_spans(document(text, direction, context))  # type: ignore[arg-type]
    assert [(text[s.start:s.end], s.type) for s in spans] == expected


MORE_PHRASINGS: list[Row] = [
    ("outbound", "post", "Join us in wishing Eleanor Briggs a speedy recovery after her heart surgery!", [("Eleanor Briggs", "NAME")]),
    ("outbound", "reply", "@jess_m Jessica, we've rescheduled your MRI to Thursday at 3pm.", [("@jess_m", "HANDLE"), ("Jessica", "NAME")]),
    ("outbound", "review_reply", "Linda, thank you for sharing. We're glad your recovery from knee surgery is going well!", [("Linda", "NAME")]),
    ("inbound", "comment", "My brother-in-law Raj is in your cardiac ICU, can we visit tonight?", [("Raj", "NAME")]),
    ("inbound", "comment", "To whoever found my wallet in the ER: it's Maria Sanchez's, please call me", [("Maria Sanchez", "NAME")]),
    ("inbound", "comment", "hi my name is tanya brooks and i had a miscarriage at your hospital last month", [("tanya brooks", "NAME")]),
    ("outbound", "post", "Welcome to our new Chief Nursing Officer, Karen Mitchell, MSN, RN!", []),
    ("outbound", "post", "Our volunteer of the month, Betty Lou Harris, has logged 2,000 hours at the front desk!", []),
    ("inbound", "comment", "Dr. Emily Stone saved my life. Best surgeon in the state!", []),
    ("inbound", "comment", "@sam_jones98 praying for your dad's surgery tomorrow", [("@sam_jones98", "HANDLE")]),
    ("inbound", "comment", "@sam_jones98 lol same, the parking is awful", []),
    ("outbound", "reply", "@dave_r88 thanks for your feedback! We've shared it with our team.", []),
    ("inbound", "comment", "617-555-0134 is my cell, waiting on biopsy results", [("617-555-0134", "PHONE")]),
    ("inbound", "comment", "my son is in your ER, 617-555-0134", [("617-555-0134", "PHONE")]),
    ("inbound", "comment", "is 813-613-9847 the number for the hospital billing?", []),
    ("inbound", "comment", "@ipayne call their nurse line, they're super helpful: 8665300436", []),
    ("inbound", "comment", "On 3/12 my mom was admitted to your ICU", [("3/12", "DATE")]),
    ("inbound", "comment", "Is the 10/18 flu clinic open to kids? my son needs his shot", []),
    ("outbound", "post", "On 10/18 we will host a free flu shot clinic", []),
    ("outbound", "reply", "@jdoe congrats on the new baby! Hope recovery from the c-section is going well", [("@jdoe", "HANDLE")]),
    ("inbound", "comment", "@amy_t hope the chemo is going ok, thinking of you", [("@amy_t", "HANDLE")]),
    ("outbound", "reply", "@jdoe glad to hear it! See you at the 5K", []),
    ("inbound", "comment", "my BCBS ID is XQB442918305 and my claim was denied", [("XQB442918305", "HEALTH_PLAN_ID")]),
    ("inbound", "comment", "she's 94 and fell in your lobby", [("94", "AGE")]),
    ("inbound", "comment", "she's 95% sure it was the new pills", []),
    ("inbound", "comment", "I'm the only one in Millbrook with ALS and your clinic is my lifeline", [("Millbrook", "LOCATION")]),
    ("inbound", "comment", "hospital ID 4471923, need my records", [("4471923", "MRN")]),
    ("inbound", "comment", "billing # 55820193 was charged twice for my visit", [("55820193", "ACCOUNT")]),
    ("inbound", "review", "Grace was amazing during my delivery, thank you", []),
    ("inbound", "comment", "I called 555-201-4400 three times about my bill and no answer", []),
    ("outbound", "post", "Meet Jessica! She's been a nurse on our cardiac unit for 20 years.", []),
]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), MORE_PHRASINGS,
                         ids=[f"{r[0][:2]}-{r[2][:40]}" for r in MORE_PHRASINGS])
def test_more_phrasings(direction: str, context: str, text: str,
                        expected: list[tuple[str, str]]) -> None:
    spans = find_spans(document(text, direction, context))  # type: ignore[arg-type]
    assert [(text[s.start:s.end], s.type) for s in spans] == expected


WORLDWIDE: list[Row] = [
    ("outbound", "reply", "Hi Oluwadamilare, your MRI report is ready in the portal.", [("Oluwadamilare", "NAME")]),
    ("outbound", "reply", "Mr. Wojciechowski, we're sorry your stay in Bed 3, Ward B was so noisy.",
     [("Mr. Wojciechowski", "NAME"), ("Bed 3, Ward B", "ROOM")]),
    ("inbound", "dm_request", "My name's Thandiwe Mokoena and my biopsy letter never came", [("Thandiwe Mokoena", "NAME")]),
    ("inbound", "comment", "ring me on 0161 496 0734 about my mum's discharge please", [("0161 496 0734", "PHONE")]),
    ("inbound", "comment", "our home fax is +44 20 7946 0958, please send my son's care plan", [("+44 20 7946 0958", "FAX")]),
    ("inbound", "comment", "Postcode SW1A 2AA, still no letter about my hip surgery", [("SW1A 2AA", "ZIP")]),
    ("inbound", "comment", "NHS no. 943 476 5919, I need my repeat prescription", [("943 476 5919", "HEALTH_PLAN_ID")]),
    ("inbound", "comment", "Dad is in ICU bed 7 and nobody has called us back", [("ICU bed 7", "ROOM")]),
    ("inbound", "comment", "I teach at Maple Grove Academy and the parents saw me at your addiction clinic",
     [("Maple Grove Academy", "LOCATION")]),
    ("inbound", "comment", "my IP 58 . 84 . 112 . 9 keeps getting blocked from telehealth", [("58 . 84 . 112 . 9", "IP")]),
    ("inbound", "review", "My dad is ninety-four and you left him on a trolley all night", [("ninety-four", "AGE")]),
    ("inbound", "comment", "My plate is BX71 KJD and I got a fine while in labour", [("BX71 KJD", "VEHICLE")]),
    ("outbound", "post", "Hiya, you can request your records through our website.", []),
    ("outbound", "post", "Meet Ravi, our new therapy dog! He'll visit the children's ward on Fridays.", []),
    ("outbound", "post", "Did you know? We performed our first heart transplant on May 2, 1968.", []),
    ("outbound", "post", "A 91-year-old is still more likely to benefit than be harmed by a flu jab.", []),
    ("inbound", "comment", "My nan Doreen is on Ward 12 with a UTI and nobody has changed her sheets",
     [("Doreen", "NAME"), ("Ward 12", "ROOM")]),
    ("inbound", "comment", "Priyanka here, my father's angioplasty was on 5th March, need his discharge summary",
     [("Priyanka", "NAME"), ("5th March", "DATE")]),
    ("inbound", "comment", "Please post the results to 42 Wellington Road, Leeds LS6 2AB. My son is Oliver Grant.",
     [("42 Wellington Road, Leeds", "ADDRESS"), ("LS6 2AB", "ZIP"), ("Oliver Grant", "NAME")]),
    ("outbound", "post", "Congratulations to Ward 7's Sister Margaret O'Neill on her retirement after 40 years of nursing!", []),
    ("outbound", "post", "We'd like to thank the Patel family for their generous donation to our children's ward.", []),
    ("inbound", "comment", "Hi Plainview team, do you take Medicaid for physical therapy?", []),
    ("inbound", "comment", "Thanks Westfield for the amazing care my dad got in your ICU!", []),
    ("inbound", "comment", "Congrats Brookfield on the new cancer wing!", []),
    ("outbound", "reply", "Thanks Jamal, we're glad your physio sessions are helping!", [("Jamal", "NAME")]),
    ("inbound", "comment", "Cedar Falls is lucky to have such a great cancer center", []),
    ("inbound", "comment", "Thank you Jesus, my biopsy came back benign!", []),
    ("outbound", "post", "Meet Nnamdi Okeke, our new charge nurse on 4 West!", []),
    ("outbound", "post", "Our new midwife, Aoife Byrne, starts Monday. Welcome Aoife!", []),
    ("outbound", "reply", "Hi Fatima, thanks for your question! Our flu clinics run every Saturday.", []),
    ("outbound", "reply", "Hi Fatima, your biopsy results are ready, please call us.", [("Fatima", "NAME")]),
    ("outbound", "reply", "Mrs Byrne, our district nurse will call to 17 Kilbride Road tomorrow to redress the wound.",
     [("Mrs Byrne", "NAME"), ("17 Kilbride Road", "ADDRESS")]),
    ("outbound", "reply", "Love that you shared your recovery blog, Tomás! Your new hip is doing brilliantly.", [("Tomás", "NAME")]),
]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), WORLDWIDE,
                         ids=[f"{r[0][:2]}-{r[2][:40]}" for r in WORLDWIDE])
def test_identifiers_written_the_world_over(direction: str, context: str, text: str,
                                            expected: list[tuple[str, str]]) -> None:
    spans = find_spans(document(text, direction, context))  # type: ignore[arg-type]
    assert [(text[s.start:s.end], s.type) for s in spans] == expected


# Issue 4: shapes and cues the dev and probe corpora never used (own phrasings, not corpus rows).
GENERAL_RECALL: list[Row] = [
    ("inbound", "comment", "Dad (92) fell again last night and the ER sent him home", [("92", "AGE")]),
    ("inbound", "comment", "my great-aunt is a ninety-three-year-old with dementia and nobody rang us", [("ninety-three-year-old", "AGE")]),
    ("inbound", "dm_request", "Age: 97, discharged Tuesday with no pain meds", [("97", "AGE")]),
    ("outbound", "post", "Study of 120 patients (mean age 94) shows falls drop with physio", []),
    ("outbound", "post", "Happy birthday to our volunteer Rose (93), who still knits hats for the NICU!", []),
    ("inbound", "comment", "our postcode is M14 5RT, my mum's carer never showed", [("M14 5RT", "ZIP")]),
    ("inbound", "comment", "I'm in bay 4 on the surgical ward and the call bell is broken", [("bay 4", "ROOM")]),
    ("inbound", "comment", "Mum is on ward 7 and nobody has fed her since lunch", [("ward 7", "ROOM")]),
    ("inbound", "comment", "dad is in ICU pod C and we can't get any updates", [("ICU pod C", "ROOM")]),
    ("outbound", "post", "Ward 7 is closed to visitors this week due to norovirus.", []),
    ("outbound", "post", "Our new ward 9 opens Monday with 24 private beds for cancer care.", []),
    ("outbound", "post", "The ICU pod C renovation finishes in March.", []),
    ("outbound", "post", "Flu shots: pull into bay 2 at the drive-thru clinic, no appointment needed.", []),
    ("inbound", "comment", "u/sadmom_22 here, my son's seizure meds were wrong", [("u/sadmom_22", "HANDLE")]),
    ("inbound", "comment", "my tiktok is brave_bex91 if you want to follow my chemo", [("brave_bex91", "HANDLE")]),
    ("inbound", "comment", "I followed u/DrMikeMD's advice about my cholesterol", []),
    ("outbound", "post", "Our u/CityGeneralHealth AMA on diabetes is live now", []),
    ("inbound", "comment", "script number 7713302 wasn't filled for my insulin", [("7713302", "OTHER_ID")]),
    ("inbound", "comment", "incident ref 55102934 is about my dad's fall on your ward", [("55102934", "OTHER_ID")]),
    ("inbound", "dm_request", "Aadhaar 4321 8765 2109, need my discharge papers", [("4321 8765 2109", "OTHER_ID")]),
    ("inbound", "dm_request", "my NHI number is ZAA0067 and the GP has lost my referral", [("ZAA0067", "HEALTH_PLAN_ID")]),
    ("inbound", "comment", "I'm the only nurse in Tillbury with MS and now everyone knows", [("Tillbury", "LOCATION")]),
    ("outbound", "post", "The only hospital in Greene County with a level II trauma center!", []),
    ("outbound", "post", "Call our helpline 988 any time, day or night.", []),
    ("outbound", "post", "Lot 4429118 of the vaccine was recalled; NDC 0006-4047-41.", []),
    ("inbound", "comment", "we're at 22 Oak St, please send an ambulance, my wife is having a stroke", [("22 Oak St", "ADDRESS")]),
    ("inbound", "comment", "we moved to 301 Harbour View Terrace and the home care nurse keeps going to the old house",
     [("301 Harbour View Terrace", "ADDRESS")]),
    ("outbound", "post", "Our clinic has moved to 815 Alder Street, Suite 300. Same great team for your care!", []),
    ("inbound", "comment", "I live in Dayton OH 45402 and need a dermatologist for my psoriasis", [("Dayton", "LOCATION"), ("45402", "ZIP")]),
    ("inbound", "comment", "Send the CPAP mask to PO Box 442, Glenrock, WY 82637 please, my apnea is terrible",
     [("PO Box 442", "ADDRESS"), ("Glenrock", "LOCATION"), ("82637", "ZIP")]),
    ("outbound", "post", "Mail donations to PO Box 100, Springfield, IL 62701. Thank you for supporting cancer care!", []),
    ("inbound", "comment", "which pharmacy in Austin TX 78701 carries the RSV vaccine?", []),
    ("inbound", "comment", "postal code K1A 0B1, my OHIP card expired and my mom needs her insulin", [("K1A 0B1", "ZIP")]),
    ("outbound", "post", "Visit our Ottawa clinic for flu shots: 200 Elgin St, Ottawa ON K2P 1L5", []),
    ("inbound", "comment", "pin code 560034, need home collection for my father's blood test", [("560034", "ZIP")]),
    ("inbound", "comment", "enter your PIN 482913 to see lab results? mine doesn't work", []),
    ("inbound", "comment", "Surgery on 14/03 went fine but the wound is leaking", [("14/03", "DATE")]),
    ("outbound", "post", "Free diabetes screening 22/11 in the main lobby, no appointment needed", []),
    ("inbound", "comment", "my daughter was discharged on the 3rd of June with no discharge papers", [("3rd of June", "DATE")]),
    ("outbound", "post", "Join our diabetes walk on the 3rd of June in Riverside Park", []),
    ("inbound", "comment", "I'm a teacher at Lincoln Elementary and I have to hide my chemo from the kids", [("Lincoln Elementary", "LOCATION")]),
    ("inbound", "comment", "I'm a nurse at Mercy Hospital and proud of our ICU team", []),
    ("inbound", "comment", "my CGM transmitter ID 8GM4TX fell off after my shower", [("8GM4TX", "DEVICE_ID")]),
    ("inbound", "comment", "PA number 4417701 for my Humira is still pending", [("4417701", "OTHER_ID")]),
    ("inbound", "comment", "they gave me confirmation code XJ4K2P for my vasectomy consult", [("XJ4K2P", "OTHER_ID")]),
    ("inbound", "dm_request", "appointment ID 88123409, can I move it? my chemo made me too sick", [("88123409", "OTHER_ID")]),
    ("outbound", "post", "Use promo code FLU2024 for a free flu shot at our clinic", []),
    ("inbound", "comment", "shoutout to @marcus_runs who just finished his last round of chemo!!", [("@marcus_runs", "HANDLE")]),
    ("inbound", "comment", "praying for @jdoe_77 after her surgery today", [("@jdoe_77", "HANDLE")]),
    ("inbound", "comment", "shoutout to @nurse_kim who gave me my flu shot without any pain!", []),
    ("outbound", "post", "Proud of @sam_the_runner who ran the 5K for cancer research", []),
    ("inbound", "comment", "@taylorswift is performing at the children's hospital benefit", []),
    ("outbound", "post", "Thank you to @city_ems_team who brought in 3 stroke patients safely", []),
    ("inbound", "comment", "my snap is jenny.b.44, message me about the support group for my eating disorder", [("jenny.b.44", "HANDLE")]),
    ("inbound", "comment", "my dad's on oxygen at home, his insta is @grandpa_joe_92", [("@grandpa_joe_92", "HANDLE")]),
    ("outbound", "post", "my tiktok is coming soon, follow for flu tips", []),
    ("inbound", "comment", "Give my love to Inés on the maternity ward, she just had twins!", [("Inés", "NAME")]),
    ("inbound", "comment", "Rashida Begum (my mum) fell and broke her hip, she's still in A&E", [("Rashida Begum", "NAME")]),
    ("inbound", "comment", "My son (Diego, 7) has had a fever for three days", [("Diego", "NAME")]),
    ("inbound", "dm_request", "From: Ingrid Solberg. Re: my colonoscopy prep", [("Ingrid Solberg", "NAME")]),
    ("inbound", "comment", "Kindly tell me the status of my father Mr. Venkatesh Iyer's angiogram report", [("Mr. Venkatesh Iyer", "NAME")]),
    ("outbound", "post", "Dr. Amara Okafor joins our cardiology team this month.", []),
    ("outbound", "post", "Our volunteer Siobhan has knitted 400 blankets for the NICU!", []),
    ("inbound", "comment", "a 94 year old man (my dad) was left in the corridor after his fall and broken hip", [("94 year old", "AGE")]),
    ("outbound", "post", "A 95-year-old can still benefit from a flu shot, say our doctors.", []),
    ("inbound", "comment", "Dad, who is 93, waited 8 hours in A&E with a broken hip", [("93", "AGE")]),
    ("inbound", "comment", "at 96 my gran still had to wait 7 hours for the ambulance", [("96", "AGE")]),
    ("outbound", "post", "At 90 days after surgery, most patients walk unaided", []),
    ("inbound", "dm_request", "DOB: 1958/07/21, please send my vaccination record", [("1958/07/21", "DATE")]),
    ("inbound", "comment", "operated on 2024-03-05, still in pain", [("2024-03-05", "DATE")]),
    ("outbound", "post", "Our clinic opened on 1998/05/12 and has served 40,000 patients", []),
    ("inbound", "comment", "I'm in room 4-112 and the call button doesn't work", [("room 4-112", "ROOM")]),
    ("outbound", "post", "I'm in room 204 for the diabetes education class until noon", []),
    ("inbound", "comment", "my son goes to Hillcrest Primary and the whole class knows about his seizures now", [("Hillcrest Primary", "LOCATION")]),
    ("inbound", "comment", "I drive for Swift Haulage and can't lose my CDL over this diagnosis", [("Swift Haulage", "LOCATION")]),
    ("inbound", "comment", "everyone at First Baptist knows about my cancer now because of your letter", [("First Baptist", "LOCATION")]),
    ("inbound", "comment", "we're the only family on Pelican Island with a child on dialysis", [("Pelican Island", "LOCATION")]),
    ("inbound", "comment", "my mum lives in Ballykeel, please send the nurse to change her dressing", [("Ballykeel", "LOCATION")]),
    ("outbound", "post", "Everyone at Riverside Health wishes you a safe and healthy holiday with your flu shot", []),
    ("inbound", "comment", "I'm a nursing student at Powers University and would love to shadow in your ER", []),
    ("inbound", "comment", "my church, St Mark's, is hosting your blood pressure screening on Saturday", []),
    ("inbound", "comment", "I live in a town like Boston, the ER wait is always 6 hours", []),
    ("inbound", "comment", "Home health for my dad in zip code area 30318? he just had a stroke", [("30318", "ZIP")]),
    ("outbound", "reply", "Mr. Ruiz, we can send a home nurse to you in 85032 for your wound care next week",
     [("Mr. Ruiz", "NAME"), ("85032", "ZIP")]),
    ("inbound", "dm_request", "my address is 14 Elm Court, Waverly 50677, please send the nurse for my mum's catheter",
     [("14 Elm Court, Waverly", "ADDRESS"), ("50677", "ZIP")]),
    ("outbound", "post", "We're opening a new urgent care in 30318 next month!", []),
    ("outbound", "post", "Free flu shots for residents of 85032 this Saturday", []),
]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), GENERAL_RECALL,
                         ids=[f"{r[0][:2]}-{r[2][:40]}" for r in GENERAL_RECALL])
def test_shapes_beyond_the_corpora(direction: str, context: str, text: str,
                                   expected: list[tuple[str, str]]) -> None:
    spans = find_spans(document(text, direction, context))  # type: ignore[arg-type]
    assert [(text[s.start:s.end], s.type) for s in spans] == expected


def test_lazy_computes_once_per_instance():
    from carepost.guard.recognizers.base import lazy

    calls = []

    class Holder:
        def __init__(self, n: int) -> None:
            self.n = n

        @lazy
        def double(self) -> int:
            calls.append(self.n)
            return self.n * 2

    a, b = Holder(2), Holder(5)
    assert (a.double, a.double, b.double, b.double) == (4, 4, 10, 10)
    assert calls == [2, 5]
    assert isinstance(Holder.double, lazy)
