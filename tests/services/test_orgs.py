"""Organisations: creation rights, slugs, listing."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import accounts, orgs
from carepost.services.actor import cli_actor
from carepost.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from carepost.storage.db import transaction
from tests.conftest import Personas


def test_operator_and_admins_create_orgs_others_cannot(db: sessionmaker[Session],
                                                       personas: Personas) -> None:
    with transaction(db) as session:
        created = orgs.create_org(session, personas.actors["admin"], "Lakeside", "lakeside")
    with transaction(db) as session:
        # The admin who created it runs it.
        assert ("lakeside", "admin") in [
            (o.slug, r) for o, r in accounts.memberships(session, personas.users["admin"].id)
        ]
        assert orgs.get_org(session, "LakeSide").id == created.id
    with pytest.raises(PermissionDenied):
        with transaction(db) as session:
            orgs.create_org(session, personas.actors["privacy_officer"], "Nope", "nope")
    with transaction(db) as session:
        with pytest.raises(NotFound):
            orgs.get_org(session, "nope")


@pytest.mark.parametrize(
    ("name", "slug", "error"),
    [("", "ok", ValidationFailed), ("Ok", "Has Space", ValidationFailed),
     ("Ok", "-lead", ValidationFailed), ("Ok", "x" * 65, ValidationFailed),
     # these would hide the org's public /alerts/<slug>/ page behind staff pages
     ("Ok", "new", ValidationFailed), ("Ok", "Templates", ValidationFailed),
     ("Ok", "2024", ValidationFailed),
     ("Again", "plainview", Conflict)],
)
def test_bad_names_and_slugs(db: sessionmaker[Session], personas: Personas, name: str,
                             slug: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        with transaction(db) as session:
            orgs.create_org(session, cli_actor(), name, slug)


def test_listing_is_scoped_for_members(db: sessionmaker[Session], personas: Personas) -> None:
    with transaction(db) as session:
        everything = [(o.slug, n) for o, n in orgs.list_orgs(session, cli_actor())]
        mine = [o.slug for o, _ in orgs.list_orgs(session, personas.actors["viewer"])]
    assert everything == [("plainview", 6), ("riverside", 1)]
    assert mine == ["plainview"]
