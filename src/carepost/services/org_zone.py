"""The organisation's publishing time zone: the calendar shows and reads times in it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carepost.core.schedule import ScheduleError, zone
from carepost.services import audit
from carepost.services.actor import Actor, require
from carepost.services.errors import ValidationFailed
from carepost.storage.publishing_web import DEFAULT_TIME_ZONE, OrgPublishing


def time_zone(session: Session, org_id: int | None) -> str:
    """The organisation's IANA time zone (UTC until someone chooses one)."""
    if org_id is None:
        return DEFAULT_TIME_ZONE
    row = session.get(OrgPublishing, org_id)
    return row.time_zone if row is not None else DEFAULT_TIME_ZONE


def set_time_zone(session: Session, actor: Actor, name: str) -> str:
    """Choose the organisation's time zone (admins: `user.manage`); unknown names are refused."""
    require(actor, "user.manage", session)
    if actor.org_id is None:
        raise ValidationFailed("time_zone", "a time zone belongs to an organisation")
    name = name.strip()
    try:
        zone(name)
    except ScheduleError:
        raise ValidationFailed(
            "time_zone", "unknown time zone; use an IANA name such as Europe/London"
        ) from None
    row = session.get(OrgPublishing, actor.org_id)
    if row is None:
        session.add(OrgPublishing(org_id=actor.org_id, time_zone=name))
    else:
        row.time_zone = name
    session.flush()
    audit.record(session, actor, "org.time_zone_set", f"org:{actor.org_id}", {"time_zone": name})
    return name
