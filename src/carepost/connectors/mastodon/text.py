"""Mastodon's text rules: how it counts characters, and its HTML turned back into plain text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_URL = re.compile(r"https?://[^\s<>\"']+")
# @user@domain counts only as @user: the domain part is free.
_REMOTE_MENTION = re.compile(r"(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+[A-Za-z0-9]")


def status_length(text: str, url_length: int = 23) -> int:
    """Characters as Mastodon counts them: every URL costs `url_length`, mention domains nothing."""
    text = _URL.sub("x" * url_length, text)
    text = _REMOTE_MENTION.sub(r"\1", text)
    return len(text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p":
            if self._paragraphs:
                self.parts.append("\n\n")
            self._paragraphs += 1

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The plain text of a status's HTML content (paragraphs and line breaks kept)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def same_text(a: str, b: str) -> bool:
    """Whether two texts are the same post, ignoring differences in whitespace."""
    return " ".join(a.split()) == " ".join(b.split())
