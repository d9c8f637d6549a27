"""adverse_event: a harm after a product or procedure, with the four reportable elements."""

from __future__ import annotations

import pytest

from carepost.guard.types import Span
from tests.guard.rules.helpers import label, run

EVENTS = [
    "Two days after my flu shot my whole arm is swollen and hot.",
    "my son got a rash all over his chest after starting amoxicillin",
    "Been on Zoloft for a month and the nausea hasn't stopped.",
    "The Mirena they put in last week has me cramping nonstop.",
    "after my colonoscopy I've had bad stomach pain and bleeding",
    "Ever since the steroid injection in my knee I can't sleep and my sugar is high.",
    "my mom's new blood pressure pills make her so dizzy she fell twice",
    "the lip filler I got at your spa left a hard lump and bruising",
]
NOT_EVENTS = [
    "Got my flu shot today, no side effects at all! 💪",
    "What are the side effects of the shingles vaccine?",
    "Is it safe to take ibuprofen with lisinopril?",
    "Love the new pharmacy hours, picking up my refill tomorrow.",
    "The COVID booster clinic on Saturday was so quick and easy.",
]


@pytest.mark.parametrize("text", EVENTS)
def test_events_are_flagged(text: str) -> None:
    assert label(text, "adverse_event", direction="inbound", context="comment")


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_non_events_are_not_flagged(text: str) -> None:
    assert not label(text, "adverse_event", direction="inbound", context="comment")


def test_elements_extract_product_and_event() -> None:
    text = "I'm Ann Ruiz, I took Brelvia last night and woke up with hives. 555-201-3344"
    spans = (Span(4, 12, "NAME", 1.0, "t", ""), Span(64, 76, "PHONE", 1.0, "t", ""))
    j = run(text, "inbound", "comment", spans)
    ae = j.adverse_event
    assert ae is not None
    assert ae.suspect_product == "Brelvia"
    assert ae.event == "hives"
    assert ae.identifiable_patient and ae.identifiable_reporter
    assert ae.reportable
    assert "open_adverse_event" in j.actions


def test_anonymous_comment_has_no_identifiable_reporter() -> None:
    ae = run("after the shingles vaccine I had chills for two days", "inbound",
             "comment").adverse_event
    assert ae is not None and not ae.identifiable_reporter and not ae.reportable


def test_policy_products_are_suspects() -> None:
    from carepost.guard.policy import load_policy
    from carepost.guard.rules import judge
    from carepost.guard.types import Document
    pol = load_policy("pharma-brand", extra_terms={"products": ["glowpen"]})
    doc = Document.plain("the glowpen gave me a headache every single day", "inbound",
                         "comment")
    j = judge(doc, (), pol)
    assert j.labels["adverse_event"]
    assert j.adverse_event is not None and j.adverse_event.suspect_product == "glowpen"
