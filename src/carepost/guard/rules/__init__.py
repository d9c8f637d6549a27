"""The guard's judgement: the eight labels, the findings that explain them, the action, fixes.

`judge()` is called by the engine after the recognizers. Each label family lives in its own
module and returns `Hit`s on the folded text; this module maps them back to the original text,
applies the policy's severities, and chooses the action (outbound allow/warn/block, inbound
triage).
"""

from __future__ import annotations

from collections.abc import Sequence

from carepost.guard import labelmodel
from carepost.guard.policy import Policy, load_policy
from carepost.guard.rules import (
    adverse,
    advice,
    claims,
    complaint,
    emergency,
    fixes,
    misinformation,
    phi,
    relationship,
    triage,
)
from carepost.guard.rules.base import Hit, lower, rx
from carepost.guard.types import LABELS, AdverseEvent, Document, Finding, Judgement, Span

__all__ = ["judge"]

def judge(doc: Document, spans: Sequence[Span], policy: Policy, *,
          use_model: bool = True) -> Judgement:
    """Decide every label for one document and explain each decision.

    `use_model=False` leaves out the shipped label model, so tests of a rule see the rule alone.
    """
    if doc.profile.extra_terms:
        # the organisation's own terms (OrgProfile.extra_terms) extend the pack's lists
        policy = load_policy(policy.source, extra_terms=doc.profile.extra_terms)
    orig = doc.folded
    text = lower(orig)
    direction = doc.direction
    hits: dict[str, Sequence[Hit]] = dict.fromkeys(LABELS, ())  # in LABELS order
    # labels a rule looked at closely and set aside (a myth quoted to refute it): the label
    # model, which sees only words, does not overrule that reading
    set_aside: set[str] = set()
    product = event = None
    if direction == "outbound":
        hits["patient_relationship"] = relationship.find(text, doc.context)
        if not hits["patient_relationship"] and relationship.declines(text):
            set_aside.add("patient_relationship")
        hits["medical_advice"] = advice.find(text, doc.context)
        hits["unsafe_claim"] = claims.find(text, policy.term_pattern("claims"),
                                              doc.context)
        if spans and not hits["patient_relationship"] and _identifies_a_patient(text, spans):
            hits["patient_relationship"] = [Hit(
                "patient_relationship", "relationship.identified_person", 0, 0, "identifier",
                0.8, "It names or reaches an identifiable person in connection with care here, "
                "which confirms they are a patient.")]
    else:
        hits["emergency"] = urgent = emergency.find(text, policy.term_pattern("crisis"))
        ae_hits, product, event = adverse.find(text, orig, policy.term_pattern("products"))
        if not ae_hits and urgent and any(
                h.rule == "emergency.overdose" or OVERDOSE_CUE.search(h.cue)
                or (h.rule == "emergency.self_harm" and OVERDOSE_CUE.search(text))
                # "took his whole bottle of amitriptyline, barely awake": an acute sign after
                # a medicine taken in quantity
                or (h.rule == "emergency.acute_now" and adverse.TAKEN_IN_QUANTITY.search(text))
                for h in urgent):
            # SCHEMA.md: an overdose happening now is an adverse event as well as an emergency
            ae_hits, product, event = adverse.overdose(text, orig)
        hits["adverse_event"] = ae_hits
        hits["complaint"] = complaint.find(text, orig)
        hits["misinformation"] = misinformation.find(text, set_aside)
    if use_model:
        _add_model_hits(doc, hits, set_aside)
    hits["phi_disclosure"] = phi.find(text, spans, direction, doc.context,
                                      hits["patient_relationship"])
    labels = dict(zip(hits, map(bool, hits.values()), strict=True))

    findings = _span_findings(spans, direction, policy) if spans else []
    consent = direction == "outbound" and phi.has_consent_wording(text)
    for label, found in hits.items():
        if found:
            kind = "authorized_story" if label == "phi_disclosure" and consent else label
            findings.append(_finding(doc, found[0], policy.severity_of(direction, kind), kind,
                                     spans))
    findings.extend(_term_findings(doc, policy))
    findings = [f for f in findings if f.severity != "off"]

    if direction == "outbound":
        action = triage.outbound_action([f.severity for f in findings])
        actions: tuple[str, ...] = (action,)
        ae: AdverseEvent | None = None
    else:
        actions = triage.actions(labels, policy, bool(spans))
        action = actions[0]
        ae = adverse.elements(text, spans, doc.context, product, event) if labels[
            "adverse_event"] else None
    disclaimer = None
    if direction == "outbound":  # inbound messages never need one
        endorsement = any(h.rule == "claims.undisclosed_endorsement"
                          for h in hits["unsafe_claim"])
        disclaimer, which = fixes.disclaimer(text, orig, direction, doc.context, labels, policy,
                                             endorsement)
        if disclaimer is not None:
            findings.append(Finding(kind="disclaimer", severity="info",
                                    message=_DISCLAIMER_MESSAGE[which or ""],
                                    rule=f"fixes.{which}", fix=disclaimer))
    return Judgement(
        labels=labels,
        findings=tuple(findings),
        action=action,
        actions=actions,
        adverse_event=ae,
        safe_reply=fixes.safe_reply(direction, doc.context, labels, policy, doc.profile),
        disclaimer=disclaimer,
    )


