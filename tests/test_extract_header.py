"""Deadline phrases and header/footer parsing on small inline texts: each test names the
wording real directives use that it covers."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp.extract import build_extractor
from nlp.extract.deadlines import find_deadlines, resolve_cell

DOC_DATE = dt.date(2025, 5, 13)  # a Tuesday


def _deadlines(text: str, doc_date: dt.date | None = DOC_DATE) -> list[tuple[str, str, str | None]]:
    patterns = build_extractor().get_pipe("chidao_deadlines").patterns
    return [(d.raw, d.kind, d.due) for d in find_deadlines(text, patterns, doc_date)]


@pytest.mark.parametrize("phrase, expected", [
    ("đối thoại với các hộ vào ngày 16/5/2025.", [("vào ngày 16/5/2025", "on", "2025-05-16")]),
    ("họp vào sáng ngày 16/5/2025", [("vào sáng ngày 16/5/2025", "on", "2025-05-16")]),
    ("khai mạc vào thứ Hai, ngày 12/5/2025", [("vào thứ Hai, ngày 12/5/2025", "on", "2025-05-12")]),
    ("chậm nhất vào ngày 20/5/2025", [("chậm nhất vào ngày 20/5/2025", "by", "2025-05-20")]),
])
def test_vao_ngay_is_a_day_on_which_the_work_happens(phrase, expected):
    assert _deadlines(phrase) == expected


def test_tu_ngay_den_het_ngay_gives_a_start_and_an_end():
    assert _deadlines("trực 24/24 giờ, từ ngày 01/12/2024 đến hết ngày 30/4/2025.") == [
        ("từ ngày 01/12/2024", "from", "2024-12-01"),
        ("đến hết ngày 30/4/2025", "by", "2025-04-30"),
    ]


@pytest.mark.parametrize("phrase, raw", [
    ("báo cáo trước 16 giờ hằng ngày", "trước 16 giờ hằng ngày"),
    ("định kỳ thứ Sáu hằng tuần tổng hợp, báo cáo", "định kỳ thứ Sáu hằng tuần"),
    ("báo cáo UBND tỉnh vào thứ Năm hằng tuần.", "vào thứ Năm hằng tuần"),
    ("gửi báo cáo trước ngày 25 hằng tháng", "trước ngày 25 hằng tháng"),
    ("báo cáo trước ngày 15 của tháng cuối quý", "trước ngày 15 của tháng cuối quý"),
    ("báo cáo Chủ tịch vào chiều thứ Sáu.", "vào chiều thứ Sáu"),
])
def test_a_day_hour_or_weekday_of_every_period_is_one_recurring_phrase(phrase, raw):
    assert _deadlines(phrase) == [(raw, "recurring", None)]


def test_a_weekday_followed_by_its_date_is_not_recurring():
    assert _deadlines("vào chiều thứ Sáu, ngày 16/5/2025")[0][1:] == ("on", "2025-05-16")


@pytest.mark.parametrize("phrase, due", [
    ("trong 10 ngày làm việc kể từ ngày ban hành Thông báo này", "2025-05-27"),  # Tue + 10 working days
    ("xong trong 15 ngày kể từ ngày ký văn bản này", "2025-05-28"),
    ("trong 05 ngày làm việc kể từ ngày ký Quyết định này", "2025-05-20"),
])
def test_relative_period_raw_keeps_the_closing_this_document_words(phrase, due):
    assert _deadlines(phrase) == [(phrase, "by", due)]


@pytest.mark.parametrize("phrase, due", [
    ("trong Quý 1/2025", "2025-03-31"),
    ("trong quý lII/2025", "2025-09-30"),  # OCR l for Roman I
    ("trong quý IlI/2025", "2025-09-30"),
    ("chậm nhất Quy 1V/2024", "2024-12-31"),
    ("trong quý I, 11/2024", "2024-06-30"),
])
def test_quarter_numerals_with_ocr_l_and_1_for_roman_i(phrase, due):
    assert [d[1:] for d in _deadlines(phrase)] == [("by", due)]


def test_tu_nam_ngan_sach_is_the_start_of_that_budget_year():
    assert _deadlines("áp dụng từ năm ngân sách 2026.") == [("từ năm ngân sách 2026", "from", "2026-01-01")]


@pytest.mark.parametrize("phrase", ["Kế hoạch năm 2025", "Tháng 9/2025 đã tổ chức", "khen thưởng năm 2023"])
def test_a_bare_month_or_year_in_running_text_is_no_deadline(phrase):
    assert _deadlines(phrase) == []


@pytest.mark.parametrize("cell, expected", [
    ("Quý III/2025", [("by", "2025-09-30")]),
    ("Tháng 9/2025", [("by", "2025-09-30")]),
    ("Năm 2025", [("by", "2025-12-31")]),
    ("2025", [("by", "2025-12-31")]),
    ("6 tháng cuối năm 2025", [("by", "2025-12-31")]),
    ("Trước ngày 30/6/2025", [("by", "2025-06-30")]),
    ("30/6/2025", [("by", "2025-06-30")]),
    ("Hằng năm", [("recurring", None)]),
    ("Thường xuyên", [("recurring", None)]),
    ("", []),
])
def test_resolve_cell_reads_a_bare_deadline_cell_of_a_table(cell, expected):
    assert [(d.kind, d.due) for d in resolve_cell(cell, "2025-03-01")] == expected


def test_resolve_cell_relative_period_uses_the_document_date():
    assert [(d.kind, d.due) for d in resolve_cell("Trong 15 ngày kể từ ngày ký", dt.date(2025, 3, 1))] == [("by", "2025-03-16")]
    assert [(d.kind, d.due) for d in resolve_cell("Trong 15 ngày kể từ ngày ký", "2025-03")] == [("by", None)]
