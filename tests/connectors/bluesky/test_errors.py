"""How the Bluesky connector classifies the atproto client's failures."""

from __future__ import annotations

import time

import httpx
import pytest
from atproto_client import exceptions as atx
from atproto_client.models.common import XrpcError
from atproto_client.request import Response

from carepost.connectors import ConnectorError, OutboundItem, create
from carepost.connectors.bluesky.session import translate
from carepost.connectors.idempotency import new_key
from tests.connectors.helpers import free_port


def _response(
    status: int, error: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        success=False,
        status_code=status,
        content=XrpcError(error=error, message=message),
        headers=headers or {},
    )


def test_rate_limit_uses_the_reset_header() -> None:
    reset = int(time.time()) + 120
    exc = atx.RateLimitExceededError(
        _response(429, "RateLimitExceeded", "Rate Limit Exceeded", {"ratelimit-reset": str(reset)})
    )
    error = translate(exc, "publishing")
    assert error.kind == "rate_limited" and not error.permanent
    assert error.retry_after is not None and 100 < error.retry_after <= 120
    assert error.message == "publishing: HTTP 429: RateLimitExceeded: Rate Limit Exceeded"


def test_expired_token_needs_reconnecting() -> None:
    error = translate(
        atx.BadRequestError(_response(400, "ExpiredToken", "Token has expired")), "publishing"
    )
    assert (error.kind, error.permanent) == ("auth_expired", True)


def test_invalid_record_is_rejected_with_the_pds_message() -> None:
    error = translate(
        atx.BadRequestError(_response(400, "InvalidRequest", "Invalid app.bsky.feed.post record")),
        "publishing",
    )
    assert (error.kind, error.permanent) == ("rejected", True)
    assert "Invalid app.bsky.feed.post record" in error.message


def test_a_timeout_may_have_been_sent_but_a_refused_connection_was_not() -> None:
    try:
        raise atx.InvokeTimeoutError from httpx.ReadTimeout("read")
    except atx.InvokeTimeoutError as exc:
        assert translate(exc, "publishing").maybe_sent
    try:
        raise atx.NetworkError from httpx.ConnectError("refused")
    except atx.NetworkError as exc:
        error = translate(exc, "publishing")
    assert error.kind == "transient" and not error.maybe_sent
    assert error.message == "publishing: ConnectError"


def test_no_pds_listening_is_transient_and_not_sent() -> None:
    connector = create(
        "bluesky",
        {
            "handle": "clinic.test",
            "app_password": "pw",
            "service_url": f"http://127.0.0.1:{free_port()}",
            "allow_private_addresses": True,
        },
    )
    check = connector.test_connection()
    assert not check.ok and check.detail == "transient: login: ConnectError"
    with pytest.raises(ConnectorError) as info:
        connector.publish(OutboundItem(text="Clinic open"), new_key())
    assert info.value.kind == "transient" and not info.value.maybe_sent
