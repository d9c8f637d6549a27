"""Shared pieces of the rule families: the Hit record and small regex helpers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FLAGS = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule firing on the folded text: which label, why, and where."""

    label: str
    rule: str
    start: int          # offsets into Document.folded
    end: int
    cue: str            # the words that triggered it (rule vocabulary, shown to reviewers)
    score: float
    message: str


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation of phrases, longest first, whitespace-tolerant."""
    items = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in items) + ")"


def rx(pattern: str, flags: int = FLAGS) -> re.Pattern[str]:
    """Compile once at import time; rules never compile per call."""
    return re.compile(pattern, flags)


def first(patterns: Iterable[tuple[str, re.Pattern[str]]], text: str) -> tuple[str, re.Match[str]] | None:
    """The first (name, match) of the named patterns that matches the text."""
    for name, pat in patterns:
        m = pat.search(text)
        if m:
            return name, m
    return None


def hit(label: str, rule: str, m: re.Match[str], score: float, message: str,
        group: int | str = 0) -> Hit:
    """A Hit located at a match (or one of its groups)."""
    start, end = m.span(group)
    if start < 0:
        start, end = m.span(0)
    return Hit(label, rule, start, end, m.group(group) or m.group(0), score, message)
