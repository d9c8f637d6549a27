"""rules/base.py: a family's cue test proves absence only when no cue pattern can match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepost.guard import scan
from carepost.guard.rules import adverse, complaint, emergency, misinformation
from carepost.guard.rules.base import Cues, lower, rx

FAMILIES = {"emergency": emergency._CUES, "adverse": adverse._CUES,
            "complaint": complaint._CUES, "misinformation": misinformation._CUES}
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "probe.jsonl"
TEXTS = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8") if line.strip()]


def _settled(cues: Cues) -> Cues:
    for _ in range(5):  # past its plain uses: the patterns are analysed and the masks set
        cues.absent(lower("warm up"))
    return cues


def _matches_any(cues: Cues, low: str) -> bool:
    # `re` itself on each pattern as compiled, not the gated search
    return any(re.compile(p.compiled().pattern).search(low) for p in cues._patterns)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_absent_only_when_no_cue_pattern_matches(family: str) -> None:
    cues = _settled(FAMILIES[family])
    absent = 0
    for text in TEXTS:
        low = lower(text)
        if cues.absent(low):
            absent += 1
            assert not _matches_any(cues, low), (family, text)
    assert absent  # the test proves something on this corpus


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted({w for t in TEXTS for w in t.lower().split()})
                                + ["'s", "!", "?", ".", "🙄", "★", "9", "\n"]),
                max_size=25).map(" ".join))
def test_absent_never_hides_a_match_in_word_salad(text: str) -> None:
    low = lower(text)
    for family, cues in FAMILIES.items():
        if _settled(cues).absent(low):
            assert not _matches_any(cues, low), family


def test_cues_prove_nothing_for_another_string_or_with_gating_off() -> None:
    cues = _settled(Cues(rx(r"\bmeasles\s+is\s+harmless\b"), rx(r"\bgarlic\s+cures\b")))
    low = lower("nothing about either")
    assert cues.absent(low)
    assert not cues.absent("nothing about either!")  # not the indexed string
    assert not cues.absent(lower("garlic cures colds"))
    try:
        scan.ENABLED = False
        assert not cues.absent(lower("nothing about either"))
    finally:
        scan.ENABLED = True


def test_a_pattern_that_cannot_be_gated_means_never_absent() -> None:
    cues = _settled(Cues(rx(r"\bgarlic\s+cures\b"), rx(r"\w+ly")))
    assert not cues.absent(lower("nothing about either"))


@pytest.mark.parametrize(("pattern", "lowered"), [
    (r"\bMRI\s+Scans?\b", r"\bmri\s+scans?\b"),       # escapes keep their case
    (r"(?P<Product>Tylenol)\S+\W\D\B", r"(?P<product>tylenol)\S+\W\D\B"),
    (r"(?P=Name)", r"(?P=name)"),                     # the group syntax keeps its P
    ("İSTANBUL Ünal", "İstanbul Ünal"),               # only ASCII letters change
    ("ends in a backslash \\", "ends in a backslash \\"),
    ("\\\nA", "\\\na"),                               # an escaped newline is one escape
])
def test_lower_pattern_changes_only_literal_ascii_letters(pattern: str, lowered: str) -> None:
    from carepost.guard.rules.base import _lower_pattern

    assert _lower_pattern(pattern) == lowered


def test_alt_is_a_trie_with_runs_and_optional_endings() -> None:
    from carepost.guard.rules.base import alt

    assert alt(["chest pain", "chest pains", "cheek"]) == r"che(?:ek|st\s+pain(?:s)?)"
    assert alt(["a.b", "a"]) == r"a(?:\.b)?"
    assert alt([" ", ""]) == "(?!)"
    pattern = re.compile(r"\b(?:" + alt(["chest pain", "chest pains", "cheek"]) + r")\b")
    assert [m.group(0) for m in pattern.finditer("chest  pains, cheek, chest pain")] == [
        "chest  pains", "cheek", "chest pain"]
