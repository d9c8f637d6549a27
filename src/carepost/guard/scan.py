"""One word index per text, and patterns that only try the positions its words allow.

CPython's `re` has no multi-pattern scanner: a rule pattern of sixty branches is attempted at
every position of every text, and the guard runs dozens of them. But almost every branch of a
rule starts at a word boundary with a literal word ("measles is harmless", "waited ... hours").
So each pattern is analysed once, when it is compiled, into the words (or first four letters
of words, or characters) a match can start with, and spread into its alternatives so each such
key has its own small pattern. Branches that can start anywhere (`[\\w-]+ prevents`) are
searched as one separate pattern, and only when the text holds a literal they need. When
something matches at a position, the whole pattern is matched there: the result is the very
match `Pattern.search` returns.

The gate is inverted, so a text pays once for its words, not once per pattern: every analysed
pattern owns one bit; each distinct word maps (once, then from a cache) to the bits of the
patterns that may start at it (by the word, its first four or first letters, its ending, a
leading digit); a text's words OR'ed together give the patterns that may match it at all.
A search for any other pattern returns None at once; a search for a live one tries, leftmost
first, only the words that carry its bit, with only the branches of their keys.

The analysis (guard/scan_analysis.py) reads `re`'s own parse tree and is conservative:
anything it does not understand makes that branch "may start anywhere", never "cannot
match".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import reduce
from itertools import compress
from operator import or_

try:  # CPython 3.11+ keeps its regex parser here
    from re import _compiler
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - another interpreter: no gating, plain searches
    _P = _C = _compiler = None  # type: ignore[assignment]

_WORD = re.compile(r"\w+")
_PREFIX = 4  # words are indexed by their first four letters (and whole, when shorter)
_M_START = re.Match.start
_M_GROUP = re.Match.group


Key = tuple[str, str]  # ("x", word) | ("p4", first four letters) | ("p1", first letter)
#                        | ("c", character) | ("^", "") | ("d", "") a number
#                        | ("sfx", ending) a word ending so
# at run time a key is one short string (cheaper to hash than a tuple): its kind's letter
# followed by its value
_KIND = {"x": "w", "p4": "4", "p1": "1", "d": "d", "c": "c", "^": "^", "sfx": "s"}


def _flat(key: Key) -> str:
    return _KIND[key[0]] + key[1]


# The registry: which patterns (by bit) may start at which word-level keys. A key whose
# branches all need one of some further words ("the ... lost") also owns an entry bit, set
# for a text only when the key and one of those words both occur. Written under the lock
# when a pattern is analysed (a few dozen times per process), read without it: a writer
# fills the maps first, then installs a fresh word cache, then bumps `_version`, so an index
# built before the change notices it and rebuilds (never misses a pattern).
_lock = threading.Lock()
_bits = 0
_entries = 0
_version = 0
# word-level key -> [patterns with it, patterns with it and no further word needed,
#                    entry bits of the keys that need one]
_by_key: dict[str, list[int]] = {}
_by_need: dict[str, int] = {}  # "w" + word or "4" + first letters -> entries that need it
_endings: tuple[str, ...] = ()
# (character, patterns that may start at it needing no further word, entries that do)
_chars: tuple[tuple[str, int, int], ...] = ()
_always = 0  # patterns live in every text: a branch at the text's start, or anywhere
# (literals, patterns) for branches that may start anywhere but need one of those literals
# somewhere in the text ("[\\w-]+ prevents"): live only in the texts that hold one
_anywhere: tuple[tuple[tuple[str, ...], int], ...] = ()
_at_start = 0  # entries of keys "the text's start" that need further words
_CACHE_MAX = 200_000  # distinct words remembered; past it new words are computed each time
_NONE = (0, 0, 0, 0)

WordBits = tuple[int, int, int, int]


class _WordBits(dict[str, WordBits]):
    """word -> (patterns that may start at it, those of them needing no further word,
    entries of its keys, entries that need it), computed on first sight."""

    def __missing__(self, w: str) -> WordBits:
        keys = ["w" + w, "1" + w[0]]
        need = _by_need.get("w" + w, 0)
        if len(w) >= _PREFIX:
            keys.append("4" + w[:_PREFIX])
            need |= _by_need.get("4" + w[:_PREFIX], 0)
        if w[0].isdecimal():
            keys.append("d")
        if _endings and w.endswith(_endings):
            keys += ["s" + e for e in _endings if len(w) >= len(e) and w.endswith(e)]
        every = free = entries = 0
        for k in keys:
            got = _by_key.get(k)
            if got is not None:
                every |= got[0]
                free |= got[1]
                entries |= got[2]
        bits = (every, free, entries, need) if every or need else _NONE
        if len(self) < _CACHE_MAX:
            self[w] = bits
        return bits


_word_bits = _WordBits()


def _register(gate: Gate) -> int:
    """Give a new gate its bit (and its keys that need further words their entry bits) and
    file its keys under them."""
    global _bits, _entries, _version, _word_bits, _endings, _chars, _always, _at_start
    global _anywhere
    with _lock:
        bit = 1 << _bits
        _bits += 1
        chars = {ch: [free, ent] for ch, free, ent in _chars}
        for k in gate._by_key:
            kind, v = k[0], k[1:]
            if kind == "c":
                got = chars.setdefault(v, [0, 0])
                free, keyed = 0, 1
            elif kind == "^":
                got = None
            else:
                got = _by_key.setdefault(k, [0, 0, 0])
                got[0] |= bit
                free, keyed = 1, 2
            words = gate.reqs.get(k)
            if not words:
                if got is None:
                    _always |= bit
                else:
                    got[free] |= bit
                continue
            entry = 1 << _entries
            _entries += 1
            if got is None:
                _at_start |= entry
            else:
                got[keyed] |= entry
            gate.entries |= entry
            gate.entry_of[k] = entry
            for w in words:
                _by_need[w] = _by_need.get(w, 0) | entry
        if gate.anywhere is not None:
            if gate.anywhere_needs:
                _anywhere += ((gate.anywhere_needs, bit),)
            else:
                _always |= bit
        _endings = tuple(sorted({k[1:] for k in _by_key if k[0] == "s"}))
        _chars = tuple((ch, free, ent) for ch, (free, ent) in chars.items())
        _word_bits = _WordBits()
        _version += 1
    return bit


class WordIndex:
    """The words of one text and, for each, the bits of the patterns that may start there;
    built on the first gated search (and again if a pattern was analysed since). `text` is
    kept so a search can check that it indexes the very string it was given."""

    __slots__ = ("text", "version", "live", "entries", "words", "_chars")

    def __init__(self, text: str) -> None:
        self.text = text
        self.version = -1
        self.live = 0
        self.entries = 0  # keys (that need further words) whose words all occur
        # (start, word, bits) of the words some pattern may start at, in text order
        self.words: list[tuple[int, str, int]] = []
        self._chars: dict[str, list[int]] = {}

    def refresh(self) -> int:
        """(Re)compute the live patterns; returns their bits."""
        version, cache = _version, _word_bits  # in this order: see the registry above
        text = self.text
        ms = list(_WORD.finditer(text))
        words = list(map(_M_GROUP, ms))
        every, free, keyed, needed = (zip(*map(cache.__getitem__, words), strict=True)
                                      if words else _EMPTY)
        live = reduce(or_, free, _always)
        at = reduce(or_, keyed, _at_start)
        for ch, b, e in _chars:
            if ch in text:
                live |= b
                at |= e
        for lits, b in _anywhere:
            if _holds_one(text, lits):
                live |= b
        self.entries = at & reduce(or_, needed, 0)
        self.words = list(compress(zip(map(_M_START, ms), words, every, strict=True), every))
        self.live = live
        self.version = version
        return live

    def char(self, ch: str) -> list[int]:
        """Where a character occurs (kept)."""
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

    def starts(self, gate: Gate) -> list[tuple[int, str]]:
        """(position, key) for every place a branch of `gate` may start, in text order
        (for tests and inspection; `search` walks the same places without building this)."""
        if self.version != _version:
            self.refresh()
        found: list[tuple[int, str]] = []
        text = self.text
        needs = gate.needs
        for s, w, b in self.words:
            if b & gate.bit:
                found += [(s, k) for k, lits, _sub, entry in gate._word_keys[w]
                          if (not entry or self.entries & entry)
                          and (lits is None or _holds_one(text, lits))]
        for ch in gate.chars:
            lits = needs.get("c" + ch)
            if ch in text and _key_live(gate, "c" + ch, self) and (
                    lits is None or _holds_one(text, lits)):
                found += [(at, "c" + ch) for at in self.char(ch)]
        lits = needs.get("^")
        if gate.at_start and _key_live(gate, "^", self) and (
                lits is None or _holds_one(text, lits)):
            found.append((0, "^"))
        found.sort()
        return found


def _key_live(gate: Gate, key: str, idx: WordIndex) -> bool:
    """Whether a key's further words (if it needs any) occur in the indexed text."""
    entry = gate.entry_of.get(key, 0)
    return not entry or bool(idx.entries & entry)


