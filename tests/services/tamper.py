"""Hand edits of the audit table, as an attacker with database access would make them.

The append-only triggers are bypassed the way a superuser would: on PostgreSQL with
`session_replication_role = replica` (triggers do not fire), on SQLite by dropping them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text


@contextmanager
def bypassing_triggers(engine: Engine) -> Iterator[Connection]:
    """A connection on which UPDATE and DELETE of audit rows succeed."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
        yield conn


def edit_detail(engine: Engine, seq: int, detail: str) -> None:
    """Rewrite one event's JSON detail in place."""
    with bypassing_triggers(engine) as conn:
        changed = conn.execute(text("UPDATE audit_events SET detail = :d WHERE seq = :s"),
                               {"d": detail, "s": seq}).rowcount
        assert changed == 1


def delete_event(engine: Engine, seq: int) -> None:
    """Delete one event."""
    with bypassing_triggers(engine) as conn:
        deleted = conn.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": seq})
        assert deleted.rowcount == 1


def swap_events(engine: Engine, a: int, b: int) -> None:
    """Swap the positions of two events (each keeps its content and hashes)."""
    with bypassing_triggers(engine) as conn:
        conn.execute(text("UPDATE audit_events SET seq = -1 WHERE seq = :a"), {"a": a})
        conn.execute(text("UPDATE audit_events SET seq = :a WHERE seq = :b"), {"a": a, "b": b})
        conn.execute(text("UPDATE audit_events SET seq = :b WHERE seq = -1"), {"b": b})
