"""The pages through Starlette's TestClient on a real home: sign-in required by default,
document text shown as text (never markup), CSRF on every form, security headers on every
response, roles enforced, uploads ingested like `chidao ingest` and never served back as
HTML, and the same search results as the CLI."""

import json
import re

import pytest
from click.testing import CliRunner

from chidao.cli import main
from chidao.errors import NotFoundError
from chidao.web.documents import download_type
from tests.web_support import (IMG, PASSWORD, SAMPLES, SCRIPT, bearer, csrf_of, make_client, sign_in,  # noqa: F401
                               web_home, web_template)

PAGES = ("/", "/search?q=chinh+quyen", "/tasks", "/dashboard")


def _ids(html: str) -> list[str]:
    return re.findall(r'class="hit-title" href="/documents/(sha256:[0-9a-f]{64})"', html)


def _task_href(html: str) -> str:
    return re.search(r'href="(/tasks/sha256:[0-9a-f]{64}%23[^"]+)"', html).group(1)


def test_reading_requires_sign_in_by_default(web_home):
    client = make_client(web_home)
    for url in PAGES + (f"/documents/{web_home.ids['004']}", f"/documents/{web_home.ids['004']}/original"):
        response = client.get(url)
        assert response.status_code == 303 and response.headers["location"].startswith("/signin?next="), url
    assert client.get("/static/style.css").status_code == 200     # the sign-in page needs its style
    sign_in(client, "xem")
    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_open_reading_still_guards_writes(web_home):
    client = make_client(web_home, reading_requires_login=False)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get("/upload").status_code == 303
    assert client.get("/users").status_code == 303


def test_sign_in_checks_password_and_csrf(web_home):
    client = make_client(web_home)
    form = client.get("/signin?next=/tasks")
    token = csrf_of(form.text)
    wrong = client.post("/signin", data={"name": "lan", "password": "sai", "csrf": token})
    assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    forged = client.post("/signin", data={"name": "lan", "password": PASSWORD, "csrf": "forged"})
    assert forged.status_code == 403
    ok = client.post("/signin", data={"name": "lan", "password": PASSWORD, "csrf": token, "next": "/tasks"})
    assert ok.status_code == 303 and ok.headers["location"] == "/tasks"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    away = client.post("/signin", data={"name": "lan", "password": PASSWORD, "csrf": csrf_of(client.get("/signin").text),
                                        "next": "//evil.example/"})
    assert away.headers["location"] == "/"
    signout = client.post("/signout", data={"csrf": csrf_of(client.get("/").text)})
    assert signout.status_code == 303 and client.get("/").status_code == 303