def _holds_one(text: str, literals: tuple[str, ...]) -> bool:
    for lit in literals:  # a plain loop: any() over a generator costs twice as much here
        if lit in text:
            return True
    return False


_EMPTY: tuple[tuple[int, ...], ...] = ((), (), (), ())
KeyUse = tuple[str, tuple[str, ...] | None, re.Pattern[str], int]


class _WordKeys(dict[str, tuple[KeyUse, ...]]):
    """word -> (key, needed literals, branches, entry bit or 0) for each key of one gate the
    word carries."""

    def __init__(self, gate: Gate) -> None:
        super().__init__()
        self._gate = gate

    def __missing__(self, w: str) -> tuple[KeyUse, ...]:
        gate = self._gate
        by_key = gate._by_key
        keys = [k for k in ("w" + w, "4" + w[:_PREFIX] if len(w) >= _PREFIX else "",
                            "1" + w[0], "d" if w[0].isdecimal() else "") if k in by_key]
        keys += ["s" + e for e in gate.sfx if len(w) >= len(e) and w.endswith(e)]
        out = tuple((k, gate.needs.get(k), gate.sub(k), gate.entry_of.get(k, 0)) for k in keys)
        if len(self) < _CACHE_MAX:
            self[w] = out
        return out


class Gate:
    """What the analysis of one pattern found: the keys its matches can start at (a word, a
    word's first letters, a number, a word ending, a character, the start of the text), the
    pattern's branches for each key, and the branches that may start anywhere else
    (`anywhere`, searched as one pattern, and only when the text holds one of the literals
    `anywhere_needs`). `bit` is its place in the registry; `reqs` the further words (or
    word beginnings) one of which every branch of a key needs, and `entries` the bits of
    those keys."""

    __slots__ = ("words", "first", "chars", "at_start", "sfx", "anywhere", "anywhere_needs",
                 "needs", "reqs", "bit", "entries", "entry_of", "start_sub", "start_entry",
                 "char_keys",
                 "_branches", "_by_key", "_subs", "_flags", "_state", "_word_keys")

    def __init__(self, state: object, branches: list[list], by_key: dict[Key, list[int]],
                 flags: int, anywhere: re.Pattern[str] | None,
                 anywhere_needs: tuple[str, ...], needs: dict[Key, tuple[str, ...]],
                 reqs: dict[Key, frozenset[str]] | None = None) -> None:
        self.words = frozenset(_flat(k) for k in by_key if k[0] in ("x", "p4", "d"))
        self.first = frozenset(_flat(k) for k in by_key if k[0] == "p1")
        self.chars = tuple(sorted(v for k, v in by_key if k == "c"))
        self.at_start = ("^", "") in by_key
        self.sfx = tuple(sorted(v for k, v in by_key if k == "sfx"))
        self.anywhere = anywhere
        self.anywhere_needs = anywhere_needs
        # key -> literals one of which every branch of that key needs
        self.needs = {_flat(k): v for k, v in needs.items()}
        self.reqs = {_flat(k): v for k, v in (reqs or {}).items()}
        self.entries = 0
        self.entry_of: dict[str, int] = {}
        self._state = state
        self._branches = branches
        self._by_key = {_flat(k): v for k, v in by_key.items()}
        self._flags = flags
        self._subs: dict[object, re.Pattern[str]] = {}
        self._word_keys = _WordKeys(self)
        self.start_sub = self.sub("^") if self.at_start else None
        self.bit = _register(self)
        self.start_entry = self.entry_of.get("^", 0)
        # (character, its entry bit or 0, its key with needed literals and branches)
        self.char_keys = tuple((ch, self.entry_of.get("c" + ch, 0),
                                (("c" + ch, self.needs.get("c" + ch), self.sub("c" + ch), 0),))
                               for ch in self.chars)

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


