"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from carepost.services import accounts
from carepost.services.errors import AuthenticationFailed, LockedOut
from carepost.storage.db import read_only, transaction
from carepost.web.deps import load_viewer, remote_addr, state
from carepost.web.forms import safe_next
from carepost.web.security import login_session, new_csrf_token
from carepost.web.templating import render

router = APIRouter()

EXPIRED = "Your session has expired. Please sign in again."
SIGNED_OUT = "You have signed out."
BAD_LOGIN = "Wrong email or password."


def _needs_setup(request: Request) -> bool:
    with read_only(state(request).factory) as db:
        return accounts.needs_setup(db)


@router.get("/login")
def login_form(
    request: Request, next: str = "/", expired: int = 0, signed_out: int = 0
) -> Response:
    """The sign-in page."""
    if isinstance(request.scope["session"].get("uid"), int):
        return RedirectResponse(safe_next(next), status_code=303)
    notices = []
    if expired or request.scope.get("carepost.session_expired"):
        notices.append({"kind": "warn", "text": EXPIRED})
    if signed_out:
        notices.append({"kind": "ok", "text": SIGNED_OUT})
    return render(
        request,
        "login.html",
        title="Sign in",
        notices=notices,
        next_url=safe_next(next),
        email="",
        error=None,
        needs_setup=_needs_setup(request),
    )


@router.post("/login")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the credentials; on success start a fresh signed-in session."""
    settings = state(request).settings
    error: str | None = None
    try:
        with transaction(state(request).factory) as db:
            user = accounts.authenticate(
                db, email.strip(), password, remote_addr(request), settings
            )
            viewer = load_viewer(db, user.id, None)
    except LockedOut as exc:
        error = str(exc) or "Too many failed sign-ins. Try again later."
    except AuthenticationFailed:
        error = BAD_LOGIN
    if error is not None:
        return render(
            request,
            "login.html",
            status=401,
            title="Sign in",
            next_url=safe_next(next),
            # Nothing typed is echoed back: error responses never repeat submitted text.
            email="",
            error=error,
            needs_setup=False,
        )
    login_session(request.scope["session"], user.id, viewer.org_slug if viewer else None)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session, and every other session of this person (see accounts.sign_out)."""
    session = request.scope["session"]
    uid = session.get("uid")
    if isinstance(uid, int):
        with transaction(state(request).factory) as db:
            accounts.sign_out(db, uid)
    session.clear()
    session["csrf"] = new_csrf_token()
    return RedirectResponse("/login?signed_out=1", status_code=303)
