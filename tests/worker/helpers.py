"""Shared set-up for publishing tests: a channel on a real peer, a post taken through review."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from carepost.crypto import Box
from carepost.services import channels, posts
from carepost.services.channels import BOX_PURPOSE
from carepost.storage.db import transaction
from carepost.storage.models import utcnow
from carepost.storage.publishing import Post, Variant
from tests.conftest import Personas

SAFE_TEXT = "Our flu clinic is open Saturday 9 to 12 at the main site. Walk-ins welcome."
PHI_TEXT = "Get well soon John Smith, MRN 12345678, room 4B after your surgery yesterday!"


def new_box() -> Box:
    """A Box with a fresh random key, as an installation would derive it."""
    return Box(os.urandom(32), BOX_PURPOSE)


def add_channel(db: sessionmaker[Session], people: Personas, box: Box, kind: str,
                config: dict[str, Any], name: str = "Main") -> int:
    """Connect a channel as the organisation's admin; return its id."""
    with transaction(db) as session:
        return channels.add_channel(session, people.actors["admin"], box, kind, name, config).id


def webhook_config(url: str, secret: str) -> dict[str, Any]:
    """A webhook channel's configuration pointing at the loopback receiver."""
    return {"url": url, "secret": secret, "allow_private_addresses": True,
            "timeout_seconds": 1.0}


def draft(db: sessionmaker[Session], people: Personas, channel_id: int,
          text: str = SAFE_TEXT) -> int:
    """A draft by the author; return the post id."""
    with transaction(db) as session:
        return posts.create_post(session, people.actors["author"], "t", [(channel_id, text)]).id


def scheduled_now(db: sessionmaker[Session], people: Personas, channel_id: int,
                  text: str = SAFE_TEXT) -> int:
    """A post written, submitted, approved and scheduled for now; return its id."""
    post_id = draft(db, people, channel_id, text)
    with transaction(db) as session:
        posts.submit(session, people.actors["author"], post_id)
    with transaction(db) as session:
        posts.review(session, people.actors["approver"], post_id, "approved")
    with transaction(db) as session:
        posts.schedule(session, people.actors["approver"], post_id, utcnow())
    return post_id


def variant(db: sessionmaker[Session], post_id: int) -> Variant:
    """The post's first variant, freshly read."""
    with transaction(db) as session:
        return posts.variants_of(session, post_id)[0]


def post(db: sessionmaker[Session], post_id: int) -> Post:
    """The post, freshly read."""
    with transaction(db) as session:
        found = session.get(Post, post_id)
        assert found is not None
        return found


PW = "correct horse battery staple\n"


def cli_site(tmp_path: Path, database_url: str, hook_url: str, hook_secret: str) -> int:
    """Through the CLI: a migrated database, Plainview with an author, an approver and an
    admin, and one webhook channel; return the channel id."""
    from tests.cli.helpers import run_cli

    steps: list[tuple[list[str], str | None]] = [
        (["db", "upgrade"], None),
        (["org", "add", "Plainview Care", "--slug", "plainview"], None),
    ]
    for role in ("author", "approver", "admin", "privacy_officer"):
        steps.append((["user", "add", f"{role}@plainview.example", "--org", "plainview",
                       "--role", role, "--password-stdin"], PW))
    steps.append((["channel", "add", "--org", "plainview", "--kind", "webhook", "--name",
                   "Hook", "--config", "-"], json.dumps(webhook_config(hook_url, hook_secret))))
    for args, stdin in steps:
        result = run_cli(args, tmp_path, database_url, stdin)
        assert result.exit_code == 0, result.output
    return int(result.output.split()[1])


def jpeg_with_gps() -> bytes:
    """A small JPEG whose EXIF holds GPS coordinates, as a phone photo would."""
    import io

    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (41.0, 52.0, 30.0)
    gps[3], gps[4] = "W", (87.0, 37.0, 40.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
