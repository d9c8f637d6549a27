"""`carepost user`: accounts and their roles, managed by the local operator."""

from __future__ import annotations

import click

from carepost.cli._common import handle_errors, open_engine, operator, org_option, read_password
from carepost.core.permissions import ROLES

role_option = click.option("--role", required=True, type=click.Choice(ROLES),
                           help="The member's role in the organisation.")
stdin_option = click.option("--password-stdin", is_flag=True,
                            help="Read the password from the first line of stdin instead of "
                                 "prompting.")


@click.group()
def user() -> None:
    """Manage user accounts and their roles in organisations."""


@user.command("add")
@click.argument("email")
@org_option
@role_option
@click.option("--name", "display_name", default=None, help="Display name shown to colleagues.")
@stdin_option
@handle_errors
def add(email: str, org_slug: str, role: str, display_name: str | None,
        password_stdin: bool) -> None:
    """Add EMAIL to an organisation, creating the account (with a password) if it is new."""
    from carepost.services.accounts import add_user, normalise_email, user_by_email
    from carepost.storage.db import read_only, transaction

    engine = open_engine()
    try:
        email = normalise_email(email)
        with read_only(engine) as session:
            exists = user_by_email(session, email) is not None
        password = None if exists else read_password(password_stdin)
        with transaction(engine) as session:
            added = add_user(session, operator(session, org_slug), email, password, role,
                             display_name)
            note = " (existing account; password unchanged)" if exists else ""
            click.echo(f"added user {added.id} to {org_slug} as {role}{note}")
    finally:
        engine.dispose()


@user.command("list")
@org_option
@handle_errors
def list_(org_slug: str) -> None:
    """List an organisation's members and roles."""
    from carepost.services.accounts import list_members
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for member, role in list_members(session, operator(session, org_slug)):
                state = "\tdisabled" if member.disabled else ""
                click.echo(f"{member.email}\t{role}\t{member.display_name}{state}")
    finally:
        engine.dispose()


@user.command("role")
@click.argument("email")
@org_option
@role_option
@handle_errors
def role(email: str, org_slug: str, role: str) -> None:
    """Change EMAIL's role in an organisation."""
    from carepost.services.accounts import change_role, normalise_email, user_by_email
    from carepost.services.errors import NotFound
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            account = user_by_email(session, normalise_email(email))
            if account is None:
                raise NotFound("account not found")
            change_role(session, operator(session, org_slug), account.id, role)
            click.echo(f"user {account.id} is now {role} in {org_slug}")
    finally:
        engine.dispose()


@user.command("remove")
@click.argument("email")
@org_option
@handle_errors
def remove(email: str, org_slug: str) -> None:
    """Remove EMAIL from an organisation and revoke their tokens there."""
    from carepost.services.accounts import normalise_email, remove_member, user_by_email
    from carepost.services.errors import NotFound
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            account = user_by_email(session, normalise_email(email))
            if account is None:
                raise NotFound("account not found")
            remove_member(session, operator(session, org_slug), account.id)
            click.echo(f"user {account.id} removed from {org_slug}")
    finally:
        engine.dispose()


@user.command("password")
@click.argument("email")
@stdin_option
@handle_errors
def password(email: str, password_stdin: bool) -> None:
    """Reset EMAIL's password (and clear its sign-in lockout)."""
    from carepost.services.accounts import normalise_email, set_password
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        email = normalise_email(email)
        new = read_password(password_stdin, "New password")
        with transaction(engine) as session:
            account = set_password(session, operator(session), email, new)
            click.echo(f"password of user {account.id} reset")
    finally:
        engine.dispose()


@user.command("disable")
@click.argument("email")
@handle_errors
def disable(email: str) -> None:
    """Disable EMAIL's account in every organisation (sign-in, sessions and tokens stop)."""
    _set_disabled(email, True)


@user.command("enable")
@click.argument("email")
@handle_errors
def enable(email: str) -> None:
    """Re-enable a disabled account."""
    _set_disabled(email, False)


def _set_disabled(email: str, disabled: bool) -> None:
    from carepost.services.accounts import set_disabled
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            account = set_disabled(session, operator(session), email, disabled)
            click.echo(f"user {account.id} {'disabled' if disabled else 'enabled'}")
    finally:
        engine.dispose()
