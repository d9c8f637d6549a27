"""Approving a blog comment: the guard runs again, flagged comments need a privacy officer.

Regression for review finding #7: a responder could approve a reader's comment naming a child
and their MRN onto the public page, with no check, no second person and no reason.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.base import OutboundItem
from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.connectors.errors import ConnectorError
from carepost.services import blog as blog_service
from carepost.services import channels
from carepost.services.errors import Conflict, PermissionDenied, ValidationFailed
from carepost.services.inbox.ingest import ingest_items
from carepost.services.inbox.items import notes_of
from carepost.storage.blog import BlogComment
from carepost.storage.blog_store import SqlBlogStore
from carepost.storage.db import transaction
from carepost.storage.inbox import InboundItem
from carepost.storage.models import (
    AuditEvent,
    utcnow,
)
from tests.conftest import ORG_SLUG, Personas
from tests.connectors.blog.conftest import blog_config
from tests.worker.helpers import new_box

PHI_COMMENT = "my son Diego, 7, MRN 448812, is in bay 4"
CLEAN_COMMENT = "Thank you for the flu clinic on Saturday, the staff were lovely."
REASON = "Parent posted about their own child and asked us to leave it up."


@pytest.fixture
def blog(engine: Engine, db: sessionmaker[Session], personas: Personas) -> tuple[
        BlogConnector, int, str]:
    """Plainview's blog channel with one entry: (connector, channel id, entry slug)."""
    with transaction(db) as session:
        channel_id = channels.add_channel(session, personas.actors["admin"], new_box(), "blog",
                                          "Blog", blog_config()).id
    connector = BlogConnector(BlogConfig.from_mapping(blog_config()), SqlBlogStore(engine))
    assert connector.test_connection().ok
    url = connector.publish(OutboundItem(text="Flu clinic Saturday", subject="Flu clinic"),
                            "3lbmod0000001").url
    assert url is not None
    return connector, channel_id, url.rsplit("/", 1)[1]


def _comment(db: sessionmaker[Session], slug: str, text: str) -> int:
    # A minute back, so the rate limit window and the inbox's backfill treat it as new.
    with transaction(db) as session:
        return blog_service.submit_comment(
            session, ORG_SLUG, slug, blog_service.CommentForm("Sam", text), None,
            now=utcnow() - timedelta(minutes=1))


def _to_inbox(db: sessionmaker[Session], connector: BlogConnector, channel_id: int) -> None:
    page = connector.fetch_inbound(None)
    result = ingest_items(db, channel_id, page.items, page.cursor)
    assert result.error is None and result.new == len(page.items)


def _status(db: sessionmaker[Session], comment_id: int) -> str:
    with transaction(db) as session:
        row = session.get(BlogComment, comment_id)
        assert row is not None
        return row.status


