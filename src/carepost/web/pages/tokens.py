"""API tokens of the current organisation: create (shown once), list, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from carepost.core.permissions import ROLES, role_within
from carepost.services import tokens
from carepost.services.errors import Conflict, NotFound, ValidationFailed
from carepost.storage.db import transaction
from carepost.web.deps import CurrentViewer, Viewer, state
from carepost.web.errors import service_status
from carepost.web.templating import ROLE_LABELS, render

router = APIRouter()


def _page(
    request: Request,
    viewer: Viewer,
    status: int = 200,
    notices: list | None = None,
    new_token: str | None = None,
) -> Response:
    with transaction(state(request).factory) as db:
        rows = tokens.list_tokens(db, viewer.actor)
    grantable = [r for r in ROLES if viewer.role and role_within(r, viewer.role)]
    return render(
        request,
        "tokens.html",
        status=status,
        title="API tokens",
        active="tokens",
        tokens=rows,
        roles=grantable,
        role_labels=ROLE_LABELS,
        notices=notices or [],
        new_token=new_token,
        # The plaintext token must not linger in caches or history.
        headers={"cache-control": "no-store"},
    )


@router.get("/tokens")
def tokens_page(request: Request, viewer: CurrentViewer, revoked: int = 0) -> Response:
    """The token list and the create form."""
    notices = [{"kind": "ok", "text": "Token revoked."}] if revoked else []
    return _page(request, viewer, notices=notices)


@router.post("/tokens")
def create_token(
    request: Request,
    viewer: CurrentViewer,
    name: Annotated[str, Form(max_length=100)] = "",
    role: Annotated[str, Form(max_length=32)] = "viewer",
) -> Response:
    """Create a token and show its plaintext once."""
    try:
        with transaction(state(request).factory) as db:
            plaintext, _token = tokens.create_token(db, viewer.actor, name.strip(), role)
    except (ValidationFailed, Conflict) as exc:
        status, _code = service_status(exc)
        return _page(request, viewer, status=status, notices=[{"kind": "error", "text": str(exc)}])
    return _page(request, viewer, new_token=plaintext)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, viewer: CurrentViewer, token_id: int) -> Response:
    """Revoke a token."""
    try:
        with transaction(state(request).factory) as db:
            tokens.revoke_token(db, viewer.actor, token_id)
    except NotFound as exc:
        return _page(request, viewer, status=404, notices=[{"kind": "error", "text": str(exc)}])
    return RedirectResponse("/tokens?revoked=1", status_code=303)
