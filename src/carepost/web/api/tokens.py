"""API tokens of an organisation: list, create, revoke."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from carepost.services import tokens
from carepost.storage.db import transaction
from carepost.web.api.schemas import TokenCreated, TokenIn, TokenOut
from carepost.web.deps import OrgActor, state

router = APIRouter(prefix="/orgs/{org}/tokens", tags=["tokens"])


def token_out(row: Any) -> TokenOut:
    """An ApiToken row as the API shows it (no hash, no secret)."""
    return TokenOut(
        id=row.id,
        name=row.name,
        prefix=row.prefix,
        role=row.role,
        user_id=row.user_id,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
    )


@router.get("", response_model=list[TokenOut])
def list_tokens(request: Request, actor: OrgActor) -> list[TokenOut]:
    """Tokens visible to the caller (their own; all of them for admins)."""
    with transaction(state(request).factory) as db:
        return [token_out(t) for t in tokens.list_tokens(db, actor)]


@router.post("", response_model=TokenCreated, status_code=201)
def create_token(
    request: Request, actor: OrgActor, body: TokenIn, response: Response
) -> TokenCreated:
    """Create a token; its plaintext is in this response only."""
    response.headers["cache-control"] = "no-store"
    with transaction(state(request).factory) as db:
        plaintext, row = tokens.create_token(db, actor, body.name, body.role)
        return TokenCreated(token=plaintext, info=token_out(row))


@router.delete("/{token_id}", status_code=204)
def revoke_token(request: Request, actor: OrgActor, token_id: int) -> Response:
    """Revoke a token."""
    with transaction(state(request).factory) as db:
        tokens.revoke_token(db, actor, token_id)
    return Response(status_code=204)
