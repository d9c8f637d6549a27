"""The blog connector on a real database (SQLite and PostgreSQL): exactly once, status, comments."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, func, select

from carepost.connectors.base import Media, OutboundItem
from carepost.connectors.blog import connector as blog_module
from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.connectors.config import ConfigError
from carepost.connectors.errors import ConnectorError
from carepost.services import blog as blog_service
from carepost.storage.blog import BlogComment, BlogEntry, BlogFile
from carepost.storage.blog_store import SqlBlogStore
from carepost.storage.db import transaction
from tests.conftest import Personas
from tests.connectors.blog.conftest import blog_config

ITEM = OutboundItem(text="Our flu clinic opens Saturday.\n\nWalk-ins welcome, 9 to 12.",
                    subject="Flu clinic this Saturday")


def entries(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(BlogEntry)).scalar_one()


def comment(engine: Engine, slug: str, text: str = "Thank you!", address: str = "192.0.2.1",
            org: str = "plainview") -> int:
    with transaction(engine) as session:
        form = blog_service.CommentForm("Sam", text)
        return blog_service.submit_comment(session, org, slug, form, address)


def test_publish_is_exactly_once_per_key(blog: BlogConnector, engine: Engine) -> None:
    first = blog.publish(ITEM, "3lbkey0000001")
    again = blog.publish(ITEM, "3lbkey0000001")
    assert first == again
    assert first.remote_id.startswith("entry-")
    assert first.url == "https://care.example/blog/plainview/flu-clinic-this-saturday"
    assert entries(engine) == 1
    other = blog.publish(ITEM, "3lbkey0000002")
    assert other.remote_id != first.remote_id
    assert other.url is not None and other.url.endswith("/flu-clinic-this-saturday-2")
    assert entries(engine) == 2


def test_concurrent_retries_with_one_key_store_one_entry(
    blog: BlogConnector, engine: Engine
) -> None:
    results: list[str] = []
    errors: list[BaseException] = []

    def publish() -> None:
        try:
            connector = BlogConnector(blog.config, SqlBlogStore(engine))
            results.append(connector.publish(ITEM, "3lbrace000001").remote_id)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=publish) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len(set(results)) == 1 and len(results) == 4
    assert entries(engine) == 1


def test_check_status_finds_the_entry_only_on_its_own_blog(
    blog: BlogConnector, other_blog: BlogConnector
) -> None:
    assert blog.check_status("3lbstatus0001") is None
    published = blog.publish(ITEM, "3lbstatus0001")
    assert blog.check_status("3lbstatus0001") == published
    assert other_blog.check_status("3lbstatus0001") is None


def test_title_falls_back_to_the_first_line_and_html_is_escaped(
    blog: BlogConnector, engine: Engine
) -> None:
    item = OutboundItem(text="Visiting hours <script>alert(1)</script> change\n"
                             "See https://care.example/visit?a=1&b=2 & <script>x</script>")
    blog.publish(item, "3lbhtml000001")
    blog.publish(OutboundItem(text="Just one line"), "3lbhtml000002")
    with transaction(engine) as session:
        first, single = session.execute(select(BlogEntry).order_by(BlogEntry.id)).scalars()
    assert first.title == "Visiting hours <script>alert(1)</script> change"
    assert first.slug == "visiting-hours-script-alert-1-script-change"
    assert "Visiting hours" not in first.body_text  # the title is not repeated in the body
    assert "<script>" not in first.body_html
    assert "&amp; &lt;script&gt;x&lt;/script&gt;" in first.body_html
    assert ('<a href="https://care.example/visit?a=1&amp;b=2" rel="nofollow noopener">'
            in first.body_html)
    assert (single.title, single.body_text) == ("Just one line", "Just one line")


def test_the_pipeline_never_passes_the_internal_post_title() -> None:
    # The post's title is unguarded and internal: the blog takes its title from the text.
    from carepost.core import variants

    composed = variants.Composed(text="Flu clinic\n\nSaturday 9 to 12", subject="internal")
    item = variants.derive(composed, "Blog", BlogConnector.metadata).item()
    assert item.subject is None


def test_images_keep_their_alt_text(blog: BlogConnector, engine: Engine) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    item = OutboundItem(text="New garden", subject="Garden",
                        media=(Media(png, "image/png", "Raised beds by the east entrance"),))
    blog.publish(item, "3lbimage00001")
    with transaction(engine) as session:
        file = session.execute(select(BlogFile)).scalar_one()
    assert (file.kind, file.alt_text, file.size, file.data) == (
        "image", "Raised beds by the east entrance", len(png), png)


def test_missing_alt_text_and_empty_posts_are_rejected(blog: BlogConnector) -> None:
    bad = OutboundItem(text="x", media=(Media(b"\x89PNG", "image/png", " "),))
    for item in (bad, OutboundItem(text="  ")):
        with pytest.raises(ConnectorError) as info:
            blog.publish(item, "3lbbad0000001")
        assert info.value.kind == "rejected" and info.value.permanent


def test_test_connection_creates_the_blog_or_names_the_missing_org(
    blog: BlogConnector, engine: Engine
) -> None:
    check = blog.test_connection()
    assert check.ok and check.account == "/blog/plainview/"
    with transaction(engine) as session:
        found = blog_service.public_blog(session, "plainview")
    assert found is not None and found.title == "Plainview Care news"
    nowhere = BlogConnector(BlogConfig.from_mapping(blog_config("nowhere")), SqlBlogStore(engine))
    failed = nowhere.test_connection()
    assert not failed.ok and "nowhere" in failed.detail


def test_inbound_cursor_never_duplicates_or_skips(
    blog: BlogConnector, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = blog.publish(ITEM, "3lbinbound001").url.rsplit("/", 1)[1]  # type: ignore[union-attr]
    first_page = blog.fetch_inbound(None)
    assert first_page.items == () and first_page.cursor is None
    ids = [comment(engine, slug, f"comment {n}", address=f"192.0.2.{n}") for n in range(5)]
    monkeypatch.setattr(blog_module, "INBOUND_PAGE", 2)
    seen: list[str] = []
    cursor = None
    for _ in range(4):
        # A fresh connector each time, as after a restart: only the cursor carries over.
        page = BlogConnector(blog.config, SqlBlogStore(engine)).fetch_inbound(cursor)
        seen += [i.remote_id for i in page.items]
        cursor = page.cursor
    assert seen == [f"comment-{i}" for i in ids]
    assert blog.fetch_inbound(cursor).items == ()
    late = comment(engine, slug, "one more", address="192.0.2.99")
    page = blog.fetch_inbound(cursor)
    assert [i.remote_id for i in page.items] == [f"comment-{late}"]
    item = page.items[0]
    assert (item.kind, item.author, item.text) == ("comment", "Sam", "one more")
    assert item.in_reply_to and item.in_reply_to.startswith("entry-")
    assert item.url == f"https://care.example/blog/plainview/{slug}"


def test_a_garbled_cursor_is_a_clear_error(blog: BlogConnector) -> None:
    with pytest.raises(ConnectorError, match="cursor"):
        blog.fetch_inbound("notacursor")


def test_hide_and_approve_only_this_blogs_comments(
    blog: BlogConnector, other_blog: BlogConnector, engine: Engine
) -> None:
    slug = blog.publish(ITEM, "3lbhide000001").url.rsplit("/", 1)[1]  # type: ignore[union-attr]
    shown, hidden = comment(engine, slug, "kind words"), comment(engine, slug, "my MRN is 1234")
    blog.approve(f"comment-{shown}")
    blog.hide(f"comment-{hidden}")
    with pytest.raises(ConnectorError) as info:
        other_blog.hide(f"comment-{shown}")
    assert info.value.kind == "rejected"
    with pytest.raises(ConnectorError):
        blog.hide("comment-999999")
    with transaction(engine) as session:
        statuses = dict(session.execute(select(BlogComment.id, BlogComment.status)).all())
        entry = session.execute(select(BlogEntry)).scalar_one()
        visible = blog_service.approved_comments(session, entry.id)
    assert statuses == {shown: "approved", hidden: "hidden"}
    assert [c.body for c in visible] == ["kind words"]


def test_delete_takes_the_entry_off_the_blog(blog: BlogConnector, engine: Engine) -> None:
    published = blog.publish(ITEM, "3lbdelete0001")
    blog.delete(published.remote_id)
    with transaction(engine) as session:
        found = blog_service.public_blog(session, "plainview")
        assert found is not None
        assert blog_service.entries(session, found.id) == []
    with pytest.raises(ConnectorError):
        blog.delete("entry-424242")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"org": "Not A Slug"}, "org"),
        ({"title": ""}, "title"),
        ({"language": "english!"}, "language"),
        ({"public_url": "ftp://x"}, "public_url"),
        ({"podcast_image_url": "nope"}, "podcast_image_url"),
        ({"colour": "red"}, "unknown configuration key"),
    ],
)
def test_bad_configuration_names_the_key(change: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        BlogConfig.from_mapping({**blog_config(), **change})


def test_a_post_of_another_organisation_is_refused(
    blog: BlogConnector, engine: Engine, personas: Personas
) -> None:
    from sqlalchemy.orm import sessionmaker

    from carepost.services import posts
    from carepost.storage.publishing import Variant
    from tests.worker.helpers import SAFE_TEXT, add_channel, new_box, webhook_config

    db = sessionmaker(bind=engine, expire_on_commit=False)
    riverside = Personas(org=personas.other_org, other_org=personas.org,
                         actors={"admin": personas.other_actor})  # type: ignore[dict-item]
    channel = add_channel(db, riverside, new_box(), "webhook",
                          webhook_config("https://hooks.example/x", "0123456789abcdef"))
    with transaction(engine) as session:
        post = posts.create_post(session, personas.other_actor, "t", [(channel, SAFE_TEXT)])
        variant = session.execute(select(Variant).where(Variant.post_id == post.id)).scalar_one()
        variant.idempotency_key = "3lbforeign001"
    with pytest.raises(ConnectorError) as info:
        blog.publish(OutboundItem(text=SAFE_TEXT), "3lbforeign001")
    assert info.value.kind == "rejected" and "another organisation" in info.value.message
    assert entries(engine) == 0