def _actions(db: sessionmaker[Session]) -> list[str]:
    with transaction(db) as session:
        return list(session.execute(
            select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_a_responder_approves_a_clean_comment(
    db: sessionmaker[Session], personas: Personas, blog: tuple[BlogConnector, int, str]
) -> None:
    comment_id = _comment(db, blog[2], CLEAN_COMMENT)
    with transaction(db) as session:
        blog_service.moderate_comment(session, personas.actors["responder"], comment_id,
                                      "approved")
    assert _status(db, comment_id) == "approved"


def test_a_phi_comment_needs_a_privacy_officer_and_a_reason(
    db: sessionmaker[Session], personas: Personas, blog: tuple[BlogConnector, int, str]
) -> None:
    connector, channel_id, slug = blog
    comment_id = _comment(db, slug, PHI_COMMENT)
    for role in ("responder", "admin"):
        with pytest.raises(PermissionDenied, match="phi_disclosure"), transaction(db) as s:
            blog_service.moderate_comment(s, personas.actors[role], comment_id, "approved")
    assert _status(db, comment_id) == "held"
    assert _actions(db).count("blog.comment_approval_refused") == 2
    officer = personas.actors["privacy_officer"]
    with pytest.raises(ValidationFailed, match="reason"), transaction(db) as s:
        blog_service.moderate_comment(s, officer, comment_id, "approved", "ok")
    # The reason is kept on the inbox item, so the comment must have arrived there.
    with pytest.raises(Conflict, match="inbox"), transaction(db) as s:
        blog_service.moderate_comment(s, officer, comment_id, "approved", REASON)
    assert _status(db, comment_id) == "held"
    _to_inbox(db, connector, channel_id)
    with transaction(db) as s:
        blog_service.moderate_comment(s, officer, comment_id, "approved", REASON)
    assert _status(db, comment_id) == "approved"
    with transaction(db) as s:
        item = s.execute(select(InboundItem)).scalar_one()
        assert item.queue == "phi"
        assert [REASON in n.text for n in notes_of(s, item.id)] == [True]
        overridden = s.execute(select(AuditEvent).where(
            AuditEvent.action == "blog.comment_guard_overridden")).scalar_one()
        assert "phi_disclosure" in overridden.detail and "448812" not in overridden.detail
        assert [c.body for c in blog_service.approved_comments(s, item_id_entry(s))] == [
            PHI_COMMENT]
    # Hiding again needs nobody special.
    with transaction(db) as s:
        blog_service.moderate_comment(s, personas.actors["responder"], comment_id, "hidden")
    assert _status(db, comment_id) == "hidden"


def item_id_entry(session: Session) -> int:
    """The one entry's id."""
    row = session.execute(select(BlogComment.entry_id)).scalars().first()
    assert row is not None
    return row


def test_an_emergency_comment_is_refused_to_a_responder(
    db: sessionmaker[Session], personas: Personas, blog: tuple[BlogConnector, int, str]
) -> None:
    comment_id = _comment(db, blog[2], "I want to kill myself tonight")
    with pytest.raises(PermissionDenied, match="emergency"), transaction(db) as s:
        blog_service.moderate_comment(s, personas.actors["responder"], comment_id, "approved")
    assert _status(db, comment_id) == "held"


def test_a_comment_moved_to_the_phi_queue_is_refused_to_a_responder(
    db: sessionmaker[Session], personas: Personas, blog: tuple[BlogConnector, int, str]
) -> None:
    connector, channel_id, slug = blog
    comment_id = _comment(db, slug, CLEAN_COMMENT)
    _to_inbox(db, connector, channel_id)
    with transaction(db) as s:  # a person judged it PHI, whatever the guard said
        s.execute(update(InboundItem).values(queue="phi"))
    with pytest.raises(PermissionDenied), transaction(db) as s:
        blog_service.moderate_comment(s, personas.actors["responder"], comment_id, "approved")
    assert _status(db, comment_id) == "held"


def test_the_connector_never_shows_a_flagged_comment(
    db: sessionmaker[Session], personas: Personas, blog: tuple[BlogConnector, int, str]
) -> None:
    connector, _, slug = blog
    flagged, clean = _comment(db, slug, PHI_COMMENT), _comment(db, slug, CLEAN_COMMENT)
    with pytest.raises(ConnectorError, match="privacy officer") as refused:
        connector.approve(f"comment-{flagged}")
    assert refused.value.permanent
    connector.approve(f"comment-{clean}")
    assert (_status(db, flagged), _status(db, clean)) == ("held", "approved")


def test_closing_comments_in_the_channel_settings_takes_effect_at_once(
    db: sessionmaker[Session], personas: Personas, blog: tuple[BlogConnector, int, str]
) -> None:
    _, channel_id, slug = blog
    _comment(db, slug, CLEAN_COMMENT)
    with transaction(db) as session:
        channels.update_config(session, personas.actors["admin"], new_box(), channel_id,
                               blog_config(comments_enabled=False, title="Plainview news"))
    with transaction(db) as session:
        shown = blog_service.public_blog(session, ORG_SLUG)
        assert shown is not None
        assert (shown.comments_enabled, shown.title) == (False, "Plainview news")
    with pytest.raises(ValidationFailed, match="closed"):
        _comment(db, slug, CLEAN_COMMENT)
