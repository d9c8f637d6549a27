"""Archive and notifications through the JSON API; the OpenAPI document of the publishing API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from carepost.storage.db import session_factory, transaction
from carepost.storage.publishing import ArchiveRecord, Notification
from carepost.worker.loop import Worker
from tests.connectors.webhook.conftest import Receiver
from tests.web.api_publishing.conftest import BASE, SAFE, Call, approved, error
from tests.web.conftest import Site, audit_actions


def _published(site: Site, call: Call, channel: int) -> int:
    from carepost.services.channels import channel_box

    post_id = approved(call, channel)
    call("approver", "POST", f"{BASE}/posts/{post_id}/publish-now")
    worker = Worker(db=session_factory(site.engine), box=channel_box(site.settings))
    assert [o.state for o in worker.tick()] == ["published"]
    with transaction(site.engine) as db:
        return int(db.execute(select(ArchiveRecord.id).order_by(ArchiveRecord.id.desc())
                              .limit(1)).scalar_one())


def test_list_and_export_jsonl_and_csv_streamed_and_audited(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    record_id = _published(site, call, channel)
    listed = call("privacy_officer", "GET", f"{BASE}/archive")
    assert listed.status_code == 200
    [row] = listed.json()
    assert row["id"] == record_id and row["text"] == SAFE and row["deleted_at"] is None
    assert [a["decision"] for a in row["approval_chain"]] == ["approved"]
    jsonl = call("privacy_officer", "GET", f"{BASE}/archive/export?format=jsonl")
    assert jsonl.status_code == 200
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert jsonl.headers["x-record-count"] == "1"
    lines = [json.loads(x) for x in jsonl.text.splitlines()]
    assert [x["id"] for x in lines] == [record_id]
    as_csv = call("admin", "GET", f"{BASE}/archive/export?format=csv&since=2020-01-01")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [int(r["id"]) for r in rows] == [record_id] and rows[0]["text"] == SAFE
    empty = call("admin", "GET", f"{BASE}/archive/export?until=2020-01-01")
    assert empty.status_code == 200 and empty.text == ""
    assert audit_actions(site.engine).count("archive.exported") == 3


def test_export_bad_input_and_refusals(call: Call, channel: int) -> None:
    fmt = call("admin", "GET", f"{BASE}/archive/export?format=xml")
    assert fmt.status_code == 422 and "format" in error(fmt)["message"]
    since = call("admin", "GET", f"{BASE}/archive/export?since=last-week")
    assert since.status_code == 422 and error(since)["message"].startswith("since:")
    order = call("admin", "GET",
                 f"{BASE}/archive/export?since=2026-02-01&until=2026-01-01")
    assert order.status_code == 422 and error(order)["message"].startswith("since:")
    for role in ("approver", "author", "viewer"):
        assert call(role, "GET", f"{BASE}/archive/export").status_code == 403
        assert call(role, "GET", f"{BASE}/archive").status_code == 403


def test_legal_hold_and_marked_deleted_record_is_kept(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    record_id = _published(site, call, channel)
    held = call("privacy_officer", "PUT", f"{BASE}/archive/{record_id}/legal-hold",
                json={"hold": True})
    assert held.status_code == 200 and held.json()["legal_hold"] is True
    bad = call("privacy_officer", "PUT", f"{BASE}/archive/{record_id}/legal-hold",
               json={"hold": "maybe"})
    assert bad.status_code == 422 and "hold" in error(bad)["message"]
    assert call("approver", "PUT", f"{BASE}/archive/{record_id}/legal-hold",
                json={"hold": False}).status_code == 403
    assert call("privacy_officer", "PUT", f"{BASE}/archive/999/legal-hold",
                json={"hold": True}).status_code == 404
    assert call("author", "POST", f"{BASE}/archive/{record_id}/deleted").status_code == 403
    marked = call("approver", "POST", f"{BASE}/archive/{record_id}/deleted")
    assert marked.status_code == 200 and marked.json()["deleted_at"] is not None
    assert call("privacy_officer", "GET", f"{BASE}/archive").json()[0]["id"] == record_id
    assert {"archive.legal_hold", "archive.marked_deleted"} <= set(audit_actions(site.engine))


def test_another_organisation_sees_nothing(
    site: Site, call: Call, channel: int, receiver: Receiver
) -> None:
    record_id = _published(site, call, channel)
    refused = call("other_admin", "GET", f"{BASE}/archive")
    assert refused.status_code == 403
    theirs = call("other_admin", "POST", f"/api/v1/orgs/riverside/archive/{record_id}/deleted")
    assert theirs.status_code == 404
    assert call("other_admin", "GET", "/api/v1/orgs/riverside/archive").json() == []


def test_notifications_list_and_mark_read(site: Site, call: Call, channel: int) -> None:
    with transaction(site.engine) as db:
        db.add_all([
            Notification(org_id=site.ids["org"], user_id=site.ids["author"],
                         kind="variant.failed", subject="variant:1"),
            Notification(org_id=site.ids["org"], user_id=site.ids["admin"],
                         kind="channel.needs_reconnect", subject="channel:1"),
        ])
    mine = call("author", "GET", f"{BASE}/notifications")
    assert mine.status_code == 200
    assert [n["kind"] for n in mine.json()] == ["variant.failed"]
    note = mine.json()[0]["id"]
    assert call("admin", "POST", f"{BASE}/notifications/{note}/read").status_code == 404
    read = call("author", "POST", f"{BASE}/notifications/{note}/read")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert audit_actions(site.engine)[-1] == "notification.read"
    assert call("author", "GET", f"{BASE}/notifications").json() == []
    everything = call("author", "GET", f"{BASE}/notifications?unread_only=false").json()
    assert [n["id"] for n in everything] == [note]
    bad = call("author", "GET", f"{BASE}/notifications?unread_only=perhaps")
    assert bad.status_code == 422 and "unread_only" in error(bad)["message"]


@pytest.fixture
def openapi(site: Site) -> dict:
    return site.client().http.get("/api/v1/openapi.json").json()


PUBLISHING_PREFIXES = ("/api/v1/orgs/{org}/channels", "/api/v1/orgs/{org}/posts",
                       "/api/v1/orgs/{org}/archive", "/api/v1/orgs/{org}/notifications")


def test_openapi_documents_every_publishing_route(openapi: dict) -> None:
    paths = {p: ops for p, ops in openapi["paths"].items() if p.startswith(PUBLISHING_PREFIXES)}
    assert len(paths) >= 20
    for path, operations in paths.items():
        for method, op in operations.items():
            where = f"{method.upper()} {path}"
            assert op.get("description") or op.get("summary"), where
            assert {"401", "403", "404", "409", "422"} <= set(op["responses"]), where
            assert op["security"] == [{"apiToken": []}], where
    resolve = paths["/api/v1/orgs/{org}/posts/{post_id}/variants/{channel_id}/resolve"]["post"]
    assert "502" in resolve["responses"]
    schemas = openapi["components"]["schemas"]
    for name in ("PostIn", "ChannelIn", "ReviewIn", "ScheduleIn", "ResolveIn", "HoldIn"):
        assert schemas[name].get("examples"), f"{name} has no example"
    upload = paths["/api/v1/orgs/{org}/posts/{post_id}/images"]["post"]["requestBody"]
    assert "multipart/form-data" in upload["content"]
