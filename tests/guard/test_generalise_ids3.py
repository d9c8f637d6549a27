# ruff: noqa: E501 - one table row a line reads best
"""Identifiers written the way other countries write them (issue 5): phone and fax numbers with
a bracketed area code or seven digits after "fax"; UK, Canadian, Irish and AU/NZ postcodes;
streets whose kind comes first ("Rue", "Calle"); Indian plates and VINs without a check digit;
cues the lists lacked (payment plan, insurance group, PMJAY, nurse registration); handles the
writer signs with; employers and towns. Each class sits beside its hard negatives: the
organisation's own numbers, vehicles and venues, rooms that host classes.
Rows are (direction, context, text, expected (substring, TYPE) pairs, exactly).
"""

from __future__ import annotations

import pytest

from carepost.guard import document, find_spans

Row = tuple[str, str, str, list[tuple[str, str]]]

PHONES: list[Row] = [
    ('inbound', 'dm_request', 'my number is (02) 9876 5432, need my blood results', [('(02) 9876 5432', 'PHONE')]),
    ('inbound', 'dm_request', 'call me on (09) 377 1234 about my daughter\'s x-ray', [('(09) 377 1234', 'PHONE')]),
    ('inbound', 'dm_request', 'it was faxed to 555-0143 but my GP never got the referral', [('555-0143', 'FAX')]),
    ('inbound', 'dm_request', 'fax (02) 9876 5433 attention my GP for my results', [('(02) 9876 5433', 'FAX')]),
    ('inbound', 'dm_request', 'please fax the sick note for my surgery to my office (303) 555-8816', [('(303) 555-8816', 'FAX')]),
    ('inbound', 'dm_request', 'ring me on 0412 345 678 about my referral', [('0412 345 678', 'PHONE')]),
    ('inbound', 'dm_request', 'my number is +91 98765 43210, my father\'s surgery report please', [('+91 98765 43210', 'PHONE')]),
    # the organisation's own lines
    ('outbound', 'post', 'Our records office fax is 555-0148; allow 5 business days', []),
    ('outbound', 'post', 'Call our clinic on (02) 9876 5000 to book your flu shot', []),
    ('outbound', 'reply', 'Please fax your referral to our team on (03) 9123 4567', []),
]

POSTCODES: list[Row] = [
    ('inbound', 'dm_request', "I'm at 45 Elgin St, Ottawa K1A 0B1, send the forms for my surgery", [('45 Elgin St, Ottawa', 'ADDRESS'), ('K1A 0B1', 'ZIP')]),
    ('inbound', 'dm_request', 'my eircode is D02 X285, can the public health nurse visit after my baby', [('D02 X285', 'ZIP')]),
    ('inbound', 'dm_request', 'we live at 14 Rata St, Hamilton 3204 and my son needs his inhaler', [('14 Rata St, Hamilton', 'ADDRESS'), ('3204', 'ZIP')]),
    ('inbound', 'dm_request', 'send my insulin to 7 Kent Rd, Glebe NSW 2037 please', [('7 Kent Rd, Glebe', 'ADDRESS'), ('2037', 'ZIP')]),
    ('inbound', 'dm_request', 'send my results to 12 Carrow Rd, NR1 3HE, I had the biopsy there', [('12 Carrow Rd', 'ADDRESS'), ('NR1 3HE', 'ZIP')]),
    # numbers that are no postcode, and the organisation's own code
    ('outbound', 'post', 'Our clinic at 14 Rata St, Hamilton 3204 opens at 8 for flu shots', []),
    ('inbound', 'comment', 'I walked 3204 steps after my knee surgery today', []),
]

STREETS: list[Row] = [
    ('inbound', 'dm_request', 'mum lives at 12 Rue Saint-Denis, apt 3 and needs her insulin', [('12 Rue Saint-Denis, apt 3', 'ADDRESS')]),
    ('inbound', 'dm_request', 'send my prescription to 45 Calle del Sol, piso 2 please', [('45 Calle del Sol, piso 2', 'ADDRESS')]),
    ('inbound', 'dm_request', "we're at 3 Carrow St, Norwich and my dad has fallen", [('3 Carrow St, Norwich', 'ADDRESS')]),
    ('outbound', 'post', 'Our new clinic at 8 Via Roma opens Monday for flu shots', []),
]

VEHICLES: list[Row] = [
    ('inbound', 'dm_request', 'my car plate MH 12 AB 3456 was towed from the hospital while i was in chemo', [('MH 12 AB 3456', 'VEHICLE')]),
    ('inbound', 'dm_request', "my car's VIN is VF1RFB00X56789012, it was hit in your car park during my chemo", [('VF1RFB00X56789012', 'VEHICLE')]),
    ('inbound', 'dm_request', 'the van chassis number ZFA25000002345678 - parked at your ED while my son had stitches', [('ZFA25000002345678', 'VEHICLE')]),
    ('outbound', 'post', 'Our health bus (plate HLTH 01) visits Carrow Rd on Monday for flu shots', []),
    ('outbound', 'post', 'Our mobile clinic van, plate CARE 22, is at the library for blood pressure checks', []),
]

