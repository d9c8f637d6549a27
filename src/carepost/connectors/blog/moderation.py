"""Whether a reader's comment may be shown on the public blog without a privacy officer.

A comment is the reader's own text, but once approved it is published by the organisation, on
its pages and feeds. So approval re-runs the guard's inbound check: a comment that discloses
health information about someone or reads as an emergency is not published by a responder's
click. Pure (the guard only), so the connector and the moderation service share one rule.
"""

from __future__ import annotations

from carepost import guard

# The inbound labels that keep a comment off the page (the inbox's urgent and PHI queues).
SENSITIVE_LABELS = ("emergency", "phi_disclosure")
SENSITIVE_QUEUES = ("urgent", "phi")
# As in inbox triage: a longer comment is checked in its first part (the form caps at 4,000).
GUARD_LIMIT = 20_000


def sensitive_reasons(text: str) -> tuple[str, ...]:
    """The labels and blocking rules that keep `text` off the public page; empty when clean.

    Rule names (`ids.cue.mrn`) and labels only: never the text or what matched.
    """
    verdict = guard.check(text[:GUARD_LIMIT], "inbound", "comment")
    labels = [label for label in SENSITIVE_LABELS if verdict.labels.get(label)]
    rules = sorted({f.rule for f in verdict.findings if f.severity == "block"})
    return tuple(labels + [r for r in rules if r not in labels])
