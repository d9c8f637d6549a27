# ruff: noqa: E501 - one table row a line reads best
"""Identifier classes that failed on a private corpus (issue 4), written fresh with their hard
negatives beside them: departments, wings and rooms taken for names; an organisation's own
contact data and anniversaries in its posts; names, handles, partial SSNs, rooms, serials and
plan IDs missed. Rows are (direction, context, text, expected (substring, TYPE) pairs, exactly).
"""

from __future__ import annotations

import pytest

from carepost.guard import document, find_spans

Row = tuple[str, str, str, list[tuple[str, str]]]

# a capitalised department, service, wing or room is no one
DEPARTMENTS: list[Row] = [
    ('outbound', 'post', 'Kudos to our Radiology Department for 10 years of safe imaging', []),
    ('outbound', 'post', 'Congrats to Pediatrics for the new playroom!', []),
    ('outbound', 'post', 'Shoutout to Facilities for keeping the ER warm this winter', []),
    ('outbound', 'post', 'Happy birthday to Oncology Nursing, 20 years of care', []),
    ('outbound', 'post', 'Kudos to the Sunrise Wing for their patient safety award', []),
    ('outbound', 'post', 'Big thanks to Admissions for the smooth flu season', []),
    ('inbound', 'comment', 'Shoutout to Dermatology, my rash is finally gone', []),
    # people cheered the same way stay people
    ('inbound', 'comment', 'Congrats to Marisol who finished her last round of chemo!', [('Marisol', 'NAME')]),
    ('inbound', 'comment', 'Sending love to Winnie, my aunt, after her stroke', [('Winnie', 'NAME')]),
    ('inbound', 'comment', 'Prayers for Everett please, he had surgery this morning', [('Everett', 'NAME')]),
]

# an age needs a person: a hospital, chapel or auxiliary that turns 100 is a thing
THING_AGES: list[Row] = [
    ('outbound', 'post', 'Our hospital turns 100 this year, thank you to every patient', []),
    ('outbound', 'post', 'The clinic is 95 years old this week! Free flu shots', []),
    ('outbound', 'post', 'Happy 125th birthday to our chapel, where patients have found peace', []),
    ('outbound', 'post', 'Our pharmacy is now ninety-one years old and still fills your prescriptions', []),
    ('outbound', 'post', 'Our volunteer auxiliary celebrates 92 years of service to patients', []),
    # people of that age stay people, even beside a building
    ('inbound', 'comment', 'my dad turns 100 this year and is in your hospital after a fall', [('100', 'AGE')]),
    ('inbound', 'comment', 'the hospital said my mom is 93 so no surgery', [('93', 'AGE')]),
    ('inbound', 'comment', 'Happy 96th birthday to my nan, still doing her physio', [('96th', 'AGE')]),
    ('inbound', 'comment', "Happy 97th birthday to the ward's longest stay patient, Bert!", [('97th', 'AGE'), ('Bert', 'NAME')]),
]

# an outbound sentence in the organisation's voice gives its own site; a reader's home stays
ORG_CONTACT: list[Row] = [
    ('outbound', 'post', "We're open 9-5 at 1200 Harbor Blvd, Suite 4, 44102. Walk-ins welcome for flu shots", []),
    ('outbound', 'post', 'Mail your forms to the clinic at PO Box 1187, zip 60601', []),
    ('outbound', 'post', 'Our pharmacy moved to 100 Main St 53704, open 9-5', []),
    ('outbound', 'post', 'The records office fax is 555-0148; allow 5 business days', []),
    ('outbound', 'post', 'Our fax for prior-auth requests is (555) 014-2290', []),
    ('outbound', 'reply', 'We have you at 9 Aspen Ct, Millbrook 12545 on file, is that still right?', [('9 Aspen Ct, Millbrook', 'ADDRESS'), ('12545', 'ZIP')]),
    ('outbound', 'reply', 'Thanks, we mailed your test kit to 310 Orchard Dr 53704 today', [('310 Orchard Dr', 'ADDRESS'), ('53704', 'ZIP')]),
]
# a ZIP right after a numbered street (with or without a town or comma) is the same address
STREET_ZIP: list[Row] = [
    ('inbound', 'dm_request', 'we live at 310 Orchard Dr 53704 and my meds never came', [('310 Orchard Dr', 'ADDRESS'), ('53704', 'ZIP')]),
    ('inbound', 'dm_request', 'send my records to 9 Aspen Ct, Millbrook 12545 please', [('9 Aspen Ct, Millbrook', 'ADDRESS'), ('12545', 'ZIP')]),
    ('inbound', 'dm_request', 'my mom is at 22 N Birch Ln Apt 4, Cedar Falls 50613 and needs her oxygen', [('22 N Birch Ln Apt 4, Cedar Falls', 'ADDRESS'), ('50613', 'ZIP')]),
    ('inbound', 'dm_request', 'I live at 415 E Maple Ave and my meds never arrived', [('415 E Maple Ave', 'ADDRESS')]),
    ('inbound', 'comment', 'your clinic at 100 Main St 53704 lost my referral', []),
    ('inbound', 'comment', 'I walked 12000 steps after my knee surgery, 53704 steps this week', []),
]

