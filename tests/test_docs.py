"""Meta-tests that keep the docs honest: every command, option and setting is documented."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import click
import pytest

from carepost.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _walk(command: click.Command, path: tuple[str, ...]):
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _walk(sub, (*path, name))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_page_naming_its_subcommands_and_options(name: str) -> None:
    page = DOCS / "cli" / f"{name}.md"
    assert page.is_file(), f"docs/cli/{name}.md is missing"
    text = page.read_text(encoding="utf-8")
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    for path, sub in _walk(command, (name,)):
        assert " ".join(path) in text, f"docs/cli/{name}.md does not mention `{' '.join(path)}`"
        for param in sub.params:
            if isinstance(param, click.Option):
                longest = max(param.opts + param.secondary_opts, key=len)
                if longest in ("--help",):
                    continue
                assert longest in text, (
                    f"docs/cli/{name}.md does not document {longest} of {' '.join(path)}")


def test_every_setting_is_documented() -> None:
    from carepost.settings import Settings

    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    for f in dataclasses.fields(Settings):
        env = f"CAREPOST_{f.name.upper()}"
        assert env in text, f"docs/settings.md does not document {env}"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash)?\n(.*?)```", readme, re.S)
    assert first_block, "README has no command block"
    lines = [ln for ln in first_block.group(1).splitlines() if ln.strip()]
    assert len(lines) == 2, "the README's first block must hold exactly two commands"
    assert "carepost serve" in lines[0]
    test_command = lines[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci, ".ci/run must call the README's test command"
