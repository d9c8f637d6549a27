"""The approval queue: guard report, diff since the last review, the two-person rule, the
privacy officer's override with a written reason, comments required to send a post back."""

from __future__ import annotations

import html

from carepost.services import posts
from carepost.storage.db import transaction
from tests.web.conftest import audit_actions
from tests.web.publishing.conftest import PHI_TEXT, SAFE_TEXT, Pub


def _item(page: str, post_id: int) -> str:
    """The queue entry of one post."""
    start = page.index(f'aria-labelledby="review-{post_id}"')
    end = page.find("</article>", start)
    return page[start:end]


def test_authors_have_no_review_queue(pub: Pub) -> None:
    client = pub.client("author")
    assert "/review" not in client.get("/").text.split("<main")[0]
    assert client.get("/review").status_code == 403
    post_id = pub.in_review()
    response = client.post(f"/review/{post_id}", {"decision": "approved"})
    assert response.status_code == 403
    assert pub.post(post_id).state == "in_review"
    assert audit_actions(pub.site.engine)[-1] == "permission.denied"


def test_approver_sees_the_guard_report_and_approves(pub: Pub) -> None:
    post_id = pub.in_review()
    client = pub.client("approver")
    page = client.get("/review")
    item = _item(page.text, post_id)
    assert "First review: no earlier version." in item
    assert "Allowed" in item and "<mark" not in item and ">Approve</button>" in item
    response = client.post(f"/review/{post_id}", {"decision": "approved", "comment": ""})
    assert response.status_code == 200 and "Approved." in response.text
    assert pub.post(post_id).state == "approved"
    assert "post.approved" in audit_actions(pub.site.engine)


def test_nobody_approves_their_own_post_and_the_page_says_why(pub: Pub) -> None:
    post_id = pub.in_review(role="approver")
    client = pub.client("approver")
    item = _item(client.get("/review").text, post_id)
    assert "You wrote this post: another approver must approve it" in item
    assert ">Approve</button>" not in item
    response = client.post(f"/review/{post_id}", {"decision": "approved"})
    assert response.status_code == 403
    assert "nobody approves their own post" in response.text
    assert pub.post(post_id).state == "in_review"


def test_a_blocking_finding_disables_approve_for_an_approver(pub: Pub) -> None:
    post_id = pub.in_review(PHI_TEXT)
    client = pub.client("approver")
    item = _item(client.get("/review").text, post_id)
    assert '<button type="button" disabled aria-describedby="why-' in item
    assert "only a privacy officer may approve it" in item
    assert '<mark class="finding block">' in item
    assert "Evidence:" in item and "Fix:" in item
    response = client.post(f"/review/{post_id}", {"decision": "approved",
                                                  "comment": "looks fine to me"})
    assert response.status_code == 403
    assert "only a privacy officer may approve" in response.text
    assert "looks fine to me" in response.text  # the comment typed is kept
    assert pub.post(post_id).state == "in_review"


def test_a_privacy_officer_overrides_only_with_a_written_reason(pub: Pub) -> None:
    post_id = pub.in_review(PHI_TEXT)
    client = pub.client("privacy_officer")
    item = _item(client.get("/review").text, post_id)
    assert "Override reason" in item and "Approve with override" in item
    response = client.post(f"/review/{post_id}", {"decision": "approved",
                                                  "override_reason": "ok"})
    assert response.status_code == 403
    assert "needs a written reason" in response.text
    assert pub.post(post_id).state == "in_review"
    reason = "The patient asked us in writing to thank him publicly; consent form on file."
    response = client.post(f"/review/{post_id}", {"decision": "approved",
                                                  "override_reason": reason})
    assert response.status_code == 200 and "Approved." in response.text
    assert pub.post(post_id).state == "approved"
    actions = audit_actions(pub.site.engine)
    assert actions[-2:] == ["post.approved", "post.guard_overridden"]
    # The post's page shows the override with the review.
    assert html.escape(reason) in client.get(f"/posts/{post_id}").text


def test_sending_back_needs_a_comment_and_keeps_what_was_typed(pub: Pub) -> None:
    post_id = pub.in_review()
    client = pub.client("approver")
    client.get("/review")
    response = client.post(f"/review/{post_id}", {"decision": "rejected", "comment": " "})
    assert response.status_code == 422
    assert "reject needs a review comment" in response.text
    response = client.post(f"/review/{post_id}", {"decision": "maybe", "comment": "hmm"})
    assert response.status_code == 422 and "decision: must be" in response.text
    assert ">hmm</textarea>" in response.text
    response = client.post(f"/review/{post_id}", {"decision": "changes_requested",
                                                  "comment": "Say which site."})
    assert response.status_code == 200 and "Changes requested" in response.text
    assert pub.post(post_id).state == "draft"


def test_the_queue_shows_the_word_diff_since_the_last_review(pub: Pub) -> None:
    post_id = pub.in_review()
    approver = pub.client("approver")
    approver.get("/review")
    approver.post(f"/review/{post_id}", {"decision": "changes_requested",
                                         "comment": "Which site?"})
    edited = SAFE_TEXT.replace("the main site", "the Elm Street site")
    with transaction(pub.site.engine) as db:
        posts.edit_variant(db, pub.people.actors["author"], post_id, pub.hook, edited)
        posts.submit(db, pub.people.actors["author"], post_id)
    item = _item(approver.get("/review").text, post_id)
    assert "<del>main</del><ins>Elm Street</ins>" in item
    assert "First review" not in item
    # Submitted again without a change: the page says so.
    approver.post(f"/review/{post_id}", {"decision": "rejected", "comment": "Not now."})
    with transaction(pub.site.engine) as db:
        posts.submit(db, pub.people.actors["author"], post_id)
    item = _item(approver.get("/review").text, post_id)
    assert "Unchanged since the last review." in item


def test_reviewers_are_told_attached_audio_was_not_checked(pub: Pub) -> None:
    from carepost.services import blog_audio
    from tests.connectors.blog.media import mp3

    post_id = pub.draft()
    with transaction(pub.site.engine) as db:
        blog_audio.attach_audio(db, pub.people.actors["author"], post_id, mp3(400), "ep.mp3")
        posts.submit(db, pub.people.actors["author"], post_id)
    item = _item(pub.client("approver").get("/review").text, post_id)
    assert "The guard does not check audio: listen to all of it before approving." in item
    plain = pub.in_review()
    assert "does not check audio" not in _item(pub.client("approver").get("/review").text, plain)
