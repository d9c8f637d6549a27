"""The engine's contract: check/check_many, input errors, org profiles, redaction, findings."""

from __future__ import annotations

import json

import pytest

from carepost.guard import (
    LABELS,
    GuardInputError,
    OrgProfile,
    Verdict,
    check,
    check_many,
    redact,
)


def test_check_returns_spans_labels_findings_action_and_redaction() -> None:
    text = "@jdoe88 we sent your biopsy results to jdoe88@gmail.com"
    v = check(text, "outbound", "reply")
    assert isinstance(v, Verdict)
    assert [(text[s.start:s.end], s.type) for s in v.spans] == [
        ("@jdoe88", "HANDLE"), ("jdoe88@gmail.com", "EMAIL")]
    assert set(v.labels) == set(LABELS)
    assert v.labels["phi_disclosure"] is True
    assert v.action == "block"
    assert v.redacted == "[HANDLE] we sent your biopsy results to [EMAIL]"
    kinds = [f.kind for f in v.findings]
    assert "identifier:EMAIL" in kinds and "identifier:HANDLE" in kinds
    assert kinds.count("identifier:EMAIL") == 1, "one finding per identifier"


def test_findings_never_repeat_the_identifier() -> None:
    text = "my SSN is 483-29-5521, call me at 617-555-0134 about my scan"
    v = check(text, "inbound", "dm_request")
    blob = json.dumps(v.to_dict())
    assert "483-29-5521" not in blob and "617-555-0134" not in blob
    assert "text" not in v.to_dict()
    assert v.to_dict(include_text=True)["text"] == text


def test_a_benign_post_is_allowed() -> None:
    v = check("Flu shots are here! Walk in Saturday 9-1, no appointment needed.",
              "outbound", "post")
    assert v.spans == ()
    assert v.action == "allow"
    assert not any(v.labels.values())


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"text": None}, "text"),
    ({"text": b"bytes"}, "text"),
    ({"direction": "sideways"}, "direction"),
    ({"context": "tweet"}, "context"),
])
def test_bad_input_raises_a_guard_input_error_naming_the_field(kwargs: dict, field: str) -> None:
    args = {"text": "my MRN is 44772746", "direction": "inbound", "context": "comment", **kwargs}
    with pytest.raises(GuardInputError) as err:
        check(**args)
    assert field in str(err.value)
    assert "44772746" not in str(err.value)


def test_profile_suppresses_what_the_organisation_publishes() -> None:
    text = "Questions? my number is 617-555-0134 or email me at care.team@gmail.com about results"
    plain = check(text, "outbound", "post")
    assert {s.type for s in plain.spans} == {"PHONE", "EMAIL"}
    profile = OrgProfile(phones=("(617) 555 0134",), emails=("Care.Team@gmail.com",))
    assert check(text, "outbound", "post", profile=profile).spans == ()


def test_profile_staff_names_are_not_patients() -> None:
    text = "Thanks Renee, your lab results are in the portal."
    assert [s.type for s in check(text, "outbound", "reply").spans] == ["NAME"]
    v = check(text, "outbound", "reply", profile={"staff": ["Renee Le"]})
    assert v.spans == ()


def test_profile_from_dict_rejects_unknown_keys() -> None:
    with pytest.raises(GuardInputError, match="phonez"):
        check("x", "outbound", "post", profile={"phonez": ["1"]})


def test_check_many_takes_strings_and_records() -> None:
    out = check_many(["Flu shots Saturday!",
                      {"text": "my MRN is 44772746", "direction": "inbound", "context": "comment"}])
    assert [v.direction for v in out] == ["outbound", "inbound"]
    assert [s.type for s in out[1].spans] == ["MRN"]


def test_offsets_index_the_original_text_with_invisible_characters() -> None:
    text = "Hi Ro\u200dbert, your fax 48\u200b02\u200b99\u200b78\u200b23 got the results"
    v = check(text, "outbound", "reply")
    got = [(text[s.start:s.end], s.type) for s in v.spans]
    assert got == [("Ro\u200dbert", "NAME"), ("48\u200b02\u200b99\u200b78\u200b23", "FAX")]


def test_redact_skips_overlaps() -> None:
    from carepost.guard import Span

    spans = [Span(0, 4, "NAME", 1, "r", "e"), Span(2, 6, "DATE", 1, "r", "e")]
    assert redact("abcdefgh", spans) == "[NAME]efgh"


def test_profile_public_events_and_addresses_are_not_identifiers() -> None:
    text = "I'm at 42 Elm Street, my biopsy on 10/5 hurt"
    assert {s.type for s in check(text, "inbound", "comment").spans} == {"ADDRESS", "DATE"}
    profile = OrgProfile(addresses=("42 Elm Street, Springfield",),
                         public_events=("Biopsy awareness day 10/5",))
    assert check(text, "inbound", "comment", profile=profile).spans == ()
