"""Small helpers for reading form fields safely."""

from __future__ import annotations

import re
import unicodedata

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(name: str, max_length: int = 48) -> str:
    """A lowercase, dash-separated short name derived from `name` (may be empty)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JUNK.sub("-", folded.lower()).strip("-")[:max_length].strip("-")


def safe_next(target: str | None) -> str:
    """A local redirect target: only paths on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
