#!/usr/bin/env python3
"""Train the guard's backup label model and write src/carepost/guard/data/label_model.json.gz.

Usage: .venv/bin/python scripts/train_label_model.py [CORPUS.jsonl ...]
Default corpora: ../shared/eval/dev.jsonl (when present) and training/label_corpus.jsonl (613
records written for the model, see training/README.md), plus the written rule cases of
tests/guard/rules/ (whole-text cases with every label, and the class tables of
test_label_classes.py, which each know one label: a class case trains only that label's model).
Needs the `train` extra (scikit-learn); carepost itself never imports scikit-learn.

NEVER trained on: tests/guard/corpus/probe*.jsonl (probe, probe2, probe3...: written apart from
dev, the yardsticks of generalisation; /work/corpus3/public.jsonl is probe2) or any other
held-out corpus. The script refuses them by name.

Each label's threshold is chosen on 5-fold cross-validated probabilities of the training data
(the best F0.25 from 0.7 up: the model only adds labels no rule found, so a false alarm costs
more than a miss); the script prints precision/recall/F1 at that threshold: figures on the
training corpora themselves would say nothing.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from carepost.guard.labelmodel import MODEL_FILE, raw_features  # noqa: E402
from carepost.guard.normalize import fold  # noqa: E402

OUTBOUND = ("patient_relationship", "medical_advice", "unsafe_claim")
INBOUND = ("adverse_event", "emergency", "complaint", "misinformation")
GRID = [t / 100 for t in range(70, 96, 5)]  # thresholds tried on the cross-validated scores
BETA = 0.25
MIN_DF = 2
C = 10.0
KEEP = 0.15       # a feature whose every weight is smaller changes almost no decision
# held-out corpora measure generalisation; training on them would make that figure meaningless
HELD_OUT = ("probe", "public.jsonl", "private.jsonl", "corpus3")  # "probe" covers probe*.jsonl


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv[1:]] or [
        p for p in (ROOT.parent / "shared" / "eval" / "dev.jsonl",
                    ROOT / "training" / "label_corpus.jsonl") if p.exists()]
    for p in paths:
        if any(h in str(p.resolve()) for h in HELD_OUT):
            print(f"refusing to train on {p}: it is a held-out corpus", file=sys.stderr)
            return 2
    records = [json.loads(line) for p in paths for line in p.open(encoding="utf-8")
               if line.strip()]
    if len(argv) == 1:
        records += _written_cases() + _class_cases()
    print(f"training on {len(records)} records from {', '.join(p.name for p in paths)}"
          f"{' and the written rule cases' if len(argv) == 1 else ''}")
    raw = [raw_features(fold(r["text"])[0], r["direction"], r["context"]) for r in records]
    df: dict[str, int] = {}
    for feats in raw:
        for key in feats:
            df[key] = df.get(key, 0) + 1
    features = sorted(k for k, v in df.items() if v >= MIN_DF)
    index = {f: i for i, f in enumerate(features)}
    n = len(records)
    idf = [math.log((1 + n) / (1 + df[f])) + 1.0 for f in features]

    rows, cols, vals = [], [], []
    for r, feats in enumerate(raw):
        items = [(index[k], (1 + math.log(c)) * idf[index[k]]) for k, c in feats.items()
                 if k in index]
        norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
        for i, v in items:
            rows.append(r)
            cols.append(i)
            vals.append(v / norm)
    X = csr_matrix((vals, (rows, cols)), shape=(n, len(features)))

    out_labels = {}
    thresholds = {}
    print(f"{'label':<22}{'cv P':>7}{'cv R':>7}{'cv F1':>7}{'thr':>6}")
    for direction, labels in (("outbound", OUTBOUND), ("inbound", INBOUND)):
        for label in labels:
            # a class case knows only its own label; the other labels' models skip it
            idx = np.array([i for i, r in enumerate(records) if r["direction"] == direction
                            and r["labels"].get(label) is not None])
            y = np.array([bool(records[i]["labels"][label]) for i in idx])
            oof = np.zeros(len(idx))
            for a, b in StratifiedKFold(5, shuffle=True, random_state=0).split(idx, y):
                m = _fit(X[idx[a]], y[a])
                oof[b] = m.predict_proba(X[idx[b]])[:, 1]
            t = thresholds[label] = max(GRID, key=lambda t: (_fbeta(y, oof >= t), t))
            p, r_, f, _ = precision_recall_fscore_support(
                y, oof >= t, average="binary", zero_division=0)
            print(f"{label:<22}{p:>7.3f}{r_:>7.3f}{f:>7.3f}{t:>6.2f}")
            m = _fit(X[idx], y)
            out_labels[label] = (direction, float(m.intercept_[0]), m.coef_[0])
    names = list(out_labels)
    W = np.vstack([out_labels[name][2] for name in names]).T  # features x labels
    used = [i for i in range(len(features)) if np.max(np.abs(W[i])) >= KEEP]
    data = {"version": f"{len(records)}r-{len(used)}f",
            "labels": names,
            "directions": [out_labels[name][0] for name in names],
            "bias": [round(out_labels[name][1], 6) for name in names],
            "thresholds": [thresholds[name] for name in names],
            "features": [features[i] for i in used],
            "idf": [round(idf[i], 5) for i in used],
            "weights": [[round(float(w), 3) for w in W[i]] for i in used]}
    target = ROOT / "src" / "carepost" / "guard" / "data" / MODEL_FILE
    target.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), 9,
                                     mtime=0))
    print(f"wrote {target.relative_to(ROOT)}: {len(used)} features, "
          f"{target.stat().st_size // 1024} KiB")
    return 0


def _written_cases() -> list[dict]:
    """The messages of tests/guard/rules/test_written_cases.py and test_fresh_labels.py: cases
    in many styles, hard negatives and benign texts written apart from any corpus."""
    sys.path.insert(0, str(ROOT))
    from tests.guard.rules.test_fresh_labels import CASES as FRESH
    from tests.guard.rules.test_written_cases import CASES

    labels = ("phi_disclosure", *OUTBOUND, *INBOUND)
    return [{"text": text, "direction": direction, "context": context,
             "labels": {name: name in expected for name in labels}}
            for direction, context, text, expected in [*CASES, *FRESH]]


def _class_cases() -> list[dict]:
    """The class tables of tests/guard/rules/test_label_classes.py, one known label each."""
    sys.path.insert(0, str(ROOT))
    from tests.guard.rules import test_label_classes as t

    out: list[dict] = []

    def add(name: str, direction: str, context: str, text: str, value: bool) -> None:
        out.append({"text": text, "direction": direction, "context": context,
                    "labels": {name: value}})

    for name, direction, context, tables, value in (
            ("complaint", "inbound", "comment", t.COMPLAINT_CLASSES, True),
            ("emergency", "inbound", "comment", t.EMERGENCY_CLASSES, True),
            ("adverse_event", "inbound", "comment", t.ADVERSE_CLASSES, True),
            ("unsafe_claim", "outbound", "post", t.CLAIM_CLASSES, True)):
        for texts in tables.values():
            for text in texts:
                add(name, direction, context, text, value)
    for name, direction, context, texts in (
            ("complaint", "inbound", "comment", t.COMPLAINT_NEGATIVES),
            ("emergency", "inbound", "comment", t.EMERGENCY_NEGATIVES),
            ("adverse_event", "inbound", "comment", t.ADVERSE_NEGATIVES),
            ("unsafe_claim", "outbound", "post", t.CLAIM_NEGATIVES)):
        for text in texts:
            add(name, direction, context, text, False)
    # every (label, direction, context, text) table: *_POSITIVES true, *_NEGATIVES false
    for table in sorted(vars(t)):
        rows = getattr(t, table)
        if table.endswith(("_POSITIVES", "_NEGATIVES")) and isinstance(rows[0], tuple):
            for name, direction, context, text in rows:
                add(name, direction, context, text, table.endswith("_POSITIVES"))
    for text in t.BENIGN_WITH_GRIEVANCE_WORDS:
        add("complaint", "inbound", "comment", text, False)
    for context, text in t.BENIGN_OUTBOUND:  # benign: every outbound label is false
        out.append({"text": text, "direction": "outbound", "context": context,
                    "labels": dict.fromkeys(OUTBOUND, False)})
    return out


def _fbeta(y, pred) -> float:
    p, r, _, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    return (1 + BETA**2) * p * r / (BETA**2 * p + r) if p + r else 0.0


def _fit(X, y) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(X, y)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
