"""Deadline phrases and header/footer parsing on small inline texts: each test names the
wording real directives use that it covers."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.nlp.extract import build_extractor
from chidao.nlp.extract.deadlines import find_deadlines, resolve_cell

DOC_DATE = dt.date(2025, 5, 13)  # a Tuesday
PATTERNS = build_extractor().get_pipe("chidao_deadlines").patterns


def _deadlines(text: str, doc_date: dt.date | None = DOC_DATE) -> list[tuple[str, str, str | None]]:
    patterns = build_extractor().get_pipe("chidao_deadlines").patterns
    return [(d.raw, d.kind, d.due) for d in find_deadlines(text, patterns, doc_date)]


@pytest.mark.parametrize("phrase, expected", [
    ("đối thoại với các hộ vào ngày 16/5/2025.", [("vào ngày 16/5/2025", "on", "2025-05-16")]),
    ("họp vào sáng ngày 16/5/2025", [("vào sáng ngày 16/5/2025", "on", "2025-05-16")]),
    ("khai mạc vào thứ Hai, ngày 12/5/2025", [("vào thứ Hai, ngày 12/5/2025", "on", "2025-05-12")]),
    ("chậm nhất vào ngày 20/5/2025", [("chậm nhất vào ngày 20/5/2025", "by", "2025-05-20")]),
    ("cho học sinh nghỉ học ngày 18/9/2026; chủ động", [("ngày 18/9/2026", "on", "2026-09-18")]),
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
    # repaired legacy OCR: "làm việc" and "kể" with a wrong letter
    ("trong 10 ngày lâm việc kể từ ngày ban hành Thông báo này", "2025-05-27"),
    ("trong 07 ngày làm vực kể từ ngày ký Quyết định này", "2025-05-22"),
    ("trong 15 ngày họ từ ngày ký văn bản này", "2025-05-28"),
])
def test_relative_period_raw_keeps_the_closing_this_document_words(phrase, due):
    assert _deadlines(phrase) == [(phrase, "by", due)]


def test_a_deadline_phrase_cut_by_a_line_break_and_a_date_without_ngay():
    assert _deadlines("bảo đảm thống nhất với hồ sơ gốc, chậm\nnhất ngày 30 tháng 6 năm 2025.") == [
        ("chậm nhất ngày 30 tháng 6 năm 2025", "by", "2025-06-30")]
    assert _deadlines("góp công làm đường, hoàn thành trước 31/12/2024.") == [("hoàn thành trước 31/12/2024", "by", "2024-12-31")]


@pytest.mark.parametrize("phrase, due", [
    ("trong Quý 1/2025", "2025-03-31"),
    ("trong quý lII/2025", "2025-09-30"),  # OCR l for Roman I
    ("trong quý IlI/2025", "2025-09-30"),
    ("chậm nhất Quy 1V/2024", "2024-12-31"),
    ("trong quý I, 11/2024", "2024-06-30"),
    ("hoàn thành trong quý III, TV/2024", "2024-12-31"),  # OCR T, [ for the I of IV
    ("hoàn thành trong quý III, [V/2024", "2024-12-31"),
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
    assert [(d.kind, d.due) for d in resolve_cell(cell, "2025-03-01", PATTERNS)] == expected


def test_resolve_cell_relative_period_uses_the_document_date():
    assert [(d.kind, d.due) for d in resolve_cell("Trong 15 ngày kể từ ngày ký", dt.date(2025, 3, 1), PATTERNS)] == [("by", "2025-03-16")]
    assert [(d.kind, d.due) for d in resolve_cell("Trong 15 ngày kể từ ngày ký", "2025-03", PATTERNS)] == [("by", None)]


# ---- header and footer ---------------------------------------------------------------

from chidao.config import Config  # noqa: E402
from chidao.nlp.extract import extract_directive  # noqa: E402

_PARTY_HEAD = """TỈNH ỦY NGHỆ AN                              ĐẢNG CỘNG SẢN VIỆT NAM
       *
Số 368-TB/TU                          Nghệ An, ngày 12 tháng 3 năm 2025

THÔNG BÁO KẾT LUẬN
của Ban Thường vụ Tỉnh ủy về kết quả thực hiện Chỉ thị
số 26-CT/TU ngày 02/6/2023

Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị về đại hội và Chỉ thị số 19-CT/TU ngày 02/8/2024 của Ban Thường vụ Tỉnh ủy về đại hội; để đại hội thành công, căn cứ Kết luận số 43-KL/TW, Ban Thường vụ Tỉnh ủy kết luận như sau:

1. Các huyện ủy tổ chức quán triệt trong quý II/2025.

Nơi nhận:
- Như trên,
- Lưu: VT, CNTY.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG

