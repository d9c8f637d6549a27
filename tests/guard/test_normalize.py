"""The normaliser: folding tables, and properties of the offset map for any input."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepost.guard.normalize import _DIGIT_WORDS, _HOMOGLYPHS, _LOOKALIKE_DIGITS, fold

FOLDS = [
    ("plain ascii stays", "call 555-0134", "call 555-0134"),
    ("fullwidth digits", "(４０７) ８９９－３３５０", "(407) 899-3350"),
    ("arabic-indic digits", "٤١٥", "415"),
    ("cyrillic look-alikes", "Jоhn Аndеrsоn", "John Anderson"),
    ("zero-width joiners", "Rob\u200dert Mir\u200danda", "Robert Miranda"),
    ("zero-width spaces in digits", "79\u200b74\u200b21", "797421"),
    ("keycap digits", "0️⃣0️⃣1️⃣7️⃣", "0017"),
    ("emoji between letters", "A✨n✨n✨e", "Anne"),
    ("emoji between words kept", "thanks 💙 team", "thanks 💙 team"),
    ("dotted letters", "R.h.o.n.d.a C.h.a.n.g", "Rhonda Chang"),
    ("dotted digits", "1.9.6.5.1.9.0.0.5", "196519005"),
    ("spaced digits", "5 5 5 . 0 1 2 3", "5550123"),
    ("spaced letters and digits", "C S 0 8 7 9 5 4", "CS087954"),
    ("digit words", "one two five four six", "12546"),
    ("digit words after letters", "H A R six three six zero nine two one", "HAR6360921"),
    ("words not in a run", "one of our two nurses", "one of our two nurses"),
    ("digit words with separators", "seven one three - two four two - three five five eight",
     "7132423558"),
    ("a list of counts is not a number", "one, two or three kids", "one, two or three kids"),
    ("look-alike letters in a phone", "l-6lS-6B4-S2l9", "1-615-684-5219"),
    ("look-alike country code", "+l 2l3 SB3 O342", "+1 213 583 0342"),
    ("a word after a number is kept", "fax 1-305-662-0422. I'm", "fax 1-305-662-0422. I'm"),
    ("name at domain dot com", "jo_34 at gmail dot com", "jo_34@gmail.com"),
    ("an IP address is not collapsed", "72.64.82.222", "72.64.82.222"),
    ("empty", "", ""),
    # the digit-word pattern reads the dotted capital I as an i, [A-Za-z] does not: a run it
    # splits is left alone (folding it crashed: its pieces did not map back to the original)
    ("dotted capital I in a digit word", "n\u0130ne two three", "n\u0130ne two three"),
    ("long s in a digit word", "two \u017fix three", "263"),  # NFKC made it an s first
]


@pytest.mark.parametrize(("why", "text", "folded"), FOLDS, ids=[f[0] for f in FOLDS])
def test_folding_table(why: str, text: str, folded: str) -> None:
    assert fold(text)[0] == folded


def _claims(orig: str, at: int, ch: str) -> bool:
    """Whether folded character `ch` is a fair reading of the original character at `at`."""
    o = orig[at]
    nfkc = unicodedata.normalize("NFKC", o)
    if ch == o or ch in nfkc or _HOMOGLYPHS.get(o) == ch:
        return True
    # NFKC first, then the look-alike map: MATHEMATICAL BOLD CAPITAL TAU -> Greek Tau -> T
    if any(_HOMOGLYPHS.get(c) == ch for c in nfkc):
        return True
    if unicodedata.decimal(o, None) is not None and str(unicodedata.decimal(o)) == ch:
        return True
    if _LOOKALIKE_DIGITS.get(o) == ch:
        return True
    # the look-alike map, then a letter posing as a digit in a number: Cyrillic o -> o -> 0
    if _LOOKALIKE_DIGITS.get(_HOMOGLYPHS.get(o, "")) == ch:
        return True
    word = unicodedata.normalize("NFKC", orig[at:at + 5]).lower()  # NFKC: the long s is an s
    if any(word.startswith(w) and d == ch for w, d in _DIGIT_WORDS.items()):
        return True
    return ch in "@." and orig[at:at + 5].lower().lstrip(" ([").startswith(("at", "dot"))


ALPHABET = st.sampled_from(
    list("abcXYZ019 .-@()+lIOSB") + ["\u200b", "\u200d", "\ufe0f", "\u20e3", "✨", "о", "А",
                                     "４", "٤", "－", "é", "e\u0301", "\n", "\x00", "\x07",
                                     " at ", " dot ", "five ", "one ", "com", "n\u0130ne ",
                                     "f\u0131ve ", "\u017fix "])


@settings(max_examples=300)
@given(st.lists(ALPHABET, max_size=60).map("".join) | st.text(max_size=80))
def test_offset_map_stays_in_bounds_and_claims_its_characters(text: str) -> None:
    folded, offsets = fold(text)
    assert len(offsets) == len(folded) + 1
    assert offsets[-1] == len(text)
    assert all(0 <= o < len(text) for o in offsets[:-1])
    assert list(offsets) == sorted(offsets), "the map must never go backwards"
    for i, ch in enumerate(folded):
        assert _claims(text, offsets[i], ch), (text, i, ch)
