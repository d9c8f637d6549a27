"""The app factory: `create_app(settings)` wires storage, sessions, error handling and routers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from carepost import __version__
from carepost.crypto import derive, load_or_create_key
from carepost.settings import Settings
from carepost.storage.db import make_engine, session_factory
from carepost.web.errors import install_handlers
from carepost.web.middleware import BodyLimitMiddleware, SafeServerMiddleware
from carepost.web.security import SecurityHeadersMiddleware, SessionCodec, SessionMiddleware
from carepost.web.setup_link import SetupLink

STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class WebState:
    """What request handlers need from the app: settings, database and the setup link."""

    settings: Settings
    engine: Engine
    factory: sessionmaker[Session]
    setup_link: SetupLink | None = None


def create_app(
    settings: Settings, *, engine: Engine | None = None, setup_link: SetupLink | None = None
) -> FastAPI:
    """Build the web application; the database must already be migrated."""
    from carepost.web.api import router as api_router
    from carepost.web.pages import router as pages_router
    from carepost.web.public import router as public_router

    engine = engine if engine is not None else make_engine(settings.database_url)
    state = WebState(settings, engine, session_factory(engine), setup_link)

    # The OpenAPI document describes the JSON API only: pages are left out of the schema.
    app = FastAPI(
        title="carepost API",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.carepost = state
    install_handlers(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse(
                {
                    "status": "unavailable",
                    "error": {
                        "code": "database_unavailable",
                        "message": "The database is not answering.",
                    },
                },
                status_code=503,
            )
        return JSONResponse({"status": "ok"})

    app.include_router(api_router, prefix="/api/v1")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages_router)
    app.include_router(public_router)  # the blogs: no login, no session CSRF (own form token)

    key = derive(load_or_create_key(settings), "session-cookie")
    app.add_middleware(
        SessionMiddleware,
        codec=SessionCodec(key, settings.session_max_age),
        secure=settings.behind_tls,
    )
    # Outside the session and every handler: an oversized body is refused before it is read.
    app.add_middleware(BodyLimitMiddleware, max_body=settings.max_body_bytes,
                       max_upload=settings.max_upload_bytes)
    # Added last, so it wraps everything above (but sits inside Starlette's own error layer,
    # which it keeps from ever seeing an exception).
    app.add_middleware(SafeServerMiddleware)
    # Outermost of ours: even the generic 500 gets the security headers.
    app.add_middleware(SecurityHeadersMiddleware)
    return app
