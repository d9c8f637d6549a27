"""A small linear model over words and word pieces that backs up the hand-written label rules.

The rules (carepost.guard.rules) are precise but only know the phrasings someone thought of;
measured on corpora written independently of the one they were developed on, they missed a
third to a half of adverse events, emergencies and complaints. This model, trained by
`scripts/train_label_model.py` on the labelled corpora and shipped as a gzipped JSON file,
adds a label only when it is confident (a per-label threshold chosen for few false alarms), so
it raises recall without flagging more harmless texts. Inference is plain Python: tokens ->
sparse tf-idf -> dot product -> logistic.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MODEL_FILE = "label_model.json.gz"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")


def raw_features(folded: str, direction: str, context: str) -> dict[str, int]:
    """Counts of the features the model knows: words, word pairs, direction and context.

    Letter n-grams were tried and dropped: on independent corpora they added no accuracy and
    tripled the time per text.
    """
    words = _TOKEN.findall(folded.lower())
    feats: dict[str, int] = {}

    def add(key: str) -> None:
        feats[key] = feats.get(key, 0) + 1

    add("d=" + direction)
    add("x=" + direction + "/" + context)
    prev = "<s>"
    for w in words:
        add("w=" + w)
        add("b=" + prev + " " + w)
        prev = w
    add("b=" + prev + " </s>")
    return feats


@dataclass(frozen=True, slots=True)
class LabelScore:
    """The model's probability for one label, whether it passes the threshold, and why."""

    label: str
    probability: float
    threshold: float
    top_features: tuple[str, ...]  # the words that pushed hardest towards the label

    @property
    def positive(self) -> bool:
        return self.probability >= self.threshold


class LabelModel:
    """Per-label logistic regressions over a shared tf-idf vocabulary."""

    def __init__(self, data: dict) -> None:
        self.version = str(data["version"])
        self.label_names: tuple[str, ...] = tuple(data["labels"])
        self._direction = tuple(data["directions"])
        self._bias = tuple(float(b) for b in data["bias"])
        self._threshold = tuple(float(t) for t in data["thresholds"])
        # one row a feature: its idf and its weight for every label, idf folded in up front
        self._rows: dict[str, tuple[float, tuple[float, ...]]] = {
            f: (idf, tuple(w)) for f, idf, w in zip(data["features"], data["idf"],
                                                   data["weights"], strict=True)}

    def score(self, folded: str, direction: str, context: str) -> list[LabelScore]:
        """Scores for every label that applies to this direction."""
        counts = raw_features(folded, direction, context)
        n_labels = len(self.label_names)
        z = [0.0] * n_labels
        norm2 = 0.0
        seen: list[tuple[str, float, tuple[float, ...]]] = []
        rows = self._rows
        for key, c in counts.items():
            row = rows.get(key)
            if row is None:
                continue
            v = (1.0 + math.log(c)) * row[0] if c > 1 else row[0]
            norm2 += v * v
            weights = row[1]
            for k in range(n_labels):
                z[k] += v * weights[k]
            seen.append((key, v, weights))
        norm = math.sqrt(norm2) or 1.0
        out = []
        for k, label in enumerate(self.label_names):
            if self._direction[k] != direction:
                continue
            logit = self._bias[k] + z[k] / norm
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
            top: tuple[str, ...] = ()
            if p >= self._threshold[k]:
                ranked = sorted(((v * w[k], key) for key, v, w in seen
                                 if key.startswith(("w=", "b="))), reverse=True)[:3]
                top = tuple(key.split("=", 1)[1] for c, key in ranked if c > 0)
            out.append(LabelScore(label, p, self._threshold[k], top))
        return out


@lru_cache(maxsize=1)
def load() -> LabelModel | None:
    """The shipped model, or None when the package was built without it."""
    try:
        blob = resources.files("carepost.guard").joinpath("data", MODEL_FILE).read_bytes()
    except FileNotFoundError:
        return None
    return LabelModel(json.loads(gzip.decompress(blob)))