_DISCLAIMER_MESSAGE = {
    "general_health": "General health information: the policy asks for a disclaimer.",
    "fair_balance": "Product promotion on a brand page: the benefit needs fair balance "
                    "(indication, most important risks, full prescribing information).",
    "endorsement": "A partner or paid endorsement needs a clear disclosure.",
    "": "A disclaimer is required.",
}


# Identifiers that reach a person by themselves (a handle alone only addresses the reader); the
# others (a date, an age, a place, a room) point at a patient only together with a care event,
# and not in the organisation's history.
DIRECT_SPANS = frozenset({"NAME", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN_ID",
                          "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE_ID", "URL", "IP", "ADDRESS",
                          "OTHER_ID"})
CARE_WORDS = rx(r"\b(?:patients?|born|discharged|admitted|sent\s+home|went\s+home|recovering|"
                r"results?|test|came\s+back|cleared|"
                r"treated|diagnosed|surgery|nicu|icu|bed|room|ward|unit|birthday|turned|years?\s+"
                r"young|care)\b")
INSTITUTION_HISTORY = rx(r"\b(?:its|our)\s+(?:very\s+)?first\b|\bfounded\b|\bopened\s+(?:its"
                         r"|our)\b|"
                         r"\bsince\s+(?:18|19|20)\d\d\b|\banniversary\b")


OVERDOSE_CUE = rx(r"\b(?:took|taken|swallowed|overdos\w*|od'?d)\b")


def _identifies_a_patient(text: str, spans: Sequence[Span]) -> bool:
    if any(s.type in DIRECT_SPANS for s in spans):
        return True
    return bool(CARE_WORDS.search(text)) and not INSTITUTION_HISTORY.search(text)


def _span_findings(spans: Sequence[Span], direction: str, policy: Policy) -> list[Finding]:
    severity = policy.identifier_severity(direction)
    return [Finding(kind=f"identifier:{s.type}", severity=severity, message=s.explanation,
                    rule=s.rule, evidence=((s.start, s.end),), score=s.score,
                    fix=fixes.FIX_FOR["identifier"]) for s in spans]


_MODEL_WHAT = {
    "patient_relationship": "confirms or implies that someone is a patient here",
    "medical_advice": "gives one person individual medical advice",
    "unsafe_claim": "makes a claim about outcomes or safety that cannot be made",
    "adverse_event": "reports a side effect or harm after a medicine, vaccine, device or "
                     "procedure",
    "emergency": "describes an emergency or a crisis happening now",
    "complaint": "complains about care, service, staff, waiting or billing",
    "misinformation": "states a false health claim as fact",
}


def _add_model_hits(doc: Document, hits: dict[str, Sequence[Hit]],
                    set_aside: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Labels no rule found but the shipped model is confident of (see guard/labelmodel.py)."""
    model = labelmodel.load()
    if model is None:
        return
    # the model only adds labels no rule found nor set aside: score just those (none left, no
    # scoring)
    missing = [label for label, found in hits.items() if not found and label not in set_aside]
    for score in model.confident(doc.folded, doc.direction, doc.context, only=missing):
        words = ", ".join(f"'{w}'" for w in score.top_features) or "the wording as a whole"
        hits[score.label] = [Hit(
            score.label, "model.linear", 0, 0, words, round(score.probability, 2),
            f"No specific rule matched, but the wording resembles texts that "
            f"{_MODEL_WHAT[score.label]} (model probability {score.probability:.2f}; words "
            f"that weighed most: {words}). A person should confirm it.")]


def _finding(doc: Document, h: Hit, severity: str, kind: str, spans: Sequence[Span]) -> Finding:
    if h.rule == "phi.identifier_in_health_context":
        evidence = tuple((s.start, s.end) for s in spans)
        cue = None
    else:
        evidence = (doc.orig(h.start, h.end),) if h.end > h.start else ()
        # rules match lower-cased text; show the cue as it was written
        cue = doc.folded[h.start:h.end] if h.end > h.start and " ... " not in h.cue else h.cue
    message = h.message
    if kind == "authorized_story":
        message += " The text mentions consent: publish only with a signed authorization on file."
    return Finding(kind=h.label, severity=severity, message=message, rule=h.rule,
                   evidence=evidence, cue=cue, score=h.score, fix=fixes.FIX_FOR.get(kind))


def _term_findings(doc: Document, policy: Policy) -> list[Finding]:
    out = []
    for key, kind in (("blocked", "blocked_term"), ("warned", "warned_term")):
        pattern = policy.term_pattern(key)
        m = pattern.search(doc.folded) if pattern is not None else None
        if m:
            out.append(Finding(
                kind=f"term:{key}", severity=policy.severity_of(doc.direction, kind),
                message=f"It uses a phrase the organisation's policy lists as {key}.",
                rule=f"policy.terms.{key}", evidence=(doc.orig(m.start(), m.end()),),
                cue=m.group(0), fix=fixes.FIX_FOR["term"]))
    return out
