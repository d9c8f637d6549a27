"""Fixes the guard proposes: a safe reply, a disclaimer, a fair-balance reminder, and one
suggestion per finding kind. The texts of replies and disclaimers come from the policy pack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from carepost.guard.policy import Policy
from carepost.guard.rules.base import rx
from carepost.guard.rules.lexicon import CONDITION, MEDICINE, PROCEDURE, VACCINE
from carepost.guard.types import OrgProfile

FIX_FOR: dict[str, str] = {
    "identifier": "Remove the identifier, or publish only with the person's signed HIPAA "
                  "authorization on file.",
    "phi_disclosure": "Remove the identifying details and the health information about this "
                      "person; reply generically and move the conversation to a private "
                      "channel.",
    "authorized_story": "Publish only if a signed HIPAA authorization for this story is on "
                        "file; otherwise remove the name and identifying details.",
    "patient_relationship": "Reply without confirming or denying that the person is a patient; "
                            "use the safe reply and invite them to call.",
    "medical_advice": "Do not give individual advice publicly: share general information and "
                      "invite the person to contact their clinician or the nurse line.",
    "unsafe_claim": "Remove absolute promises (cure, guarantee, 100%, risk-free) and state "
                    "evidence-based benefits together with risks; disclose any paid "
                    "relationship.",
    "emergency": "Escalate to a human now and reply publicly with crisis resources only.",
    "adverse_event": "Open an adverse-event case and reply asking the writer to get in touch "
                     "privately; do not discuss details publicly.",
    "complaint": "Route to patient relations and reply without confirming any care details.",
    "misinformation": "Reply with accurate information from a trusted source, without "
                      "repeating the claim in the reply's opening.",
    "term": "Remove or reword the phrase the policy lists.",
}

HEALTH_INFO = rx(r"\b(?:" + CONDITION + "|" + PROCEDURE + "|" + VACCINE + "|" + MEDICINE
                 + r"|symptoms?|signs\s+of|screening|risk|prevent\w*|recommended|should\s+get|"
                 r"healthy|health\s+tips?|blood\s+pressure|cholesterol|sleep|exercise)\b")
BENEFIT = rx(r"\b(?:reached|achieved|improv\w+|reduc\w+|clear(?:er)?|relief|works?|effective|"
             r"results?|help(?:s|ed)?|lower(?:s|ed)?|approved\s+for|now\s+available|"
             r"ask\s+(?:your|about)|treat(?:s|ment)?)\b|\d+\s*%")
HAS_SAFETY = rx(r"\b(?:important\s+safety\s+information|serious\s+side\s+effects|"
                r"prescribing\s+information|medication\s+guide|risks?\s+include|"
                r"side\s+effects\s+(?:may|can)\s+include|boxed\s+warning)\b")
HAS_DISCLAIMER = rx(r"\b(?:not\s+medical\s+advice|general\s+information|talk\s+(?:to|with)\s+"
                    r"your\s+(?:doctor|clinician|provider)|ask\s+your\s+(?:doctor|clinician))\b")
DRUG_CONTEXT = rx(r"\b(?:prescription|patients|approved|placebo|dose|tablets?|injection|"
                  r"ask\s+your\s+(?:doctor|healthcare\s+provider)|week\s+\d+|clinical\s+"
                  r"(?:trial|study)|fda|" + MEDICINE + r")\b")
BRAND_LIKE = re.compile(r"\b[A-Z][a-z]{3,}(?:a|ax|ex|ix|ox|ane|ine|era|ova|qa|ta|ra|io)\b")


def phone_of(profile: OrgProfile, policy: Policy) -> str:
    """The organisation's published number, or the placeholder the UI fills in."""
    if profile.phones:
        return profile.phones[0]
    return policy.replies.get("phone_placeholder", "[our published phone number]")


def reply_text(policy: Policy, key: str, profile: OrgProfile) -> str | None:
    """A reply template from the pack with {phone} filled in."""
    template = policy.replies.get(key)
    if template is None:
        return None
    return template.replace("{phone}", phone_of(profile, policy))


def safe_reply(direction: str, context: str, labels: Mapping[str, bool], policy: Policy,
               profile: OrgProfile) -> str | None:
    """A public reply that confirms nothing, when the situation needs one."""
    if direction == "outbound":
        if context in ("review_reply", "reply") and (
                labels.get("patient_relationship") or labels.get("phi_disclosure")):
            return reply_text(policy, "safe_review_reply", profile)
        return None
    for label, key in (("emergency", "crisis_resources"),
                       ("adverse_event", "adverse_event_reply"),
                       ("phi_disclosure", "safe_review_reply"),
                       ("complaint", "complaint_reply"),
                       ("misinformation", "misinformation_reply")):
        if labels.get(label):
            text = reply_text(policy, key, profile)
            if label == "emergency" and text is not None:
                return text
            return text
    return None


def disclaimer(text: str, orig: str, direction: str, context: str, labels: Mapping[str, bool],
               policy: Policy, endorsement: bool) -> tuple[str | None, str | None]:
    """The required disclaimer (text, which one) for an outbound text, if any.

    `text` is lower-cased; `orig` keeps the case (brand names are capitalised).
    """
    if direction != "outbound":
        return None, None
    if endorsement and policy.disclaimer("endorsement"):
        return policy.disclaimer("endorsement"), "endorsement"
    fair = policy.disclaimer("fair_balance")
    if fair and _promotes_product(text, orig, policy) and not HAS_SAFETY.search(text):
        return fair, "fair_balance"
    general = policy.disclaimer("general_health")
    if (general and context == "post" and not labels.get("medical_advice")
            and HEALTH_INFO.search(text) and not HAS_DISCLAIMER.search(text)):
        return general, "general_health"
    return None, None


def _promotes_product(text: str, orig: str, policy: Policy) -> bool:
    if not BENEFIT.search(text):
        return False
    for key in ("brands", "products"):
        pattern = policy.term_pattern(key)
        if pattern is not None and pattern.search(text):
            return True
    return bool(BRAND_LIKE.search(orig) and DRUG_CONTEXT.search(text))
