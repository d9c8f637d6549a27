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

The analysis reads `re`'s own parse tree and is conservative: anything it does not understand
makes that branch "may start anywhere", never "cannot match".
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
_BUDGET = 20000  # parse-tree steps per pattern before the analysis gives up on a branch


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


# --- the analysis ---------------------------------------------------------------------------

_UNKNOWN = ("unknown", None)  # "something follows that the analysis does not look into"


class _GiveUp(Exception):
    pass


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _class_chars(av: list) -> list[str] | None:
    """The characters of a small character class of literals, or None."""
    out: list[str] = []
    for op, v in av:
        if op is _C.LITERAL:
            out.append(chr(v))
        elif op is _C.RANGE and v[1] - v[0] < 12:
            out.extend(chr(c) for c in range(v[0], v[1] + 1))
        else:
            return None
    return out


def _class_is_non_word(av: list) -> bool:
    """Whether a character class can only match characters that are not word characters."""
    for op, v in av:
        if op is _C.LITERAL:
            if _is_word_char(chr(v)) or not chr(v).isascii():
                return False
        elif op is _C.CATEGORY:
            if v not in (_C.CATEGORY_SPACE, _C.CATEGORY_NOT_WORD):
                return False
        else:
            return False
    return True


def _not_after_word(op: object, av: tuple) -> bool:
    r"""Whether a look-behind says the previous character is not a word character:
    (?<![\w\-]), (?<!\w), (?<=\s)."""
    direction, sub = av
    if direction != -1 or len(sub.data) != 1 or sub.data[0][0] is not _C.IN:
        return False
    items = sub.data[0][1]
    if op is _C.ASSERT_NOT:
        return (_C.CATEGORY, _C.CATEGORY_WORD) in items and all(
            k is not _C.NEGATE for k, _ in items)
    return _class_is_non_word(items)


class _Analysis:
    def __init__(self, flags: int) -> None:
        self.steps = 0
        self.multiline = bool(flags & re.MULTILINE)

    def keys(self, items: list, prefix: str, bounded: bool) -> set[tuple[str, str]]:
        """The start keys of `items` when `prefix` was already matched; raises _GiveUp."""
        self.steps += 1
        if self.steps > _BUDGET:
            if prefix:
                return {_loose(prefix)}
            raise _GiveUp
        i = 0
        while i < len(items):
            if prefix and len(prefix) >= _PREFIX:
                return {("p4", prefix[:_PREFIX])}
            op, av = items[i]
            rest = items[i + 1:]
            if (op, av) == _UNKNOWN:
                if prefix:
                    return {_loose(prefix)}
                raise _GiveUp
            if bounded and not prefix:
                special = _word_shape_keys(items[i:])
                if special:
                    return special
            if op is _C.LITERAL:
                ch = chr(av)
                if _is_word_char(ch):
                    if not prefix and not bounded:
                        raise _GiveUp  # could start in the middle of a word
                    prefix += ch
                    i += 1
                    continue
                if prefix:
                    return {("x", prefix)}  # the word ends here
                return {("c", ch)}  # a match starts at this character
            if op is _C.AT:
                if av is _C.AT_BOUNDARY:
                    if prefix:
                        return {("x", prefix)}
                    bounded = True
                    i += 1
                    continue
                if prefix:
                    return {_loose(prefix)}
                if av in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING) and not self.multiline:
                    return {("^", "")}
                raise _GiveUp
            if op in (_C.ASSERT_NOT, _C.ASSERT):
                if prefix:
                    return {_loose(prefix)}
                if _not_after_word(op, av):
                    bounded = True
                i += 1  # a look-around only narrows where a match starts
                continue
            if op is _C.SUBPATTERN:
                _group, add_flags, del_flags, sub = av
                if add_flags or del_flags:
                    if prefix:
                        return {_loose(prefix)}
                    raise _GiveUp
                return self.keys(list(sub.data) + rest, prefix, bounded)
            if op is _C.BRANCH:
                out: set[tuple[str, str]] = set()
                for alt in av[1]:
                    out |= self.keys(list(alt.data) + rest, prefix, bounded)
                return out
            if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
                lo, hi, sub = av
                body = list(sub.data)
                once = body + (rest if hi == 1 else [_UNKNOWN])
                if lo == 0:
                    return self.keys(rest, prefix, bounded) | self.keys(once, prefix, bounded)
                return self.keys(once, prefix, bounded)
            if op is _C.IN:
                if prefix and _class_is_non_word(av):
                    return {("x", prefix)}
                chars = _class_chars(av)
                if chars is None or len(chars) > 12:
                    if prefix:
                        return {_loose(prefix)}
                    raise _GiveUp
                out = set()
                for ch in chars:
                    out |= self.keys([(_C.LITERAL, ord(ch))] + rest, prefix, bounded)
                return out
            if prefix:
                return {_loose(prefix)}
            raise _GiveUp
        if prefix:
            return {_loose(prefix)}  # the match may end inside a longer word
        raise _GiveUp  # an empty match


