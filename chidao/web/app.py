"""The web app: `create_app(config)` builds one FastAPI application serving the pages (server-
rendered Jinja2, static CSS/JS from this package, no CDN) and the JSON API under /api
(OpenAPI at /api/openapi.json). One Index is opened for the app's life; SQLite gives each
worker thread its own connection (WAL: readers never wait for a writer).

Every response carries a Content-Security-Policy (default-src 'self', no inline scripts or
styles), `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` and a same-origin
referrer policy. Sessions are signed cookies (HttpOnly, SameSite=Lax)."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from chidao import __version__
from chidao.config import Config
from chidao.errors import ChidaoError, IndexUnavailableError, NotFoundError, UsageError
from chidao.web.auth import SignInRequired, session_secret, signin_url
from chidao.web.render import STATIC, error_page, make_templates

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


@dataclass(frozen=True)
class WebSettings:
    reading_requires_login: bool = True
    max_upload_bytes: int = 50 * 1024 * 1024
    max_upload_files: int = 20
    page_size: int = 20


@dataclass
class WebContext:
    """What every route needs: the config, the open index, the archive, the settings."""

    config: Config
    index: object
    archive: object
    settings: WebSettings
    templates: object
    today: Callable[[], dt.date]
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def close(self) -> None:
        self.stack.close()


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response (static files and
    errors included)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        static = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if not static and b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))  # pages hold what the user may read
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(config: Config, *, reading_requires_login: bool = True, secret: str | None = None,
               max_upload_bytes: int = 50 * 1024 * 1024, today: Callable[[], dt.date] | None = None) -> FastAPI:
    """The web app and API over `config.home`. `today` gives the "as of" day of each request
    (default: config.reference_date; `chidao serve` passes the real date unless --today)."""
    from chidao.index import open_index
    from chidao.pipeline import Archive, clean_stale_scratch

    settings = WebSettings(reading_requires_login=reading_requires_login, max_upload_bytes=max_upload_bytes)
    stack = contextlib.ExitStack()
    index = stack.enter_context(open_index(config))
    clean_stale_scratch(config.scratch)
    web = WebContext(config=config, index=index, archive=Archive(config.home), settings=settings,
                     templates=make_templates(), today=today or (lambda: config.reference_date), stack=stack)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        web.close()

    app = FastAPI(title="chidao", version=__version__, lifespan=lifespan, openapi_url="/api/openapi.json",
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
                  description="Search the archived directives and track their tasks. Task ids go in paths "
                              "percent-encoded ('#' as %23). Reads need a token unless the server was "
                              "started with --open-reading; writes need `Authorization: Bearer TOKEN` "
                              "with a sufficient role (tracker: statuses and evidence).")
    app.state.web = web
    app.add_middleware(SessionMiddleware, secret_key=secret or session_secret(config.home),
                       session_cookie="chidao_session", max_age=12 * 3600, same_site="lax", https_only=False)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_handlers(app)

    from chidao.web import admin, api, board, pages

    app.include_router(api.router)
    for module in (pages, board, admin):
        app.include_router(module.router)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _error(request: Request, status: int, message: str, headers: dict | None = None):
    if _is_api(request) or _wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return error_page(request, status, message, headers)


def _status_of(err: ChidaoError) -> int:
    if isinstance(err, NotFoundError):
        return 404
    if isinstance(err, IndexUnavailableError):
        return 503
    if isinstance(err, UsageError) or err.per_file:
        return 400
    return 500


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ChidaoError)
    async def chidao_error(request: Request, err: ChidaoError):
        return _error(request, _status_of(err), err.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException):
        message = err.detail if isinstance(err.detail, str) else str(err.detail)
        if err.status_code == 404 and message == "Not Found":
            message = "not found" if _is_api(request) else "Không tìm thấy trang này."
        elif err.status_code == 405 and message == "Method Not Allowed":
            message = "method not allowed"
        return _error(request, err.status_code, message, getattr(err, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, err: RequestValidationError):
        return _error(request, 400, _validation_line(err))

    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, err: SignInRequired):
        return RedirectResponse(signin_url(err.next_url), status_code=303)


def _validation_line(err: RequestValidationError) -> str:
    """One line for FastAPI's list of validation errors: `where: what; …`."""
    parts = []
    for e in err.errors()[:3]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path", "form"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


__all__ = ["CSP", "WebContext", "WebSettings", "create_app"]
