"""Regression on the shared dev corpus: the judgement stage with the corpus's gold spans.

Gold spans isolate the rules from the recognizers (whose own accuracy is tested elsewhere).
Odd ids were used to develop the rules and even ids to check them; the floors below are what
both halves reached when this test was written, a little under the measured figures so that a
deliberate trade-off does not fail the build, while a real regression does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carepost.guard.policy import load_policy
from carepost.guard.rules import judge
from carepost.guard.types import LABELS, Document, Span

DEV = Path(__file__).resolve().parents[4] / "shared" / "eval" / "dev.jsonl"
F1_FLOOR = 0.95
FALSE_BLOCK_CEILING = 0.02

pytestmark = pytest.mark.skipif(not DEV.exists(), reason="shared/eval/dev.jsonl not present")


def _score(parity: int) -> tuple[dict[str, float], float]:
    pol = load_policy()
    counts = {label: [0, 0, 0] for label in LABELS}
    benign = flagged = 0
    with DEV.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for rec in records:
        if int(rec["id"].rsplit("-", 1)[1]) % 2 != parity:
            continue
        spans = tuple(Span(s["start"], s["end"], s["type"], 1.0, "gold", "")
                      for s in rec["spans"])
        labels = judge(Document.plain(rec["text"], rec["direction"], rec["context"]), spans,
                       pol).labels
        for label in LABELS:
            gold, pred = bool(rec["labels"][label]), labels[label]
            counts[label][0] += gold and pred
            counts[label][1] += pred and not gold
            counts[label][2] += gold and not pred
        if not rec["spans"] and not any(rec["labels"].values()):
            benign += 1
            flagged += any(labels.values())
    f1 = {}
    for label, (tp, fp, fn) in counts.items():
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return f1, flagged / benign


@pytest.mark.parametrize("parity", [1, 0], ids=["odd-development", "even-check"])
def test_every_label_meets_the_floor(parity: int) -> None:
    f1, false_block = _score(parity)
    low = {label: round(v, 3) for label, v in f1.items() if v < F1_FLOOR}
    assert not low, f"labels under F1 {F1_FLOOR}: {low}"
    assert false_block <= FALSE_BLOCK_CEILING
