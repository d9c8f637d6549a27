"""Regression floors on probe3.jsonl: a fourth corpus, written independently, whole.

See tests/guard/corpus/README.md. It was written on 2026-11-25 by an author who read SCHEMA.md
and a dozen dev records and never the guard's code; the lead kept it private while the guard
was worked on that day (helpers saw only class descriptions with invented examples), then
shipped it. The figures below are what generalisation looked like then; from now on the guard
may be studied on this file by class (never record by record), so these are regression floors.
The label model must never be trained on it (scripts/train_label_model.py refuses it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.guard.types import LABELS
from tests.guard.corpus_scoring import assert_floor, assert_well_formed, score_corpus

CORPUS = Path(__file__).resolve().parent / "corpus" / "probe3.jsonl"

# A little under what the guard reached (see the README). Set on 2026-11-25 at identifier recall
# 0.802, precision 0.952, false blocks 0.079; raised the next session, when it studied this file
# by class, at recall 0.914, precision 0.977, false blocks 0.053. Raise them, never lower them.
FLOORS = {"identifier_recall": 0.89, "identifier_precision": 0.95}
LABEL_F1_FLOORS = {
    "phi_disclosure": 0.94,
    "patient_relationship": 0.90,
    "medical_advice": 0.93,
    "unsafe_claim": 0.94,
    "adverse_event": 0.95,
    "emergency": 0.97,
    "complaint": 0.80,
    "misinformation": 0.93,
}
FALSE_BLOCK_CEILING = 0.07


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score_corpus(CORPUS, tmp_path_factory.mktemp("probe3"))


def test_corpus_is_well_formed() -> None:
    assert_well_formed(CORPUS, 450)


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_identifier_figures(scores: dict, key: str) -> None:
    assert_floor(scores, key, FLOORS[key], CORPUS)


@pytest.mark.parametrize("label", LABELS)
def test_label_f1(scores: dict, label: str) -> None:
    assert_floor(scores, f"{label}_f1", LABEL_F1_FLOORS[label], CORPUS)


def test_false_blocks_stay_under_the_ceiling(scores: dict) -> None:
    assert scores["false_block_rate"] <= FALSE_BLOCK_CEILING
