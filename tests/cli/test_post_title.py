"""`carepost post edit --title`: a new title (the email subject) sends an approved post back to
review; the options that go together are checked before anything is opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run_cli
from tests.cli.test_post import ORG, _as
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import SAFE_TEXT, cli_site

_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver


@pytest.fixture
def site(tmp_path: Path, database_url: str, receiver: Receiver) -> tuple[Path, str, int]:
    return tmp_path, database_url, cli_site(tmp_path, database_url, receiver.url, SECRET)


def test_edit_title_sends_an_approved_post_back(site: tuple[Path, str, int]) -> None:
    path, url, channel = site
    for args, stdin in [
        (["post", "create", *ORG, *_as("author"), "--channel", str(channel), "--text-file",
          "-", "--title", "Flu"], SAFE_TEXT),
        (["post", "submit", *ORG, *_as("author"), "1"], None),
        (["post", "approve", *ORG, *_as("approver"), "1"], None),
    ]:
        result = run_cli(args, path, url, stdin)
        assert result.exit_code == 0, result.output
    edited = run_cli(["post", "edit", *ORG, *_as("approver"), "1", "--title", "Flu hours"],
                     path, url)
    assert edited.exit_code == 0, edited.output
    assert edited.output.strip() == "post 1 edited (guard: allow)"
    listed = run_cli(["post", "list", *ORG, "--state", "in_review"], path, url).output
    assert listed.startswith("1\tin_review\t")
    # The approver edited it: the two-person rule now needs someone else.
    own = run_cli(["post", "approve", *ORG, *_as("approver"), "1"], path, url)
    assert own.exit_code == 1 and "edited" in own.output
    bad = run_cli(["post", "edit", *ORG, *_as("author"), "1", "--title", "x" * 201], path, url)
    assert bad.exit_code == 1 and "title" in bad.output and "x" * 50 not in bad.output


def test_edit_needs_a_title_or_a_channel_with_its_text(site: tuple[Path, str, int]) -> None:
    path, url, channel = site
    nothing = run_cli(["post", "edit", *ORG, *_as("author"), "1"], path, url)
    assert nothing.exit_code == 2 and "--title" in nothing.output
    half = run_cli(["post", "edit", *ORG, *_as("author"), "1", "--channel", str(channel)],
                   path, url)
    assert half.exit_code == 2 and "go together" in half.output
