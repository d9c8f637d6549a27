"""In headless Chromium against a real `carepost serve`: script in a post or a comment never
runs on the public blog, and a reader's comment goes through the form and is held."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from carepost.connectors.base import OutboundItem
from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.services import accounts
from carepost.services import blog as blog_service
from carepost.services.actor import cli_actor
from carepost.storage.blog import BlogComment
from carepost.storage.blog_store import SqlBlogStore
from carepost.storage.db import make_engine, transaction
from carepost.storage.migrate import upgrade
from carepost.web.public import formtoken
from tests.web.conftest import PASSWORD, Served, start_serve, stop_serve

pytestmark = pytest.mark.browser
ATTACK = '<script>window.pwned = 1</script><img src="/x" onerror="window.pwned = 2">'


@pytest.fixture
def served_blog(tmp_path) -> Iterator[tuple[Served, object]]:
    """`carepost serve` on SQLite with Plainview's blog and one entry whose text holds script."""
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'carepost.db'}")
    upgrade(engine)
    with transaction(engine) as db:
        accounts.setup_first_admin(db, "Plainview Clinic", "plainview",
                                   "admin@plainview.example", PASSWORD)
    blog = BlogConnector(BlogConfig.from_mapping({"org": "plainview", "title": "News"}),
                         SqlBlogStore(engine))
    blog.publish(OutboundItem(text=f"Visiting hours {ATTACK} changed", subject="Visiting hours"),
                 "3lbbrowser001")
    served = start_serve(data)
    try:
        yield served, engine
    finally:
        stop_serve(served)
        engine.dispose()


def test_no_script_from_a_post_or_a_comment_runs(served_blog, page) -> None:
    served, engine = served_blog
    url = f"{served.base_url}/blog/plainview/visiting-hours"
    page.goto(url)
    page.get_by_role("heading", name="Visiting hours").wait_for()
    assert page.evaluate("window.pwned") is None
    assert ATTACK in page.inner_text("article")
    time.sleep(formtoken.MIN_SECONDS + 0.5)  # a person reads before writing
    page.get_by_label("Name to show").fill("<b>Sam</b>")
    page.get_by_role("textbox", name="Comment").fill(f"Thanks! {ATTACK}")
    page.get_by_role("button", name="Send for review").click()
    page.get_by_text("once it has been reviewed").wait_for()
    assert ATTACK not in page.inner_text("#comments")  # held: not shown yet
    with transaction(engine) as session:
        (comment,) = session.execute(select(BlogComment)).scalars().all()
        assert (comment.status, comment.body) == ("held", f"Thanks! {ATTACK}")
        blog_service.moderate_comment(session, cli_actor(), comment.id, "approved")
    page.goto(url)
    page.get_by_text("<b>Sam</b>").wait_for()
    assert f"Thanks! {ATTACK}" in page.inner_text("#comments")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#comments img, #comments b, article script").count() == 0
