"""End to end: a post approved for a blog channel is published by the worker and shows on the
public page and in every feed; a lost answer is resolved by asking the blog, never by posting
again."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.blog import store
from carepost.services import blog_audio, posts
from carepost.storage.blog import BlogEntry
from carepost.storage.db import session_factory, transaction
from carepost.storage.models import utcnow
from carepost.web.app import create_app
from carepost.worker.loop import Worker
from tests.conftest import Personas
from tests.connectors.blog.conftest import blog_config
from tests.connectors.blog.media import mp3
from tests.web.conftest import Site, make_settings
from tests.worker.helpers import add_channel, new_box, variant

TEXT = ("Sleep and the flu, episode 1\n\n"
        "This week: how to sleep better during flu season. Listen below.")


@pytest.fixture
def worker_db(site: Site, database_url: str,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """The site's database, and the settings every carepost process reads pointing at it."""
    # The worker builds the blog connector from its configuration alone; like the CLI and
    # `serve`, it then finds the database through the installation's settings.
    monkeypatch.setenv("CAREPOST_DATABASE_URL", database_url)
    yield session_factory(site.engine)
    store.close_engines()


def approved_episode(db: sessionmaker[Session], people: Personas, channel_id: int) -> int:
    author, approver = people.actors["author"], people.actors["approver"]
    with transaction(db) as session:
        post_id = posts.create_post(session, author, "internal: ep1 draft",
                                    [(channel_id, TEXT)]).id
    with transaction(db) as session:
        blog_audio.attach_audio(session, author, post_id, mp3(1500), "episode-1.mp3")
    with transaction(db) as session:
        posts.submit(session, author, post_id)
    with transaction(db) as session:
        posts.review(session, approver, post_id, "approved")
    with transaction(db) as session:
        posts.schedule(session, approver, post_id, utcnow())
    return post_id


def entry_count(db: sessionmaker[Session]) -> int:
    with transaction(db) as session:
        return session.execute(select(func.count()).select_from(BlogEntry)).scalar_one()


def test_the_worker_publishes_to_the_blog_page_and_feeds(
    site: Site, personas: Personas, worker_db: sessionmaker[Session], tmp_path: Path
) -> None:
    box = new_box()
    channel_id = add_channel(worker_db, personas, box, "blog", blog_config(public_url=""))
    post_id = approved_episode(worker_db, personas, channel_id)
    worker = Worker(db=worker_db, box=box)
    assert [o.state for o in worker.tick()] == ["published"]
    published = variant(worker_db, post_id)
    slug = "sleep-and-the-flu-episode-1"
    assert published.state == "published" and published.url == f"/blog/plainview/{slug}"
    assert worker.tick() == [] and entry_count(worker_db) == 1
    client = site.client()
    page = client.get(f"/blog/plainview/{slug}").text
    assert "how to sleep better during flu season." in page
    assert "ep1 draft" not in page  # the post's internal, unguarded title is never published
    assert f'src="/blog/plainview/{slug}/audio.mp3"' in page
    # Feeds need absolute links: the channel has no public_url, so the site's is used.
    settings = make_settings(tmp_path, public_url="https://site.example")
    client = dataclasses.replace(site, settings=settings, app=create_app(
        settings, engine=site.engine, setup_link=site.setup_link)).client()
    for feed in ("rss.xml", "atom.xml", "podcast.xml"):
        parsed = feedparser.parse(client.http.get(f"/blog/plainview/{feed}").content)
        assert not parsed.bozo and [e.title for e in parsed.entries] == [
            "Sleep and the flu, episode 1"], feed
    episode = feedparser.parse(client.http.get("/blog/plainview/podcast.xml").content).entries[0]
    assert episode.enclosures[0].type == "audio/mpeg" and episode.itunes_duration == "0:39"
    assert episode.enclosures[0].href == (
        f"https://site.example/blog/plainview/{slug}/audio.mp3")


def test_a_lost_answer_is_resolved_by_asking_the_blog(
    site: Site, personas: Personas, worker_db: sessionmaker[Session]
) -> None:
    from carepost.services import channels
    from carepost.services.publishing import outbound_item
    from carepost.storage.publishing import Channel, Post, Variant

    box = new_box()
    channel_id = add_channel(worker_db, personas, box, "blog", blog_config(public_url=""))
    post_id = approved_episode(worker_db, personas, channel_id)
    # The first attempt stored the entry, then its answer was lost (a crash after the call):
    # the variant holds its key and is "outcome unknown".
    with transaction(worker_db) as session:
        row = session.execute(select(Variant).where(Variant.post_id == post_id)).scalar_one()
        channel = session.get(Channel, channel_id)
        post = session.get(Post, post_id)
        assert channel is not None and post is not None
        row.idempotency_key, row.state, row.attempts = "3lblost000001", "outcome_unknown", 1
        post.state = "outcome_unknown"
        item = outbound_item(row, channel, (), post.title)
    channels.connector_for(channel, box).publish(item, "3lblost000001")
    assert entry_count(worker_db) == 1
    outcomes = Worker(db=worker_db, box=box).tick()
    assert [o.state for o in outcomes] == ["published"]
    assert entry_count(worker_db) == 1
    assert variant(worker_db, post_id).remote_id is not None
