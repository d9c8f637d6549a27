"""Request and response bodies of the JSON API (the OpenAPI document is built from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    """A stable machine code and a message safe to show a person."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """Every API error has this shape."""

    error: ErrorDetail


class OrgOut(BaseModel):
    """An organisation."""

    id: int
    slug: str
    name: str


class MeOut(BaseModel):
    """Who a token acts as."""

    user_id: int | None
    label: str
    role: str | None
    via: str
    organisation: OrgOut | None


class MemberOut(BaseModel):
    """A member of the organisation and their role."""

    user_id: int
    email: str
    display_name: str
    role: str


class MemberIn(BaseModel):
    """A new member."""

    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    role: str = Field(max_length=32)
    display_name: str | None = Field(default=None, max_length=200)


class RoleIn(BaseModel):
    """A role change."""

    role: str = Field(max_length=32)


class TokenOut(BaseModel):
    """An API token's metadata (never its secret)."""

    id: int
    name: str
    prefix: str
    role: str
    user_id: int
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenIn(BaseModel):
    """A token to create."""

    name: str = Field(max_length=100)
    role: str = Field(max_length=32)


class TokenCreated(BaseModel):
    """A created token: `token` is shown this once and never again."""

    token: str
    info: TokenOut


class AuditEventOut(BaseModel):
    """One audit event."""

    seq: int
    ts: str
    org_id: int | None
    actor_id: int | None
    actor_label: str
    via: str
    action: str
    subject: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(BaseModel):
    """A page of audit events, oldest first."""

    events: list[AuditEventOut]
    limit: int
    offset: int


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing, unknown or revoked API token"},
    403: {"model": ErrorBody, "description": "Role not allowed, or token of another organisation"},
    422: {"model": ErrorBody, "description": "A field is missing or invalid (named, not quoted)"},
}
