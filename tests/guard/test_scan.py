"""guard/scan.py: a gated search finds exactly what `re` finds, for every rule pattern."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carepost.guard.rules as rules_pkg
from carepost.guard import check, scan
from carepost.guard.rules.base import LazyRx, lower

CORPUS = Path(__file__).resolve().parent / "corpus" / "probe.jsonl"


def _rule_patterns() -> dict[str, LazyRx]:
    found: dict[str, LazyRx] = {}
    for info in pkgutil.walk_packages(rules_pkg.__path__, "carepost.guard.rules."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, LazyRx):
                found[f"{info.name.rsplit('.', 1)[-1]}.{name}"] = value
    return found


PATTERNS = _rule_patterns()
TEXTS = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8") if line.strip()]
# shapes the analysis must get right: words ending mid-pattern, apostrophes, text edges
TEXTS += ["", "is", "isle", "caused", "it's harmless", "'s denied", "a", "x-ray x ray xray",
          "…measles is harmless", "measles is harmless!", "   ", "ok.\nplease fix the app!",
          "vitamin k causes", "★☆☆☆☆ awful", "antibiotics cure colds", "_is_ is"]


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    return (a is None) == (b is None) and (a is None or (
        a.span() == b.span() and a.groups() == b.groups() and a.lastgroup == b.lastgroup))


def _check_all(text: str) -> None:
    low = lower(text)
    idx = scan.current(low)
    assert idx is not None
    for name, pattern in PATTERNS.items():
        gate = pattern.gate
        if gate is None:
            continue
        compiled = pattern.compiled()
        plain = re.compile(compiled.pattern)  # `re` itself, not the gated compile
        for pos in {0, 1, len(low) // 2}:
            assert _same(plain.search(low, pos), scan.search(compiled, gate, idx, low, pos)), \
                (name, pos)
        found = [(m.span(), m.groups()) for m in plain.finditer(low)]
        gated = [(m.span(), m.groups()) for m in scan.finditer(compiled, gate, idx, low)]
        assert found == gated, name


def test_most_rule_patterns_are_gated() -> None:
    gated = [n for n, p in PATTERNS.items() if p.gate is not None]
    assert len(gated) >= 0.8 * len(PATTERNS)


@pytest.mark.parametrize("chunk", range(4))
def test_gated_search_equals_re_on_the_probe_corpus(chunk: int) -> None:
    for text in TEXTS[chunk::4]:
        _check_all(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted({w for t in TEXTS for w in t.lower().split()})
                                + ["'s", "!", "?", ".", "-", "🙄", "9", "\n"]),
                max_size=25).map(" ".join))
def test_gated_search_equals_re_on_word_salad(text: str) -> None:
    _check_all(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_gated_search_equals_re_on_any_text(text: str) -> None:
    _check_all(text)


def _vocabulary(gate: scan.Gate) -> list[str]:
    """The words a gate keys on and the further words its keys need: texts made of them
    reach the branches that a random text never gets past the word test for."""
    words = {k[1:] for k in gate.words if k[0] in "w4"}
    for needed in gate.reqs.values():
        words.update(w[1:] for w in needed)
    return sorted(words | {"the", "a", "my", "is", "not", "x"})


GATED = {name: p for name, p in PATTERNS.items() if p.gate is not None}
VOCABULARY = {name: _vocabulary(p.gate) for name, p in GATED.items()}  # type: ignore[arg-type]
_GLUE = [" ", " ", " ", "  ", "'s ", "'", "-", ", ", ". ", "! ", "? ", "\n", "", "ing ", "ed ",
         "s ", "ness ", " 12 ", "12"]


def _agree(name: str, text: str) -> None:
    low = lower(text)
    idx = scan.current(low)
    assert idx is not None
    compiled = GATED[name].compiled()
    gate = GATED[name].gate
    plain = re.compile(compiled.pattern)
    for pos in (0, len(low) // 3):
        assert _same(plain.search(low, pos), scan.search(compiled, gate, idx, low, pos)), \
            (name, low, pos)


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_gated_search_equals_re_on_each_patterns_own_words(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(GATED)))
    parts = data.draw(st.lists(st.tuples(st.sampled_from(VOCABULARY[name]),
                                         st.sampled_from(_GLUE)), max_size=10))
    _agree(name, "".join(w + glue for w, glue in parts))


@settings(max_examples=600, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_gated_search_equals_re_on_texts_the_pattern_matches(data: st.DataObject) -> None:
    # hypothesis writes a match of the pattern inside random text: every branch, its needed
    # words and their edges get exercised, not only the few a random text reaches
    name = data.draw(st.sampled_from(sorted(GATED)))
    _agree(name, data.draw(MATCHES[name]))


# one strategy per pattern, built once (hypothesis parses the pattern when it first draws)
MATCHES = {name: st.from_regex(p.compiled(), fullmatch=False) for name, p in GATED.items()}


def test_a_search_on_another_string_is_a_plain_search() -> None:
    low = lower("measles is harmless")
    other = "measles is harmless"  # equal, but not the indexed string object
    assert scan.current(low) is not None
    assert scan.current(other + "") is None or other is low


def test_checks_agree_with_gating_off() -> None:
    try:
        for text in TEXTS[:150]:
            for direction in ("inbound", "outbound"):
                scan.ENABLED = True
                on = check(text, direction, "comment")
                scan.ENABLED = False
                off = check(text, direction, "comment")
                assert (on.labels, on.findings, on.action) == (off.labels, off.findings,
                                                               off.action)
    finally:
        scan.ENABLED = True


@pytest.mark.parametrize(("pattern", "expect"), [
    (r"\bmeasles\s+is\b", {"4meas"}),         # a long word: its first four letters
    (r"\b(?:is|are)\s+fine", {"wis", "ware"}),  # short whole words
    (r"(?<![\w])cure", {"4cure"}),              # a look-behind works as a boundary
    (r"\b\d+\s+days", {"d"}),                  # a number
])
def test_analysis_keys(pattern: str, expect: set[str]) -> None:
    gate = scan.gate(pattern)
    assert gate is not None and gate.words == expect


def test_word_endings_and_characters_are_keys() -> None:
    gate = scan.gate(r"\b[a-z]{4,}\b(?:(?<=mab)|(?<=pril))|[.!?]\s*stop")
    assert gate is not None and gate.sfx == ("mab", "pril") and gate.chars == ("!", ".", "?")
    idx = scan.WordIndex("take lisinopril. stop")
    assert [at for at, _k in idx.starts(gate)] == [5, 15]


def test_patterns_that_may_start_anywhere_are_searched_whole() -> None:
    gate = scan.gate(r"\bcure|\w+ly\s+bad")
    assert gate is not None and gate.anywhere is not None
    assert scan.gate(r"\w+ly") is None  # nothing to gate on


def test_long_texts_are_searched_plainly() -> None:
    long_text = "measles is harmless. " * 300
    assert len(long_text) > 5000
    low = lower(long_text)
    assert scan.current(low) is None
    assert check(long_text, "inbound", "comment").labels["misinformation"]


def test_a_pattern_needing_a_literal_anywhere_is_live_only_where_it_occurs() -> None:
    gate = scan.gate(r"\bcure\b|[\w-]+\s+prevents\s+flu")
    assert gate is not None and gate.anywhere is not None and gate.anywhere_needs
    without = scan.WordIndex("nothing here stops flu")
    without.refresh()
    assert not scan.live(gate, without)
    with_it = scan.WordIndex("garlic prevents flu")
    with_it.refresh()
    assert scan.live(gate, with_it)
    compiled = re.compile(r"\bcure\b|[\w-]+\s+prevents\s+flu")
    m = scan.search(compiled, gate, with_it, "garlic prevents flu")
    assert m is not None and m.span() == (0, 19)
