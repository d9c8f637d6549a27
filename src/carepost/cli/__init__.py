"""The `carepost` command: one click group whose subcommands are imported only when used.

Lazy loading keeps `carepost check` fast (the guard must not pay for FastAPI or SQLAlchemy
imports) and lets each command live in its own module.
"""

from __future__ import annotations

import importlib

import click

from carepost import __version__

# name -> "module:attribute"; each module holds one click command or group.
COMMANDS: dict[str, str] = {
    "serve": "carepost.cli.serve:serve",
    "check": "carepost.cli.check:check",
    "db": "carepost.cli.db:db",
    "user": "carepost.cli.user:user",
    "org": "carepost.cli.org:org",
    "token": "carepost.cli.token:token",
    "audit": "carepost.cli.audit:audit",
    "worker": "carepost.cli.worker:worker",
    "channel": "carepost.cli.channel:channel",
    "post": "carepost.cli.post:post",
    "archive": "carepost.cli.archive:archive",
    "inbox": "carepost.cli.inbox:inbox",
    "alert": "carepost.cli.alert:alert",
    "blog": "carepost.cli.blog:blog",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module the first time it is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="carepost")
def cli() -> None:
    """carepost: guard, publish, engage and alert for healthcare social media."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="carepost")
