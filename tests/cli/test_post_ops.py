"""`carepost post publish-now | resolve | delete` end to end against the loopback webhook."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run_cli
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import SAFE_TEXT, cli_site

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
ORG = ["--org", "plainview"]


def _as(role: str) -> list[str]:
    return ["--as", f"{role}@plainview.example"]


@pytest.fixture
def site(tmp_path: Path, database_url: str, receiver: Receiver) -> tuple[Path, str, int]:
    return tmp_path, database_url, cli_site(tmp_path, database_url, receiver.url, SECRET)


def _approved(path: Path, url: str, channel: int) -> None:
    for args, stdin in (
        (["post", "create", *ORG, *_as("author"), "--channel", str(channel), "--text-file", "-"],
         SAFE_TEXT),
        (["post", "submit", *ORG, *_as("author"), "1"], None),
        (["post", "approve", *ORG, *_as("approver"), "1"], None),
    ):
        result = run_cli(args, path, url, stdin)
        assert result.exit_code == 0, result.output


def test_publish_now_then_unknown_outcome_resolved_by_a_person(
    site: tuple[Path, str, int], receiver: Receiver
) -> None:
    path, url, channel = site
    _approved(path, url, channel)
    refused = run_cli(["post", "publish-now", *ORG, *_as("author"), "1"], path, url)
    assert refused.exit_code == 1 and "post.publish" in refused.output
    now = run_cli(["post", "publish-now", *ORG, *_as("approver"), "1"], path, url)
    assert now.exit_code == 0, now.output
    receiver.answer(500)
    worked = run_cli(["worker", "--once"], path, url)
    assert "outcome_unknown" in worked.output
    ch = ["--channel", str(channel)]
    both = run_cli(["post", "resolve", *ORG, *_as("approver"), "1", *ch, "--check",
                    "--not-published"], path, url)
    assert both.exit_code == 2 and "exactly one" in both.output
    asked = run_cli(["post", "resolve", *ORG, *_as("approver"), "1", *ch, "--check"], path, url)
    assert asked.exit_code == 1 and "cannot be asked" in asked.output
    no_time = run_cli(["post", "resolve", *ORG, *_as("approver"), "1", *ch, "--not-published"],
                      path, url)
    assert no_time.exit_code == 2 and "--at" in no_time.output
    again = run_cli(["post", "resolve", *ORG, *_as("approver"), "1", *ch, "--not-published",
                     "--at", "now"], path, url)
    assert again.exit_code == 0, again.output
    assert "rescheduled" in again.output
    assert run_cli(["worker", "--once"], path, url).output.strip() == "variant 1: published"
    keys = {d.headers["Idempotency-Key"] for d in receiver.deliveries}
    assert len(receiver.deliveries) == 2 and len(keys) == 1
    gone = run_cli(["post", "delete", *ORG, *_as("approver"), "1", *ch], path, url)
    assert gone.exit_code == 1 and "cannot delete" in gone.output


def test_confirm_published_with_a_url(site: tuple[Path, str, int], receiver: Receiver) -> None:
    path, url, channel = site
    _approved(path, url, channel)
    run_cli(["post", "publish-now", *ORG, *_as("approver"), "1"], path, url)
    receiver.answer(500)
    run_cli(["worker", "--once"], path, url)
    ch = ["--channel", str(channel)]
    bad = run_cli(["post", "resolve", *ORG, *_as("admin"), "1", *ch, "--published-at-url",
                   "not a url"], path, url)
    assert bad.exit_code == 1 and bad.output.startswith("Error: url:")
    done = run_cli(["post", "resolve", *ORG, *_as("admin"), "1", *ch, "--published-at-url",
                    "https://hooks.example/p/1"], path, url)
    assert done.exit_code == 0, done.output
    listed = run_cli(["post", "list", *ORG], path, url)
    assert "published https://hooks.example/p/1" in listed.output
    assert len(receiver.deliveries) == 1
