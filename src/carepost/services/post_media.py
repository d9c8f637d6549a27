"""Images on posts: checked, stripped of EXIF/GPS and other metadata, hashed, then stored.

Only the stripped bytes are ever stored, so a phone photo's location never reaches the
database, the network or the archive. Adding an image is an edit: an approved post goes back
to review. Messages name the image's position, never its alt text.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carepost.connectors.base import Media
from carepost.core import media as images
from carepost.core.lifecycle import Event
from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.errors import ValidationFailed
from carepost.storage.publishing import Post, PostMedia

MAX_IMAGES = 4  # the most any built-in network takes
MAX_UPLOAD_BYTES = 20_000_000


def mark_edited(post: Post, actor: Actor) -> None:
    """Record `actor` among the post's editors, as `posts.edit_variant` does for text.

    The two-person rule (`posts.review`) refuses approval by anyone listed here, so every path
    that changes what a post will publish (text, image, audio) must call this: otherwise an
    approver could add content and then approve it alone.
    """
    if actor.user_id is not None and post.author_id != actor.user_id:
        editors = set(filter(None, post.editor_ids.split(",")))
        post.editor_ids = ",".join(sorted(editors | {str(actor.user_id)}))[:500]


def media_of(session: Session, post_id: int) -> tuple[Media, ...]:
    """The post's images, in order, as connectors take them."""
    rows = session.execute(
        select(PostMedia).where(PostMedia.post_id == post_id).order_by(PostMedia.position)
    ).scalars()
    return tuple(Media(r.data, r.mime_type, r.alt_text, r.filename) for r in rows)


def hashes_of(session: Session, post_id: int) -> list[str]:
    """SHA-256 of each of the post's images, in order (what the archive keeps)."""
    return list(session.execute(
        select(PostMedia.sha256).where(PostMedia.post_id == post_id).order_by(PostMedia.position)
    ).scalars())


def add_image(
    session: Session, actor: Actor, post_id: int, data: bytes, alt_text: str, filename: str
) -> PostMedia:
    """Attach an image: real type by magic bytes, described alt text, metadata stripped."""
    from carepost.services.posts import _fire, _set_state, get_post

    require(actor, "post.edit", session)
    post = get_post(session, actor, post_id)
    target = _fire(post, actor, Event.EDIT, session)
    count = session.execute(
        select(func.count()).select_from(PostMedia).where(PostMedia.post_id == post.id)
    ).scalar_one()
    if count >= MAX_IMAGES:
        raise ValidationFailed("image", f"a post takes at most {MAX_IMAGES} images")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed("image", f"larger than {MAX_UPLOAD_BYTES} bytes")
    mime = images.sniff(data)
    if mime is None:
        raise ValidationFailed("image", "not a JPEG, PNG, GIF or WebP image")
    problem = images.alt_text_problem(alt_text, filename)
    if problem:
        raise ValidationFailed("alt_text", f"the image {problem}")
    try:
        clean = images.strip_metadata(data)
    except images.MediaError as exc:
        raise ValidationFailed("image", str(exc)) from None
    row = PostMedia(post_id=post.id, position=count + 1, filename=filename[:200] or "image",
                    mime_type=mime, alt_text=alt_text.strip(),
                    sha256=hashlib.sha256(clean).hexdigest(), data=clean)
    session.add(row)
    post.version += 1
    mark_edited(post, actor)
    _set_state(session, post, target)
    session.flush()
    audit.record(session, actor, "post.image_added", f"post:{post.id}",
                 {"media_id": row.id, "bytes": len(clean), "sha256": row.sha256,
                  "version": post.version})
    return row
