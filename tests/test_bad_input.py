"""Every kind of bad input gets one clear InputFileError (exit code 2) saying what to do, before
any OCR is spent on it."""

import os
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from chidao.config import Config
from chidao.errors import InputFileError
from chidao.pipeline import read_text
from tests.render_pages import body_paragraphs, text_pdf


@pytest.fixture
def config(tmp_path):
    return Config(home=tmp_path / "home", jobs=2)


@pytest.fixture
def good_pdf(tmp_path):
    return text_pdf(tmp_path / "good.pdf", body_paragraphs()[:2])


def _error(path: Path, config: Config) -> str:
    with pytest.raises(InputFileError) as info:
        read_text(path, config)
    message = info.value.message
    assert info.value.exit_code == 2
    assert "\n" not in message and str(path) in message
    return message


def test_zero_byte_file(tmp_path, config):
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert "empty file (0 bytes)" in _error(tmp_path / "empty.pdf", config)


def test_truncated_pdf(tmp_path, config, good_pdf):
    data = good_pdf.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    assert "truncated PDF" in _error(tmp_path / "cut.pdf", config)


def test_corrupt_pdf(tmp_path, config):
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")
    assert "corrupt PDF" in _error(tmp_path / "corrupt.pdf", config)


def test_password_protected_pdf(tmp_path, config):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Thong bao")
    pdf.output(str(tmp_path / "locked.pdf"))
    assert "password-protected" in _error(tmp_path / "locked.pdf", config)


def test_pdf_that_is_really_html(tmp_path, config):
    (tmp_path / "download.pdf").write_text(
        "<!DOCTYPE html>\n<html><head><title>Đăng nhập</title></head><body>Login</body></html>")
    assert "HTML page, not a PDF" in _error(tmp_path / "download.pdf", config)


def test_text_named_as_an_image(tmp_path, config):
    (tmp_path / "scan.png").write_text("Ủy ban nhân dân tỉnh", encoding="utf-8")
    assert "contains text" in _error(tmp_path / "scan.png", config)


def test_unsupported_binary(tmp_path, config):
    (tmp_path / "archive.zip").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert "unsupported file type" in _error(tmp_path / "archive.zip", config)


def test_decompression_bomb_image(tmp_path, config):
    # A tiny PNG whose header claims 100 000 × 100 000 pixels: refused before decoding.
    png = tmp_path / "small.png"
    Image.new("L", (8, 8), 255).save(png)
    data = bytearray(png.read_bytes())
    ihdr = data[12:29]
    ihdr[4:12] = struct.pack(">II", 100_000, 100_000)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    (tmp_path / "bomb.png").write_bytes(bytes(data))
    assert "too large to decode safely" in _error(tmp_path / "bomb.png", config)


def test_truncated_image(tmp_path, config):
    png = tmp_path / "page.png"
    Image.effect_noise((600, 800), 60).save(png)
    (tmp_path / "cut.png").write_bytes(png.read_bytes()[:5000])
    assert "truncated or corrupt" in _error(tmp_path / "cut.png", config)


def test_five_hundred_page_pdf_is_refused_with_the_way_to_raise_the_limit(tmp_path, config):
    doc = pdfium.PdfDocument.new()
    for _ in range(500):
        doc.new_page(595, 842)
    doc.save(tmp_path / "huge.pdf")
    message = _error(tmp_path / "huge.pdf", config)
    assert "500 pages" in message and "--max-pages 500" in message


def test_too_many_tiff_pages(tmp_path, config):
    frames = [Image.new("L", (100, 140), 255) for _ in range(3)]
    frames[0].save(tmp_path / "scan.tif", save_all=True, append_images=frames[1:])
    assert "3 pages" in _error(tmp_path / "scan.tif", config.with_(max_pages=2))


def test_missing_path(tmp_path, config):
    assert "no such file" in _error(tmp_path / "nope.pdf", config)


def test_folder_instead_of_file(tmp_path, config):
    assert "is a folder" in _error(tmp_path, config)


def test_path_through_a_file(tmp_path, config, good_pdf):
    assert "cannot be read" in _error(good_pdf / "inner.pdf", config)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path, config, good_pdf):
    good_pdf.chmod(0)
    assert "permission denied" in _error(good_pdf, config)


def test_missing_ocr_language_says_how_to_install(tmp_path):
    from chidao.errors import MissingDependencyError

    page = tmp_path / "page.png"
    Image.new("L", (400, 560), 255).save(page)
    with pytest.raises(MissingDependencyError, match="apt-get install tesseract-ocr-xqz"):
        read_text(page, Config(home=tmp_path, ocr_lang="xqz"))
