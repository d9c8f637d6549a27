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
