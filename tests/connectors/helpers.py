"""Shared helpers for connector tests: free ports; skip (or fail in CI) when a peer is missing."""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether we run under CI, where a missing peer is a failure, not a skip."""
    return os.environ.get("CI", "").lower() in ("true", "1")


def peer_missing(reason: str) -> NoReturn:
    """Skip with a visible reason locally; fail loudly in CI."""
    if in_ci():
        pytest.fail(f"peer unavailable in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (aiosmtpd cannot bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
