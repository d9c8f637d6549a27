"""Service errors: each message is safe to show a person and never contains PHI or secrets."""

from __future__ import annotations

from datetime import datetime


class ServiceError(Exception):
    """Base of every error a service raises on purpose; `str(err)` is one user-safe line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    """The actor's role does not allow the action (the refusal is audited)."""


class NotFound(ServiceError):
    """The thing asked for does not exist, or is not visible to this actor."""


class ValidationFailed(ServiceError):
    """A field's value is unacceptable; `field` names it, the message never quotes it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class AuthenticationFailed(ServiceError):
    """Wrong email or password, or an unknown or revoked token (deliberately vague)."""


class LockedOut(AuthenticationFailed):
    """Too many failed sign-ins: refused until `until` (UTC)."""

    def __init__(self, until: datetime) -> None:
        super().__init__("too many failed sign-ins; try again later")
        self.until = until


class Conflict(ServiceError):
    """The action clashes with existing data (a taken slug, an existing member, the last admin)."""


class SetupAlreadyDone(ServiceError):
    """First-run setup was requested but the installation already has users."""
