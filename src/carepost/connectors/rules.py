"""Checks an outbound item against a network's rules before any network call is made."""

from __future__ import annotations

import unicodedata

from carepost.connectors.base import ConnectorMetadata, OutboundItem
from carepost.connectors.errors import ConnectorError

_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    """Whether `ch` continues the grapheme cluster before it (UAX #29, the common cases)."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch == _ZWJ
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # tag sequences (subdivision flags)
        or 0x1160 <= cp <= 0x11FF  # Hangul medial vowels and final consonants
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def count_graphemes(text: str) -> int:
    """User-perceived characters, as Bluesky counts its 300-grapheme limit.

    The standard library has no UAX #29 segmenter; this covers combining marks, emoji ZWJ
    sequences, modifiers, variation selectors, flags, Hangul jamo and CRLF, which is what posts
    contain in practice. Bluesky also caps the UTF-8 size (3000 bytes), checked separately.
    """
    count = 0
    prev = ""
    pending_regional = False
    for ch in text:
        if count and (_extends(ch) or prev == _ZWJ or (prev == "\r" and ch == "\n")):
            prev = ch
            continue
        if _regional(ch):
            if pending_regional:
                pending_regional = False
                prev = ch
                continue
            pending_regional = True
        else:
            pending_regional = False
        count += 1
        prev = ch
    return count


def text_length(text: str, unit: str) -> int:
    """The length of `text` in the unit a network counts."""
    if unit == "graphemes":
        return count_graphemes(text)
    if unit == "bytes":
        return len(text.encode("utf-8"))
    return len(text)


def posted_text(item: OutboundItem) -> str:
    """The first post's text as networks without a link field receive it: the link appended."""
    if item.link and item.link not in item.text:
        return f"{item.text}\n{item.link}" if item.text else item.link
    return item.text


def check_item(item: OutboundItem, metadata: ConnectorMetadata) -> None:
    """Raise a permanent `rejected` error naming the field if `item` breaks the network's rules."""

    def reject(message: str) -> ConnectorError:
        return ConnectorError("rejected", f"{metadata.display_name}: {message}", permanent=True)

    # the limit applies to what is posted, so a link appended to the text counts
    parts = (posted_text(item), *item.thread)
    if not any(p.strip() for p in parts) and not item.media:
        raise reject("the post is empty")
    if item.thread and "thread" not in metadata.capabilities:
        raise reject("threads are not supported")
    if metadata.text_limit is not None:
        for index, part in enumerate(parts):
            length = text_length(part, metadata.text_unit)
            if length > metadata.text_limit:
                where = "text" if index == 0 else f"thread part {index}"
                raise reject(
                    f"{where} is {length} {metadata.text_unit}, the limit is {metadata.text_limit}"
                )
    rules = metadata.media
    if item.media and "media" not in metadata.capabilities:
        raise reject("images are not supported")
    if rules.max_count and len(item.media) > rules.max_count:
        raise reject(f"{len(item.media)} images, the limit is {rules.max_count}")
    for index, media in enumerate(item.media, start=1):
        if not media.alt_text.strip():
            raise reject(f"image {index} has no alt text")
        if rules.mime_types and media.mime_type not in rules.mime_types:
            raise reject(
                f"image {index} has type {media.mime_type}, allowed: {', '.join(rules.mime_types)}"
            )
        if rules.max_bytes and len(media.data) > rules.max_bytes:
            raise reject(
                f"image {index} is {len(media.data)} bytes, the limit is {rules.max_bytes}"
            )
