"""read_text on inputs that need no OCR: plain and legacy-OCR text, PDFs with a text layer,
and the text-layer quality check."""

import hashlib
import unicodedata
from pathlib import Path

import pytest

from chidao.config import Config
from chidao.pipeline import read_text
from chidao.pipeline.pdf import usable_text_layer
from chidao.pipeline.plaintext import text_method
from tests.render_pages import body_paragraphs, text_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def config(tmp_path):
    return Config(home=tmp_path / "home", jobs=2)


@pytest.mark.parametrize("name, method", [
    ("000_51c4258bd6ed2d1c.txt", "legacy-ocr"),
    ("001_4d631801f99be8cd.txt", "legacy-ocr"),
    ("002_272c2cbeafd4321c.txt", "legacy-ocr"),
    ("003_cf177b1b182402a8.txt", "plain"),
    ("004_bf85b1cdd7b62294.txt", "plain"),
])
def test_seed_text_files_are_told_apart(name, method, config):
    path = SAMPLES / name
    source, text = read_text(path, config)
    raw = path.read_bytes()
    assert text.method == method
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.media_type == "text/plain" and source.pages == 1
    assert text.ocr_confidence is None
    assert text.content == unicodedata.normalize("NFC", raw.decode("utf-8"))
    assert text.content.count("\n") == raw.decode("utf-8").count("\n")   # line structure kept


def test_unaccented_typed_text_is_plain_not_legacy():
    typed = ("Ban Thuong vu Tinh uy yeu cau cac cap uy dang, chinh quyen tang cuong lanh dao, "
             "chi dao thuc hien Chi thi so 26-CT/TU ngay 02/6/2023 cua Ban Thuong vu Tinh uy.\n") * 5
    assert text_method(typed) == "plain"


def test_legacy_text_needs_garbling_not_just_missing_accents():
    garbled = "Tham muu c6 hi¢u qua cho cép uy, d6i méi 1& 16i 1am viéc & co s6 trén dja ban.\n" * 5
    assert text_method(garbled) == "legacy-ocr"


def test_decomposed_and_windows_1258_text_become_nfc(tmp_path, config):
    decomposed = unicodedata.normalize("NFD", "Tỉnh ủy Bắc Giang\nyêu cầu các sở")
    (tmp_path / "nfd.txt").write_text(decomposed, encoding="utf-8")
    _, text = read_text(tmp_path / "nfd.txt", config)
    assert text.content == "Tỉnh ủy Bắc Giang\nyêu cầu các sở"
    (tmp_path / "cp1258.txt").write_bytes(_windows_1258("Ban Thường vụ\r\nTỉnh ủy"))
    _, text = read_text(tmp_path / "cp1258.txt", config)
    assert text.content == "Ban Thường vụ\nTỉnh ủy"


def _windows_1258(text: str) -> bytes:
    # Windows-1258 has the base letters (ơ, ư, â …) precomposed but tones as combining marks.
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_pdf_text_layer_is_used_without_ocr(tmp_path, config):
    paragraphs = body_paragraphs()[:2]
    pdf = text_pdf(tmp_path / "typed.pdf", paragraphs)
    source, text = read_text(pdf, config)
    assert source.media_type == "application/pdf" and source.pages == 1
    assert text.method == "text-layer" and text.ocr_confidence is None
    assert [p.method for p in text.pages] == ["text-layer"]
    assert unicodedata.is_normalized("NFC", text.content)
    assert " ".join(text.content.split()) == " ".join(" ".join(paragraphs).split())


def test_type_is_decided_by_content_not_name(tmp_path, config):
    pdf = text_pdf(tmp_path / "typed.pdf", body_paragraphs()[:1])
    renamed = tmp_path / "scan.dat"
    renamed.write_bytes(pdf.read_bytes())
    source, text = read_text(renamed, config)
    assert source.media_type == "application/pdf" and text.method == "text-layer"


@pytest.mark.parametrize("layer, usable", [
    ("Ủy ban nhân dân tỉnh Bắc Giang yêu cầu các sở, ban, ngành triển khai thực hiện.", True),
    ("", False),
    ("   \n  \n", False),
    ("(cid:12)(cid:45)(cid:3)(cid:77)(cid:12)(cid:45)(cid:3)(cid:77)", False),
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc ñy ban", False),  # TCVN3
    ("Tham muu c6 hi¢u qua cho cép uy, d6i méi 1& 16i 1am viéc & co s6 trén dja ban.", False),
])
def test_text_layer_quality_check(layer, usable):
    assert usable_text_layer(layer) is usable
