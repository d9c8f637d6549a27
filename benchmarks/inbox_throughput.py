"""Inbox benchmark (issue 6): ingest + triage throughput from a backlog, and emergency latency.

    .venv/bin/python benchmarks/inbox_throughput.py [--items 4000] [--page 500] [--rounds 3]
        [--alerts 10]

1. Throughput. A backlog of inbound comments is served as JSON pages by a real HTTP server on
   loopback (a stand-in for a network's notification endpoint: the texts are the inbound
   records of ../shared/eval/dev.jsonl when present, else built-in ones, repeated with a
   varying suffix until the backlog is full; the server runs in its own process, as a network
   would). One process, one thread on our side: `ingest.poll_channel` is called until the
   backlog is drained, exactly as the worker polls (read the channel and its cursor, fetch the
   next page with httpx, parse it into `InboundItem`s, then in one transaction a page: the
   guard's inbound check, the queue, the de-duplication query, the insert, the cursor, the
   audit event), on a fresh migrated SQLite file. Escalation is left to part 2 (the backlog's
   emergencies would otherwise time SMTP sends, not ingest).
   Time is the CPU time of this thread (`time.thread_time`): the machine is shared, and wall
   time there measures the neighbours; wall-clock figures are printed beside it. The guard's
   share of the pipeline is timed around each `guard.check` call triage makes (with the
   organisation's policy pack and profile, as ingest runs it), so the report
   says where the time goes: guard, and everything else (fetch, parse, storage, cursor, audit).
   Baseline, measured in the same run on the same texts: the guard alone
   (`guard.check(text, "inbound", "comment")` in a loop). Rounds are interleaved; the report
   gives each round and the median. Target: >= 2,000 items/s.
2. Emergency latency. An emergency comment is fetched from the same kind of loopback source by
   `ingest.poll_channel`, which stores it and escalates it to the on-call list: an email
   through a real aiosmtpd server in this process (via an email channel) and a signed webhook
   to a loopback sink. Measured from the item's `fetched_at` (stamped right after the fetch
   returned) to the moment the SMTP server received the message. Baseline: one plain smtplib
   send of a similar message to the same server. Target: <= 5 s. Then one page of `--page`
   backlog items is fetched in one poll: the time from its fetch to the SMTP receipt of the
   first and the last of its emergencies (the page is triaged, then stored in one transaction;
   then its emergencies are claimed at once and sent one after the other over one SMTP session
   and one HTTP client, each outcome committed before the next send).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
FALLBACK = [
    "When does the flu clinic open on Saturday?",
    "Your staff were rude and I waited four hours in the ER, awful service",
    "I took Zestra for a week and now I have a terrible rash, is that normal?",
    "Vaccines cause autism, everyone knows it, stop lying",
    "Thank you to the nurses on 4 West, you were wonderful",
    "My MRN is 12345678, can someone call me back about my biopsy?",
    "Is parking free for visitors after 6pm?",
    "Great article, shared it with my mum",
]


def _texts(corpus: Path = CORPUS) -> list[str]:
    if corpus.is_file():
        found = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        texts = [r["text"] for r in found if r.get("direction") == "inbound"]
        if texts:
            return texts
    return FALLBACK


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SOURCE = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
items, page = json.load(open(sys.argv[1])), int(sys.argv[2])
# Pages are encoded once, up front: the source stands in for a network, not for a workload.
pages = {}
for after in range(0, len(items) + 1, page):
    chunk = items[after:after + page]
    pages[str(after)] = json.dumps({"items": chunk, "cursor": str(after + len(chunk))}).encode()
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        after = parse_qs(urlsplit(self.path).query).get("after", ["0"])[0]
        body = pages.get(after) or json.dumps({"items": [], "cursor": after}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(httpd.server_address[1], flush=True)
httpd.serve_forever()
"""