Trần Quốc Thành
"""

_STATE_HEAD = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÀNH PHỐ CẦN THƠ                          Độc lập - Tự do - Hạnh phúc

Số: 1872/QĐ-UBND                        Cần Thơ, ngày 12 tháng 9 năm 2024

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác đẩy nhanh tiến độ giải ngân
vốn đầu tư công năm 2024

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ thực hiện Nghị quyết số 57-NQ/TW; Kế hoạch số 312-KH/TU ngày 18/02/2025 của Ban Thường vụ Tỉnh ủy, UBND thành phố quyết định:

1. Sở Tài chính chủ trì thực hiện trong quý IV/2024.

                                                  KT. CHỦ TỊCH
                                                  PHÓ CHỦ TỊCH
                                                  Đỗ Minh Tâm
"""

_LETTER = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÂM ĐỒNG                      Độc lập - Tự do - Hạnh phúc
Số: 4521/UBND-NN            Lâm Đồng, ngày 26 tháng 7 năm 2024
V/v triển khai các biện pháp cấp bách

        Kính gửi:
        - Công an tỉnh;
        - UBND các huyện, thành phố Đà Lạt, Bảo Lộc.

Đề nghị các đơn vị thực hiện ngay.

Nơi nhận:                                   KT. CHỦ TỊCH
- Như trên;                                  PHÓ CHỦ TỊCH
- Lưu: VT, NN.
                                           Phạm Đức Thành
"""


def test_title_line_thong_bao_ket_luan_is_a_thong_bao_and_the_subject_follows_it():
    doc, _ = extract_directive(_PARTY_HEAD, "sha256:x", Config())
    assert doc.type == "Thông báo"
    assert doc.subject == "của Ban Thường vụ Tỉnh ủy về kết quả thực hiện Chỉ thị số 26-CT/TU ngày 02/6/2023"


def test_responds_to_takes_numbers_joined_by_va_to_the_opening_thuc_hien_but_not_later_citations():
    doc, _ = extract_directive(_PARTY_HEAD, "sha256:x", Config())
    assert doc.responds_to == ["35-CT/TW", "19-CT/TU"]


def test_responds_to_takes_a_semicolon_list_and_skips_a_number_cited_inside_a_description():
    doc, _ = extract_directive(_STATE_HEAD, "sha256:x", Config())
    assert doc.responds_to == ["57-NQ/TW", "03/NQ-CP", "312-KH/TU"]


def test_responds_to_counts_a_number_first_cited_in_the_subject_then_implemented():
    text = _PARTY_HEAD.replace("Thực hiện Chỉ thị số 35-CT/TW", "Thực hiện Chỉ thị số 26-CT/TU ngày 02/6/2023 và Chỉ thị số 35-CT/TW")
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert doc.responds_to == ["26-CT/TU", "35-CT/TW", "19-CT/TU"]


def test_ve_viec_under_a_state_title_stays_in_the_subject():
    doc, _ = extract_directive(_STATE_HEAD, "sha256:x", Config())
    assert (doc.type, doc.subject) == ("Quyết định", "Về việc thành lập Tổ công tác đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2024")


def test_ve_under_a_title_is_kept_and_vv_of_a_letter_is_dropped():
    # The gold batches write a Nghị quyết's or Chỉ thị's trích yếu with its "về" (A6, G4, L1, O1);
    # only a letter's "V/v" (về việc) is not part of it.
    doc, _ = extract_directive(_PARTY_HEAD.replace("của Ban Thường vụ Tỉnh ủy về kết", "về kết"), "sha256:x", Config())
    assert doc.subject.startswith("về kết quả thực hiện")
    letter, _ = extract_directive(_LETTER, "sha256:x", Config())
    assert letter.subject == "triển khai các biện pháp cấp bách"


def test_recipient_with_a_place_name_is_not_cut_as_a_flattened_signature():
    doc, _ = extract_directive(_LETTER, "sha256:x", Config())
    assert doc.recipients == ["Công an tỉnh", "UBND các huyện, thành phố Đà Lạt, Bảo Lộc"]


def test_signer_title_ignores_archive_codes_of_the_luu_line():
    doc, _ = extract_directive(_PARTY_HEAD, "sha256:x", Config())
    assert (doc.signer.name, doc.signer.title, doc.signer.capacity) == ("Trần Quốc Thành", "Chánh Văn phòng", "T/L Ban Thường vụ")
    letter, _ = extract_directive(_LETTER, "sha256:x", Config())
    assert (letter.signer.title, letter.signer.capacity) == ("Phó Chủ tịch", "KT. Chủ tịch")


_LEGACY_PARTY_HEAD = """ĐẢNG BỘ HUYỆN TAM DƯƠNG ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ HOÀNG ĐAN wonnnnnn nên nnnnnnnnnn nên
* Hoàng Đan, ngày 15 tháng 3 năm 2024
SỐ 18-NQ/BU
NGHỊ QUYẾT
về lãnh đạo phát triển nông nghiệp hàng hóa
Thực hiện Nghị quyết Đại hội Đảng bộ xã lần thứ XXIV, nhiệm kỳ 2020 - 2025 và
Nghị quyết số 07-NQ/HU ngày 10/11/2023 của Ban Chấp hành Đảng bộ huyện về phát
triển nông nghiệp ứng dụng công nghệ cao; Ban Chấp hành Đảng bộ xã quyết nghị:

