"""The organisation's guard settings page: policy pack, what it publishes, its own terms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from carepost.guard.policy import load_policy, shipped_packs
from carepost.services import guard_settings
from carepost.services.errors import ServiceError, ValidationFailed
from carepost.storage.db import read_only, transaction
from carepost.web.deps import CurrentViewer, Viewer, require_action, state
from carepost.web.templating import render

router = APIRouter()

TERM_LABELS: dict[str, str] = {
    "blocked": "Phrases that must never appear in a post (block)",
    "warned": "Phrases a reviewer should see first (warn)",
    "products": "The organisation's own drugs, devices or services",
    "claims": "More phrases that count as unsafe claims",
    "crisis": "More phrases that signal a crisis in inbound messages",
    "brands": "Brand names whose promotion needs fair balance",
}
MAX_FIELD_CHARS = 60_000  # 500 entries of up to 300 characters, with room for line breaks


def _page(request: Request, viewer: Viewer, status: int = 200,
          notices: list[dict[str, str]] | None = None,
          typed: dict[str, Any] | None = None) -> Response:
    with read_only(state(request).factory) as db:
        current = guard_settings.get(db, viewer.actor.org_id)
    policy = (typed or {}).get("policy", current.policy)
    profile = (typed or {}).get("profile", current.profile)
    terms = profile.get("extra_terms", {})
    return render(
        request, "guard_settings.html", status=status, title="Guard settings",
        active="guard-settings", notices=notices or [], policy=policy,
        packs=[{"name": n, "description": load_policy(n).description} for n in shipped_packs()],
        fields=list(guard_settings.PROFILE_FIELDS.items()),
        values={k: "\n".join(profile.get(k, [])) for k in guard_settings.PROFILE_FIELDS},
        term_fields=list(TERM_LABELS.items()),
        terms={k: "\n".join(terms.get(k, [])) for k in TERM_LABELS},
        can_edit=viewer.can("policy.manage"), saved=current.saved,
    )


@router.get("/settings/guard")
def settings_page(request: Request, viewer: CurrentViewer, done: str = "") -> Response:
    """The settings (everyone in the organisation may read them; they explain the guard)."""
    require_action(request, viewer.actor, "org.view")
    notices = [{"kind": "ok", "text": "Guard settings saved."}] if done == "saved" else []
    return _page(request, viewer, notices=notices)


def _lines(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    if len(value) > MAX_FIELD_CHARS:
        raise ValidationFailed("form", f"a list may hold at most {MAX_FIELD_CHARS} characters")
    return [line for line in value.splitlines() if line.strip()]


@router.post("/settings/guard")
async def save_settings(request: Request, viewer: CurrentViewer) -> Response:
    """Save the pack, the profile and the organisation's terms (privacy officers, admins)."""
    require_action(request, viewer.actor, "policy.manage")
    form = await request.form()
    policy = form.get("policy")
    try:
        profile: dict[str, Any] = {k: _lines(form.get(k)) for k in guard_settings.PROFILE_FIELDS}
        profile["extra_terms"] = {k: _lines(form.get(f"terms_{k}")) for k in TERM_LABELS}
    except ValidationFailed as exc:
        return _page(request, viewer, 422, [{"kind": "error", "text": str(exc)}])
    try:
        with transaction(state(request).factory) as db:
            guard_settings.update(db, viewer.actor, str(policy or ""), profile)
    except ServiceError as exc:
        # The message names the field; what was typed is shown again so nothing is lost.
        return _page(request, viewer, 422, [{"kind": "error", "text": str(exc)}],
                     typed={"policy": str(policy or ""), "profile": profile})
    return RedirectResponse("/settings/guard?done=saved", status_code=303)
