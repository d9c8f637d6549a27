"""unsafe_claim: guarantees, cures, off-label promotion, hidden paid endorsement."""

from __future__ import annotations

import pytest

from tests.guard.rules.helpers import label

CLAIMS = [
    "Our new laser treatment is guaranteed to remove wrinkles for good!",
    "Acupuncture cures infertility, book your first session today.",
    "This supplement eliminates diabetes in 30 days.",
    "Botox is approved for migraines, but it's also great for anxiety. Ask us!",
    "Our weight loss shots are completely safe with zero side effects.",
    "Risk-free cosmetic surgery with financing available.",
    "100% effective protection against the flu this season!",
    "Our influencer partner lost 30 lbs with our program (we gift her the sessions, but "
    "she doesn't mention it).",
    "Stem cell therapy reverses Parkinson's. Call now.",
]
SAFE = [
    "No vaccine is 100% effective, but the flu shot lowers your risk of severe illness.",
    "There is no cure for Alzheimer's yet, but treatments can slow symptoms.",
    "Every surgery carries risks; our surgeons will walk you through them.",
    "In a clinical trial, 60% of patients saw improvement. Individual results vary.",
    "Paid partnership with @fitclinic #ad: our trainer shares her favourite stretches.",
    "Vaccines prevent serious illness and save millions of lives each year.",
]


@pytest.mark.parametrize("text", CLAIMS)
def test_unsafe_claims_are_flagged(text: str) -> None:
    assert label(text, "unsafe_claim", context="post")


@pytest.mark.parametrize("text", SAFE)
def test_balanced_statements_are_not_claims(text: str) -> None:
    assert not label(text, "unsafe_claim", context="post")
