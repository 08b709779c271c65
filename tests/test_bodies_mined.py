"""The mined gazetteer corpus/extract/bodies_mined.jsonl (scripts/build_bodies.py)."""

import json
import re
from pathlib import Path

MINED = Path(__file__).resolve().parents[1] / "corpus" / "extract" / "bodies_mined.jsonl"
HEADS = ("Sở", "Ban", "Chi cục", "Cục", "Tổng cục", "Trung tâm", "Phòng", "Văn phòng", "Chi nhánh", "Hội",
         "Hội đồng", "Ủy ban", "Quỹ", "Kho bạc", "Trường", "Viện", "Học viện", "Đài", "Báo", "Bộ", "Tòa án",
         "Liên đoàn", "Liên minh", "Đoàn", "Thanh tra", "Công an", "Bảo hiểm xã hội", "Bệnh viện",
         "Ngân hàng Chính sách xã hội", "Hạt Kiểm lâm", "Đảng ủy")
VERBS = ("chủ trì", "phối hợp", "thực hiện", "tham mưu", "triển khai", "hướng dẫn", "báo cáo", "chịu trách nhiệm")


def _rows() -> list[dict]:
    return [json.loads(line) for line in MINED.read_text("utf-8").splitlines() if line.strip()]


def test_file_parses_as_span_ruler_patterns():
    rows = _rows()
    assert 50 <= len(rows) <= 5000
    for r in rows:
        assert set(r) == {"label", "pattern", "id"} and r["label"] == "BODY"
        assert isinstance(r["pattern"], str) and r["pattern"].strip() == r["pattern"] and r["id"][:1].isupper()
    assert len({r["pattern"].lower() for r in rows}) == len(rows)  # case variants written once


def test_every_pattern_starts_with_a_head_word():
    for r in _rows():
        assert any(re.match(rf"{re.escape(h)}(?!\w)", r["pattern"]) for h in HEADS), r["pattern"]


def test_no_pattern_swallows_a_verb():
    for r in _rows():
        low = r["pattern"].lower()
        assert not any(re.search(rf"(?<!\w){v}(?!\w)", low) for v in VERBS if not r["pattern"].count(v.capitalize())), r


def test_loads_into_a_span_ruler():
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "bodies", "phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(_rows())
    doc = nlp("Trung tâm Phát triển quỹ đất huyện chủ trì, phối hợp với Sở TNMT tỉnh.")
    assert {s.text for s in doc.spans["bodies"]} >= {"Trung tâm Phát triển quỹ đất huyện", "Sở TNMT tỉnh"}
