"""Shared by the web tests: a chidao home with real records (bundled samples — two clean, one
legacy OCR that restoration repairs —, a directive whose text carries HTML, a born-digital
PDF), built once per session by the real ingest step and copied for each test; users and
tokens of every role; sign-in helpers. Test modules import the fixtures by name."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from chidao import accounts
from chidao.config import Config
from chidao.index import open_index
from chidao.ingest import ingest_file
from chidao.pipeline import Archive

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TODAY = dt.date(2024, 5, 1)
PASSWORD = "mật-khẩu-thử-nghiệm"
ROLES = ("viewer", "tracker", "archivist", "admin")
USERS = {"xem": "viewer", "lan": "tracker", "vanthu": "archivist", "quantri": "admin"}
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

XSS_TEXT = f"""ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG

Số: 99/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Bắc Giang, ngày 15 tháng 01 năm 2024

KẾ HOẠCH
Kiểm thử hiển thị {SCRIPT} trên trang web

Thực hiện Công văn số 2858-CV/TU ngày 07/02/2024 của Ban Thường vụ Tỉnh ủy, UBND tỉnh ban hành kế hoạch như sau:

1. Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát quy trình {IMG} tiếp nhận hồ sơ, hoàn thành trước ngày 30/4/2024.

2. Sở Thông tin và Truyền thông chủ trì nâng cấp cổng thông tin điện tử, hoàn thành trước ngày 31/12/2024.

Nơi nhận:
- Các sở, ban, ngành tỉnh;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An
"""

PDF_PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số: 45/TB-UBND", "Lạng Sơn, ngày 10 tháng 3 năm 2024", "THÔNG BÁO",
    "Kết luận của Chủ tịch UBND tỉnh về phòng chống thiên tai năm 2024",
    "1. Sở Nông nghiệp và Phát triển nông thôn chủ trì rà soát phương án phòng chống thiên tai, "
    "hoàn thành trước ngày 15/5/2024.",
]


@dataclass
class WebHome:
    home: Path
    ids: dict[str, str]          # sample name → record id
    tokens: dict[str, str]       # role → token

    def config(self) -> Config:
        return Config(home=self.home, reference_date=TODAY, jobs=1)


def build_home(home: Path, work: Path) -> WebHome:
    from tests.render_pages import text_pdf

    config = Config(home=home, reference_date=TODAY, jobs=1)
    work.mkdir(parents=True, exist_ok=True)
    (work / "kiem-thu.txt").write_text(XSS_TEXT, encoding="utf-8")
    text_pdf(work / "thong-bao.pdf", PDF_PARAGRAPHS)
    files = {"002": SAMPLES / "002_272c2cbeafd4321c.txt",  # legacy OCR: restored, raw text kept
             "003": SAMPLES / "003_cf177b1b182402a8.txt", "004": SAMPLES / "004_bf85b1cdd7b62294.txt",
             "xss": work / "kiem-thu.txt", "pdf": work / "thong-bao.pdf"}
    ids, tokens = {}, {}
    with open_index(config) as index:
        archive = Archive(home)
        for name, path in files.items():
            outcome = ingest_file(path, config, archive, index)
            assert outcome.status == "added", outcome.line()
            ids[name] = outcome.record_id
        for user, role in USERS.items():
            accounts.add_user(index.store, user, PASSWORD, role)
        for role in ROLES:
            tokens[role] = accounts.create_token(index.store, f"token-{role}", role)
        index.store.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return WebHome(home, ids, tokens)


@pytest.fixture(scope="session")
def web_template(tmp_path_factory) -> WebHome:
    root = tmp_path_factory.mktemp("web-template")
    return build_home(root / "home", root / "inputs")


@pytest.fixture
def web_home(web_template: WebHome, tmp_path: Path) -> WebHome:
    """A fresh copy of the template home for one test."""
    home = tmp_path / "home"
    shutil.copytree(web_template.home, home, ignore=shutil.ignore_patterns("web-secret"))
    return WebHome(home, dict(web_template.ids), dict(web_template.tokens))


def make_client(web_home: WebHome, **options):
    from fastapi.testclient import TestClient

    from chidao.web import create_app

    app = create_app(web_home.config(), secret="test-secret", **options)
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client, name: str, password: str = PASSWORD) -> str:
    """Sign in through the form; the session's CSRF token."""
    page = client.get("/signin")
    response = client.post("/signin", data={"name": name, "password": password, "next": "/",
                                            "csrf": csrf_of(page.text)})
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
