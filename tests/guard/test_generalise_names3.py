# ruff: noqa: E501 - one table row a line reads best
"""Names the Census lexicons lack, read after a strong person cue (issue 5): names of many
origins (West African, Slavic, Nordic, Asian, Arabic/Persian, Maori, Welsh, Irish), surnames
with particles ("De la Cruz", "van der Berg"), hyphens, apostrophes and diacritics, full names
in capitals after a self-introduction; beside them the hard negatives an English word list
keeps clean ("Hi Team", "Thanks Pharmacy", "I'm Canadian", drug brands, staff with a title).
Rows are (direction, context, text, expected (substring, TYPE) pairs, exactly).
"""

from __future__ import annotations

import pytest

from carepost.guard import document, find_spans
from carepost.guard.recognizers.unlisted import english_proper, english_words, unlisted_name

Row = tuple[str, str, str, list[tuple[str, str]]]

# a courtesy title, a greeting, a vocative: the addressee of a reply about their care
ADDRESSED: list[Row] = [
    ('outbound', 'reply', 'Thank you, Mrs. Nakashima, it was a pleasure to care for you', [('Mrs. Nakashima', 'NAME')]),
    ('outbound', 'reply', 'Hi Tevita, your biopsy results are back and look clear', [('Tevita', 'NAME')]),
    ('outbound', 'reply', 'Hey Bartek, just so you know your cholesterol came back high', [('Bartek', 'NAME')]),
    ('outbound', 'reply', 'Congrats on the new hip, Wiremu!', [('Wiremu', 'NAME')]),
    ('outbound', 'reply', 'Dear Mrs. Adeyemi-Okafor, thank you for letting us care for your husband during his stroke recovery', [('Mrs. Adeyemi-Okafor', 'NAME')]),
    ('outbound', 'reply', 'Thank you Mr. De la Cruz, glad the knee op went well', [('Mr. De la Cruz', 'NAME')]),
    ('inbound', 'comment', 'Mr. Van der Berg had a stroke on the cardiology ward', [('Mr. Van der Berg', 'NAME')]),
    ('inbound', 'comment', 'Ms. da Silva is still waiting for her surgery date', [('Ms. da Silva', 'NAME')]),
    ('inbound', 'comment', 'Mr. Ó Súilleabháin was on the cardiology ward last week', [('Mr. Ó Súilleabháin', 'NAME')]),
    ('inbound', 'comment', 'Mrs. Horáková had her stroke on Tuesday and nobody called us', [('Mrs. Horáková', 'NAME')]),
    ('outbound', 'review_reply', 'Mrs. Lindqvist, so glad you are home after your pneumonia!', [('Mrs. Lindqvist', 'NAME')]),
    # the same slots with no one in them
    ('outbound', 'reply', 'Hi Team, your flu clinic starts Monday', []),
    ('outbound', 'reply', 'Hi there! Our pharmacy opens at 8am for refills', []),
    ('outbound', 'reply', 'Hi Medicare members, your flu shots are covered', []),
    ('outbound', 'reply', 'Thanks Pharmacy Team, your help with the vaccine drive was great', []),
    ('outbound', 'reply', 'Thanks El Paso for the flu shot turnout', []),
    ('inbound', 'comment', 'Thanks Ozempic, down 20 pounds after my diagnosis', []),
    ('outbound', 'reply', "Yes, you can take ibuprofen with your warfarin, just don't go over 2 tablets a day. — Lisa, PharmD", []),
]