# names introduced by whose file it is, a dash at the opening, a trailing signature, a DOB
INTRODUCED: list[Row] = [
    ('inbound', 'dm_request', 'the refill is under Wade Ostrowski, please check my insulin', [('Wade Ostrowski', 'NAME')]),
    ('inbound', 'dm_request', 'my appointment was under Priya Nair and now it is gone from your system', [('Priya Nair', 'NAME')]),
    ('inbound', 'dm_request', 'attn Nell Barrow, my biopsy results', [('Nell Barrow', 'NAME')]),
    ('inbound', 'dm_request', "I'm R. Adeyemi, my refill is missing", [('R. Adeyemi', 'NAME')]),
    ('inbound', 'dm_request', "this is J. Okafor, my son's MRI results never came", [('J. Okafor', 'NAME')]),
    ('inbound', 'comment', "I'm A. Okay after the surgery, thanks team", []),
    ('inbound', 'comment', 'I am U.S. Army veteran and my claim for my knee was denied', []),
    ('inbound', 'comment', 'Hugo Lindqvist - my arm is swelling after the cast', [('Hugo Lindqvist', 'NAME')]),
    ('inbound', 'dm_request', 'Della Fry DOB 3/4/1950 needs her refill', [('Della Fry', 'NAME'), ('3/4/1950', 'DATE')]),
    ('inbound', 'comment', 'still waiting on my MRI results, Ines Mbeki', [('Ines Mbeki', 'NAME')]),
    ('inbound', 'comment', 'my pipes burst during my chemo week - Abe from Lakeview Plumbing', [('Abe', 'NAME'), ('Lakeview Plumbing', 'LOCATION')]),
    # the same shapes without a person
    ('inbound', 'comment', 'my MRI is under general anesthesia, is that normal?', []),
    ('inbound', 'comment', "Please don't send my sleep study results to my employer, Hartwell Logistics.", [('Hartwell Logistics', 'LOCATION')]),
    ('inbound', 'comment', 'Flu Season - my tips for staying well this winter', []),
    ('inbound', 'comment', 'the chemo is under review by my insurer, Blue Shield', []),
]

# the last four of an SSN, typed, spelled or spaced
PARTIAL_SSNS: list[Row] = [
    ('inbound', 'dm_request', 'ssn ends 5513 for my billing', [('5513', 'SSN')]),
    ('inbound', 'dm_request', 'last 4 of my ssn 8046 for my claim', [('8046', 'SSN')]),
    ('inbound', 'dm_request', 'S S N ends 3 3 1 7 my bill is wrong', [('3 3 1 7', 'SSN')]),
    ('inbound', 'dm_request', 'my social security number ends in 0427, can you find my chart?', [('0427', 'SSN')]),
    ('inbound', 'dm_request', 'SSN last four: 9912, DOB 4/2/71', [('9912', 'SSN'), ('4/2/71', 'DATE')]),
    ('inbound', 'comment', 'the SSN field ends up blank on your form 2024 version', []),
    ('inbound', 'comment', 'my social worker ends at 5pm and I need my meds', []),
    ('outbound', 'post', 'We never ask for the last 4 of your SSN by text.', []),
]

