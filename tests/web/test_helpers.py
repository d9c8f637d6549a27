"""Small web helpers: redirect targets, slugs, date filters, the setup link."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carepost.services.errors import ValidationFailed
from carepost.web.forms import safe_next, slugify
from carepost.web.setup_link import SetupLink
from carepost.web.timefilters import parse_moment


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/members", "/members"),
        ("/audit?page=2", "/audit?page=2"),
        (None, "/"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("members", "/"),
    ],
)
def test_safe_next_keeps_only_local_paths(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Plainview Clinic", "plainview-clinic"),
        ("  St. Mary's  Hospital & Clinics ", "st-mary-s-hospital-clinics"),
        ("Clínica São João", "clinica-sao-joao"),
        ("東京病院", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_parse_moment() -> None:
    assert parse_moment("since", "") is None
    assert parse_moment("since", "2026-03-14") == datetime(2026, 3, 14, tzinfo=UTC)
    assert parse_moment("until", "2026-03-14", end_of_day=True) == datetime(2026, 3, 15, tzinfo=UTC)
    assert parse_moment("since", "2026-03-14T10:00:00Z") == datetime(2026, 3, 14, 10, tzinfo=UTC)
    with pytest.raises(ValidationFailed) as caught:
        parse_moment("since", "Jane Doe 1961")
    assert str(caught.value).startswith("since:") and "Jane" not in str(caught.value)


def test_setup_link_is_single_use_and_expires() -> None:
    link = SetupLink(lifetime=60, now=1000.0)
    assert link.url("127.0.0.1", 8000) == f"http://127.0.0.1:8000/setup?token={link.token}"
    assert link.url("::1", 8000).startswith("http://[::1]:8000/")
    assert link.url("0.0.0.0", 8080).startswith("http://127.0.0.1:8080/")
    assert link.valid(link.token, now=1059.0)
    assert not link.valid(link.token, now=1061.0)
    assert not link.valid("guess", now=1001.0) and not link.valid(None, now=1001.0)
    fresh = SetupLink()
    assert fresh.consume(fresh.token) and fresh.used
    assert not fresh.consume(fresh.token)
    fresh.release()
    assert fresh.consume(fresh.token)
    assert SetupLink().token != SetupLink().token
