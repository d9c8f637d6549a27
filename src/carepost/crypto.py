"""Secrets at rest: the installation key, purpose-bound subkeys and an authenticated box.

The master key comes from `CAREPOST_SECRET_KEY` or from `<data_dir>/secret.key`, created with
mode 0600 on first start. Nothing uses the master key directly: `derive(key, purpose)` gives
each use (cookie signing, credential encryption) its own subkey, so one leaking or being misused
does not expose the others.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from carepost.settings import Settings, SettingsError

KEY_FILE_NAME = "secret.key"
KEY_BYTES = 32
_BOX_VERSION = b"\x01"
_NONCE_BYTES = 12


class CryptoError(Exception):
    """A ciphertext is malformed, tampered with or was made with another key."""


def key_file_path(settings: Settings) -> Path:
    """Where the generated key lives when `CAREPOST_SECRET_KEY` is not set."""
    return settings.data_dir / KEY_FILE_NAME


def _read_key_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SettingsError(f"secret_key: key file {path} is readable by others; chmod 600 it")
    try:
        key = base64.urlsafe_b64decode(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        raise SettingsError(f"secret_key: key file {path} is not a carepost key") from None
    if len(key) != KEY_BYTES:
        raise SettingsError(f"secret_key: key file {path} is not a carepost key")
    return key


def load_or_create_key(settings: Settings) -> bytes:
    """Return the installation's master key, creating the key file (0600) on first start."""
    if settings.secret_key:
        # Any long random string works; hashing gives it a fixed size.
        return hashlib.sha256(settings.secret_key.encode("utf-8")).digest()
    path = key_file_path(settings)
    if path.exists():
        return _read_key_file(path)
    key = os.urandom(KEY_BYTES)
    try:
        # O_EXCL: two processes starting at once must not each write a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    except OSError:
        raise SettingsError(f"secret_key: cannot create key file {path}") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.urlsafe_b64encode(key).decode("ascii") + "\n")
    return key


def derive(key: bytes, purpose: str) -> bytes:
    """Derive a 32-byte subkey bound to `purpose` (e.g. "session-cookie", "channel-credentials")."""
    if not purpose:
        raise ValueError("purpose must not be empty")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode("utf-8"))
    return hkdf.derive(key)


class Box:
    """AES-256-GCM encryption of small secrets, with a random nonce per message."""

    def __init__(self, key: bytes, purpose: str = "box") -> None:
        if len(key) < 16:
            raise ValueError("key too short")
        self._aead = AESGCM(derive(key, purpose))

    def encrypt(self, data: str | bytes) -> str:
        """Encrypt `data` and return printable text safe to store in a database column."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, raw, _BOX_VERSION)
        return base64.urlsafe_b64encode(_BOX_VERSION + nonce + sealed).decode("ascii")

    def decrypt(self, token: str) -> bytes:
        """Decrypt a value made by `encrypt`; raise CryptoError if it was altered."""
        try:
            blob = base64.urlsafe_b64decode(token.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise CryptoError("ciphertext is not valid base64") from None
        if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _BOX_VERSION:
            raise CryptoError("ciphertext has an unknown format")
        nonce, sealed = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, _BOX_VERSION)
        except InvalidTag:
            raise CryptoError("ciphertext failed authentication (wrong key or altered)") from None
