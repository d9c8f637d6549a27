"""The RSS, Atom and podcast feeds, read back with a real feed parser (feedparser)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import Engine, select

from carepost.connectors.base import OutboundItem
from carepost.connectors.blog.audio import inspect
from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.connectors.blog.store import EntryFile, NewEntry
from carepost.storage.blog import BlogEntry
from carepost.storage.blog_store import SqlBlogStore
from carepost.storage.db import transaction
from carepost.web.app import create_app
from tests.connectors.blog.media import m4a, mp3
from tests.web.conftest import Site, make_settings

Publish = Callable[..., str]
SITE_URL = "https://site.example"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = {"org": "plainview", "title": "Plainview Care news", "author": "Plainview Care",
           "description": "Health news & tips", "public_url": "https://care.example",
           "podcast_category": "Health & Fitness", "podcast_explicit": False,
           "podcast_image_url": "https://care.example/cover.png"}


@pytest.fixture
def site(site: Site, tmp_path: Path) -> Site:
    """The site with its public address configured (CAREPOST_PUBLIC_URL), as feeds need."""
    settings = make_settings(tmp_path, public_url=SITE_URL)
    return dataclasses.replace(site, settings=settings, app=create_app(
        settings, engine=site.engine, setup_link=site.setup_link))


def parse(site: Site, path: str, host: str | None = None) -> feedparser.FeedParserDict:
    headers = {"Host": host} if host else {}
    response = site.client().http.get(path, headers=headers)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def episode(blog: BlogConnector, key: str, title: str, audio: bytes) -> None:
    """An entry with audio, stored as the connector stores a post with attached audio."""
    info = inspect(audio)
    file = EntryFile("audio", audio, info.mime_type, f"{key}.{info.extension}",
                     duration_seconds=info.duration_seconds)
    blog.store.put_entry(blog.settings(), NewEntry(
        key=key, title=title, body_text=f"{title} notes", body_html=f"<p>{title} notes</p>",
        files=(file,)))


def test_rss_and_atom_carry_every_entry(site: Site, blog: BlogConnector, publish: Publish) -> None:
    publish("First <b>bold</b> & more", subject="First & foremost")
    publish("Second post\nhttps://care.example/flu", subject="Second")
    base = f"{SITE_URL}/blog/plainview"
    # A forged Host header changes nothing: links come from the configured address only.
    rss = parse(site, "/blog/plainview/rss.xml", host="evil.example")
    assert rss.version == "rss20"
    assert rss.feed.title == "Plainview Care news" and rss.feed.link == f"{base}/"
    assert [e.title for e in rss.entries] == ["Second", "First & foremost"]
    assert rss.entries[1].link == f"{base}/first-foremost"
    assert "&lt;b&gt;bold&lt;/b&gt;" in rss.entries[1].summary
    assert 'href="https://care.example/flu"' in rss.entries[0].summary
    atom = parse(site, "/blog/plainview/atom.xml", host="evil.example")
    assert atom.version == "atom10"
    assert [e.title for e in atom.entries] == ["Second", "First & foremost"]
    assert atom.entries[0].id == f"{base}/second"
    assert atom.entries[0].published_parsed is not None
    assert "https://care.example/flu" in atom.entries[0].content[0].value


def test_without_a_public_address_feeds_are_not_built_from_the_host_header(
    site: Site, tmp_path: Path, publish: Publish
) -> None:
    publish("Hello", subject="Hello")
    settings = make_settings(tmp_path / "bare")
    bare = dataclasses.replace(site, settings=settings, app=create_app(
        settings, engine=site.engine, setup_link=site.setup_link))
    for feed in ("rss.xml", "atom.xml", "podcast.xml"):
        response = bare.client().http.get(f"/blog/plainview/{feed}",
                                          headers={"Host": "evil.example"})
        assert response.status_code == 404, feed
        assert "CAREPOST_PUBLIC_URL" in response.text and "evil.example" not in response.text
    # The pages themselves use relative links and still work.
    assert bare.client().http.get("/blog/plainview/").status_code == 200


def test_feeds_use_the_configured_public_address(site: Site) -> None:
    blog = BlogConnector(BlogConfig.from_mapping(PODCAST), SqlBlogStore(site.engine))
    blog.publish(OutboundItem(text="Hello", subject="Hello"), "3lbfeedurl001")
    rss = parse(site, "/blog/plainview/rss.xml")
    assert rss.entries[0].link == "https://care.example/blog/plainview/hello"


def test_the_podcast_feed_lists_episodes_with_enclosures_and_itunes_tags(
    site: Site, publish: Publish
) -> None:
    blog = BlogConnector(BlogConfig.from_mapping(PODCAST), SqlBlogStore(site.engine))
    publish("Not an episode", subject="Plain post")
    long_mp3, short_m4a = mp3(2300), m4a(3725)
    episode(blog, "3lbpod0000001", "Episode 1: sleep", long_mp3)
    episode(blog, "3lbpod0000002", "Episode 2: flu", short_m4a)
    feed = parse(site, "/blog/plainview/podcast.xml")
    assert [e.title for e in feed.entries] == ["Episode 2: flu", "Episode 1: sleep"]
    assert feed.feed.author == "Plainview Care"
    # Apple's current values are "true"/"false"; feedparser 6 only maps the older "yes" and
    # "clean", so the exact value is read from the XML itself.
    raw = ET.fromstring(site.client().http.get("/blog/plainview/podcast.xml").content)
    assert raw.findtext(f"channel/{{{ITUNES}}}explicit") == "false"
    assert raw.findtext(f"channel/item/{{{ITUNES}}}explicit") == "false"
    assert feed.feed.image.href == "https://care.example/cover.png"
    assert [t.term for t in feed.feed.tags] == ["Health & Fitness"]
    second, first = feed.entries
    enclosure = first.enclosures[0]
    assert enclosure.href == "https://care.example/blog/plainview/episode-1-sleep/audio.mp3"
    assert (int(enclosure.length), enclosure.type) == (len(long_mp3), "audio/mpeg")
    assert first.itunes_duration == "1:00"  # 2300 frames of 1152 samples at 44.1 kHz
    assert second.enclosures[0].type == "audio/x-m4a"
    assert int(second.enclosures[0].length) == len(short_m4a)
    assert second.itunes_duration == "1:02:05"
    served = site.client().http.get("/blog/plainview/episode-1-sleep/audio.mp3")
    assert served.content == long_mp3 and served.headers["content-type"] == "audio/mpeg"
    assert site.client().http.get(
        "/blog/plainview/episode-1-sleep/audio.m4a").status_code == 404


def test_enclosures_answer_head_and_byte_ranges(site: Site) -> None:
    blog = BlogConnector(BlogConfig.from_mapping(PODCAST), SqlBlogStore(site.engine))
    data = mp3(100)
    episode(blog, "3lbrange00001", "Ranged", data)
    http, url = site.client().http, "/blog/plainview/ranged/audio.mp3"
    head = http.head(url)
    assert head.status_code == 200 and int(head.headers["content-length"]) == len(data)
    assert head.headers["accept-ranges"] == "bytes"
    part = http.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    tail = http.get(url, headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.content == data[-50:]
    assert http.get(url, headers={"Range": f"bytes={len(data)}-"}).status_code == 416
    assert http.head("/blog/plainview/podcast.xml").status_code == 200


def test_deleted_entries_leave_the_feeds(site: Site, blog: BlogConnector, engine: Engine) -> None:
    published = blog.publish(OutboundItem(text="Gone soon", subject="Gone"), "3lbgone00001")
    blog.publish(OutboundItem(text="Stays", subject="Stays"), "3lbstays0001")
    blog.delete(published.remote_id)
    for path in ("/blog/plainview/rss.xml", "/blog/plainview/atom.xml"):
        assert [e.title for e in parse(site, path).entries] == ["Stays"]
    with transaction(engine) as session:
        assert len(session.execute(select(BlogEntry)).scalars().all()) == 2  # kept, marked


def test_control_characters_never_break_the_xml(site: Site, blog: BlogConnector) -> None:
    blog.publish(OutboundItem(text="Bell \x07 and \x1b escape", subject="Odd \x0b title"),
                 "3lbcontrol01")
    for path in ("/blog/plainview/rss.xml", "/blog/plainview/atom.xml"):
        assert parse(site, path).entries[0].title == "Odd title"
    assert site.client().http.get("/blog/nowhere/rss.xml").status_code == 404