# the writer, a relative, a boss: someone the text ties to their own care
TIED: list[Row] = [
    ('inbound', 'dm_request', 'Hi I\'m Sunniva, my knee surgery got moved again', [('Sunniva', 'NAME')]),
    ('inbound', 'comment', "I'm Bogdan, my appointment for the MRI was cancelled twice", [('Bogdan', 'NAME')]),
    ('inbound', 'dm_request', "I'm Radomir, I'm standing on the bridge", [('Radomir', 'NAME')]),
    ('inbound', 'dm_request', "It's KOFI MENSAH, can I get my blood results", [('KOFI MENSAH', 'NAME')]),
    ('inbound', 'dm_request', 'this is Ngozi Eze, DOB 12/03/1988, I need my lab results', [('Ngozi Eze', 'NAME'), ('12/03/1988', 'DATE')]),
    ('inbound', 'dm_request', 'My husband Tariq is 30 weeks post-op and bleeding', [('Tariq', 'NAME')]),
    ('inbound', 'comment', 'my grandmother Aroha had her cataract surgery yesterday', [('Aroha', 'NAME')]),
    ('inbound', 'comment', 'Prayers for my cousin Thandiwe after her heart surgery', [('Thandiwe', 'NAME')]),
    ('inbound', 'comment', "my boss Dariusz won't give me time off for my chemo", [('Dariusz', 'NAME')]),
    ('inbound', 'comment', 'my sister Mei-Ling is in the ICU', [('Mei-Ling', 'NAME')]),
    ('inbound', 'comment', "my nan Siobhán O'Shea had her hip done", [("Siobhán O'Shea", 'NAME')]),
    ('inbound', 'comment', "my son N'Golo had his tonsils out", [("N'Golo", 'NAME')]),
    ('inbound', 'comment', 'Nanami from my church is on your cancer ward', [('Nanami', 'NAME')]),
    ('inbound', 'comment', 'the boy in bay 2 is Jaylen, my cousin', [('Jaylen', 'NAME')]),
    ('inbound', 'dm_request', 'Can you check the booster status for Farhad Tehrani, born 1979-04-02?', [('Farhad Tehrani', 'NAME'), ('1979-04-02', 'DATE')]),
    ('inbound', 'dm_request', 'attention Zofia Wiśniewska, fax of my MRI report', [('Zofia Wiśniewska', 'NAME')]),
    ('outbound', 'post', 'our oldest patient, 98-year-old Augustin Mbeki, went home today', [('98-year-old', 'AGE'), ('Augustin Mbeki', 'NAME')]),
    ('inbound', 'comment', "i'm picking up for my husband Carl Dietz's suboxone at the drive thru", [('Carl Dietz', 'NAME')]),
    # the same cues before no name, a nationality, a condition, a town, or staff
    ("inbound", 'comment', "I'm Canadian and my insurance doesn't cover the ambulance", []),
    ('inbound', 'comment', "I'm Diabetic, can I get the flu shot?", []),
    ('inbound', 'comment', 'my 95 yr old nan has been on a trolley all night', [('95 yr old', 'AGE')]),
    ('outbound', 'post', 'Meet Dr. Oyelaran, our new cardiologist', []),
    ('outbound', 'post', 'Our nurse Tavita led the diabetes class today', []),
    ('outbound', 'post', 'We welcome Dr. Ngozi Eze, MD, to our oncology team', []),
    ('outbound', 'post', 'Our patient advocate, Mr. Baptiste, is here to help with any concern about your care', []),
    ('outbound', 'post', 'Contact our Patient Advice and Liaison Service for any concern about your care', []),
    ('inbound', 'comment', "What's Norabel's copay card program? Is there an income limit?", []),
    ('outbound', 'post', "We're moving to 400 Oak Street next month - same great care for your family.", []),
]

# where the name stands tells who it is: a signature, an opening, a number before it
PLACED: list[Row] = [
    ('inbound', 'comment', 'the portal still hides my thyroid results after two weeks. -Monica Haines', [('Monica Haines', 'NAME')]),
    ('inbound', 'comment', 'why does my ultrasound report say the wrong side?? ~Felicia', [('Felicia', 'NAME')]),
    ('inbound', 'comment', 'my insulin pump alarms all night since the update. Douglas Pratt (I posted the error codes on my blog)', [('Douglas Pratt', 'NAME')]),
    ('inbound', 'comment', 'Warren Bishop - swelling up after the contrast dye at your imaging center', [('Warren Bishop', 'NAME')]),
    ('inbound', 'review', 'Nobody answers the billing line. Acct 55102-7, Gloria Banks, it is for my knee surgery.', [('55102-7', 'ACCOUNT'), ('Gloria Banks', 'NAME')]),
    ('inbound', 'review', 'I took my eighty-seven year old father Walter Price to the eye clinic and waited 3 hours', [('Walter Price', 'NAME')]),
    ('inbound', 'dm_request', 'dropping off meds for my mum, Agnes, room C-4 on the stroke ward', [('Agnes', 'NAME'), ('room C-4', 'ROOM')]),
    ('outbound', 'reply', 'Melissa we moved your colonoscopy prep call to Thursday', [('Melissa', 'NAME')]),
    ('outbound', 'review_reply', "We're so sorry Howard had such a long wait for his fracture clinic review.", [('Howard', 'NAME')]),
    # the same places without a patient
    ('inbound', 'comment', 'Great care at the infusion center, thanks all! -Nursing Team', []),
    ('outbound', 'post', 'Flu Season - my tips for staying well this winter', []),
    ('outbound', 'reply', 'Jordan we are open until 8pm for flu shots', []),
    ('outbound', 'reply', "We're so sorry Monday was hard, your surgery is rescheduled", []),
    ('outbound', 'reply', "I'm sorry Dr. Patel could not see you for your knee", []),
    ('inbound', 'dm_request', 'Please fax my MRI report to my work, attention Luisa', []),
]