EMAILS_SPELLED: list[Row] = [
    ('inbound', 'dm_request', 'email my results to dana.k[at]mailbox[dot]com', [('dana.k[at]mailbox[dot]com', 'EMAIL')]),
    ('inbound', 'dm_request', 'my email is rosa.m88(at)gmail(dot)com, send my labs', [('rosa.m88(at)gmail(dot)com', 'EMAIL')]),
    ('inbound', 'dm_request', 'my email is rosa.m88 (at) gmail (dot) com, send my labs', [('rosa.m88 (at) gmail (dot) com', 'EMAIL')]),
    ('outbound', 'post', 'Questions? Write to info[at]ourclinic[dot]org about flu shots', []),
    ('inbound', 'comment', 'my pain was at[at]ten out of ten after the surgery', []),
]

ROOMS_CHAIRS: list[Row] = [
    ('inbound', 'comment', 'my mom is in room C-7 and no nurse came', [('room C-7', 'ROOM')]),
    ('inbound', 'comment', 'my son (room 5-North 18) still has a fever', [('room 5-North 18', 'ROOM')]),
    ('inbound', 'comment', "I'm in dialysis chair 6 and it's cold", [('dialysis chair 6', 'ROOM')]),
    ('inbound', 'comment', 'my husband is in infusion chair 12 and the pump keeps beeping', [('infusion chair 12', 'ROOM')]),
    ('outbound', 'post', 'The support group meets in room B-2 on Tuesdays at 6pm', []),
    ('inbound', 'comment', 'the dialysis chair was so uncomfortable, 6 hours of pain', []),
    ('outbound', 'post', 'Our infusion center has 20 new recliner chairs for chemo patients', []),
]

# a serial right after the device, a plan number right after the insurer
SERIALS_AND_PLANS: list[Row] = [
    ('inbound', 'dm_request', 'my sensor 8QX-11032-LB keeps failing', [('8QX-11032-LB', 'DEVICE_ID')]),
    ('inbound', 'dm_request', 'my pacemaker 7TR44019 was recalled, what do I do', [('7TR44019', 'DEVICE_ID')]),
    ('inbound', 'dm_request', 'my Cigna U4471-0932 was denied for the MRI', [('U4471-0932', 'HEALTH_PLAN_ID')]),
    ('inbound', 'dm_request', 'BCB 551 208 664 is my plan, the claim was denied', [('BCB 551 208 664', 'HEALTH_PLAN_ID')]),
    ('inbound', 'comment', 'my pump gave 20 units by mistake last night', []),
    ('inbound', 'comment', 'my sensor 10 day wear ended early twice', []),
    ('outbound', 'post', 'Aetna 2025 plans now cover our diabetes program', []),
    ('inbound', 'comment', 'Medicare 65 and over can get a free flu shot here?', []),
]

# ages over 89 in words, ordinals and said to the reader
OLD_AGES: list[Row] = [
    ('outbound', 'post', 'happy ninety-sixth birthday to Rosa, our oldest rehab patient', [('ninety-sixth', 'AGE'), ('Rosa', 'NAME')]),
    ('outbound', 'reply', 'at 97 you are our fastest walker in rehab', [('97', 'AGE')]),
    ('inbound', 'comment', 'my grandfather, ninety-one, was discharged with no meds', [('ninety-one', 'AGE')]),
    ('inbound', 'comment', 'Happy 93rd to my dad who beat cancer twice', [('93rd', 'AGE')]),
    ('outbound', 'post', 'Happy 100th to our hospital and every patient we have served', []),
    ('outbound', 'post', 'Happy ninetieth birthday to our chapel, a quiet place for patients', []),
    ('outbound', 'reply', 'at 90 you should ask your doctor about a shingles shot', []),
    ('inbound', 'comment', 'my dad, ninety percent sure the pharmacy lost his refill', []),
]

