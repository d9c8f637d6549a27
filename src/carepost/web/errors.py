"""One way to answer an error: JSON `{"error": {"code", "message"}}` under /api, a page elsewhere.

Messages come from a fixed vocabulary or from `ServiceError` (whose messages are safe to show by
contract); request values are never echoed back, since they may hold PHI.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from carepost.services import errors as svc
from carepost.web.security import Scope

API_PREFIX = "/api/"

_HEADINGS = {
    400: "That request could not be read",
    401: "Please sign in",
    403: "You cannot do that",
    404: "Page not found",
    405: "That action is not available here",
    409: "That conflicts with what is already there",
    422: "Some fields need attention",
    423: "Sign-in temporarily locked",
    500: "Something went wrong",
    503: "Service unavailable",
}
_MESSAGES = {
    400: "The request was malformed.",
    401: "Authentication is required.",
    403: "You do not have permission to do that.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    500: "An unexpected error happened. It has been logged without the content you sent.",
    503: "The database is not answering.",
}
_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    423: "locked_out",
    500: "internal_error",
    503: "unavailable",
}


class LoginRequired(Exception):
    """A page needs a signed-in user; `expired` when the session ran out."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("login required")
        self.expired = expired


class CsrfFailed(Exception):
    """An unsafe request came without the session's CSRF token."""

    def __init__(self) -> None:
        super().__init__("csrf token missing or wrong")


class ApiError(Exception):
    """An API failure with a status, a stable code and a safe message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def is_api(path: str) -> bool:
    """True for JSON API paths."""
    return path.startswith(API_PREFIX) or path == "/healthz"


def json_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The API's one error shape."""
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def error_page(
    request: Request | None, status: int, message: str | None = None, **extra: object
) -> HTMLResponse:
    """A generic error page: heading and a safe one-line message, no traceback."""
    from carepost.web.templating import render_error

    return render_error(
        request,
        status,
        heading=_HEADINGS.get(status, "Something went wrong"),
        message=message or _MESSAGES.get(status, "The request could not be completed."),
        **extra,
    )


def respond(
    request: Request, status: int, code: str | None = None, message: str | None = None
) -> Response:
    """JSON for the API, a page otherwise."""
    code = code or _CODES.get(status, "error")
    if is_api(request.url.path):
        return json_error(status, code, message or _MESSAGES.get(status, "Request failed."))
    return error_page(request, status, message)


def generic_500(scope: Scope) -> Response:
    """The response for an unhandled exception, built without touching the request body."""
    path = scope.get("path", "")
    if is_api(path):
        return json_error(500, "internal_error", _MESSAGES[500])
    return error_page(None, 500)


_SERVICE_STATUS: list[tuple[type[Exception], int, str]] = [
    (svc.LockedOut, 423, "locked_out"),  # before its base class AuthenticationFailed
    (svc.AuthenticationFailed, 401, "authentication_failed"),
    (svc.PermissionDenied, 403, "forbidden"),
    (svc.NotFound, 404, "not_found"),
    (svc.ValidationFailed, 422, "invalid"),
    (svc.Conflict, 409, "conflict"),
    (svc.SetupAlreadyDone, 404, "not_found"),
]


def service_status(exc: Exception) -> tuple[int, str]:
    """Map a ServiceError to an HTTP status and error code."""
    for kind, status, code in _SERVICE_STATUS:
        if isinstance(exc, kind):
            return status, code
    return 400, "bad_request"


def install_handlers(app: FastAPI) -> None:
    """Register the exception handlers on `app`."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return respond(request, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # Name the fields only: pydantic's error would echo the submitted value.
        fields = sorted(
            {".".join(str(p) for p in e.get("loc", ())[1:]) or "body" for e in exc.errors()}
        )
        message = "Missing or invalid: " + ", ".join(fields) + "."
        return respond(request, 422, "invalid", message)

    @app.exception_handler(svc.ServiceError)
    async def _service(request: Request, exc: svc.ServiceError) -> Response:
        status, code = service_status(exc)
        return respond(request, status, code, str(exc))

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return json_error(exc.status, exc.code, exc.message, headers)

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        if _is_htmx(request):
            # The page's token is stale (signed out or in again elsewhere): reload it.
            return Response(status_code=403, headers={"HX-Refresh": "true"})
        return respond(
            request,
            403,
            "csrf_failed",
            "This form has expired or did not come from carepost. "
            "Go back, reload the page and try again.",
        )

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if is_api(request.url.path):
            return json_error(401, "unauthenticated", _MESSAGES[401])
        target = "/login?expired=1" if exc.expired else "/login"
        if request.method == "GET" and not exc.expired:
            target += "?next=" + _safe_next(request)
        if _is_htmx(request):
            # htmx would follow a 303 and swap the login page into a fragment; send the
            # whole window there instead.
            return Response(status_code=200, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _safe_next(request: Request) -> str:
    from urllib.parse import quote

    # Only the path, never the query string: it could carry search terms.
    return quote(request.url.path, safe="/")
