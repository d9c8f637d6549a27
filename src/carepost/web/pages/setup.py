"""First-run setup through the one-time link that `carepost serve` printed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from carepost.services import accounts
from carepost.services.errors import ServiceError
from carepost.storage.db import read_only, transaction
from carepost.web.deps import state
from carepost.web.errors import error_page
from carepost.web.forms import slugify
from carepost.web.security import login_session
from carepost.web.templating import render

router = APIRouter()

BAD_LINK = (
    "This setup link is not valid: it was already used, has expired or was mistyped. "
    "Restart carepost serve to get a new one."
)


def _gone_or_bad(request: Request, token: str | None) -> Response | None:
    """404 once setup is done, 403 for a wrong or used link, None when the link is good."""
    web = state(request)
    with read_only(web.factory) as db:
        if not accounts.needs_setup(db):
            return error_page(request, 404)
    if web.setup_link is None or not web.setup_link.valid(token):
        return error_page(request, 403, BAD_LINK)
    return None


@router.get("/setup")
def setup_form(request: Request, token: str | None = None) -> Response:
    """The form that creates the first organisation and its admin."""
    refusal = _gone_or_bad(request, token)
    if refusal is not None:
        return refusal
    form = {"org_name": "", "org_slug": "", "email": ""}
    return render(
        request, "setup.html", title="Set up carepost", token=token, form=form, error=None
    )


@router.post("/setup")
def setup_submit(
    request: Request,
    token: Annotated[str, Form(max_length=200)] = "",
    org_name: Annotated[str, Form(max_length=200)] = "",
    org_slug: Annotated[str, Form(max_length=64)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    password2: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Create the organisation and admin, use up the link, and sign the admin in."""
    refusal = _gone_or_bad(request, token)
    if refusal is not None:
        return refusal
    link = state(request).setup_link
    assert link is not None  # _gone_or_bad checked it
    # The organisation's names come back on an error; the email and passwords never do.
    form = {"org_name": org_name, "org_slug": org_slug, "email": ""}
    error: str | None = None
    if password != password2:
        error = "The two passwords differ."
    elif not link.consume(token):
        return error_page(request, 403, BAD_LINK)
    else:
        try:
            with transaction(state(request).factory) as db:
                org, user = accounts.setup_first_admin(
                    db,
                    org_name.strip(),
                    org_slug.strip() or slugify(org_name),
                    email.strip(),
                    password,
                )
        except ServiceError as exc:
            link.release()
            error = str(exc)
    if error is not None:
        return render(
            request,
            "setup.html",
            status=422,
            title="Set up carepost",
            token=token,
            form=form,
            error=error,
        )
    login_session(request.scope["session"], user.id, org.slug)
    return RedirectResponse("/", status_code=303)