def test_document_text_is_shown_as_text(web_home):
    client = make_client(web_home)
    sign_in(client, "xem")
    for url in (f"/documents/{web_home.ids['xss']}", "/search?q=kiem+thu+hien+thi", "/search?q=ra+soat+quy+trinh",
                "/tasks?lane=qua-han", "/dashboard"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
    doc = client.get(f"/documents/{web_home.ids['xss']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc
    hits = client.get("/search?q=kiem+thu+hien+thi").text
    assert "&lt;script&gt;" in hits and "<mark>" in hits
    assert re.findall(r"<script[^>]*>", doc) == []    # the document page has no script at all
    stored = client.get(f"/documents/{web_home.ids['xss']}/record.json").json()
    assert SCRIPT in stored["document"]["subject"] and IMG in stored["tasks"][0]["text"]   # the test means something


def test_security_headers_on_every_response(web_home):
    client = make_client(web_home)
    sign_in(client, "xem")
    for url in PAGES + ("/static/style.css", "/nope", "/api/tasks", "/signin", f"/documents/{web_home.ids['pdf']}/pages/1.png"):
        response = client.get(url)
        csp = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert response.headers.get("x-content-type-options") == "nosniff", url
    page = client.get("/").text
    assert ' style="' not in page and "<script>" not in page


def test_forms_need_the_csrf_token(web_home):
    client = make_client(web_home)
    token = sign_in(client, "lan")
    board = client.get("/tasks?lane=qua-han").text
    task = _task_href(board)
    for sent in (None, "wrong"):
        data = {"status": "dang-thuc-hien", "note": "giả mạo"} | ({"csrf": sent} if sent else {})
        assert client.post(f"{task}/status", data=data).status_code == 403
    assert "giả mạo" not in client.get(task).text
    done = client.post(f"{task}/status", data={"status": "dang-thuc-hien", "note": "Đang triển khai", "csrf": token})
    assert done.status_code == 303
    page = client.get(task).text
    assert "Đang triển khai" in page and "<td>lan</td>" in page


def test_a_viewer_cannot_change_a_status(web_home):
    client = make_client(web_home)
    token = sign_in(client, "xem")
    board = client.get("/tasks?lane=qua-han").text
    assert "status-form" not in board
    task = _task_href(board)
    denied = client.post(f"{task}/status", data={"status": "hoan-thanh", "note": "x", "csrf": token})
    assert denied.status_code == 403
    assert client.get("/upload").status_code == 403 and client.get("/users").status_code == 403


def test_search_page_matches_the_cli(web_home):
    client = make_client(web_home)
    sign_in(client, "xem")
    for query in ("chinh quyen than thien", "phong chong thien tai", "so noi vu", "2858-CV/TU"):
        html = client.get("/search", params={"q": query}).text
        cli = CliRunner().invoke(main, ["--home", str(web_home.home), "search", *query.split(), "--json", "--limit", "20"])
        assert _ids(html) == [h["id"] for h in json.loads(cli.output)["hits"]], query
    found = client.get("/search", params={"q": "phong chong thien tai"}).text
    assert _ids(found)[0] == web_home.ids["pdf"]
    filtered = client.get("/search", params={"q": "", "type": "Công văn"}).text
    assert set(_ids(filtered)) == {web_home.ids["003"], web_home.ids["004"]}
    bad = client.get("/search", params={"q": "x", "from": "hôm qua"})
    # The page speaks Vietnamese; the program's own English line stays under "Chi tiết kỹ thuật".
    assert bad.status_code == 400 and "Yêu cầu chưa hợp lệ" in bad.text
    assert "Chi tiết kỹ thuật" in bad.text and "is not a date" in bad.text


def test_document_page_shows_card_pages_tasks_and_links(web_home):
    client = make_client(web_home)
    sign_in(client, "xem")
    html = client.get(f"/documents/{web_home.ids['004']}").text
    for text in ("2858-CV/TU", "Tỉnh ủy Bắc Giang", "07/02/2024", "Số ký hiệu", "Người ký", "Nơi nhận",
                 "99/KH-UBND"):
        assert text in html, text
    assert f"/documents/{web_home.ids['xss']}" in html               # the plan that answers it
    pdf = client.get(f"/documents/{web_home.ids['pdf']}").text
    assert f"/documents/{web_home.ids['pdf']}/pages/1.png" in pdf
    image = client.get(f"/documents/{web_home.ids['pdf']}/pages/1.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert list((web_home.home / "cache" / "pages").rglob("1-*.png"))
    assert client.get(f"/documents/{web_home.ids['pdf']}/pages/9.png").status_code == 404
    legacy = client.get(f"/documents/{web_home.ids['002']}").text
    assert "?raw=1" in legacy
    raw = client.get(f"/documents/{web_home.ids['002']}?raw=1").text
    assert "Văn bản nhận dạng gốc" in raw
    assert client.get("/documents/sha256:abc").status_code == 404


def test_downloads_are_attachments_never_html(web_home):
    client = make_client(web_home)
    sign_in(client, "xem")
    txt = client.get(f"/documents/{web_home.ids['xss']}/original")
    assert txt.headers["content-type"] == "text/plain; charset=utf-8"
    assert txt.headers["content-disposition"].startswith("attachment")
    pdf = client.get(f"/documents/{web_home.ids['pdf']}/original")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    record = client.get(f"/documents/{web_home.ids['004']}/record.json")
    assert record.json()["id"] == web_home.ids["004"] and "attachment" in record.headers["content-disposition"]
    assert download_type("text/html") == "application/octet-stream"
    assert download_type("image/svg+xml") == "application/octet-stream"
    legacy = b"Ban Th\xfd\xf5\xecng v\xf2 \xd0a\xd2ng"     # Windows-1258 bytes, not UTF-8
    assert download_type("text/plain", legacy) == "text/plain; charset=windows-1258"


def test_upload_ingests_each_file_and_cleans_up(web_home, tmp_path):
    client = make_client(web_home)
    token = sign_in(client, "vanthu")
    assert client.get("/upload").status_code == 200
    good = (SAMPLES / "003_cf177b1b182402a8.txt").read_text(encoding="utf-8") + "\nBổ sung: bản tải lên.\n"
    page = "<!doctype html><html><body><script>alert(1)</script>Kế hoạch số 5/KH-UBND</body></html>"
    snippet = f"Ghi chú về Kế hoạch số 5/KH-UBND: {SCRIPT} {IMG}\n"
    files = [("files", ("ke-hoach.txt", good.encode("utf-8"), "text/plain")),
             ("files", ("hong.pdf", b"%PDF-1.4\n% broken\n", "application/pdf")),
             ("files", ("trang.html", page.encode("utf-8"), "text/html")),
             ("files", ("ghi-chu.html", snippet.encode("utf-8"), "text/html"))]
    response = client.post("/upload", data={"csrf": token}, files=files)
    assert response.status_code == 200
    rows = re.findall(r'<tr class="result-(\w+)">\s*<td>(?:<a href="/documents/([^"]+)">)?([^<]+)', response.text)
    status = {name: (state, doc) for state, doc, name in rows}
    assert status["ke-hoach.txt"][0] == "added" and status["hong.pdf"][0] == "failed"
    assert status["trang.html"][0] == "failed" and "HTML page" in response.text    # a web page is refused
    assert "bị từ chối" in response.text
    served = client.get(f"/documents/{status['ghi-chu.html'][1]}/original")     # text with tags in it: text
    assert served.headers["content-type"] == "text/plain; charset=utf-8"
    assert served.headers["content-disposition"].startswith("attachment")
    assert client.get(f"/documents/{status['ke-hoach.txt'][1]}").status_code == 200
    assert not [p for p in (web_home.home / "tmp").glob("upload-*")]

    again = client.post("/upload", data={"csrf": token}, files=[files[0]], headers={"Accept": "application/json"})
    assert again.json()["results"][0]["status"] == "unchanged"
    forged = client.post("/upload", data={"csrf": "x"}, files=[files[0]])
    assert forged.status_code == 403 and not list((web_home.home / "tmp").glob("upload-*"))


def test_upload_size_limit(web_home):
    client = make_client(web_home, max_upload_bytes=2000)
    token = sign_in(client, "vanthu")
    big = b"a" * 5000
    response = client.post("/upload", data={"csrf": token}, files=[("files", ("lon.txt", big, "text/plain"))],
                           headers={"Accept": "application/json"})
    result = response.json()["results"][0]
    assert result["status"] == "failed" and "giới hạn" in result["message"]
    assert not list((web_home.home / "tmp").glob("upload-*/**/lon.txt"))


def test_board_task_page_and_dashboard(web_home):
    client = make_client(web_home)
    token = sign_in(client, "lan")
    board = client.get("/tasks").text
    assert "Quá hạn" in board and "Sắp đến hạn" in board and "Đã xong" in board
    assert "/api/feeds/tasks.ics" in board and "/api/export.xlsx" in board
    by_body = client.get("/tasks", params={"body": "Sở Nội vụ", "lane": "dang-thuc-hien", "group": "van-ban"}).text
    assert "/api/feeds/bodies/S%E1%BB%9F%20N%E1%BB%99i%20v%E1%BB%A5.ics" in by_body and "group-row" in by_body
    task = _task_href(board)
    client.post(f"{task}/status", data={"status": "hoan-thanh", "note": "Xong", "completed_on": "25/04/2024",
                                        "csrf": token})
    page = client.get(task).text
    assert "25/04/2024" in page and "đã hoàn thành" in page
    done = client.get("/tasks?lane=hoan-thanh").text
    assert task in done
    dash = client.get("/dashboard").text
    assert "<svg" in dash and 'class="st-overdue"' in dash and "Thời hạn theo tháng" in dash
    assert client.get("/tasks?role=boss").status_code == 400
    assert client.get("/tasks/sha256:" + "0" * 64 + "%231").status_code == 404


def test_admin_manages_users(web_home):
    client = make_client(web_home)
    token = sign_in(client, "quantri")
    added = client.post("/users", data={"name": "minh", "role": "tracker", "password": "abc12345",
                                        "password2": "abc12345", "csrf": token})
    assert added.status_code == 303
    assert "minh" in client.get("/users").text
    dup = client.post("/users", data={"name": "minh", "role": "tracker", "password": "x", "password2": "x",
                                      "csrf": token})
    assert dup.status_code == 400 and "exists" in dup.text
    assert client.post("/users/minh/role", data={"role": "archivist", "csrf": token}).status_code == 303
    assert client.post("/users/quantri/remove", data={"csrf": token}).status_code == 400   # not yourself
    assert client.post("/users/minh/remove", data={"csrf": token}).status_code == 303
    created = client.post("/tokens", data={"name": "lich", "role": "viewer", "csrf": token})
    secret = re.search(r'<pre class="token">([^<]+)</pre>', created.text).group(1)
    assert client.get("/api/tasks", headers=bearer(secret)).status_code == 200


def test_page_images_of_a_scan(tmp_path):
    from PIL import Image

    from chidao.web.pageimages import page_png

    folder = tmp_path / "archive" / "ab" / ("ab" * 32)
    folder.mkdir(parents=True)
    original = folder / "original.tif"
    frames = [Image.new("L", (2480, 3508), 255), Image.new("L", (1000, 1400), 200)]
    frames[0].save(original, save_all=True, append_images=frames[1:])
    first = page_png(tmp_path, original, "image/tiff", 1, 150_000_000)
    second = page_png(tmp_path, original, "image/tiff", 2, 150_000_000)
    assert Image.open(first).width == 1240 and Image.open(second).width == 1000
    with pytest.raises(NotFoundError, match="no page 3"):
        page_png(tmp_path, original, "image/tiff", 3, 150_000_000)
    with pytest.raises(NotFoundError, match="too large"):
        page_png(tmp_path / "other-home", original, "image/tiff", 1, 1000)


def test_landing_page_lists_the_newest_documents_with_facets_and_pages_are_not_cached(web_home):
    client = make_client(web_home)
    sign_in(client, "xem")
    home = client.get("/")
    assert "Kho lưu trữ có <strong>5</strong> văn bản" in home.text
    newest_first = [h["id"] for h in client.get("/api/documents?sort=date").json()["hits"]]
    assert _ids(home.text) == newest_first and set(newest_first) == set(web_home.ids.values())
    # the whole archive's facets, each a link that narrows it
    facets = client.get("/api/search", params={"q": "", "sort": "date"}).json()["facets"]
    kind, count = facets["type"][0]["value"], facets["type"][0]["count"]
    assert f'<span class="count">{count}</span>' in home.text
    narrowed = client.get("/search", params={"type": kind}).text
    assert f"<strong>{count}</strong> văn bản" in narrowed and len(_ids(narrowed)) == count
    assert home.headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/style.css").headers.get("cache-control", "")


def test_a_task_link_with_an_unencoded_hash_lands_on_its_document(web_home):
    client = make_client(web_home)
    sign_in(client, "xem")
    response = client.get(f"/tasks/{web_home.ids['004']}")          # what '/tasks/<doc>#3' sends
    assert response.status_code == 303 and response.headers["location"] == f"/documents/{web_home.ids['004']}"
    assert 'id="3"' in client.get(response.headers["location"]).text