# lower-case names after "I'm", "it's" or a relative, when no English word stands there
LOWER: list[Row] = [
    ('inbound', 'dm_request', "i'm radomir, i'm standing on the bridge", [('radomir', 'NAME')]),
    ('inbound', 'dm_request', 'hey its shanice from the 2pm group. lost my methadone take-home card', [('shanice', 'NAME')]),
    ('inbound', 'comment', 'my husband tariq is 30 weeks post-op and bleeding', [('tariq', 'NAME')]),
    ('inbound', 'dm_request', 'this is oluwaseun, my scan results please', [('oluwaseun', 'NAME')]),
    ('inbound', 'comment', 'my son jaylen has a fever and rash', [('jaylen', 'NAME')]),
    ("inbound", 'comment', "i'm exhausted, my chemo is tomorrow", []),
    ('inbound', 'comment', 'my husband refuses to go to the ER', []),
    ('inbound', 'comment', "i'm diabetic and my insulin is late", []),
    ('inbound', 'comment', 'this is ridiculous, my MRI was cancelled again', []),
    ('inbound', 'comment', 'my mum atm is in the ICU', []),
    ('inbound', 'comment', "i'm canadian and need my records", []),
    ('inbound', 'comment', 'hey its me again, my refill is late', []),
]

# a patient celebrated or announced in a post; a name spelled out by the writer
CELEBRATED: list[Row] = [
    ('outbound', 'post', 'Please join us in celebrating Winifred Adeyemi, who finished her last round of chemo today!', [('Winifred Adeyemi', 'NAME')]),
    ('outbound', 'post', "We're thrilled to share that Oscar Medina rang the bell today after finishing radiation!", [('Oscar Medina', 'NAME')]),
    ('inbound', 'dm_request', 'please fix my record, my name is spelled Siobhán Ní Bhriain, for my pregnancy appointments', [('Siobhán Ní Bhriain', 'NAME')]),
    ('outbound', 'post', 'Join us in celebrating our nurses this Nurses Week!', []),
    ('outbound', 'post', "We're happy to share that Dr. Amara Okafor has joined our cardiology team", []),
    ('outbound', 'post', 'We are proud to announce that Riverside Clinic now offers evening appointments', []),
    ('outbound', 'post', 'Celebrating Diwali with patients and families in the atrium today', []),
    ('outbound', 'post', "We're excited to share that Pfizer boosters are now available at all clinics", []),
    # a greeting word is never the first name of a full name ("Welcome Ngozi, who joins our team")
    ('outbound', 'post', 'Welcome Ngozi, who joins our oncology team this week', []),
    ('outbound', 'reply', 'Welcome home Tomasz, so glad your surgery went well', [('Tomasz', 'NAME')]),
]


def _found(direction: str, context: str, text: str) -> list[tuple[str, str]]:
    doc = document(text, direction, context, None)
    return sorted((text[s.start:s.end], s.type) for s in find_spans(doc))


def _params(rows: list[Row]) -> list[object]:
    return [pytest.param(*r, id=r[2][:40]) for r in rows]


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(ADDRESSED))
def test_addressed_names_no_lexicon_lists(direction: str, context: str, text: str,
                                          expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(TIED))
def test_names_tied_to_care_no_lexicon_lists(direction: str, context: str, text: str,
                                             expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize("word", ["Oluwaseun", "Bartek", "Wiśniewska", "Mei-Ling", "O'Shea",
                                  "KOFI", "Lindqvist", "Dafydd", "Llewellyn-Price"])
def test_unlisted_names(word: str) -> None:
    assert unlisted_name(word)


@pytest.mark.parametrize("word", ["Team", "There", "Pharmacy", "Follow-Up", "Ozempic", "Kinda",
                                  "Haematology", "Paediatrics", "PharmD", "Covid", "Be"])
def test_words_that_are_no_names(word: str) -> None:
    assert not unlisted_name(word)


def test_places_and_peoples_only_when_asked() -> None:
    assert unlisted_name("Canadian") and not unlisted_name("Canadian", proper_ok=False)


def test_word_lists_are_lowercase_and_sizeable() -> None:
    for words in (english_words(), english_proper()):
        assert len(words) > 4000
        assert all(w == w.lower() for w in words)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(PLACED))
def test_names_by_where_they_stand(direction: str, context: str, text: str,
                                   expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(LOWER))
def test_lower_case_names_no_lexicon_lists(direction: str, context: str, text: str,
                                           expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), _params(CELEBRATED))
def test_celebrated_and_spelled_names(direction: str, context: str, text: str,
                                      expected: list[tuple[str, str]]) -> None:
    assert _found(direction, context, text) == sorted(expected)
