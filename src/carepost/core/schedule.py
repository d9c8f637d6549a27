"""Scheduling in the organisation's time zone: DST-safe conversion and weekly queue slots.

Every time this module returns is an aware UTC datetime: that is what gets stored. Local times
exist only at the edges (what a person typed, what a page shows). Daylight-saving rules:
- a local time in the spring-forward gap does not exist: `ScheduleError` naming the local time;
- a local time in the fall-back overlap happens twice: the first occurrence unless the caller
  asks for the second;
- a weekly queue slot that falls in a gap is skipped that day, one in an overlap runs once
  (first occurrence).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Occurrence = Literal["first", "second"]
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleError(ValueError):
    """A time or slot specification that cannot be scheduled; the message says which and why."""


@dataclass(frozen=True, order=True)
class WeeklySlot:
    """A recurring queue slot: a weekday (0 = Monday) and a local wall-clock time."""

    weekday: int
    at: time

    def __str__(self) -> str:
        return f"{DAYS[self.weekday].capitalize()} {self.at:%H:%M}"


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (e.g. "America/New_York"), or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name!r}") from None


def _require_aware(what: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ScheduleError(f"{what} must be timezone-aware")


def _exists(local: datetime, tz: ZoneInfo) -> bool:
    aware = local.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local.replace(fold=0)


def _ambiguous(local: datetime, tz: ZoneInfo) -> bool:
    return (
        local.replace(tzinfo=tz, fold=0).utcoffset() != local.replace(tzinfo=tz, fold=1).utcoffset()
    )


def to_utc(local: datetime, zone_name: str, *, occurrence: Occurrence = "first") -> datetime:
    """The UTC instant of the naive local time `local` in `zone_name`, under the DST rules."""
    if local.tzinfo is not None:
        raise ScheduleError("the local time must be naive (a wall-clock time in the zone)")
    if occurrence not in ("first", "second"):
        raise ScheduleError(f"occurrence must be 'first' or 'second', not {occurrence!r}")
    tz = zone(zone_name)
    if not _exists(local, tz):
        raise ScheduleError(
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name}: the clocks spring forward "
            f"over it; choose another time"
        )
    fold = 1 if occurrence == "second" and _ambiguous(local, tz) else 0
    return local.replace(tzinfo=tz, fold=fold).astimezone(UTC)


def is_ambiguous(local: datetime, zone_name: str) -> bool:
    """Whether the naive local time happens twice (the fall-back overlap), so a page can ask."""
    tz = zone(zone_name)
    naive = local.replace(tzinfo=None)
    # In a gap the two folds differ too, but the time does not happen at all.
    return _exists(naive, tz) and _ambiguous(naive, tz)


def to_local(instant: datetime, zone_name: str) -> datetime:
    """The aware local time in `zone_name` of a stored (aware) instant."""
    _require_aware("the instant", instant)
    return instant.astimezone(zone(zone_name))


def parse_local(text: str, zone_name: str, *, occurrence: Occurrence = "first") -> datetime:
    """A UTC instant from "YYYY-MM-DD HH:MM" typed in the organisation's zone."""
    try:
        local = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ScheduleError("the time must look like 2026-03-08 09:30") from None
    return to_utc(local, zone_name, occurrence=occurrence)


def check_future(when: datetime, now: datetime, *, min_lead: timedelta = timedelta(0)) -> datetime:
    """`when` in UTC if it is at least `min_lead` after `now`; a past slot is never accepted."""
    _require_aware("the scheduled time", when)
    _require_aware("now", now)
    if when < now + min_lead:
        raise ScheduleError("the scheduled time has passed or is too soon; choose a later time")
    return when.astimezone(UTC)


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _days(spec: str, group: int) -> list[int]:
    spec = spec.strip().lower()
    if spec in ("daily", "every day", "mon-sun"):
        return list(range(7))
    days: list[int] = []
    for item in spec.split(","):
        item = item.strip()[:3] if "-" not in item else item.strip()
        if "-" in item:
            first, _, last = (p.strip()[:3] for p in item.partition("-"))
            if first not in DAYS or last not in DAYS:
                raise ScheduleError(f"slot group {group}: unknown day range")
            a, b = DAYS.index(first), DAYS.index(last)
            days.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif item in DAYS:
            days.append(DAYS.index(item))
        else:
            raise ScheduleError(f"slot group {group}: unknown day")
    return days


def parse_slots(spec: str) -> tuple[WeeklySlot, ...]:
    """Weekly slots from text like "Mon-Fri 09:00, 13:00; Sat 10:00" (groups by ';' or lines)."""
    slots: set[WeeklySlot] = set()
    groups = [g for g in re.split(r"[;\n]", spec) if g.strip()]
    for number, group in enumerate(groups, start=1):
        match = re.match(r"^\s*(daily|every day|[A-Za-z, -]+?)\s+(\d.*)$", group)
        if match is None:
            raise ScheduleError(f"slot group {number}: expected days then times, e.g. Mon 09:00")
        days = _days(match.group(1), number)
        for raw in match.group(2).split(","):
            found = _TIME.match(raw.strip())
            if found is None:
                raise ScheduleError(f"slot group {number}: times must look like 09:00")
            at = time(int(found.group(1)), int(found.group(2)))
            slots.update(WeeklySlot(d, at) for d in days)
    if not slots:
        raise ScheduleError("no slots: give at least one, e.g. Mon-Fri 09:00")
    return tuple(sorted(slots))


def occurrences(
    slots: Iterable[WeeklySlot], zone_name: str, start: date, days: int
) -> list[datetime]:
    """The UTC instants of `slots` on `days` local dates from `start`, gap slots skipped."""
    tz = zone(zone_name)
    by_day: dict[int, list[time]] = {}
    for slot in slots:
        by_day.setdefault(slot.weekday, []).append(slot.at)
    found: list[datetime] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        for at in sorted(by_day.get(day.weekday(), ())):
            local = datetime.combine(day, at)
            if _exists(local, tz):
                found.append(local.replace(tzinfo=tz, fold=0).astimezone(UTC))
    return found


def next_free_slot(
    slots: Collection[WeeklySlot],
    zone_name: str,
    after: datetime,
    taken: Collection[datetime] = (),
) -> datetime:
    """The first slot strictly after `after` (UTC) that no other post has taken."""
    if not slots:
        raise ScheduleError("the channel has no queue slots")
    _require_aware("the start time", after)
    for t in taken:
        _require_aware("a taken slot", t)
    busy = {t.astimezone(UTC) for t in taken}
    # Each week holds at least one slot that exists (a gap spans one day a year at most), so
    # len(taken) + 2 weeks always contain a free one; search a week at a time.
    start = to_local(after, zone_name).date() - timedelta(days=1)
    for week in range(len(busy) + 3):
        for candidate in occurrences(slots, zone_name, start + timedelta(weeks=week), 7):
            if candidate > after and candidate not in busy:
                return candidate
    raise ScheduleError("no free slot found")  # unreachable with the bound above
