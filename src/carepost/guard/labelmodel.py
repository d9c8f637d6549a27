"""A small linear model over words and word pairs that backs up the hand-written label rules.

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
import threading
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress
from operator import itemgetter

MODEL_FILE = "label_model.json.gz"
MIN_TEXT_FEATURES = 4  # known words and word pairs a text needs before the model speaks
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
_START, _END = ("<s>",), ("</s>",)  # never tokens: a token is one word or one character


def raw_features(folded: str, direction: str, context: str) -> dict[str, int]:
    """Counts of the features the model knows: words, word pairs, direction and context.

    Letter n-grams were tried and dropped: on independent corpora they added no accuracy and
    tripled the time per text.
    """
    words = _TOKEN.findall(folded.lower())
    feats = Counter(("d=" + direction, "x=" + direction + "/" + context))
    feats.update(["w=" + w for w in words])
    feats.update(["b=" + p for p in _pairs(words)])
    return dict(feats)


def _pairs(words: list[str]) -> Iterator[str]:
    """Each word with the one before it ("<s>" before the first), then the last with "</s>"."""
    return map(" ".join, zip([*_START, *words], [*words, *_END], strict=True))


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


class _Side:
    """The model as one direction's texts see it (a text is scored for one direction only).

    Features are looked up by their bare text (a word, or a pair of words as a tuple:
    ("<s>", w) starts the text, (w, "</s>") ends it) and numbered from 1, so a miss (None) and no
    feature filter out alike. Row i is (idf squared, idf times each label's weight): a
    feature's share of the squared norm and of each label's sum, so a word seen once costs a
    lookup and no arithmetic in Python; the sums run in C (`zip(*rows)`, `sum`).
    """

    __slots__ = ("labels", "label_set", "scored", "bias", "threshold", "table", "pairs", "keys",
                 "rows", "_plain", "_settings")

    def __init__(self, labels: tuple[str, ...], bias: tuple[float, ...],
                 threshold: tuple[float, ...]) -> None:
        self.labels, self.bias, self.threshold = labels, bias, threshold
        self.label_set = frozenset(labels)
        # (column of its sum, label, bias, threshold) per label, in label order
        self.scored = tuple(zip(range(1, len(labels) + 1), labels, bias, threshold, strict=True))
        self.table: dict[str, int] = {}  # word -> feature number
        self.pairs: dict[tuple[str, str], int] = {}  # (word, next word) -> feature number
        self.keys: list[str] = [""]
        self.rows: list[tuple[float, ...]] = [()]
        self._plain: dict[str, tuple[float, ...]] = {}
        self._settings: dict[str, tuple[float, ...]] = {}

    def add(self, key: str, idf: float, weights: tuple[float, ...]) -> None:
        row = (idf * idf, *map(idf.__mul__, weights))
        kind, _, body = key.partition("=")
        if kind not in ("w", "b"):  # the direction and the setting: the same for many texts
            self._plain[key] = row
            return
        if kind == "w":
            self.table[body] = len(self.rows)
        else:
            first, _, second = body.partition(" ")
            self.pairs[first, second] = len(self.rows)
        self.keys.append(key)
        self.rows.append(row)

    def start(self, direction: str, context: str) -> tuple[float, ...]:
        """The squared norm and the label sums of the direction and context features."""
        got = self._settings.get(context)
        if got is None:
            plain = [self._plain[k] for k in ("d=" + direction, "x=" + direction + "/" + context)
                     if k in self._plain]
            got = self._settings[context] = tuple(
                sum(col, 0.0) for col in zip(*plain, (0.0,) * (len(self.labels) + 1), strict=True))
        return got

    def features(self, folded: str) -> tuple[list[int], list[Sequence[float]]]:
        """The text's known features and their rows (a feature seen c times once, its row
        scaled by 1 + ln c: sublinear term frequency, as in training)."""
        words = _TOKEN.findall(folded.lower())
        # a pair is looked up as the tuple of its two words: joining "w1 w2" built and hashed
        # a new string per pair
        pairs = zip([*_START, *words], [*words, *_END], strict=True)
        found = [*filter(None, map(self.table.get, words)),
                 *filter(None, map(self.pairs.get, pairs))]
        rows = self.rows
        if len(set(found)) == len(found):
            return found, [*map(rows.__getitem__, found)]
        counts = Counter(found)
        return [*counts], [rows[i] if c == 1 else _scaled(rows[i], 1.0 + math.log(c))
                           for i, c in counts.items()]


def _scaled(row: Sequence[float], s: float) -> list[float]:
    # (idf^2 * s * s, idf * w * s ...): the same products, in the same order, as training's
    scaled = [*map(s.__rmul__, row)]
    scaled[0] *= s
    return scaled


class LabelModel:
    """Per-label logistic regressions over a shared tf-idf vocabulary."""

    def __init__(self, data: dict) -> None:
        self.version = str(data["version"])
        self.label_names: tuple[str, ...] = tuple(data["labels"])
        self._data = data
        self._directions = tuple(data["directions"])
        self._sides: dict[str, _Side] = {}
        self._lock = threading.Lock()

    def _side(self, direction: str) -> _Side | None:
        """The model as `direction`'s texts see it, built on first use (a process that checks
        only inbound texts never builds the outbound tables: half the loading time)."""
        side = self._sides.get(direction)
        if side is None and direction in self._directions:
            with self._lock:
                side = self._sides.get(direction)
                if side is None:
                    side = self._sides[direction] = self._build(direction)
        return side

    def _build(self, direction: str) -> _Side:
        data = self._data
        ks = tuple(k for k, kd in enumerate(self._directions) if kd == direction)
        side = _Side(tuple(self.label_names[k] for k in ks),
                     tuple(float(data["bias"][k]) for k in ks),
                     tuple(float(data["thresholds"][k]) for k in ks))
        pick = itemgetter(*ks) if len(ks) > 1 else (lambda w: (w[ks[0]],))
        for f, idf, w in zip(data["features"], data["idf"], data["weights"], strict=True):
            side.add(f, float(idf), tuple(map(float, pick(w))))
        return side

    def score(self, folded: str, direction: str, context: str,
              only: Collection[str] | None = None) -> list[LabelScore]:
        """Scores for every label that applies to this direction (or just those in `only`)."""
        return self._score(folded, direction, context, only, False)

    def confident(self, folded: str, direction: str, context: str,
                  only: Collection[str] | None = None) -> list[LabelScore]:
        """Only the scores that pass their label's threshold (what the guard acts on)."""
        return self._score(folded, direction, context, only, True)

    def _score(self, folded: str, direction: str, context: str,
               only: Collection[str] | None, positive_only: bool) -> list[LabelScore]:
        side = self._side(direction)
        if side is None:
            return []
        if only is not None and side.label_set.isdisjoint(only):
            return []
        found, rows = side.features(folded)
        if positive_only and len(found) < MIN_TEXT_FEATURES:
            # A text of a word or two ("Title", "x") leaves the direction and context features
            # almost alone in the normalised vector, where they never were in training, and
            # the model answered with certainty; it needs words to be evidence.
            return []
        # column k: every feature's share of sum k, then the setting's (summed last)
        cols = [*zip(*rows, side.start(direction, context), strict=True)]
        sums = [*map(sum, cols)]
        norm = math.sqrt(sums[0]) or 1.0
        out = []
        exp = math.exp
        for k, label, bias, threshold in side.scored:
            if only is not None and label not in only:
                continue
            logit = bias + sums[k] / norm
            p = 1.0 / (1.0 + exp(-max(-30.0, min(30.0, logit))))
            if p < threshold:
                if not positive_only:
                    out.append(LabelScore(label, p, threshold, ()))
                continue
            out.append(LabelScore(label, p, threshold, _top_words(cols[k], found, side.keys)))
        return out


def _top_words(column: tuple[float, ...], found: list[int], keys: list[str]) -> tuple[str, ...]:
    """The (up to) three words that pushed hardest towards a label: the features with the
    largest shares (ties: the greater key first), those with a positive share only."""
    shares = column[:-1]  # the last is the setting's, not a word's
    if not shares:
        return ()
    # sorting the floats alone is cheap; only the features at or above the third largest
    # share are then sorted as (share, key) pairs - the same three as sorting every pair
    third = sorted(shares, reverse=True)[:3][-1]
    ranked = sorted(compress(zip(shares, map(keys.__getitem__, found), strict=True),
                             map(third.__le__, shares)), reverse=True)[:3]
    return tuple(key.split("=", 1)[1] for c, key in ranked if c > 0)


@lru_cache(maxsize=1)
def load() -> LabelModel | None:
    """The shipped model, or None when the package was built without it."""
    try:
        blob = resources.files("carepost.guard").joinpath("data", MODEL_FILE).read_bytes()
    except FileNotFoundError:
        return None
    return LabelModel(json.loads(gzip.decompress(blob)))
