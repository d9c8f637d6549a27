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
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import itemgetter

MODEL_FILE = "label_model.json.gz"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")


def raw_features(folded: str, direction: str, context: str) -> dict[str, int]:
    """Counts of the features the model knows: words, word pairs, direction and context.

    Letter n-grams were tried and dropped: on independent corpora they added no accuracy and
    tripled the time per text.
    """
    words = _TOKEN.findall(folded.lower())
    # keys in the order the model was scored with (word, then the pair ending on it): the
    # dot products sum in this order, so keeping it keeps every probability bit-identical
    keys = [""] * (2 * len(words))
    keys[0::2] = ["w=" + w for w in words]
    keys[1::2] = [f"b={p} {w}" for p, w in zip(["<s>", *words], words, strict=False)]
    feats = Counter(("d=" + direction, "x=" + direction + "/" + context))
    feats.update(keys)
    feats["b=" + (words[-1] if words else "<s>") + " </s>"] += 1
    return dict(feats)


def _known_features(rows: dict, folded: str, direction: str, context: str) -> dict[str, int]:
    """`raw_features` restricted to the features in `rows`, in the same order (first
    occurrence), without building the keys of unknown pairs into a Counter first."""
    words = _TOKEN.findall(folded.lower())
    counts: dict[str, int] = {}
    get = counts.get
    for key in ("d=" + direction, "x=" + direction + "/" + context):
        if key in rows:
            counts[key] = get(key, 0) + 1
    prev = "<s>"
    for w in words:
        key = "w=" + w
        if key in rows:
            counts[key] = get(key, 0) + 1
        key = "b=" + prev + " " + w
        if key in rows:
            counts[key] = get(key, 0) + 1
        prev = w
    key = "b=" + prev + " </s>"
    if key in rows:
        counts[key] = get(key, 0) + 1
    return counts


def _dots(seen: list[tuple[str, float, tuple[float, ...]]], width: int
          ) -> tuple[float, list[float]]:
    """The squared norm of the values and their dot product with each label's weights.

    Plain left-to-right float additions from 0.0 in feature order (not sum(), which
    compensates from Python 3.12), so the probabilities stay bit-identical to a per-label
    loop; written out for the three and four labels a direction has, which is about three
    times faster than one `accumulate()` per label.
    """
    n = 0.0
    if width == 4:
        z0 = z1 = z2 = z3 = 0.0
        for _, v, w in seen:
            n += v * v
            z0 += v * w[0]
            z1 += v * w[1]
            z2 += v * w[2]
            z3 += v * w[3]
        return n, [z0, z1, z2, z3]
    if width == 3:
        z0 = z1 = z2 = 0.0
        for _, v, w in seen:
            n += v * v
            z0 += v * w[0]
            z1 += v * w[1]
            z2 += v * w[2]
        return n, [z0, z1, z2]
    z = [0.0] * width
    for _, v, w in seen:
        n += v * v
        for i in range(width):
            z[i] += v * w[i]
    return n, z


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
        # per direction, one row a feature: its idf and the weights of that direction's labels
        # only (a text is scored for one direction); built in one pass, it is load time
        Table = dict[str, tuple[float, tuple[float, ...]]]
        self._by_direction: dict[str, tuple[tuple[int, ...], Table]] = {}
        picks = []
        for d in dict.fromkeys(self._direction):
            ks = tuple(k for k, kd in enumerate(self._direction) if kd == d)
            table: Table = {}
            self._by_direction[d] = (ks, table)
            contiguous = ks == tuple(range(ks[0], ks[-1] + 1))
            picks.append((table, slice(ks[0], ks[-1] + 1) if contiguous else itemgetter(*ks)))
        for f, idf, w in zip(data["features"], data["idf"], data["weights"], strict=True):
            for table, pick in picks:
                part = w[pick] if isinstance(pick, slice) else pick(w)
                table[f] = (idf, tuple(part) if isinstance(part, list | tuple) else (part,))

    def score(self, folded: str, direction: str, context: str,
              only: Collection[str] | None = None) -> list[LabelScore]:
        """Scores for every label that applies to this direction (or just those in `only`)."""
        ks, rows = self._by_direction.get(direction, ((), {}))
        if only is not None:
            if not any(self.label_names[k] in only for k in ks):
                return []
        counts = _known_features(rows, folded, direction, context)
        seen = []
        for key, c in counts.items():
            idf, weights = rows[key]
            seen.append((key, (1.0 + math.log(c)) * idf if c > 1 else idf, weights))
        norm2, z = _dots(seen, len(ks))
        norm = math.sqrt(norm2) or 1.0
        out = []
        for i, k in enumerate(ks):
            label = self.label_names[k]
            if only is not None and label not in only:
                continue
            logit = self._bias[k] + z[i] / norm
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
            top: tuple[str, ...] = ()
            if p >= self._threshold[k]:
                ranked = sorted(((v * w[i], key) for key, v, w in seen
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
