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
    # a word or two is no evidence: `score` still reports, `confident` acts on nothing
    assert model.confident("x", "outbound", "post") == []


def test_only_scores_the_labels_asked_for(model: labelmodel.LabelModel) -> None:
    text = "started the new pills last week and now I have a rash and I can't breathe"
    full = {s.label: s for s in model.score(text, "inbound", "comment")}
    some = model.score(text, "inbound", "comment", only={"emergency", "medical_advice"})
    assert [s.label for s in some] == ["emergency"]
    assert some[0] == full["emergency"]
    assert model.score(text, "inbound", "comment", only=set()) == []


# Classes the lead's private corpus found failing, in phrasings written for this test only: the
# training script never reads this file, so these cases are held out from the model.
HELD_OUT_CLASSES = [
    # complaint: dismissive staff, nobody warned, no follow-up call
    ("complaint", True, "inbound", "review", "The receptionist told me my chest pain was "
     "probably indigestion and to stop wasting their time."),
    ("complaint", True, "inbound", "review", "Nobody told me the tablets could make me this "
     "sick. Zero information given."),
    ("complaint", True, "inbound", "comment", "after my colonoscopy no one called to follow up "
     "like they said they would"),
    # not complaints: praise, a question, a conspiracy rant, an adverse event that blames no one
    ("complaint", False, "inbound", "review", "Seen within ten minutes, the doctor was kind and "
     "thorough. Five stars from me."),
    ("complaint", False, "inbound", "review", "He took his time with my questions and never "
     "made me feel silly. Rare to find."),
    ("complaint", False, "inbound", "comment", "Is it normal for a baby to sneeze a lot in the "
     "first month?"),
    ("complaint", False, "inbound", "comment", "The covid jab has microchips in it and they're "
     "tracking us all."),
    ("complaint", False, "inbound", "comment", "The shingles vaccine gave me a fever and a "
     "swollen arm for two days."),
    # adverse events from a product, a device failing, an overdose
    ("adverse_event", True, "inbound", "comment", "put your eczema balm on last night and woke "
     "up with blisters all over my hands"),
    ("adverse_event", True, "inbound", "comment", "the bleaching strips from your store made my "
     "gums white and painful"),
    ("adverse_event", True, "inbound", "comment", "started the new heart tablet this morning and "
     "now my pulse is pounding and I feel faint"),
    ("adverse_event", True, "inbound", "comment", "those multivitamins you sell gave my son a "
     "blotchy rash"),
    ("adverse_event", True, "inbound", "comment", "my brother just took his whole pack of "
     "sleeping pills"),
    ("adverse_event", True, "inbound", "comment", "the glucose pen got stuck and didn't give the "
     "dose, now my sugar is sky high"),
    # misinformation: folk cure, origin conspiracy, reproductive myth, antibiotics, statins, detox
    ("misinformation", True, "inbound", "comment", "Put a raw onion on your chest, it sucks the "
     "infection out of the lungs."),
    ("misinformation", True, "inbound", "comment", "The measles outbreak was engineered in a lab "
     "to sell vaccines."),
    ("misinformation", True, "inbound", "comment", "You can't get pregnant while you're on your "
     "period, it's impossible."),
    ("misinformation", True, "inbound", "comment", "Finishing a course of antibiotics is "
     "pointless, stop as soon as you feel fine."),
    ("misinformation", True, "inbound", "comment", "Statins are a scam, high cholesterol is made "
     "up by the drug companies."),
    ("misinformation", True, "inbound", "comment", "Detox teas clean your liver so you won't "
     "need your blood pressure meds anymore."),
    # replies that diagnose the reviewer or advise from their own history confirm a patient
    ("patient_relationship", True, "outbound", "review_reply", "So sorry about the rash! It "
     "sounds like an allergy to the dressing, try an antihistamine."),
    ("patient_relationship", True, "outbound", "reply", "With your history of migraines you "
     "should avoid that medication."),
    ("patient_relationship", True, "outbound", "reply", "As we discussed at your visit, keep the "
     "cast dry for six weeks."),
    ("patient_relationship", False, "outbound", "post", "If you get migraines, ask your "
     "pharmacist before taking a new painkiller."),
]


@pytest.mark.parametrize(("label", "expected", "direction", "context", "text"),
                         HELD_OUT_CLASSES)
def test_failing_classes_are_decided_on_unseen_phrasings(label: str, expected: bool,
                                                         direction: str, context: str,
                                                         text: str) -> None:
    from carepost.guard import check

    assert check(text, direction, context).labels[label] is expected


@pytest.mark.parametrize("text", ["t", "x", "Title", "Flu", "Hello there"])
def test_a_word_or_two_is_no_evidence_for_any_label(text: str) -> None:
    from carepost.guard import check

    for direction, context in (("outbound", "post"), ("inbound", "comment")):
        verdict = check(text, direction, context)
        assert not [f for f in verdict.findings if f.rule.startswith("model.")], text


def test_a_direction_is_built_only_when_first_scored() -> None:
    m = labelmodel.LabelModel(labelmodel.load()._data)  # type: ignore[union-attr]
    assert not m._sides
    m.score("thanks for the update", "inbound", "comment")
    assert set(m._sides) == {"inbound"}
    assert m.score("thanks", "sideways", "comment") == [] and set(m._sides) == {"inbound"}
