"""Adding and removing a post's channels after it was written."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import post_channels, posts
from carepost.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from tests.conftest import Personas
from tests.worker.helpers import SAFE_TEXT, add_channel, draft, new_box, webhook_config


@pytest.fixture
def two(db: sessionmaker[Session], personas: Personas) -> tuple[int, int]:
    box = new_box()
    one = add_channel(db, personas, box, "webhook", webhook_config("https://a.example/h", "s" * 20),
                      name="A")
    other = add_channel(db, personas, box, "webhook",
                        webhook_config("https://b.example/h", "s" * 20), name="B")
    return one, other


def test_add_then_remove(db: sessionmaker[Session], personas: Personas,
                         two: tuple[int, int]) -> None:
    one, other = two
    post_id = draft(db, personas, one)
    author = personas.actors["author"]
    with transaction(db) as s:
        post_channels.add_channel(s, author, post_id, other, "Walk-ins welcome Saturday.")
    with transaction(db) as s:
        assert {v.channel_id for v in posts.variants_of(s, post_id)} == {one, other}
        with pytest.raises(Conflict):
            post_channels.add_channel(s, author, post_id, other, SAFE_TEXT)
    with transaction(db) as s:
        post_channels.remove_channel(s, author, post_id, one)
    with transaction(db) as s:
        assert [v.channel_id for v in posts.variants_of(s, post_id)] == [other]
        with pytest.raises(ValidationFailed, match="at least one channel"):
            post_channels.remove_channel(s, author, post_id, other)
    with transaction(db) as s, pytest.raises(NotFound):
        post_channels.remove_channel(s, author, post_id, one)


def test_a_variant_whose_sending_started_is_never_removed(
    db: sessionmaker[Session], personas: Personas, two: tuple[int, int]
) -> None:
    one, other = two
    with transaction(db) as s:
        post_id = posts.create_post(s, personas.actors["author"], "t",
                                    [(one, SAFE_TEXT), (other, SAFE_TEXT)]).id
    with transaction(db) as s:
        posts.variants_of(s, post_id)[0].idempotency_key = "k-started"
    with transaction(db) as s, pytest.raises(Conflict, match="already sent"):
        post_channels.remove_channel(s, personas.actors["author"], post_id, one)


def test_viewers_cannot_change_channels(db: sessionmaker[Session], personas: Personas,
                                        two: tuple[int, int]) -> None:
    one, other = two
    post_id = draft(db, personas, one)
    with transaction(db) as s, pytest.raises(PermissionDenied):
        post_channels.add_channel(s, personas.actors["viewer"], post_id, other, SAFE_TEXT)
