"""complaint: dissatisfaction with care, service, billing, staff, waiting."""

from __future__ import annotations

import pytest

from tests.guard.rules.helpers import label

COMPLAINTS = [
    "Sat in the waiting room for 3 hours and nobody told us anything.",
    "★☆☆☆☆ rude front desk, never going back",
    "You billed my insurance for a visit I never had. Fix this.",
    "The nurse was dismissive and wouldn't listen when I said the pain was worse.",
    "I've called billing five times and still no answer about my refund.",
    "Parking costs $25 now?? For patients?? Outrageous.",
    "They lost my lab sample and I had to get stuck again. Terrible.",
]
NOT_COMPLAINTS = [
    "★★★★★ The nurses were wonderful and the wait was short.",
    "How long is the wait at urgent care right now?",
    "Where do I pay my bill online?",
    "Thank you Dr. Patel for the great care!",
    "Is the cafeteria open on weekends?",
]


@pytest.mark.parametrize("text", COMPLAINTS)
def test_complaints_are_flagged(text: str) -> None:
    assert label(text, "complaint", direction="inbound", context="review")


@pytest.mark.parametrize("text", NOT_COMPLAINTS)
def test_non_complaints_are_not_flagged(text: str) -> None:
    assert not label(text, "complaint", direction="inbound", context="review")
