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


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


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
    text = posted_text(item)
    heading = _heading_line(item)
    if heading is not None:
        text = text.lstrip().split("\n", 1)[1]
    return "\n\n".join(p.strip() for p in (text, *item.thread) if p.strip())


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
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "\n".join(
        "<p>" + "<br>\n".join(_linked(line) for line in p.strip().split("\n")) + "</p>"
        for p in paragraphs
    )
