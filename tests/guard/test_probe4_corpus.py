"""Regression floors on probe4.jsonl: a fifth corpus, written independently, whole.

See tests/guard/corpus/README.md. It was written on 2026-11-25 (the day's second session) by an
author who read SCHEMA.md, score.py and 20 dev records and never the guard's code; the lead kept
it private while the guard was worked on (helpers saw only descriptions of its failing classes,
with examples the lead invented), then shipped it. The figures below are what generalisation
looked like then; from now on the guard may be studied on this file by class (never record by
record), so these are regression floors. The label model must never be trained on it
(scripts/train_label_model.py refuses every probe*.jsonl).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.guard.types import LABELS
from tests.guard.corpus_scoring import assert_floor, assert_well_formed, score_corpus

CORPUS = Path(__file__).resolve().parent / "corpus" / "probe4.jsonl"

# A little under what the guard reached at the end of that session (see the README:
# identifier recall 0.864, precision 0.976, false blocks 0.044; label F1 about 0.015-0.02
# over each floor). Raise them, never lower them.
FLOORS = {"identifier_recall": 0.84, "identifier_precision": 0.95}
LABEL_F1_FLOORS = {
    "phi_disclosure": 0.92,
    "patient_relationship": 0.96,
    "medical_advice": 0.96,
    "unsafe_claim": 0.93,
    "adverse_event": 0.87,
    "emergency": 0.92,
    "complaint": 0.82,
    "misinformation": 0.93,
}
FALSE_BLOCK_CEILING = 0.06


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score_corpus(CORPUS, tmp_path_factory.mktemp("probe4"))


def test_corpus_is_well_formed() -> None:
    assert_well_formed(CORPUS, 480)


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_identifier_figures(scores: dict, key: str) -> None:
    assert_floor(scores, key, FLOORS[key], CORPUS)


@pytest.mark.parametrize("label", LABELS)
def test_label_f1(scores: dict, label: str) -> None:
    assert_floor(scores, f"{label}_f1", LABEL_F1_FLOORS[label], CORPUS)


def test_false_blocks_stay_under_the_ceiling(scores: dict) -> None:
    assert scores["false_block_rate"] <= FALSE_BLOCK_CEILING
