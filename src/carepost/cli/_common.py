"""Shared plumbing for the CLI: settings, engine, the operator's Actor, one-line errors.

Every command body runs inside `cli_errors()`, which turns the errors carepost raises on
purpose (and database connection failures) into click's one-line `Error: ...`, exit status 1,
never a traceback. `serve` may use it too.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def cli_errors() -> Iterator[None]:
    """Re-raise expected failures as click.ClickException with a one-line message."""
    from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

    from carepost.crypto import CryptoError
    from carepost.services.errors import ServiceError
    from carepost.settings import SettingsError
    from carepost.storage.db import DatabaseURLError
    from carepost.storage.migrate import SchemaOutdated, SchemaTooNew

    try:
        yield
    except (ServiceError, SettingsError, DatabaseURLError, SchemaTooNew, SchemaOutdated,
            CryptoError) as exc:
        raise click.ClickException(_one_line(str(exc))) from None
    except IntegrityError:
        # Usually a concurrent change (same slug or email added at once); the detail could
        # quote values, so it is not shown.
        raise click.ClickException("the change conflicts with existing data; try again") from None
    except OperationalError as exc:
        raise click.ClickException(f"database error: {_one_line(str(exc.orig))}") from None
    except DBAPIError as exc:
        raise click.ClickException(f"database error ({type(exc.orig).__name__})") from None
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as exc:
        # A bug: its message or traceback could quote data, so only its type is shown.
        raise click.ClickException(
            f"unexpected internal error ({type(exc).__name__}); please report it"
        ) from None


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "failed"
    return first[:300]


def handle_errors(func: F) -> F:
    """Decorator form of `cli_errors` for click command functions."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with cli_errors():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def load_settings_checked() -> Any:
    """Settings from the environment, with the data directory created and writable."""
    from carepost.settings import ensure_data_dir, load_settings

    settings = load_settings()
    ensure_data_dir(settings)
    return settings


def open_engine(require_schema: bool = True) -> Any:
    """An engine for the configured database; by default it must be fully migrated."""
    from carepost.storage.db import make_engine
    from carepost.storage.migrate import require_current

    settings = load_settings_checked()
    engine = make_engine(settings.database_url)
    if require_schema:
        require_current(engine)
    return engine


def operator(session: Any, org_slug: str | None = None) -> Any:
    """The local operator's Actor (via="cli"), working in `org_slug` if given."""
    from carepost.services.actor import cli_actor
    from carepost.services.orgs import get_org

    if org_slug is None:
        return cli_actor()
    return cli_actor(get_org(session, org_slug).id)


def read_password(from_stdin: bool, prompt: str = "Password") -> str:
    """A password from the first line of stdin, or from a hidden prompt asked twice."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise click.ClickException("no password on stdin")
        return line.rstrip("\r\n")
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))


org_option = click.option("--org", "org_slug", required=True, metavar="SLUG",
                          help="The organisation's slug.")


def parse_when(value: str | None, name: str) -> datetime | None:
    """An ISO date or date-time option as an aware UTC datetime (naive means UTC)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter("use an ISO date or date-time, e.g. 2026-11-01 or "
                                 "2026-11-01T08:00:00Z", param_hint=name) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def run_export(export: Callable[..., int], since: str | None, until: str | None, fmt: str,
               output: str | None, org_slug: str | None) -> int:
    """Run a service export as the operator, to stdout or a file; return its count.

    `export(session, actor, since, until, fmt, out)` is the service call (audit or archive).
    """
    from carepost.storage.db import transaction

    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    engine = open_engine()
    try:
        with transaction(engine) as session:
            actor = operator(session, org_slug)
            if output is None:
                return export(session, actor, start, end, fmt, sys.stdout)
            with open(output, "w", encoding="utf-8", newline="") as handle:
                return export(session, actor, start, end, fmt, handle)
    finally:
        engine.dispose()
