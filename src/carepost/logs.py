"""Structured logs that never carry message text or identifiers.

`log_event(logger, event, **fields)` is the only way carepost code logs. Fields must be safe
scalars: numbers, booleans, None, or short lowercase tokens such as outcomes and action names
("ok", "locked_out", "auth.login"). Anything else (an email, a name, free text, a URL) is
refused with a ValueError naming the field, so a mistake shows up in tests, not in a log file.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any

from carepost.settings import Settings

ROOT_LOGGER = "carepost"
# Lowercase tokens only: no '@', spaces, digits-then-letters patterns of names or free text.
_SAFE_TOKEN = re.compile(r"^[a-z][a-z0-9_.:-]{0,63}$")
_SAFE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_RESERVED = {"event", "level", "logger", "ts"}

# Silent until configure_logging() runs (as `serve` does): CLI commands speak for themselves,
# and Python's last-resort handler would print bare event names on stderr.
logging.getLogger(ROOT_LOGGER).addHandler(logging.NullHandler())


def _check_field(key: str, value: Any) -> None:
    if not _SAFE_KEY.match(key) or key in _RESERVED:
        raise ValueError(f"log field name {key!r} is not allowed")
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str) and _SAFE_TOKEN.match(value) and "@" not in value:
        return
    raise ValueError(f"log field {key!r} must be a number, boolean or lowercase token")


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one structured event; fields may only be ids, counts, lengths and outcomes."""
    if not _SAFE_TOKEN.match(event):
        raise ValueError("log event names are lowercase tokens such as 'auth.login'")
    for key, value in fields.items():
        _check_field(key, value)
    logger.log(level, event, extra={"carepost_fields": fields})


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, event and the event's safe fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render one record as a JSON object."""
        payload: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.msg if isinstance(record.msg, str) else "log",
        }
        payload.update(getattr(record, "carepost_fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            # The exception type only: exception messages can quote user input.
            payload["exc_type"] = record.exc_info[0].__name__
        return json.dumps(payload, sort_keys=True, separators=(",", ":"))


class TextFormatter(logging.Formatter):
    """`ts level logger event key=value ...` for people reading a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        """Render one record as a line of text."""
        fields = getattr(record, "carepost_fields", {})
        parts = [
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created)),
            record.levelname.lower(),
            record.name,
            record.msg if isinstance(record.msg, str) else "log",
        ]
        parts += [f"{k}={v}" for k, v in sorted(fields.items())]
        if record.exc_info and record.exc_info[0] is not None:
            parts.append(f"exc_type={record.exc_info[0].__name__}")
        return " ".join(parts)


def configure_logging(settings: Settings, stream: Any = None) -> logging.Logger:
    """Send the `carepost` loggers to stderr (or `stream`) in the configured format and level."""
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in list(logger.handlers):
        if getattr(handler, "carepost_handler", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.carepost_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    logger.addHandler(handler)
    logger.setLevel(settings.log_level)
    logger.propagate = False
    return logger
