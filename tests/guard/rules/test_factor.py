"""Prefix-factoring is an optimisation only: every rule pattern finds the same leftmost match."""

from __future__ import annotations

import re

import pytest

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
)
from carepost.guard.rules.base import UNFACTORED, LazyRx, lower
from carepost.guard.rules.factor import factor, top_level_branches
from tests.guard.rules.test_written_cases import CASES

MODULES = (adverse, advice, claims, complaint, emergency, fixes, misinformation, phi,
           relationship)


def test_factor_distributes_leading_groups_into_a_trie() -> None:
    plain = r"\b(?:(?:nobody|no\s+one)\s+called|rude\b|(?:waited|waiting)\s+\d+)"
    factored = factor(plain)
    assert factored != plain
    for text in ("nobody called", "no one called", "so rude!", "waited 3 hours", "waiting 2",
                 "nobody came", "crude oil", "we waited"):
        a, b = re.search(plain, text), re.search(factored, text)
        assert (a is None) == (b is None) and (a is None or a.start() == b.start()), text


def test_named_groups_and_unbounded_patterns_are_left_alone() -> None:
    assert factor(r"\b(?:(?P<x>a)b|cd)") == r"\b(?:(?P<x>a)b|cd)"
    assert factor(r"(?:ab|cd)") == r"(?:ab|cd)"
    assert top_level_branches(r"a|(b|c)|[|]d") == ["a", "(b|c)", "[|]d"]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_rule_patterns_match_like_their_unfactored_form(module: object) -> None:
    texts = [lower(text) for _, _, text, _ in CASES]
    for name, pattern in vars(module).items():
        if not isinstance(pattern, LazyRx) or pattern.pattern not in UNFACTORED:
            continue
        compiled = pattern.compiled()
        plain = re.compile(UNFACTORED[compiled.pattern], compiled.flags)
        for text in texts:
            a, b = plain.search(text), pattern.search(text)
            assert (a is None) == (b is None), (name, text)
            if a is not None and b is not None:
                assert a.start() == b.start(), (name, text)


def test_some_rule_patterns_are_factored() -> None:
    for module in MODULES:
        for value in vars(module).values():
            if isinstance(value, LazyRx):
                value.compiled()
    assert len(UNFACTORED) >= 10
