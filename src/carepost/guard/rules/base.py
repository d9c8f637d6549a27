"""Shared pieces of the rule families: the Hit record and small regex helpers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from carepost.guard import scan
from carepost.guard.rules.factor import factor, top_level_branches

# Rules match a lower-cased copy of the text (see `lower`): case-insensitive regexes cost
# `re` about twice as much, and the guard has a per-text time budget.
FLAGS = 0
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower(text: str) -> str:
    """Lower-case copy of the text with exactly the same offsets."""
    low = text.lower()
    # a few characters (dotted capital I) grow when lower-cased; keep offsets aligned then
    if len(low) != len(text):
        low = text.translate(_ASCII_LOWER)
    scan.index(low)  # every rule searches this string: split it into words once (guard/scan.py)
    return low


def holds(text: str, literals: tuple[str, ...]) -> bool:
    """Whether the text contains one of the literals (a plain loop: `any()` over a generator
    costs about twice as much, and rules make this test before some searches)."""
    for lit in literals:
        if lit in text:
            return True
    return False


# what keeps its case in a pattern: an escape (\\S, \\W, \\D, \\B ...) and a named group's "(?P"
_KEEP_CASE = re.compile(r"(\\.|\(\?P)", re.DOTALL)


def _lower_pattern(pattern: str) -> str:
    # lower-case literal ASCII letters only: split at what keeps its case (odd pieces) and
    # lower-case the rest (a loop over characters cost a tenth of a second per process)
    pieces = _KEEP_CASE.split(pattern)
    pieces[::2] = [p.translate(_ASCII_LOWER) for p in pieces[::2]]
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule firing on the folded text: which label, why, and where."""

    label: str
    rule: str
    start: int          # offsets into Document.folded
    end: int
    cue: str            # the words that triggered it (rule vocabulary, shown to reviewers)
    score: float
    message: str


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation of phrases, factored as a trie, whitespace-tolerant.

    Python's `re` tries every branch of a flat alternation at every position; a trie-shaped
    pattern rejects a position after one or two characters, which keeps lexicons of hundreds
    of words cheap. Rules match lower-cased text, so the trie is built on lower-cased
    phrases; longer phrases win over their prefixes.
    """
    trie: dict[str, dict] = {}
    for w in {" ".join(w.lower().split()) for w in words if w.strip()}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) or "(?!)"


def _trie_pattern(node: dict[str, dict]) -> str:
    ends = "" in node
    keys = sorted(k for k in node if k)
    if not keys:
        return ""
    if len(keys) == 1:
        # a run of one-child nodes (the rest of a word) is its characters in a row
        ch = keys[0]
        child = node[ch]
        run = [_escaped(ch)]
        while len(child) == 1 and "" not in child:
            ((ch, child),) = child.items()
            run.append(_escaped(ch))
        body = "".join(run) + _trie_pattern(child)
    else:
        body = "(?:" + "|".join([_escaped(ch) + _trie_pattern(node[ch]) for ch in keys]) + ")"
    # greedy optional: the longer phrase is tried first, the prefix still matches
    return f"(?:{body})?" if ends else body


_ESCAPED: dict[str, str] = {" ": r"\s+"}


def _escaped(ch: str) -> str:
    piece = _ESCAPED.get(ch)
    if piece is None:
        piece = _ESCAPED[ch] = re.escape(ch)
    return piece


def rx(pattern: str, flags: int = FLAGS) -> LazyRx:
    """A rule pattern, compiled once on first use; rules never compile per call."""
    return LazyRx(pattern, flags)


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    plain = hoist_boundary(_lower_pattern(pattern))
    try:
        compiled = re.compile(factor(plain), flags)
    except (re.error, ValueError, RecursionError):  # never let an optimisation break a rule
        return re.compile(plain, flags)
    if compiled.pattern != plain:
        UNFACTORED[compiled.pattern] = plain
    return compiled


_PLAIN_USES = 3  # searches before a pattern is analysed for gating (guard/scan.py)


class LazyRx:
    """A compiled-on-first-use pattern with the `search`/`finditer` of `re.Pattern`.

    Compiling every rule costs about a second; `carepost check` on one outbound text needs
    only the outbound rules, so each pattern is compiled when it is first searched. A pattern
    searched again and again (a batch, a server) is then analysed once more (`scan.gate`) so
    its searches try only the positions where a match may start; a single check never pays
    for that analysis.
    """

    __slots__ = ("_source", "_flags", "_compiled", "_gate", "_uses")

    def __init__(self, source: str, flags: int = FLAGS) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._gate: scan.Gate | None = None
        self._uses = _PLAIN_USES

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if needed)."""
        c = self._compiled
        if c is None:
            # two threads may both compile the first time: harmless, the results are equal
            c = self._compiled = _compile(self._source, self._flags)
        return c

    @property
    def gate(self) -> scan.Gate | None:
        """Where matches may start (guard/scan.py), or None when searches stay plain."""
        if self._uses:
            self._analyse()
        return self._gate

    def _analyse(self) -> scan.Gate | None:
        self._uses = 0
        self._gate = scan.gate(self.compiled().pattern, self._flags)
        return self._gate

    @property
    def pattern(self) -> str:
        """The pattern as compiled (lower-cased, boundary-hoisted, factored)."""
        return self.compiled().pattern

    def _counted(self) -> scan.Gate | None:
        """Count one more plain search; analyse the pattern when the count runs out."""
        self._uses -= 1
        return None if self._uses else self._analyse()

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Like `re.Pattern.search`."""
        c = self._compiled or self.compiled()
        if endpos is None:
            # the text the rules search is indexed by words: try only where a match may start
            # (written out: this runs some twenty times per check)
            g = self._gate
            if g is None and self._uses:
                g = self._counted()
            if g is not None and scan.ENABLED:
                idx = scan._current
                if idx is not None and idx.text is text:
                    if idx.version == scan._version and not (
                            idx.live & g.bit or idx.entries & g.entries):
                        return None  # none of its keys occurs (most searches end here)
                    return scan.search(c, g, idx, text, pos)
            return c.search(text, pos)
        return c.search(text, pos, endpos)

    def may_match(self, text: str) -> bool:
        """False only when the word index proves the pattern cannot match `text`
        (guard/scan.py): a test cheaper than the substring checks rules make before some
        searches, so they are made only for the texts that get past it."""
        g = self._gate
        if g is None or not scan.ENABLED:
            return True
        idx = scan._current
        return idx is None or idx.text is not text or scan.live(g, idx)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Like `re.Pattern.finditer`."""
        c = self._compiled or self.compiled()
        g = self._gate
        if g is None and self._uses:
            g = self._counted()
        if g is not None and scan.ENABLED and (idx := scan.current(text)) is not None:
            if idx.version == scan._version and not (
                    idx.live & g.bit or idx.entries & g.entries):
                return iter(())  # none of its keys occurs
            return scan.finditer(c, g, idx, text)
        return c.finditer(text)


