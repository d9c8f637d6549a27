"""Turning an approved post into an entry: its title, a URL slug and safe HTML from plain text.

The HTML is built from the text only (every character escaped, then paragraphs, line breaks and
http(s) links added), so nothing a post contains can become markup or script on the page.
"""

from __future__ import annotations

import html
import re
import unicodedata

from carepost.connectors.base import OutboundItem
from carepost.connectors.rules import posted_text

TITLE_MAX = 200
SLUG_MAX = 80
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Every boundary str.splitlines() knows (CR LF first, so it becomes one break, not two).
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def normalise_breaks(text: str) -> str:
    """The text with every kind of line break as "\\n".

    Title, body and HTML must agree on where lines end: when one split on "\\n" and another
    on str.splitlines(), a CR or U+2028 made the body lose text or raise.
    """
    return _BREAKS.sub("\n", text)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in normalise_breaks(text).split("\n") if line.strip()]


def _heading_line(item: OutboundItem) -> str | None:
    """The text's first line when it can stand as the title: short, with more text after it."""
    lines = _lines(item.text)
    if item.subject or len(lines) < 2 or len(lines[0]) > TITLE_MAX:
        return None
    return lines[0]


def title_of(item: OutboundItem) -> str:
    """The subject when there is one, else the text's first line (cut at a word if long).

    The publishing pipeline passes no subject to the blog (its metadata has no "subject"
    format): a post's title is an internal label the guard never checks, so the public title
    comes from the guarded text.
    """
    source = (item.subject or "").strip() or next(iter(_lines(item.text)), "")
    source = " ".join(source.split())
    if len(source) <= TITLE_MAX:
        return source or "Untitled"
    cut = source[: TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def body_of(item: OutboundItem) -> str:
    """The entry's text and link; a first line that became the title is not repeated."""
    text = normalise_breaks(posted_text(item))
    if _heading_line(item) is not None:
        # The heading is the first non-blank line, and more lines follow it (_heading_line).
        text = text.lstrip().partition("\n")[2]
    parts = (text, *(normalise_breaks(t) for t in item.thread))
    return "\n\n".join(p.strip() for p in parts if p.strip())


def slugify(title: str) -> str:
    """A lower-case ASCII slug for the URL (accents folded); `entry` when nothing is left."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")[:SLUG_MAX].rstrip("-")
    return slug or "entry"


def _linked(line: str) -> str:
    out, last = [], 0
    for match in _URL.finditer(line):
        out.append(html.escape(line[last:match.start()]))
        url = html.escape(match.group(0))
        out.append(f'<a href="{url}" rel="nofollow noopener">{url}</a>')
        last = match.end()
    out.append(html.escape(line[last:]))
    return "".join(out)


def to_html(text: str) -> str:
    """Escaped paragraphs (blank lines), `<br>` for single line breaks, links for http(s) URLs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", normalise_breaks(text)) if p.strip()]
    return "\n".join(
        "<p>" + "<br>\n".join(_linked(line) for line in p.strip().split("\n")) + "</p>"
        for p in paragraphs
    )
