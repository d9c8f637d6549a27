# ruff: noqa: E501 - one table row a line reads best
"""Shapes of the weakest span types written fresh, by class of phenomenon (issue 4).

Each table was written without looking at any corpus: ages said every way a family or a
clinician says them, ZIP codes and addresses in the shapes people type (ZIP+4, spaced digits,
numbered streets, county roads, no suffix after "my address is"), with hard negatives beside
them (ages of 89 and under, percentages and minutes, public ZIP lists, the organisation's own
sites, staff and public figures, promo and charity numbers, big cities and states). Rows are (direction, context, text, expected (substring, TYPE) pairs, exactly).
"""

from __future__ import annotations

import pytest

from carepost.guard import document, find_spans

Row = tuple[str, str, str, list[tuple[str, str]]]

AGES: list[Row] = [
    ('inbound', 'comment', 'my grandmother is age 93 and they sent her home with a broken hip', [('93', 'AGE')]),
    ('inbound', 'review', 'My 92-year-old father waited six hours in your ER', [('92-year-old', 'AGE')]),
    ('inbound', 'comment', 'Mum is ninety-one yrs and still waiting for her cataract op', [('ninety-one yrs', 'AGE')]),
    ('inbound', 'dm_request', 'My aunt, aged 94, was given the wrong insulin dose on your ward', [('94', 'AGE')]),
    ('inbound', 'comment', 'my 95 yr old nan has been on a trolley all night', [('95 yr old', 'AGE')]),
    ('inbound', 'comment', 'Dad is 96 yo and his pacemaker check got cancelled again', [('96 yo', 'AGE')]),
    ('inbound', 'comment', 'my 97yo grandpa finally got his hearing aids fitted', [('97yo', 'AGE')]),
    ('inbound', 'review', 'At the age of 92 my mother deserved better than a hallway bed', [('92', 'AGE')]),
    ('inbound', 'comment', "my great aunt turns 100 next week and she's in your hospice", [('100', 'AGE')]),
    ('inbound', 'comment', 'she was 91 when she fell in your rehab unit and nobody told us', [('91', 'AGE')]),
    ('inbound', 'dm_request', 'Patient is 98 years of age, needs a wheelchair for his dialysis', [('98 years of age', 'AGE')]),
    ('inbound', 'comment', 'Grandad (99) is finally home after his pneumonia', [('99', 'AGE')]),
    ('inbound', 'comment', 'My nana is a hundred and two and her GP visit was cancelled', [('a hundred and two', 'AGE')]),
    ('outbound', 'reply', "We're so glad your 94-year-old mother is recovering well after her surgery", [('94-year-old', 'AGE')]),
    ('outbound', 'post', 'Our oldest patient this year, a 101-year-old veteran, got his flu shot today!', [('101-year-old', 'AGE')]),
    ('inbound', 'comment', "my 93 year-old neighbour hasn't had her meds delivered", [('93 year-old', 'AGE')]),
    ('inbound', 'comment', 'nonna is 90 and has dementia, can she get a home visit?', [('90', 'AGE')]),
    ('inbound', 'comment', 'my grandmother is 89 and has a UTI', []),
    ('outbound', 'post', 'Adults aged 90 and over are eligible for a home flu shot visit.', []),
    ('outbound', 'post', 'Over 90% of patients were happy with their care.', []),
    ('outbound', 'post', 'People over 95 need extra care in heat waves.', []),
    ('outbound', 'post', 'Our volunteer Rose, 93, knits hats for every newborn.', []),
    ('inbound', 'comment', 'I waited 95 minutes for my blood test', []),
    ('inbound', 'comment', 'the copay went up to 90 dollars for my insulin', []),
    ('outbound', 'post', 'Life expectancy past 100 is rising; book your checkup.', []),
    ('inbound', 'comment', 'my blood sugar was 96 this morning after my meds', []),
    ('inbound', 'comment', "I've lost 92 pounds since my gastric sleeve!", []),
    ('outbound', 'post', 'Betty White lived to 99 and so can you with regular checkups!', []),
    ('inbound', 'comment', 'my abuela just turned 90 and got her covid booster here', [('90', 'AGE')]),
    ('inbound', 'comment', 'Grandpa is almost 95 and they discharged him at 2am', [('95', 'AGE')]),
    ('inbound', 'comment', 'My mother-in-law (aged 96) has been waiting for her hip surgery since May', [('96', 'AGE')]),
    ('inbound', 'dm_request', 'Pt is a 93F with a fall at home, needs her meds reviewed', [('93F', 'AGE')]),
    ('inbound', 'comment', 'my mum, now 92, was left on a commode for an hour', [('92', 'AGE')]),
    ('inbound', 'comment', "Mr. Okafor is 97 and was given someone else's tablets", [('Okafor', 'NAME'), ('97', 'AGE')]),
    ('inbound', 'comment', 'my 90 y.o. grandmother got the wrong vaccine', [('90 y.o.', 'AGE')]),
    ('inbound', 'comment', 'How is a ninety four year old supposed to get to your clinic on the bus?', [('ninety four year old', 'AGE')]),
    ('inbound', 'comment', "my dad's 93 and his catheter hasn't been changed in a week", [('93', 'AGE')]),
    ('inbound', 'comment', 'I am ninety three and my eyes are failing, can I get a home visit', [('ninety three', 'AGE')]),
    ('outbound', 'reply', 'Wishing your grandmother a very happy 100th birthday on the ward!', [('100th', 'AGE')]),
    ('inbound', 'comment', "She's 104 years young and still does her physio", [('104 years young', 'AGE')]),
    ('inbound', 'review', 'They treated my 99 year old grandad like a number', [('99 year old', 'AGE')]),
    ('inbound', 'comment', 'my dad, who is 95, got a letter saying his pacemaker clinic is closing', [('95', 'AGE')]),
    ('inbound', 'comment', "My gran will be 91 on Sunday and she's still in the ward", [('91', 'AGE')]),
    ('inbound', 'comment', 'great-grandpa is 102 and this is his first ever hospital stay', [('102', 'AGE')]),
    ('inbound', 'comment', 'I was on hold for 95 minutes trying to book my mammogram', []),
    ('outbound', 'post', 'Did you know 92% of flu deaths are in unvaccinated people?', []),
    ('inbound', 'comment', 'my heart rate was 110 after the new meds', []),
    ('inbound', 'comment', 'my oxygen was 91 when the paramedics came', []),
]

