"""Network rules checked before any call: grapheme counting, limits, alt text, media."""

from __future__ import annotations

import pytest

from carepost.connectors import ConnectorError, ConnectorMetadata, Media, MediaRules, OutboundItem
from carepost.connectors.rules import check_item, count_graphemes

META = ConnectorMetadata(
    kind="test",
    display_name="Test",
    text_limit=10,
    text_unit="graphemes",
    media=MediaRules(mime_types=("image/png",), max_bytes=100, max_count=2),
    capabilities=frozenset({"publish", "media", "thread"}),
)


@pytest.mark.parametrize(
    ("text", "graphemes"),
    [
        ("", 0),
        ("hello", 5),
        ("e\u0301", 1),  # e + combining acute
        ("\U0001f44b\U0001f3fd", 1),  # waving hand + skin tone
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", 1),  # family ZWJ sequence
        ("\U0001f1eb\U0001f1f7\U0001f1e9\U0001f1ea", 2),  # two flags: FR DE
        ("\u2764\ufe0f", 1),  # heart + variation selector
        ("\u1100\u1161\u11a8", 1),  # Hangul jamo L V T
        ("a\r\nb", 3),
        (
            "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
            1,
        ),  # England flag
    ],
)
def test_count_graphemes(text: str, graphemes: int) -> None:
    assert count_graphemes(text) == graphemes


PNG = Media(b"x" * 10, "image/png", "a chart")


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (OutboundItem(text="x" * 11), "Test: text is 11 graphemes, the limit is 10"),
        (OutboundItem(text="ok", thread=("y" * 11,)), "Test: thread part 1 is 11 graphemes"),
        (OutboundItem(text=""), "Test: the post is empty"),
        (OutboundItem(text="ok", media=(PNG, PNG, PNG)), "Test: 3 images, the limit is 2"),
        (
            OutboundItem(text="ok", media=(Media(b"x", "image/png", "\n"),)),
            "Test: image 1 has no alt text",
        ),
        (
            OutboundItem(text="ok", media=(Media(b"x", "image/gif", "a"),)),
            "image 1 has type image/gif",
        ),
        (
            OutboundItem(text="ok", media=(Media(b"x" * 101, "image/png", "a"),)),
            "image 1 is 101 bytes",
        ),
    ],
)
def test_breaking_a_rule_names_the_field_not_the_text(item: OutboundItem, message: str) -> None:
    with pytest.raises(ConnectorError) as info:
        check_item(item, META)
    assert info.value.kind == "rejected" and info.value.permanent
    assert message in info.value.message
    assert "xxxxx" not in str(info.value) and "yyyyy" not in str(info.value)


def test_a_valid_item_passes() -> None:
    check_item(OutboundItem(text="\U0001f44b" * 10, thread=("ok",), media=(PNG, PNG)), META)


def test_threads_need_the_capability() -> None:
    meta = ConnectorMetadata(kind="t", display_name="T", text_limit=None)
    with pytest.raises(ConnectorError, match="threads are not supported"):
        check_item(OutboundItem(text="a", thread=("b",)), meta)


def test_a_link_appended_to_the_text_counts_against_the_limit() -> None:
    limit = META.text_limit
    assert limit is not None
    fits = OutboundItem(text="a" * limit)
    check_item(fits, META)
    with pytest.raises(ConnectorError, match="text is"):
        check_item(OutboundItem(text="a" * limit, link="h.io"), META)
    # a link already in the text is not counted twice
    check_item(OutboundItem(text="a" * (limit - 5) + " h.io", link="h.io"), META)
