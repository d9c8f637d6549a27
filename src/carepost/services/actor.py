"""Who is acting: a signed-in user, an API token, the local CLI operator, or carepost itself."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from carepost.core.permissions import ACTIONS, allowed
from carepost.services.errors import PermissionDenied

Via = Literal["session", "token", "cli", "system"]
# The local operator (like Django's manage.py) and carepost's own jobs are trusted: they have
# shell access to the installation anyway. Everyone else is held to the permission table.
TRUSTED_VIA: frozenset[str] = frozenset({"cli", "system"})


@dataclass(frozen=True, slots=True)
class Actor:
    """The subject of every service call; `label` is what the audit log shows."""

    user_id: int | None
    org_id: int | None
    role: str | None
    label: str
    via: Via
    token_id: int | None = None

    @property
    def trusted(self) -> bool:
        """True for the CLI operator and the system, which bypass the role table."""
        return self.via in TRUSTED_VIA

    def can(self, action: str) -> bool:
        """Whether this actor may perform `action` (no auditing; for showing or hiding UI)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        return self.trusted or allowed(self.role, action)


def cli_actor(org_id: int | None = None) -> Actor:
    """The local operator running `carepost ...`, labelled with their OS account."""
    try:
        who = getpass.getuser()
    except Exception:  # no passwd entry in some containers
        who = "unknown"
    return Actor(user_id=None, org_id=org_id, role=None, label=f"cli:{who}", via="cli")


SYSTEM = Actor(user_id=None, org_id=None, role=None, label="system", via="system")


def require(actor: Actor, action: str, session: Session | None = None) -> None:
    """Raise PermissionDenied unless `actor` may do `action`; audit the refusal if given a session.

    The refusal is committed on its own (after rolling back anything the action started), so a
    denied action leaves exactly one trace: the audit event.
    """
    if actor.can(action):
        return
    if session is not None:
        from carepost.services.audit import record_refusal

        record_refusal(
            session, actor, "permission.denied", f"action:{action}", {"action": action}
        )
    raise PermissionDenied(f"your role does not allow {action}")