PLACES: list[Row] = [
    ('inbound', 'comment', "I'm in 90210 and can't find an in-network dermatologist for my psoriasis", [('90210', 'ZIP')]),
    ('inbound', 'dm_request', 'my zip is 60614-2231, can you send the home test kit for my colon screening?', [('60614-2231', 'ZIP')]),
    ('inbound', 'comment', 'zip 0 2 1 3 9 - any covid testing for my son near me?', [('0 2 1 3 9', 'ZIP')]),
    ('inbound', 'comment', "we're in the 30318 area and my daughter needs a pediatric dentist", [('30318', 'ZIP')]),
    ('inbound', 'dm_request', 'Postal code 02139. Please mail my insulin there.', [('02139', 'ZIP')]),
    ('inbound', 'comment', "out here in 59011 there's no dialysis for 80 miles and I'm the only one", [('59011', 'ZIP')]),
    ('inbound', 'dm_request', 'Name: Tomasz Nowak, ZIP: 44102, need my MRI results', [('Tomasz Nowak', 'NAME'), ('44102', 'ZIP')]),
    ('outbound', 'reply', 'We can send a nurse to your home in 73301 on Tuesday for your wound check.', [('73301', 'ZIP')]),
    ('inbound', 'comment', 'Mail my prescription to 22 Birch Road, Dover, DE 19901 please', [('22 Birch Road, Dover', 'ADDRESS'), ('19901', 'ZIP')]),
    ('outbound', 'post', 'Free flu shots for everyone in ZIP codes 60614 and 60657 this Saturday!', []),
    ('outbound', 'post', 'Our new clinic at 400 Main St, Suite 2, Dover, DE 19901 is now open.', []),
    ('inbound', 'comment', 'Is the 19901 clinic open on Sundays for flu shots?', []),
    ('outbound', 'post', 'COVID cases are rising in 30318; get your booster.', []),
    ('inbound', 'dm_request', 'I live at 40 Elm St, Apt 4B, and my home health aide never showed up', [('40 Elm St, Apt 4B', 'ADDRESS')]),
    ('inbound', 'dm_request', "unit 12, 40 Elm Street - please send the nurse for my dad's dressing change", [('unit 12, 40 Elm Street', 'ADDRESS')]),
    ('inbound', 'comment', 'send the ambulance to 210 West 34th Street, my wife is having a seizure', [('210 West 34th Street', 'ADDRESS')]),
    ('inbound', 'comment', "I'm at 15 5th Ave apt 3C and I can't breathe", [('15 5th Ave apt 3C', 'ADDRESS')]),
    ('inbound', 'dm_request', "Please deliver my oxygen to 1420 County Road 12, I'm on the farm", [('1420 County Road 12', 'ADDRESS')]),
    ('inbound', 'dm_request', 'my mum lives at 8 Rose Cottage Lane and needs her district nurse visit', [('8 Rose Cottage Lane', 'ADDRESS')]),
    ('inbound', 'comment', 'my address is 77 Kingsway, Manchester and the discharge letter never came', [('77 Kingsway', 'ADDRESS')]),
    ('inbound', 'comment', 'They sent my biopsy results to 19 Oak Hollow instead of 91 Oak Hollow', [('19 Oak Hollow', 'ADDRESS')]),
    ('outbound', 'reply', "Hi Ana, we've mailed your new inhaler to 3 Pine Ct. Feel better!", [('Ana', 'NAME'), ('3 Pine Ct.', 'ADDRESS')]),
    ('inbound', 'comment', 'my apartment, 5C at 220 Riverside Dr, has mold and my asthma is worse', [('220 Riverside Dr', 'ADDRESS')]),
    ('inbound', 'dm_request', "RR 2 Box 44, Millbrook - that's where the home hospice nurse should come", [('RR 2 Box 44', 'ADDRESS')]),
    ('inbound', 'comment', "My dad fell at home (12 Saint Mary's Road) and the ambulance took 2 hours", [("12 Saint Mary's Road", 'ADDRESS')]),
    ('outbound', 'post', 'Join us at 250 Harbor Blvd for our free diabetes screening!', []),
    ('outbound', 'post', 'Our pharmacy has moved to 18 Market Street. Same great team.', []),
    ('inbound', 'comment', 'Is the clinic at 300 Elm St open for walk-in flu shots?', []),
    ('outbound', 'post', 'Parking for the cancer center is at 12 Oak Ave.', []),
    ('inbound', 'comment', 'the urgent care on 5th Ave was so fast for my sprain', []),
]

