"""`carepost alert` end to end against the loopback webhook receiver: template, approvals, send."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run_cli
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import cli_site

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
ORG = ["--org", "plainview"]


def _as(role: str) -> list[str]:
    return ["--as", f"{role}@plainview.example"]


@pytest.fixture
def site(tmp_path: Path, database_url: str, receiver: Receiver) -> tuple[Path, str, int]:
    return tmp_path, database_url, cli_site(tmp_path, database_url, receiver.url, SECRET)


def test_template_approvals_send_board_cap_and_no_second_send(
    site: tuple[Path, str, int], receiver: Receiver
) -> None:
    tmp, url, channel = site

    def cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
        result = run_cli(list(args), tmp, url, stdin)
        return result.exit_code, result.output

    code, out = cli("alert", "template", "add", *ORG, *_as("admin"), "--kind", "boil_water")
    assert code == 0, out
    template_id = out.split()[1]
    code, out = cli("alert", "send", *ORG, *_as("admin"), "--template", template_id,
                    "--channel", str(channel), "--value", "area=Northside")
    assert code == 1 and "still needs approval by a privacy officer and an approver" in out
    code, out = cli("alert", "template", "approve", *ORG, *_as("admin"), template_id)
    assert code == 1 and "own template" in out
    for role in ("privacy_officer", "approver"):
        code, out = cli("alert", "template", "approve", *ORG, *_as(role), template_id)
        assert code == 0, out
    code, out = cli("alert", "send", *ORG, *_as("admin"), "--template", template_id,
                    "--channel", str(channel), "--value", "area=Northside")
    assert code == 1 and "phone" in out and "still empty" in out  # half-filled: refused
    assert receiver.deliveries == []
    code, out = cli("alert", "send", *ORG, *_as("admin"), "--template", template_id,
                    "--channel", str(channel), "--value", "area=Northside",
                    "--value", "phone=555 0100")
    assert code == 0, out
    alert_id = out.split()[1]
    assert "acknowledged" in out and len(receiver.deliveries) == 1
    code, out = cli("alert", "send", *ORG, *_as("admin"), "--alert", alert_id)
    assert code == 1 and "already sent" in out and len(receiver.deliveries) == 1
    code, out = cli("alert", "board", *ORG, *_as("admin"), alert_id)
    assert code == 0 and "acknowledged" in out
    code, out = cli("alert", "cap", *ORG, *_as("admin"), alert_id)
    assert code == 0 and "<status>Actual</status>" in out and "Northside" in out
    code, out = cli("alert", "list", *ORG)
    assert code == 0 and "Boil-water notice for Northside" in out


def test_scratch_alert_two_approvals_all_clear_and_a_drill(
    site: tuple[Path, str, int], receiver: Receiver
) -> None:
    tmp, url, channel = site
    text = tmp / "alert.txt"
    text.write_text("The Eastgate clinic is closed today; patients are seen at Main Street.\n")

    def cli(*args: str) -> tuple[int, str]:
        result = run_cli(list(args), tmp, url)
        return result.exit_code, result.output

    code, out = cli("alert", "send", *ORG, *_as("admin"), "--headline", "Eastgate closed",
                    "--text-file", str(text), "--kind", "facility_closure",
                    "--channel", str(channel))
    assert code == 0 and "needs approval" in out, out
    alert_id = out.split()[1]
    code, out = cli("alert", "approve", *ORG, *_as("privacy_officer"), alert_id)
    assert code == 0 and "awaiting approval" in out
    code, out = cli("alert", "approve", *ORG, *_as("approver"), alert_id, "--send")
    assert code == 1 and "approved (approved)" in out and "does not allow alert.send" in out
    code, out = cli("alert", "send", *ORG, *_as("admin"), "--alert", alert_id)
    assert code == 0 and "acknowledged" in out, out
    text.write_text("The Eastgate clinic is open again.\n")
    code, out = cli("alert", "all-clear", *ORG, *_as("admin"), "--parent", alert_id,
                    "--headline", "Eastgate open", "--text-file", str(text),
                    "--channel", str(channel))
    assert code == 0 and "needs approval" in out, out
    clear_id = out.split()[1]
    cli("alert", "approve", *ORG, *_as("privacy_officer"), clear_id)
    cli("alert", "approve", *ORG, *_as("approver"), clear_id)
    code, out = cli("alert", "send", *ORG, *_as("admin"), "--alert", clear_id)
    assert code == 0 and "all_clear" in out and "acknowledged" in out, out
    code, out = cli("alert", "cap", *ORG, *_as("admin"), clear_id)
    assert "<responseType>AllClear</responseType>" in out and "<references>" in out
    code, out = cli("alert", "drill", *ORG, *_as("admin"), "--headline", "Drill",
                    "--text-file", str(text), "--channel", str(channel))
    assert code == 1 and "not a test channel" in out
    code, out = cli("alert", "test-channel", *ORG, *_as("admin"), str(channel))
    assert code == 0, out
    code, out = cli("alert", "drill", *ORG, *_as("admin"), "--headline", "Drill",
                    "--text-file", str(text), "--channel", str(channel))
    assert code == 0 and "needs approval" in out, out
    texts = [d.json()["post"]["text"] for d in receiver.deliveries]  # type: ignore[index]
    assert len(texts) == 2 and texts[1].startswith("ALL CLEAR: ")
