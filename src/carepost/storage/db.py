"""Engines and transactions: SQLite (WAL, foreign keys, one writer at a time) or PostgreSQL.

One action is one transaction: `with transaction(engine) as session:` commits when the block
ends and rolls everything back when it raises, so nothing is ever half-saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "carepost_read_only"


class DatabaseURLError(ValueError):
    """The database URL is malformed or names an unsupported database (never echoes it)."""


def normalise_url(url: str | URL) -> URL:
    """Parse `url`, map postgresql:// and postgres:// to psycopg 3, reject anything else."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except (ArgumentError, ValueError):
        raise DatabaseURLError("database_url: not a valid database URL") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise DatabaseURLError("database_url: use postgresql:// (psycopg 3 is the driver)")
        if not parsed.database:
            raise DatabaseURLError("database_url: the PostgreSQL URL names no database")
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise DatabaseURLError("database_url: use sqlite:///path/to/file.db")
        return parsed.set(drivername="sqlite")
    raise DatabaseURLError(f"database_url: unsupported database {backend!r}")


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return normalise_url(url).render_as_string(hide_password=True)
    except DatabaseURLError:
        return "<invalid URL>"


_QUERY_ONLY = "carepost.query_only"  # key in the pooled connection's info dict


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take over transaction control from pysqlite so `begin` below really starts them.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # The pooled connection remembers its query_only state, so each transaction sends the
    # PRAGMA only when it changes (a worker's write transactions skip one statement each).
    info = connection.connection.info
    if connection.get_execution_options().get(READ_ONLY_OPTION):
        # Readers take no lock up front (WAL lets them run beside the writer) and may not write.
        connection.exec_driver_sql("BEGIN DEFERRED")
        if info.get(_QUERY_ONLY) is not True:
            connection.exec_driver_sql("PRAGMA query_only = ON")
            info[_QUERY_ONLY] = True
        return
    # Reset before every write transaction that follows a read, so a pooled connection never
    # stays read-only.
    if info.get(_QUERY_ONLY) is not False:
        connection.exec_driver_sql("PRAGMA query_only = OFF")
        info[_QUERY_ONLY] = False
    # BEGIN IMMEDIATE takes the write lock up front: concurrent actions queue (busy_timeout)
    # instead of failing half-way, and the audit chain cannot fork between read and insert.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine for a SQLite file or PostgreSQL URL with carepost's connection rules."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        memory = parsed.database in (None, "", ":memory:")
        if memory:
            kwargs.setdefault("poolclass", StaticPool)
            kwargs.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A Session factory; objects stay readable after commit (expire_on_commit=False)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(engine_or_factory: Engine | sessionmaker[Session]) -> Iterator[Session]:
    """Yield a Session for one action: commit on success, roll back on any error."""
    factory = (
        session_factory(engine_or_factory)
        if isinstance(engine_or_factory, Engine)
        else engine_or_factory
    )
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_only(engine_or_factory: Engine | sessionmaker[Session]) -> Iterator[Session]:
    """Yield a Session that may only read: it never waits for or blocks writers, and any write
    in it fails (PostgreSQL READ ONLY transaction; SQLite `query_only`).

    Use it for pages, lists and `audit verify`; actions (anything that audits) use
    `transaction`.
    """
    engine = (
        engine_or_factory
        if isinstance(engine_or_factory, Engine)
        else engine_or_factory.kw["bind"]
    )
    options: dict[str, Any] = {READ_ONLY_OPTION: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    session = Session(bind=engine.execution_options(**options), expire_on_commit=False)
    try:
        yield session
    finally:
        session.rollback()
        session.close()
