"""build_record end to end on real files with the shipped models: legacy OCR is repaired and
flagged, clean text passes through untouched, task ids are stable."""

import shutil
from pathlib import Path

from chidao.config import Config
from chidao.recipe import build_record

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_legacy_ocr_is_repaired_then_extracted(tmp_path):
    record = build_record(SAMPLES / "000_51c4258bd6ed2d1c.txt", Config(home=tmp_path))
    assert record.text.method == "legacy-ocr" and record.text.restored
    assert "THÔNG BÁO" in record.text.content and "Ban Chỉ đạo" in record.text.content
    assert record.document.number == "135-TB/BCĐ"
    assert record.document.date == "2024-01-18"
    assert len(record.tasks) >= 5


def test_clean_text_is_left_as_it_is(tmp_path):
    path = SAMPLES / "004_bf85b1cdd7b62294.txt"
    record = build_record(path, Config(home=tmp_path))
    assert record.text.content == path.read_text(encoding="utf-8")
    assert not record.text.restored


def test_record_id_and_task_ids_follow_the_bytes(tmp_path):
    copy = tmp_path / "renamed.txt"
    shutil.copy(SAMPLES / "004_bf85b1cdd7b62294.txt", copy)
    a = build_record(SAMPLES / "004_bf85b1cdd7b62294.txt", Config(home=tmp_path))
    b = build_record(copy, Config(home=tmp_path))
    assert a.id == b.id and [t.id for t in a.tasks] == [t.id for t in b.tasks]
    assert all(t.id.startswith(a.id + "#") for t in a.tasks)