LOCATIONS: list[Row] = [
    ('inbound', 'comment', "I'm from Tillamook and the only ALS patient in the county, please don't post my story", [('Tillamook', 'LOCATION')]),
    ('inbound', 'comment', 'My mom lives out in Cook County and the home nurse never came to change her dressing', [('Cook County', 'LOCATION')]),
    ('inbound', 'comment', 'I work at the Walmart in Dayton and my manager found out about my HIV test', [('Walmart', 'LOCATION')]),
    ('inbound', 'dm_request', 'My husband is a driver for FedEx and he hurt his back lifting, can he get physio?', [('FedEx', 'LOCATION')]),
    ('inbound', 'comment', 'your billing office called my employer, Acme Logistics, about my rehab stay!!', [('Acme Logistics', 'LOCATION')]),
    ('outbound', 'post', "Welcome home to baby Ava's family from Maple Grove after 90 days in our NICU!", [('Ava', 'NAME'), ('Maple Grove', 'LOCATION')]),
    ('inbound', 'comment', 'everyone in Harlow knows it was my son in the ambulance, thanks to your post', [('Harlow', 'LOCATION')]),
    ('inbound', 'comment', "I'm the only wheelchair user at Lincoln Elementary and the nurse there shared my seizure plan", [('Lincoln Elementary', 'LOCATION')]),
    ('inbound', 'comment', "My daughter's a teacher at Oakwood High and she caught measles from a student", [('Oakwood High', 'LOCATION')]),
    ('outbound', 'reply', 'So glad your dad is back at work at the Ford plant after his bypass!', [('Ford', 'LOCATION')]),
    ('inbound', 'comment', 'we live in a tiny village called Little Snoring and the GP surgery closed', [('Little Snoring', 'LOCATION')]),
    ('inbound', 'comment', "I'm a nurse at Mercy General and I got my chemo at your clinic", []),
    ('outbound', 'post', 'Our mobile clinic visits Springfield, Dayton and Troy every month.', []),
    ('outbound', 'post', 'Dr. Patel joins us from Johns Hopkins to lead cardiology.', []),
    ('inbound', 'comment', 'Springfield Clinic was fast and friendly for my flu shot', []),
    ('outbound', 'post', 'Flu cases are up across Cook County this week; get your shot.', []),
    ('inbound', 'comment', 'I moved here from Ohio and love your pediatric team', []),
    ('outbound', 'post', 'Thanks to Walmart for donating 500 flu shots to our community!', []),
    ('inbound', 'comment', "Taylor Swift canceled her show in Boston due to illness, hope she's ok", []),
    ('outbound', 'post', 'Everyone in Springfield can get a free flu shot this weekend!', []),
    ('outbound', 'post', 'People in Marion County: our mobile mammogram van is coming Tuesday.', []),
    ('outbound', 'post', 'Dr. Amara Okafor is originally from Lagos and joins our cardiology team.', []),
    ('outbound', 'post', 'Our nurse Jill lives in Hartwell and bikes to work every day — happy Nurses Week!', []),
    ('inbound', 'comment', 'I live in Denver and your telehealth app is great for my therapy', []),
    ('outbound', 'post', 'Patients from Franklin and Lee counties can now book dialysis at our new unit.', []),
    ('inbound', 'comment', "We're from Leeds and the A&E staff were lovely to my son", []),
    ('outbound', 'post', "We're the only Level I trauma center in Dayton.", []),
    ('outbound', 'post', 'Our founder grew up in a small town called Hope and opened this clinic in 1952.', []),
    ('inbound', 'comment', "people in Flint still can't drink the water and kids are getting sick", []),
]

