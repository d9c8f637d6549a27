"""emergency: suicidal intent or an acute emergency now; not stories, questions or awareness."""

from __future__ import annotations

import pytest

from tests.guard.rules.helpers import label

EMERGENCIES = [
    "I don't want to be alive anymore. I've written letters to everyone.",
    "thinking about ending my life tonight, I have my dad's gun",
    "i'm going to kill myself, nobody cares",
    "my husband is clutching his chest and sweating, chest pain for 20 minutes, what do we do",
    "my daughter ate a peanut and her lips are swelling and she's wheezing right now!!",
    "My mom fell and hit her head and she's not making sense now, should we come in?",
    "my friend overdosed and is barely breathing please help",
    "baby is turning blue and won't stop coughing HELP",
    "I feel like I'm going to pass out, heart racing, can't breathe right now",
]
NOT_EMERGENCIES = [
    "What are the warning signs of a stroke? Asking for my parents.",
    "Thank you to the ER team who saved my dad when he collapsed last year.",
    "Proud to walk in the suicide prevention walk this Saturday! 💛",
    "Does the 988 line take texts or only calls?",
    "Chest pain can be a sign of a heart attack, my cardiologist explained at the class.",
    "Is the walk-in clinic open on Sunday?",
    "This heat is killing me lol, is the cafeteria open?",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_are_flagged(text: str) -> None:
    assert label(text, "emergency", direction="inbound", context="comment")


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_non_emergencies_are_not_flagged(text: str) -> None:
    assert not label(text, "emergency", direction="inbound", context="comment")
