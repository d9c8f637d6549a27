"""A drill alert sent to a blog that is an alert test channel never shows on the public blog.

The delivery itself still happens (that is what the drill tests); the entry is left out of the
index, the entry page, the feeds and the comment form. A real alert on the same blog shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.blog import store
from carepost.services.alerts import compose, send
from carepost.storage.alerts import AlertDelivery
from carepost.storage.blog import BlogEntry
from carepost.storage.db import session_factory, transaction
from carepost.web.app import create_app
from tests.conftest import Personas
from tests.connectors.blog.conftest import blog_config
from tests.services.alerts.conftest import alert_from_template
from tests.web.conftest import Site, make_settings
from tests.worker.helpers import add_channel, new_box


@pytest.fixture
def shared_db(site: Site, database_url: str,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """The site's database, which the blog connector finds through the settings (as serve)."""
    monkeypatch.setenv("CAREPOST_DATABASE_URL", database_url)
    yield session_factory(site.engine)
    store.close_engines()


def test_a_drill_on_a_blog_test_channel_stays_off_the_public_blog(
    site: Site, personas: Personas, shared_db: sessionmaker[Session], tmp_path: Path
) -> None:
    box = new_box()
    channel = add_channel(shared_db, personas, box, "blog", blog_config(public_url=""))
    with transaction(shared_db) as session:
        compose.mark_test_channel(session, personas.actors["admin"], channel, True)
    drill = alert_from_template(shared_db, personas, [channel], drill=True)
    send.send(shared_db, box, personas.actors["responder"], drill)
    with transaction(shared_db) as session:
        delivery = session.execute(
            select(AlertDelivery).where(AlertDelivery.alert_id == drill)).scalar_one()
        assert delivery.url is not None  # delivered: the drill did its job
        assert session.execute(select(func.count()).select_from(BlogEntry)).scalar_one() == 1
    settings = make_settings(tmp_path, public_url="https://site.example")
    client = dataclasses.replace(site, settings=settings, app=create_app(
        settings, engine=site.engine, setup_link=site.setup_link)).client()
    drill_path = delivery.url.removeprefix("https://site.example")
    assert client.http.get(drill_path).status_code == 404
    assert "DRILL" not in client.get("/blog/plainview/").text

    real = alert_from_template(shared_db, personas, [channel])
    send.send(shared_db, box, personas.actors["responder"], real)
    index = client.get("/blog/plainview/").text
    assert "DRILL" not in index and "boil" in index.lower()
    for feed in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse(client.http.get(f"/blog/plainview/{feed}").content)
        assert len(parsed.entries) == 1, feed
        assert "DRILL" not in parsed.entries[0].title