1. Đảng ủy xã lãnh đạo thực hiện trong năm 2024.
"""


def test_legacy_ocr_of_the_rule_under_a_name_the_b_for_d_of_a_symbol_and_an_unnumbered_first_document():
    doc, _ = extract_directive(_LEGACY_PARTY_HEAD, "sha256:x", Config())
    assert (doc.issuer, doc.parent_issuer) == ("Đảng ủy xã Hoàng Đan", "Đảng bộ huyện Tam Dương")
    assert doc.number == "18-NQ/ĐU"
    assert doc.responds_to == ["07-NQ/HU"]


_LEGACY_QD_KH = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG TÂY NHA TRANG Độc lập - Tự do - Hạnh phúc

Số: 318/QĐ-UBND Tây Nha Trang, ngày 08 tháng 9 năm 2025

QUYẾT ĐỊNH

Ban hành Kế hoạch chỉnh trang đô thị năm 2025

Kính gủi:
- Công an phường;
- Phòng Kinh tế, Hạ tầng và Đô thị.

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chỉnh trang đô thị năm 2025.

Nó nhận: TM. ỦY BAN NHÂN DÂN
- Như Điều 3; CHỦ TỊCH
- Lưu: VT, KTHTĐT. Nguyễn Hoàng Phúc

KẾ HOẠCH

Chỉnh trang đô thị

trên địa bàn phường Tây Nha Trang năm 2025

(Ban hành kèm theo Quyết định số 318/QĐ-UBND ngày 08/9/2025 của UBND phường)

I. NHIỆM VỤ, GIẢI PHÁP

1. Công an phường chủ trì lập lại trật tự lòng đường, hoàn thành trước ngày 30/9/2025.
"""


