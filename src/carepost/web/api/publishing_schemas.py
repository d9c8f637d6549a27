"""Bodies of the publishing API (channels, posts, archive, notifications), with OpenAPI examples.

Outputs carry ids, states and the network's own error words; the guard report is included only
where asked for (`/guard`), and a channel's configuration never leaves the server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carepost.web.api.schemas import ErrorBody


def _example(**values: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [values]})


class ChannelOut(BaseModel):
    """A connected channel (its configuration, secrets included, stays sealed on the server)."""

    model_config = _example(id=3, kind="bluesky", name="Main Bluesky", status="active",
                            network="bluesky:bsky.social", rate_limited_until=None,
                            last_test_at="2026-11-25T09:00:00Z", last_test_ok=True,
                            created_at="2026-11-01T08:00:00Z")

    id: int
    kind: str
    name: str
    status: str
    network: str
    rate_limited_until: datetime | None
    last_test_at: datetime | None
    last_test_ok: bool | None
    created_at: datetime


class ChannelIn(BaseModel):
    """A channel to connect: the connector kind, a name, and its configuration."""

    model_config = _example(kind="webhook", name="Staff Slack",
                            config={"url": "https://hooks.example/T0/B0", "secret": "s3cr3t...",
                                    "format": "slack"})

    kind: str = Field(max_length=32, description="bluesky, mastodon, email, webhook, ...")
    name: str = Field(max_length=100)
    config: dict[str, Any] = Field(description="See docs/connectors.md and each connector's "
                                               "README for the keys.")


class ChannelConfigIn(BaseModel):
    """A channel's new configuration (replaces the old one; validated first)."""

    model_config = _example(config={"handle": "clinic.bsky.social",
                                    "app_password": "abcd-efgh-ijkl-mnop"})

    config: dict[str, Any]


class ConnectionCheckOut(BaseModel):
    """The outcome of "test connection"."""

    model_config = _example(ok=True, account="@clinic.bsky.social",
                            detail="logged in as did:plc:abc", status="active")

    ok: bool
    account: str | None
    detail: str
    status: str


class VariantIn(BaseModel):
    """One channel's text."""

    model_config = _example(channel_id=3, text="Flu clinic open Saturday 9-12, walk-ins welcome.")

    channel_id: int
    text: str = Field(max_length=20_000)


class PostIn(BaseModel):
    """A new post: a title, one variant per channel, optionally a planned slot."""

    model_config = _example(
        title="Flu clinic", slot_at="2026-12-01T09:00:00-05:00",
        variants=[{"channel_id": 3, "text": "Flu clinic open Saturday 9-12."},
                  {"channel_id": 4, "text": "Our flu clinic is open this Saturday from 9 to 12 "
                                            "at the main site; walk-ins welcome."}])

    title: str = Field(default="", max_length=200)
    variants: list[VariantIn] = Field(min_length=1, max_length=20)
    slot_at: datetime | None = Field(default=None, description="ISO 8601 with an offset")


class TextIn(BaseModel):
    """A variant's new text."""

    model_config = _example(text="Flu clinic open Saturday 9-12 (main site).")

    text: str = Field(max_length=20_000)


class VariantOut(BaseModel):
    """One channel's variant: its text, guard action and publishing state."""

    channel_id: int
    text: str
    state: str
    guard_action: str
    attempts: int
    next_attempt_at: datetime | None
    remote_id: str | None
    url: str | None
    error: str | None
    published_at: datetime | None


class PostOut(BaseModel):
    """A post and its variants."""

    model_config = _example(
        id=12, title="Flu clinic", state="in_review", slot_at=None, version=2, author_id=5,
        created_at="2026-11-25T08:00:00Z", updated_at="2026-11-25T08:10:00Z",
        variants=[{"channel_id": 3, "text": "Flu clinic open Saturday 9-12.",
                   "state": "in_review", "guard_action": "allow", "attempts": 0,
                   "next_attempt_at": None, "remote_id": None, "url": None, "error": None,
                   "published_at": None}])

    id: int
    title: str
    state: str
    slot_at: datetime | None
    version: int
    author_id: int | None
    created_at: datetime
    updated_at: datetime
    variants: list[VariantOut]


class PostPage(BaseModel):
    """A page of posts, newest first."""

    posts: list[PostOut]
    limit: int
    offset: int


