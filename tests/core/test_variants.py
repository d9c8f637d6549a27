"""Channel variants: derived from one composed post by each connector's real metadata."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from carepost.connectors.base import ConnectorMetadata, Media
from carepost.connectors.mastodon.text import status_length
from carepost.connectors.registry import metadata
from carepost.connectors.rules import count_graphemes
from carepost.core.variants import (
    Composed,
    Override,
    VariantError,
    counters,
    derive,
    measure_for,
    split_thread,
    validate,
)

BLUESKY = metadata("bluesky")
MASTODON = metadata("mastodon")
EMAIL = metadata("email")
WEBHOOK = metadata("webhook")
NO_THREADS = ConnectorMetadata(kind="plain", display_name="Plain", text_limit=50)

SENTENCE = "Our flu clinic is open this Saturday from nine to noon at the Main Street site. "
LONG = SENTENCE * 8  # about 640 characters
NUMBER = re.compile(r" (\d+)/(\d+)$")


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


def unnumbered(parts: tuple[str, ...]) -> list[str]:
    return [NUMBER.sub("", p) for p in parts]


def squash(text: str) -> str:
    return "".join(text.split())


def test_a_short_post_is_one_part_with_the_link_counted() -> None:
    post = Composed("Flu shots this Saturday.", link="https://plainview.example/flu")
    v = derive(post, "bsky-main", BLUESKY)
    assert v.parts == ("Flu shots this Saturday.\nhttps://plainview.example/flu",)
    assert not v.edited
    [c] = counters(v, BLUESKY)
    assert (c.part, c.used, c.limit, c.unit, c.over) == (1, 54, 300, "graphemes", False)
    assert validate(v, BLUESKY) == []
    assert v.item().text == v.parts[0] and v.item().thread == ()


def test_a_long_post_becomes_a_numbered_thread_cut_at_sentences() -> None:
    v = derive(Composed(LONG), "bsky-main", BLUESKY)
    n = len(v.parts)
    assert n == 3
    for k, part in enumerate(v.parts, start=1):
        assert part.endswith(f" {k}/{n}")
        assert count_graphemes(part) <= 300
        assert NUMBER.sub("", part).endswith("site.")  # a whole sentence, not a word cut
    assert squash(" ".join(unnumbered(v.parts))) == squash(LONG)
    assert v.item().thread == v.parts[1:]
    assert validate(v, BLUESKY) == []


def test_a_paragraph_break_is_preferred_over_a_mid_sentence_cut() -> None:
    text = "word " * 30 + "\n\n" + "more " * 30
    parts = split_thread(text, 200, len)
    assert unnumbered(parts)[0].split() == ["word"] * 30


def test_the_last_part_is_taken_whole_when_it_fits() -> None:
    text = "a" * 30 + " " + "c" * 20 + ". dd ee"
    parts = split_thread(text, 40, len)
    assert unnumbered(parts) == ["a" * 30, "c" * 20 + ". dd ee"]  # not cut again after "c."


def test_mastodon_counts_each_url_as_23_and_reads_its_limit_from_the_instance() -> None:
    url = "https://plainview.example/" + "a" * 120
    text = "x" * 470 + " " + url
    v = derive(Composed(text), "masto", MASTODON)
    assert len(v.parts) == 1  # 470 + 1 + 23 = 494 of 500
    assert counters(v, MASTODON)[0].used == status_length(text) == 494
    small = replace(MASTODON, text_limit=300)  # what MastodonConnector.instance_metadata gives
    assert len(derive(Composed(text), "masto", small).parts) == 2
    big = replace(MASTODON, text_limit=5000)
    assert len(derive(Composed(LONG * 5), "masto", big).parts) == 1


def test_email_keeps_subject_and_html_and_has_no_limit() -> None:
    post = Composed(LONG * 10, link="https://x.example", subject="Flu clinic", html="<p>Hi</p>")
    v = derive(post, "newsletter", EMAIL)
    assert v.parts == ((LONG * 10).strip(),)
    assert (v.subject, v.html, v.link) == ("Flu clinic", "<p>Hi</p>", "https://x.example")
    assert counters(v, EMAIL)[0].limit is None
    assert validate(v, EMAIL) == []


@pytest.mark.parametrize(
    ("subject", "message"), [(None, "a subject is required"), ("Two\nlines", "one line")]
)
def test_email_subject_rules_name_the_channel(subject: str | None, message: str) -> None:
    v = derive(Composed("Hello", subject=subject), "newsletter", EMAIL)
    [problem] = validate(v, EMAIL)
    assert problem.rule == "subject" and problem.channel == "newsletter"
    assert problem.message.startswith("newsletter: ") and message in problem.message


def test_webhook_and_bluesky_drop_formats_they_do_not_have() -> None:
    post = Composed("Hello there", subject="S", html="<b>H</b>")
    hook = derive(post, "hook", WEBHOOK)
    assert (hook.subject, hook.html) == (None, None)
    assert derive(post, "bsky", BLUESKY).subject is None


def test_a_network_without_threads_gets_a_named_limit_error_not_a_thread() -> None:
    v = derive(Composed(SENTENCE), "plain", NO_THREADS)
    assert len(v.parts) == 1
    [problem] = validate(v, NO_THREADS)
    assert problem.rule == "text_limit"
    assert problem.message == "plain: the text is 79 characters; the limit is 50"


def test_overrides_apply_to_their_channel_only_and_mark_it_edited() -> None:
    post = Composed(
        LONG,
        overrides={
            "bsky": Override(thread=("First part.", "Second part.")),
            "masto": Override(text="Short for Mastodon."),
        },
    )
    bsky = derive(post, "bsky", BLUESKY)
    assert bsky.parts == ("First part.", "Second part.") and bsky.edited
    masto = derive(post, "masto", MASTODON)
    assert masto.parts == ("Short for Mastodon.",) and masto.edited
    other = derive(post, "bsky-2", BLUESKY)
    assert not other.edited and len(other.parts) == 3


def test_an_override_thread_gets_the_link_in_its_first_part_unless_it_has_it() -> None:
    link = "https://plainview.example/flu"
    post = Composed("x", link=link, overrides={"b": Override(thread=("One.", "Two."))})
    assert derive(post, "b", BLUESKY).parts == (f"One.\n{link}", "Two.")
    post = Composed("x", link=link, overrides={"b": Override(thread=("One.", f"See {link}"))})
    v = derive(post, "b", BLUESKY)
    assert v.parts == ("One.", f"See {link}")
    assert v.item().link is None  # else the connector would add it to the first part again


def test_a_threaded_post_carries_its_link_once() -> None:
    link = "https://plainview.example/flu"
    v = derive(Composed(LONG, link=link), "bsky", BLUESKY)
    assert sum(p.count(link) for p in v.parts) == 1
    assert v.item().link is None or link in v.item().text


def test_an_override_thread_too_long_for_a_part_is_named() -> None:
    post = Composed("x", overrides={"bsky": Override(thread=("ok", "y" * 301))})
    [problem] = validate(derive(post, "bsky", BLUESKY), BLUESKY)
    assert problem.message == "bsky: part 2 of 2 is 301 graphemes; the limit is 300"


def test_media_problems_carry_the_channel_and_rule() -> None:
    post = Composed("Garden day", media=(Media(png(), "image/png", "photo"),))
    problems = validate(derive(post, "bsky", BLUESKY), BLUESKY)
    assert [(p.rule, p.channel) for p in problems] == [("media.alt_text", "bsky")]
    assert problems[0].message.startswith("bsky: image 1 ")
    assert validate(derive(Composed(""), "bsky", BLUESKY), BLUESKY)[0].rule == "empty"


def test_a_link_longer_than_a_whole_post_cannot_be_threaded() -> None:
    with pytest.raises(VariantError, match="link, mention or hashtag"):
        split_thread("see https://example.org/" + "a" * 400, 300, measure_for(BLUESKY))


def test_a_long_word_is_cut_between_graphemes_never_inside_one() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme, five code points
    word = (family + "e\u0301" + "\U0001f1eb\U0001f1f7") * 40  # 120 graphemes, no spaces
    parts = split_thread(word, 25, measure_for(BLUESKY))
    pieces = [squash(p) for p in unnumbered(parts)]
    assert "".join(pieces) == word
    assert sum(count_graphemes(p) for p in pieces) == count_graphemes(word) == 120
    assert all(count_graphemes(p) <= 25 for p in parts)


def test_numbering_grows_a_digit_when_there_are_ten_parts_or_more() -> None:
    parts = split_thread("abcd " * 200, 30, len)
    assert len(parts) >= 10 and parts[0].endswith(f" 1/{len(parts)}")
    assert all(len(p) <= 30 for p in parts)


# --- properties ------------------------------------------------------------------------------

ATOMS = ["a", "b", "é", "e\u0301", "Z", "7", "\U0001f44b\U0001f3fd", "\U0001f1e9\U0001f1ea",
         "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u1100\u1161\u11a8", "\u4e2d", "."]
plain_word = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=12).map("".join)
# Longer than a post's budget, so it must be cut between graphemes.
long_word = st.lists(st.sampled_from(ATOMS), min_size=60, max_size=200).map("".join)
protected = st.one_of(
    st.from_regex(r"https://[a-z]{3,10}\.org/[a-z0-9]{0,12}", fullmatch=True),
    st.from_regex(r"@[a-z]{2,8}\.bsky\.social", fullmatch=True),
    st.from_regex(r"@[a-z]{2,6}@[a-z]{3,8}\.org", fullmatch=True),
    st.from_regex(r"#[A-Za-z]{2,12}", fullmatch=True),
)
separator = st.sampled_from([" ", " ", " ", "\n", "\n\n", ". ", "!  "])
word = st.one_of(plain_word, plain_word, protected, long_word)
text_st = st.lists(st.tuples(word, separator), min_size=1, max_size=60)


@settings(max_examples=100, deadline=None)
@given(
    chunks=text_st,
    limit=st.integers(45, 320),
    network=st.sampled_from([BLUESKY, MASTODON, replace(NO_THREADS, text_unit="bytes")]),
)
def test_thread_parts_fit_rejoin_to_the_text_and_keep_tokens_whole(
    chunks: list[tuple[str, str]], limit: int, network: ConnectorMetadata
) -> None:
    text = "".join(w + s for w, s in chunks)
    measure = measure_for(network)
    parts = split_thread(text, limit, measure)
    assert all(measure(p) <= limit for p in parts)
    bodies = unnumbered(parts) if len(parts) > 1 else list(parts)
    if len(parts) > 1:
        assert [NUMBER.search(p).groups() for p in parts] == [  # type: ignore[union-attr]
            (str(k), str(len(parts))) for k in range(1, len(parts) + 1)
        ]
    assert squash("".join(bodies)) == squash(text)
    # No grapheme is cut: the parts' clusters add up to the text's.
    assert sum(count_graphemes(squash(b)) for b in bodies) == count_graphemes(squash(text))
    for token, _ in chunks:
        if token[0] in "@#h" and re.match(r"https://|@|#", token):
            assert any(token in b.split() or token in b for b in bodies), "a token was cut"
