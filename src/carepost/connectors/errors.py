"""The one error every connector raises: a kind, a permanent flag, and the network's own words."""

from __future__ import annotations

from typing import Literal

ErrorKind = Literal[
    "auth_expired", "rejected", "rate_limited", "transient", "disconnected", "unsupported"
]
ERROR_KINDS: frozenset[str] = frozenset(
    ("auth_expired", "rejected", "rate_limited", "transient", "disconnected", "unsupported")
)


class ConnectorError(Exception):
    """A failure talking to a network, classified so the publishing service can decide what next.

    The message names what failed and may quote the network's own error text; it never contains
    the post's text (which may hold PHI). `retry_after` is in seconds when the network said so.
    `maybe_sent` is true when the request may have reached the network (a timeout after sending):
    the service must then resolve "outcome unknown" with `check_status`, never by posting again.
    `done` lists what was completed before the failure (e.g. recipients already mailed).
    """

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        permanent: bool,
        retry_after: float | None = None,
        *,
        maybe_sent: bool = False,
        done: tuple[str, ...] = (),
    ) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown connector error kind: {kind!r}")
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.maybe_sent = maybe_sent
        self.done = done

    def __str__(self) -> str:
        suffix = f" (retry after {self.retry_after:g}s)" if self.retry_after is not None else ""
        return f"{self.kind}: {self.message}{suffix}"

    def __repr__(self) -> str:
        return (
            f"ConnectorError(kind={self.kind!r}, message={self.message!r}, "
            f"permanent={self.permanent!r}, retry_after={self.retry_after!r})"
        )


def unsupported(what: str) -> ConnectorError:
    """The error for an optional capability a connector does not have."""
    return ConnectorError(
        "unsupported", f"{what} is not supported by this connector", permanent=True
    )
