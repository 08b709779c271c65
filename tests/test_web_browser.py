"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright;
never `playwright install`), against uvicorn serving the app on 127.0.0.1: sign in, search
without diacritics, open a document, change a task's status with a note and find it in the
history, upload a good and a bad file and see each one's result. A document whose text holds
<script> and <img onerror> is shown as text: no dialog ever opens, and the CSP is never
violated (the pages have no inline script or style). Every page is photographed into the
test's tmp dir and each photo must show something (not one flat colour)."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web_support import IMG, PASSWORD, SAMPLES, SCRIPT, WebHome, web_template  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                                "(apt-get install chromium; scripts/install.sh does)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(web_template, tmp_path):
    import uvicorn

    from chidao.web import create_app

    home = WebHome(tmp_path / "home", dict(web_template.ids), dict(web_template.tokens))
    shutil.copytree(web_template.home, home.home)
    app = create_app(home.config(), secret="browser-test")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", home
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def _not_blank(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as im:
        colours = im.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 20, f"{path.name} looks blank"


def test_a_day_at_the_office(server, browser_page, tmp_path):
    base, home = server
    page = browser_page
    dialogs, violations = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    shots = tmp_path / "screenshots"
    shots.mkdir()

    def shot(name: str) -> None:
        path = shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        _not_blank(path)

    # Sign in (reading needs it by default).
    page.goto(base + "/tasks")
    assert "/signin" in page.url
    shot("01-signin")
    page.fill("input[name=name]", "vanthu")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(base + "/tasks")

    # Search without diacritics, open the document.
    page.goto(base + "/")
    page.fill("input[name=q]", "chinh quyen than thien")
    page.click(".searchbar button[type=submit]")
    page.wait_for_selector(".hit")
    assert "2858-CV/TU" in page.inner_text(".hits")
    assert page.locator(".hit mark").count() > 0
    shot("02-search")
    page.click(".hit-title >> nth=0")
    page.wait_for_selector(".doc-text")
    assert "Tỉnh ủy Bắc Giang" in page.inner_text(".meta")
    shot("03-document")

    # The document with markup in its text: shown as text, nothing runs.
    page.goto(f"{base}/documents/{home.ids['xss']}")
    page.wait_for_selector(".doc-text")
    assert SCRIPT in page.inner_text(".doc-text") and IMG in page.inner_text(".doc-text")
    assert SCRIPT in page.inner_text("h1")
    assert page.locator(".doc-text img, .doc-text script").count() == 0
    shot("04-document-with-markup")

    # A PDF's page image beside its text.
    page.goto(f"{base}/documents/{home.ids['pdf']}")
    page.wait_for_function("() => { const i = document.querySelector('.pages img'); return i && i.complete && i.naturalWidth > 0; }")
    shot("05-document-pdf")

    # Change a task's status with a note from the board, then find it in the history.
    page.goto(base + "/tasks?lane=qua-han")
    page.click("td.update summary >> nth=0")
    row = page.locator("td.update >> nth=0")
    row.locator("select[name=status]").select_option("dang-thuc-hien")
    row.locator("input[name=note]").fill("Đã giao phòng chuyên môn triển khai")
    shot("06-board")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".flash")
    page.click(".board td.task-text a >> nth=0")
    page.wait_for_selector(".history")
    history = page.inner_text(".history")
    assert "Đã giao phòng chuyên môn triển khai" in history and "vanthu" in history
    shot("07-task-history")

    page.goto(base + "/dashboard")
    page.wait_for_selector(".chart svg rect")
    shot("08-dashboard")

    # Upload one good and one bad file; each row shows its own result.
    good = tmp_path / "ke-hoach-moi.txt"
    good.write_text((SAMPLES / "004_bf85b1cdd7b62294.txt").read_text(encoding="utf-8") + "\nBản tải lên thử.\n",
                    encoding="utf-8")
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4\n% cut off\n")
    page.goto(base + "/upload")
    page.set_input_files("input[type=file]", [str(good), str(bad)])
    page.click("#upload-form button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#upload-rows tr').length === 2 && "
                           "!document.querySelector('#upload-rows tr.result-pending')", timeout=120_000)
    results = page.inner_text("#upload-rows")
    assert "ke-hoach-moi.txt" in results and "đã lưu" in results
    assert "hong.pdf" in results and "bị từ chối" in results
    shot("09-upload")
    assert not list((home.home / "tmp").glob("upload-*"))

    assert dialogs == [], dialogs
    assert violations == [], violations
    assert len(list(shots.glob("*.png"))) == 9
