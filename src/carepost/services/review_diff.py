"""What changed since the last review: per-variant snapshots taken at submission, and a
word-level diff between the text a reviewer last decided on and the text now under review."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from carepost.storage.publishing import Approval, Post, Variant
from carepost.storage.publishing_web import ReviewSnapshot

# Words, runs of spaces and single punctuation marks: a diff at this grain reads like an edit.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    """A run of text that is unchanged ("same"), added ("ins") or removed ("del")."""

    op: str
    text: str


def snapshot_submission(session: Session, post: Post, variants: list[Variant]) -> None:
    """Keep each variant's text as submitted, so the next review can show what changed."""
    for variant in variants:
        session.add(ReviewSnapshot(post_id=post.id, channel_id=variant.channel_id,
                                   post_version=post.version, text=variant.text))
    session.flush()


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    """The edit from `before` to `after` word by word, as same/ins/del pieces in reading order."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    out: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(Piece("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Piece("ins", "".join(b[j1:j2])))
    return tuple(p for p in out if p.text)


def last_reviewed_texts(session: Session, post_id: int) -> dict[int, str] | None:
    """Each channel's text as submitted for the latest review decision; None: never reviewed."""
    decided = session.execute(
        select(Approval.created_at).where(Approval.post_id == post_id)
        .order_by(Approval.id.desc()).limit(1)
    ).scalar()
    if decided is None:
        return None
    rows = session.execute(
        select(ReviewSnapshot).where(ReviewSnapshot.post_id == post_id,
                                     ReviewSnapshot.created_at <= decided)
        .order_by(ReviewSnapshot.id)
    ).scalars()
    texts: dict[int, str] = {}
    for row in rows:  # later submissions overwrite earlier ones
        texts[row.channel_id] = row.text
    return texts or None
