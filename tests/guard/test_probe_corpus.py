"""Generalisation floor: the whole guard on probe.jsonl, a corpus written independently of dev.

See tests/guard/corpus/README.md for why it exists. Unlike dev.jsonl it ships with the project,
so this test runs in every clone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.guard.types import LABELS
from tests.guard.corpus_scoring import load_records, score_corpus

CORPUS = Path(__file__).resolve().parent / "corpus" / "probe.jsonl"

# Floors a little under what the guard reached on 2026-11-25 (identifier recall 0.959,
# precision 1.000, every label F1 >= 0.995, no false blocks). The guard has since been
# developed against this corpus too, so these guard against regressions; they do not measure
# generalisation any more (the README says what does). Raise them, never lower them.
FLOORS = {"identifier_recall": 0.95, "identifier_precision": 0.98}
LABEL_F1_FLOOR = 0.97
FALSE_BLOCK_CEILING = 0.01


def _records() -> list[dict]:
    return load_records(CORPUS)


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score_corpus(CORPUS, tmp_path_factory.mktemp("probe"))


def test_corpus_is_well_formed() -> None:
    for rec in _records():
        for s in rec["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(rec["text"])
        assert set(rec["labels"]) == set(LABELS)


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_identifier_figures_generalise(scores: dict, key: str) -> None:
    assert scores[key] >= FLOORS[key], (
        f"{key} {scores[key]} on probe.jsonl is under its floor {FLOORS[key]}: "
        "see tests/guard/corpus/README.md")


@pytest.mark.parametrize("label", LABELS)
def test_label_f1_generalises(scores: dict, label: str) -> None:
    assert scores[f"{label}_f1"] >= LABEL_F1_FLOOR, (
        f"{label} F1 {scores[label + '_f1']} on probe.jsonl is under {LABEL_F1_FLOOR}: "
        "see tests/guard/corpus/README.md")


def test_false_blocks_stay_rare(scores: dict) -> None:
    assert scores["false_block_rate"] <= FALSE_BLOCK_CEILING
