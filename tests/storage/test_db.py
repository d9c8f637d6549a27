"""Engines, URLs and transactions on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from carepost.storage.db import (
    DatabaseURLError,
    make_engine,
    normalise_url,
    safe_url,
    session_factory,
    transaction,
)
from carepost.storage.models import Organization


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg"),
        ("postgres://u@h:5433/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:///x.db", "sqlite"),
        ("sqlite+pysqlite:///x.db", "sqlite"),
    ],
)
def test_urls_are_normalised(url: str, driver: str) -> None:
    assert normalise_url(url).drivername == driver


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://root:hunter2@h/db", "postgresql+psycopg2://u:hunter2@h/db",
     "postgresql://u:hunter2@h", "http://u:hunter2@h/db"],
)
def test_bad_urls_are_one_line_without_the_password(url: str) -> None:
    with pytest.raises(DatabaseURLError) as err:
        make_engine(url)
    assert str(err.value).startswith("database_url:")
    assert "hunter2" not in str(err.value) and "\n" not in str(err.value)


def test_safe_url_hides_the_password() -> None:
    assert "hunter2" not in safe_url("postgresql://u:hunter2@h/db")
    assert safe_url("nonsense") == "<invalid URL>"


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_transaction_commits_or_rolls_back_everything(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(Organization(slug="kept", name="Kept"))
    with pytest.raises(RuntimeError):
        with transaction(session_factory(engine)) as session:
            session.add(Organization(slug="half", name="Half"))
            session.flush()
            raise RuntimeError("boom after a write")
    with transaction(engine) as session:
        slugs = session.scalars(select(Organization.slug)).all()
    assert slugs == ["kept"]


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with transaction(engine) as session:
            session.execute(
                text("INSERT INTO memberships (user_id, org_id, role, created_at) "
                     "VALUES (999, 999, 'viewer', CURRENT_TIMESTAMP)")
            )
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(text("memberships"))) == 0


def test_read_only_sessions_cannot_write(engine: Engine) -> None:
    from sqlalchemy.exc import DBAPIError

    from carepost.storage.db import read_only

    with pytest.raises(DBAPIError):
        with read_only(engine) as session:
            session.add(Organization(slug="sneaky", name="Sneaky"))
            session.flush()
    # The pooled connection is writable again for the next action.
    with transaction(engine) as session:
        session.add(Organization(slug="after", name="After"))
    with read_only(session_factory(engine)) as session:
        assert session.scalars(select(Organization.slug)).all() == ["after"]


def test_one_pooled_connection_alternates_reads_and_writes(tmp_path: Path) -> None:
    """query_only is switched only when it changes, and always when it does."""
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import SingletonThreadPool

    from carepost.storage.db import make_engine, read_only
    from carepost.storage.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'one.db'}", poolclass=SingletonThreadPool)
    try:  # every session of this thread gets the one pooled connection
        upgrade(engine)
        for i in range(3):
            with transaction(engine) as session:
                session.add(Organization(slug=f"w{i}", name="W"))
            with transaction(engine) as session:  # two writes in a row
                session.add(Organization(slug=f"x{i}", name="X"))
            for _ in range(2):  # two reads in a row: both refuse writes
                with pytest.raises(DBAPIError), read_only(engine) as session:
                    session.add(Organization(slug=f"r{i}", name="R"))
                    session.flush()
        with read_only(engine) as session:
            assert len(session.scalars(select(Organization.slug)).all()) == 6
    finally:
        engine.dispose()


def test_a_reader_does_not_hold_up_a_writer(engine: Engine) -> None:
    from carepost.storage.db import read_only

    with read_only(engine) as reader:
        assert reader.scalars(select(Organization.slug)).all() == []
        writer = engine.connect()
        try:
            if engine.dialect.name == "sqlite":
                # Fail at once instead of waiting: a lock held by the reader shows as an error.
                writer.connection.driver_connection.execute("PRAGMA busy_timeout = 0")
            with writer.begin():
                writer.execute(text("INSERT INTO organizations (slug, name, created_at) "
                                    "VALUES ('w', 'W', CURRENT_TIMESTAMP)"))
        finally:
            writer.close()
        # The reader keeps its snapshot on SQLite; PostgreSQL (read committed) sees the row.
        seen = reader.scalars(select(Organization.slug)).all()
        assert seen == ([] if engine.dialect.name == "sqlite" else ["w"])


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=60))
def test_any_url_text_is_accepted_or_refused_cleanly(raw: str) -> None:
    url = f"postgresql://user:s3cr3tpw@{raw}"
    try:
        normalise_url(url)
    except DatabaseURLError as err:
        assert "s3cr3tpw" not in str(err) and "\n" not in str(err)
    assert "s3cr3tpw" not in safe_url(url)
