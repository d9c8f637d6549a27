"""Parsing the audit log's date filters (shared by pages and the API)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carepost.services.errors import ValidationFailed


def parse_moment(field: str, value: str | None, end_of_day: bool = False) -> datetime | None:
    """A UTC datetime from `YYYY-MM-DD` or ISO 8601; a bare date as `until` includes that day."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
            return day + timedelta(days=1) if end_of_day else day
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(
            field, "expected a date like 2026-03-14 or an ISO 8601 time"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
