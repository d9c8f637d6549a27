"""`carepost serve`: migrate, walk through first-run setup if needed, then run the web app."""

from __future__ import annotations

import errno
import logging
import socket
import sys
from typing import NoReturn

import click

from carepost.settings import Settings, SettingsError, ensure_data_dir, load_settings


def _fail(message: str) -> NoReturn:
    """Stop with click's one-line `Error: ...` and exit status 1, like every carepost command."""
    raise click.ClickException(message)


def _bind(host: str, port: int) -> socket.socket:
    """Bind the listening socket ourselves so a busy port is one clear line, not a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            _fail(f"port {port} on {host} is already in use; pick another with --port")
        if exc.errno == errno.EADDRNOTAVAIL:
            _fail(f"cannot listen on {host}: no such local address")
        _fail(f"cannot listen on {host}:{port} ({exc.strerror or 'socket error'})")
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _prompt_first_admin(settings: Settings, factory: object) -> None:
    """Ask for the first organisation and its admin at the terminal, retrying bad answers."""
    from carepost.services.accounts import setup_first_admin
    from carepost.services.errors import ServiceError
    from carepost.storage.db import transaction
    from carepost.web.forms import slugify

    click.echo("This carepost has no organisation yet. Let's create it and its administrator.")
    for _attempt in range(3):
        org_name = click.prompt("Organisation name").strip()
        org_slug = click.prompt("Short name for links", default=slugify(org_name)).strip()
        email = click.prompt("Administrator email").strip()
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Password again")
        try:
            with transaction(factory) as session:  # type: ignore[arg-type]
                setup_first_admin(session, org_name, org_slug, email, password)
        except ServiceError as exc:
            click.echo(f"Not created: {exc}", err=True)
            continue
        click.echo(f"Created {org_name} and its administrator. Sign in with {email}.")
        return
    _fail("first-run setup was not completed")


@click.command()
@click.option(
    "--host", default=None, help="Address to listen on (default: the host setting, 127.0.0.1)."
)
@click.option(
    "--port", default=None, type=int, help="Port to listen on (default: the port setting, 8000)."
)
def serve(host: str | None, port: int | None) -> None:
    """Migrate the database, set up the first admin if needed, and serve the web app."""
    overrides = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    try:
        settings = load_settings(**overrides)
        ensure_data_dir(settings)
    except SettingsError as exc:
        _fail(str(exc))

    from carepost.logs import configure_logging
    from carepost.services.accounts import needs_setup
    from carepost.storage.db import DatabaseURLError, make_engine, session_factory, transaction
    from carepost.storage.migrate import SchemaTooNew, check_current, upgrade

    configure_logging(settings)
    try:
        engine = make_engine(settings.database_url)
    except DatabaseURLError as exc:
        _fail(str(exc))
    try:
        check_current(engine)
        upgrade(engine)
    except SchemaTooNew as exc:
        _fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - connection errors quote the URL; name the kind only
        _fail(f"cannot reach or migrate the database ({type(exc).__name__})")

    sock = _bind(settings.host, settings.port)
    factory = session_factory(engine)
    with transaction(factory) as session:
        empty = needs_setup(session)

    setup_link = None
    if empty:
        if _interactive():
            _prompt_first_admin(settings, factory)
        else:
            from carepost.web.setup_link import SetupLink

            setup_link = SetupLink()
            click.echo("This carepost has no organisation yet. Open this one-time setup link:")
            click.echo(f"  {setup_link.url(settings.host, settings.port)}")
            click.echo("It works once and expires in an hour (a restart prints a new one).")
    click.echo(f"carepost is listening on http://{settings.host}:{settings.port}", err=True)
    sys.stdout.flush()

    import uvicorn

    from carepost.web.app import create_app

    app = create_app(settings, engine=engine, setup_link=setup_link)
    config = uvicorn.Config(
        app,
        log_config=None,  # carepost's own logging; uvicorn's access log would record query strings
        access_log=False,
        log_level=logging.WARNING,
        server_header=False,
        proxy_headers=settings.behind_tls,
    )
    from carepost.worker.loop import start_in_process_worker

    # One process does it all by default: the worker publishes due posts beside the web app
    # (CAREPOST_WORKER_IN_PROCESS=false leaves that to separate `carepost worker` processes).
    worker = start_in_process_worker(settings, engine)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        worker.stop()
