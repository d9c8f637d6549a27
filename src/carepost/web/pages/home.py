"""The start page and the organisation switcher."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from carepost.web.deps import CurrentViewer
from carepost.web.templating import render

router = APIRouter()


@router.get("/")
def home(request: Request, viewer: CurrentViewer) -> Response:
    """The signed-in start page."""
    return render(request, "home.html", title=viewer.org_name or "carepost", active="home")


@router.post("/org/switch")
def switch_org(
    request: Request, viewer: CurrentViewer, org: Annotated[str, Form(max_length=64)]
) -> Response:
    """Make another of the viewer's organisations the current one."""
    if not any(choice.slug == org for choice in viewer.orgs):
        return render(
            request,
            "error.html",
            status=403,
            title="Not a member",
            heading="You cannot do that",
            message="You are not a member of that organisation.",
        )
    request.scope["session"]["org"] = org
    return RedirectResponse("/", status_code=303)
