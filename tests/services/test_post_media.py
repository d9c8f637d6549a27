"""The two-person rule holds on every edit path: text, image and audio.

Regression for review finding #1: an approver who attached audio or an image to someone else's
approved post could then approve it alone, because only text edits recorded the editor.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import blog_audio, post_media, posts
from carepost.services.actor import Actor
from carepost.services.errors import PermissionDenied
from carepost.storage.db import transaction
from tests.conftest import Personas
from tests.connectors.blog.media import mp3
from tests.worker.helpers import SAFE_TEXT, add_channel, jpeg_with_gps, new_box, webhook_config

Edit = Callable[[Session, Actor, int, int], object]


def _text(session: Session, actor: Actor, post_id: int, channel_id: int) -> object:
    return posts.edit_variant(session, actor, post_id, channel_id, SAFE_TEXT + " Free parking.")


def _image(session: Session, actor: Actor, post_id: int, channel_id: int) -> object:
    return post_media.add_image(session, actor, post_id, jpeg_with_gps(),
                                "A photo of our new waiting room", "x.jpg")


def _audio(session: Session, actor: Actor, post_id: int, channel_id: int) -> object:
    return blog_audio.attach_audio(session, actor, post_id, mp3(400), "x.mp3")


@pytest.mark.parametrize("edit", [_text, _image, _audio], ids=["text", "image", "audio"])
def test_an_approver_cannot_approve_what_they_added(
    db: sessionmaker[Session], personas: Personas, edit: Edit
) -> None:
    channel = add_channel(db, personas, new_box(), "webhook",
                          webhook_config("https://hooks.example/x", "0123456789abcdef"))
    author, approver = personas.actors["author"], personas.actors["approver"]
    with transaction(db) as s:
        post_id = posts.create_post(s, author, "Ep", [(channel, SAFE_TEXT)]).id
    with transaction(db) as s:
        posts.submit(s, author, post_id)
    with transaction(db) as s:
        posts.review(s, approver, post_id, "approved")
    with transaction(db) as s:
        edit(s, approver, post_id, channel)
    with transaction(db) as s:
        post = posts.get_post(s, approver, post_id)
        assert post.state == "in_review"
        assert str(approver.user_id) in post.editor_ids.split(",")
    with pytest.raises(PermissionDenied), transaction(db) as s:
        posts.review(s, approver, post_id, "approved")
    # Someone who neither wrote nor changed it can still approve it.
    with transaction(db) as s:
        posts.review(s, personas.actors["privacy_officer"], post_id, "approved")
    with transaction(db) as s:
        assert posts.get_post(s, approver, post_id).state == "approved"


def test_the_author_adding_media_is_not_listed_as_an_editor(
    db: sessionmaker[Session], personas: Personas
) -> None:
    channel = add_channel(db, personas, new_box(), "webhook",
                          webhook_config("https://hooks.example/x", "0123456789abcdef"))
    author = personas.actors["author"]
    with transaction(db) as s:
        post_id = posts.create_post(s, author, "Ep", [(channel, SAFE_TEXT)]).id
        blog_audio.attach_audio(s, author, post_id, mp3(400), "x.mp3")
        post_media.add_image(s, author, post_id, jpeg_with_gps(),
                             "A photo of our new waiting room", "x.jpg")
        assert posts.get_post(s, author, post_id).editor_ids == ""


def test_reviewers_are_told_the_audio_was_not_checked(
    db: sessionmaker[Session], personas: Personas
) -> None:
    channel = add_channel(db, personas, new_box(), "webhook",
                          webhook_config("https://hooks.example/x", "0123456789abcdef"))
    author = personas.actors["author"]
    with transaction(db) as s:
        post_id = posts.create_post(s, author, "Ep", [(channel, SAFE_TEXT)]).id
        assert blog_audio.unchecked_audio_note(s, post_id) is None
        row = blog_audio.attach_audio(s, author, post_id, mp3(400), "x.mp3")
        note = blog_audio.unchecked_audio_note(s, post_id)
    assert note is not None and "does not check audio" in note
    minutes, seconds = divmod(row.duration_seconds, 60)
    assert f"{minutes}:{seconds:02d}" in note
