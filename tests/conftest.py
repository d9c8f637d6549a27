"""Shared fixtures: settings, a migrated database on SQLite and PostgreSQL, named personas.

PostgreSQL comes from `CAREPOST_TEST_DATABASE_URL` (scripts/test sets it). Locally, when it is
unset or unreachable, the PostgreSQL variant of each test skips with the reason; in CI
(`CI=true`) that is a failure. Each PostgreSQL test gets a private schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from carepost.core.permissions import ROLES
from carepost.services import accounts, orgs, passwords
from carepost.services.actor import Actor, cli_actor
from carepost.settings import Settings, load_settings
from carepost.storage.db import make_engine, session_factory, transaction
from carepost.storage.migrate import upgrade
from carepost.storage.models import Organization, User

# The local Bluesky network is a session fixture shared by connector, web and inbox tests.
pytest_plugins = ["tests.bluesky_peer"]

PASSWORD = "correct horse battery staple"
ORG_SLUG = "plainview"
OTHER_SLUG = "riverside"


def in_ci() -> bool:
    """True when running in CI, where a missing peer must fail rather than skip."""
    return os.environ.get("CI", "").lower() in ("true", "1")


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    # Real argon2id, minimal cost: hundreds of accounts are created per run. Production keeps
    # argon2-cffi's defaults; stored hashes carry their parameters either way.
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use_hasher(PasswordHasher())


_pg_state: dict[str, str | None] = {}


def postgres_base_url() -> str:
    """The test PostgreSQL URL, or skip (locally) / fail (CI) with the reason."""
    if "url" not in _pg_state:
        url = os.environ.get("CAREPOST_TEST_DATABASE_URL") or None
        reason = None
        if url is None:
            reason = "PostgreSQL not configured: set CAREPOST_TEST_DATABASE_URL"
        else:
            try:
                probe = make_engine(url)
                with probe.connect() as conn:
                    conn.execute(text("SELECT 1"))
                probe.dispose()
            except Exception as exc:  # any failure to connect means "not reachable"
                reason = (f"PostgreSQL at CAREPOST_TEST_DATABASE_URL unreachable "
                          f"({type(exc).__name__})")
        _pg_state["url"], _pg_state["reason"] = url, reason
    if _pg_state["reason"]:
        if in_ci():
            pytest.fail(f"{_pg_state['reason']} (required in CI)")
        pytest.skip(_pg_state["reason"])
    assert _pg_state["url"] is not None
    return _pg_state["url"]


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's URL: a SQLite file, or a fresh private PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'carepost.db'}"
        return
    base = postgres_base_url()
    schema = f"core_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_search_path(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database engine (parametrised: SQLite and PostgreSQL)."""
    eng = make_engine(database_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine: Engine) -> sessionmaker[Session]:
    """A session factory on the migrated database; use `with transaction(db) as session`."""
    return session_factory(engine)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings isolated from the environment, data directory under tmp_path."""
    return load_settings(environ={}, data_dir=str(tmp_path / "data"))


@dataclass
class Personas:
    """One organisation with a member per role, plus a second organisation with its admin."""

    org: Organization
    other_org: Organization
    users: dict[str, User] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    other_admin: User | None = None
    other_actor: Actor | None = None
    password: str = PASSWORD

    def email(self, role: str) -> str:
        """The persona's email address for `role`."""
        return f"{role.replace('_', '-')}@{ORG_SLUG}.example"


@pytest.fixture
def personas(db: sessionmaker[Session]) -> Personas:
    """Plainview with admin, privacy_officer, approver, author, responder, viewer; Riverside."""
    with transaction(db) as session:
        org = orgs.create_org(session, cli_actor(), "Plainview Care", ORG_SLUG)
        other = orgs.create_org(session, cli_actor(), "Riverside Clinic", OTHER_SLUG)
        people = Personas(org=org, other_org=other)
        for role in ROLES:
            people.users[role] = accounts.add_user(
                session, cli_actor(org.id), people.email(role), PASSWORD, role, role.title()
            )
        people.other_admin = accounts.add_user(
            session, cli_actor(other.id), f"admin@{OTHER_SLUG}.example", PASSWORD, "admin"
        )
    with transaction(db) as session:
        for role, user in people.users.items():
            people.actors[role] = accounts.actor_for(session, user.id, ORG_SLUG)
        people.other_actor = accounts.actor_for(session, people.other_admin.id, OTHER_SLUG)
    return people
