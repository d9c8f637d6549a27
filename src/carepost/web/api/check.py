"""`POST /check`: run the guard on a text and return the verdict."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from carepost.guard import GuardInputError
from carepost.services import guard_settings
from carepost.storage.db import read_only
from carepost.web.checkview import MAX_TEXT
from carepost.web.deps import ApiActor, require_action, state
from carepost.web.errors import ApiError

router = APIRouter(tags=["guard"])


class CheckIn(BaseModel):
    """A text to check."""

    text: str = Field(max_length=MAX_TEXT)
    direction: Literal["outbound", "inbound"] = "outbound"
    context: Literal[
        "post", "reply", "review_reply", "comment", "mention", "review", "dm_request"
    ] = "post"


@router.post("/check")
def check_text(request: Request, actor: ApiActor, body: CheckIn) -> dict[str, Any]:
    """The guard's verdict: action, labels, spans (offsets into the text), findings, redacted."""
    require_action(request, actor, "guard.check")
    try:
        with read_only(state(request).factory) as db:
            verdict = guard_settings.checker(db, actor.org_id)(body.text, body.direction,
                                                               body.context)
    except GuardInputError as exc:
        raise ApiError(422, "invalid", str(exc)) from None
    return verdict.to_dict()
