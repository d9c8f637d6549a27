"""Shared bits of the publishing pages: reading dynamic form fields, state labels, local times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData, UploadFile

from carepost.core.schedule import to_local

STATE_LABELS = {
    "draft": "Draft",
    "in_review": "In review",
    "approved": "Approved",
    "scheduled": "Scheduled",
    "publishing": "Publishing",
    "published": "Published",
    "failed": "Failed",
    "outcome_unknown": "Outcome unknown",
}


@dataclass(frozen=True)
class Fields:
    """A submitted form (empty on GET); values are strings, files are UploadFile."""

    data: FormData | None

    def get(self, name: str, default: str = "") -> str:
        """One text field."""
        value = self.data.get(name) if self.data is not None else None
        return value if isinstance(value, str) else default

    def getlist(self, name: str) -> list[str]:
        """Every text value of a repeated field (checkboxes)."""
        if self.data is None:
            return []
        return [v for v in self.data.getlist(name) if isinstance(v, str)]

    def file(self, name: str) -> UploadFile | None:
        """An uploaded file, or None when none was chosen."""
        value = self.data.get(name) if self.data is not None else None
        if isinstance(value, UploadFile) and value.filename:
            return value
        return None


async def _fields(request: Request) -> Fields:
    # Starlette caches the parsed form, so the CSRF check and this read it once.
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        return Fields(await request.form(max_part_size=25 * 1024 * 1024))
    return Fields(None)


FormFields = Annotated[Fields, Depends(_fields)]


def local_time(instant: datetime | None, zone_name: str) -> str:
    """A stored instant as the organisation reads it: "2026-03-08 09:30 EDT"."""
    if instant is None:
        return ""
    return to_local(instant, zone_name).strftime("%Y-%m-%d %H:%M %Z")


def int_or_none(value: str) -> int | None:
    """A form value as an int, or None when it is not one."""
    try:
        return int(value)
    except ValueError:
        return None
