"""The analysis behind guard/scan.py: which keys a rule pattern's matches can start at.

It reads `re`'s own parse tree of a pattern, spreads its alternations into branches, and for
each branch finds the keys a match can begin with (a whole word, a word's first four letters
or first letter, a number, a word ending given by look-behinds, a character, the start of the
text) plus the literals the branch still needs further on. It is conservative: anything it
does not understand makes that branch "may start anywhere", never "cannot match".
"""

from __future__ import annotations

import re

from carepost.guard.scan import _C, _P, _PREFIX, Gate, Key, _compile_tree

_BUDGET = 20000  # parse-tree steps per pattern before the analysis gives up on a branch


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
    j = i
    while j < len(items) and items[j][0] is _C.LITERAL:
        j += 1  # a factored trie: `\\bc(?:an't X|ould Y)` spreads as `can't X`, `could Y`
    if i < j < len(items) and items[j][0] is _C.BRANCH:
        return [items[:j] + list(alt.data) + items[j + 1:] for alt in items[j][1][1]]
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


# --- words a branch needs besides its first: "the ... lost" is worth trying only when the
# text has the word "lost" (guard/scan.py tests that on the text's word set, not per position)

_TOKEN = re.compile(r"\w+")


def _word(ch: str) -> bool:
    """Whether `re` counts the character as a word character (\\w on str patterns)."""
    return ch.isalnum() or ch == "_"


def _inline(items: list) -> list:
    """The items with groups that change no flags spliced in (same matches, one sequence)."""
    out: list = []
    for op, av in items:
        if op is _C.SUBPATTERN and not (av[1] or av[2]):
            out.extend(_inline(list(av[3].data)))
        else:
            out.append((op, av))
    return out


def _edge_non_word(item: tuple, at: int) -> bool:
    """Whether the first (`at` 0) or last (`at` -1) character the item consumes is surely
    not a word character."""
    op, av = item
    if op is _C.LITERAL:
        return not _word(chr(av))
    if op is _C.IN:
        return _class_is_non_word(av)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        return av[0] >= 1 and bool(av[2].data) and _edge_non_word(av[2].data[at], at)
    if op is _C.SUBPATTERN:
        return bool(av[3].data) and _edge_non_word(av[3].data[at], at)
    if op is _C.BRANCH:
        return all(a.data and _edge_non_word(a.data[at], at) for a in av[1])
    return False


def _ends_non_word(item: tuple) -> bool:
    """Whether the last character the item consumes is surely not a word character."""
    return _edge_non_word(item, -1)


def _starts_non_word(item: tuple) -> bool:
    """Whether the first character the item consumes is surely not a word character."""
    return _edge_non_word(item, 0)


def _optional(item: tuple) -> list | None:
    """The body of an item that may match nothing (`(?:please\\s+)?`, `\\s*`), or None."""
    op, av = item
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] == 0 and av[2].data:
        return list(av[2].data)
    return None


def _edge_before(seq: list, i: int, outer: bool) -> bool:
    """Whether a word starting at item i surely starts a word of the text (a non-word
    character or the text's start before it)."""
    if i == 0:
        return outer
    op, av = seq[i - 1]
    if op is _C.AT:
        return av in (_C.AT_BOUNDARY, _C.AT_BEGINNING, _C.AT_BEGINNING_STRING)
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return _not_after_word(op, av)
    body = _optional(seq[i - 1])
    if body is not None:  # what it ends with when it matches, and what is before it if not
        return _ends_non_word(body[-1]) and _edge_before(seq, i - 1, outer)
    return _ends_non_word(seq[i - 1])


def _edge_after(seq: list, j: int, outer: bool) -> bool:
    """Whether a word ending before item j surely ends a word of the text."""
    if j == len(seq):
        return outer
    op, av = seq[j]
    if op is _C.AT:
        return av in (_C.AT_BOUNDARY, _C.AT_END, _C.AT_END_STRING)
    body = _optional(seq[j])
    if body is not None:
        return _starts_non_word(body[0]) and _edge_after(seq, j + 1, outer)
    return _starts_non_word(seq[j])


def _atoms(strings: set[str], before: bool, after: bool) -> tuple[frozenset[str], int] | None:
    """For literal strings one of which every match holds: the text words (\"w\" + word) or
    word beginnings (\"4\" + four letters) one of which the text must then have, and how
    telling they are (the shortest word's length); None when some string gives none."""
    out: set[str] = set()
    worst = 99
    for s in strings:
        best: tuple[int, str] | None = None
        for m in _TOKEN.finditer(s):
            a, b = m.span()
            if not (a > 0 or before):
                continue  # may be the tail of a longer word
            r = m.group()
            if b < len(s) or after:
                cand = (len(r), "w" + r)
            elif len(r) >= _PREFIX:
                cand = (_PREFIX, "4" + r[:_PREFIX])
            else:
                continue
            if best is None or cand[0] > best[0]:
                best = cand
        if best is None:
            return None
        worst = min(worst, best[0])
        out.add(best[1])
    return frozenset(out), worst


def _requirements(seq: list, before: bool, after: bool, skip: int
                  ) -> list[tuple[frozenset[str], int]]:
    """Every word set one of which each match of `seq` needs (item `skip` is left out: it is
    the branch's own first word)."""
    found: list[tuple[frozenset[str], int]] = []
    i = 0
    while i < len(seq):
        op, av = seq[i]
        if _strings(seq[i:i + 1]) is not None:
            j = i + 1
            while j < len(seq) and _strings(seq[i:j + 1]) is not None:
                j += 1
            strings = _strings(seq[i:j])
            if i != skip and strings:
                got = _atoms(strings, _edge_before(seq, i, before), _edge_after(seq, j, after))
                if got is not None:
                    found.append(got)
            i = j
            continue
        if op is _C.BRANCH and i != skip:
            inner_before = _edge_before(seq, i, before)
            inner_after = _edge_after(seq, i + 1, after)
            union: set[str] = set()
            worst = 99
            for alt in av[1]:
                best = _best(_requirements(_inline(list(alt.data)), inner_before, inner_after,
                                           -1))
                if best is None:
                    break
                union |= best[0]
                worst = min(worst, best[1])
            else:
                found.append((frozenset(union), worst))
        i += 1
    return found


def _best(found: list[tuple[frozenset[str], int]]) -> tuple[frozenset[str], int] | None:
    """The most telling word set: the longest shortest word, then the fewest words."""
    return max(found, key=lambda f: (f[1], -len(f[0])), default=None)


def branch_requirement(items: list) -> frozenset[str] | None:
    """Words ("w" + word) or word beginnings ("4" + four letters) one of which every match of
    the branch holds besides its first word, or None."""
    seq = _inline(items)
    first = 0
    while first < len(seq) and seq[first][0] in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        first += 1
    best = _best(_requirements(seq, False, False, first))
    return best[0] if best is not None else None


def analyse(pattern: str, flags: int = 0, tree: object = None) -> Gate | None:
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
    key_reqs: dict[Key, frozenset[str]] = {}
    try:
        branch_reqs = [branch_requirement(b) for b in branches]
    except (RecursionError, ValueError, TypeError, IndexError, AttributeError):
        branch_reqs = [None] * len(branches)
    for k, ids in by_key.items():
        words: set[str] = set()
        for i in ids:
            r = branch_reqs[i]
            if r is None:
                break
            words |= r
        else:
            key_reqs[k] = frozenset(words)
    return Gate(tree.state, branches, by_key, flags, rest,
                tuple(n for n in needs if n) if all(needs) else (), key_needs, key_reqs)
