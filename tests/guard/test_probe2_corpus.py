"""Generalisation floor on probe2.jsonl: the public half of a third corpus written independently.

See tests/guard/corpus/README.md. The guard's recognizers were studied on this file by class of
phenomenon (never record by record), so these floors guard against regressions; the private
half of the same corpus, which nobody here has seen, is what measures generalisation. The
label model must never be trained on this file (scripts/train_label_model.py reads dev.jsonl,
probe.jsonl and the written cases only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carepost.guard.types import LABELS
from tests.guard.corpus_scoring import load_records, score_corpus

CORPUS = Path(__file__).resolve().parent / "corpus" / "probe2.jsonl"

# A little under what the guard reached on 2026-11-25 10:25 UTC (identifier recall 0.990,
# precision 1.000, false blocks 0.016; label F1 in LABEL_F1_FLOORS + ~0.01). Raise them as the
# guard improves, never lower them to pass.
FLOORS = {"identifier_recall": 0.98, "identifier_precision": 0.98}
# label floors raised at 10:35 UTC, a little under what the rules then reached (phi 0.981,
# relationship 0.973, advice 0.973, claim/AE/emergency/misinformation 1.000, complaint 0.966)
LABEL_F1_FLOORS = {
    "phi_disclosure": 0.96, "patient_relationship": 0.95, "medical_advice": 0.95,
    "unsafe_claim": 0.97, "adverse_event": 0.97, "emergency": 0.97, "complaint": 0.94,
    "misinformation": 0.97,
}
FALSE_BLOCK_CEILING = 0.025


def _records() -> list[dict]:
    return load_records(CORPUS)


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score_corpus(CORPUS, tmp_path_factory.mktemp("probe2"))


def test_corpus_is_well_formed() -> None:
    records = _records()
    assert len({r["id"] for r in records}) == len(records) == 300
    for rec in records:
        for s in rec["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(rec["text"])
        assert set(rec["labels"]) == set(LABELS)


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_identifier_figures(scores: dict, key: str) -> None:
    assert scores[key] >= FLOORS[key], (
        f"{key} {scores[key]} on probe2.jsonl is under its floor {FLOORS[key]}")


@pytest.mark.parametrize("label", LABELS)
def test_label_f1(scores: dict, label: str) -> None:
    assert scores[f"{label}_f1"] >= LABEL_F1_FLOORS[label], (
        f"{label} F1 {scores[label + '_f1']} on probe2.jsonl is under "
        f"{LABEL_F1_FLOORS[label]}")


def test_false_blocks_stay_rare(scores: dict) -> None:
    assert scores["false_block_rate"] <= FALSE_BLOCK_CEILING