@contextmanager
def source(items: list[dict[str, Any]], page: int) -> Iterator[str]:
    """A real HTTP server on loopback, in its own process (the "network"), serving `items` in
    pages: GET /?after=N -> {items, cursor}."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(items, handle)
    process = subprocess.Popen([sys.executable, "-c", SOURCE, handle.name, str(page)],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(10)
        os.unlink(handle.name)


class LoopbackFetcher:
    """fetch_inbound over the loopback source (what a connector does, minus authentication)."""

    def __init__(self, url: str) -> None:
        import httpx

        self.url = url
        self.http = httpx.Client(timeout=10)

    def fetch_inbound(self, since: str | None) -> Any:
        from carepost.connectors.base import InboundItem, InboundPage

        data = self.http.get(self.url, params={"after": since or "0"}).json()
        return InboundPage(tuple(
            InboundItem(remote_id=i["id"], kind="comment", author=i["author"], text=i["text"],
                        created_at=datetime.fromisoformat(i["created_at"]), url=i["url"])
            for i in data["items"]), data["cursor"])


def _database(tmp: Path, name: str) -> Any:
    from carepost.services import orgs
    from carepost.services.actor import cli_actor
    from carepost.storage.db import make_engine, session_factory, transaction
    from carepost.storage.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp / f'{name}.db'}")
    upgrade(engine)
    db = session_factory(engine)
    with transaction(db) as session:
        org = orgs.create_org(session, cli_actor(), "Bench Clinic", "bench")
    return engine, db, org.id


def _channel(db: Any, org_id: int, box: Any, kind: str, config: dict[str, Any]) -> int:
    from carepost.services.actor import cli_actor
    from carepost.services.channels import add_channel
    from carepost.storage.db import transaction

    with transaction(db) as session:
        return int(add_channel(session, cli_actor(org_id), box, kind, kind, config).id)


def _box() -> Any:
    from carepost.crypto import Box
    from carepost.services.channels import BOX_PURPOSE

    return Box(os.urandom(32), BOX_PURPOSE)


def _backlog(n: int, corpus: Path) -> list[dict[str, Any]]:
    texts = _texts(corpus)
    now = datetime.now(UTC).isoformat()
    return [{"id": f"c{i}", "author": f"@person{i % 97}", "url": f"https://blog.example/c{i}",
             "created_at": now, "text": f"{texts[i % len(texts)]} ({i})"} for i in range(n)]


@dataclass
class Round:
    """One throughput round: CPU and wall seconds of the pipeline, and the guard's CPU share."""

    items: int
    cpu: float
    wall: float
    guard_cpu: float

    @property
    def rate(self) -> float:
        """Items per CPU second."""
        return self.items / self.cpu


