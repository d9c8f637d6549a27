"""Alert fan-out benchmark (issue 7): time from "send" to acknowledged, and a 10,000-member list.

    .venv/bin/python benchmarks/alert_fanout.py [--recipients 10000] [--rounds 3]
        [--skip-fanout] [--skip-email]

1. Fan-out: one approved alert to Bluesky (local dev-env network), Mastodon (mastodon-mock),
   a webhook (loopback receiver) and the organisation's blog, through `services.alerts.send`,
   on a fresh SQLite database. Timed from the call to the moment every delivery is
   acknowledged (Bluesky and Mastodon confirm the post exists via check_status; the blog finds
   its entry; the webhook receiver answered 2xx). Target: <= 3 s. The baseline printed beside
   it is the same channels sent one after another by calling each connector directly.
2. Email: 10,000 members through a local aiosmtpd server in its own process
   (`benchmarks/_smtp_counter.py`), once with a plain smtplib loop (one connection, one
   prebuilt message, `sendmail` per member) and once as an alert through the email connector
   (per-member unsubscribe links and Message-IDs, its default 100 messages per connection).
   Rounds are interleaved; the ratio is carepost / smtplib per round, and the server counts
   what each member received: every member exactly once, or the run fails. Target: <= 1.5x.

The peers come from the test suite's own fixtures (tests/bluesky_peer.py and the connector
conftests); a missing peer is reported and that part skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FROM = "alerts@clinic.example"
UNSUB = {"unsubscribe_url": "https://clinic.example/unsubscribe?t={token}&e={email}",
         "unsubscribe_secret": "unsubscribe-secret-for-bench"}
VALUES = {"area": "the Northside district", "phone": "555 0100"}


def _peer(fixture: Any) -> contextlib.AbstractContextManager[Any]:
    """Run a pytest fixture generator from the test suite as a context manager."""
    return contextlib.contextmanager(fixture.__wrapped__)()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def site(tmp: Path) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """A migrated SQLite database with Plainview, a responder, a privacy officer, an approver."""
    os.environ["CAREPOST_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.db'}"
    os.environ["CAREPOST_DATA_DIR"] = str(tmp)
    from carepost.services import accounts, orgs
    from carepost.services.actor import cli_actor
    from carepost.storage.db import make_engine, session_factory, transaction
    from carepost.storage.migrate import upgrade

    engine = make_engine(os.environ["CAREPOST_DATABASE_URL"])
    upgrade(engine)
    db = session_factory(engine)
    with transaction(db) as session:
        org = orgs.create_org(session, cli_actor(), "Plainview Care", "plainview")
        users = {role: accounts.add_user(session, cli_actor(org.id), f"{role}@p.example",
                                         "correct horse battery staple", role).id
                 for role in ("responder", "privacy_officer", "approver", "admin")}
    with transaction(db) as session:
        actors = {role: accounts.actor_for(session, uid, "plainview")
                  for role, uid in users.items()}
    try:
        yield engine, db, actors
    finally:
        engine.dispose()


def _template(db: Any, actors: dict[str, Any]) -> int:
    from carepost.services.alerts import templates
    from carepost.storage.db import transaction

    with transaction(db) as session:
        template_id = templates.create_template(session, actors["responder"], "boil_water",
                                                "").id
    for role in ("privacy_officer", "approver"):
        with transaction(db) as session:
            templates.approve_template(session, actors[role], template_id)
    return template_id


def _channel(db: Any, box: Any, actor: Any, kind: str, name: str,
             config: dict[str, Any]) -> int:
    from carepost.services import channels
    from carepost.storage.db import transaction

    with transaction(db) as session:
        return channels.add_channel(session, actor, box, kind, name, config).id


def _alert(db: Any, actors: dict[str, Any], template_id: int, channel_ids: list[int]) -> int:
    from carepost.services.alerts import compose
    from carepost.storage.db import transaction

    with transaction(db) as session:
        return compose.create_alert(session, actors["responder"], channel_ids,
                                    template_id=template_id, values=VALUES).id


def fanout(rounds: int) -> dict[str, Any]:
    """Part 1; returns the figures."""
    from tests.bluesky_peer import bluesky_network
    from tests.connectors.mastodon.conftest import mastodon_server
    from tests.connectors.webhook.conftest import SECRET, _receiver

    from carepost.crypto import Box
    from carepost.services import channels
    from carepost.services.alerts import send
    from carepost.services.channels import BOX_PURPOSE
    from carepost.storage.db import transaction
    from carepost.storage.publishing import Channel

    box = Box(os.urandom(32), BOX_PURPOSE)
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        engine, db, actors = stack.enter_context(site(tmp))
        sky = stack.enter_context(_peer(bluesky_network))
        masto = stack.enter_context(_peer(mastodon_server))
        hook = stack.enter_context(_peer(_receiver))
        admin = actors["admin"]
        handle = f"b{secrets.token_hex(5)}.test"
        sky.create_account(handle, "correct-horse-battery")
        _, token = masto.new_user()
        ids = [
            _channel(db, box, admin, "bluesky", "Bluesky", {
                "handle": handle, "app_password": "correct-horse-battery",
                "service_url": sky.pds, "allow_private_addresses": True}),
            _channel(db, box, admin, "mastodon", "Mastodon", {
                "api_base_url": masto.url, "access_token": token,
                "allow_private_addresses": True}),
            _channel(db, box, admin, "webhook", "Partner hook", {
                "url": hook.url, "secret": SECRET, "allow_private_addresses": True}),
            _channel(db, box, admin, "blog", "Blog", {
                "org": "plainview", "title": "Plainview Care news"}),
        ]
        template_id = _template(db, actors)
        # Warm-up (logins, imports, connection pools), untimed.
        send.send(db, box, actors["responder"], _alert(db, actors, template_id, ids))
        timings, baselines = [], []
        for _ in range(rounds):
            alert_id = _alert(db, actors, template_id, ids)
            start = time.perf_counter()
            results = send.send(db, box, actors["responder"], alert_id)
            timings.append(time.perf_counter() - start)
            if {r.status for r in results} != {"acknowledged"}:
                raise SystemExit(f"not every delivery was acknowledged: {results}")
            # Baseline: the same four posts one after another, connectors called directly.
            with transaction(db) as session:
                chans = [session.get(Channel, i) for i in ids]
            start = time.perf_counter()
            for chan in chans:
                assert chan is not None
                connector = channels.connector_for(chan, box)
                from carepost.services.alerts.send import item_for
                from carepost.storage.alerts import Alert

                with transaction(db) as session:
                    row = session.get(Alert, alert_id)
                    assert row is not None
                    item = item_for(row, chan)
                from carepost.connectors.idempotency import new_key

                key = new_key()
                connector.publish(item, key)
                with contextlib.suppress(Exception):
                    connector.check_status(key, item)
            baselines.append(time.perf_counter() - start)
    return {"fanout_s": timings, "fanout_median_s": statistics.median(timings),
            "fanout_max_s": max(timings), "sequential_median_s": statistics.median(baselines)}


def _smtp_server(port: int, counts: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "_smtp_counter.py"),
                                str(port), str(counts)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise SystemExit("the local SMTP server did not start (is aiosmtpd installed?)")
    return process


def _counts(port: int, path: Path) -> dict[str, int]:
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.sendmail(FROM, ["dump@bench.invalid"], b"Subject: counts\r\n\r\ncounts\r\n")
    return dict(json.loads(path.read_text()))


def email(recipients: int, rounds: int) -> dict[str, Any]:
    """Part 2; returns the figures (fails if any member got other than one message)."""
    from carepost.crypto import Box
    from carepost.services.alerts import send
    from carepost.services.channels import BOX_PURPOSE

    members = [f"member{i:05d}@example.org" for i in range(recipients)]
    box = Box(os.urandom(32), BOX_PURPOSE)
    port = _free_port()
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        counts = tmp / "counts.json"
        server = _smtp_server(port, counts)
        stack.callback(server.terminate)
        engine, db, actors = stack.enter_context(site(tmp))
        channel_id = _channel(db, box, actors["admin"], "email", "Everyone", {
            "host": "127.0.0.1", "port": port, "security": "none", "from_address": FROM,
            "recipients": members, **UNSUB})
        template_id = _template(db, actors)
        # The baseline mails the same subject and text, prebuilt once, to the same members.
        from carepost.services.alerts.kinds import KINDS

        starter = KINDS["boil_water"]
        plain = EmailMessage()
        plain["From"], plain["To"] = FROM, "members@clinic.example"
        plain["Subject"] = starter.headline.format(**VALUES)
        plain.set_content(starter.body.format(**VALUES))
        raw = plain.as_bytes()
        base_times, ours, ratios = [], [], []
        for _ in range(rounds):
            start = time.perf_counter()
            with smtplib.SMTP("127.0.0.1", port) as smtp:
                for address in members:
                    smtp.sendmail(FROM, [address], raw)
            base_times.append(time.perf_counter() - start)
            got = _counts(port, counts)
            if sorted(got) != members or set(got.values()) != {1}:
                raise SystemExit("baseline: not every member got exactly one message")
            alert_id = _alert(db, actors, template_id, [channel_id])
            start = time.perf_counter()
            results = send.send(db, box, actors["responder"], alert_id)
            ours.append(time.perf_counter() - start)
            got = _counts(port, counts)
            if [r.status for r in results] != ["acknowledged"]:
                raise SystemExit(f"carepost: delivery not acknowledged: {results}")
            if sorted(got) != members or set(got.values()) != {1}:
                raise SystemExit("carepost: not every member got exactly one message")
            ratios.append(ours[-1] / base_times[-1])
    return {"recipients": recipients, "smtplib_s": base_times, "carepost_s": ours,
            "ratios": ratios, "ratio_median": statistics.median(ratios),
            "exactly_once": True}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--skip-email", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {"load_before": os.getloadavg()}
    if not args.skip_fanout:
        try:
            report.update(fanout(args.rounds))
        except BaseException as exc:  # a peer missing raises pytest's Skipped/Failed
            if isinstance(exc, KeyboardInterrupt):
                raise
            report["fanout_error"] = f"{type(exc).__name__}: {exc}"[:300]
        if "fanout_median_s" in report:
            print(f"fan-out to Bluesky, Mastodon, webhook, blog: median "
                  f"{report['fanout_median_s']:.2f} s, max {report['fanout_max_s']:.2f} s "
                  f"(target <= 3 s); one after another: "
                  f"{report['sequential_median_s']:.2f} s")
        else:
            print(f"fan-out skipped: {report['fanout_error']}")
    if not args.skip_email:
        report.update(email(args.recipients, args.rounds))
        print(f"email, {args.recipients} members: smtplib "
              f"{statistics.median(report['smtplib_s']):.2f} s, carepost "
              f"{statistics.median(report['carepost_s']):.2f} s, ratio median "
              f"{report['ratio_median']:.2f} (rounds: "
              + ", ".join(f"{r:.2f}" for r in report["ratios"])
              + "; target <= 1.5); every member exactly once")
    report["load_after"] = os.getloadavg()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
