"""A local aiosmtpd server for benchmarks/alert_fanout.py, in its own process (its own GIL).

It counts how many messages each recipient received. A message to dump@bench.invalid makes it
write the counts as JSON to the file named on the command line and start counting afresh.
Usage: python benchmarks/_smtp_counter.py PORT COUNTS_FILE
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from typing import Any

from aiosmtpd.controller import Controller

DUMP = "dump@bench.invalid"


class Counting:
    """Counts deliveries per recipient; a message to DUMP writes the counts out."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.counts: Counter[str] = Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if envelope.rcpt_tos == [DUMP]:
            with open(self.path, "w", encoding="utf-8") as handle:
                json.dump(self.counts, handle)
            self.counts = Counter()
            return "250 counts written"
        self.counts.update(envelope.rcpt_tos)
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Counting(path), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
