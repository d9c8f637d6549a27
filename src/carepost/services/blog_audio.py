"""Podcast audio on posts: checked (real MP3/M4A, size, running time), stored, audited.

A post carries at most one audio file; the blog connector publishes it as the entry's enclosure
and the podcast feed lists the entry. Other networks ignore it. Attaching audio is an edit: an
approved post goes back to review, and whoever attached it is recorded as an editor, so the
two-person rule keeps them from approving it. The guard reads text only; `unchecked_audio_note`
is what review screens show so an approver knows the audio itself was not checked. Images
stay in `post_media` and are untouched by this.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.connectors.blog.audio import AudioError, inspect
from carepost.core.lifecycle import Event
from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.errors import ValidationFailed
from carepost.services.post_media import mark_edited
from carepost.storage.blog import PostAudio


def attach_audio(session: Session, actor: Actor, post_id: int, data: bytes,
                 filename: str) -> PostAudio:
    """Attach (or replace) the post's episode audio; a bad file changes nothing."""
    from carepost.services.posts import _fire, _set_state, get_post

    require(actor, "post.edit", session)
    post = get_post(session, actor, post_id)
    target = _fire(post, actor, Event.EDIT, session)
    try:
        info = inspect(data)
    except AudioError as exc:
        raise ValidationFailed("audio", str(exc)) from None
    row = session.execute(select(PostAudio).where(PostAudio.post_id == post.id)).scalar()
    if row is None:
        row = PostAudio(post_id=post.id)
        session.add(row)
    row.filename = (filename.strip() or f"episode.{info.extension}")[:200]
    row.mime_type, row.size, row.duration_seconds = info.mime_type, info.size, info.duration_seconds
    row.sha256, row.data = hashlib.sha256(data).hexdigest(), data
    post.version += 1
    mark_edited(post, actor)  # so this actor cannot approve the audio they added
    _set_state(session, post, target)
    session.flush()
    audit.record(session, actor, "post.audio_attached", f"post:{post.id}",
                 {"bytes": info.size, "sha256": row.sha256, "seconds": info.duration_seconds,
                  "version": post.version, "guard_checked": False})
    return row


def unchecked_audio_note(session: Session, post_id: int) -> str | None:
    """What a reviewer must be told about the post's audio, or None when it has none.

    The guard checks text only: nobody but a person listening can tell whether an episode
    names a patient. Review screens show this beside the guard report so an approver knows
    the audio was not checked. The note names the file's length, never its contents.
    """
    row = session.execute(
        select(PostAudio.filename, PostAudio.duration_seconds)
        .where(PostAudio.post_id == post_id)
    ).first()
    if row is None:
        return None
    minutes, seconds = divmod(int(row.duration_seconds), 60)
    return (f"An audio file ({minutes}:{seconds:02d}) is attached. The guard does not check "
            "audio: listen to all of it before approving.")
