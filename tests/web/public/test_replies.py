"""The organisation answers a blog comment from the inbox page; the answer shows on the entry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from carepost.connectors.blog import store
from carepost.services import accounts, channels
from carepost.services.inbox import ingest
from carepost.storage.blog import BlogComment
from carepost.storage.db import session_factory, transaction
from tests.connectors.blog.conftest import blog_config
from tests.web.conftest import PERSONAS, Site
from tests.web.public.test_pages import Publish, send

ANSWER = "Yes, parking is free on Saturdays."


@pytest.fixture
def same_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The blog channel's connector finds the database the way every carepost process does."""
    monkeypatch.setenv("CAREPOST_DATABASE_URL", database_url)
    yield
    store.close_engines()


def test_a_responder_answers_a_blog_comment_and_it_shows_on_the_entry(
    site: Site, publish: Publish, no_wait: None, same_database: None
) -> None:
    slug = publish("Flu clinic Saturday", "Flu clinic")
    assert send(site, slug, text="Is parking free on Saturday?").status_code == 303  # type: ignore[attr-defined]
    db = session_factory(site.engine)
    box = channels.channel_box(site.settings)
    with transaction(db) as session:
        admin = accounts.actor_for(session, site.ids["admin"], "plainview")  # type: ignore[attr-defined]
        channel_id = channels.add_channel(session, admin, box, "blog", "Blog",
                                          blog_config(public_url="")).id
    polled = ingest.poll_channel(db, box, channel_id, escalate=False)
    assert polled.error is None and polled.new == 1, polled
    item_id = polled.new_ids[0]
    client = site.client()
    client.login(PERSONAS["responder"])
    page = client.get(f"/inbox/items/{item_id}")
    assert f'action="/inbox/items/{item_id}/reply"' in page.text  # the form is back for blogs
    assert "cannot be answered" not in page.text
    blocked = client.post(f"/inbox/items/{item_id}/reply",
                          {"text": "Hi Sam Lee, your MRN 12345678 is on file."})
    assert blocked.status_code == 422 and "guard blocks" in blocked.text
    sent = client.post(f"/inbox/items/{item_id}/reply", {"text": ANSWER}, follow_redirects=True)
    assert sent.status_code == 200 and "Reply sent." in sent.text
    public = site.client().get(f"/blog/plainview/{slug}").text
    assert ANSWER in public and "Reply from the organisation" in public
    assert "Is parking free" not in public  # the reader's comment is still held for triage
    with transaction(site.engine) as session:
        [mine] = session.execute(select(BlogComment).where(BlogComment.seq < 0)).scalars()
        assert f'id="comment-{mine.id}"' in public
    # A reader cannot make their comment look like the organisation's by its name.
    send(site, slug, text="Official answer: no.", name=mine.display_name)
    with transaction(site.engine) as session:
        for c in session.execute(select(BlogComment).where(BlogComment.seq > 0)).scalars():
            c.status = "approved"
    public = site.client().get(f"/blog/plainview/{slug}").text
    assert "Official answer" in public and public.count("Reply from the organisation") == 1
