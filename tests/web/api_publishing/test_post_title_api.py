"""PUT /posts/{id}/title: the title (the email subject) changes like a text, guarded again;
an approved post goes back to review; bad input is a 422 naming the field."""

from __future__ import annotations

from tests.web.api_publishing.conftest import BASE, Call, approved, error


def test_a_new_title_sends_an_approved_post_back_to_review(call: Call, channel: int) -> None:
    post_id = approved(call, channel)
    response = call("author", "PUT", f"{BASE}/posts/{post_id}/title",
                    json={"title": "Flu clinic hours"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "Flu clinic hours" and body["state"] == "in_review"
    assert body["version"] == 2
    # The same title again changes nothing.
    again = call("author", "PUT", f"{BASE}/posts/{post_id}/title",
                 json={"title": "Flu clinic hours"})
    assert again.status_code == 200 and again.json()["version"] == 2


def test_bad_titles_and_roles_are_refused(call: Call, channel: int) -> None:
    post_id = approved(call, channel)
    long = call("author", "PUT", f"{BASE}/posts/{post_id}/title", json={"title": "x" * 201})
    assert long.status_code == 422 and "title" in error(long)["message"]
    lines = call("author", "PUT", f"{BASE}/posts/{post_id}/title", json={"title": "a\nb"})
    assert lines.status_code == 422 and error(lines)["message"].startswith("title")
    viewer = call("viewer", "PUT", f"{BASE}/posts/{post_id}/title", json={"title": "Other"})
    assert viewer.status_code == 403
    got = call("viewer", "GET", f"{BASE}/posts/{post_id}").json()
    assert got["title"] == "Flu" and got["state"] == "approved"
