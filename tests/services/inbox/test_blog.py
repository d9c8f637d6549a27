"""Blog comments in the inbox: held comments are polled, triaged, approved or hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.base import OutboundItem
from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.connectors.errors import ConnectorError
from carepost.crypto import Box
from carepost.services import blog as blog_service
from carepost.services.channels import add_channel
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.services.inbox import actions, ingest, items
from carepost.storage.blog import BlogComment
from carepost.storage.blog_store import SqlBlogStore
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundItem
from tests.conftest import Personas
from tests.connectors.blog.conftest import blog_config


def _comment(engine: Engine, slug: str, text: str, address: str) -> int:
    with transaction(engine) as session:
        form = blog_service.CommentForm("Sam", text)
        return blog_service.submit_comment(session, "plainview", slug, form, address)


def _status(engine: Engine, comment_id: int) -> str:
    with transaction(engine) as session:
        row = session.get(BlogComment, comment_id)
        assert row is not None
        return row.status


def test_held_comments_are_triaged_then_approved_or_hidden(
    engine: Engine, db: sessionmaker[Session], box: Box, personas: Personas,
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The connector finds the installation's database the way every carepost process does.
    monkeypatch.setenv("CAREPOST_DATABASE_URL", database_url)
    monkeypatch.setenv("CAREPOST_DATA_DIR", str(tmp_path))
    blog = BlogConnector(BlogConfig.from_mapping(blog_config()), SqlBlogStore(engine))
    assert blog.test_connection().ok
    slug = blog.publish(OutboundItem(text="Flu clinic opens Saturday.\n\nWalk-ins welcome."),
                        "3lbinbox00001").url.rsplit("/", 1)[1]  # type: ignore[union-attr]
    with transaction(db) as session:
        channel_id = add_channel(session, personas.actors["admin"], box, "blog", "Blog",
                                 blog_config()).id
    clean = _comment(engine, slug, "Is parking free on Saturday?", "192.0.2.1")
    exposed = _comment(engine, slug, "My MRN is 12345678 and my biopsy was positive",
                       "192.0.2.2")
    result = ingest.poll_channel(db, box, channel_id, escalate=False)
    assert result.error is None and result.new == 2
    with transaction(db) as session:
        queues = {i.remote_id: (i.id, i.queue) for i in session.execute(
            select(InboundItem)).scalars()}
    clean_item, clean_queue = queues[f"comment-{clean}"]
    exposed_item, exposed_queue = queues[f"comment-{exposed}"]
    assert (clean_queue, exposed_queue) == ("question", "phi")
    assert ingest.poll_channel(db, box, channel_id, escalate=False).new == 0

    responder = personas.actors["responder"]
    actions.approve(db, responder, clean_item)
    assert _status(engine, clean) == "approved"
    with pytest.raises(PermissionDenied) as info:
        actions.approve(db, responder, exposed_item)
    assert "privacy officer" in str(info.value) and "12345678" not in str(info.value)
    assert _status(engine, exposed) == "held"
    actions.hide(db, box, responder, exposed_item)
    assert _status(engine, exposed) == "hidden"


def test_a_privacy_officer_may_publish_a_flagged_comment(
    engine: Engine, db: sessionmaker[Session], box: Box, personas: Personas,
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CAREPOST_DATABASE_URL", database_url)
    monkeypatch.setenv("CAREPOST_DATA_DIR", str(tmp_path))
    blog = BlogConnector(BlogConfig.from_mapping(blog_config()), SqlBlogStore(engine))
    assert blog.test_connection().ok
    slug = blog.publish(OutboundItem(text="Share your story"), "3lbinbox00002").url.rsplit(
        "/", 1)[1]  # type: ignore[union-attr]
    with transaction(db) as session:
        channel_id = add_channel(session, personas.actors["admin"], box, "blog", "Blog",
                                 blog_config()).id
    mine = _comment(engine, slug, "I'm Sam Lee, MRN 12345678, and your team saved my life",
                    "192.0.2.3")
    item_id = ingest.poll_channel(db, box, channel_id, escalate=False).new_ids[0]
    with pytest.raises(PermissionDenied):
        actions.approve(db, personas.actors["responder"], item_id)
    with pytest.raises(ValidationFailed):  # a flagged comment needs a written reason
        actions.approve(db, personas.actors["privacy_officer"], item_id)
    actions.approve(db, personas.actors["privacy_officer"], item_id,
                    "The patient asked us to share their thanks publicly.")
    assert _status(engine, mine) == "approved"
    with transaction(db) as session:
        notes = items.notes_of(session, item_id)
        assert len(notes) == 1 and "asked us to share" in notes[0].text


def test_the_organisation_answers_a_comment_under_the_entry_once(
    engine: Engine, db: sessionmaker[Session], box: Box, personas: Personas,
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from carepost.storage.inbox import InboxReply

    monkeypatch.setenv("CAREPOST_DATABASE_URL", database_url)
    monkeypatch.setenv("CAREPOST_DATA_DIR", str(tmp_path))
    blog = BlogConnector(BlogConfig.from_mapping(blog_config()), SqlBlogStore(engine))
    assert blog.test_connection().ok
    url = blog.publish(OutboundItem(text="Flu clinic opens Saturday."), "3lbinbox00003").url
    assert url is not None
    slug = url.rsplit("/", 1)[1]
    with transaction(db) as session:
        channel_id = add_channel(session, personas.actors["admin"], box, "blog", "Blog",
                                 blog_config()).id
    asked = _comment(engine, slug, "Is parking free on Saturday?", "192.0.2.4")
    item_id = ingest.poll_channel(db, box, channel_id, escalate=False).new_ids[0]
    responder = personas.actors["responder"]

    def org_replies() -> list[BlogComment]:
        with transaction(engine) as session:
            return list(session.execute(select(BlogComment).where(
                BlogComment.seq < 0)).scalars())

    # Guarded by the inbox service before the connector sees it: nothing reaches the blog.
    with pytest.raises(actions.GuardBlocked):
        actions.reply(db, box, responder, item_id, "Hi Sam Lee, your MRN 12345678 is on file.")
    assert org_replies() == []
    row = actions.reply(db, box, responder, item_id, "Yes, parking is free on Saturdays.")
    assert row.state == "sent" and row.remote_id is not None
    assert row.url is not None and row.url.endswith(f"/blog/plainview/{slug}#{row.remote_id}")
    [posted] = org_replies()
    assert f"comment-{posted.id}" == row.remote_id
    # Shown at once, marked as the organisation's, even while the reader's comment is held.
    assert (posted.status, posted.display_name) == ("approved", blog.config.title[:80])
    assert _status(engine, asked) == "held"
    with transaction(engine) as session:
        shown = blog_service.approved_comments(session, posted.entry_id)
        assert [(c.body, c.by_org) for c in shown] == [("Yes, parking is free on Saturdays.", True)]
    # Exactly once per key: a retry under the same key returns the first reply.
    with transaction(db) as session:
        key = session.execute(select(InboxReply.idempotency_key).where(
            InboxReply.id == row.id)).scalar_one()
    again = blog.reply(OutboundItem(text="Yes, parking is free on Saturdays.",
                                    reply_to=f"comment-{asked}"), key)
    assert again.remote_id == row.remote_id and len(org_replies()) == 1
    # A key the inbox never recorded, or a comment of no blog, is refused, not posted.
    with pytest.raises(ConnectorError):
        blog.reply(OutboundItem(text="Hello", reply_to=f"comment-{asked}"), "3lbnotakey000")
    with pytest.raises(ConnectorError):
        blog.reply(OutboundItem(text="Hello", reply_to="comment-999999"), key)
    assert len(org_replies()) == 1
    # The organisation's own reply never comes back into the inbox as a comment.
    assert ingest.poll_channel(db, box, channel_id, escalate=False).new == 0
    with transaction(db) as session:
        item = session.get(InboundItem, item_id)
        assert item is not None and item.replied and item.status == "waiting"
