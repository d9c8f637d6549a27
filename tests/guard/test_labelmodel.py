"""The backup label model: it loads, scores only its direction's labels, and explains itself."""

from __future__ import annotations

import pytest

from carepost.guard import labelmodel
from carepost.guard.normalize import fold
from carepost.guard.types import INBOUND_LABELS, OUTBOUND_LABELS


@pytest.fixture(scope="module")
def model() -> labelmodel.LabelModel:
    m = labelmodel.load()
    assert m is not None, "the package ships data/label_model.json.gz"
    return m


def test_features_count_words_pairs_and_setting() -> None:
    f = labelmodel.raw_features("My arm hurts, my arm!", "inbound", "comment")
    assert f["w=arm"] == 2
    assert f["b=my arm"] == 2
    assert f["d=inbound"] == 1 and f["x=inbound/comment"] == 1
    assert f["b=<s> my"] == 1 and f["b=! </s>"] == 1


@pytest.mark.parametrize("direction,allowed", [("inbound", INBOUND_LABELS),
                                                ("outbound", OUTBOUND_LABELS)])
def test_scores_only_the_labels_of_the_direction(model: labelmodel.LabelModel, direction: str,
                                                 allowed: frozenset[str]) -> None:
    scores = model.score("thanks for the update", direction, "comment")
    assert scores and all(s.label in allowed for s in scores)
    assert all(0.0 <= s.probability <= 1.0 for s in scores)


@pytest.mark.parametrize("text,direction,label", [
    ("started the new blood pressure pills last week and now I have a rash and dizzy spells",
     "inbound", "adverse_event"),
    ("I can't breathe and my chest is crushing right now, please help",
     "inbound", "emergency"),
    ("@kim you should double your insulin tonight and skip the metformin",
     "outbound", "medical_advice"),
])
def test_clear_cases_pass_the_threshold_with_reasons(model: labelmodel.LabelModel, text: str,
                                                     direction: str, label: str) -> None:
    score = next(s for s in model.score(fold(text)[0], direction, "comment") if s.label == label)
    assert score.positive, score
    assert score.top_features


def test_plain_greetings_stay_below_every_threshold(model: labelmodel.LabelModel) -> None:
    for direction in ("inbound", "outbound"):
        assert not any(s.positive for s in model.score("Happy Monday everyone!", direction, "post"))


def _reference_probabilities(text: str, direction: str, context: str) -> dict[str, float]:
    # the model scored the plain way (one label at a time, feature by feature)
    import gzip
    import json
    import math
    from importlib import resources

    blob = resources.files("carepost.guard").joinpath("data", labelmodel.MODEL_FILE).read_bytes()
    data = json.loads(gzip.decompress(blob))
    rows = {f: (idf, w) for f, idf, w in zip(data["features"], data["idf"], data["weights"],
                                            strict=True)}
    z = [0.0] * len(data["labels"])
    norm2 = 0.0
    for key, c in labelmodel.raw_features(text, direction, context).items():
        if key not in rows:
            continue
        idf, weights = rows[key]
        v = (1.0 + math.log(c)) * idf if c > 1 else idf
        norm2 += v * v
        for k in range(len(z)):
            z[k] += v * weights[k]
    norm = math.sqrt(norm2) or 1.0
    return {label: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, data["bias"][k] + z[k] / norm))))
            for k, label in enumerate(data["labels"]) if data["directions"][k] == direction}


@pytest.mark.parametrize("text,direction", [
    ("started the new pills last week and now I have a rash, a rash!", "inbound"),
    ("@kim you should double your insulin tonight", "outbound"),
    ("", "inbound"),
])
def test_fast_scoring_matches_the_plain_sum(model: labelmodel.LabelModel, text: str,
                                           direction: str) -> None:
    # the fast path adds in another order (words, then pairs, in C): equal to rounding
    expected = _reference_probabilities(text, direction, "comment")
    got = {s.label: s.probability for s in model.score(text, direction, "comment")}
    assert got.keys() == expected.keys()
    assert all(got[k] == pytest.approx(expected[k], rel=1e-12, abs=1e-15) for k in got)


def test_confident_returns_exactly_the_positive_scores(model: labelmodel.LabelModel) -> None:
    text = fold("I can't breathe and my chest is crushing right now, please help")[0]
    for direction in ("inbound", "outbound"):
        every = model.score(text, direction, "comment")
        assert model.confident(text, direction, "comment") == [s for s in every if s.positive]
    assert model.confident(text, "inbound", "comment", only={"complaint"}) == []


def test_only_scores_the_labels_asked_for(model: labelmodel.LabelModel) -> None:
    text = "started the new pills last week and now I have a rash and I can't breathe"
    full = {s.label: s for s in model.score(text, "inbound", "comment")}
    some = model.score(text, "inbound", "comment", only={"emergency", "medical_advice"})
    assert [s.label for s in some] == ["emergency"]
    assert some[0] == full["emergency"]
    assert model.score(text, "inbound", "comment", only=set()) == []
