"""The identifier recognizers, one module per family, and the order the engine runs them in.

Each entry takes a `Scan` and returns `Candidate`s on the folded text. Names and handles come
last: a greeted name or a handle counts when the text ties it to health information, and other
identifiers do that.
See docs/guard.md ("Writing a recognizer").
"""

from __future__ import annotations

from collections.abc import Callable

from carepost.guard.recognizers import dates, ids, names, network, places, vehicles
from carepost.guard.recognizers.base import Candidate, Scan

Recognizer = Callable[[Scan], list[Candidate]]

RECOGNIZERS: tuple[tuple[str, Recognizer], ...] = (
    ("ids", ids.find),
    ("email", network.emails),
    ("url", network.urls),
    ("ip", network.ips),
    ("date", dates.dates),
    ("age", dates.ages),
    ("age_words", dates.word_ages),
    ("address", places.addresses),
    ("zip", places.zips),
    ("room", places.rooms),
    ("location", places.locations),
    ("vehicle", vehicles.vehicles),
)

__all__ = ["RECOGNIZERS", "Candidate", "Recognizer", "Scan", "recognize"]


def recognize(scan: Scan) -> list[Candidate]:
    """Every candidate from every recognizer, handles included (not yet de-overlapped)."""
    found: list[Candidate] = []
    for _name, recognizer in RECOGNIZERS:
        found.extend(recognizer(scan))
    found.extend(names.find(scan, has_other_ids=bool(found)))
    found.extend(network.handles(scan, has_other_ids=bool(found)))
    return found
