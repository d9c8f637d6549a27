"""The title is the email subject: the composer's preview and the review queue show the guard's
findings in it, and a blocking one disables approval like one in the text."""

from __future__ import annotations

import html

from carepost.services import posts
from carepost.storage.db import transaction
from tests.web.publishing.conftest import SAFE_TEXT, Pub, add_channel
from tests.web.publishing.test_review import _item

PHI_TITLE = "Get well soon John Smith, room 412"


def _mail(pub: Pub) -> int:
    """An email channel (never contacted in these tests: nothing is published)."""
    return add_channel(pub.site, pub.people, "email", "Newsletter", {
        "host": "127.0.0.1", "port": 2525, "security": "none",
        "from_address": "news@clinic.example", "recipients": ["ann@example.org"],
        "unsubscribe_url": "https://clinic.example/unsubscribe?t={token}&e={email}",
        "unsubscribe_secret": "unsubscribe-secret-for-tests"})


def test_review_shows_subject_findings_and_blocks_approval(pub: Pub) -> None:
    mail = _mail(pub)
    post_id = pub.draft(SAFE_TEXT, title=PHI_TITLE, channel_ids=(mail, pub.hook))
    with transaction(pub.site.engine) as db:
        posts.submit(db, pub.people.actors["author"], post_id)
    client = pub.client("approver")
    item = _item(client.get("/review").text, post_id)
    assert "blocking finding" in item
    assert '<button type="button" disabled aria-describedby="why-' in item
    # Under the email channel only: the subject's own highlighting, keyed "subject".
    section = item[item.index(f'review-{post_id}-ch-{mail}"'):]
    section = section[:section.index("</section>")]
    assert "Subject (the post" in section
    assert f'id="r{post_id}-{mail}-subject-finding-1"' in section
    assert '<mark class="finding block">John Smith</mark>' in section
    hook_section = item[item.index(f'review-{post_id}-ch-{pub.hook}"'):]
    assert "subject-finding" not in hook_section[:hook_section.index("</section>")]
    response = client.post(f"/review/{post_id}", {"decision": "approved"})
    assert response.status_code == 403
    assert pub.post(post_id).state == "in_review"


def test_a_clean_subject_leaves_approval_open(pub: Pub) -> None:
    mail = _mail(pub)
    post_id = pub.draft(SAFE_TEXT, title="Flu clinic this Saturday", channel_ids=(mail,))
    with transaction(pub.site.engine) as db:
        posts.submit(db, pub.people.actors["author"], post_id)
    item = _item(pub.client("approver").get("/review").text, post_id)
    assert "Subject (the post" in item and ">Approve</button>" in item
    assert "<mark" not in item


def test_the_composer_preview_checks_the_subject_as_it_is_typed(pub: Pub) -> None:
    mail = _mail(pub)
    client = pub.client("author")
    client.get("/posts/new")
    response = client.http.post(
        "/compose/preview",
        data={"master": SAFE_TEXT, "channel": [str(mail), str(pub.hook)], "title": PHI_TITLE},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf},
    )
    assert response.status_code == 200
    fragment = response.text
    mail_part = fragment[fragment.index(f'id="preview-{mail}"'):]
    mail_part = mail_part[:mail_part.index("</section>")]
    assert '<mark class="finding block">John Smith</mark>' in mail_part
    assert f'id="ch{mail}-subject-finding-1"' in mail_part
    hook_part = fragment[fragment.index(f'id="preview-{pub.hook}"'):]
    assert "subject-finding" not in hook_part[:hook_part.index("</section>")]
    assert html.escape(PHI_TITLE) not in hook_part[:hook_part.index("</section>")]
