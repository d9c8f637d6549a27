"""Idempotency keys: AT Protocol TIDs, which every network's own idempotency mechanism accepts."""

from __future__ import annotations

import hashlib
import re
import secrets
import time

_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as AT Protocol defines it
_TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
# Derived TIDs get timestamps in a fixed 2024 window, so they stay plausible and sortable-ish.
_DERIVED_EPOCH_US = 1_704_067_200_000_000


def _encode(value: int) -> str:
    chars = []
    for _ in range(13):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_key() -> str:
    """A fresh idempotency key: a TID (time-ordered, 13 characters) with a random clock id."""
    micros = time.time_ns() // 1000
    return _encode((micros << 10) | secrets.randbelow(1024))


def is_tid(value: str) -> bool:
    """Whether `value` is a syntactically valid TID."""
    return bool(_TID.match(value))


def tid_for(key: str, part: int = 0) -> str:
    """The record key for part `part` of the post made with `key`: the same inputs, the same TID.

    A TID key is used as-is for part 0; anything else (and later thread parts) is hashed into a
    TID, so a retry after a crash always targets the same record.
    """
    if part == 0 and is_tid(key):
        return key
    digest = int.from_bytes(hashlib.sha256(f"{key}\x00{part}".encode()).digest()[:8], "big")
    micros = _DERIVED_EPOCH_US + (digest >> 24)  # 40 bits: a window of about 12 days
    return _encode((micros << 10) | (digest & 1023))
