"""`carepost channel`: add from stdin (secrets off the command line), list, test connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run_cli
from tests.connectors.webhook import conftest as webhook_peer
from tests.connectors.webhook.conftest import SECRET, Receiver
from tests.worker.helpers import cli_site

# The real loopback receiver the webhook connector tests use.
_receiver = webhook_peer._receiver
receiver = webhook_peer.receiver
ORG = ["--org", "plainview"]


@pytest.fixture
def site(tmp_path: Path, database_url: str, receiver: Receiver) -> tuple[Path, str, int]:
    return tmp_path, database_url, cli_site(tmp_path, database_url, receiver.url, SECRET)


def test_list_and_test_connection(site: tuple[Path, str, int], receiver: Receiver) -> None:
    path, url, channel = site
    listed = run_cli(["channel", "list", *ORG], path, url)
    assert listed.output.strip() == f"{channel}\twebhook\tactive\ttest:never\tHook"
    tested = run_cli(["channel", "test", *ORG, str(channel)], path, url)
    assert tested.exit_code == 0 and tested.output.startswith("connection ok")
    receiver.answer(401, body=b'{"error": "revoked"}')
    failed = run_cli(["channel", "test", *ORG, str(channel)], path, url)
    assert failed.exit_code == 1 and failed.output.startswith("Error: connection failed")
    listed = run_cli(["channel", "list", *ORG], path, url)
    assert "\tneeds_reconnect\ttest:failed\t" in listed.output


def test_bad_config_is_one_line_without_the_secret(site: tuple[Path, str, int]) -> None:
    path, url, _ = site
    result = run_cli(["channel", "add", *ORG, "--kind", "webhook", "--name", "x", "--config",
                      "-"], path, url, '{"url": "http://127.0.0.1/", "secret": "tiny-secret"}')
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "tiny-secret" not in result.output
    garbage = run_cli(["channel", "add", *ORG, "--kind", "webhook", "--name", "x", "--config",
                       "-"], path, url, "[1, 2")
    assert garbage.exit_code == 1 and "not valid JSON or YAML" in garbage.output
    unknown = run_cli(["channel", "test", *ORG, "99"], path, url)
    assert unknown.exit_code == 1 and unknown.output.strip() == "Error: channel 99 not found"
