"""`carepost post` end to end: write, review, schedule, publish with `worker --once`, list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run_cli
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import PHI_TEXT, SAFE_TEXT, cli_site

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
ORG = ["--org", "plainview"]


def _as(role: str) -> list[str]:
    return ["--as", f"{role}@plainview.example"]


@pytest.fixture
def site(tmp_path: Path, database_url: str, receiver: Receiver) -> tuple[Path, str, int]:
    return tmp_path, database_url, cli_site(tmp_path, database_url, receiver.url, SECRET)


def test_write_review_schedule_publish_list(
    site: tuple[Path, str, int], receiver: Receiver
) -> None:
    path, url, channel = site
    created = run_cli(["post", "create", *ORG, *_as("author"), "--channel", str(channel),
                       "--text-file", "-", "--title", "Flu"], path, url, SAFE_TEXT)
    assert created.exit_code == 0, created.output
    assert created.output.strip() == "post 1 created (draft; guard: allow)"
    own = run_cli(["post", "approve", *ORG, *_as("author"), "1"], path, url)
    assert own.exit_code == 1 and own.output.startswith("Error: ")
    for args in (["post", "submit", *ORG, *_as("author"), "1"],
                 ["post", "approve", *ORG, *_as("approver"), "1"],
                 ["post", "schedule", *ORG, *_as("approver"), "1", "--at", "now"]):
        result = run_cli(args, path, url)
        assert result.exit_code == 0, result.output
    worked = run_cli(["worker", "--once"], path, url)
    assert worked.exit_code == 0 and worked.output.strip() == "variant 1: published"
    assert len(receiver.deliveries) == 1
    listed = run_cli(["post", "list", *ORG], path, url)
    assert listed.output.startswith("1\tpublished\t")
    assert SAFE_TEXT not in listed.output


def test_blocked_text_needs_the_privacy_officers_reason(site: tuple[Path, str, int]) -> None:
    path, url, channel = site
    created = run_cli(["post", "create", *ORG, *_as("author"), "--channel", str(channel),
                       "--text-file", "-"], path, url, PHI_TEXT)
    assert "guard: block" in created.output
    run_cli(["post", "submit", *ORG, *_as("author"), "1"], path, url)
    refused = run_cli(["post", "approve", *ORG, *_as("approver"), "1"], path, url)
    assert refused.exit_code == 1 and "privacy officer" in refused.output
    assert "John" not in refused.output and "12345678" not in refused.output
    ok = run_cli(["post", "approve", *ORG, *_as("privacy_officer"), "1", "--override-reason",
                  "Written authorisation from the patient is on file."], path, url)
    assert ok.exit_code == 0 and ok.output.strip() == "post 1 approved (approved)"


def test_changes_requested_and_edit(site: tuple[Path, str, int]) -> None:
    path, url, channel = site
    run_cli(["post", "create", *ORG, *_as("author"), "--channel", str(channel),
             "--text-file", "-"], path, url, SAFE_TEXT)
    run_cli(["post", "submit", *ORG, *_as("author"), "1"], path, url)
    back = run_cli(["post", "request-changes", *ORG, *_as("approver"), "1", "--comment",
                    "Add the hours"], path, url)
    assert back.exit_code == 0, back.output
    edited = run_cli(["post", "edit", *ORG, *_as("author"), "1", "--channel", str(channel),
                      "--text-file", "-"], path, url, SAFE_TEXT + " 9 to 12.")
    assert edited.exit_code == 0, edited.output
    assert run_cli(["post", "list", *ORG, "--state", "draft"], path, url).output.startswith("1\t")
    rejected = run_cli(["post", "reject", *ORG, *_as("approver"), "1", "--comment", "No"],
                       path, url)
    assert rejected.exit_code == 1  # a draft cannot be rejected: it is not in review


def test_bad_time_is_one_line(site: tuple[Path, str, int]) -> None:
    path, url, _ = site
    result = run_cli(["post", "schedule", *ORG, *_as("approver"), "1", "--at", "tomorrow"],
                     path, url)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_schedule_in_a_zone_refuses_the_skipped_hour(site: tuple[Path, str, int]) -> None:
    path, url, channel = site
    for args, stdin in [
        (["post", "create", *ORG, *_as("author"), "--channel", str(channel), "--text-file",
          "-"], SAFE_TEXT),
        (["post", "submit", *ORG, *_as("author"), "1"], None),
        (["post", "approve", *ORG, *_as("approver"), "1"], None),
    ]:
        assert run_cli(args, path, url, stdin).exit_code == 0
    gap = run_cli(["post", "schedule", *ORG, *_as("approver"), "1", "--at", "2099-03-08 02:30",
                   "--zone", "America/Chicago"], path, url)
    assert gap.exit_code == 2 and "spring forward" in gap.output
    ok = run_cli(["post", "schedule", *ORG, *_as("approver"), "1", "--at", "2099-07-08 09:30",
                  "--zone", "America/Chicago"], path, url)
    assert ok.exit_code == 0 and "2099-07-08T14:30:00+00:00" in ok.output


def test_add_image_strips_and_refuses_empty_alt_text(site: tuple[Path, str, int]) -> None:
    from tests.worker.helpers import jpeg_with_gps

    path, url, channel = site
    image = path / "IMG_0001.jpg"
    image.write_bytes(jpeg_with_gps())
    run_cli(["post", "create", *ORG, *_as("author"), "--channel", str(channel), "--text-file",
             "-"], path, url, SAFE_TEXT)
    vague = run_cli(["post", "add-image", *ORG, *_as("author"), "1", "--file", str(image),
                     "--alt", "IMG_0001.jpg"], path, url)
    assert vague.exit_code == 1 and vague.output.startswith("Error: alt_text:")
    added = run_cli(["post", "add-image", *ORG, *_as("author"), "1", "--file", str(image),
                     "--alt", "Nurses at the flu clinic front desk"], path, url)
    assert added.exit_code == 0 and "image 1 added (image/jpeg" in added.output
