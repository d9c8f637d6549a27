"""The guard check page: paste a text, see findings highlighted in place (live with htmx)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from carepost.guard import GuardInputError
from carepost.services import guard_settings
from carepost.storage.db import read_only
from carepost.web.checkview import MAX_TEXT, build, choices
from carepost.web.deps import CurrentViewer, require_action, state
from carepost.web.templating import render

router = APIRouter()


def _render(
    request: Request,
    text: str = "",
    direction: str = "outbound",
    context: str = "post",
    status: int = 200,
    **extra: object,
) -> Response:
    # htmx asks for the result fragment only; a plain form post gets the whole page.
    partial = request.headers.get("hx-request") == "true"
    return render(
        request,
        "_check_result.html" if partial else "check.html",
        status=status,
        title="Check a text",
        active="check",
        text=text,
        direction=direction,
        context=context,
        choices=choices(),
        max_text=MAX_TEXT,
        # Nothing typed here is stored, logged or cached.
        headers={"cache-control": "no-store"},
        **extra,
    )


@router.get("/check")
def check_form(request: Request, viewer: CurrentViewer) -> Response:
    """The empty check form."""
    require_action(request, viewer.actor, "guard.check")
    return _render(request, view=None, check_error=None)


@router.post("/check")
def check_text(
    request: Request,
    viewer: CurrentViewer,
    text: Annotated[str, Form(max_length=MAX_TEXT * 4)] = "",
    direction: Annotated[str, Form(max_length=20)] = "outbound",
    context: Annotated[str, Form(max_length=20)] = "post",
) -> Response:
    """Run the guard and show the verdict."""
    require_action(request, viewer.actor, "guard.check")
    if len(text) > MAX_TEXT:
        return _render(
            request,
            "",
            direction,
            context,
            422,
            view=None,
            check_error=f"text: at most {MAX_TEXT} characters",
        )
    if not text.strip():
        return _render(request, text, direction, context, view=None, check_error=None)
    try:
        with read_only(state(request).factory) as db:
            # the organisation's pack and profile, as its posts and inbox are checked
            verdict = guard_settings.checker(db, viewer.actor.org_id)(text, direction, context)
    except GuardInputError as exc:
        # The guard's messages name the field, never the text.
        return _render(request, "", "outbound", "post", 422, view=None, check_error=str(exc))
    return _render(request, text, direction, context, view=build(verdict), check_error=None)
