"""One word index per text, and patterns that only try the positions its words allow.

CPython's `re` has no multi-pattern scanner: a rule pattern of sixty branches is attempted at
every position of every text, and the guard runs dozens of them. But almost every branch of a
rule starts at a word boundary with a literal word ("measles is harmless", "waited ... hours").
So each pattern is analysed once, when it is compiled, into the words (or first four letters
of words, or characters) a match can start with, and spread into its alternatives so each such
key has its own small pattern; each text's words are collected once; and a search then tries,
leftmost first, only the positions where a key occurs, with only that key's branches. Branches
that can start anywhere (`[\\w-]+ prevents`) are searched as one separate pattern, and only
when the text holds a literal they need. When something matches at a position, the whole
pattern is matched there: the result is the very match `Pattern.search` returns.

The analysis (guard/scan_analysis.py) reads `re`'s own parse tree and is conservative:
anything it does not understand makes that branch "may start anywhere", never "cannot
match".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # CPython 3.11+ keeps its regex parser here
    from re import _compiler
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - another interpreter: no gating, plain searches
    _P = _C = _compiler = None  # type: ignore[assignment]

_WORD = re.compile(r"\w+")
_PREFIX = 4  # words are indexed by their first four letters (and whole, when shorter)


Key = tuple[str, str]  # ("x", word) | ("p4", first four letters) | ("p1", first letter)
#                        | ("c", character) | ("^", "") | ("d", "") a number
#                        | ("sfx", ending) a word ending so
# at run time a key is one short string (cheaper to hash than a tuple): its kind's letter
# followed by its value
_KIND = {"x": "w", "p4": "4", "p1": "1", "d": "d", "c": "c", "^": "^", "sfx": "s"}


def _flat(key: Key) -> str:
    return _KIND[key[0]] + key[1]


class WordIndex:
    """Where each word-level key of one text starts: every word whole ("w" + word), by its
    first four letters ("4" + ...), by its first letter ("1" + ...), and numbers ("d"); built
    once, on first use. `text` is kept so a search can check that it indexes the very string
    it was given. Characters and word endings are looked up on demand and kept."""

    __slots__ = ("text", "_keys", "_keyset", "_first", "_chars", "_endings")

    def __init__(self, text: str) -> None:
        self.text = text
        self._keys: dict[str, list[int]] | None = None
        self._keyset: frozenset[str] | None = None
        self._first: dict[str, list[int]] | None = None
        self._chars: dict[str, list[int]] = {}
        self._endings: dict[tuple[str, ...], list[tuple[int, str]]] = {}

    def keys(self) -> dict[str, list[int]]:
        """Every word ("w"), four-letter start ("4") and number ("d") key of the text and
        where it starts."""
        keys = self._keys
        if keys is None:
            keys = {}
            for m in _WORD.finditer(self.text):
                w = m.group()
                at = m.start()
                k = "w" + w
                if k in keys:
                    keys[k].append(at)
                else:
                    keys[k] = [at]
                if len(w) >= _PREFIX:
                    k = "4" + w[:_PREFIX]
                    if k in keys:
                        keys[k].append(at)
                    else:
                        keys[k] = [at]
                if w[0].isdecimal():
                    if "d" in keys:
                        keys["d"].append(at)
                    else:
                        keys["d"] = [at]
            self._keys = keys
        return keys

    def _first_letters(self) -> dict[str, list[int]]:
        """Words by their first letter ("1" keys; few patterns need them)."""
        first = self._first
        if first is None:
            first = {}
            for k, at in (self._keys if self._keys is not None else self.keys()).items():
                if k[0] == "w":
                    f = "1" + k[1]
                    first[f] = first[f] + at if f in first else at
            self._first = first
        return first

    def _char(self, ch: str) -> list[int]:
        at = self._chars.get(ch)
        if at is None:
            text = self.text
            at = []
            i = text.find(ch)
            while i >= 0:
                at.append(i)
                i = text.find(ch, i + 1)
            self._chars[ch] = at
        return at

    def _ending(self, ends: tuple[str, ...]) -> list[tuple[int, str]]:
        found = self._endings.get(ends)
        if found is None:
            found = []
            keys = self._keys if self._keys is not None else self.keys()
            for k, at in keys.items():
                if k[0] == "w" and k.endswith(ends):
                    for e in ends:
                        if k.endswith(e) and len(k) > len(e):
                            found += [(a, "s" + e) for a in at]
            self._endings[ends] = found
        return found

    def starts(self, gate: Gate) -> list[tuple[int, str]]:
        """(position, key) for every place a gated branch may start, in text order."""
        keyset = self._keyset
        if keyset is None:
            keyset = self._keyset = frozenset(self._keys if self._keys is not None
                                              else self.keys())
        keys = self._keys
        found: list[tuple[int, str]] = []
        text = self.text
        hits = gate.words.intersection(keyset)
        if hits:
            needs = gate.needs
            for k in hits:
                lits = needs.get(k)
                if lits is not None and not _holds_one(text, lits):
                    continue
                found += [(at, k) for at in keys[k]]  # type: ignore[index]
        if gate.first:
            first = self._first if self._first is not None else self._first_letters()
            for k in gate.first.intersection(first):
                lits = gate.needs.get(k)
                if lits is None or _holds_one(text, lits):
                    found += [(at, k) for at in first[k]]
        if gate.sfx:
            found += self._ending(gate.sfx)
        for ch in gate.chars:
            if ch in text:
                k = "c" + ch
                lits = gate.needs.get(k)
                if lits is None or _holds_one(text, lits):
                    found += [(at, k) for at in self._char(ch)]
        if gate.at_start:
            lits = gate.needs.get("^")
            if lits is None or _holds_one(text, lits):
                found.append((0, "^"))
        if len(found) > 1:
            found.sort()
        return found


def _holds_one(text: str, literals: tuple[str, ...]) -> bool:
    for lit in literals:  # a plain loop: any() over a generator costs twice as much here
        if lit in text:
            return True
    return False


class Gate:
    """What the analysis of one pattern found: the keys its matches can start at (a word, a
    word's first letters, a number, a word ending, a character, the start of the text), the
    pattern's branches for each key, and the branches that may start anywhere else
    (`anywhere`, searched as one pattern, and only when the text holds one of the literals
    `anywhere_needs`)."""

    __slots__ = ("words", "first", "chars", "at_start", "sfx", "anywhere", "anywhere_needs",
                 "needs",
                 "_branches", "_by_key", "_subs", "_flags", "_state")

    def __init__(self, state: object, branches: list[list], by_key: dict[Key, list[int]],
                 flags: int, anywhere: re.Pattern[str] | None,
                 anywhere_needs: tuple[str, ...], needs: dict[Key, tuple[str, ...]]) -> None:
        self.words = frozenset(_flat(k) for k in by_key if k[0] in ("x", "p4", "d"))
        self.first = frozenset(_flat(k) for k in by_key if k[0] == "p1")
        self.chars = tuple(sorted(v for k, v in by_key if k == "c"))
        self.at_start = ("^", "") in by_key
        self.sfx = tuple(sorted(v for k, v in by_key if k == "sfx"))
        self.anywhere = anywhere
        self.anywhere_needs = anywhere_needs
        # key -> literals one of which every branch of that key needs
        self.needs = {_flat(k): v for k, v in needs.items()}
        self._state = state
        self._branches = branches
        self._by_key = {_flat(k): v for k, v in by_key.items()}
        self._flags = flags
        self._subs: dict[object, re.Pattern[str]] = {}

    def sub(self, keys: str | frozenset[str]) -> re.Pattern[str]:
        """The pattern made of just the branches that may start at `keys` (compiled once)."""
        p = self._subs.get(keys)
        if p is None:
            ids: set[int] = set()
            for k in ((keys,) if isinstance(keys, str) else keys):
                ids.update(self._by_key.get(k, ()))
            p = _compile_tree(self._state, [self._branches[i] for i in sorted(ids)],
                              self._flags)
            self._subs[keys] = p
        return p


def _compile_tree(state: object, branches: list[list], flags: int) -> re.Pattern[str]:
    """Compile alternatives given as parse-tree item lists (no second parse of the source)."""
    if len(branches) == 1:
        tree = _P.SubPattern(state, list(branches[0]))
    else:
        tree = _P.SubPattern(state, [(_C.BRANCH, (None, [_P.SubPattern(state, list(b))
                                                         for b in branches]))])
    return _compiler.compile(tree, flags)


_current: WordIndex | None = None
ENABLED = True  # tests and benchmarks switch gating off to compare with plain `re`


_LONGEST = 5000  # characters: past this `re`'s own scan beats trying many positions in Python


def index(text: str) -> WordIndex | None:
    """Make `text` the indexed text (the rules search one lower-cased text many times).

    A long text (a pasted document, the megabyte fuzz text) is not indexed: its searches
    stay plain, which is faster there."""
    global _current
    idx = WordIndex(text) if len(text) <= _LONGEST else None
    _current = idx  # one reference assignment: threads see an old or a new index, both whole
    return idx


def current(text: str) -> WordIndex | None:
    """The index of `text` if it is the indexed text (the very same string object)."""
    idx = _current
    return idx if idx is not None and idx.text is text else None


def search(compiled: re.Pattern[str], gate: Gate, idx: WordIndex, text: str,
           pos: int = 0) -> re.Match[str] | None:
    """Exactly `compiled.search(text, pos)`, trying only the positions the gate allows.

    At each candidate position only the branches that may start there are tried; when one
    matches, the whole pattern is matched there, so the result is what `search` returns.
    """
    bound = -1
    if gate.anywhere is not None and (not gate.anywhere_needs or any(
            lit in text for lit in gate.anywhere_needs)):
        m = gate.anywhere.search(text, pos)
        if m is not None:
            bound = m.start()  # a match starts here at the latest
    cands = idx.starts(gate)
    n = len(cands)
    i = 0
    while i < n:
        s, key = cands[i]
        j = i + 1
        if s < pos:
            i = j
            continue
        if 0 <= bound <= s:
            break
        if j < n and cands[j][0] == s:  # several keys start here (a word and its prefix)
            keys = {key}
            while j < n and cands[j][0] == s:
                keys.add(cands[j][1])
                j += 1
            sub = gate.sub(frozenset(keys))
        else:
            sub = gate.sub(key)
        if sub.match(text, s) is not None:
            return compiled.match(text, s)
        i = j
    return compiled.match(text, bound) if bound >= 0 else None


def finditer(compiled: re.Pattern[str], gate: Gate, idx: WordIndex,
             text: str) -> Iterator[re.Match[str]]:
    """Exactly the matches of `compiled.finditer(text)` (computed eagerly)."""
    out: list[re.Match[str]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        m = search(compiled, gate, idx, text, pos)
        if m is None:
            break
        if m.end() == m.start():  # empty matches follow subtler rules: leave them to `re`
            return compiled.finditer(text)
        out.append(m)
        pos = m.end()
    return iter(out)


def gate(pattern: str, flags: int = 0, tree: object = None) -> Gate | None:
    """Analyse a pattern (guard/scan_analysis.py): its Gate, or None when gating cannot help
    or the pattern is not understood."""
    from carepost.guard.scan_analysis import analyse  # it needs this module's Gate

    return analyse(pattern, flags, tree)
