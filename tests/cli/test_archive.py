"""`carepost archive`: export (jsonl, csv, range), hold, mark-deleted, purge."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import SAFE_TEXT, cli_site

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
ORG = ["--org", "plainview"]


@pytest.fixture
def published(tmp_path: Path, database_url: str, receiver: Receiver) -> tuple[Path, str]:
    channel = cli_site(tmp_path, database_url, receiver.url, SECRET)
    for args, stdin in [
        (["post", "create", *ORG, "--as", "author@plainview.example", "--channel",
          str(channel), "--text-file", "-"], SAFE_TEXT),
        (["post", "submit", *ORG, "--as", "author@plainview.example", "1"], None),
        (["post", "approve", *ORG, "--as", "approver@plainview.example", "1"], None),
        (["post", "schedule", *ORG, "--as", "approver@plainview.example", "1", "--at", "now"],
         None),
        (["worker", "--once"], None),
    ]:
        result = run_cli(args, tmp_path, database_url, stdin)
        assert result.exit_code == 0, result.output
    return tmp_path, database_url


def test_export_formats_and_range(published: tuple[Path, str]) -> None:
    path, url = published
    jsonl = run_cli(["archive", "export", *ORG], path, url)
    assert jsonl.exit_code == 0
    lines = [ln for ln in jsonl.output.splitlines() if ln.startswith("{")]
    assert len(lines) == 1 and json.loads(lines[0])["text"] == SAFE_TEXT
    out = path / "archive.csv"
    written = run_cli(["archive", "export", *ORG, "--format", "csv", "--output", str(out),
                       "--since", "2020-01-01"], path, url)
    assert written.exit_code == 0 and "exported 1 record(s)" in written.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 1 and json.loads(rows[0]["approval_chain"])[0]["decision"] == "approved"
    empty = run_cli(["archive", "export", *ORG, "--until", "2020-01-01"], path, url)
    assert "exported 0 record(s)" in empty.output
    bad = run_cli(["archive", "export", "--since", "yesterday"], path, url)
    assert bad.exit_code == 2


def test_hold_mark_deleted_purge(published: tuple[Path, str]) -> None:
    path, url = published
    assert run_cli(["archive", "hold", *ORG, "1"], path, url).exit_code == 0
    assert run_cli(["archive", "mark-deleted", *ORG, "1"], path, url).exit_code == 0
    purged = run_cli(["archive", "purge", *ORG], path, url)
    assert purged.output.strip() == "purged 0 record(s)"
    released = run_cli(["archive", "hold", *ORG, "1", "--release"], path, url)
    assert released.output.strip() == "record 1: legal hold lifted"
    row = json.loads([ln for ln in run_cli(["archive", "export", *ORG], path, url)
                      .output.splitlines() if ln.startswith("{")][0])
    assert row["deleted_at"] is not None and row["legal_hold"] is False
    missing = run_cli(["archive", "hold", *ORG, "7"], path, url)
    assert missing.output.strip() == "Error: archive record 7 not found"
