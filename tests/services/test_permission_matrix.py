"""Every role against every action: real service calls where the service exists, the table for
the rest. The grid below is the product's written policy; the code must match it exactly."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from carepost.core.permissions import ACTIONS, ROLES, allowed
from carepost.services import accounts, audit, tokens
from carepost.services.actor import Actor
from carepost.services.errors import PermissionDenied
from carepost.storage.db import transaction
from carepost.storage.models import ApiToken, AuditEvent, Membership
from tests.conftest import PASSWORD, Personas

GRID = """
action               admin privacy_officer approver author responder viewer
org.view               x        x             x       x       x        x
user.manage            x        .             .       .       .        .
audit.view             x        x             .       .       .        .
audit.export           x        x             .       .       .        .
token.manage           x        x             x       x       x        .
guard.check            x        x             x       x       x        x
post.create            x        .             x       x       .        .
post.edit              x        .             x       x       .        .
post.submit            x        .             x       x       .        .
post.approve           x        x             x       .       .        .
post.override_block    .        x             .       .       .        .
post.publish           x        .             x       .       .        .
channel.manage         x        .             .       .       .        .
inbox.view             x        x             x       x       x        x
inbox.reply            x        .             .       .       x        .
inbox.triage           x        x             .       .       x        .
alert.send             x        .             .       .       x        .
alert.approve          x        x             x       .       .        .
analytics.view         x        x             x       x       x        x
archive.export         x        x             .       .       .        .
policy.manage          x        x             .       .       .        .
"""


def _policy() -> dict[tuple[str, str], bool]:
    lines = [line.split() for line in GRID.strip().splitlines()]
    header, rows = lines[0][1:], lines[1:]
    return {
        (role, row[0]): mark == "x"
        for row in rows
        for role, mark in zip(header, row[1:], strict=True)
    }


POLICY = _policy()


def _state(session: Session) -> tuple[int, int]:
    members = session.scalar(select(func.count()).select_from(Membership)) or 0
    tokens_ = session.scalar(select(func.count()).select_from(ApiToken)) or 0
    return members, tokens_


# The actions whose services exist today, each exercised by a real call.
SERVICE_CALLS: dict[str, Callable[[Session, Actor], object]] = {
    "org.view": lambda s, a: accounts.list_members(s, a),
    "user.manage": lambda s, a: accounts.add_user(s, a, "matrix@plainview.example", PASSWORD,
                                                  "viewer"),
    "audit.view": lambda s, a: audit.list_events(s, a),
    "audit.export": lambda s, a: audit.export(s, a, None, None, "jsonl", io.StringIO()),
    "token.manage": lambda s, a: tokens.create_token(s, a, "matrix", "viewer"),
}


def test_grid_covers_every_role_and_action() -> None:
    assert {role for role, _ in POLICY} == set(ROLES)
    assert {action for _, action in POLICY} == set(ACTIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", [a for a in ACTIONS if a not in SERVICE_CALLS])
def test_table_matches_policy_for_actions_without_services_yet(role: str, action: str) -> None:
    assert allowed(role, action) is POLICY[(role, action)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(SERVICE_CALLS))
def test_service_enforces_policy(db: sessionmaker[Session], personas: Personas, role: str,
                                 action: str) -> None:
    actor = personas.actors[role]
    assert allowed(role, action) is POLICY[(role, action)]
    with transaction(db) as session:
        before = _state(session)
        last_seq = session.scalar(select(func.max(AuditEvent.seq)))
    if POLICY[(role, action)]:
        with transaction(db) as session:
            SERVICE_CALLS[action](session, actor)
        return
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            SERVICE_CALLS[action](session, actor)
    with transaction(db) as session:
        assert _state(session) == before  # nothing half-saved
        new = session.scalars(select(AuditEvent).where(AuditEvent.seq > last_seq)).all()
    assert [(e.action, e.actor_id, json.loads(e.detail)) for e in new] == [
        ("permission.denied", actor.user_id, {"action": action})
    ]