# a profile path or a site named for its owner, tied to someone's health
PERSONAL_URLS: list[Row] = [
    ('inbound', 'comment', 'my portal profile portal.x.org/u/dana.k.1102 shows the wrong meds', [('portal.x.org/u/dana.k.1102', 'URL')]),
    ('inbound', 'comment', "my chart is at mychart.example.org/patients/55102938 and it's wrong", [('mychart.example.org/patients/55102938', 'URL')]),
    ('inbound', 'comment', 'I blog about my cancer at www.leoharding.me/about', [('www.leoharding.me/about', 'URL')]),
    ('inbound', 'comment', 'my clinic posts visiting hours at ourclinic.org/patients/visiting', []),
    ('inbound', 'comment', 'my doctor said to read mayoclinic.org/diseases-conditions/flu', []),
    ('inbound', 'comment', 'my mom found greathealth.com helpful for her diabetes', []),
]

# a small business or home that singles a patient out, against public venues
BUSINESSES: list[Row] = [
    ('inbound', 'comment', 'my mom at Maple Grove assisted living has a UTI', [('Maple Grove assisted living', 'LOCATION')]),
    ('inbound', 'comment', 'Sal from Ridgeway Tire & Auto had his heart attack at work', [('Ridgeway Tire & Auto', 'LOCATION')]),
    ('inbound', 'comment', 'my uncle at the Okafor orchard broke his hip', [('Okafor orchard', 'LOCATION')]),
    ('outbound', 'post', 'Free flu shots at the Hillside Farmers Market on Saturday', []),
    ('outbound', 'post', 'Our nurses visit Maple Grove Assisted Living every week for flu shots', []),
    ('inbound', 'comment', 'I get my flu shot at the Walgreens on Main, easy', []),
]

# a name greeted in a reply is PHI only with that person's health
GREETED: list[Row] = [
    ('outbound', 'reply', 'hey Lena, sorry the vomiting is back after round 2', [('Lena', 'NAME')]),
    ('outbound', 'reply', 'Hi Omar, so sorry the rash came back, please call the clinic', [('Omar', 'NAME')]),
    ('outbound', 'reply', 'Hi Jo, sorry for the wait! The flu clinic opens Monday', []),
    ('outbound', 'reply', 'Hi Jo! The records form is on our website', []),
    ('outbound', 'reply', "Hi Priya, that's a question for your own pharmacist; in general, keep eye drops cool", []),
    ('outbound', 'reply', 'Thanks Sam, glad the parking tips helped! See you at the health fair', []),
]


def _found(direction: str, context: str, text: str) -> list[tuple[str, str]]:
    doc = document(text, direction, context, None)
    return sorted((text[s.start:s.end], s.type) for s in find_spans(doc))


def _params(rows: list[Row]) -> list[object]:
    return [pytest.param(*r, id=r[2][:40]) for r in rows]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(DEPARTMENTS))
def test_departments_are_not_names(direction: str, context: str, text: str,
                                   expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(THING_AGES))
def test_ages_need_a_person(direction: str, context: str, text: str,
                            expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"),
                         _params(ORG_CONTACT + STREET_ZIP))
def test_org_contact_and_street_zips(direction: str, context: str, text: str,
                                     expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(INTRODUCED))
def test_names_introduced(direction: str, context: str, text: str,
                          expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(PARTIAL_SSNS))
def test_partial_ssns(direction: str, context: str, text: str,
                      expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(EMAILS_SPELLED))
def test_spelled_emails(direction: str, context: str, text: str,
                        expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(ROOMS_CHAIRS))
def test_rooms_and_chairs(direction: str, context: str, text: str,
                          expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(SERIALS_AND_PLANS))
def test_serials_and_plan_ids(direction: str, context: str, text: str,
                              expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(OLD_AGES))
def test_old_ages_in_words(direction: str, context: str, text: str,
                           expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(PERSONAL_URLS))
def test_personal_urls(direction: str, context: str, text: str,
                       expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(BUSINESSES))
def test_small_businesses(direction: str, context: str, text: str,
                          expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(GREETED))
def test_greeted_names_need_their_health(direction: str, context: str, text: str,
                                         expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)
