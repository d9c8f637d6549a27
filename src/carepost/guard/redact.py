"""Replace identifiers with their type: "call me at [PHONE]"."""

from __future__ import annotations

from collections.abc import Sequence

from carepost.guard.types import Span


def redact(text: str, spans: Sequence[Span]) -> str:
    """The text with each (non-overlapping) span replaced by `[TYPE]`."""
    out: list[str] = []
    pos = 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.start < pos:
            continue
        out.append(text[pos:s.start])
        out.append(f"[{s.type}]")
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
