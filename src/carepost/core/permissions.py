"""The one permission table: which role may do which action. Pure Python, no I/O.

Services call `carepost.services.actor.require(actor, action)`, which consults this table;
pages and the API only hide what a role cannot do, they never decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

ROLES: tuple[str, ...] = ("admin", "privacy_officer", "approver", "author", "responder", "viewer")

ACTIONS: tuple[str, ...] = (
    "org.view",             # see the organisation, its members and settings
    "user.manage",          # add members, change roles, remove members, see all tokens
    "audit.view",           # browse the audit log
    "audit.export",         # export the audit log
    "token.manage",         # create, list and revoke one's own API tokens
    "guard.check",          # run the guard on a text
    "post.create",
    "post.edit",
    "post.submit",          # send a draft for approval
    "post.approve",         # approve or reject someone else's post
    "post.override_block",  # publish despite a blocking guard finding, with a written reason
    "post.publish",         # schedule or publish an approved post
    "channel.manage",       # connect and configure social accounts
    "inbox.view",
    "inbox.reply",
    "inbox.triage",         # hide, escalate, assign inbound items
    "alert.send",           # draft and request an emergency alert
    "alert.approve",
    "analytics.view",
    "archive.export",
    "policy.manage",        # choose policy packs, add organisation terms
)

_EVERYONE = {"org.view", "guard.check"}
# The viewer's read-only rights; every role has them, so anyone may hold a viewer token.
_READ = _EVERYONE | {"inbox.view", "analytics.view"}

_TABLE: dict[str, set[str]] = {
    # Admins run the organisation but cannot override the guard: that is the privacy officer's
    # call alone, so an admin cannot quietly publish PHI.
    "admin": set(ACTIONS) - {"post.override_block"},
    "privacy_officer": _READ
    | {
        "audit.view", "audit.export", "token.manage", "post.approve", "post.override_block",
        "inbox.triage", "alert.approve", "archive.export", "policy.manage",
    },
    "approver": _READ
    | {
        "token.manage", "post.create", "post.edit", "post.submit", "post.approve",
        "post.publish", "alert.approve",
    },
    "author": _READ
    | {"token.manage", "post.create", "post.edit", "post.submit"},
    "responder": _READ | {"token.manage", "inbox.reply", "inbox.triage", "alert.send"},
    "viewer": _READ,
}

PERMISSIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {role: frozenset(_TABLE[role]) for role in ROLES}
)


def allowed(role: str | None, action: str) -> bool:
    """Whether `role` may perform `action`; unknown roles and actions are never allowed."""
    if action not in ACTIONS or role not in PERMISSIONS:
        return False
    return action in PERMISSIONS[role]


def role_within(role: str, ceiling: str) -> bool:
    """Whether every action of `role` is also allowed to `ceiling` (so `ceiling` may grant it)."""
    if role not in PERMISSIONS or ceiling not in PERMISSIONS:
        return False
    return PERMISSIONS[role] <= PERMISSIONS[ceiling]
