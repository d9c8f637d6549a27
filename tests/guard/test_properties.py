"""Properties of the whole guard for any input: spans in bounds, never overlapping, covering
what they claim; adversarial and huge inputs finish."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepost.guard import SPAN_TYPES, check, document, find_spans

PIECES = st.sampled_from([
    "my ", "MRN ", "SSN ", "call me at ", "Dr. ", "I'm ", "my son ", "Maria ", "Lopez ",
    "617-555-0134", "4/7", " room 12", "@jdoe88 ", "your results ", "\u200b", "✨", "о",
    "５", "five ", "1.2.3.4.5", "a@b.co", "www.gofundme.com/f/x", " ", ", ", ".", "\n",
    "biopsy ", "DOB ", "92-year-old ", "zip 02139 ", "12 Elm St", "VIN ", "1" * 17,
])


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join) | st.text(max_size=120))
def test_spans_are_in_bounds_ordered_disjoint_and_cover_text(text: str) -> None:
    for direction in ("outbound", "inbound"):
        spans = find_spans(document(text, direction, "comment"))
        last_end = 0
        for s in spans:
            assert 0 <= s.start < s.end <= len(text)
            assert s.start >= last_end, "spans must not overlap"
            assert s.type in SPAN_TYPES
            assert text[s.start:s.end].strip(), "a span must cover visible characters"
            last_end = s.end


ADVERSARIAL = [
    "1" * 100_000,
    "1 " * 50_000,
    "1." * 50_000,
    "a@" * 50_000,
    "@" + "a." * 50_000,
    "Dr. " * 25_000,
    "my son " * 15_000,
    "five " * 20_000,
    "(" * 50_000 + "1" * 10,
    "www." + "a." * 40_000 + "com",
    "\u200b" * 100_000,
    "✨a" * 50_000,
    "Maria Lopez " * 10_000,
    "12 Elm " * 15_000 + "Street",
    "\x00\x01\x02\x7f" * 10_000,
    "KY 0034 8812 55 " * 5_000,
    "Room 1, Ward B, my biopsy " * 2_000,
    "Hi Abc, your MRI " * 5_000,
    "0 7 9 1 1 . " * 10_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_adversarial_inputs_give_a_result(text: str) -> None:
    verdict = check(text, "inbound", "comment")
    assert all(0 <= s.start < s.end <= len(text) for s in verdict.spans)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .-/()@:#aA")), min_size=200,
               max_size=3000))
def test_fuzzed_separator_soup_finishes(text: str) -> None:
    verdict = check(text, "outbound", "post")
    assert verdict.redacted.count("[") >= len(verdict.spans)


@pytest.mark.slow
def test_a_one_megabyte_text_gives_a_result() -> None:
    unit = "Hi Maria, your MRN 44772746 and biopsy on 4/7 are fine. Call us at 555-0100. "
    text = unit * (1_000_000 // len(unit) + 1)
    verdict = check(text, "outbound", "reply")
    assert len(text) >= 1_000_000
    assert any(s.type == "MRN" for s in verdict.spans)


def test_empty_text() -> None:
    verdict = check("", "outbound", "post")
    assert verdict.spans == () and verdict.redacted == ""


CUED = st.sampled_from([
    "I'm ", "i am ", "Ivy ", "Lee ", "from ", "Tillamook", " ", ", ", ".", "live in ", "LIVES ",
    "out ", "the only nurse ", "in ", "at ", "works at ", "Acme Tire & Auto", "goes to ",
    "Lincoln High", "my church, ", "St Mark's", "village called ", "Little Snoring",
    "\u0130", "\u017f", "K", "everyone at ", "my mom is ", "patients from ", "ATTENDS ",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(CUED, max_size=20).map("".join))
def test_cue_starts_find_what_the_patterns_find(text: str) -> None:
    """The case-sensitive pass over the lower-cased text tries the patterns everywhere they
    match (a speed-up may never lose a match)."""
    from carepost.guard.recognizers import base, places

    scan = base.Scan(document(text, "inbound", "comment"))
    for pattern, starts in ((places.EMPLOYER, places._EMPLOYER_STARTS),
                            (places.TOWN, places._TOWN_STARTS),
                            (places.LIVES_IN, places._LIVES_STARTS)):
        fast = [m.span() for m in base.starts_then(pattern, starts, scan)]
        assert fast == [m.span() for m in pattern.finditer(scan.text)], pattern.pattern[:40]