OTHER_IDS: list[Row] = [
    ('inbound', 'dm_request', 'member # XG-5512-07 - is my MRI covered?', [('XG-5512-07', 'HEALTH_PLAN_ID')]),
    ('inbound', 'dm_request', "policy no. 88 412 907, my wife's surgery claim was denied", [('88 412 907', 'HEALTH_PLAN_ID')]),
    ('inbound', 'comment', "my case ref is 2024-113-887 and still no call back about my mum's fall", [('2024-113-887', 'OTHER_ID')]),
    ('inbound', 'comment', 'ticket 88123-A about my billing for the ER visit is still open', [('88123-A', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'confirmation code QX7-22A9 for my colonoscopy booking, can I move it?', [('QX7-22A9', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'accession number S24-118832, where are my pathology results?', [('S24-118832', 'OTHER_ID')]),
    ('inbound', 'dm_request', "my wristband number was 0044881 and they gave me someone else's meds", [('0044881', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'workers comp claim #WC-778812 for my back injury, who do I send it to?', [('WC-778812', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'My visit number is V00981123, I was billed twice for my x-ray', [('V00981123', 'OTHER_ID')]),
    ('inbound', 'comment', "appeal no. AP-559812 for my son's insulin pump, still waiting", [('AP-559812', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'My FIN is 300184562, please correct my bill from the ER', [('300184562', 'MRN')]),
    ('inbound', 'dm_request', 'specimen ID 24-BL-00917 - was my blood sample lost?', [('24-BL-00917', 'OTHER_ID')]),
    ('inbound', 'dm_request', "my Medicaid case number 1029384756 got closed and I can't fill my meds", [('1029384756', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'Employee number 448812 - my employer got my drug test results before I did', [('448812', 'OTHER_ID')]),
    ('outbound', 'reply', 'Hi Maria, your order #A1123-55 for your CPAP supplies has shipped.', [('Maria', 'NAME'), ('A1123-55', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'Prescription number: 6621-0098, the pharmacy gave me the wrong strength', [('6621-0098', 'OTHER_ID')]),
    ('inbound', 'dm_request', 'Rx 7730015 was refilled without my consent', [('7730015', 'OTHER_ID')]),
    ('outbound', 'post', 'Recall notice: lot 22K118, NDC 0002-8215-01. Return unused pens.', []),
    ('outbound', 'post', 'Call 988 or text HOME to 741741 any time.', []),
    ('outbound', 'post', 'Our hospital ranked #12 out of 4,500 nationwide.', []),
    ('outbound', 'post', 'CPT code 99213 visits are covered for all members.', []),
    ('inbound', 'comment', 'I paid $1,250 for a 15 minute visit', []),
    ('outbound', 'post', 'Order online: use code FLU2024 for 10% off at our pharmacy.', []),
    ('outbound', 'post', 'Riverside Hospice is a registered charity no. 1098765. Donate to support end-of-life care.', []),
    ('outbound', 'post', 'Our CLIA number 05D2098765 is on every lab report.', []),
    ('inbound', 'comment', 'my number is 617-555-0134, call me about my biopsy', [('617-555-0134', 'PHONE')]),
    ('outbound', 'post', 'Flu shot clinic no. 3 opens Monday at 9am', []),
    ('inbound', 'comment', 'my A1c number was 11.2 last time, is that bad?', []),
    ('outbound', 'post', 'The number of patients we vaccinated this year: 12,450!', []),
]

HANDLES: list[Row] = [
    ('inbound', 'comment', 'my daughter is @jane_doe on insta, she posted about her eating disorder treatment here', [('@jane_doe', 'HANDLE')]),
    ('inbound', 'comment', "@RiversideHealth my friend @tina.b92 was told her biopsy was clear and now it's cancer??", [('@tina.b92', 'HANDLE')]),
    ('inbound', 'comment', 'tagging @bigmike77 who was in the ER with me last night after his overdose', [('@bigmike77', 'HANDLE')]),
    ('inbound', 'mention', '@kelly_r had her baby in your maternity ward last week, congrats girl!!', [('@kelly_r', 'HANDLE')]),
    ('inbound', 'comment', 'follow my recovery from breast cancer on IG: @pinkwarrior_jen', [('@pinkwarrior_jen', 'HANDLE')]),
    ('inbound', 'comment', "DM me, I'm @sober_sam_2019 on twitter, 90 days clean thanks to your detox program", [('@sober_sam_2019', 'HANDLE')]),
    ('outbound', 'reply', "Hi @marco.v, we're sorry your MRI was rescheduled. We'll call you today.", [('@marco.v', 'HANDLE')]),
    ('outbound', 'reply', 'Thanks @lizzie_b! Glad your knee replacement recovery is going well 💪', [('@lizzie_b', 'HANDLE')]),
    ('inbound', 'comment', 'my instagram is diabetic.dan.88 if anyone else on your insulin pump program wants to chat', [('diabetic.dan.88', 'HANDLE')]),
    ('inbound', 'comment', "Her handle is @grace_fights_als, she's been in your ICU for three weeks", [('@grace_fights_als', 'HANDLE')]),
    ('outbound', 'post', 'Follow @CDCgov for the latest on flu season.', []),
    ('outbound', 'post', 'Huge thanks to @drjasonlee for his talk on heart health tonight!', []),
    ('inbound', 'comment', '@jessie_k have you seen their new pediatric wing? so nice', []),
    ('inbound', 'comment', '@mark_t lol same, the parking here is the worst', []),
    ('outbound', 'reply', '@tom_h thanks for the kind words about our flu clinic!', []),
    ('inbound', 'comment', 'shoutout to @nurse_kim who gave me my flu shot without any pain!', []),
]

TABLE = [*AGES, *PLACES, *LOCATIONS, *OTHER_IDS, *HANDLES]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), TABLE,
                         ids=[f"{r[0][:2]}-{r[2][:40]}" for r in TABLE])
def test_fresh_shapes(direction: str, context: str, text: str,
                      expected: list[tuple[str, str]]) -> None:
    spans = find_spans(document(text, direction, context))  # type: ignore[arg-type]
    assert [(text[s.start:s.end], s.type) for s in spans] == expected
