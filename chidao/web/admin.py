"""Pages that change the archive or the accounts: upload (archivist) and users and tokens
(admin). Every form carries the session's CSRF token."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from chidao import accounts
from chidao.errors import ChidaoError, UsageError
from chidao.pipeline.scratch import scratch_folder
from chidao.web.auth import CSRF_FIELD, Principal, check_form, page_user
from chidao.web.render import page
from chidao.web.upload import ingest_uploads, receive_upload

router = APIRouter(include_in_schema=False)


# -- upload -----------------------------------------------------------------------------------
@router.get("/upload")
def upload_page(request: Request, who: Principal = Depends(page_user("archivist"))):
    web = request.app.state.web
    return page(request, "upload.html", {"results": None, "limits": _limits(web)})


def _limits(web) -> dict:
    return {"mb": web.settings.max_upload_bytes // (1024 * 1024), "pages": web.config.max_pages,
            "files": web.settings.max_upload_files}


@router.post("/upload")
async def upload(request: Request, who: Principal = Depends(page_user("archivist"))):
    """Files of a multipart form (the no-JS form: many files, an HTML page back) or of the
    page's script (one file per request, `Accept: application/json`: JSON back)."""
    web = request.app.state.web
    wants_json = "application/json" in request.headers.get("accept", "")
    with scratch_folder(web.config.scratch, "upload") as folder:
        received = await receive_upload(request, Path(folder), web.settings.max_upload_bytes,
                                        web.settings.max_upload_files)
        check_form(request, received.fields.get(CSRF_FIELD))
        if not received.files:
            raise UsageError("Chưa chọn tệp nào để tải lên.")
        results = await run_in_threadpool(ingest_uploads, received, web.config, web.archive, web.index)
    if wants_json:
        return JSONResponse({"results": [r.to_dict() for r in results]})
    return page(request, "upload.html", {"results": results, "limits": _limits(web)})


# -- users and tokens ----------------------------------------------------------------------------
@router.get("/users")
def users_page(request: Request, who: Principal = Depends(page_user("admin"))):
    return _users(request)


def _users(request: Request, error: str | None = None, new_token: tuple[str, str] | None = None, status: int = 200):
    store = request.app.state.web.index.store
    return page(request, "users.html", {"users": accounts.list_users(store), "tokens": accounts.list_tokens(store),
                                        "roles": accounts.ROLES, "role_labels": accounts.ROLE_LABELS,
                                        "error": error, "new_token": new_token}, status_code=status)


def _done(request: Request, message: str) -> RedirectResponse:
    request.session["flash"] = message
    return RedirectResponse("/users", status_code=303)


@router.post("/users")
def add_user(request: Request, who: Principal = Depends(page_user("admin")), name: str = Form("", max_length=200),
             role: str = Form("viewer", max_length=20), password: str = Form("", max_length=1024),
             password2: str = Form("", max_length=1024), csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    if password != password2:
        return _users(request, "Hai lần nhập mật khẩu không khớp.", status=400)
    try:
        user = accounts.add_user(request.app.state.web.index.store, name, password, role)
    except ChidaoError as err:
        return _users(request, err.message, status=400)
    return _done(request, f"Đã thêm người dùng {user.name} ({accounts.ROLE_LABELS[user.role]}).")


@router.post("/users/{name}/role")
def change_role(request: Request, name: str, who: Principal = Depends(page_user("admin")),
                role: str = Form(..., max_length=20), csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    if name == who.name:
        return _users(request, "Không thể tự đổi quyền của chính mình (để không mất quyền quản trị).", status=400)
    user = accounts.set_role(request.app.state.web.index.store, name, role)
    return _done(request, f"{user.name}: quyền {accounts.ROLE_LABELS[user.role]}.")


@router.post("/users/{name}/remove")
def remove_user(request: Request, name: str, who: Principal = Depends(page_user("admin")),
                csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    if name == who.name:
        return _users(request, "Không thể tự xóa tài khoản đang đăng nhập.", status=400)
    accounts.remove_user(request.app.state.web.index.store, name)
    return _done(request, f"Đã xóa người dùng {name}.")


@router.post("/tokens")
def create_token(request: Request, who: Principal = Depends(page_user("admin")), name: str = Form("", max_length=200),
                 role: str = Form("viewer", max_length=20), csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    try:
        secret = accounts.create_token(request.app.state.web.index.store, name, role)
    except ChidaoError as err:
        return _users(request, err.message, status=400)
    return _users(request, new_token=(name.strip(), secret))


@router.post("/tokens/{name}/revoke")
def revoke_token(request: Request, name: str, who: Principal = Depends(page_user("admin")),
                 csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    accounts.revoke_token(request.app.state.web.index.store, name)
    return _done(request, f"Đã thu hồi mã truy cập {name}.")
