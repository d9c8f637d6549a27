"""Run the whole guard over a shipped corpus and score it with ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from carepost.guard import check
from carepost.guard.types import LABELS

SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"


def load_records(corpus: Path) -> list[dict]:
    """Every record of a JSONL corpus."""
    with corpus.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_corpus(corpus: Path, workdir: Path) -> dict:
    """The scorer's JSON figures for the guard's predictions; skips where shared/ is absent."""
    if not SCORER.exists():
        pytest.skip("shared/eval/score.py is not beside the project")
    pred = workdir / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for rec in load_records(corpus):
            v = check(rec["text"], rec["direction"], rec["context"])
            out.write(json.dumps({"id": rec["id"], "labels": v.labels,
                                  "spans": [{"start": s.start, "end": s.end, "type": s.type}
                                            for s in v.spans]}) + "\n")
    done = subprocess.run([sys.executable, str(SCORER), str(corpus), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_well_formed(corpus: Path, count: int) -> None:
    """Unique ids, `count` records, spans in bounds with no edge whitespace, every label set."""
    records = load_records(corpus)
    assert len({r["id"] for r in records}) == len(records) == count
    for rec in records:
        for s in rec["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(rec["text"])
            assert rec["text"][s["start"]:s["end"]].strip() == rec["text"][s["start"]:s["end"]]
        assert set(rec["labels"]) == set(LABELS)


def assert_floor(scores: dict, key: str, floor: float, corpus: Path) -> None:
    """A scorer figure (`identifier_recall`, `complaint_f1`...) at or over its floor."""
    assert scores[key] >= floor, f"{key} {scores[key]} on {corpus.name} is under its floor {floor}"
