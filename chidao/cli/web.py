"""Web commands: user add / list / remove / set-role / passwd, token create / revoke / list, serve."""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from chidao.cli import config_of, main

ROLE_HELP = "viewer (reads), tracker (changes task statuses), archivist (uploads), admin (everything)"


def _store(ctx: click.Context):
    """The index of --home, as a context manager (accounts live in its SQLite store)."""
    from chidao.index import open_index

    return open_index(config_of(ctx))


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True, default="", show_default=False)


@main.group()
def user() -> None:
    """Users of the web app: each has a role and an Argon2-hashed password."""


@user.command(name="add")
@click.argument("name")
@click.option("--role", default="viewer", show_default=True, help=f"One of: {ROLE_HELP}.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (no prompt).")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add a user NAME; the password is asked twice (hidden), or read from stdin.

    \b
    Example:
      chidao user add lan --role tracker
      echo 'mật-khẩu-dài' | chidao user add admin --role admin --password-stdin
    """
    from chidao.accounts import add_user, check_role

    check_role(role)
    password = _password(password_stdin)
    with _store(ctx) as index:
        added = add_user(index.store, name, password, role)
    click.echo(f"user {added.name}: {added.role}")


@user.command(name="list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """List users with their roles.

    \b
    Example:
      chidao user list
    """
    from chidao.accounts import list_users

    with _store(ctx) as index:
        users = list_users(index.store)
    for u in users:
        click.echo(f"{u.name}\t{u.role}\t{u.created_at}")
    click.echo(f"{len(users)} user(s)")


@user.command(name="remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Remove the user NAME (their past status changes keep their name).

    \b
    Example:
      chidao user remove lan
    """
    from chidao.accounts import remove_user

    with _store(ctx) as index:
        remove_user(index.store, name)
    click.echo(f"removed user {name}")


@user.command(name="set-role")
@click.argument("name")
@click.argument("role")
@click.pass_context
def user_set_role(ctx: click.Context, name: str, role: str) -> None:
    """Give the user NAME the ROLE: viewer, tracker, archivist or admin.

    \b
    Example:
      chidao user set-role lan archivist
    """
    from chidao.accounts import set_role

    with _store(ctx) as index:
        changed = set_role(index.store, name, role)
    click.echo(f"user {changed.name}: {changed.role}")


@user.command(name="passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (no prompt).")
@click.pass_context
def user_passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password for the user NAME.

    \b
    Example:
      chidao user passwd lan
    """
    from chidao.accounts import set_password

    password = _password(password_stdin)
    with _store(ctx) as index:
        set_password(index.store, name, password)
    click.echo(f"user {name}: password changed")


@main.group()
def token() -> None:
    """API tokens: `Authorization: Bearer TOKEN`, or `?token=TOKEN` on calendar feeds."""


@token.command(name="create")
@click.argument("name")
@click.option("--role", default="viewer", show_default=True, help=f"One of: {ROLE_HELP}.")
@click.pass_context
def token_create(ctx: click.Context, name: str, role: str) -> None:
    """Create a token NAME with a ROLE and print it once (only its hash is kept).

    \b
    Example:
      chidao token create so-noi-vu-lich --role viewer
      chidao token create dong-bo --role tracker
    """
    from chidao.accounts import create_token

    with _store(ctx) as index:
        secret = create_token(index.store, name, role)
    click.echo(f"token {name} ({role}), shown only this once:", err=True)
    click.echo(secret)


@token.command(name="revoke")
@click.argument("name")
@click.pass_context
def token_revoke(ctx: click.Context, name: str) -> None:
    """Revoke the token NAME: it stops working at once.

    \b
    Example:
      chidao token revoke dong-bo
    """
    from chidao.accounts import revoke_token

    with _store(ctx) as index:
        revoke_token(index.store, name)
    click.echo(f"revoked token {name}")


@token.command(name="list")
@click.pass_context
def token_list(ctx: click.Context) -> None:
    """List tokens: name, role, created, revoked.

    \b
    Example:
      chidao token list
    """
    from chidao.accounts import list_tokens

    with _store(ctx) as index:
        tokens = list_tokens(index.store)
    for t in tokens:
        click.echo(f"{t.name}\t{t.role}\t{t.created_at}\t{'revoked ' + t.revoked_at if t.revoked_at else 'active'}")
    click.echo(f"{len(tokens)} token(s)")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--open-reading", is_flag=True, help="Let anyone who can reach the server read without signing in "
              "(writes still need a signed-in user or a token).")
@click.option("--max-upload-mb", type=click.IntRange(1, 2048), default=50, show_default=True,
              help="The largest file one upload may send.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, open_reading: bool, max_upload_mb: int) -> None:
    """Serve the web app and the REST API (/api, OpenAPI at /api/openapi.json).

    Sign-in uses the users of `chidao user add`; the API takes tokens of `chidao token
    create`. The session secret is made once in <home>/web-secret.

    \b
    Example:
      chidao user add admin --role admin
      chidao serve --port 8000
      chidao --today 2024-06-01 serve --host 0.0.0.0 --open-reading
    """
    import uvicorn

    from chidao.web import create_app

    config = config_of(ctx)
    # A server runs for days: "as of" is each request's real date, unless --today or
    # CHIDAO_TODAY fixed it.
    fixed = ctx.find_root().params.get("today") is not None or bool(os.environ.get("CHIDAO_TODAY"))
    app = create_app(config, reading_requires_login=not open_reading, max_upload_bytes=max_upload_mb * 1024 * 1024,
                     today=None if fixed else dt.date.today)
    click.echo(f"chidao web: http://{host}:{port}/ (home {config.home}; "
               f"reading {'open' if open_reading else 'needs sign-in'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
