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
    code, out = cli("alert", "send", *ORG, *_as("admin"), "--alert", alert_id,
                    "--channel", str(channel))
    assert code == 1 and "already sent" in out and len(receiver.deliveries) == 1
    code, out = cli("alert", "board", *ORG, *_as("admin"), alert_id)
    assert code == 0 and "acknowledged" in out
    code, out = cli("alert", "cap", *ORG, *_as("admin"), alert_id)
    assert code == 0 and "<status>Actual</status>" in out and "Northside" in out
    code, out = cli("alert", "list", *ORG)
    assert code == 0 and "Boil-water notice for Northside" in out