def live(gate: Gate, idx: WordIndex) -> bool:
    """Whether `gate`'s pattern may match the indexed text at all (False: it cannot)."""
    if idx.version != _version:
        idx.refresh()
    return bool(idx.live & gate.bit or idx.entries & gate.entries)


def search(compiled: re.Pattern[str], gate: Gate, idx: WordIndex, text: str,
           pos: int = 0) -> re.Match[str] | None:
    """Exactly `compiled.search(text, pos)`, trying only the positions the gate allows.

    At each candidate position only the branches that may start there are tried; when one
    matches, the whole pattern is matched there, so the result is what `search` returns.
    """
    if idx.version != _version:
        idx.refresh()
    bit = gate.bit
    entries = idx.entries
    if not (idx.live & bit or entries & gate.entries):
        return None  # no word, character or start of this text can begin a match
    bound = -1
    if gate.anywhere is not None and (not gate.anywhere_needs or _holds_one(
            text, gate.anywhere_needs)):
        m = gate.anywhere.search(text, pos)
        if m is not None:
            bound = m.start()  # a match starts here at the latest
    if gate.at_start and pos == 0 and bound != 0 and (
            not gate.start_entry or entries & gate.start_entry):
        lits = gate.needs.get("^")
        if (lits is None or _holds_one(text, lits)) and gate.start_sub.match(text) is not None:
            return compiled.match(text)
    for ch, entry, _use in gate.char_keys:
        if ch in text and (not entry or entries & entry):
            return _search_merged(compiled, gate, idx, text, pos, bound)
    keys = gate._word_keys
    for s, w, b in idx.words:
        if b & bit and s >= pos:
            if 0 <= bound <= s:
                break
            for _k, lits, sub, entry in keys[w]:
                if (not entry or entries & entry) and (lits is None or _holds_one(
                        text, lits)) and sub.match(text, s) is not None:
                    return compiled.match(text, s)
    return compiled.match(text, bound) if bound >= 0 else None


def _search_merged(compiled: re.Pattern[str], gate: Gate, idx: WordIndex, text: str,
                   pos: int, bound: int) -> re.Match[str] | None:
    """`search` for a gate some of whose characters occur: words and characters in order."""
    bit = gate.bit
    keys = gate._word_keys
    cands: list[tuple[int, object]] = [(s, keys[w]) for s, w, b in idx.words if b & bit]
    entries = idx.entries
    for ch, entry, use in gate.char_keys:
        if ch in text and (not entry or entries & entry):
            cands += [(at, use) for at in idx.char(ch)]
    cands.sort(key=_first)
    for s, uses in cands:
        if s < pos:
            continue
        if 0 <= bound <= s:
            break
        for _k, lits, sub, entry in uses:  # type: ignore[attr-defined]
            if (not entry or entries & entry) and (lits is None or _holds_one(
                    text, lits)) and sub.match(text, s) is not None:
                return compiled.match(text, s)
    return compiled.match(text, bound) if bound >= 0 else None


def _first(c: tuple[int, object]) -> int:
    return c[0]


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
