"""The composer: drafts with per-channel texts, live previews (counters, guard highlighting),
images with alt text, bad input that keeps what was typed, permissions."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from carepost.connectors import registry
from carepost.core import variants
from carepost.services.posts import MAX_TEXT
from carepost.storage.db import transaction
from carepost.storage.publishing import Post, PostMedia
from tests.web.conftest import audit_actions
from tests.web.publishing.conftest import PHI_TEXT, SAFE_TEXT, Pub, png_bytes

# A family emoji (7 code points, one grapheme), an e with a combining accent (2 code points,
# one grapheme), a flag (2 regional indicators, one grapheme).
TRICKY = "Family day 👨‍👩‍👧‍👦 at the cafe\u0301 🇬🇧 " * 12


def _post_count(pub: Pub) -> int:
    with transaction(pub.site.engine) as db:
        return db.execute(select(func.count()).select_from(Post)).scalar_one()


def _counters(fragment: str, channel_id: int) -> list[tuple[int, int | None]]:
    found = re.findall(
        rf'<li class="counter[^"]*" data-channel="{channel_id}">[^<]*<strong>(\d+)</strong>'
        r"(?: / (\d+))?", fragment)
    return [(int(used), int(limit) if limit else None) for used, limit in found]


def test_author_saves_a_draft_with_one_text_and_a_channel_of_its_own(pub: Pub) -> None:
    client = pub.client("author")
    page = client.get("/posts/new")
    assert page.status_code == 200
    assert 'hx-trigger="input changed delay:300ms"' in page.text
    response = client.post("/posts/new", {
        "title": "Flu clinic", "master": SAFE_TEXT, "channel": [str(pub.hook), str(pub.sky)],
        f"text_{pub.sky}": "Flu clinic Saturday 9-12, walk-ins welcome.",
    })
    assert response.status_code == 200 and "Draft saved." in response.text
    post_id = int(response.url.path.rsplit("/", 1)[1])
    assert pub.texts(post_id) == {
        pub.hook: SAFE_TEXT, pub.sky: "Flu clinic Saturday 9-12, walk-ins welcome."}
    assert pub.post(post_id).state == "draft"
    assert "post.created" in audit_actions(pub.site.engine)


def test_preview_counts_graphemes_exactly_as_the_server_measures(pub: Pub) -> None:
    client = pub.client("author")
    client.get("/posts/new")
    response = client.http.post(
        "/compose/preview",
        data={"master": TRICKY, "channel": [str(pub.sky), str(pub.hook)], "title": "t"},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf},
    )
    assert response.status_code == 200
    metadata = registry.metadata("bluesky")
    derived = variants.derive(variants.Composed(text=TRICKY, subject="t"), "Main Bluesky",
                              metadata)
    expected = [(c.used, c.limit) for c in variants.counters(derived, metadata)]
    assert _counters(response.text, pub.sky) == expected
    # One counted character per grapheme: far fewer than code points.
    assert sum(used for used, _ in expected) < len(TRICKY.strip())
    assert all(limit == 300 and used <= 300 for used, limit in expected)
    assert len(expected) > 1 and "goes out as a thread" in response.text
    # The webhook has no limit: one counter, no "/ limit".
    assert _counters(response.text, pub.hook)[0][1] is None


def test_preview_names_what_the_network_would_refuse(pub: Pub) -> None:
    client = pub.client("author")
    client.get("/posts/new")
    # A link longer than one whole Bluesky post cannot be threaded.
    response = client.http.post(
        "/compose/preview",
        data={"master": "https://example.org/" + "a" * 400, "channel": [str(pub.sky)]},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf})
    assert response.status_code == 200
    assert "Main Bluesky: a link, mention or hashtag is longer than one post allows" in (
        html.unescape(response.text))


def test_preview_highlights_guard_findings_while_typing(pub: Pub) -> None:
    client = pub.client("author")
    client.get("/posts/new")
    response = client.http.post(
        "/compose/preview", data={"master": PHI_TEXT, "channel": [str(pub.hook)]},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf})
    assert response.status_code == 200
    assert '<mark class="finding block">' in response.text
    assert f'id="ch{pub.hook}-finding-1"' in response.text
    assert "Blocked" in response.text
    # Fixed text: no highlight.
    fixed = client.http.post(
        "/compose/preview", data={"master": SAFE_TEXT, "channel": [str(pub.hook)]},
        headers={"HX-Request": "true", "X-CSRF-Token": client.csrf})
    assert "<mark" not in fixed.text and "Allowed" in fixed.text


def test_an_oversized_text_is_refused_and_kept_in_the_form(pub: Pub) -> None:
    client = pub.client("author")
    client.get("/posts/new")
    huge = "Clinic news. " * (MAX_TEXT // 10)
    response = client.post("/posts/new", {"title": "Big", "master": huge,
                                          "channel": [str(pub.hook)]})
    assert response.status_code == 422
    assert f"must be at most {MAX_TEXT} characters" in response.text
    assert html.escape(huge, quote=False) in response.text  # what was typed is still there
    assert 'value="Big"' in response.text
    assert _post_count(pub) == 0


def test_no_channel_or_no_text_is_a_clear_message(pub: Pub) -> None:
    client = pub.client("author")
    client.get("/posts/new")
    response = client.post("/posts/new", {"title": "t", "master": SAFE_TEXT})
    assert response.status_code == 422 and "at least one channel" in response.text
    assert html.escape(SAFE_TEXT, quote=False) in response.text
    response = client.post("/posts/new", {"title": "t", "master": " ",
                                          "channel": [str(pub.hook)]})
    assert response.status_code == 422 and "write the post text" in response.text
    assert _post_count(pub) == 0


def test_an_image_without_alt_text_is_refused_and_nothing_is_saved(pub: Pub) -> None:
    client = pub.client("author")
    client.get("/posts/new")
    response = client.http.post(
        "/posts/new",
        data={"csrf_token": client.csrf, "title": "Poster", "master": SAFE_TEXT,
              "channel": [str(pub.sky)], "alt_text": ""},
        files={"image": ("poster.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 422
    assert "alt_text: the image has no alt text" in response.text
    assert html.escape(SAFE_TEXT, quote=False) in response.text
    assert _post_count(pub) == 0


def test_an_image_with_alt_text_is_stored(pub: Pub) -> None:
    client = pub.client("author")
    client.get("/posts/new")
    response = client.http.post(
        "/posts/new",
        data={"csrf_token": client.csrf, "title": "Poster", "master": SAFE_TEXT,
              "channel": [str(pub.sky)], "alt_text": "Red square on the clinic poster"},
        files={"image": ("poster.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 200 and "Draft saved." in response.text
    assert "Red square on the clinic poster" in response.text
    with transaction(pub.site.engine) as db:
        row = db.execute(select(PostMedia)).scalar_one()
        assert row.mime_type == "image/png"


def test_a_second_image_without_alt_text_keeps_the_post_as_it_was(pub: Pub) -> None:
    post_id = pub.draft()
    client = pub.client("author")
    client.get(f"/posts/{post_id}")
    response = client.http.post(
        f"/posts/{post_id}/images",
        data={"csrf_token": client.csrf, "alt_text": "image"},
        files={"image": ("a.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 422
    assert "does not describe it" in response.text
    assert html.escape(SAFE_TEXT, quote=False) in response.text  # the composer still shows it
    assert pub.post(post_id).version == 1


def test_a_refused_edit_keeps_the_edited_text_and_the_stored_one(pub: Pub) -> None:
    post_id = pub.draft()
    client = pub.client("author")
    client.get(f"/posts/{post_id}")
    typed = "Clinic news. " * (MAX_TEXT // 10)
    response = client.post(f"/posts/{post_id}", {"master": typed})
    assert response.status_code == 422 and "must be at most" in response.text
    assert html.escape(typed, quote=False) in response.text
    assert pub.texts(post_id) == {pub.hook: SAFE_TEXT}


def test_editing_and_submitting_a_draft(pub: Pub) -> None:
    post_id = pub.draft()
    client = pub.client("author")
    page = client.get(f"/posts/{post_id}")
    assert "Submit for review" in page.text
    response = client.post(f"/posts/{post_id}", {"master": SAFE_TEXT + " Bring your card."})
    assert response.status_code == 200 and "Changes saved." in response.text
    assert pub.texts(post_id) == {pub.hook: SAFE_TEXT + " Bring your card."}
    response = client.post(f"/posts/{post_id}/submit", {})
    assert "Submitted for review." in response.text
    assert pub.post(post_id).state == "in_review"


def test_submitting_what_a_network_would_refuse_says_why(pub: Pub) -> None:
    # A word longer than Bluesky's whole limit cannot be threaded.
    post_id = pub.draft("https://example.org/" + "a" * 400, channel_ids=(pub.sky,))
    client = pub.client("author")
    client.get(f"/posts/{post_id}")
    response = client.post(f"/posts/{post_id}/submit", {})
    assert response.status_code == 422
    assert "text:" in response.text
    assert pub.post(post_id).state == "draft"


def test_viewers_cannot_write_posts(pub: Pub) -> None:
    client = pub.client("viewer")
    assert client.get("/posts").status_code == 200
    assert "New post" not in client.get("/posts").text
    assert client.get("/posts/new").status_code == 403
    response = client.post("/posts/new", {"master": SAFE_TEXT, "channel": [str(pub.hook)]})
    assert response.status_code == 403
    assert _post_count(pub) == 0
    assert audit_actions(pub.site.engine)[-1] == "permission.denied"


def test_posts_of_another_organisation_are_not_found(pub: Pub) -> None:
    post_id = pub.draft()
    other = pub.site.client()
    other.login("admin@riverside.example")
    assert other.get(f"/posts/{post_id}").status_code == 404


def test_post_list_filters_by_state_and_channel(pub: Pub) -> None:
    first = pub.draft(title="Draft one")
    second = pub.in_review()
    client = pub.client("author")
    page = client.get("/posts?state=in_review")
    assert f'href="/posts/{second}"' in page.text and f'href="/posts/{first}"' not in page.text
    page = client.get(f"/posts?channel={pub.sky}")
    assert "No posts match these filters." in page.text
    page = client.get("/posts")
    assert f'href="/posts/{first}"' in page.text and f'href="/posts/{second}"' in page.text


def test_a_post_that_went_out_is_shown_without_a_form(pub: Pub) -> None:
    post_id = pub.approved()
    client = pub.client("approver")
    client.get("/calendar")
    client.post(f"/posts/{post_id}/publish-now", {})
    from carepost.services.channels import channel_box
    from carepost.storage.db import session_factory
    from carepost.worker.loop import Worker

    worker = Worker(db=session_factory(pub.site.engine), box=channel_box(pub.site.settings))
    assert [o.state for o in worker.tick()] == ["published"]
    page = client.get(f"/posts/{post_id}").text
    assert "it has gone to the networks" in page and "<textarea" not in page
    assert 'State: <span class="state state-published">Published</span>' in page
    assert html.escape(SAFE_TEXT, quote=False) in page
    response = client.post(f"/posts/{post_id}", {"master": "changed"})
    assert response.status_code == 422 and "cannot edit a post that is published" in response.text
    assert pub.texts(post_id) == {pub.hook: SAFE_TEXT}
    viewer = pub.client("viewer")
    assert "Your role reads posts but does not edit them" in viewer.get(f"/posts/{post_id}").text


def test_channels_can_be_added_and_removed_while_the_post_may_be_edited(pub: Pub) -> None:
    post_id = pub.draft()
    client = pub.client("author")
    page = client.get(f"/posts/{post_id}").text
    assert f'id="channel-{pub.sky}"' in page  # every channel offered, its own ticked
    response = client.post(f"/posts/{post_id}", {
        "master": SAFE_TEXT, "channels_shown": "1", "channel": [str(pub.hook), str(pub.sky)],
        f"text_{pub.sky}": "Flu clinic Saturday, walk-ins welcome."})
    assert response.status_code == 200 and "Changes saved." in response.text
    assert pub.texts(post_id) == {pub.hook: SAFE_TEXT,
                                  pub.sky: "Flu clinic Saturday, walk-ins welcome."}
    response = client.post(f"/posts/{post_id}", {
        "master": SAFE_TEXT, "channels_shown": "1", "channel": [str(pub.sky)]})
    assert pub.texts(post_id) == {pub.sky: SAFE_TEXT}
    # Unticking everything is refused, and the typed text stays.
    response = client.post(f"/posts/{post_id}", {"master": SAFE_TEXT + " typed",
                                                 "channels_shown": "1"})
    assert response.status_code == 422 and "a post needs at least one channel" in response.text
    assert html.escape(SAFE_TEXT + " typed", quote=False) in response.text
    assert pub.texts(post_id) == {pub.sky: SAFE_TEXT}
    actions = audit_actions(pub.site.engine)
    assert "post.channel_added" in actions and "post.channel_removed" in actions


def test_adding_a_channel_to_an_approved_post_sends_it_back_to_review(pub: Pub) -> None:
    post_id = pub.approved()
    client = pub.client("approver")
    client.get(f"/posts/{post_id}")
    response = client.post(f"/posts/{post_id}", {
        "master": SAFE_TEXT, "channels_shown": "1", "channel": [str(pub.hook), str(pub.sky)]})
    assert response.status_code == 200
    assert pub.post(post_id).state == "in_review"
    # The approver changed what goes out: another approver must approve it now.
    assert str(pub.people.users["approver"].id) in pub.post(post_id).editor_ids.split(",")
    review = client.get("/review").text
    assert "You edited this post: another approver must approve it" in review
