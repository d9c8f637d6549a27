"""Regression floor on the shared dev corpus: the identifier figures (and, with guard-labels'
rules, the false-block rate) must stay at or above the targets. Skips where shared/ is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from carepost.guard import check

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"

pytestmark = pytest.mark.skipif(
    not (EVAL / "dev.jsonl").is_file() or not (EVAL / "score.py").is_file(),
    reason="shared/eval (dev.jsonl, score.py) is not beside the project")

# Targets of issue 4; the figures measured at commit time were all 1.0 / 0.0.
FLOORS = {"identifier_recall": 0.98, "identifier_precision": 0.92, "typed_recall": 0.95}
CEILINGS = {"false_block_rate": 0.03}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    pred = tmp_path_factory.mktemp("dev") / "pred.jsonl"
    with open(EVAL / "dev.jsonl", encoding="utf-8") as src, open(pred, "w") as out:
        for line in src:
            if not line.strip():
                continue
            rec = json.loads(line)
            v = check(rec["text"], rec["direction"], rec["context"])
            out.write(json.dumps({"id": rec["id"], "labels": v.labels, "spans": [
                {"start": s.start, "end": s.end, "type": s.type} for s in v.spans]}) + "\n")
    proc = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev.jsonl"),
                           str(pred), "--json"], capture_output=True, text=True, timeout=300)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_identifier_figures_stay_above_the_floor(scores: dict, key: str) -> None:
    assert scores[key] >= FLOORS[key], f"{key} fell to {scores[key]}"


def test_false_block_rate_stays_below_the_ceiling(scores: dict) -> None:
    assert scores["false_block_rate"] <= CEILINGS["false_block_rate"]


# The second, independently written corpus (tests/guard/corpus/probe.jsonl): the floor is what
# the recognizers reached on it (recall 0.955, precision 1.0 at commit time), below the target
# of 0.98; raise it as the guard improves, never lower it.
PROBE = ROOT / "tests" / "guard" / "corpus" / "probe.jsonl"
PROBE_FLOORS = {"identifier_recall": 0.95, "identifier_precision": 0.95}


@pytest.mark.skipif(not PROBE.is_file(), reason="tests/guard/corpus/probe.jsonl is absent")
def test_probe_corpus_identifier_floor(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    with open(PROBE, encoding="utf-8") as src, open(pred, "w") as out:
        for line in src:
            if line.strip():
                rec = json.loads(line)
                v = check(rec["text"], rec["direction"], rec["context"])
                out.write(json.dumps({"id": rec["id"], "labels": v.labels, "spans": [
                    {"start": s.start, "end": s.end, "type": s.type} for s in v.spans]}) + "\n")
    proc = subprocess.run([sys.executable, str(EVAL / "score.py"), str(PROBE), str(pred),
                           "--json"], capture_output=True, text=True, timeout=300)
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    for key, floor in PROBE_FLOORS.items():
        assert res[key] >= floor, f"{key} on probe.jsonl fell to {res[key]}"


def test_every_span_type_is_recalled(scores: dict) -> None:
    low = {k: v for k, v in scores["per_type_recall"].items() if v < 0.9}
    assert not low, f"span types under 0.9 recall: {low}"
