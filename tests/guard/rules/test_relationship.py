"""patient_relationship: replies that confirm someone is a patient, and safe replies that don't."""

from __future__ import annotations

import pytest

from tests.guard.rules.helpers import label

CONFIRMS = [
    "I looked into your chart and the nurse did note your pain score.",
    "According to our records, you were discharged at 4pm.",
    "We spoke with your cardiologist and she'll call you tomorrow.",
    "Your physical therapist says you're making great progress!",
    "So sorry about the wait at your appointment last Friday.",
    "It was lovely having you on our maternity floor last month!",
    "Your test results were sent to the portal this morning.",
    "Glad your hip surgery went well, see you at your next follow-up.",
    "Thanks for trusting us with your daughter's care.",
    "We see that you missed your appointment on the 3rd, please reschedule.",
    "Our team misses you already, hope the recovery at home is going well since your discharge.",
    "You were in our ER on Saturday night, and I can see why that wait felt endless.",
]
SAFE = [
    "Thank you for your feedback. We can't discuss anyone's care online; please call us.",
    "We're sorry to hear this. Privacy laws keep us from confirming details here.",
    "Talk to your doctor about whether the shingles vaccine is right for you.",
    "Schedule your mammogram today at any of our locations.",
    "Our visiting hours are 8am to 8pm every day.",
    "You can request your records through the patient portal.",
    "Thanks for the kind words about Dr. Lee! We'll pass them on.",
    "If you were a patient with us, please reach out privately so we can help.",
    "Bring your insurance card and a photo ID to any appointment.",
]


@pytest.mark.parametrize("text", CONFIRMS)
def test_confirming_replies_are_flagged(text: str) -> None:
    assert label(text, "patient_relationship", context="review_reply")


@pytest.mark.parametrize("text", SAFE)
def test_safe_replies_are_not_flagged(text: str) -> None:
    assert not label(text, "patient_relationship", context="review_reply")


def test_generic_post_second_person_is_not_a_relationship() -> None:
    assert not label("Book your next session online and see you at your next checkup!",
                      "patient_relationship", context="post")


def test_inbound_never_has_outbound_labels() -> None:
    assert not label("Per our records you were seen here.", "patient_relationship",
                     direction="inbound", context="comment")