CUED: list[Row] = [
    ('inbound', 'dm_request', "I'm on payment plan PP-448812 for my surgery bill", [('PP-448812', 'ACCOUNT')]),
    ('inbound', 'dm_request', 'my insurance group GRP 77120 is on file, is my MRI covered', [('GRP 77120', 'HEALTH_PLAN_ID')]),
    ('inbound', 'dm_request', "my PMJAY card 7788 4455 1122 for my father's surgery", [('7788 4455 1122', 'HEALTH_PLAN_ID')]),
    ('inbound', 'dm_request', 'I was a patient but my nurse registration NMC 12A3456E is on file as I work there too', [('NMC 12A3456E', 'LICENSE')]),
    # a group that is no plan
    ('outbound', 'post', 'Our support group 2 meets Tuesdays for diabetes education', []),
]

HANDLES: list[Row] = [
    ('inbound', 'comment', '30 days sober today 🙌 @leo_runs', [('@leo_runs', 'HANDLE')]),
    ('inbound', 'comment', '@mike_h92 here, my chemo starts Monday', [('@mike_h92', 'HANDLE')]),
    ('inbound', 'comment', 'finished my last round of chemo today! - @amy.b_strong', [('@amy.b_strong', 'HANDLE')]),
    # the organisation, staff thanked, someone else's news, a blog after a public event
    ('inbound', 'mention', '@StJudesClinic my aunt had her knee done there, great care', []),
    ('inbound', 'comment', 'great care on the maternity ward, thank you @nurse_kim', []),
    ('inbound', 'comment', 'Loved the flu clinic event. @healthyliving_blog', []),
]

PLACES: list[Row] = [
    ('inbound', 'comment', 'got let go from Crane Logistics after my cancer diagnosis', [('Crane Logistics', 'LOCATION')]),
    ('outbound', 'post', 'baby Amara from Tumut, our youngest transplant patient, went home today', [('Amara', 'NAME'), ('Tumut', 'LOCATION')]),
    ('inbound', 'dm_request', 'this is tomas from Kilcoole, my test results are missing', [('tomas', 'NAME'), ('Kilcoole', 'LOCATION')]),
    # venues, campaigns and rooms that host classes
    ('outbound', 'post', 'Patient Safety from Day One: our new campaign', []),
    ('outbound', 'post', 'Join us at the Crane Logistics fun run for heart health', []),
    ('outbound', 'post', 'Room 1.12 of the Wellness Hub hosts yoga every Tuesday for patients in recovery', []),
    ('outbound', 'post', '10/10 would recommend our flu clinic', []),
]

# a reply naming the addressee's condition, SSNs typed digit by digit, a unit's chair, a
# rating that is no date, an employer named in a signature
MORE: list[Row] = [
    ('outbound', 'reply', '@nina.runs that knee pain sounds like patellar tendinitis, ice it twice a day', [('@nina.runs', 'HANDLE')]),
    ('outbound', 'reply', "@dev_k it's probably just a viral rash, keep an eye on it", [('@dev_k', 'HANDLE')]),
    ('outbound', 'reply', '@sam_t with those symptoms you should stop the amoxicillin and come in today.', []),
    ('outbound', 'reply', '@sam_t thanks for the kind words about our nurses!', []),
    ('inbound', 'dm_request', 'my ssn ends 4471, full is 6 0 2 - 1 1 - 4 4 7 1, for my biopsy bill', [('4471', 'SSN'), ('6 0 2 - 1 1 - 4 4 7 1', 'SSN')]),
    ('inbound', 'dm_request', 'account 5501932, last 4 of ssn 7712, my lab results please', [('5501932', 'ACCOUNT'), ('7712', 'SSN')]),
    ('inbound', 'comment', 'my mum is having a reaction at your dialysis unit, chair 7, nobody is coming', [('chair 7', 'ROOM')]),
    ('outbound', 'post', 'Our infusion center has 20 chairs; chair 3 has a view of the garden for our recovering patients', []),
    ('inbound', 'review', 'Easy check in, parking was free, and the lab tech was fast. 5/5', []),
    ('inbound', 'review', 'Nurses were lovely, 9/10 would recommend the maternity ward', []),
    ('inbound', 'comment', 'the new pills made me so dizzy I had to leave my shift - Trish from Fairlawn Dental', [('Trish', 'NAME'), ('Fairlawn Dental', 'LOCATION')]),
    ('outbound', 'post', 'Flu shots today at the Walgreens Pharmacy on Main, from 9am', []),
    ('inbound', 'dm_request', "he's barely breathing, we're at 622 W Birch St apt 4, 49503", [('622 W Birch St apt 4', 'ADDRESS'), ('49503', 'ZIP')]),
    ('outbound', 'post', 'Reminder: our Harbor St. clinic zip code changed to 02115 with the new postal route.', []),
    ('outbound', 'post', 'Happy 125th birthday to our chapel, where patients have found peace', []),
]


def _found(direction: str, context: str, text: str) -> list[tuple[str, str]]:
    doc = document(text, direction, context, None)
    return sorted((text[s.start:s.end], s.type) for s in find_spans(doc))


def _params(rows: list[Row]) -> list[object]:
    return [pytest.param(*r, id=r[2][:40]) for r in rows]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(PHONES))
def test_phones_and_faxes(direction: str, context: str, text: str,
                          expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(POSTCODES))
def test_postcodes(direction: str, context: str, text: str,
                   expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(STREETS))
def test_streets(direction: str, context: str, text: str,
                 expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(VEHICLES))
def test_vehicles(direction: str, context: str, text: str,
                  expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(CUED))
def test_cued_ids(direction: str, context: str, text: str,
                  expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(HANDLES))
def test_handles(direction: str, context: str, text: str,
                 expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(PLACES))
def test_places(direction: str, context: str, text: str,
                expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(MORE))
def test_more_classes(direction: str, context: str, text: str,
                      expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)