class VariantStatus(BaseModel):
    """Where one variant is in publishing (no text)."""

    model_config = _example(channel_id=3, channel_kind="bluesky", state="published", attempts=1,
                            next_attempt_at=None, url="https://bsky.app/profile/x/post/3l",
                            error=None, published_at="2026-12-01T14:00:01Z")

    channel_id: int
    channel_kind: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    url: str | None
    error: str | None
    published_at: datetime | None


class PostStatus(BaseModel):
    """A post's state and each variant's."""

    id: int
    state: str
    slot_at: datetime | None
    variants: list[VariantStatus]


class GuardReportOut(BaseModel):
    """The guard's stored report per channel (findings, labels, spans; never the text)."""

    post_id: int
    version: int
    reports: dict[str, dict[str, Any]] = Field(description="channel id -> verdict")


class ImageOut(BaseModel):
    """An attached image (stored stripped of metadata)."""

    model_config = _example(id=7, position=1, mime_type="image/jpeg",
                            sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                            bytes=48213, post_state="draft")

    id: int
    position: int
    mime_type: str
    sha256: str
    bytes: int
    post_state: str


class ReviewIn(BaseModel):
    """A review decision; requesting changes or rejecting needs a comment."""

    model_config = _example(decision="approved", comment="Looks good.",
                            override_reason=None)

    decision: Literal["approved", "changes_requested", "rejected"]
    comment: str = Field(default="", max_length=5000)
    override_reason: str | None = Field(
        default=None, max_length=5000,
        description="Privacy officers only: why a blocking guard finding is acceptable "
                    "(at least 10 characters).")


class ApprovalOut(BaseModel):
    """A stored review decision."""

    id: int
    post_id: int
    post_version: int
    decision: str
    comment: str
    override: bool
    post_state: str


class ScheduleIn(BaseModel):
    """When to publish: an ISO time with an offset, or a wall-clock time plus an IANA zone."""

    model_config = _example(at="2026-03-08 09:30", time_zone="America/Chicago")

    at: str = Field(max_length=40, description="'YYYY-MM-DD HH:MM' with time_zone, or ISO 8601 "
                                               "with an offset")
    time_zone: str | None = Field(default=None, max_length=64)


class ResolveIn(BaseModel):
    """How a person settles an unknown outcome."""

    model_config = _example(action="not_published", at="2026-12-01 10:00",
                            time_zone="America/New_York")

    action: Literal["check", "published", "not_published"]
    url: str | None = Field(default=None, max_length=1000,
                            description="With published: where the post can be seen.")
    at: str | None = Field(default=None, max_length=40,
                           description="With not_published: the new time.")
    time_zone: str | None = Field(default=None, max_length=64)


class ResolveOut(BaseModel):
    """The outcome of a resolution and the variant's state afterwards."""

    result: Literal["published", "not_found", "rescheduled"]
    variant: VariantStatus


class ArchiveRecordOut(BaseModel):
    """One archive record: exactly what went out, with its guard report and approval chain."""

    id: int
    org_id: int
    post_id: int
    variant_id: int
    channel_kind: str
    channel_name: str
    text: str
    media_hashes: list[str]
    remote_id: str
    url: str | None
    guard_report: dict[str, Any]
    approval_chain: list[dict[str, Any]]
    published_at: str
    deleted_at: str | None
    legal_hold: bool


class HoldIn(BaseModel):
    """Place (true) or lift (false) a legal hold."""

    model_config = _example(hold=True)

    hold: bool


class NotificationOut(BaseModel):
    """Something to act on; the subject is an id ("post:12"), never content."""

    model_config = _example(id=4, kind="variant.failed", subject="variant:31",
                            created_at="2026-11-25T09:00:00Z", read_at=None)

    id: int
    kind: str
    subject: str
    created_at: datetime
    read_at: datetime | None


# Beyond the API-wide 401/403/422: what the publishing routes can also answer.
PUBLISHING_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such post, channel, record or notification "
                                             "in this organisation"},
    409: {"model": ErrorBody, "description": "Not possible in the current state (e.g. "
                                             "approving a draft, deleting an unpublished post)"},
}
NETWORK_ERRORS: dict[int | str, dict[str, Any]] = {
    502: {"model": ErrorBody, "description": "The network refused or did not answer; the "
                                             "message carries its own words"},
}