class Cues:
    """The patterns one of which a rule family needs before any of its rules can fire.

    `absent(text)` is True only when the word index (guard/scan.py) proves that none of them
    can match the indexed text: the family then returns at once, with one test instead of a
    search per pattern. False whenever that cannot be proven (a pattern not yet analysed or
    not gateable, gating off, another text indexed).
    """

    __slots__ = ("_patterns", "_bits", "_entries", "_ready", "_uses")

    def __init__(self, *patterns: LazyRx) -> None:
        self._patterns = patterns
        self._bits = self._entries = 0
        self._ready = False
        self._uses = _PLAIN_USES  # like a pattern: a single check never pays for analysis

    def _settle(self) -> bool:
        self._uses -= 1
        if self._uses > 0:
            return False
        bits = entries = 0
        for p in self._patterns:
            g = p.gate  # analysed now if it was not yet
            if g is None:  # it cannot be gated: the family is never proven absent
                bits = entries = -1
                break
            bits |= g.bit
            entries |= g.entries
        # masks first, then the flag: a thread that sees the flag sees whole masks
        self._bits, self._entries = bits, entries
        self._ready = True
        return True

    def absent(self, text: str) -> bool:
        """Whether none of the patterns can match `text` (the indexed text)."""
        if not self._ready and not self._settle():
            return False
        idx = scan._current
        if idx is None or idx.text is not text or not scan.ENABLED or self._bits == -1:
            return False
        if idx.version != scan._version:
            idx.refresh()
        return not (idx.live & self._bits or idx.entries & self._entries)


# factored pattern -> the plain pattern it was made from (tests check they match alike)
UNFACTORED: dict[str, str] = {}


def hoist_boundary(pattern: str) -> str:
    """Rewrite `\\bA|\\bB|C` as `\\b(?:A|B)|C`: same matches, one boundary test per position.

    `re` tries every top-level branch at every position; hoisting the shared word boundary
    makes non-boundary positions fail once instead of once per branch.
    """
    branches = top_level_branches(pattern)
    if len(branches) < 3:
        return pattern
    bounded = [b[2:] for b in branches if b.startswith("\\b")]
    others = [b for b in branches if not b.startswith("\\b")]
    if len(bounded) < 2:
        return pattern
    return "|".join(["\\b(?:" + "|".join(bounded) + ")"] + others)


def hit(label: str, rule: str, m: re.Match[str], score: float, message: str,
        group: int | str = 0) -> Hit:
    """A Hit located at a match (or one of its groups)."""
    start, end = m.span(group)
    if start < 0:
        start, end = m.span(0)
    return Hit(label, rule, start, end, m.group(group) or m.group(0), score, message)
