"""Prefix-factoring of the rules' large word-bounded alternations.

CPython's `re` tries every branch of `\\b(?:waited ...|nobody ...|rude ...)` in turn at every
word start, so a rule with sixty branches costs sixty attempts per word. `factor()` rewrites the
bounded group as a trie over the branches' literal beginnings (after distributing leading
groups, so "(?:nobody|no one) called" becomes "nobody called|no one called"): at a word start
only the branches sharing the word's first letters are tried. Matches are the same texts at the
same leftmost positions; only which of several overlapping branches wins may differ, which the
rules never rely on. Branches it cannot expand are kept as they are.
"""

from __future__ import annotations

_QUANT = ("?", "*", "{", "+")
_BUDGET = 3000  # expanded branches per pattern before giving up on factoring it
_PER_BRANCH = 24  # expansions of one branch beyond which it is kept as written


def top_level_branches(pattern: str) -> list[str]:
    """Split a pattern at its top-level `|`."""
    branches, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


def _group_end(s: str, i: int) -> int:
    depth, j, in_class = 0, i, False
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if s[j + 1:j + 2] == "]":
                j += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ValueError("unbalanced pattern")


def _expand(branch: str, prefix: str, out: list[tuple[str, str]], budget: list[int]) -> bool:
    """Append (literal beginning, rest of the pattern) pairs equivalent to `branch`."""
    budget[0] -= 1
    if budget[0] < 0:
        return False
    i = 0
    while i < len(branch):
        c = branch[i]
        nxt = branch[i + 1:i + 2]
        if c.isascii() and (c.isalnum() or c in " '") and nxt not in _QUANT:
            prefix += c
            i += 1
            continue
        if c == "(" and branch.startswith("(?:", i):
            end = _group_end(branch, i)
            if branch[end + 1:end + 2] in _QUANT:
                break
            rest = branch[end + 1:]
            return all(_expand(alt + rest, prefix, out, budget)
                       for alt in top_level_branches(branch[i + 3:end]))
        break
    if not prefix:
        return False
    out.append((prefix, branch[i:]))
    return True


def _emit(pairs: list[tuple[str, str]]) -> str:
    """A regex for (literal beginning, rest) pairs, factored on their common beginnings."""
    ends = [rest for lit, rest in pairs if not lit]
    by_char: dict[str, list[tuple[str, str]]] = {}
    for lit, rest in pairs:
        if lit:
            by_char.setdefault(lit[0], []).append((lit[1:], rest))
    alts = []
    for ch in sorted(by_char):
        piece = " " if ch == " " else ch
        alts.append(_escape(piece) + _emit(by_char[ch]))
    alts.extend(ends)
    unique = list(dict.fromkeys(alts))
    if len(unique) == 1:
        return unique[0] if not unique[0] or "|" not in unique[0] else "(?:" + unique[0] + ")"
    return "(?:" + "|".join(unique) + ")"


def _escape(ch: str) -> str:
    return ch if ch.isalnum() else "\\" + ch


def factor(pattern: str) -> str:
    """The pattern with its leading `\\b(?:...)` group prefix-factored (or unchanged)."""
    if "(?P" in pattern:
        return pattern  # a named group cannot be duplicated across branches
    branches = top_level_branches(pattern)
    head = branches[0]
    if not head.startswith("\\b(?:") or _group_end(head, 2) != len(head) - 1:
        return pattern
    pairs: list[tuple[str, str]] = []
    kept: list[str] = []
    budget = [_BUDGET]
    for b in top_level_branches(head[5:-1]):
        found: list[tuple[str, str]] = []
        # a branch led by a whole lexicon is already a trie; expanding it would copy its rest
        # hundreds of times and slow compilation for no gain
        if _expand(b, "", found, [_PER_BRANCH]) and len(found) <= _PER_BRANCH:
            pairs.extend(found)
        else:
            kept.append(b)
        if budget[0] < 0:
            return pattern
    if not pairs:
        return pattern
    body = _emit(pairs)
    if kept:
        body = "(?:" + body + "|" + "|".join(kept) + ")"
    out = "|".join(["\\b" + body] + branches[1:])
    # duplicated rests make a pattern longer; past a point compiling it costs more than it saves
    return out if len(out) <= 2 * len(pattern) + 2000 else pattern
