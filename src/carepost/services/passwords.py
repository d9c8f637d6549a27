"""Password hashing (argon2id) and the password rules, in one place."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from carepost.services.errors import ValidationFailed

MIN_LENGTH = 10
MAX_LENGTH = 1024

# argon2-cffi's defaults (RFC 9106 "low memory" profile). Tests swap in cheaper parameters
# through `use_hasher`; stored hashes carry their parameters, so both verify everywhere.
_hasher = PasswordHasher()
# Verified against when the email is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("carepost-dummy-password")


def use_hasher(hasher: PasswordHasher) -> None:
    """Replace the hasher (tests use cheap parameters; production keeps the defaults)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("carepost-dummy-password")


def validate(password: str, field: str = "password") -> None:
    """Raise ValidationFailed unless the password is acceptable (never quoting it)."""
    if not isinstance(password, str):
        raise ValidationFailed(field, "must be text")
    if len(password) < MIN_LENGTH:
        raise ValidationFailed(field, f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValidationFailed(field, f"must be at most {MAX_LENGTH} characters")
    if not password.strip():
        raise ValidationFailed(field, "must not be only spaces")


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash (or a dummy one, to keep timing even)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash uses weaker parameters than the current hasher."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
