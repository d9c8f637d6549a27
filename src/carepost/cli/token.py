"""`carepost token`: API tokens for the JSON API, scoped to one organisation and a role."""

from __future__ import annotations

import click

from carepost.cli._common import handle_errors, open_engine, operator, org_option
from carepost.core.permissions import ROLES


@click.group()
def token() -> None:
    """Create, list and revoke API tokens."""


@token.command("create")
@org_option
@click.option("--user", "email", required=True, help="Email of the member who owns the token.")
@click.option("--role", required=True, type=click.Choice(ROLES),
              help="The token's role; it may not exceed the owner's role.")
@click.option("--name", required=True, help="What the token is for, e.g. 'ci-export'.")
@handle_errors
def create(org_slug: str, email: str, role: str, name: str) -> None:
    """Create a token and print it once (it cannot be shown again)."""
    from carepost.services.accounts import normalise_email, user_by_email
    from carepost.services.errors import NotFound
    from carepost.services.tokens import create_token
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            owner = user_by_email(session, normalise_email(email))
            if owner is None:
                raise NotFound("account not found")
            plaintext, row = create_token(session, operator(session, org_slug), name, role,
                                          user_id=owner.id)
        click.echo(f"token {row.id} ({row.role}) created; store it now, it is not shown again:",
                   err=True)
        click.echo(plaintext)
    finally:
        engine.dispose()


@token.command("list")
@org_option
@handle_errors
def list_(org_slug: str) -> None:
    """List an organisation's tokens (never their secrets)."""
    from carepost.services.tokens import list_tokens
    from carepost.storage.db import read_only

    engine = open_engine()
    try:
        with read_only(engine) as session:
            for row in list_tokens(session, operator(session, org_slug)):
                state = "revoked" if row.revoked_at else "active"
                used = row.last_used_at.strftime("%Y-%m-%d %H:%M") if row.last_used_at else "never"
                click.echo(f"{row.id}\tcp_{row.prefix}_…\t{row.name}\t{row.role}\t"
                           f"user {row.user_id}\t{state}\tlast used {used}")
    finally:
        engine.dispose()


@token.command("revoke")
@click.argument("token_id", type=int)
@org_option
@handle_errors
def revoke(token_id: int, org_slug: str) -> None:
    """Revoke token TOKEN_ID (as shown by `carepost token list`)."""
    from carepost.services.tokens import revoke_token
    from carepost.storage.db import transaction

    engine = open_engine()
    try:
        with transaction(engine) as session:
            revoke_token(session, operator(session, org_slug), token_id)
            click.echo(f"token {token_id} revoked")
    finally:
        engine.dispose()
