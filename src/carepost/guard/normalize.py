"""Fold a text into the plain form recognizers match against, keeping a map back to the original.

Evasions the folding undoes: NFKC compatibility forms (fullwidth digits), digits of other
scripts, Cyrillic/Greek look-alike letters, zero-width characters and variation selectors,
keycap emoji digits, emoji wedged between the letters of a word, letters spelled with dots
("R.h.o.n.d.a"), characters spaced out ("5 5 5 0 1 2 3"), digits written as words ("five five
five"), letters posing as digits in a phone number ("l-6lS-6B4"), and "name at domain dot com".

Each pass returns the new string and, for every new character, the index of the character of
its input that produced it; the passes' maps are composed so `offsets[i]` indexes the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from carepost.guard.types import Context, Direction, Document, OrgProfile

# Removed outright: they carry no letter or digit, and evasions hide them inside identifiers.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
    "\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d"
    "\ufe0e\ufe0f\u20e3\u034f"
)
# Cyrillic and Greek letters that look like Latin ones (only the unambiguous look-alikes).
_HOMOGLYPHS: dict[str, str] = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ɡ": "g", "ո": "n", "А": "A", "В": "B", "Е": "E", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J",
    "Ѕ": "S", "Ү": "Y", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
    "α": "a", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u2043": "-",
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
    "\u2024": ".", "\u2219": ".", "\u00b7": ".",
}

Pass = Callable[[str], tuple[str, list[int]] | None]
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _chars(text: str) -> tuple[str, list[int]] | None:
    """Character-level folding; None when the text is plain ASCII (the common case)."""
    if text.isascii():
        return None
    out: list[str] = []
    idx: list[int] = []
    n = len(text)
    pos = 0
    # ASCII stretches are copied whole; only the other characters are looked at one by one
    for m in _NON_ASCII.finditer(text):
        i, ch = m.start(), m.group(0)
        if pos < i:
            out.append(text[pos:i])
            idx.extend(range(pos, i))
        pos = i + 1
        if ch in _INVISIBLE:
            continue
        if ch in _HOMOGLYPHS:
            out.append(_HOMOGLYPHS[ch])
            idx.append(i)
            continue
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cs", "Co") and out and out[-1][-1:].isalnum():
            # an emoji between two letters or digits of one word is an evasion: drop it
            j = i + 1
            while j < n and (text[j] in _INVISIBLE
                             or unicodedata.category(text[j]) in ("So", "Sk")):
                j += 1
            if j < n and text[j].isalnum():
                continue
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
            idx.append(i)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and folded:
            for f in folded:
                out.append(_HOMOGLYPHS.get(f, f))
                idx.append(i)
            continue
        out.append(ch)
        idx.append(i)
    if pos < n:
        out.append(text[pos:])
        idx.extend(range(pos, n))
    return "".join(out), idx


def _rewrite(text: str, pattern: re.Pattern[str],
             replace: Callable[[re.Match[str]], Iterable[tuple[str, int]] | None]
             ) -> tuple[str, list[int]] | None:
    """Apply `replace` to each match; it yields (char, index in text) pairs, or None to keep."""
    pieces: list[str] = []
    idx: list[int] = []
    pos = 0
    changed = False
    for m in pattern.finditer(text):
        new = replace(m)
        if new is None:
            continue
        changed = True
        pieces.append(text[pos:m.start()])
        idx.extend(range(pos, m.start()))
        for ch, at in new:
            pieces.append(ch)
            idx.append(at)
        pos = m.end()
    if not changed:
        return None
    pieces.append(text[pos:])
    idx.extend(range(pos, len(text)))
    return "".join(pieces), idx


_TLDS = "com|org|net|edu|gov|us|io|co|me|info|biz"
_AT_DOT = re.compile(
    # "dana.k[at]mailbox[dot]com": a bracketed at or dot needs no spaces around it
    r"(?<![\w.])([A-Za-z0-9][\w.+\-]{0,40})(?:\s{0,3}(?:\(at\)|\[at\]|\{at\})\s{0,3}|\s{1,3}at\s{1,3})"
    r"([A-Za-z0-9\-]{1,40})(?:\s{0,3}(?:\(dot\)|\[dot\]|\{dot\})\s{0,3}|\s{1,3}dot\s{1,3})"
    r"(" + _TLDS + r")\b", re.I)


def _at_dot(text: str) -> tuple[str, list[int]] | None:
    """'jane at gmail dot com' -> 'jane@gmail.com'."""
    low = text.lower()
    if " at " not in low and "(at)" not in low and "[at]" not in low and "{at}" not in low:
        return None
    if "dot" not in low:  # every way _AT_DOT spells the dot says "dot"
        return None

    def repl(m: re.Match[str]) -> Iterable[tuple[str, int]]:
        out = [(c, m.start(1) + k) for k, c in enumerate(m.group(1))]
        out.append(("@", m.end(1)))
        out += [(c, m.start(2) + k) for k, c in enumerate(m.group(2))]
        out.append((".", m.end(2)))
        out += [(c, m.start(3) + k) for k, c in enumerate(m.group(3))]
        return out

    return _rewrite(text, _AT_DOT, repl)


_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_DW = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)"
# three or more digit words (or digits) in a row, separated by a space, hyphen or comma
_DW_SEP = r"(?: ?[,\-.)(/] ?| )"
_DIGIT_RUN = re.compile(r"\b" + _DW + r"(?:" + _DW_SEP + _DW + r"){2,24}\b", re.I)


def _digit_words(text: str) -> tuple[str, list[int]] | None:
    """'six three six zero' -> '6360': only runs of three or more, so 'one of us' is untouched."""
    low = text.lower()
    if not any(w in low for w in ("zero", "one", "two", "three", "four", "five", "six", "seven",
                                  "eight", "nine")):
        return None
    # a run is rewritten only with two digit words in it: a text holding fewer (counted as
    # substrings, so "someone" counts too) has nothing to rewrite
    if sum(map(low.count, _DIGIT_WORDS)) < 2:
        return None

    def repl(m: re.Match[str]) -> Iterable[tuple[str, int]] | None:
        words = list(re.finditer(r"[A-Za-z]+|\d", m.group(0)))
        if sum(1 for w in words if not w.group(0).isdigit()) < 2:
            return None
        out = []
        for w in words:
            said = w.group(0)
            digit = said if said.isdigit() else _DIGIT_WORDS.get(said.lower())
            if digit is None:
                # "n\u0130ne": the pattern matches the dotted capital I (and the dotless i, the
                # long s) as an ASCII letter, [A-Za-z] splits the word there: leave the run
                # alone (its pieces would not map back to the original characters)
                return None
            out.append((digit, m.start() + w.start()))
        return out

    return _rewrite(text, _DIGIT_RUN, repl)


# letters spelled with dots: "J.e.f.f", "R.h.o.n.d.a" (three or more letters)
_DOTTED_LETTERS = re.compile(r"(?<![\w.])[A-Za-z](?:\.[A-Za-z]){2,30}(?![\w])")
# what _DOTTED_LETTERS needs ("a.b.c"), found from its first dot (a literal the engine skips to)
_LETTER_DOTS = re.compile(r"\.(?<=[A-Za-z]\.)[A-Za-z]\.[A-Za-z]")
# single characters spaced or dotted out: "5 5 5 . 0 1 2 3", "C S 0 8 7 9 5 4", "1.9.6.5.1"
_SPACED = re.compile(
    r"(?<![\w.])[A-Z0-9](?:(?: ?[.\-] ?| )[A-Z0-9]){2,30}(?:(?: ?[.\-] ?| )\d{2,12})?(?![\w])")


def _dotted(text: str) -> tuple[str, list[int]] | None:
    """Drop the dots of a dotted-out word."""
    if "." not in text or not _LETTER_DOTS.search(text):
        return None

    def repl(m: re.Match[str]) -> Iterable[tuple[str, int]]:
        return [(c, m.start() + k) for k, c in enumerate(m.group(0)) if c != "."]

    return _rewrite(text, _DOTTED_LETTERS, repl)


def _spaced(text: str) -> tuple[str, list[int]] | None:
    """Close up characters spaced or dotted out, when at least four of them are digits."""

    def repl(m: re.Match[str]) -> Iterable[tuple[str, int]] | None:
        s = m.group(0)
        if sum(c.isdigit() for c in s) < 4:
            return None
        return [(c, m.start() + k) for k, c in enumerate(s) if c.isalnum()]

    return _rewrite(text, _SPACED, repl)


# an address spaced around its dots: "58 . 84 . 112 . 9"
_SPACED_DOTS = re.compile(r"(?<![\w.])\d{1,3}(?: ?\. ?\d{1,3}){3}(?![\w]|\.\d)")


def _spaced_dots(text: str) -> tuple[str, list[int]] | None:
    """'58 . 84 . 112 . 9' -> '58.84.112.9'."""
    if " ." not in text and ". " not in text:
        return None

    def repl(m: re.Match[str]) -> Iterable[tuple[str, int]] | None:
        if " " not in m.group(0):
            return None
        return [(c, m.start() + k) for k, c in enumerate(m.group(0)) if c != " "]

    return _rewrite(text, _SPACED_DOTS, repl)


_LOOKALIKE_DIGITS = {"l": "1", "I": "1", "O": "0", "o": "0", "S": "5", "B": "8"}
_PHONEISH = re.compile(r"(?<![\w])[+(]?[0-9lIOoSB][0-9lIOoSB .\-()]{7,18}[0-9](?![\w])")


def _lookalike_digits(text: str) -> tuple[str, list[int]] | None:
    """'+l 2l3 SB3 O342' -> '+1 213 583 0342' when most of the run is real digits."""

    def repl(m: re.Match[str]) -> Iterable[tuple[str, int]] | None:
        s = m.group(0)
        real = sum(c.isdigit() for c in s)
        fake = sum(c in _LOOKALIKE_DIGITS for c in s)
        if not fake or real < 4 or not 7 <= real + fake <= 15 or real < 0.4 * (real + fake):
            return None
        tokens = [t for t in re.split(r"[ .\-()+]+", s) if t]
        for k, token in enumerate(tokens):
            # only a country code ("+l ...") may be a lone look-alike; a word ("SOB", the
            # "I" of "I'm" after a number) ends the run
            if not any(c.isdigit() for c in token) and (k > 0 or len(token) > 1):
                return None
        return [(_LOOKALIKE_DIGITS.get(c, c), m.start() + k) for k, c in enumerate(s)]

    return _rewrite(text, _PHONEISH, repl)


_PASSES: tuple[Pass, ...] = (_chars, _at_dot, _digit_words, _dotted, _spaced_dots, _spaced,
                             _lookalike_digits)
# the last passes, which need four ASCII digits in the text (after the passes before them:
# `_chars` has turned every other script's digits into ASCII ones by then)
_NEED_FOUR_DIGITS = frozenset({_spaced_dots, _spaced, _lookalike_digits})


def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Return the folded text and, for each of its characters plus one, the original index."""
    cur = text
    offsets: list[int] | None = None  # None means identity
    digits = -1
    for p in _PASSES:
        if p in _NEED_FOUR_DIGITS:
            # these passes only rewrite runs holding four ASCII digits or more (and none of
            # them removes a digit): most texts have fewer, so skip the three regex scans
            if digits < 0:
                digits = sum(map(cur.count, "0123456789"))
            if digits < 4:
                break
        res = p(cur)
        if res is None:
            continue
        cur, idx = res
        offsets = idx if offsets is None else [offsets[i] for i in idx]
    if offsets is None:
        return text, tuple(range(len(text) + 1))
    offsets.append(len(text))
    return cur, tuple(offsets)


def document(text: str, direction: Direction = "outbound", context: Context = "post",
             profile: OrgProfile | None = None) -> Document:
    """Fold `text` into a Document for the recognizers and the rules."""
    folded, offsets = fold(text)
    return Document(text, folded, offsets, direction, context, profile or OrgProfile())
