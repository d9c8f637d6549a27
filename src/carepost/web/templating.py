"""Jinja2 rendering with the context every page needs (viewer, navigation, CSRF token)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from carepost import __version__

TEMPLATE_DIR = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

ROLE_LABELS = {
    "admin": "Administrator",
    "privacy_officer": "Privacy officer",
    "approver": "Approver",
    "author": "Author",
    "responder": "Responder",
    "viewer": "Viewer",
}


def render(
    request: Request | None,
    template: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render `template` with the common context; `request` may be None for bare error pages."""
    session = request.scope.get("session", {}) if request is not None else {}
    viewer = getattr(request.state, "viewer", None) if request is not None else None
    base: dict[str, Any] = {
        "version": __version__,
        "csrf_token": session.get("csrf", ""),
        "viewer": viewer,
        "nav": viewer.nav if viewer is not None else [],
        "notices": [],
        "active": "",
        "title": "carepost",
    }
    base.update(context)
    html = env.get_template(template).render(base)
    return HTMLResponse(html, status_code=status, headers=headers)


def render_error(request: Request | None, status: int, **context: Any) -> HTMLResponse:
    """The generic error page."""
    context.setdefault("title", context.get("heading", "Error"))
    return render(request, "error.html", status=status, **context)
