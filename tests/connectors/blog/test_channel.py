"""A blog channel through the services and the real CLI: its own organisation's blog only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from carepost.services import channels
from carepost.services.errors import ValidationFailed
from carepost.storage.db import transaction
from tests.cli.helpers import run_cli
from tests.conftest import OTHER_SLUG, Personas
from tests.connectors.blog.conftest import blog_config
from tests.worker.helpers import new_box


def test_a_channel_may_only_name_its_own_organisation(
    db: sessionmaker[Session], personas: Personas
) -> None:
    box = new_box()
    with transaction(db) as session, pytest.raises(ValidationFailed, match="org"):
        channels.add_channel(session, personas.actors["admin"], box, "blog", "Blog",
                             blog_config(OTHER_SLUG))
    with transaction(db) as session:
        channel = channels.add_channel(session, personas.actors["admin"], box, "blog", "Blog",
                                       blog_config())
        channel_id = channel.id
    with transaction(db) as session, pytest.raises(ValidationFailed, match="org"):
        channels.update_config(session, personas.actors["admin"], box, channel_id,
                               blog_config(OTHER_SLUG))


def test_cli_adds_and_tests_a_blog_channel(tmp_path: Path, database_url: str) -> None:
    steps = [
        (["db", "upgrade"], None),
        (["org", "add", "Plainview Care", "--slug", "plainview"], None),
        (["org", "add", "Riverside Clinic", "--slug", "riverside"], None),
    ]
    for args, stdin in steps:
        result = run_cli(args, tmp_path, database_url, stdin)
        assert result.exit_code == 0, result.output
    add = ["channel", "add", "--org", "plainview", "--kind", "blog", "--name", "Blog",
           "--config", "-"]
    refused = run_cli(add, tmp_path, database_url, json.dumps(blog_config(OTHER_SLUG)))
    assert refused.exit_code != 0 and "org must be this organisation's slug" in refused.output
    assert "Traceback" not in refused.output
    added = run_cli(add, tmp_path, database_url, json.dumps(blog_config()))
    assert added.exit_code == 0, added.output
    channel_id = added.output.split()[1]
    tested = run_cli(["channel", "test", "--org", "plainview", channel_id], tmp_path,
                     database_url)
    assert tested.exit_code == 0, tested.output
    assert "connection ok (/blog/plainview/)" in tested.output
