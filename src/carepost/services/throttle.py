"""Sign-in throttling: failure counters per account and per remote address, stored hashed.

An account locks after `login_max_failures` failures within `lockout_seconds`; an address
after four times as many (it may be a shared NAT). A lock lasts `lockout_seconds`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from carepost.settings import Settings
from carepost.storage.models import LoginThrottle, utcnow

ADDRESS_FACTOR = 4


def account_key(email: str) -> str:
    """Throttle key for an email; hashed because attackers choose what is typed there."""
    return "acct:" + hashlib.sha256(email.encode("utf-8")).hexdigest()[:64]


def address_key(remote_addr: str) -> str:
    """Throttle key for a remote address, hashed so the table holds no IP addresses."""
    return "addr:" + hashlib.sha256(remote_addr.encode("utf-8")).hexdigest()[:64]


def keys_for(email: str, remote_addr: str | None) -> list[tuple[str, int]]:
    """The throttle keys of one attempt, each with its failure limit factor."""
    keys = [(account_key(email), 1)]
    if remote_addr:
        keys.append((address_key(remote_addr), ADDRESS_FACTOR))
    return keys


def locked_until(session: Session, keys: list[tuple[str, int]], now: datetime) -> datetime | None:
    """The latest lock still in force on any of the keys, or None."""
    latest: datetime | None = None
    for key, _factor in keys:
        row = session.get(LoginThrottle, key)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            latest = row.locked_until if latest is None else max(latest, row.locked_until)
    return latest


def register_failure(
    session: Session, keys: list[tuple[str, int]], settings: Settings, now: datetime | None = None
) -> tuple[int, datetime | None]:
    """Count a failure on every key; return the account's failure count and any new lock."""
    now = now or utcnow()
    window = timedelta(seconds=settings.lockout_seconds)
    prune(session, settings, now)
    account_failures, new_lock = 0, None
    for key, factor in keys:
        row = session.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, first_failure_at=now)
            session.add(row)
        elif row.first_failure_at + window < now:
            # Old failures age out: a typo last week does not count towards today's lock.
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        row.failures += 1
        if factor == 1:
            account_failures = row.failures
        if row.failures >= settings.login_max_failures * factor:
            row.locked_until = now + window
            row.failures, row.first_failure_at = 0, now
            new_lock = row.locked_until if new_lock is None else max(new_lock, row.locked_until)
    session.flush()
    return account_failures, new_lock


def clear_account(session: Session, email: str) -> None:
    """Forget an account's failures after a successful sign-in."""
    row = session.get(LoginThrottle, account_key(email))
    if row is not None:
        session.delete(row)


def prune(session: Session, settings: Settings, now: datetime) -> int:
    """Drop counters that no longer matter, so guessing random emails cannot grow the table."""
    cutoff = now - timedelta(seconds=settings.lockout_seconds)
    result = session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.first_failure_at < cutoff,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
