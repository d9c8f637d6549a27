"""medical_advice: individual dosing/diagnosis vs general education."""

from __future__ import annotations

import pytest

from tests.guard.rules.helpers import label

ADVICE = [
    "@maria_k you should cut your metformin in half until the nausea stops.",
    "Sounds like strep to me, ask for amoxicillin at urgent care.",
    "Give him 5 mL of children's Tylenol and he should be fine by morning.",
    "Your rash looks like a mild allergy, just take a Zyrtec.",
    "You can stop the antibiotics once you feel better, no need to finish them.",
    "That lump is almost certainly a cyst, don't worry about it.",
    "Try taking your lisinopril at night instead, the dizziness should go away.",
    "No need to come in for that cough, it's probably just a virus.",
    "Just skip your insulin tonight since you didn't eat much.",
    "At your age you don't need the colonoscopy yet.",
    "Stop taking the ibuprofen and switch to 500mg acetaminophen every 6 hours.",
]
GENERAL = [
    "Adults should get a flu shot every year.",
    "We can't give medical advice here, but our nurse line is open 24/7.",
    "Talk to your doctor before starting any new supplement.",
    "Antibiotics don't work against viruses like the common cold.",
    "Know the signs of a stroke: face drooping, arm weakness, speech trouble. Call 911.",
    "Our pharmacists can answer questions about your medications privately.",
    "Never share prescription medicine with someone else.",
    "The updated COVID vaccine is available at all our pharmacies.",
]


@pytest.mark.parametrize("text", ADVICE)
def test_individual_advice_is_flagged(text: str) -> None:
    assert label(text, "medical_advice")


@pytest.mark.parametrize("text", GENERAL)
def test_general_education_is_not_advice(text: str) -> None:
    assert not label(text, "medical_advice", context="post")
    assert not label(text, "medical_advice", context="reply")