def _is_digit_class(op: object, av: object) -> bool:
    return op is _C.IN and av == [(_C.CATEGORY, _C.CATEGORY_DIGIT)]


def _is_word_class(av: list) -> bool:
    """Whether a character class only matches word characters."""
    for op, v in av:
        if op is _C.LITERAL and _is_word_char(chr(v)):
            continue
        if op is _C.RANGE and all(_is_word_char(chr(c)) for c in v):
            continue
        if op is _C.CATEGORY and v in (_C.CATEGORY_WORD, _C.CATEGORY_DIGIT):
            continue
        return False
    return True


def _word_shape_keys(items: list) -> set[Key] | None:
    """Keys for two shapes that start at any word of a kind, right after a word boundary:
    a number (`\\d`, `\\d+...`: key ("d", "")), and a word with one of some endings
    (`[a-z]{4,}\\b(?:(?<=mab)|(?<=pril)...)`: keys ("sfx", ending))."""
    op, av = items[0]
    if _is_digit_class(op, av):
        return {("d", "")}
    if op not in (_C.MAX_REPEAT, _C.MIN_REPEAT) or av[0] < 1 or len(av[2].data) != 1:
        return None
    body_op, body = av[2].data[0]
    if _is_digit_class(body_op, body):
        return {("d", "")}
    if body_op is not _C.IN or not _is_word_class(body) or len(items) < 3:
        return None
    if items[1] != (_C.AT, _C.AT_BOUNDARY):
        return None
    op, av = items[2]
    alts = [list(a.data) for a in av[1]] if op is _C.BRANCH else [[items[2]]]
    endings: set[Key] = set()
    for alt in alts:
        if len(alt) != 1 or alt[0][0] is not _C.ASSERT or alt[0][1][0] != -1:
            return None
        inner = alt[0][1][1].data
        if not inner or any(k is not _C.LITERAL for k, _ in inner):
            return None
        endings.add(("sfx", "".join(chr(c) for _, c in inner)))
    return endings


def _loose(prefix: str) -> tuple[str, str]:
    """The key of a word that starts with `prefix` and may go on."""
    return ("p4", prefix[:_PREFIX]) if len(prefix) >= _PREFIX else ("p1", prefix[0])


def _spread(items: list) -> list[list] | None:
    """`Z(?:a|b)R` as [`ZaR`, `ZbR`] (Z: \\b and look-behinds), on the parse tree; or None."""
    i = 0
    while i < len(items) and (items[i][0] in (_C.ASSERT, _C.ASSERT_NOT) or items[i] == (
            _C.AT, _C.AT_BOUNDARY)):
        i += 1
    if i == len(items):
        return None
    op, av = items[i]
    head, rest = items[:i], items[i + 1:]
    if op is _C.BRANCH:
        return [head + list(alt.data) + rest for alt in av[1]]
    if op is _C.SUBPATTERN and not (av[1] or av[2]):
        return [head + list(av[3].data) + rest]
    return None


def _classify(items: list, flags: int, depth: int, out: list[tuple[list, set[Key] | None]]
              ) -> None:
    """Append (branch, its start keys) to `out` for every alternative of `items`, spread
    as finely as it goes (so each key's own pattern holds only the branches that start
    with it); None for an alternative that may start anywhere."""
    parts = _spread(items) if depth < 12 else None
    if parts:
        for part in parts:
            _classify(part, flags, depth + 1, out)
        return
    try:
        out.append((items, _Analysis(flags).keys(items, "", False)))
    except _GiveUp:
        out.append((items, None))


