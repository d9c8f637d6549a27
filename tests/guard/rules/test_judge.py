"""judge(): actions, triage, explanations, evidence offsets and fixes."""

from __future__ import annotations

from carepost.guard.policy import load_policy
from carepost.guard.rules import judge
from carepost.guard.types import (
    INBOUND_LABELS,
    LABELS,
    OUTBOUND_LABELS,
    Document,
    Span,
)
from tests.guard.rules.helpers import run


def test_every_label_is_decided_and_direction_only_labels_stay_false() -> None:
    out = run("Per our records your MRI was fine. Take 2 Advil.", "outbound", "reply")
    assert set(out.labels) == set(LABELS)
    assert not any(out.labels[k] for k in INBOUND_LABELS - OUTBOUND_LABELS)
    inb = run("Vaccines cause autism and you made me wait 3 hours!!", "inbound", "comment")
    assert not any(inb.labels[k] for k in OUTBOUND_LABELS - INBOUND_LABELS)


def test_benign_outbound_is_allowed() -> None:
    j = run("Our Elm St clinic is closed Monday for the holiday.", "outbound", "post")
    assert j.action == "allow" and not any(j.labels.values())


def test_relationship_blocks_and_offers_a_safe_reply() -> None:
    j = run("We're sorry your discharge took so long on Saturday.", "outbound", "review_reply")
    assert j.action == "block"
    assert j.labels["patient_relationship"]
    assert j.safe_reply is not None and "neither confirm nor deny" in j.safe_reply


def test_finding_explains_rule_cue_score_and_fix_with_original_offsets() -> None:
    text = "Hi! I checked with your surgeon and the delay was an emergency case."
    j = run(text, "outbound", "review_reply")
    f = next(f for f in j.findings if f.kind == "patient_relationship")
    assert f.rule.startswith("relationship.")
    assert f.cue and f.score > 0 and f.fix and f.message
    (start, end), = f.evidence
    assert "your surgeon" in text[start:end]


def test_evidence_maps_back_through_folding() -> None:
    # the folded text dropped a zero-width space; evidence must index the original
    original = "Per our rec\u200bords you were seen here."
    folded = "Per our records you were seen here."
    offsets = tuple(i for i in range(len(original)) if original[i] != "\u200b") + (
        len(original),)
    doc = Document(original, folded, offsets, "outbound", "review_reply",
                   __import__("carepost.guard.types", fromlist=["OrgProfile"]).OrgProfile())
    j = judge(doc, (), load_policy())
    f = next(f for f in j.findings if f.kind == "patient_relationship")
    (start, end), = f.evidence
    assert original[start:end].replace("\u200b", "").lower().startswith("per our records")


def test_identifier_messages_never_repeat_the_identifier() -> None:
    text = "@jlee22 your biopsy results are back, call 555-201-3344"
    spans = (Span(0, 7, "HANDLE", 0.9, "handle", "A social handle tied to health details."),
             Span(43, 55, "PHONE", 0.9, "phone.nanp", "A private phone number."))
    j = run(text, "outbound", "reply", spans)
    assert j.labels["phi_disclosure"] and j.action == "block"
    for f in j.findings:
        assert "jlee22" not in f.message and "3344" not in f.message


def test_consent_wording_is_still_phi_and_asks_for_authorization() -> None:
    text = "Shared with her written permission: Rosa Diaz beat stage 2 breast cancer!"
    j = run(text, "outbound", "post", (Span(36, 45, "NAME", 0.9, "name", "A patient name."),))
    assert j.labels["phi_disclosure"]
    f = next(f for f in j.findings if f.kind == "phi_disclosure")
    assert "authorization" in f.message and "authorization" in (f.fix or "")


def test_inbound_triage_orders_actions_by_urgency() -> None:
    text = "I'm Ann, after my shot my throat is closing right now, and nobody answers your phone!!"
    j = run(text, "inbound", "comment", (Span(4, 7, "NAME", 0.9, "name", "A name."),))
    assert j.actions[0] == "escalate_emergency" and j.action == "escalate_emergency"
    assert "hide_and_move_private" in j.actions and "open_adverse_event" in j.actions
    assert j.safe_reply is not None and "988" in j.safe_reply and "911" in j.safe_reply


def test_benign_inbound_needs_nothing() -> None:
    j = run("What time does the lab open on Saturdays?", "inbound", "comment")
    assert j.actions == ("none",) and j.safe_reply is None


def test_general_health_post_gets_a_disclaimer_but_not_on_public_health() -> None:
    text = "Flu season is here: the flu vaccine is recommended for everyone 6 months and older."
    j = run(text, "outbound", "post")
    assert j.disclaimer is not None and "not medical advice" in j.disclaimer
    assert j.action == "allow"
    assert run(text, "outbound", "post", policy="public-health").disclaimer is None


def test_pharma_brand_promotion_gets_fair_balance() -> None:
    text = "Ask your doctor about Zenvexa: 62% of patients saw clearer skin by week 12."
    j = run(text, "outbound", "post", policy="pharma-brand")
    assert j.disclaimer is not None and "Fair balance" in j.disclaimer
    balanced = text + " Serious side effects may include infections. See Prescribing Information."
    assert run(balanced, "outbound", "post", policy="pharma-brand").disclaimer != j.disclaimer


def test_hidden_endorsement_gets_a_disclosure_reminder() -> None:
    j = run("Our ambassador @fitjen lost 30 lbs with zero effort on our plan!", "outbound",
            "post")
    assert j.labels["unsafe_claim"]
    assert j.disclaimer is not None and "#ad" in j.disclaimer