@contextmanager
def timed_guard(totals: list[float]) -> Iterator[None]:
    """Add the CPU time of every `guard.check` call (triage's, through the organisation's
    checker) to `totals[0]`."""
    from carepost import guard

    real = guard.check

    def check(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            totals[0] += time.thread_time() - start

    guard.check = check  # type: ignore[assignment]
    try:
        yield
    finally:
        guard.check = real  # type: ignore[assignment]


def ingest_round(items: list[dict[str, Any]], page: int, tmp: Path, name: str) -> Round:
    """Poll the loopback source until the backlog is drained, as the worker would."""
    from carepost.services.inbox import ingest

    engine, db, org_id = _database(tmp, name)
    box = _box()
    channel_id = _channel(db, org_id, box, "mastodon", {
        "api_base_url": "http://127.0.0.1:9", "access_token": "unused",
        "allow_private_addresses": True})
    stored = 0
    guard_cpu = [0.0]
    with source(items, page) as url, timed_guard(guard_cpu):
        fetcher = LoopbackFetcher(url)
        wall, cpu = time.perf_counter(), time.thread_time()
        while True:
            result = ingest.poll_channel(db, box, channel_id, escalate=False, connector=fetcher)
            if result.error:
                raise SystemExit(f"poll failed: {result.error}")
            if not result.fetched:
                break
            stored += result.new
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    engine.dispose()
    if stored != len(items):
        raise SystemExit(f"stored {stored} of {len(items)} items: the benchmark is wrong")
    return Round(len(items), cpu, wall, guard_cpu[0])


def guard_round(items: list[dict[str, Any]]) -> Round:
    """The guard's inbound check alone, on the same texts."""
    from carepost import guard

    wall, cpu = time.perf_counter(), time.thread_time()
    for item in items:
        guard.check(item["text"], "inbound", "comment")
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    return Round(len(items), cpu, wall, cpu)


def latency(rounds: int, tmp: Path, burst: list[dict[str, Any]]
            ) -> tuple[list[float], list[float], tuple[int, float, float]]:
    """(fetch -> SMTP receipt seconds per alert, plain smtplib send seconds) over `rounds`, and
    for one page of `burst` items fetched at once: (its emergencies, fetch -> first receipt,
    fetch -> last receipt)."""
    import smtplib
    from email.message import EmailMessage

    from aiosmtpd.controller import Controller

    from carepost.services.actor import cli_actor
    from carepost.services.inbox import config, ingest
    from carepost.storage.db import transaction
    from carepost.storage.inbox import InboundItem

    received: list[float] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(time.time())
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    hook_hits: list[float] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            hook_hits.append(time.time())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    try:
        engine, db, org_id = _database(tmp, "latency")
        box = _box()
        source_channel = _channel(db, org_id, box, "mastodon", {
            "api_base_url": "http://127.0.0.1:9", "access_token": "unused",
            "allow_private_addresses": True})
        smtp_channel = _channel(db, org_id, box, "email", {
            "host": "127.0.0.1", "port": port, "security": "none",
            "from_address": "alerts@bench.example", "recipients": ["news@bench.example"],
            "unsubscribe_url": "https://bench.example/u/{token}",
            "unsubscribe_secret": "0123456789abcdef0123"})
        with transaction(db) as session:
            config.configure(session, cli_actor(org_id), box,
                             oncall_emails_=["oncall@bench.example"],
                             smtp_channel_id=smtp_channel,
                             webhook={"url": f"http://127.0.0.1:{hook.server_address[1]}/h",
                                      "secret": "bench-webhook-secret-123",
                                      "allow_private_addresses": True})
        now = datetime.now(UTC).isoformat()
        alerts = [{"id": f"e{i}", "author": "@someone", "url": f"https://blog.example/e{i}",
                   "created_at": now, "text": f"I want to kill myself tonight ({i})"}
                  for i in range(rounds)]
        seconds: list[float] = []
        with source(alerts, 1) as url:
            fetcher = LoopbackFetcher(url)
            for _ in range(rounds):
                before = len(received)
                result = ingest.poll_channel(db, box, source_channel, connector=fetcher)
                if result.escalated != 1 or len(received) != before + 1:
                    raise SystemExit("an emergency was not escalated: the benchmark is wrong")
                with transaction(db) as session:
                    item = session.get(InboundItem, result.urgent_ids[0])
                    fetched = item.fetched_at.timestamp()
                seconds.append(received[-1] - fetched)
        # A whole backlog page at once: every emergency in it must still be out within 5 s.
        burst_channel = _channel(db, org_id, box, "mastodon", {
            "api_base_url": "http://127.0.0.1:9", "access_token": "unused",
            "allow_private_addresses": True})
        with source(burst, len(burst)) as url:
            before = len(received)
            result = ingest.poll_channel(db, box, burst_channel, connector=LoopbackFetcher(url))
            urgent = len(result.urgent_ids)
            if result.escalated != urgent or len(received) != before + urgent:
                raise SystemExit("an emergency was not escalated: the benchmark is wrong")
            with transaction(db) as session:
                item = session.get(InboundItem, result.new_ids[0])
                fetched = item.fetched_at.timestamp()
        first = received[before] - fetched if urgent else 0.0
        last = received[-1] - fetched if urgent else 0.0
        engine.dispose()
        plain: list[float] = []
        for i in range(rounds):
            message = EmailMessage()
            message["Subject"], message["From"] = f"plain {i}", "alerts@bench.example"
            message["To"] = "oncall@bench.example"
            message.set_content("Possible emergency. Crisis resources: 988.")
            start = time.time()
            with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
                smtp.send_message(message)
            plain.append(received[-1] - start)
        return seconds, plain, (urgent, first, last)
    finally:
        controller.stop()
        hook.shutdown()
        hook.server_close()


def main() -> int:
    """Run both parts and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=4000)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--alerts", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="JSONL with inbound records (default ../shared/eval/dev.jsonl)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    from carepost import guard

    items = _backlog(args.items, args.corpus)
    guard.check("warm up the rules", "inbound", "comment")
    for item in items[: min(len(items), 200)]:  # compile every rule pattern before timing
        guard.check(item["text"], "inbound", "comment")
    print(f"load average before: {os.getloadavg()}")
    print(f"backlog: {len(items)} items from a loopback HTTP source, pages of {args.page}, "
          f"texts from {args.corpus if args.corpus.is_file() else 'built-ins'}")
    pipeline: list[Round] = []
    alone: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="carepost-inbox-bench-") as tmp:
        for n in range(args.rounds):
            alone.append(guard_round(items))
            pipeline.append(ingest_round(items, args.page, Path(tmp), f"r{n}"))
            p, g = pipeline[-1], alone[-1]
            per = 1e6 / p.items
            print(f"round {n + 1}: ingest+triage {p.rate:,.0f} items/s "
                  f"({p.cpu * per:.0f} us an item: guard {p.guard_cpu * per:.0f}, the rest "
                  f"{(p.cpu - p.guard_cpu) * per:.0f}); guard alone {g.rate:,.0f} items/s; "
                  f"ratio {p.rate / g.rate:.2f}; wall {p.items / p.wall:,.0f} vs "
                  f"{g.items / g.wall:,.0f} items/s")
        rate = statistics.median(r.rate for r in pipeline)
        guard_rate = statistics.median(r.rate for r in alone)
        rest = statistics.median((r.cpu - r.guard_cpu) / r.items for r in pipeline)
        in_guard = statistics.median(r.guard_cpu / r.items for r in pipeline)
        print(f"median (CPU time, one thread): ingest+triage {rate:,.0f} items/s (target "
              f">= 2,000: {'met' if rate >= 2000 else 'NOT met'}); baseline guard alone "
              f"{guard_rate:,.0f} items/s; ingest/guard {rate / guard_rate:.2f}; per item: "
              f"guard {in_guard * 1e6:.0f} us, everything else {rest * 1e6:.0f} us")
        wall_rate = statistics.median(r.items / r.wall for r in pipeline)
        print(f"median wall clock (includes waits for the disk and for other processes): "
              f"ingest+triage {wall_rate:,.0f} items/s")
        burst = [dict(item, id=f"b{item['id']}") for item in items[:args.page]]
        seconds, plain, (urgent, first, last) = latency(args.alerts, Path(tmp), burst)
    print(f"emergency fetch -> SMTP receipt over {len(seconds)} alerts: median "
          f"{statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms "
          f"(target <= 5 s: {'met' if max(seconds) <= 5 else 'NOT met'}); baseline plain "
          f"smtplib send median {statistics.median(plain) * 1000:.1f} ms")
    print(f"a page of {len(burst)} backlog items fetched at once: {urgent} emergencies; SMTP "
          f"receipts from {first:.2f} s (the whole page triaged and stored first) to {last:.2f} s "
          f"after the fetch (wall clock; target <= 5 s: {'met' if last <= 5 else 'NOT met'})")
    print(f"load average after: {os.getloadavg()}")
    print(json.dumps({"ingest_items_per_s": round(rate), "guard_items_per_s": round(guard_rate),
                      "other_us_per_item": round(rest * 1e6, 1),
                      "ingest_items_per_wall_s": round(wall_rate),
                      "emergency_ms_median": round(statistics.median(seconds) * 1000),
                      "emergency_ms_max": round(max(seconds) * 1000),
                      "burst_emergencies": urgent, "burst_first_ms": round(first * 1000),
                      "burst_last_ms": round(last * 1000)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
