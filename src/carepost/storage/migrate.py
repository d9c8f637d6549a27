"""Alembic migrations shipped inside the package: upgrade, current revision, schema checks.

`serve` calls `upgrade(engine)` before it starts; a database whose schema is newer than this
code (a revision the code does not know) raises `SchemaTooNew` and nothing is touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from carepost.logs import log_event

log = logging.getLogger("carepost.storage")
_MIGRATE_LOCK_KEY = 0x6361_7266  # distinct from the audit chain's lock
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer carepost; this code must not run against it."""


class SchemaOutdated(RuntimeError):
    """The database needs `carepost db upgrade` before this command can use it."""


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where the database stands: its revision, the code's head, and whether they match."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """True when the database is at this code's head revision."""
        return self.current == self.head


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this code knows."""
    revision = _script().get_current_head()
    assert revision is not None, "the package ships no migrations"
    return revision


def current(engine: Engine) -> str | None:
    """The database's revision, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_current(engine: Engine) -> SchemaStatus:
    """Return the schema status; raise SchemaTooNew when the database is ahead of this code."""
    revision = current(engine)
    script = _script()
    if revision is not None:
        try:
            known = script.get_revision(revision)
        except Exception:
            known = None
        if known is None:
            raise SchemaTooNew(
                f"database schema is at revision {revision}, newer than this carepost "
                f"(head {head()}); upgrade carepost instead"
            )
    return SchemaStatus(current=revision, head=head())


def require_current(engine: Engine) -> SchemaStatus:
    """Raise unless the database is exactly at head (for commands that do not migrate)."""
    status = check_current(engine)
    if not status.up_to_date:
        raise SchemaOutdated("database schema is not up to date; run `carepost db upgrade`")
    return status


def upgrade(engine: Engine, revision: str = "head") -> SchemaStatus:
    """Migrate the database to `revision` (default: head) in one transaction."""
    before = check_current(engine)
    config = _config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two servers starting at once: the second waits, then finds nothing to do.
            # (SQLite: the transaction's BEGIN IMMEDIATE already serialises them.)
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATE_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    after = check_current(engine)
    # DEBUG: `serve` promises one clean line on stderr when it fails to start.
    log_event(log, "db.upgrade", level=logging.DEBUG, dialect=engine.dialect.name,
              outcome="changed" if before != after else "unchanged")
    return after


def downgrade(engine: Engine, revision: str) -> SchemaStatus:
    """Migrate the database back to `revision` ("base" empties it): for development only."""
    check_current(engine)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    return check_current(engine)
