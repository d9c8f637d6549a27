"""Rendering an entry: every kind of line break is one break, and no text is ever lost.

Regression for review finding #9: the title used str.splitlines() while the body cut the
heading at "\\n", so U+2028 raised IndexError (retried forever) and a CR silently cut the text.
"""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepost.connectors.base import OutboundItem
from carepost.connectors.blog import render
from carepost.connectors.rules import posted_text

_TAG = re.compile(r"<[^>]*>")


def _visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"])
def test_every_line_break_splits_title_from_body(sep: str) -> None:
    item = OutboundItem(text=f"Clinic news{sep}Our flu clinic opens Monday.{sep}Second line")
    assert render.title_of(item) == "Clinic news"
    body = render.body_of(item)
    assert body == "Our flu clinic opens Monday.\nSecond line"
    assert render.to_html(body) == "<p>Our flu clinic opens Monday.<br>\nSecond line</p>"


def test_a_heading_and_one_line_after_a_unicode_break() -> None:
    item = OutboundItem(text="Clinic news\u2028Our flu clinic opens Monday.")
    assert (render.title_of(item), render.body_of(item)) == (
        "Clinic news", "Our flu clinic opens Monday.")


def test_paragraphs_from_any_break() -> None:
    assert render.to_html("one\r\rtwo\u2029\u2029three") == "<p>one</p>\n<p>two</p>\n<p>three</p>"


# Text biased towards line breaks, spaces and markup characters, plus anything else.
_CHARS = st.one_of(
    st.sampled_from(list("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 \t<>&\"'ab.:/")),
    st.characters(),
)
_TEXT = st.text(_CHARS, max_size=300)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, thread=st.lists(_TEXT, max_size=2),
       subject=st.none() | _TEXT, link=st.none() | st.just("https://care.example/flu"))
def test_rendering_never_raises_and_never_drops_text(
    text: str, thread: list[str], subject: str | None, link: str | None
) -> None:
    item = OutboundItem(text=text, thread=tuple(thread), subject=subject, link=link)
    title = render.title_of(item)
    body = render.body_of(item)
    page = render.to_html(body)
    render.slugify(title)
    whole = _visible(posted_text(item) + "".join(thread))
    if _visible(body) != whole:
        # The only text a body leaves out is a first line promoted to be the title.
        assert not item.subject
        assert _visible(title + body) == whole
    # The HTML shows the whole body: strip the tags we add, unescape, compare.
    assert _visible(html.unescape(_TAG.sub("", page))) == _visible(body)
    assert "<script" not in page.lower()
