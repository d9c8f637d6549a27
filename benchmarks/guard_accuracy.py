#!/usr/bin/env python3
"""Accuracy of the guard on a labelled corpus, scored by the corpus's own scorer.

    .venv/bin/python benchmarks/guard_accuracy.py                  # ../shared/eval/dev.jsonl
    .venv/bin/python benchmarks/guard_accuracy.py --split odd      # odd-numbered ids only
    .venv/bin/python benchmarks/guard_accuracy.py --corpus other.jsonl --scorer score.py

It runs `carepost.guard.check` over every record, writes the predictions (id, spans, labels,
action) to a temporary JSONL file and runs score.py on them, printing the scorer's report.
Exit status: the scorer's, or 2 when the corpus or the scorer cannot be found.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def _number(rec_id: str) -> int | None:
    digits = "".join(c for c in str(rec_id).rsplit("-", 1)[-1] if c.isdigit())
    return int(digits) if digits else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=EVAL / "dev.jsonl")
    ap.add_argument("--scorer", type=Path, default=EVAL / "score.py")
    ap.add_argument("--split", choices=("all", "odd", "even"), default="all",
                    help="keep records whose id number is odd or even (develop on one, check "
                         "on the other)")
    ap.add_argument("--policy", default=None)
    args = ap.parse_args(argv)
    for path, what in ((args.corpus, "corpus"), (args.scorer, "scorer")):
        if not path.is_file():
            print(f"guard_accuracy: the {what} {path} does not exist", file=sys.stderr)
            return 2
    sys.path.insert(0, str(ROOT / "src"))
    from carepost.guard import check

    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        pred = Path(tmp) / "pred.jsonl"
        n = 0
        with open(args.corpus, encoding="utf-8") as src, open(gold, "w") as g, \
                open(pred, "w") as p:
            for line in src:
                if not line.strip():
                    continue
                rec = json.loads(line)
                num = _number(rec["id"])
                if args.split != "all" and num is not None and (num % 2 == 1) != (
                        args.split == "odd"):
                    continue
                v = check(rec["text"], rec["direction"], rec["context"], args.policy)
                g.write(line if line.endswith("\n") else line + "\n")
                p.write(json.dumps({"id": rec["id"], "labels": v.labels, "action": v.action,
                                    "spans": [{"start": s.start, "end": s.end, "type": s.type}
                                              for s in v.spans]}) + "\n")
                n += 1
        print(f"corpus {args.corpus} (split {args.split}): {n} records")
        sys.stdout.flush()
        return subprocess.run([sys.executable, str(args.scorer), str(gold), str(pred)]).returncode


if __name__ == "__main__":
    sys.exit(main())
