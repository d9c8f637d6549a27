"""Shared helpers for the rule tests: judge one text with the default policy."""

from __future__ import annotations

from carepost.guard.policy import load_policy
from carepost.guard.rules import judge
from carepost.guard.types import Document, Judgement, Span


def run(text: str, direction: str = "outbound", context: str = "reply",
        spans: tuple[Span, ...] = (), policy: str | None = None,
        use_model: bool = True) -> Judgement:
    """Judge one text (folded form = the text) with a shipped policy."""
    doc = Document.plain(text, direction, context)  # type: ignore[arg-type]
    return judge(doc, spans, load_policy(policy), use_model=use_model)


def label(text: str, name: str, direction: str = "outbound", context: str = "reply") -> bool:
    """One label of one text, from the rules alone (the label model is tested as a whole)."""
    return run(text, direction, context, use_model=False).labels[name]
