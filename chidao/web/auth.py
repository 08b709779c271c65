"""Who is asking, and may they: the signed-in user of a session cookie, the owner of an API
token (`Authorization: Bearer …`, or `?token=` on calendar feeds, which cannot send headers),
or nobody. Roles come from chidao.accounts and are read again on every request, so a removed
user or a changed role takes effect at once.

Forms carry a per-session CSRF token in a hidden field; the app's own fetches send it as the
`X-CSRF-Token` header. Token-authenticated API calls need none (a browser never sends a
bearer token by itself)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import HTTPException, Request

from chidao.accounts import ROLE_LABELS, find_token, get_user, role_allows

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf"
SECRET_FILE = "web-secret"


@dataclass(frozen=True)
class Principal:
    name: str | None
    role: str | None
    via: str  # "session" | "token" | "anonymous"

    @property
    def signed_in(self) -> bool:
        return self.role is not None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role or "", "")

    def can(self, needed: str) -> bool:
        return role_allows(self.role, needed)


ANONYMOUS = Principal(None, None, "anonymous")


class SignInRequired(Exception):
    """A page needs a signed-in user: the app redirects to the sign-in page."""

    def __init__(self, next_url: str):
        self.next_url = next_url


def session_secret(home: Path) -> str:
    """The secret that signs session cookies: `<home>/web-secret`, made once (0600)."""
    path = Path(home) / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secret + "\n")
    return secret


def principal(request: Request) -> Principal:
    """The caller of this request (cached on it). An unknown or revoked token is 401."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    store = request.app.state.web.index.store
    found = ANONYMOUS
    token = _bearer(request)
    if token is None and request.url.path.startswith("/api/feeds/"):
        token = request.query_params.get("token") or None
    if token is not None:
        owner = find_token(store, token)
        if owner is None:
            raise HTTPException(401, "the API token is unknown or revoked", headers={"WWW-Authenticate": "Bearer"})
        found = Principal(owner.name, owner.role, "token")
    elif request.session.get("user"):
        user = get_user(store, request.session["user"])
        if user is None:
            request.session.pop("user", None)
        else:
            found = Principal(user.name, user.role, "session")
    request.state.principal = found
    return found


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise HTTPException(401, "use `Authorization: Bearer TOKEN`", headers={"WWW-Authenticate": "Bearer"})
    return value.strip()


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, sent: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and sent) and secrets.compare_digest(str(expected), str(sent))


def check_csrf(request: Request, sent: str | None = None) -> None:
    """403 unless the form field (or the X-CSRF-Token header) matches the session's token."""
    if not csrf_ok(request, sent or request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, "missing or wrong CSRF token: send the X-CSRF-Token header of the page's session")


def check_form(request: Request, sent: str | None) -> None:
    """check_csrf for the pages' own forms (the message is for the person at the screen)."""
    if not csrf_ok(request, sent or request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, "Biểu mẫu đã hết hạn hoặc không được gửi từ trang này: tải lại trang rồi thử lại.")


# -- API --------------------------------------------------------------------------------------
def api_reader(request: Request) -> Principal:
    """Reads: open, or (the default) any signed-in user or token."""
    who = principal(request)
    if request.app.state.web.settings.reading_requires_login and not who.signed_in:
        raise HTTPException(401, "sign in or send `Authorization: Bearer TOKEN` (chidao token create)",
                            headers={"WWW-Authenticate": "Bearer"})
    return who


def api_writer(needed: str):
    """A dependency: a token with role `needed` or higher, or a signed-in session whose
    fetch sends the CSRF header."""

    def dependency(request: Request) -> Principal:
        who = principal(request)
        if not who.signed_in:
            raise HTTPException(401, f"this needs a {needed} token: `Authorization: Bearer TOKEN`",
                                headers={"WWW-Authenticate": "Bearer"})
        if who.via == "session":
            check_csrf(request)
        if not who.can(needed):
            raise HTTPException(403, f"{who.name} is {who.role}; this needs the role {needed} or higher")
        return who

    return dependency


# -- pages ------------------------------------------------------------------------------------
def page_reader(request: Request) -> Principal:
    who = principal(request)
    if request.app.state.web.settings.reading_requires_login and not who.signed_in:
        raise SignInRequired(_here(request))
    return who


def page_user(needed: str):
    """A dependency for pages that change something: a signed-in user with role `needed`."""

    def dependency(request: Request) -> Principal:
        who = principal(request)
        if not who.signed_in:
            raise SignInRequired(_here(request) if request.method == "GET" else "/")
        if not who.can(needed):
            raise HTTPException(403, f"Tài khoản {who.name} ({who.role_label}) không có quyền này; "
                                f"cần quyền {ROLE_LABELS[needed]} trở lên.")
        return who

    return dependency


def _here(request: Request) -> str:
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    return path


def safe_next(value: str | None) -> str:
    """A local path to go back to after signing in (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def signin_url(next_url: str) -> str:
    return "/signin?next=" + quote(next_url, safe="")
