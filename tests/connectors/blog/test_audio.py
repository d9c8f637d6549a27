"""Podcast audio: type, size and running time read from the bytes; attaching it is an edit."""

from __future__ import annotations

import struct

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors.blog import audio
from carepost.services import blog_audio, posts
from carepost.services.errors import PermissionDenied, ValidationFailed
from carepost.storage.blog import PostAudio
from carepost.storage.db import transaction
from carepost.storage.models import AuditEvent
from tests.conftest import Personas
from tests.connectors.blog.media import SECONDS_PER_FRAME, m4a, mp3
from tests.worker.helpers import SAFE_TEXT, add_channel, new_box, webhook_config


@pytest.mark.parametrize(
    ("data", "mime", "seconds"),
    [
        (mp3(1000), "audio/mpeg", round(1000 * SECONDS_PER_FRAME)),
        (mp3(1000, id3=False), "audio/mpeg", round(1000 * SECONDS_PER_FRAME)),
        (mp3(3000, xing=True), "audio/mpeg", round(2999 * SECONDS_PER_FRAME)),
        (m4a(61), "audio/x-m4a", 61),
        (m4a(3725, timescale=1000), "audio/x-m4a", 3725),
    ],
)
def test_type_and_duration_come_from_the_bytes(data: bytes, mime: str, seconds: int) -> None:
    info = audio.inspect(data)
    assert (info.mime_type, info.size, info.duration_seconds) == (mime, len(data), seconds)


def test_a_version_1_mvhd_box_is_read() -> None:
    mvhd = struct.pack(">B3xQQIQ", 1, 0, 0, 600, 600 * 90) + bytes(80)
    moov = struct.pack(">I", 8 + 8 + len(mvhd)) + b"moov" + struct.pack(">I", 8 + len(mvhd))
    data = (struct.pack(">I", 16) + b"ftypM4A \x00\x00\x00\x00" + moov + b"mvhd" + mvhd)
    assert audio.inspect(data).duration_seconds == 90


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(500), "not an MP3 or M4A"),
        (bytes((0xFF, 0xFB, 0x90, 0x44)) + b"x" * 1000, "not an MP3 or M4A"),  # one stray sync
        (b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(100), "not an MP3 or M4A"),
        (m4a(0), "no playing time"),
        (m4a(5 * 3600), "longer than 4 hours"),
        (b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f", "not an MP3 or M4A"),  # a tag claiming 256 MB
    ],
)
def test_bad_audio_is_named(data: bytes, message: str) -> None:
    with pytest.raises(audio.AudioError, match=message):
        audio.inspect(data)


def test_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio, "MAX_AUDIO_BYTES", 10_000)
    with pytest.raises(audio.AudioError, match="the limit is 10000"):
        audio.inspect(mp3(100))


def test_itunes_duration() -> None:
    assert [audio.itunes_duration(s) for s in (5, 65, 3600, 3725)] == [
        "0:05", "1:05", "1:00:00", "1:02:05"]


def _post(db: sessionmaker[Session], people: Personas) -> int:
    channel = add_channel(db, people, new_box(), "webhook",
                          webhook_config("https://hooks.example/x", "0123456789abcdef"))
    with transaction(db) as session:
        return posts.create_post(session, people.actors["author"], "Episode",
                                 [(channel, SAFE_TEXT)]).id


def test_attaching_audio_is_an_audited_edit(
    db: sessionmaker[Session], personas: Personas
) -> None:
    post_id = _post(db, personas)
    with transaction(db) as session:
        posts.submit(session, personas.actors["author"], post_id)
    with transaction(db) as session:
        posts.review(session, personas.actors["approver"], post_id, "approved")
    with transaction(db) as session:
        blog_audio.attach_audio(session, personas.actors["author"], post_id, mp3(400), "")
    with transaction(db) as session:
        blog_audio.attach_audio(session, personas.actors["author"], post_id, m4a(30), "b.m4a")
    with transaction(db) as session:
        rows = session.execute(select(PostAudio)).scalars().all()
        post = posts.get_post(session, personas.actors["author"], post_id)
        actions = session.execute(
            select(AuditEvent.action).where(AuditEvent.action == "post.audio_attached")
        ).scalars().all()
    assert [(r.mime_type, r.duration_seconds, r.filename) for r in rows] == [
        ("audio/x-m4a", 30, "b.m4a")]
    assert post.state != "approved"  # an edit sends it back for review
    assert len(actions) == 2


def test_bad_audio_and_the_wrong_role_change_nothing(
    db: sessionmaker[Session], personas: Personas
) -> None:
    post_id = _post(db, personas)
    with transaction(db) as session, pytest.raises(ValidationFailed, match="audio"):
        blog_audio.attach_audio(session, personas.actors["author"], post_id, b"nope", "x.mp3")
    with transaction(db) as session, pytest.raises(PermissionDenied):
        blog_audio.attach_audio(session, personas.actors["viewer"], post_id, mp3(50), "x.mp3")
    with transaction(db) as session:
        assert session.execute(select(PostAudio)).scalars().all() == []
