"""The signed-in person's own account: changing their password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from carepost.services import accounts
from carepost.services.errors import AuthenticationFailed, ValidationFailed
from carepost.storage.db import transaction
from carepost.web.deps import CurrentViewer, state
from carepost.web.security import login_session
from carepost.web.templating import render

router = APIRouter()


def _page(request: Request, status: int = 200, notices: list | None = None) -> Response:
    return render(
        request,
        "account.html",
        status=status,
        title="Your account",
        active="account",
        notices=notices or [],
    )


@router.get("/account")
def account_page(request: Request, viewer: CurrentViewer, changed: int = 0) -> Response:
    """The account page."""
    notices = [{"kind": "ok", "text": "Password changed."}] if changed else []
    return _page(request, notices=notices)


@router.post("/account/password")
def change_password(
    request: Request,
    viewer: CurrentViewer,
    current_password: Annotated[str, Form(max_length=1024)] = "",
    new_password: Annotated[str, Form(max_length=1024)] = "",
    new_password2: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Change the password after proving the current one (a wrong one is audited)."""
    error: str | None = None
    if new_password != new_password2:
        error = "The two new passwords differ."
    else:
        try:
            with transaction(state(request).factory) as db:
                accounts.change_password(db, viewer.actor, current_password, new_password)
        except AuthenticationFailed:
            error = "The current password is wrong."
        except ValidationFailed as exc:
            error = str(exc)
    if error is not None:
        return _page(request, status=422, notices=[{"kind": "error", "text": error}])
    # The change revoked every session of this person; this one continues as a fresh sign-in.
    login_session(request.scope["session"], viewer.user_id, viewer.org_slug)
    return RedirectResponse("/account?changed=1", status_code=303)
