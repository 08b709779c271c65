"""Pages: sign in / out, search, one document (with its page images, text, tasks and
citations) and the downloads of its original and its record."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from chidao.accounts import verify_password
from chidao.errors import ChidaoError, NotFoundError, UsageError
from chidao.index import parse_query
from chidao.web.api import check_body_role
from chidao.web.auth import Principal, check_form, page_reader, safe_next
from chidao.web.documents import check_id, document_view, download_type, load_record
from chidao.web.render import page

router = APIRouter(include_in_schema=False)

FACETS = (("type", "Loại văn bản"), ("issuer", "Cơ quan ban hành"), ("year", "Năm"), ("body", "Đơn vị thực hiện"))
SEARCH_KEYS = ("q", "type", "issuer", "body", "role", "from", "to", "due_from", "due_to", "sort")


# -- sign in / out -------------------------------------------------------------------------------
@router.get("/signin")
def signin_page(request: Request, next: str = Query("/", max_length=2000)):
    return page(request, "signin.html", {"next": safe_next(next), "error": None})


@router.post("/signin")
def signin(request: Request, name: str = Form("", max_length=200), password: str = Form("", max_length=1024),
           next: str = Form("/", max_length=2000), csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    user = verify_password(request.app.state.web.index.store, name, password)
    if user is None:
        return page(request, "signin.html", {"next": safe_next(next), "error": "Sai tên đăng nhập hoặc mật khẩu.",
                                             "name": name}, status_code=401)
    request.session.clear()  # a new session (and CSRF token) for the signed-in user
    request.session["user"] = user.name
    request.state.principal = None
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/signout")
def signout(request: Request, csrf: str = Form("", max_length=200)):
    check_form(request, csrf)
    request.session.clear()
    return RedirectResponse("/signin" if request.app.state.web.settings.reading_requires_login else "/",
                            status_code=303)


# -- search ------------------------------------------------------------------------------------------
@router.get("/")
@router.get("/search")
def search_page(request: Request, who: Principal = Depends(page_reader),
                q: str = Query("", max_length=2000), type: str = Query("", max_length=200),
                issuer: str = Query("", max_length=200), body: str = Query("", max_length=200),
                role: str = Query("", max_length=20), date_from: str = Query("", alias="from", max_length=20),
                date_to: str = Query("", alias="to", max_length=20), due_from: str = Query("", max_length=20),
                due_to: str = Query("", max_length=20), sort: str = Query("relevance", max_length=20),
                page_no: int = Query(1, alias="page", ge=1, le=100_000)):
    web = request.app.state.web
    size = web.settings.page_size
    params = {"q": q, "type": type, "issuer": issuer, "body": body, "role": role, "from": date_from,
              "to": date_to, "due_from": due_from, "due_to": due_to, "sort": sort if sort != "relevance" else ""}
    context = {"params": params, "result": None, "error": None, "page_no": page_no, "pages": 0,
               "facets": FACETS, "browsing": not any(params.values())}
    try:
        # Nothing asked yet: the whole archive, newest first, with its facets to narrow it down.
        query = parse_query(q, type=type, issuer=issuer, body=body, role=role or None, date_from=date_from,
                            date_to=date_to, due_from=due_from, due_to=due_to,
                            sort="date" if context["browsing"] else sort or "relevance",
                            limit=size, offset=(page_no - 1) * size)
        check_body_role(role)
        result = web.index.search(query)
    except UsageError as err:
        context["error"] = err.message
        return page(request, "search.html", context, status_code=400)
    context.update(result=result, pages=max(1, -(-result.total // size)))
    return page(request, "search.html", context)


# -- one document --------------------------------------------------------------------------------------
@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str, raw: int = Query(0, ge=0, le=1),
                  who: Principal = Depends(page_reader)):
    web = request.app.state.web
    view = document_view(web.index, web.archive, document_id, web.today())
    return page(request, "document.html", {"doc": view, "show_raw": bool(raw and view.raw)})


@router.get("/documents/{document_id}/pages/{number}.png")
def page_image(request: Request, document_id: str, number: int, who: Principal = Depends(page_reader)):
    from chidao.web.pageimages import page_png

    web = request.app.state.web
    record = load_record(web.archive, document_id)
    if record is None:
        raise NotFoundError(f"no archived original for {document_id}")
    path = page_png(web.config.home, web.archive.original(document_id), record.source.media_type, number,
                    web.config.max_image_pixels)
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


@router.get("/documents/{document_id}/original")
def download_original(request: Request, document_id: str, who: Principal = Depends(page_reader)):
    web = request.app.state.web
    record = load_record(web.archive, document_id)
    if record is None:
        raise NotFoundError(f"no archived original for {document_id}")
    try:
        path = web.archive.original(document_id)
    except ChidaoError as err:
        raise NotFoundError(err.message) from err
    with open(path, "rb") as f:
        head = f.read(64 * 1024)
    name = record.source.path.replace("\\", "/").rsplit("/", 1)[-1] or path.name
    return FileResponse(path, media_type=download_type(record.source.media_type, head), filename=name,
                        content_disposition_type="attachment")


@router.get("/documents/{document_id}/record.json")
def download_record(request: Request, document_id: str, who: Principal = Depends(page_reader)):
    web = request.app.state.web
    record = load_record(web.archive, check_id(document_id))
    if record is None:
        raise NotFoundError(f"no archived record {document_id}")
    name = document_id.removeprefix("sha256:")[:16] + ".json"
    return Response(record.to_json().encode("utf-8"), media_type="application/json; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
