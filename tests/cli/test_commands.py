"""The operator's commands end to end, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest

from carepost.cli import COMMANDS, cli
from tests.cli.helpers import run_cli

PW = "correct horse battery staple\n"
MINE = ("db", "org", "user", "token", "audit")


@pytest.fixture
def site(tmp_path: Path, database_url: str) -> tuple[Path, str]:
    """A migrated database with one organisation and its admin, made through the CLI."""
    for args, stdin in [
        (["db", "upgrade"], None),
        (["org", "add", "Plainview Care", "--slug", "plainview"], None),
        (["user", "add", "admin@plainview.example", "--org", "plainview", "--role", "admin",
          "--name", "Ada Admin", "--password-stdin"], PW),
    ]:
        result = run_cli(args, tmp_path, database_url, stdin)
        assert result.exit_code == 0, result.output
    return tmp_path, database_url


def test_db_upgrade_and_current(tmp_path: Path, database_url: str) -> None:
    before = run_cli(["db", "current"], tmp_path, database_url)
    assert before.exit_code == 0 and "needs `carepost db upgrade`" in before.output
    refused = run_cli(["org", "list"], tmp_path, database_url)
    assert refused.exit_code == 1
    assert refused.output.strip() == ("Error: database schema is not up to date; "
                                       "run `carepost db upgrade`")
    first = run_cli(["db", "upgrade"], tmp_path, database_url)
    assert first.exit_code == 0 and "upgraded from empty" in first.output
    again = run_cli(["db", "upgrade"], tmp_path, database_url)
    assert again.exit_code == 0 and "already at revision" in again.output
    assert "up to date" in run_cli(["db", "current"], tmp_path, database_url).output


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    result = run_cli(["db", "upgrade"], tmp_path / "data", "",
                     CAREPOST_DATABASE_URL="")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "carepost.db").is_file()


def test_orgs_and_users(site: tuple[Path, str]) -> None:
    path, url = site
    dup = run_cli(["org", "add", "Again", "--slug", "plainview"], path, url)
    assert dup.exit_code == 1 and dup.output.strip() == "Error: that slug is already taken"
    listed = run_cli(["org", "list"], path, url)
    assert listed.output.strip() == "plainview\tPlainview Care\t1 member(s)"

    added = run_cli(["user", "add", "Author@Plainview.example", "--org", "plainview", "--role",
                     "author", "--password-stdin"], path, url, PW)
    assert added.exit_code == 0 and "as author" in added.output
    promoted = run_cli(["user", "role", "author@plainview.example", "--org", "plainview",
                        "--role", "approver"], path, url)
    assert promoted.exit_code == 0, promoted.output
    members = run_cli(["user", "list", "--org", "plainview"], path, url).output.splitlines()
    assert members == ["admin@plainview.example\tadmin\tAda Admin",
                       "author@plainview.example\tapprover\t"]
    last = run_cli(["user", "role", "admin@plainview.example", "--org", "plainview", "--role",
                    "viewer"], path, url)
    assert last.exit_code == 1 and "last admin" in last.output
    removed = run_cli(["user", "remove", "author@plainview.example", "--org", "plainview"],
                      path, url)
    assert removed.exit_code == 0
    assert len(run_cli(["user", "list", "--org", "plainview"], path, url).output.splitlines()) == 1


def test_password_prompt_asks_twice_and_never_echoes(site: tuple[Path, str]) -> None:
    path, url = site
    result = run_cli(["user", "add", "new@plainview.example", "--org", "plainview", "--role",
                      "viewer"], path, url, "long enough secret\nlong enough secret\n")
    assert result.exit_code == 0, result.output
    assert "long enough secret" not in result.output
    assert result.output.count("Password") == 1 and "Repeat for confirmation" in result.output
    short = run_cli(["user", "add", "x@plainview.example", "--org", "plainview", "--role",
                     "viewer", "--password-stdin"], path, url, "short\n")
    assert short.exit_code == 1
    assert short.output.strip() == "Error: password: must be at least 10 characters"


def test_password_reset(site: tuple[Path, str]) -> None:
    path, url = site
    reset = run_cli(["user", "password", "admin@plainview.example", "--password-stdin"], path,
                    url, "a new long password\n")
    assert reset.exit_code == 0 and "reset" in reset.output
    missing = run_cli(["user", "password", "ghost@plainview.example", "--password-stdin"], path,
                      url, "a new long password\n")
    assert missing.exit_code == 1 and missing.output.strip() == "Error: account not found"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["user", "add", "not-an-email", "--org", "plainview", "--role", "author",
          "--password-stdin"], "Error: email: is not a valid email address"),
        (["user", "list", "--org", "nowhere"], "Error: organisation not found"),
        (["org", "add", "Bad", "--slug", "Bad Slug!"],
         "Error: slug: use 1-64 lowercase letters, digits and inner hyphens"),
        (["token", "revoke", "99", "--org", "plainview"], "Error: token not found"),
        (["audit", "export", "--since", "yesterday"], "use an ISO date"),
    ],
)
def test_bad_input_is_one_line(site: tuple[Path, str], args: list[str], message: str) -> None:
    path, url = site
    result = run_cli(args, path, url, PW)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_tokens(site: tuple[Path, str]) -> None:
    path, url = site
    too_high = run_cli(["token", "create", "--org", "plainview", "--user",
                        "admin@plainview.example", "--role", "privacy_officer", "--name", "x"],
                       path, url)
    assert too_high.exit_code == 1 and "more rights than its owner" in too_high.output
    made = run_cli(["token", "create", "--org", "plainview", "--user", "admin@plainview.example",
                    "--role", "viewer", "--name", "dashboard"], path, url)
    assert made.exit_code == 0, made.output
    plaintext = made.stdout.strip()
    assert plaintext.startswith("cp_") and "not shown again" in made.stderr
    listed = run_cli(["token", "list", "--org", "plainview"], path, url)
    assert "dashboard\tviewer" in listed.output and "active" in listed.output
    assert plaintext not in listed.output
    assert run_cli(["token", "revoke", "1", "--org", "plainview"], path, url).exit_code == 0
    assert "revoked" in run_cli(["token", "list", "--org", "plainview"], path, url).output


def test_audit_verify_and_export(site: tuple[Path, str], tmp_path: Path) -> None:
    path, url = site
    verified = run_cli(["audit", "verify"], path, url)
    assert verified.exit_code == 0
    assert verified.output.startswith("audit chain intact: 2 event(s) verified; head 2:")
    head = verified.output.strip().rsplit(" ", 1)[1]
    anchored = run_cli(["audit", "verify", "--anchor", head], path, url)
    assert anchored.exit_code == 0
    bad = run_cli(["audit", "verify", "--anchor", "nonsense"], path, url)
    assert bad.exit_code == 1 and bad.output.startswith("Error: anchor: use SEQ:HASH")
    out = tmp_path / "audit.csv"
    exported = run_cli(["audit", "export", "--format", "csv", "--output", str(out),
                        "--since", "2000-01-01", "--until", "2999-01-01T00:00:00+02:00"],
                       path, url)
    assert exported.exit_code == 0 and "exported 2 event(s)" in exported.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["action"] for r in rows] == ["org.created", "member.added"]
    assert all(r["via"] == "cli" and r["actor_label"].startswith("cli:") for r in rows)
    jsonl = run_cli(["audit", "export"], path, url)
    events = [json.loads(line) for line in jsonl.stdout.splitlines()]
    # The first export was itself audited, so the second sees it.
    assert [e["action"] for e in events] == ["org.created", "member.added", "audit.exported"]
    assert events[-1]["detail"]["format"] == "csv" and events[-1]["detail"]["count"] == 2
    scoped = run_cli(["audit", "export", "--org", "plainview"], path, url)
    # Installation-wide exports have no organisation, so an org's export leaves them out.
    assert [json.loads(x)["action"] for x in scoped.stdout.splitlines()] == [
        "org.created", "member.added"
    ]
    assert "5 event(s) verified" in run_cli(["audit", "verify"], path, url).output


@pytest.mark.parametrize("name", MINE)
def test_every_command_has_help(name: str) -> None:
    group = cli.get_command(click.Context(cli), name)
    assert group is not None and name in COMMANDS
    subcommands = group.list_commands(click.Context(group)) if isinstance(group, click.Group) \
        else []
    for args in [[name], *([name, sub] for sub in subcommands)]:
        result = run_cli([*args, "--help"], Path("."), "sqlite://")
        assert result.exit_code == 0 and "Usage: carepost" in result.output


def test_disable_and_enable(site: tuple[Path, str]) -> None:
    path, url = site
    off = run_cli(["user", "disable", "admin@plainview.example"], path, url)
    assert off.exit_code == 0 and "disabled" in off.output
    listed = run_cli(["user", "list", "--org", "plainview"], path, url).output
    assert listed.strip().endswith("\tdisabled")
    on = run_cli(["user", "enable", "admin@plainview.example"], path, url)
    assert on.exit_code == 0 and "enabled" in on.output
    ghost = run_cli(["user", "disable", "ghost@plainview.example"], path, url)
    assert ghost.exit_code == 1 and ghost.output.strip() == "Error: account not found"


def test_an_unexpected_error_is_one_line_without_its_message(
    site: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from carepost.services import orgs

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("Mary Major, DOB 1961-02-03")

    monkeypatch.setattr(orgs, "list_orgs", broken)
    path, url = site
    result = run_cli(["org", "list"], path, url)
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: unexpected internal error (RuntimeError); "
                                     "please report it")


def test_a_newer_schema_is_refused_by_every_command(site: tuple[Path, str]) -> None:
    from sqlalchemy import text

    from carepost.storage.db import make_engine

    path, url = site
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    for args in (["db", "current"], ["db", "upgrade"], ["org", "list"], ["audit", "verify"]):
        result = run_cli(args, path, url)
        assert result.exit_code == 1
        assert result.output.startswith("Error: database schema is at revision 9999_future, "
                                        "newer than this carepost")


def test_org_guard_settings_show_replace_and_refuse_bad_files(site: tuple[Path, str]) -> None:
    import json

    path, url = site
    shown = run_cli(["org", "guard-settings", "plainview"], path, url)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == {"policy": "us-provider", "profile": {}, "saved": False}
    good = path / "org.yaml"
    good.write_text("staff: [Maria Gomez]\nextra_terms:\n  brands: [Zentrava]\n")
    saved = run_cli(["org", "guard-settings", "plainview", "--policy", "pharma-brand",
                     "--profile", str(good)], path, url)
    assert saved.exit_code == 0, saved.output
    assert '"policy": "pharma-brand"' in saved.output and "Maria Gomez" in saved.output
    bad = path / "bad.yaml"
    bad.write_text("phonez: ['617-555-0100']\n")
    refused = run_cli(["org", "guard-settings", "plainview", "--profile", str(bad)], path, url)
    assert refused.exit_code == 1
    assert refused.output.strip() == "Error: profile: unknown key(s): phonez"
    broken = path / "broken.yaml"
    broken.write_text("staff: [unclosed\n")
    unreadable = run_cli(["org", "guard-settings", "plainview", "--profile", str(broken)],
                         path, url)
    assert unreadable.exit_code == 1 and "cannot read" in unreadable.output
    assert "Traceback" not in unreadable.output
    # nothing was lost by the refusals
    assert '"pharma-brand"' in run_cli(["org", "guard-settings", "plainview"], path, url).output
