"""Structured logging: JSON lines with safe fields only."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from carepost.logs import configure_logging, log_event
from carepost.settings import load_settings


def _configured(tmp_path: Path, fmt: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    settings = load_settings(environ={}, data_dir=str(tmp_path), log_format=fmt,
                             log_level="debug")
    configure_logging(settings, stream=stream)
    return logging.getLogger("carepost.test"), stream


def test_json_lines_carry_event_and_fields(tmp_path: Path) -> None:
    logger, stream = _configured(tmp_path, "json")
    log_event(logger, "auth.login", outcome="locked_out", user_id=7, length=42, ok=False)
    record = json.loads(stream.getvalue().strip())
    assert record["event"] == "auth.login" and record["level"] == "info"
    assert (record["outcome"], record["user_id"], record["length"], record["ok"]) == (
        "locked_out", 7, 42, False
    )


def test_text_format(tmp_path: Path) -> None:
    logger, stream = _configured(tmp_path, "text")
    log_event(logger, "db.upgrade", revision_count=1)
    assert stream.getvalue().strip().endswith("carepost.test db.upgrade revision_count=1")


@pytest.mark.parametrize(
    "value",
    ["jane.doe@example.org", "Jane Doe", "pain in my chest since monday", "https://x.example/a",
     "A" * 10, b"bytes", ["list"], {"a": 1}],
)
def test_unsafe_values_are_refused_without_quoting_them(value: object) -> None:
    with pytest.raises(ValueError) as err:
        log_event(logging.getLogger("carepost.test"), "event.name", field=value)
    assert "field" in str(err.value) and str(value) not in str(err.value)


def test_bad_event_names_and_reserved_fields_are_refused() -> None:
    logger = logging.getLogger("carepost.test")
    with pytest.raises(ValueError):
        log_event(logger, "Patient Jane arrived")
    with pytest.raises(ValueError):
        log_event(logger, "ok.event", ts=1)


def test_exceptions_log_their_type_not_their_message(tmp_path: Path) -> None:
    logger, stream = _configured(tmp_path, "json")
    try:
        raise RuntimeError("jane.doe@example.org has HIV")
    except RuntimeError:
        logger.exception("job.failed", extra={"carepost_fields": {"job_id": 3}})
    line = stream.getvalue()
    assert "jane" not in line and json.loads(line)["exc_type"] == "RuntimeError"
