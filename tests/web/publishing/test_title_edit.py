"""The composer edits a post's title (the email subject) like its texts: guarded, an approved
post goes back to review, the editor may not approve; a bad title keeps what was typed."""

from __future__ import annotations

import html

from carepost.services import posts
from carepost.storage.db import transaction
from tests.web.conftest import audit_actions
from tests.web.publishing.conftest import SAFE_TEXT, Pub
from tests.web.publishing.test_review import _item
from tests.web.publishing.test_subject_guard import PHI_TITLE, _mail


def test_the_composer_shows_the_title_and_saves_a_new_one(pub: Pub) -> None:
    post_id = pub.draft()
    client = pub.client("author")
    page = client.get(f"/posts/{post_id}")
    assert '<label for="post-title">' in page.text and 'value="Flu clinic"' in page.text
    response = client.post(f"/posts/{post_id}", {"title": "Flu clinic hours",
                                                 "master": SAFE_TEXT})
    assert response.status_code == 200 and "Changes saved." in response.text
    found = pub.post(post_id)
    assert found.title == "Flu clinic hours" and found.version == 2
    assert pub.texts(post_id) == {pub.hook: SAFE_TEXT}
    # The same title again is no change.
    again = client.post(f"/posts/{post_id}", {"title": "Flu clinic hours", "master": SAFE_TEXT})
    assert "Nothing changed" in again.text and pub.post(post_id).version == 2


def test_a_new_title_sends_an_approved_post_back_and_its_editor_cannot_approve(
    pub: Pub,
) -> None:
    mail = _mail(pub)
    post_id = pub.draft(channel_ids=(mail,))
    with transaction(pub.site.engine) as db:
        posts.submit(db, pub.people.actors["author"], post_id)
        posts.review(db, pub.people.actors["approver"], post_id, "approved")
    client = pub.client("approver")
    client.get(f"/posts/{post_id}")
    response = client.post(f"/posts/{post_id}", {"title": PHI_TITLE, "master": SAFE_TEXT})
    assert response.status_code == 200 and "Changes saved." in response.text
    assert pub.post(post_id).state == "in_review"
    assert "post.edited" in audit_actions(pub.site.engine)
    item = _item(client.get("/review").text, post_id)
    assert "You edited this post" in item and ">Approve</button>" not in item
    assert '<mark class="finding block">John Smith</mark>' in item


def test_a_title_too_long_is_refused_and_kept_in_the_form(pub: Pub) -> None:
    post_id = pub.draft()
    client = pub.client("author")
    client.get(f"/posts/{post_id}")
    typed = "x" * 150 + " and more " + "y" * 60
    response = client.post(f"/posts/{post_id}", {"title": typed, "master": SAFE_TEXT})
    assert response.status_code == 422 and "title: must be at most 200" in html.unescape(
        response.text)
    assert f'value="{typed}"' in response.text
    assert pub.post(post_id).title == "Flu clinic" and pub.post(post_id).version == 1


def test_the_preview_uses_the_title_being_typed(pub: Pub) -> None:
    mail = _mail(pub)
    post_id = pub.draft(channel_ids=(mail,))
    client = pub.client("author")
    client.get(f"/posts/{post_id}")
    response = client.http.post(
        "/compose/preview",
        data={"post_id": str(post_id), "master": SAFE_TEXT, "title": PHI_TITLE},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf})
    assert '<mark class="finding block">John Smith</mark>' in response.text
