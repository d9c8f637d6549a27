# ruff: noqa: E501 - one table row a line reads best
"""Identifier classes written fresh from how people write about care online (issue 4).

Each table holds one class with its hard negatives beside it, written without looking at any
corpus: staff thanked by first name for the care they gave (not patients) against private
people cheered for their own care; names set between emoji after a family cue; relatives
called "my baby girl" / "my little boy"; dates said in words, with a year in words or digits;
assistants and fictional figures greeted like people. Rows are (direction, context, text,
expected (substring, TYPE) pairs, exactly).
"""

from __future__ import annotations

import pytest

from carepost.guard import document, find_spans

Row = tuple[str, str, str, list[tuple[str, str]]]

STAFF_THANKED: list[Row] = [
    ('inbound', 'review', 'Thanks Jess for looking after me during my colonoscopy, you made it easy', []),
    ('inbound', 'review', 'Shoutout to Marcus in radiology who made my MRI so much less scary', []),
    ('inbound', 'comment', 'Kudos to Ben, the nurse who held my hand during my biopsy', []),
    ('inbound', 'comment', 'Thank you Angela and the whole L&D team for delivering our baby safely', []),
    ('inbound', 'comment', 'Thanks Dave for the quick callback about my prescription', []),
    ('inbound', 'review', 'Sending love to Rebecca on 4 North, the best nurse we could have asked for', []),
    ('inbound', 'review', 'Big thank you to Carlos who took such good care of my mom in the ICU', []),
    ('outbound', 'post', 'Thank you Keisha for caring for our patients for 25 years!', []),
    ('inbound', 'comment', 'Huge thanks to Tamika at the front desk for sorting out my insurance', []),
    # cheered for their own care: a patient, whatever the greeting
    ('inbound', 'comment', 'Shoutout to Marcus who finished his last round of chemo today!', [('Marcus', 'NAME')]),
    ('inbound', 'comment', 'Congrats to Ana who delivered a healthy baby boy on your maternity ward', [('Ana', 'NAME')]),
    ('inbound', 'comment', 'Prayers for Tamika please, she had a stroke this morning', [('Tamika', 'NAME')]),
    ('inbound', 'comment', 'Prayers for Tamika, the nurse said she may not wake up', [('Tamika', 'NAME')]),
    ('inbound', 'comment', 'Thank you for praying for my dad Marcus, he is out of surgery', [('Marcus', 'NAME')]),
    ('outbound', 'reply', "Thanks Priya, we're glad your son's shots went smoothly!", [('Priya', 'NAME')]),
]
EMOJI_NAMES: list[Row] = [
    ('inbound', 'comment', 'Please pray for my grandson \U0001f64f Eli \U0001f64f he had surgery this morning', [('Eli', 'NAME')]),
    ('inbound', 'comment', 'pray for my mama \U0001f495Lourdes\U0001f495 she is in the icu after a stroke', [('Lourdes', 'NAME')]),
    ('inbound', 'comment', 'my mom \u2764\ufe0f Rita \u2764\ufe0f finally got her new hip', [('Rita', 'NAME')]),
    ('inbound', 'comment', 'Sending hugs \U0001f917 to everyone in the ICU tonight', []),
    ('inbound', 'comment', 'Thanks \U0001f64f Jess for looking after me during my colonoscopy', []),
    ('inbound', 'comment', 'my dad \U0001f494 nobody has called us back about his scan', []),
]
CHILD_RELATIVES: list[Row] = [
    ('inbound', 'comment', 'My sweet baby girl Zuri is finally home from the NICU!', [('Zuri', 'NAME')]),
    ('inbound', 'comment', 'my little boy Theo had his tonsils out today', [('Theo', 'NAME')]),
    ('inbound', 'comment', 'my girl Scouts troop got their flu shots at your clinic', []),
    ('inbound', 'comment', 'Go our boys! Flu shots done for the whole Varsity team', []),
    ('outbound', 'post', 'Our boys and girls club hosts a free health fair Saturday', []),
    ('inbound', 'comment', 'my boy Scout, our therapy dog, visits the cancer ward on Fridays', []),
]
WORD_DATES: list[Row] = [
    ('inbound', 'comment', "My mom's surgery is on the twelfth of March and no one has called about pre-op", [('the twelfth of March', 'DATE')]),
    ('inbound', 'comment', "dad's biopsy is march 3rd and we still don't have the referral", [('march 3rd', 'DATE')]),
    ('inbound', 'comment', 'my son was admitted on May the twenty-first and discharged with no meds', [('May the twenty-first', 'DATE')]),
    ('inbound', 'dm_request', "I'm Dana Ortiz, born the second of May nineteen eighty-one, and my labs are missing", [('Dana Ortiz', 'NAME'), ('the second of May nineteen eighty-one', 'DATE')]),
    ('inbound', 'comment', 'my daughter was born March the ninth, two thousand and nine, at your hospital', [('March the ninth, two thousand and nine', 'DATE')]),
    ('outbound', 'post', 'Our flu clinic runs the first of October through the thirtieth of November.', []),
    ('inbound', 'comment', "You may 3rd-party bill the insurer for my dad's wheelchair", []),
    ('inbound', 'comment', "May the fourth be with you, nurses! Thanks for my mom's care", []),
    ('inbound', 'comment', 'my surgery is on the thirty-first of February apparently lol', []),
    ('outbound', 'post', 'Walk-in vaccine day is the fifth of June at the Elm Street library.', []),
]
NOT_PEOPLE: list[Row] = [
    ('inbound', 'comment', 'Hey Alexa, remind me to book my mammogram lol', []),
    ('inbound', 'comment', 'Dear Santa, please bring my nurses some sleep. Love, a grateful patient', []),
    ('inbound', 'comment', 'Hi Siri, call the clinic about my refill', []),
    ('inbound', 'comment', 'my daughter Alexa had her tonsils out today', [('Alexa', 'NAME')]),
]
# relatives spelled with an accent or British spelling; a hospital wait told without a
# clinical word ("14 hours for a bed"); a post telling every family their child's deadline
MORE_RELATIVES: list[Row] = [
    ('inbound', 'comment', 'my fianc\u00e9 Luca was admitted last night after a motorbike crash', [('Luca', 'NAME')]),
    ('inbound', 'comment', 'My fiancee Priya has had a migraine for three days, can she be seen?', [('Priya', 'NAME')]),
    ('inbound', 'comment', 'my neighbour Doreen fell and your ambulance took 3 hours', [('Doreen', 'NAME')]),
    ('inbound', 'comment', 'my mum Brigid has been waiting 14 hours for a bed', [('Brigid', 'NAME')]),
    ('inbound', 'comment', 'my neighbour is a nurse at your hospital and loves it', []),
    ('inbound', 'comment', 'my fiance and I want to book a prenatal class together', []),
]
GENERIC_DEADLINES: list[Row] = [
    ('outbound', 'post', 'Kids ages 4-6 need their DTaP booster before school starts Aug 26.', []),
    ('outbound', 'post', 'Seniors: get their flu shots before the clinic closes Oct 31.', []),
    ('inbound', 'comment', 'My son needs his DTaP booster before school starts Aug 26, any slots?', [('Aug 26', 'DATE')]),
    ('outbound', 'reply', 'Your son got his MMR at our clinic on Jan 8th, please check the portal.', [('Jan 8th', 'DATE')]),
]
TABLE = (STAFF_THANKED + EMOJI_NAMES + CHILD_RELATIVES + WORD_DATES + NOT_PEOPLE + MORE_RELATIVES
         + GENERIC_DEADLINES)


@pytest.mark.parametrize(("direction", "context", "text", "expected"), TABLE,
                         ids=[f"{i}-{r[2][:30]}" for i, r in enumerate(TABLE)])
def test_identifier_classes(direction: str, context: str, text: str,
                            expected: list[tuple[str, str]]) -> None:
    spans = find_spans(document(text, direction, context))  # type: ignore[arg-type]
    assert [(text[s.start:s.end], s.type) for s in spans] == expected
