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
from collections import Counter, deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from operator import itemgetter, mul

MODEL_FILE = "label_model.json.gz"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")


def _total(values: Iterable[float]) -> float:
    """Sum from 0.0, strictly left to right, at C speed."""
    return deque(accumulate(values, initial=0.0), maxlen=1)[0]


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
        counts = raw_features(folded, direction, context)
        seen = [(key, (1.0 + math.log(c)) * row[0] if c > 1 else row[0], row[1])
                for key, c in counts.items() if (row := rows.get(key)) is not None]
        vs = [v for _, v, _ in seen]
        # plain left-to-right float additions in feature order, as a loop would do them (not
        # sum(), which compensates from Python 3.12): the probabilities stay bit-identical
        norm2 = _total(map(mul, vs, vs))
        columns = zip(*(w for _, _, w in seen), strict=True)
        z = [_total(map(mul, vs, col)) for col in columns] or [0.0] * len(ks)
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
