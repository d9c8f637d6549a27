"""Channel variants: a composed post turned into what one network will get, counted and checked.

Compose once; each channel gets a variant derived from the composed post by its connector's
metadata (limit, unit, threads, formats), which an editor may then override. Lengths are
measured the way the network measures them (`carepost.connectors.rules`, and Mastodon's
URL-as-23 rule from its connector), so the composer's counters agree with the network. Messages
name the channel, the part and the rule, never the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from carepost.connectors.base import ConnectorMetadata, Media, OutboundItem
from carepost.connectors.errors import ConnectorError
from carepost.connectors.mastodon.text import status_length
from carepost.connectors.rules import check_item, count_graphemes, text_length
from carepost.core.media import DEFAULT_MAX_PIXELS, check_media

Measure = Callable[[str], int]

# Tokens a thread split must keep whole: links, @mentions (local or remote), #hashtags.
_PROTECTED = re.compile(r"https?://|www\.|@\w|#\w")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_WORD = re.compile(r"\S+")


class VariantError(ValueError):
    """A variant that cannot be derived (e.g. a link longer than the network's whole limit)."""


@dataclass(frozen=True)
class Override:
    """An editor's changes to one channel's variant; None keeps the derived value."""

    text: str | None = None
    thread: tuple[str, ...] | None = None  # explicit parts: used as written, no numbering
    link: str | None = None
    media: tuple[Media, ...] | None = None
    subject: str | None = None
    html: str | None = None


@dataclass(frozen=True)
class Composed:
    """What the author wrote once, for every channel; `overrides` are keyed by channel name."""

    text: str
    link: str | None = None
    media: tuple[Media, ...] = ()
    subject: str | None = None
    html: str | None = None
    overrides: Mapping[str, Override] = field(default_factory=dict)


@dataclass(frozen=True)
class Variant:
    """One channel's version: the post and its thread replies, as the network will get them."""

    channel: str
    kind: str
    parts: tuple[str, ...]
    link: str | None = None
    media: tuple[Media, ...] = ()
    subject: str | None = None
    html: str | None = None
    edited: bool = False

    def item(self) -> OutboundItem:
        """The connector's input for this variant."""
        first, *rest = self.parts or ("",)
        return OutboundItem(
            text=first,
            thread=tuple(rest),
            media=self.media,
            subject=self.subject,
            html=self.html,
            link=self.link,
        )


@dataclass(frozen=True)
class Counter:
    """A live counter for the composer: `used` of `limit` (None: no limit) for one part."""

    part: int
    used: int
    limit: int | None
    unit: str

    @property
    def over(self) -> bool:
        """Whether this part is longer than the network allows."""
        return self.limit is not None and self.used > self.limit


@dataclass(frozen=True)
class VariantProblem:
    """One rule a variant breaks; `message` names the channel and what to change."""

    channel: str
    rule: str
    message: str


def measure_for(metadata: ConnectorMetadata, *, url_length: int = 23) -> Measure:
    """How this network counts a text: graphemes, characters, or Mastodon's URL-as-23 rule."""
    if metadata.kind == "mastodon":
        return lambda text: status_length(text, url_length)
    unit = metadata.text_unit
    return lambda text: text_length(text, unit)


def _is_boundary(word: str, index: int) -> bool:
    """Whether a grapheme cluster starts at `index` (the streaming count steps up there)."""
    return index >= len(word) or count_graphemes(word[: index + 1]) > count_graphemes(word[:index])


def _hard_split(
    text: str, start: int, end: int, budget: int, measure: Measure
) -> list[tuple[int, int]]:
    """Cut one over-long word at grapheme boundaries into spans that each fit `budget`."""
    if _PROTECTED.search(text[start:end]):
        raise VariantError("a link, mention or hashtag is longer than one post allows")
    word = text[start:end]
    spans: list[tuple[int, int]] = []
    s = 0
    while s < len(word):
        lo, hi = s + 1, len(word)
        while lo < hi:  # the furthest end that fits
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if measure(word[s:mid]) <= budget else (lo, mid - 1)
        cut = lo
        while cut > s and not _is_boundary(word, cut):
            cut -= 1
        if cut == s or measure(word[s:cut]) > budget:
            raise VariantError("one character is longer than one post allows")
        spans.append((start + s, start + cut))
        s = cut
    return spans


def _pack(text: str, budget: int, measure: Measure) -> list[str]:
    words: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        if measure(m.group()) > budget:
            words.extend(_hard_split(text, m.start(), m.end(), budget, measure))
        else:
            words.append((m.start(), m.end()))
    parts: list[str] = []
    i = 0
    while i < len(words):
        start = words[i][0]
        lo, hi = i, len(words) - 1
        while lo < hi:  # the last word that still fits with everything since `start`
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if measure(text[start : words[mid][1]]) <= budget else (lo, mid - 1)
        end = lo
        # Prefer ending at a sentence or paragraph, unless that leaves the part under half full;
        # the rest of the text fitting in one part is always taken whole.
        for j in range(lo if lo < len(words) - 1 else -1, i - 1, -1):
            if measure(text[start : words[j][1]]) * 2 < budget:
                break
            gap = text[words[j][1] : words[j + 1][0]] if j + 1 < len(words) else ""
            if _SENTENCE_END.search(text[words[j][0] : words[j][1]]) or gap.count("\n") >= 2:
                end = j
                break
        parts.append(text[start : words[end][1]])
        i = end + 1
    return parts


def split_thread(
    text: str, limit: int, measure: Measure, *, numbering: bool = True
) -> tuple[str, ...]:
    """Parts within `limit` cut at sentences, then words, then graphemes, numbered " 1/3".

    Links, mentions and hashtags are never cut. A text that fits stays one unnumbered part.
    """
    text = text.strip()
    if measure(text) <= limit:
        return (text,)
    digits = 1
    while True:
        width = 2 + 2 * digits if numbering else 0  # " 12/12"
        if limit - width < 1:
            raise VariantError(f"a limit of {limit} leaves no room for a thread")
        parts = _pack(text, limit - width, measure)
        if not numbering:
            return tuple(parts)
        if len(str(len(parts))) <= digits:
            n = len(parts)
            return tuple(f"{part} {k}/{n}" for k, part in enumerate(parts, start=1))
        digits += 1


def _with_link(text: str, link: str | None) -> str:
    # As the connectors do when posting; done here so the counters include the link.
    if not link or link in text:
        return text
    return f"{text}\n{link}" if text.strip() else link


def derive(
    composed: Composed, channel: str, metadata: ConnectorMetadata, *, url_length: int = 23
) -> Variant:
    """The variant for `channel` on this network: overrides applied, threaded where too long."""
    o = composed.overrides.get(channel, Override())
    edited = o != Override()
    link = o.link if o.link is not None else composed.link
    text = o.text if o.text is not None else composed.text
    formats = metadata.formats
    subject = (
        (o.subject if o.subject is not None else composed.subject) if "subject" in formats else None
    )
    html = (o.html if o.html is not None else composed.html) if "html" in formats else None
    media = o.media if o.media is not None else composed.media
    limit = metadata.text_limit
    if o.thread is not None:
        parts = tuple(p.strip() for p in o.thread)
        if limit is not None and parts and not any(link and link in p for p in parts):
            parts = (_with_link(parts[0], link), *parts[1:])  # the connector would add it there
    elif limit is None:
        parts = (text.strip(),)  # no limit: the connector places the link itself
    else:
        text = _with_link(text, link)
        if "thread" in metadata.capabilities:
            parts = split_thread(text, limit, measure_for(metadata, url_length=url_length))
        else:
            parts = (text.strip(),)
    if limit is not None and link and parts and link not in parts[0]:
        # The link already sits in a later part; connectors append `link` to the first part
        # when it is missing there, which would post it twice and break the count.
        link = None
    return Variant(channel, metadata.kind, parts, link, media, subject, html, edited)


def counters(
    variant: Variant, metadata: ConnectorMetadata, *, url_length: int = 23
) -> tuple[Counter, ...]:
    """One counter per part, as the network counts."""
    measure = measure_for(metadata, url_length=url_length)
    return tuple(
        Counter(i, measure(p), metadata.text_limit, metadata.text_unit)
        for i, p in enumerate(variant.parts, start=1)
    )


def validate(
    variant: Variant,
    metadata: ConnectorMetadata,
    *,
    url_length: int = 23,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> list[VariantProblem]:
    """Every rule the variant breaks on its network; empty when it may be approved and sent."""
    ch = variant.channel
    problems: list[VariantProblem] = []

    def add(rule: str, message: str) -> None:
        problems.append(VariantProblem(ch, rule, f"{ch}: {message}"))

    if not any(p.strip() for p in variant.parts) and not variant.media:
        add("empty", "the post is empty")
    if len(variant.parts) > 1 and "thread" not in metadata.capabilities:
        add("thread", f"{metadata.display_name} has no threads; shorten the text")
    for c in counters(variant, metadata, url_length=url_length):
        if c.over:
            where = (
                "the text" if len(variant.parts) == 1 else f"part {c.part} of {len(variant.parts)}"
            )
            add("text_limit", f"{where} is {c.used} {c.unit}; the limit is {c.limit}")
    if "subject" in metadata.formats:
        subject = variant.subject or ""
        if not subject.strip():
            add("subject", "a subject is required")
        elif "\n" in subject or "\r" in subject:
            add("subject", "the subject must be one line")
    for p in check_media(variant.media, metadata, max_pixels=max_pixels):
        add(f"media.{p.rule}", p.message)
    if not problems:
        # The connector's own pre-flight, as a last net for rules added there later.
        try:
            check_item(variant.item(), replace(metadata, text_limit=None))
        except ConnectorError as exc:
            add("network", exc.message)
    return problems
