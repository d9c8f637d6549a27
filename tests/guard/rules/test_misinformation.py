"""misinformation: a false health claim asserted as fact; not rebuttals, questions, sarcasm."""

from __future__ import annotations

import pytest

from tests.guard.rules.helpers import label

MYTHS = [
    "Vaccines cause autism, everyone knows it.",
    "The covid vaccine makes women infertile, they won't tell you.",
    "Essential oils cure cancer, chemo is just poison.",
    "Fluoride is toxic and lowers your IQ.",
    "Apple cider vinegar cures diabetes, throw away your insulin.",
    "The flu shot gives you the flu every time.",
    "Measles is harmless, kids used to get it all the time.",
]
NOT_MYTHS = [
    "Does the HPV vaccine cause infertility? My aunt says so.",
    "That's a myth: vaccines don't cause autism. Read the studies.",
    "Vaccines prevent measles, which can be deadly.",
    "lol sure, and garlic cures cancer 🙄",
    "Smoking causes cancer, please quit.",
    "I heard sunscreen causes cancer, is that true?",
    "Chemo cured my cancer, thank you oncology team!",
    "Years of insulin have kept my diabetes in check.",
]


@pytest.mark.parametrize("text", MYTHS)
def test_myths_are_flagged(text: str) -> None:
    assert label(text, "misinformation", direction="inbound", context="comment")


@pytest.mark.parametrize("text", NOT_MYTHS)
def test_rebuttals_and_questions_are_not_flagged(text: str) -> None:
    assert not label(text, "misinformation", direction="inbound", context="comment")
