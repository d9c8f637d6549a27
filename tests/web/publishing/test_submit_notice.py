"""A post submitted in the composer shows up in the approvers' notifications, not the author's."""

from __future__ import annotations

from tests.web.publishing.conftest import Pub


def test_submitting_tells_the_approver_not_the_author(pub: Pub) -> None:
    post_id = pub.draft()
    author = pub.client("author")
    author.get(f"/posts/{post_id}")
    response = author.post(f"/posts/{post_id}/submit", {})
    assert "Submitted for review." in response.text
    page = pub.client("approver").get("/notifications").text
    assert "A post was submitted for review." in page
    assert f'href="/posts/{post_id}"' in page
    assert "A post was submitted for review." not in author.get("/notifications").text
