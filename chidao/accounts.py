"""Who may use the web app and the API: users with a role and an Argon2-hashed password, and
API tokens with a role, kept in the store of record (`users` and `api_tokens`, created by
index/tracking_schema.py). Library only: the CLI and chidao.web call these functions.

Roles, each allowed what the ones below it are: viewer (reads) < tracker (changes task
statuses, attaches reports) < archivist (uploads documents) < admin (manages users).

A token is `secrets.token_urlsafe(32)` (256 random bits), shown once and stored as its
SHA-256: a high-entropy secret needs no slow hash, and a lookup by hash stays one indexed
query. A revoked token keeps its row (who had it, when it stopped working)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from chidao.errors import NotFoundError, UsageError

ROLES = ("viewer", "tracker", "archivist", "admin")
ROLE_LABELS = {"viewer": "xem", "tracker": "theo dõi", "archivist": "văn thư", "admin": "quản trị"}
MAX_NAME = 64
MAX_PASSWORD = 1024

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("chidao-no-such-user")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created_at: str


@dataclass(frozen=True)
class Token:
    name: str
    role: str
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def check_role(role: str) -> str:
    """The role, or UsageError naming the roles there are."""
    value = (role or "").strip().lower()
    if value not in ROLES:
        raise UsageError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return value


def role_allows(role: str | None, needed: str) -> bool:
    """Whether `role` may do what `needed` may (admin may do everything)."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def _name(name: str, what: str) -> str:
    value = unicodedata.normalize("NFC", (name or "").strip())
    if not value:
        raise UsageError(f"a {what} needs a name")
    if len(value) > MAX_NAME or any(unicodedata.category(c).startswith("C") or c in "/\\" for c in value):
        raise UsageError(f"{what} name {name!r} is not usable: at most {MAX_NAME} printable characters, "
                         "no slashes")
    return value


def _now(at: dt.datetime | None) -> str:
    return (at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")


# -- users -------------------------------------------------------------------------------------
def add_user(store, name: str, password: str, role: str = "viewer", *, at: dt.datetime | None = None) -> User:
    """A new user; UsageError for a taken name, an unknown role or an empty password."""
    name, role = _name(name, "user"), check_role(role)
    password_hash = _hash(password)
    stamp = _now(at)
    with store.write() as conn:
        try:
            conn.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES (?,?,?,?)",
                         (name, role, password_hash, stamp))
        except sqlite3.IntegrityError:
            raise UsageError(f"user {name!r} exists already: choose another name, or "
                             "`chidao user set-role` to change its role") from None
    return User(name, role, stamp)


def remove_user(store, name: str) -> None:
    with store.write() as conn:
        if conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
            raise _no_user(name)


def set_role(store, name: str, role: str) -> User:
    role = check_role(role)
    with store.write() as conn:
        if conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, name)).rowcount == 0:
            raise _no_user(name)
    return get_user(store, name)


def set_password(store, name: str, password: str) -> None:
    password_hash = _hash(password)
    with store.write() as conn:
        if conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name)).rowcount == 0:
            raise _no_user(name)


def get_user(store, name: str) -> User | None:
    row = store.connection().execute("SELECT name, role, created_at FROM users WHERE name = ?", (name,)).fetchone()
    return User(*row) if row else None


def list_users(store) -> list[User]:
    rows = store.connection().execute("SELECT name, role, created_at FROM users ORDER BY name").fetchall()
    return [User(*r) for r in rows]


def verify_password(store, name: str, password: str) -> User | None:
    """The user when `password` is theirs, else None (the same time either way)."""
    row = store.connection().execute("SELECT name, role, created_at, password_hash FROM users WHERE name = ?",
                                     (unicodedata.normalize("NFC", (name or "").strip()),)).fetchone()
    stored = row[3] if row else _DUMMY_HASH
    try:
        _hasher.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(stored):
        try:
            set_password(store, row[0], password)
        except Exception:  # noqa: BLE001 - a rehash is an upgrade, never a reason to refuse sign-in
            pass
    return User(*row[:3])


def _hash(password: str) -> str:
    if not password or not password.strip():
        raise UsageError("the password is empty: give one with at least one non-space character")
    if len(password) > MAX_PASSWORD:
        raise UsageError(f"the password is longer than {MAX_PASSWORD} characters")
    return _hasher.hash(password)


def _no_user(name: str) -> NotFoundError:
    return NotFoundError(f"no user {name!r}: `chidao user list` shows them")


# -- API tokens ----------------------------------------------------------------------------------
def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store, name: str, role: str = "viewer", *, at: dt.datetime | None = None) -> str:
    """A new token (returned once; only its hash is kept). A name may be reused only after
    its token was revoked."""
    name, role = _name(name, "token"), check_role(role)
    token = secrets.token_urlsafe(32)
    stamp = _now(at)
    with store.write() as conn:
        row = conn.execute("SELECT revoked_at FROM api_tokens WHERE name = ?", (name,)).fetchone()
        if row is not None and row[0] is None:
            raise UsageError(f"token {name!r} exists already: `chidao token revoke {name}` first, or choose another name")
        conn.execute("INSERT OR REPLACE INTO api_tokens (name, role, token_hash, created_at, revoked_at) "
                     "VALUES (?,?,?,?,NULL)", (name, role, _digest(token), stamp))
    return token


def revoke_token(store, name: str, *, at: dt.datetime | None = None) -> None:
    with store.write() as conn:
        row = conn.execute("SELECT revoked_at FROM api_tokens WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFoundError(f"no token {name!r}: `chidao token list` shows them")
        if row[0] is None:
            conn.execute("UPDATE api_tokens SET revoked_at = ? WHERE name = ?", (_now(at), name))


def list_tokens(store) -> list[Token]:
    rows = store.connection().execute(
        "SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY name").fetchall()
    return [Token(*r) for r in rows]


def find_token(store, token: str) -> Token | None:
    """The active token with this secret, or None (unknown or revoked)."""
    if not token or len(token) > 200:
        return None
    row = store.connection().execute(
        "SELECT name, role, created_at, revoked_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
        (_digest(token),)).fetchone()
    return Token(*row) if row else None


def token_role(store, token: str) -> str | None:
    """The role of an active token, or None."""
    found = find_token(store, token)
    return found.role if found else None


__all__ = ["ROLES", "ROLE_LABELS", "Token", "User", "add_user", "check_role", "create_token", "find_token",
           "get_user", "list_tokens", "list_users", "remove_user", "revoke_token", "role_allows", "set_password",
           "set_role", "token_role", "verify_password"]
