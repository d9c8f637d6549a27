"""Scheduling: DST gap and overlap in the organisation's zone, weekly slots, next free slot."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carepost.core.schedule import (
    ScheduleError,
    WeeklySlot,
    check_future,
    is_ambiguous,
    next_free_slot,
    occurrences,
    parse_local,
    parse_slots,
    to_local,
    to_utc,
)

NY = "America/New_York"


def test_the_spring_forward_gap_is_refused_naming_the_local_time() -> None:
    with pytest.raises(ScheduleError, match="2026-03-08 02:30 does not exist in America/New_York"):
        to_utc(datetime(2026, 3, 8, 2, 30), NY)
    with pytest.raises(ScheduleError, match="spring forward"):
        parse_local("2026-03-08 02:00", NY)


def test_a_time_in_the_gap_is_not_ambiguous_it_does_not_exist() -> None:
    assert not is_ambiguous(datetime(2026, 3, 8, 2, 30), NY)
    assert not is_ambiguous(datetime(2026, 3, 8, 12, 0), NY)


def test_the_edges_of_the_gap_exist() -> None:
    assert to_utc(datetime(2026, 3, 8, 1, 59), NY) == datetime(2026, 3, 8, 6, 59, tzinfo=UTC)
    assert to_utc(datetime(2026, 3, 8, 3, 0), NY) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)


def test_the_fall_back_overlap_takes_the_first_occurrence_unless_asked() -> None:
    local = datetime(2026, 11, 1, 1, 30)
    assert is_ambiguous(local, NY)
    first = to_utc(local, NY)
    second = to_utc(local, NY, occurrence="second")
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # still EDT, UTC-4
    assert second == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # EST, UTC-5
    assert second - first == timedelta(hours=1)
    assert to_local(first, NY).replace(tzinfo=None) == local
    assert to_local(second, NY).replace(tzinfo=None) == local


def test_occurrence_is_ignored_where_the_time_happens_once() -> None:
    local = datetime(2026, 7, 1, 9, 0)
    assert not is_ambiguous(local, NY)
    assert to_utc(local, NY, occurrence="second") == to_utc(local, NY)


def test_other_hemispheres_and_zones_without_dst() -> None:
    # Sydney springs forward on 2026-10-04 at 02:00 to 03:00.
    with pytest.raises(ScheduleError, match="does not exist in Australia/Sydney"):
        to_utc(datetime(2026, 10, 4, 2, 15), "Australia/Sydney")
    assert to_utc(datetime(2026, 3, 8, 2, 30), "Asia/Kolkata") == datetime(
        2026, 3, 7, 21, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: to_utc(datetime(2026, 1, 1, 9), "Mars/Olympus"), "unknown time zone"),
        (lambda: to_utc(datetime(2026, 1, 1, 9, tzinfo=UTC), NY), "must be naive"),
        (lambda: to_utc(datetime(2026, 1, 1, 9), NY, occurrence="third"), "occurrence"),  # type: ignore[arg-type]
        (lambda: parse_local("tomorrow at nine", NY), "must look like"),
        (lambda: to_local(datetime(2026, 1, 1, 9), NY), "timezone-aware"),
    ],
)
def test_bad_input_gets_a_one_line_error(call: object, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        call()  # type: ignore[operator]


def test_check_future_refuses_the_past() -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert check_future(now + timedelta(minutes=5), now) == now + timedelta(minutes=5)
    with pytest.raises(ScheduleError, match="has passed"):
        check_future(now - timedelta(seconds=1), now)
    with pytest.raises(ScheduleError, match="too soon"):
        check_future(now + timedelta(minutes=1), now, min_lead=timedelta(minutes=2))


def test_parse_slots() -> None:
    slots = parse_slots("Mon-Fri 09:00, 13:00; Sat 10:30\nsun,wed 7:05")
    assert WeeklySlot(0, time(9)) in slots and WeeklySlot(4, time(13)) in slots
    assert WeeklySlot(5, time(10, 30)) in slots and WeeklySlot(6, time(7, 5)) in slots
    assert len(slots) == 13
    assert len(parse_slots("daily 08:00")) == 7
    assert [d.weekday for d in parse_slots("Fri-Mon 12:00")] == [0, 4, 5, 6]  # wraps the week
    assert str(WeeklySlot(0, time(9))) == "Mon 09:00"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "no slots"),
        ("09:00", "slot group 1: expected days then times"),
        ("Mon 09:00; Funday 10:00", "slot group 2: unknown day"),
        ("Mon-Xyz 09:00", "unknown day range"),
        ("Mon 9am", "slot group 1: times must look like 09:00"),
        ("Mon 25:00", "times must look like 09:00"),
    ],
)
def test_bad_slot_specs_name_the_group(spec: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_slots(spec)


WEEKDAYS = parse_slots("Mon-Fri 09:00, 13:00")


def test_next_free_slot_in_the_org_zone() -> None:
    # Friday 2026-03-06 14:00 New York (EST): the next slots are Monday 09:00 and 13:00 (EDT).
    after = to_utc(datetime(2026, 3, 6, 14, 0), NY)
    monday_9 = to_utc(datetime(2026, 3, 9, 9, 0), NY)
    assert monday_9 == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)  # EDT since Sunday
    assert next_free_slot(WEEKDAYS, NY, after) == monday_9
    monday_13 = next_free_slot(WEEKDAYS, NY, after, taken=[monday_9])
    assert monday_13 == datetime(2026, 3, 9, 17, 0, tzinfo=UTC)
    # Strictly after: a slot at exactly `after` is not "next".
    assert next_free_slot(WEEKDAYS, NY, monday_9) == monday_13


def test_a_slot_in_the_gap_is_skipped_and_one_in_the_overlap_runs_once() -> None:
    slots = parse_slots("Sun 02:30, 01:30")
    spring = occurrences(slots, NY, date(2026, 3, 8), 1)
    assert spring == [to_utc(datetime(2026, 3, 8, 1, 30), NY)]  # 02:30 does not exist
    fall = occurrences(slots, NY, date(2026, 11, 1), 1)
    assert fall == [
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT, the first occurrence only
        datetime(2026, 11, 1, 7, 30, tzinfo=UTC),  # 02:30 EST
    ]
    only_gap = parse_slots("Sun 02:30")
    after = datetime(2026, 3, 7, 12, tzinfo=UTC)
    assert next_free_slot(only_gap, NY, after) == to_utc(datetime(2026, 3, 15, 2, 30), NY)


def test_next_free_slot_needs_slots_and_aware_times() -> None:
    with pytest.raises(ScheduleError, match="no queue slots"):
        next_free_slot((), NY, datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ScheduleError, match="timezone-aware"):
        next_free_slot(WEEKDAYS, NY, datetime(2026, 1, 1))
    with pytest.raises(ScheduleError, match="a taken slot must be timezone-aware"):
        next_free_slot(WEEKDAYS, NY, datetime(2026, 1, 1, tzinfo=UTC), [datetime(2026, 1, 2, 9)])


ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "UTC",
         "America/St_Johns", "Pacific/Chatham"]
slot_st = st.builds(
    WeeklySlot,
    st.integers(0, 6),
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])),
)
instant_st = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(
    slots=st.lists(slot_st, min_size=1, max_size=6),
    zone_name=st.sampled_from(ZONES),
    after=instant_st,
    data=st.data(),
)
def test_next_free_slot_is_a_free_future_slot(
    slots: list[WeeklySlot], zone_name: str, after: datetime, data: st.DataObject
) -> None:
    # Take some real upcoming slots so the search has to step over them.
    upcoming = occurrences(slots, zone_name, to_local(after, zone_name).date(), 21)
    taken = data.draw(st.lists(st.sampled_from(upcoming), max_size=8)) if upcoming else []
    found = next_free_slot(slots, zone_name, after, taken)
    assert found.tzinfo is UTC
    assert found > after
    assert found not in taken
    local = found.astimezone(ZoneInfo(zone_name))
    assert WeeklySlot(local.weekday(), local.time().replace(tzinfo=None)) in set(slots)
    # And it is the first such: no free slot lies between `after` and it.
    start = to_local(after, zone_name).date() - timedelta(days=1)
    between = [
        t for t in occurrences(slots, zone_name, start, 80) if after < t < found and t not in taken
    ]
    assert between == []
