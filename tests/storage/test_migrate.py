"""Migrations: upgrade, revision checks, refusing newer schemas, the append-only trigger."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from carepost.services import audit
from carepost.services.actor import SYSTEM
from carepost.storage.db import make_engine, transaction
from carepost.storage.migrate import (
    SchemaOutdated,
    SchemaTooNew,
    check_current,
    current,
    head,
    require_current,
    upgrade,
)

TABLES = {"organizations", "users", "memberships", "api_tokens", "login_throttle",
          "audit_events", "alembic_version"}


def test_upgrade_from_empty_creates_every_table_and_is_idempotent(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert current(engine) is None
        with pytest.raises(SchemaOutdated):
            require_current(engine)
        status = upgrade(engine)
        assert status.up_to_date and status.current == head()
        assert TABLES <= set(inspect(engine).get_table_names())
        assert upgrade(engine).current == head()
        require_current(engine)
    finally:
        engine.dispose()


def test_newer_schema_is_refused_and_left_alone(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(SchemaTooNew, match="newer than this carepost"):
        check_current(engine)
    with pytest.raises(SchemaTooNew):
        upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "ffff_from_the_future"
        )


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'x'",
                                       "DELETE FROM audit_events"])
def test_database_refuses_to_change_audit_rows(engine: Engine, statement: str) -> None:
    with transaction(engine) as session:
        audit.record(session, SYSTEM, "test.event", "thing:1")
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text(statement))
    with transaction(engine) as session:
        assert audit.verify(session).ok


def test_postgres_refuses_truncate(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_events"))


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    from carepost.storage.migrate import downgrade

    status = downgrade(engine, "base")
    assert status.current is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert upgrade(engine).up_to_date
    with transaction(engine) as session:
        audit.record(session, SYSTEM, "test.event")
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_events"))


def test_models_and_migrations_agree(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from carepost.storage.models import Base

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], "models drifted from the migrations: write a new migration"


def test_simultaneous_upgrades_all_succeed(database_url: str, tmp_path: Path) -> None:
    # Separate processes, like several servers starting at once against one database.
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPOST_")}
    env.update({"CAREPOST_DATABASE_URL": database_url, "CAREPOST_DATA_DIR": str(tmp_path)})
    procs = [
        subprocess.Popen([sys.executable, "-m", "carepost", "db", "upgrade"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outcomes = [(proc.wait(timeout=120), proc.communicate()[1]) for proc in procs]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    engine = make_engine(database_url)
    try:
        assert require_current(engine).up_to_date
    finally:
        engine.dispose()
