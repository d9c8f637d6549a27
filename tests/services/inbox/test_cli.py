"""`carepost inbox` end to end through the real command, against mastodon-mock."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_cli
from tests.services.inbox.conftest import MastodonServer

ORG = ["--org", "plainview"]
CLEAN = "Thanks for asking! Our flu clinics run Tuesdays 9 to 12 at every site."


def _site(path: Path, url: str, server: MastodonServer) -> tuple[int, str]:
    username, token = server.new_user()
    for args, stdin in (
        (["db", "upgrade"], None),
        (["org", "add", "Plainview Care", "--slug", "plainview"], None),
        (["channel", "add", *ORG, "--kind", "mastodon", "--name", "Masto", "--config", "-"],
         json.dumps({"api_base_url": server.url, "access_token": token,
                     "allow_private_addresses": True})),
    ):
        result = run_cli(args, path, url, stdin)
        assert result.exit_code == 0, result.output
    return int(result.output.split()[1]), username


def _new_york(url: str) -> None:
    from carepost.services import org_zone
    from carepost.storage.db import make_engine, transaction
    from carepost.storage.models import Organization
    from carepost.storage.publishing_web import OrgPublishing

    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            org_id = session.query(Organization.id).filter_by(slug="plainview").scalar()
            session.add(OrgPublishing(org_id=org_id, time_zone="America/New_York"))
            assert org_zone.time_zone(session, org_id) == "America/New_York"
    finally:
        engine.dispose()


def _due_date(url: str, case_id: int) -> str:
    from zoneinfo import ZoneInfo

    from carepost.storage.db import make_engine, transaction
    from carepost.storage.inbox import AdverseEventCase

    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            case = session.get(AdverseEventCase, case_id)
            assert case is not None
            return case.due_at.astimezone(ZoneInfo("America/New_York")).date().isoformat()
    finally:
        engine.dispose()


def test_poll_list_show_reply_case_and_templates(
    tmp_path: Path, database_url: str, server: MastodonServer
) -> None:
    channel, username = _site(tmp_path, database_url, server)
    name, token = server.new_user()
    from mastodon import Mastodon

    patient = Mastodon(api_base_url=server.url, access_token=token, version_check_mode="none")
    patient.status_post(f"@{username} I took Zestra and got a terrible rash, I'm Ann Lee")
    patient.status_post(f"@{username} when is the <script>alert(1)</script> flu clinic?")

    def cli(*args: str, stdin: str | None = None) -> str:
        result = run_cli(list(args), tmp_path, database_url, stdin)
        assert result.exit_code == 0, result.output
        return result.output

    assert cli("inbox", "poll", *ORG, str(channel), "--every", "120").startswith("2 new of 2")
    polled = cli("inbox", "channels", *ORG).split("\t")
    assert polled[:4] == [str(channel), "mastodon", "active", "120s"] and polled[5] == "ok"
    listed = cli("inbox", "list", *ORG).splitlines()
    assert listed[0].startswith("urgent:0  phi:")
    rows = [line.split("\t") for line in listed[1:]]
    queues = {r[1] for r in rows}
    assert queues == {"question", "phi"}  # PHI outranks the adverse event it also holds
    question = next(r[0] for r in rows if r[1] == "question")
    shown = json.loads(cli("inbox", "show", *ORG, question, "--json"))
    assert shown["author"] == f"@{name}" and "flu clinic" in shown["text"]

    assert cli("inbox", "template", "add", *ORG, "--name", "Flu", "--text", CLEAN).startswith(
        "template 1 saved")
    bad = run_cli(["inbox", "template", "add", *ORG, "--name", "Bad", "--text",
                   "Hi Maria, your biopsy came back benign."], tmp_path, database_url)
    assert bad.exit_code == 1 and "guard blocks" in bad.output and "biopsy" not in bad.output
    assert "Flu" in cli("inbox", "template", "list", *ORG)
    assert cli("inbox", "reply", *ORG, question, "--template", "1").startswith("reply 1 sent")
    hidden = run_cli(["inbox", "hide", *ORG, question], tmp_path, database_url)
    assert hidden.exit_code == 1 and "Mastodon does not let" in hidden.output
    cli("inbox", "note", *ORG, question, "answered with hours")
    cli("inbox", "assign", *ORG, question)
    assert cli("inbox", "resolve", *ORG, question).strip() == f"item {question} resolved"

    ae = next(r[0] for r in rows if r[0] != question)
    _new_york(database_url)
    opened = cli("inbox", "case", "create", *ORG, "--item", ae)
    # The due date is New York's calendar date (the end of day 15 there is the next UTC day).
    due = _due_date(database_url, 1)
    assert opened.startswith("case 1 opened, due ") and opened.split()[4] == due
    assert f"due {due} (15 days left)" in cli("inbox", "case", "show", *ORG, "1")
    cli("inbox", "case", "edit", *ORG, "1", "--set", "product_lot=L-9", "--patient")
    assert "product_lot: L-9" in cli("inbox", "case", "show", *ORG, "1")
    exported = cli("inbox", "case", "export", *ORG, "1", "--format", "csv")
    assert exported.splitlines()[0].startswith("case_id,status,patient_identifier")
    wrong = run_cli(["inbox", "case", "edit", *ORG, "1", "--set", "colour=red"], tmp_path,
                    database_url)
    assert wrong.exit_code == 2 and "FIELD=VALUE" in wrong.output

    settings = cli("inbox", "settings", *ORG, "--target-hours", "4", "--oncall",
                   "oncall@plainview.example")
    assert "response target: 4 h" in settings and "oncall@plainview.example" in settings
    missing = run_cli(["inbox", "show", *ORG, "999"], tmp_path, database_url)
    assert missing.exit_code == 1 and missing.output.strip() == "Error: inbox item 999 not found"