_MAX_NEEDS = 6  # literals per key: more and testing them costs what the match would


def _strings(items: list, cap: int = 16) -> set[str] | None:
    """Every string a run of literal items can match (None if not that simple)."""
    out = {""}
    for op, av in items:
        if op is _C.LITERAL:
            alts: set[str] | None = {chr(av)}
        elif op is _C.BRANCH:
            alts = set()
            for alt in av[1]:
                sub = _strings(list(alt.data), cap)
                if sub is None:
                    return None
                alts |= sub
        elif op is _C.SUBPATTERN and not (av[1] or av[2]):
            alts = _strings(list(av[3].data), cap)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            sub = _strings(list(av[2].data), cap)
            alts = None if sub is None else sub | {""}
        else:
            return None
        if alts is None:
            return None
        out = {a + b for a in out for b in alts}
        if len(out) > cap:
            return None
    return out


def _branch_needs(items: list) -> frozenset[str] | None:
    """Literals one of which every match of a branch contains, beyond its first word: the
    best stretch of plain literals after the start (at least 3 characters each)."""
    i = 0
    while i < len(items) and (items[i][0] in (_C.ASSERT, _C.ASSERT_NOT) or items[i][0] is _C.AT):
        i += 1
    best: frozenset[str] | None = None
    start = i
    j = i
    while j <= len(items):
        # grow the stretch [start, j) while it stays a small set of strings
        if j < len(items) and _strings(items[start:j + 1]) is not None:
            j += 1
            continue
        strings = _strings(items[start:j]) if j > start else None
        if strings and start > i and min(map(len, strings)) >= 3 and len(strings) <= _MAX_NEEDS:
            cand = frozenset(strings)
            if best is None or min(map(len, cand)) > min(map(len, best)):
                best = cand
        if j >= len(items):
            break
        j += 1
        start = j
    return best


def _needed_literal(items: list) -> str | None:
    """The longest run of literal characters every match of `items` contains (3 or more)."""
    best = ""

    def walk(items: list) -> None:
        nonlocal best
        run = ""
        for op, av in items:
            if op is _C.LITERAL:
                run += chr(av)
                continue
            best = max(best, run, key=len)
            run = ""
            if op is _C.SUBPATTERN and not (av[1] or av[2]):
                walk(list(av[3].data))
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
                walk(list(av[2].data))
        best = max(best, run, key=len)

    walk(items)
    return best if len(best) >= 3 else None


def gate(pattern: str, flags: int = 0, tree: object = None) -> Gate | None:
    """Analyse a pattern (or its parse `tree`): None when gating cannot help or the pattern
    is not understood."""
    if _P is None or flags & re.IGNORECASE or "(?P=" in pattern or re.search(r"\\\d", pattern):
        return None
    classified: list[tuple[list, set[Key] | None]] = []
    try:
        if tree is None:
            tree = _P.parse(pattern, flags)
        _classify(list(tree.data), flags, 0, classified)
        branches = [b for b, keys in classified if keys is not None]
        anywhere = [b for b, keys in classified if keys is None]
        needs = [_needed_literal(b) for b in anywhere]
        rest = _compile_tree(tree.state, anywhere, flags) if anywhere else None
    except (re.error, RecursionError, ValueError, TypeError, IndexError, AttributeError):
        return None
    if not branches:
        return None
    by_key: dict[Key, list[int]] = {}
    for i, keys in enumerate(k for _b, k in classified if k is not None):
        for k in keys:
            by_key.setdefault(k, []).append(i)
    key_needs: dict[Key, tuple[str, ...]] = {}
    try:
        branch_needs = [_branch_needs(b) for b in branches]
    except (RecursionError, ValueError, TypeError, IndexError, AttributeError):
        branch_needs = [None] * len(branches)
    for k, ids in by_key.items():
        lits: set[str] = set()
        for i in ids:
            n = branch_needs[i]
            if n is None:
                break
            lits |= n
        else:
            if len(lits) <= _MAX_NEEDS:
                key_needs[k] = tuple(sorted(lits))
    return Gate(tree.state, branches, by_key, flags, rest,
                tuple(n for n in needs if n) if all(needs) else (), key_needs)