def test_legacy_ocr_double_spacing_a_misread_kinh_gui_and_noi_nhan_and_an_archive_code_after_luu():
    doc, tasks = extract_directive(_LEGACY_QD_KH, "sha256:x", Config())
    assert doc.recipients == ["Công an phường", "Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert (doc.signer.name, doc.signer.capacity) == ("Nguyễn Hoàng Phúc", "TM. Ủy ban nhân dân")
    assert [(t.lead, [d.due for d in t.deadlines]) for t in tasks] == [(["Công an phường"], ["2025-09-30"])]


def test_a_mark_under_the_issuer_is_no_name_and_a_phu_luc_after_the_signature_holds_no_signer():
    text = """UBND TỈNH ĐẮK LẮK                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG                 Độc lập - Tự do - Hạnh phúc
      KHẨN
Số: 2148/SNNMT-CNTY                     Đắk Lắk, ngày 28 tháng 7 năm 2025
V/v triển khai các biện pháp cấp bách

        Kính gửi: Chi cục Chăn nuôi và Thú y.

1. Chi cục Chăn nuôi và Thú y theo dõi chặt chẽ tình hình dịch bệnh.

Nơi nhận:                                           KT. GIÁM ĐỐC
- Như trên;                                          PHÓ GIÁM ĐỐC
- Lưu: VT, CNTY.                                    Nguyễn Đình Phúc

PHỤ LỤC
STT   Nội dung                  Chủ trì              Thời gian
1     Tiêm phòng vắc xin        Sở Công Thương       Quý III/2025
"""
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert (doc.issuer, doc.parent_issuer, doc.marks) == ("Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân tỉnh Đắk Lắk", ["KHẨN"])
    assert (doc.signer.name, doc.signer.title) == ("Nguyễn Đình Phúc", "Phó Giám đốc")


def test_a_trich_yeu_whose_blank_line_ocr_lost_ends_at_the_issuing_authority():
    text = """HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH GIA LAI Độc lập - Tự do - Hạnh phúc
Số: 18/NQ-HĐND Gia Lai, ngày 15 tháng 8 năm 2025
NGHỊ QUYẾT
Về nhiệm vụ, giải pháp trọng tâm phát triển kinh tế - xã hội
những tháng cuối năm 2025
HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI
KHÓA XII, KỲ HỌP THỨ HAI
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
"""
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert doc.subject == "Về nhiệm vụ, giải pháp trọng tâm phát triển kinh tế - xã hội những tháng cuối năm 2025"


def test_legacy_header_a_so_line_without_a_number_a_garbled_month_and_place_and_kinh_gui():
    # "SỞ NỘI VỤ" repaired to "SỐ NOLVU" is no number line; the place OCR garbled is the
    # issuer's locality; "Kinh cư:" is the Kính gửi that ends the trích yếu.
    text = """UBND TỈNH CAO BẰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỐ NOLVU Độc lập - Tự do - Hạnh phúc
Số: 702/SNV-CCVC Cao Bảng, ngày 14 tháng Chờ năm 2025
V/v rà soát hồ sơ cán bộ, công chức
cấp xã sau sắp xếp
Kinh cư:
- Các sở, ban, ngành tỉnh;
- UBND các xã, phường.

Sở Nội vụ đề nghị các cơ quan, đơn vị rà soát hồ sơ, gửi về Sở Nội vụ trước ngày 30/12/2025.
"""
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert doc.number == "702/SNV-CCVC"
    assert doc.place == "Cao Bằng" and doc.date is None
    assert doc.subject == "rà soát hồ sơ cán bộ, công chức cấp xã sau sắp xếp"
    assert doc.recipients == ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"]


def test_a_place_is_kept_when_the_gazetteer_knows_it_and_mended_from_the_issuers_locality():
    from chidao.nlp.extract.places import known_place

    names = {"tuyen quang": ("Tuyên Quang",), "bat xat": ("Bát Xát",), "ha giang": ("Hà Giang",),
             "vi thanh": ("Vị Thanh",)}
    assert known_place("Bát Xát", ["Huyện ủy Bát Xát"], names) == "Bát Xát"
    assert known_place("Luyện Quặng", ["Ủy ban nhân dân tỉnh Tuyên Quang"], names) == "Tuyên Quang"
    assert known_place("Giang", ["Ủy ban nhân dân tỉnh Hà Giang"], names) == "Hà Giang"
    assert known_place("Vũ Thanh", [None], names) == "Vị Thanh"  # one gazetteer name one edit away
    assert known_place("Yên Dũng", ["Huyện ủy Yên Dũng"], names) == "Yên Dũng"
    assert known_place("Lệ Ninh", [None], names) == "Lệ Ninh"  # unknown, nothing near: as read
    assert known_place("Bật Xát", [None], names) == "Bát Xát"  # the letters known, the tones not


def test_a_body_named_by_its_topic_wraps_onto_the_next_header_line():
    text = """  UBND TỈNH VĨNH LONG                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH               Độc lập - Tự do - Hạnh phúc
   MỤC TIÊU QUỐC GIA
Số: 07/KH-BCĐ                         Vĩnh Long, ngày 08 tháng 10 năm 2025

                              KẾ HOẠCH
        Tổ chức rà soát hộ nghèo, hộ cận nghèo năm 2025

1. Sở Nông nghiệp và Môi trường hướng dẫn rà soát.
"""
    doc = extract_directive(text, "r", Config())[0]
    assert doc.issuer == "Ban Chỉ đạo các chương trình mục tiêu quốc gia"
    assert doc.parent_issuer == "Ủy ban nhân dân tỉnh Vĩnh Long"


def test_a_period_counted_from_the_day_the_document_takes_effect_and_ocr_slips_in_limits():
    text = ("a) Ban hành quy trình trong 30 ngày kể từ ngày Nghị quyết này có hiệu lực;\n"
            "b) Báo cáo trưóc ngày 20/12/2025; tổng kết trong 06 tháng đầu năm 2026.\n"
            "Nghị quyết này có hiệu lực từ ngày 06 tháng 10 năm 2025.\n")
    assert [(d.raw, d.due) for d in find_deadlines(text, PATTERNS, dt.date(2025, 9, 26))][:3] == [
        ("trong 30 ngày kể từ ngày Nghị quyết này có hiệu lực", "2025-11-05"),
        ("trưóc ngày 20/12/2025", "2025-12-20"), ("trong 06 tháng đầu năm 2026", "2026-06-30")]


@pytest.mark.parametrize("phrase, due", [
    ("trong 15 ngày kể tây ngày ký Chỉ thị này", "2025-05-28"),  # legacy OCR's "từ" repaired to "tây"
    ("trong 10 ngày kể tungay ký", "2025-05-23"),  # "từ ngày" glued, its tones lost
    ("trong 10 ngày kể từ ngữ kỳ Kế hoạch", "2025-05-23"),
])
def test_a_relative_period_whose_kể_từ_ngày_legacy_ocr_garbled_still_counts_from_signing(phrase, due):
    assert [d for _, _, d in _deadlines(phrase)] == [due]


def test_legacy_ocr_rule_read_as_words_after_the_issuer_and_a_capacity_without_its_slash():
    text = """ĐẢNG BỘ THÀNH PHỐ CẦN THƠ ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY PHƯỜNG NINH KIỀU ở nên các nên anh
* Ninh Kiều, ngày 22 tháng 9 năm 2025
Số 18-KH/ĐU
KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW
1. Văn phòng Đảng ủy phường theo dõi việc thực hiện Kế hoạch.
Nơi nhận: TM ĐẢNG ỦY
- Các chi bộ trực thuộc, BÍ THƯ
- Lưu Văn phòng Đảng ủy. Lê Hoàng Tâm
"""
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert (doc.issuer, doc.parent_issuer) == ("Đảng ủy phường Ninh Kiều", "Đảng bộ thành phố Cần Thơ")
    assert (doc.signer.capacity, doc.signer.title) == ("T/M Đảng ủy", "Bí thư")
    state = text.replace("TM ĐẢNG ỦY", "TM ỦY BAN NHÂN DÂN")
    assert extract_directive(state, "sha256:x", Config())[0].signer.capacity == "TM. Ủy ban nhân dân"


def test_places_after_a_unit_word_are_mended_from_the_documents_locality_or_the_gazetteer():
    from chidao.nlp.extract.places import issuer_locality, known_places_in

    names = {"bao ha": ("Bảo Hà",), "ha hoa": ("Hạ Hòa",), "hai hoa": ("Hải Hòa",), "tu nghia": ("Tư Nghĩa",),
             "con co": ("Cồn Cỏ",), "tan an": ("Tân An",)}
    issuers = ["Ủy ban nhân dân xã Bảo Hà", None]
    assert known_places_in("xây dựng nông thôn mới xã Bảo Hộ năm 2026", "Bảo Hà", issuers, names) == \
        "xây dựng nông thôn mới xã Bảo Hà năm 2026"
    assert known_places_in("UBND các xã, phường, đặc khu Cồn Có", None, [None], names) == "UBND các xã, phường, đặc khu Cồn Cỏ"
    assert known_places_in("Ủy ban nhân dân xã Từ Nghta", "Tư Nghĩa", [None], names) == "Ủy ban nhân dân xã Tư Nghĩa"
    # a place the gazetteer writes so, or one far from every locality, stays as written
    assert known_places_in("xã Tân An và xã Mường Tè", "Bảo Hà", issuers, names) == "xã Tân An và xã Mường Tè"
    assert issuer_locality("Đảng ủy xã Hải Hòa", "Hạ Hòa", names) == "Đảng ủy xã Hạ Hòa"
    assert issuer_locality("Đảng ủy xã Hải Hòa", "Phú Thọ", names) == "Đảng ủy xã Hải Hòa"


def test_a_rule_read_as_one_long_lower_case_word_is_cut_off_the_issuer_and_a_title_keeps_its_speck_out():
    text = """BANG BO TINH TUYEN QUANG ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ TÂN TRÀO secceesecceces
Số 46-KH/ĐU Tân Trào, ngày 09 tháng 01 năm 2026
KẾ HOẠCH
công tác phát triển đảng viên năm 2026
1. Các chi bộ trực thuộc tổ chức quán triệt Kế hoạch này.
"""
    doc = extract_directive(text + "Nơi nhận: T/M BAN THƯỜNG VỤ\n- Ban Thường vụ Tỉnh ủy (b/c), PHÓ BÍ THƯ’\n"
                            "- Lưu Văn phòng Đảng ủy. Nguyễn Thị Kim Thoa\n", "x", Config())[0]
    assert doc.issuer == "Đảng ủy xã Tân Trào"
    assert (doc.signer.title, doc.signer.name) == ("Phó Bí thư", "Nguyễn Thị Kim Thoa")  # a horn's speck after it


def test_a_mass_organisations_executive_committee_a_closing_sentence_in_capitals_and_police_departments():
    text = """   HỘI NÔNG DÂN VIỆT NAM                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BCH HỘI NÔNG DÂN TỈNH NINH BÌNH                Độc lập - Tự do - Hạnh phúc
   Số: 09-KH/HNDT                       Ninh Bình, ngày 08 tháng 01 năm 2026
                                   KẾ HOẠCH
       Hỗ trợ hội viên nông dân phát triển sản phẩm OCOP năm 2026
1. Phối hợp với Chi nhánh Ngân hàng Chính sách xã hội tỉnh, Agribank Chi nhánh Ninh Bình thực hiện tốt các chương trình tín dụng ủy thác.
2. Giao Phòng Cảnh sát giao thông chủ trì, phối hợp với Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Phòng Tham mưu xây dựng kế hoạch cao điểm.

Trên đây là Kế hoạch hỗ trợ hội viên nông dân phát triển sản phẩm OCOP năm 2026.

Nơi nhận:                                          TM. BAN THƯỜNG VỤ
- Thường trực Tỉnh ủy (b/c);                               CHỦ TỊCH
- Lưu: VP, KT-XH.                                      Trần Thị Thu Hà
"""
    doc, tasks = extract_directive(text, "x", Config())
    assert (doc.issuer, doc.parent_issuer) == ("Ban Chấp hành Hội Nông dân tỉnh Ninh Bình", "Hội Nông dân Việt Nam")
    assert (doc.signer.title, doc.signer.name) == ("Chủ tịch", "Trần Thị Thu Hà")
    assert tasks[0].cooperating == ["Chi nhánh Ngân hàng Chính sách xã hội tỉnh", "Agribank Chi nhánh Ninh Bình"]
    assert tasks[1].cooperating == ["Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "Phòng Tham mưu"]


def test_a_steering_committee_keeps_its_number_and_a_subject_goes_on_over_a_line_that_opens_with_a_body():
    text = """      TỈNH ỦY HÀ TĨNH                           ĐẢNG CỘNG SẢN VIỆT NAM
    BAN CHỈ ĐẠO 35                                 ---------------
           *                            Hà Tĩnh, ngày 05 tháng 01 năm 2026
                                   KẾ HOẠCH
     thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về chuyển đổi số trong Đảng bộ
                         Ủy ban nhân dân tỉnh năm 2026
                                    -----

1. Các chi bộ trực thuộc quán triệt Kế hoạch này.
"""
    doc = extract_directive(text, "x", Config())[0]
    assert (doc.issuer, doc.parent_issuer) == ("Ban Chỉ đạo 35", "Tỉnh ủy Hà Tĩnh")
    assert doc.subject.endswith("trong Đảng bộ Ủy ban nhân dân tỉnh năm 2026")
    legacy = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 2846/QĐ-UBND Vĩnh Long, ngày 24 tháng [1 năm 2025\nQUYẾT ĐỊNH\nGiao nhiệm vụ\n"
    assert extract_directive(legacy, "x", Config())[0].date == "2025-11-24"  # legacy OCR's bracket for a 1
    legacy = ("HỘI NÔNG DÂN VIỆT NAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBCH HỘI NÔNG DÂN TỈNH NINH BÌNH Độc lập - Tự do - Hạnh phúc\n"
              "VỀ\nSố: 09-KH/HNDT Ninh Bình, ngày 08 tháng 01 năm 2026\nKẾ HOẠCH\nHỗ trợ hội viên\n")
    doc = extract_directive(legacy, "x", Config())[0]  # the rule's stars read as a word: no name line
    assert (doc.issuer, doc.parent_issuer) == ("Ban Chấp hành Hội Nông dân tỉnh Ninh Bình", "Hội Nông dân Việt Nam")
    legacy = "TỈNH ỦY HÀ TĨNH ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO 35 năng\n* Hà Tĩnh, ngày 05 tháng 01 năm 2026\nSố 18-CV/BCD35\nV/v tăng cường\n"
    assert extract_directive(legacy, "x", Config())[0].issuer == "Ban Chỉ đạo 35"  # the rule read as a word after it



def test_a_short_speck_after_the_issuers_name_in_capitals_is_cut_off():
    legacy = ("ĐẢNG BỘ TỈNH THANH HÓA ĐẢNG CỘNG SẢN VIỆT NAM\n\nHUYỆN ỦY THỌ XUÂN Mẹ\n\n*\n"
              "Số 186-TB/HU Thọ Xuân, ngày 22 tháng 8 năm 2024\nTHÔNG BÁO\nkết luận của Ban Thường vụ Huyện ủy\n")
    doc = extract_directive(legacy, "x", Config())[0]  # "ee" after the name, restored as a word "Mẹ"
    assert (doc.issuer, doc.parent_issuer) == ("Huyện ủy Thọ Xuân", "Đảng bộ tỉnh Thanh Hóa")


_BODY_LINE = "Từ đầu năm đến nay, toàn tỉnh ghi nhận nhiều vụ cháy rừng, gây thiệt hại về tài sản;"


def test_repaired_legacy_header_ends_the_subject_at_the_body_a_mark_and_the_authority_that_lost_their_blank_lines():
    # Legacy OCR drops the blank lines: the trích yếu runs into the opening paragraph, whose
    # lines fill the page while the centred trích yếu ends short.
    body = "\n".join([_BODY_LINE] * 20)
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH ĐIỆN BIÊN Độc lập - Tự do - Hạnh phúc\n"
            "Số: 21/CT-UBND Điện Biên, ngày 26 tháng 12 năm 2025\nCHỈ THỊ\n"
            "Về tăng cường công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy\nrừng mùa khô năm 2025 - 2026\n"
            "Tỉnh Điện Biên hiện có trên 435.000 ha đất có rừng, tỷ lệ che phủ rừng đạt 45,\n" + body)
    doc = extract_directive(text, "x", Config())[0]
    assert doc.subject == "Về tăng cường công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng mùa khô năm 2025 - 2026"
    # a name that goes on over a full line after an open "của" stays in it
    named = text.replace("rừng mùa khô năm 2025 - 2026\nTỉnh", "rừng mùa khô của\nTỉnh")
    assert "mùa khô của Tỉnh Điện Biên hiện có" in extract_directive(named, "x", Config())[0].subject
    letter = ("UBND TỈNH QUẢNG TRỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nVĂN PHÒNG Độc lập - Tự do - Hạnh phúc\n"
              "Số: 3127/VP-KT Quảng Trị, ngày 06 tháng 11 năm 2025\nV/v khắc phục hậu quả mưa lũ\nKHĂN\nKính gửi:\n- Sở Xây dựng.\n" + body)
    doc = extract_directive(letter, "x", Config())[0]  # the repair's tones on "KHAN"
    assert (doc.subject, doc.marks) == ("khắc phục hậu quả mưa lũ", ["KHẨN"])
    decision = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH AN GIANG Độc lập - Tự do - Hạnh phúc\n"
                "Số: 2317/QĐ-UBND An Giang, ngày 14 tháng 10 năm 2025\nQUYẾT ĐỊNH\nBan hành Kế hoạch cao điểm chống khai thác\n"
                "hải sản bất hợp pháp trên địa bàn tỉnh\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG\nCăn cứ Luật Thủy sản;\n")
    doc = extract_directive(decision, "x", Config())[0]
    assert doc.subject == "Ban hành Kế hoạch cao điểm chống khai thác hải sản bất hợp pháp trên địa bàn tỉnh"


def test_a_capital_token_alone_on_a_line_of_the_opening_is_no_heading():
    from chidao.config import Config
    from chidao.nlp import extract_directive

    text = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC NINH                            Độc lập - Tự do - Hạnh phúc
Số: 2316/UBND-NNMT                       Bắc Ninh, ngày 14 tháng 10 năm 2025
V/v kiểm soát ô nhiễm không khí

Kết quả quan trắc cho thấy có 11 ngày nồng độ bụi mịn
PM2.5
vượt quy chuẩn cho phép; lượng mưa phổ biến 80
- 150 mm.
Thực hiện Chỉ thị số 20/CT-TTg ngày 12/7/2025 của Thủ tướng Chính phủ, UBND tỉnh yêu cầu:
1. Sở Xây dựng kiểm tra phương tiện chở vật liệu xây dựng.
"""
    doc, _ = extract_directive(text, "r", Config())
    assert doc.responds_to == ["20/CT-TTg"]  # legacy OCR's "PM2.5" line, a range's "- 150 mm" do not end the opening


def test_a_date_line_whose_thang_the_repair_misread_still_gives_the_date():
    from chidao.config import Config
    from chidao.nlp import extract_directive

    text = """HỘI ĐỒNG NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ ĐÔNG LỘC                      Độc lập - Tự do - Hạnh phúc
Số: 38/NQ-HĐND         Đông Lộc, ngày 19 thùng [2 năm 2025
NGHỊ QUYẾT
Về nhiệm vụ phát triển kinh tế - xã hội năm 2026
"""
    doc, _ = extract_directive(text, "r", Config())
    assert doc.date == "2025-12-19"
    doc, _ = extract_directive(text.replace("NGHỊ QUYẾT", "NGHIEQUYET"), "r", Config())
    assert doc.subject == "Về nhiệm vụ phát triển kinh tế - xã hội năm 2026"  # a glued title still opens the subject


def test_legacy_blank_lines_inside_the_addressees_and_a_garbled_citation_verb_keep_the_opening():
    from chidao.config import Config
    from chidao.nlp import extract_directive

    text = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÀO CAI Độc lập - Tự do - Hạnh phúc
Số: 3146/UBND-KT Lào Cai, ngày 03 tháng 10 năm 2025
V/v tập trung ứng phó, khắc phục hậu quả mưa lũ
Kính gửi:

- Công an tỉnh;

- Các Sở: Nông nghiệp và Môi trường, Xây dựng, Y tế,

Giáo dục và Đào tạo, Tài chính;

- UBND các xã, phường.
- Cần các Hướng dẫn số 25-HD/BTCTW ngày 10/11/2025 của Ban Tổ chức Trung ương;
- Thực hiện Công điện số 178/CĐ-TTg ngày 02/10/2025 của Thủ tướng Chính phủ, UBND tỉnh yêu cầu:
1. Công an tỉnh bảo đảm an ninh, trật tự tại các khu vực sơ tán.
"""
    doc, _ = extract_directive(text, "r", Config())
    assert doc.recipients == ["Công an tỉnh", "Các Sở: Nông nghiệp và Môi trường, Xây dựng, Y tế, Giáo dục và Đào tạo, Tài chính",
                              "UBND các xã, phường"]
    assert doc.responds_to == ["178/CĐ-TTg"]


def test_a_date_line_whose_year_the_margin_cut_and_legacy_number_lines():
    # "… tháng 01 năm" / "2026": the year on the next line; "S60:" and "SỐ 0:" are legacy
    # OCR's "Số:"; "95/KH-UBND" alone on a line is a cited number, not a heading that ends
    # the opening, so the Kế hoạch joined to the Công văn is implemented too.
    text = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc
S60: 27/KH-UBND Quảng Ngãi, ngày 20 tháng 01 năm
2026
BÁO CÁO
Tình hình đội ngũ cán bộ, công chức cấp xã

Thực hiện Công văn số 5210/BNV-CQĐP ngày 05/12/2025 của Bộ Nội vụ về việc báo
cáo tình hình đội ngũ cán bộ, công chức cấp xã sau sắp xếp; Kế hoạch số
95/KH-UBND
ngày 10/7/2025 của UBND tỉnh về bố trí cán bộ, Sở Nội vụ báo cáo như sau:
I. KẾT QUẢ THỰC HIỆN
"""
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert (doc.number, doc.date, doc.place) == ("27/KH-UBND", "2026-01-20", "Quảng Ngãi")
    assert doc.responds_to == ["5210/BNV-CQĐP", "95/KH-UBND"]
    doc, _ = extract_directive(text.replace("S60:", "SỐ 0:"), "sha256:x", Config())
    assert doc.number == "27/KH-UBND"


_JOINT_FOOT = """
Nơi nhận:
- UBND tỉnh (để b/c);
- Lưu: VT SYT, VT SGDĐT.
"""


def test_a_joint_plan_signed_side_by_side_gives_the_right_hand_signer_and_a_rank_is_no_name():
    head = """SỞ Y TẾ - SỞ GIÁO DỤC VÀ ĐÀO TẠO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 41/KHLT-SYT-SGDĐT Nghệ An, ngày 22 tháng 9 năm 2025
KẾ HOẠCH LIÊN TỊCH
Về công tác y tế trường học

1. Trung tâm Kiểm soát bệnh tật tỉnh tổ chức tập huấn trước ngày 31/10/2025.

"""
    written = head + """ KT. GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO              KT. GIÁM ĐỐC SỞ Y TẾ
           PHÓ GIÁM ĐỐC                               PHÓ GIÁM ĐỐC

        Hoàng Thị Minh Hà                             Phan Đức Lâm
""" + _JOINT_FOOT
    doc, _ = extract_directive(written, "sha256:x", Config())
    assert (doc.signer.name, doc.signer.title, doc.signer.capacity.lower()) == ("Phan Đức Lâm", "Phó Giám đốc", "kt. giám đốc sở y tế")
    legacy = head + """KT. GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO KT. GIÁM ĐỐC SỞ Y TẾ
PHÓ GIÁM ĐỐC PHÓ GIÁM ĐỐC
""" + _JOINT_FOOT
    doc, _ = extract_directive(legacy, "sha256:x", Config())
    assert (doc.signer.title, doc.signer.capacity.lower()) == ("Phó Giám đốc", "kt. giám đốc sở y tế")
    police = head.replace("KẾ HOẠCH LIÊN TỊCH", "KẾ HOẠCH") + """Nơi nhận:                                               KT. GIÁM ĐỐC
- Như trên;                                             PHÓ GIÁM ĐỐC
- Các phòng, đơn vị thuộc CAT;                         Đại tá Hoàng Minh Tuấn
- Lưu: VT, PV01.
"""
    doc, _ = extract_directive(police, "sha256:x", Config())
    assert (doc.signer.name, doc.signer.title) == ("Hoàng Minh Tuấn", "Phó Giám đốc")
    flattened = police.replace("- Các phòng, đơn vị thuộc CAT;                         Đại tá", "- Các phòng, đơn vị thuộc CAT; Đại tá")
    doc, _ = extract_directive(flattened, "sha256:x", Config())
    assert doc.signer.name == "Hoàng Minh Tuấn"


def test_done_within_a_day_across_a_line_break_and_a_place_where_something_often_happens():
    assert _deadlines("bố trí vật liệu tại các vị trí thường xuyên sạt lở, hoàn\nthành trong ngày 06/11/2025;") == [
        ("hoàn thành trong ngày 06/11/2025", "by", "2025-11-06")]
    assert _deadlines("thường xuyên kiểm tra các hồ chứa") == [("thường xuyên", "recurring", None)]


def test_a_title_legacy_ocr_misspelt_under_the_number_and_date_still_opens_the_subject():
    text = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ KIM BÌNH Độc lập - Tự do - Hạnh phúc
Số: 86/KH-UBND Kim Bình, ngày 12 tháng 11 năm 2025
KHI HOẠCH
Phòng cháy, chữa cháy rừng mùa khô năm 2025 - 2026
trên địa bàn xã Kim Bình
Thực hiện Kế hoạch số 215/KH-UBND ngày 30/10/2025 của UBND tỉnh Tuyên Quang.
"""
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert (doc.type, doc.subject) == ("Kế hoạch", "Phòng cháy, chữa cháy rừng mùa khô năm 2025 - 2026 trên địa bàn xã Kim Bình")
    doc, _ = extract_directive(text.replace("KHI HOẠCH", "KẾT HOẠCH"), "sha256:x", Config())
    assert doc.subject.startswith("Phòng cháy")
    assert extract_directive(text.replace("KHI HOẠCH", "XÃ KIM BÌNH"), "sha256:x", Config())[0].subject is None


def test_legacy_ocrs_doubled_spacing_does_not_cut_the_subject_at_its_blank_lines():
    text = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

TỈNH SƠN LA Độc lập - Tự do - Hạnh phúc

Số: 212/KH-UBND Sơn La, ngày 04 tháng 8 năm 2025

KẾ HOẠCH

Nâng cao chất lượng giải quyết thủ tục hành chính tại Trung tâm

Phục vụ hành chính công các xã, phường trên địa bàn tỉnh Sơn La năm 2025

Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục
"""
    doc, _ = extract_directive(text, "sha256:x", Config())
    assert doc.subject == ("Nâng cao chất lượng giải quyết thủ tục hành chính tại Trung tâm "
                           "Phục vụ hành chính công các xã, phường trên địa bàn tỉnh Sơn La năm 2025")
