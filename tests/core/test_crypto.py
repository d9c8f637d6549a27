"""Secrets at rest: the key file, subkeys, and the authenticated box."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carepost.crypto import Box, CryptoError, derive, key_file_path, load_or_create_key
from carepost.settings import SettingsError, load_settings


def test_key_file_created_once_with_mode_0600(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path))
    first = load_or_create_key(settings)
    path = key_file_path(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(settings) == first and len(first) == 32


def test_env_secret_key_wins_and_no_file_is_written(tmp_path: Path) -> None:
    settings = load_settings(environ={"CAREPOST_SECRET_KEY": "x" * 40}, data_dir=str(tmp_path))
    other = load_settings(environ={"CAREPOST_SECRET_KEY": "y" * 40}, data_dir=str(tmp_path))
    assert load_or_create_key(settings) != load_or_create_key(other)
    assert not key_file_path(settings).exists()


def test_world_readable_key_file_is_refused(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path))
    load_or_create_key(settings)
    key_file_path(settings).chmod(0o644)
    with pytest.raises(SettingsError, match="readable by others"):
        load_or_create_key(settings)


def test_corrupt_key_file_is_refused(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path))
    path = key_file_path(settings)
    path.write_text("not a key\n", encoding="ascii")
    path.chmod(0o600)
    with pytest.raises(SettingsError, match="not a carepost key"):
        load_or_create_key(settings)


def test_subkeys_differ_by_purpose() -> None:
    key = b"k" * 32
    assert derive(key, "session-cookie") != derive(key, "channel-credentials")
    assert derive(key, "a") == derive(key, "a") and len(derive(key, "a")) == 32


@given(st.binary(max_size=2048))
def test_box_round_trips_bytes(data: bytes) -> None:
    box = Box(b"m" * 32)
    assert box.decrypt(box.encrypt(data)) == data


def test_box_round_trips_text_and_uses_fresh_nonces() -> None:
    box = Box(b"m" * 32)
    one, two = box.encrypt("app-password"), box.encrypt("app-password")
    assert one != two and "app-password" not in one
    assert box.decrypt(one) == b"app-password"


def test_box_rejects_tampering_other_keys_and_garbage() -> None:
    box = Box(b"m" * 32)
    sealed = box.encrypt("secret")
    flipped = sealed[:-5] + ("A" if sealed[-5] != "A" else "B") + sealed[-4:]
    for bad in (flipped, "", "!!!", Box(b"n" * 32).encrypt("secret")):
        with pytest.raises(CryptoError):
            box.decrypt(bad)
    with pytest.raises(CryptoError):
        Box(b"m" * 32, purpose="other").decrypt(sealed)
