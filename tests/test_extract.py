"""nlp.extract on the real spaCy pipeline: deadline rules, header parsing, task structure,
and every annotated directive in tests/data/gold scored against its annotation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chidao.config import Config
from chidao.nlp.extract import build_extractor, extract_directive
from chidao.nlp.extract.deadlines import find_deadlines
from chidao.nlp.extract.evaluate import score_directive

ROOT = Path(__file__).resolve().parents[1]
GOLD_ALL = sorted((ROOT / "tests" / "data" / "gold").glob("*.json"))
# Documents the rules have been fixed on are held to the targets one by one; the frozen
# batches (tests/data/gold/README.md) are scored as a whole in test_frozen_batches_….
GOLD = [p for p in GOLD_ALL if not json.loads(p.read_text(encoding="utf-8")).get("batch")]


def _deadlines(text: str, doc_date: dt.date | None = dt.date(2024, 3, 15)):
    patterns = build_extractor().get_pipe("chidao_deadlines").patterns
    return [(d.kind, d.due) for d in find_deadlines(text, patterns, doc_date)]


@pytest.mark.parametrize("phrase, expected", [
    ("hoàn thành trước ngày 30/6/2024", [("by", "2024-06-30")]),
    ("xong trước ngày 15 tháng 4 năm 2024", [("by", "2024-04-15")]),
    ("xong trong quý I/2024", [("by", "2024-03-31")]),
    ("tổ chức quán triệt Luật trong quý I, II/2024", [("by", "2024-06-30")]),
    ("xong chậm nhất Quy 1V/2024", [("by", "2024-12-31")]),
    ("trong Quy 1/2024", [("by", "2024-03-31")]),
    ("trong quý I, 11/2024", [("by", "2024-06-30")]),
    ("trong quý I, 1/2024", [("by", "2024-06-30")]),  # legacy OCR of "I, II"
    ("kiểm tra trong quý II, III/2024", [("by", "2024-09-30")]),
    ("sơ kết 6 tháng đầu năm 2024", [("by", "2024-06-30")]),
    ("phấn đấu đến hết năm 2024 có 60%", [("by", "2024-12-31")]),
    ("thực hiện từ năm 2024", [("from", "2024-01-01")]),
    ("giám sát từ ngày 01/7/2024", [("from", "2024-07-01")]),
    ("báo cáo trước 17 giờ ngày 20/7/2024", [("by", "2024-07-20")]),
    ("cấm biển kể từ 12 giờ 30 phút ngày 20/7/2024", [("from", "2024-07-20")]),
    ("hoàn thành trong ngày 21/7/2024", [("by", "2024-07-21")]),
    ("hoàn thành trong tháng 10/2023", [("by", "2023-10-31")]),
    ("trong 30 ngày kể từ ngày ký Kế hoạch này", [("by", "2024-04-14")]),
    ("trong 07 ngày làm việc kể từ ngày nhận", [("by", "2024-03-26")]),  # Friday 15 March + 7 working days
    ("báo cáo hằng tháng", [("recurring", None)]),
    ("định kỳ 6 tháng báo cáo", [("recurring", None)]),
    # A cited document's date and a bare year are not deadlines.
    ("Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ", []),
    ("khen thưởng tập thể năm 2023", []),
])
def test_deadline_phrases_resolve_by_schema_rules(phrase, expected):
    assert _deadlines(phrase) == expected


def test_relative_deadline_without_a_full_document_date_has_no_due():
    assert _deadlines("trong 15 ngày kể từ ngày ban hành", doc_date=None) == [("by", None)]


_MINI = """UBND HUYỆN TÂN YÊN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 12/UBND-NV
V/v kiểm tra cải cách hành chính          Tân Yên, ngày   tháng 8 năm 2023

Kính gửi:
- Phòng Nội vụ;
- UBND các xã, thị trấn.

Thực hiện Kế hoạch số 5/KH-UBND ngày 02/3/2023 của UBND tỉnh, Chủ tịch UBND huyện yêu cầu:
1. Giao Phòng Nội vụ phối hợp với Phòng Tư pháp:
- Rà soát thủ tục hành chính, xong trong quý III/2023.
- Tổng hợp kết quả, báo cáo Chủ tịch UBND huyện hằng tháng.
2. Kiểm tra việc niêm yết công khai tại các xã.

Nơi nhận:                                   KT. CHỦ TỊCH
- Như trên;                                  PHÓ CHỦ TỊCH
- Lưu: VT.
                                           Trần Văn Bình
"""


def test_header_of_a_two_column_state_letter():
    doc, _ = extract_directive(_MINI, "sha256:x", Config())
    assert (doc.number, doc.symbol, doc.type, doc.party) == ("12/UBND-NV", "UBND-NV", "Công văn", False)
    assert doc.issuer == "Ủy ban nhân dân huyện Tân Yên"
    assert (doc.place, doc.date) == ("Tân Yên", "2023-08")  # the day left blank
    assert doc.subject == "kiểm tra cải cách hành chính"
    assert doc.recipients == ["Phòng Nội vụ", "UBND các xã, thị trấn"]
    assert (doc.signer.name, doc.signer.title, doc.signer.capacity) == ("Trần Văn Bình", "Phó Chủ tịch", "KT. Chủ tịch")
    assert [r.number for r in doc.references] == ["5/KH-UBND"] and doc.references[0].date == "2023-03-02"
    assert doc.responds_to == ["5/KH-UBND"]


def test_dashed_sub_items_inherit_lead_and_an_unnamed_item_falls_to_the_addressees():
    _, tasks = extract_directive(_MINI, "sha256:x", Config())
    assert [t.id for t in tasks] == ["sha256:x#1.1", "sha256:x#1.2", "sha256:x#2"]
    first, second, third = tasks
    assert first.lead == ["Phòng Nội vụ"] and first.cooperating == ["Phòng Tư pháp"] and not first.implicit_lead
    assert [(d.kind, d.due) for d in first.deadlines] == [("by", "2023-09-30")]
    assert second.recurring and second.report_to == ["Chủ tịch UBND huyện"]
    assert third.implicit_lead and third.lead == ["Phòng Nội vụ", "UBND các xã, thị trấn"]


def test_report_tasks_belong_to_the_issuer_and_results_are_not_tasks():
    text = """ĐẢNG ỦY XÃ AN HÀ
Số 20-BC/ĐU
An Hà, ngày 10 tháng 6 năm 2024
BÁO CÁO
kết quả công tác dân vận 6 tháng đầu năm 2024

I. KẾT QUẢ
1. Đã tổ chức 12 buổi tiếp công dân.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tiếp tục nâng cao chất lượng tiếp công dân, xong trong quý III/2024.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.type == "Báo cáo" and doc.issuer == "Đảng ủy xã An Hà"
    assert len(tasks) == 1 and tasks[0].implicit_lead and tasks[0].lead == ["Đảng ủy xã An Hà"]


def test_relative_deadlines_use_the_document_date_not_the_reference_date():
    # "trong 15 ngày kể từ ngày ký": the document's date plus 15 days, whatever day "today" is.
    text = _MINI.replace("ngày   tháng 8", "ngày 10 tháng 8").replace(
        "xong trong quý III/2023", "xong trong 15 ngày kể từ ngày ký")
    for today in (dt.date(2020, 1, 1), dt.date(2030, 1, 1)):
        _, tasks = extract_directive(text, "r", Config(reference_date=today))
        assert [(d.kind, d.due) for d in tasks[0].deadlines] == [("by", "2023-08-25")]


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_annotated_directive_meets_the_issue_targets(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    content = (ROOT / gold["source"]).read_text(encoding="utf-8")
    document, tasks = extract_directive(content, "sha256:t", Config())
    score = score_directive(gold, document, tasks)
    assert score.task_f1 >= 0.9, score.misses
    assert score.lead_f1 >= 0.85, score.misses
    assert score.deadline_accuracy is None or score.deadline_accuracy >= 0.9, score.misses
    assert score.metadata_accuracy >= 0.9, score.misses
    assert len({t.id for t in tasks}) == len(tasks)


def test_raw_legacy_ocr_does_not_break_the_extractor():
    # Unrepaired legacy OCR still gives the header and the report's tasks, with unique ids.
    content = (ROOT / "samples" / "002_272c2cbeafd4321c.txt").read_text(encoding="utf-8")
    document, tasks = extract_directive(content, "r", Config())
    assert (document.number, document.type) == ("78/BC-UBND", "Báo cáo")
    assert len(tasks) >= 4
    assert [t.id for t in tasks] == [f"r#{t.ordinal}" for t in tasks] and len({t.id for t in tasks}) == len(tasks)


def test_cli_extract_json_fills_document_and_tasks():
    from chidao.cli import main

    result = CliRunner().invoke(main, ["--today", "2024-06-01", "extract", str(ROOT / "samples" / "004_bf85b1cdd7b62294.txt"), "--json", "--no-restore"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["document"]["number"] == "2858-CV/TU"
    assert len(record["tasks"]) >= 5 and all(t["id"].startswith(record["id"] + "#") for t in record["tasks"])


def test_bench_extract_prints_both_systems():
    from chidao.cli import main

    result = CliRunner(env={"COLUMNS": "250"}).invoke(main, ["bench", "extract", "--no-restorer"])
    assert result.exit_code == 0, result.output
    # The dev row: chidao's task and lead F1, measured in this run, beat the naive baseline's.
    row = next(line for line in result.output.splitlines() if line.startswith("│ dev"))
    cells = [c.strip() for c in row.strip("│").split("│")]
    pairs = [tuple(map(float, c.split(" → "))) for c in cells[2:4]]
    assert all(ours > naive and ours >= 0.9 for naive, ours in pairs), row


def test_repaired_ocr_leftovers_are_tolerated():
    """What a legacy-OCR repair typically leaves: a damaged motto, "S6" for "Số", symbols
    without Đ, a garbled "phối hợp" and body name."""
    text = """TỈNH ỦY BẮC GIANG DPANG CỘNG SẢN VIỆT NAM
BCD THỰC HIỆN QCDC Ở CƠ SỞ
Bắc Giang, ngày 18 tháng 01 năm 2024
S6135- TB/BCD
THÔNG BÁO
kết luận của Trưởng Ban Chỉ đạo

Trưởng Ban Chỉ đạo đề nghị các cơ quan tập trung thực hiện tốt một số nhiệm vụ sau:
1. Ban cần sỹ đảng UBND tỉnh phéi họp với Ban Dân vận Tỉnh oy nghiện cứu sửa đổi
Quyết định số 01/2017/QD-UBND ngày 16/01/2017 và Chỉ thị số 27/CT-TTe, xong chậm nhét Quý 1V/2024.
2. Văn phòng Tỉnh ủy theo dõi việc thực hiện Chương trình số 35-CTY/TU và Quyết định số 919/QĐ-TTeg.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.party is True and doc.number == "135-TB/BCĐ"
    assert doc.issuer == "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở" and doc.parent_issuer == "Tỉnh ủy Bắc Giang"
    # the Thủ tướng's "TTg" read "TTe" and "TTeg", a party programme's "CTr" read "CTY"
    assert [r.number for r in doc.references] == ["01/2017/QĐ-UBND", "27/CT-TTg", "35-CTr/TU", "919/QĐ-TTg"]
    assert tasks[0].lead == ["Ban cán sự đảng UBND tỉnh"] and tasks[0].cooperating == ["Ban Dân vận Tỉnh ủy"]
    assert [d.due for d in tasks[0].deadlines] == ["2024-12-31"]


def test_repair_slips_in_a_body_list_and_a_cited_number():
    """Restoration reads "T gilp viéc" as "Từ giúp việc" and keeps "43-KIL/TW" beside the
    right 43-KL/TW: the list still splits into known bodies and the slip is no second document."""
    text = """TỈNH ỦY BẮC GIANG
BAN CHỈ ĐẠO
Số 135-TB/BCĐ
Bắc Giang, ngày 18 tháng 01 năm 2024
THÔNG BÁO
kết luận của Trưởng Ban Chỉ đạo

Thực hiện Kết luận số 43-KL/TW ngày 07/01/2019 của Ban Bí thư, Trưởng Ban Chỉ đạo đề nghị:
1. Thành viên Ban Chỉ đạo, Từ giúp việc: căn cứ chức năng, nhiệm vụ theo dõi việc thực hiện
Kết luận số 43-KIL/TW tại địa bàn được phân công.
2. Ban cán sự đảng UBND huyện chỉ đạo rà soát các vụ việc tồn đọng.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert [r.number for r in doc.references] == ["43-KL/TW"]
    assert tasks[0].lead == ["Thành viên Ban Chỉ đạo", "Tổ giúp việc"]
    assert tasks[1].lead == ["Ban cán sự đảng UBND huyện"]  # near a known name, but a name of its own


def test_tesseract_layout_blank_lines_and_accent_slips():
    """Tesseract's page text: blank lines inside blocks, a subject carried over a blank line,
    accent slips in headings ("KIỀN NGHỊ")."""
    text = """UBND THỊ TRẤN VÔI

Số: 112/BC-UBND

Vôi, ngày 10 tháng 9 năm 2024

BÁO CÁO

Kết quả thực hiện quy chế dân chủ

9 tháng đầu năm 2024

I. KẾT QUẢ THỰC HIỆN

1. Đã tổ chức 03 hội nghị.

II. KIỀN NGHỊ

Đề nghị UBND huyện hỗ trợ kinh phí nâng cấp bộ phận một cửa thị trấn trong

năm 2025.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.subject == "Kết quả thực hiện quy chế dân chủ 9 tháng đầu năm 2024"
    assert [(t.lead, [d.due for d in t.deadlines]) for t in tasks] == [(["UBND huyện"], ["2025-12-31"])]


def test_subject_ends_where_the_body_starts_without_a_blank_line():
    """Legacy OCR drops blank lines: the trích yếu stops at "Thực hiện …" or an item marker."""
    text = """BAN DÂN VẬN TỈNH ỦY
Số 38-KH/BDVTU
Thái Bình, ngày 05 tháng 4 năm 2024
KẾ HOẠCH
thực hiện phong trào thi đua "Dân vận khéo"
năm 2024
Thực hiện Kế hoạch số 142-KH/TU ngày 12/3/2024 của Ban Thường vụ Tỉnh ủy, Ban Dân vận xây dựng Kế hoạch như sau:
I. NỘI DUNG
1. Tổ chức tập huấn nghiệp vụ công tác dân vận trong tháng 6/2024.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.subject == 'thực hiện phong trào thi đua "Dân vận khéo" năm 2024'
    assert [t.ordinal for t in tasks] == ["I.1"] and tasks[0].deadlines[0].due == "2024-06-30"


def test_issuer_wrapped_over_two_lines_and_a_motto_with_a_zero():
    wrapped = "TỈNH ỦY HÀ GIANG\nBAN CHỈ ĐẠO PHÒNG, CHỐNG THAM NHŨNG,\nTIÊU CỰC TỈNH\n*\nSố 38-TB/BCĐ\nHà Giang, ngày 18 tháng 11 năm 2024\nTHÔNG BÁO\nkết luận của Trưởng Ban Chỉ đạo\n"
    doc, _ = extract_directive(wrapped, "r", Config())
    assert (doc.issuer, doc.parent_issuer) == ("Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh", "Tỉnh ủy Hà Giang")
    state = ("ỦY BAN NHÂN DÂN             CỘNG H0À XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÀNH PHỐ HẢI PHÒNG               Độc lập - Tự do - Hạnh phúc\n"
             "Số: 3865/UBND-NN            Hải Phòng, ngày 20 tháng 7 năm 2025\nV/v ứng phó với bão số 3\n")
    doc, _ = extract_directive(state, "r", Config())
    assert (doc.issuer, doc.parent_issuer, doc.party) == ("Ủy ban nhân dân thành phố Hải Phòng", None, False)


def test_lettered_siblings_under_a_heading_and_labelled_fields():
    text = """UBND TỈNH SÓC TRĂNG
Số: 45/KH-UBND
Sóc Trăng, ngày 20 tháng 02 năm 2025
KẾ HOẠCH
Phát triển khoa học, công nghệ
I. NHIỆM VỤ, GIẢI PHÁP
1. Hoàn thiện thể chế
a) Rà soát các văn bản quy phạm pháp luật của tỉnh không còn phù hợp.
Cơ quan chủ trì: Sở Tư pháp. Cơ quan phối hợp: các sở, ban, ngành tỉnh. Thời gian hoàn thành: quý II/2025.
b) Sở Tài chính chủ trì tham mưu bố trí kinh phí, trình trong tháng 6/2025.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert [t.ordinal for t in tasks] == ["I.1.a", "I.1.b"]
    assert tasks[0].lead == ["Sở Tư pháp"] and tasks[0].cooperating == ["Các sở, ban, ngành tỉnh"]
    assert [d.due for d in tasks[0].deadlines] == ["2025-06-30"] and tasks[1].lead == ["Sở Tài chính"]


def test_signature_flattened_into_the_distribution_list():
    """Legacy OCR joins the Nơi nhận and signature columns with one space."""
    text = """ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG
Số: 45/KH-UBND Sóc Trăng, ngày 20 tháng 02 năm 2025
KẾ HOẠCH
Phát triển khoa học, công nghệ
1. Sở Tài chính chủ trì bố trí kinh phí.
Nơi nhận: TM. ỦY BAN NHÂN DÂN
- Văn phòng Chính phủ (b/c); KT. CHỦ TỊCH
- Bộ Khoa học và Công nghệ (b/c); PHÓ CHỦ TỊCH
- UBND các huyện, thị xã, thành phố; Lý Hoàng Khải
- Lưu: VT, KT.
"""
    doc, _ = extract_directive(text, "r", Config())
    assert (doc.signer.name, doc.signer.title) == ("Lý Hoàng Khải", "Phó Chủ tịch")
    for tail, name in (("- UBND các xã, thị trấn; Ksor Y Phơn", "Ksor Y Phơn"),
                       ("- Lưu: VT, KT VÀ Lê Thị Minh Thư", "Lê Thị Minh Thư"),
                       ("- UBND các huyện, thị xã, thành phố", None)):
        flat = text.replace("- UBND các huyện, thị xã, thành phố; Lý Hoàng Khải\n- Lưu: VT, KT.\n", tail + "\n")
        assert extract_directive(flat, "r", Config())[0].signer.name == name


def _batch_names(first: str, last: str) -> tuple[str, ...]:
    """Gold batch names in order, A … Z, AA … AZ, BA … DZ, from `first` to `last` inclusive."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    names = list(letters) + [a + b for a in letters[:4] for b in letters]
    return tuple(names[names.index(first):names.index(last) + 1])


ALL_BATCHES = _batch_names("A", "DT")  # untouched ones (untouched.txt) left out


def _frozen_batches_meet_the_targets(text_of, fuzzy: bool = False, batches=ALL_BATCHES,
                                     targets: tuple[float, float, float, float] = (0.9, 0.85, 0.9, 0.9)) -> None:
    """The frozen batches (tests/data/gold/README.md) scored as one set against targets (task
    F1, lead F1, deadline accuracy, metadata accuracy); `text_of(gold, path)` gives the text
    to extract from, or None to skip a file. Untouched batches are never scored here."""
    total = None
    untouched = set((ROOT / "tests" / "data" / "gold" / "untouched.txt").read_text(encoding="utf-8").split())
    for path in GOLD_ALL:
        gold = json.loads(path.read_text(encoding="utf-8"))
        wanted = gold.get("batch") in set(batches) and gold["batch"] not in untouched  # "AB" is not in "ABC…"
        text = text_of(gold, path) if wanted else None
        if text is None:
            continue
        document, tasks = extract_directive(text, "sha256:t", Config())
        score = score_directive(gold, document, tasks, fuzzy=fuzzy)
        total = score if total is None else (total.add(score) or total)
    assert total is not None
    task, lead, deadline, metadata = targets
    assert total.task_f1 >= task and total.lead_f1 >= lead, total.misses
    assert total.deadline_accuracy >= deadline and total.metadata_accuracy >= metadata, total.misses


def test_frozen_batches_as_written_meet_the_issue_targets_together():
    """Per-batch first-run figures are in the bench and the issue notes."""
    _frozen_batches_meet_the_targets(lambda gold, _: (ROOT / gold["source"]).read_text(encoding="utf-8"))


def test_frozen_batches_as_legacy_ocr_repaired_meet_the_issue_targets_together():
    """The legacy-OCR renderings (tests/data/gold/legacy/, eng-model OCR of the printed gold
    texts), repaired by the restorer and scored with the bench's tolerance for leftover letter
    errors: the issue's targets on repaired legacy OCR."""
    from chidao.nlp import restore_diacritics

    def repaired(_, path: Path) -> str | None:
        legacy = ROOT / "tests" / "data" / "gold" / "legacy" / f"{path.stem}.txt"
        return restore_diacritics(legacy.read_text(encoding="utf-8")) if legacy.exists() else None

    _frozen_batches_meet_the_targets(repaired, fuzzy=True, batches="ABCDEFGHIJK")
    # Batches L–N (issue 14's layouts: attached plans, annex tables, per-assignment items) as
    # legacy OCR are below issue 14's targets (closing note); this holds what was reached.
    _frozen_batches_meet_the_targets(repaired, fuzzy=True, batches="LMN", targets=(0.92, 0.80, 0.78, 0.90))
    # Batches O–DJ as legacy OCR (tables and headers the eng model destroys): what was reached
    # when they were read (.92/.82/.77/.89 for O–AD; .96/.89/.86/.92 for O–BT; .97/.90/.88/.92 for
    # O–BZ; .97/.91/.88/.92 for O–CB, O–CD and O–CF, cooperating .86; .97/.91/.90/.92 for O–CP,
    # cooperating .88; .98/.91/.92/.93 for O–CX less the untouched, cooperating .89;
    # .98/.91/.92/.94 for O–DJ and O–DN less the untouched, cooperating .88; .98/.91/.93/.94 for
    # O–DT less the untouched, cooperating .89), held against falling.
    _frozen_batches_meet_the_targets(repaired, fuzzy=True, batches=_batch_names("O", "DT"),
                                     targets=(0.96, 0.90, 0.90, 0.92))


def test_the_body_handed_the_work_leads_and_a_tagger_verb_inside_a_name_is_ignored():
    text = """HUYỆN ỦY GIAO THỦY
Số 45-KH/HU
Giao Thủy, ngày 10 tháng 02 năm 2025
KẾ HOẠCH
thực hiện Chỉ thị số 39-CT/TW
I. TỔ CHỨC THỰC HIỆN
1. Ban Thường vụ Huyện ủy giao Ủy ban nhân dân huyện:
- Ban hành kế hoạch triển khai trước ngày 20/02/2025.
2. Ủy ban nhân dân các huyện, thị xã, thành phố có trách nhiệm:
- Rà soát, bố trí đủ công chức làm công tác địa chính ở cấp xã.
"""
    _, tasks = extract_directive(text, "r", Config())
    assert [t.lead for t in tasks] == [["UBND huyện"], ["Ủy ban nhân dân các huyện, thị xã, thành phố"]]


def test_legacy_header_with_columns_joined_by_one_space():
    """Legacy OCR joins the two header columns with one space, reads "Số" as "$6", the motto's
    last word onto its own line, and the signature onto the Nơi nhận lines after a comma."""
    text = ("Ủy BAN NHÂN DÂN ~— CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nNAM\nTỈNH AN GIANG Độc lập - Tự do - Hạnh phúc\n"
            "$6: 614/TB-UBND An Giang, ngày 18 tháng 11 năm 2024\nTHÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh\n"
            "1. Giao Sở Xây dựng hoàn thành trước ngày 30/11/2024.\nNơi nhận: KT. CHỦ TỊCH\n"
            "- Như trên, PHÓ CHỦ TỊCH\n- Lưu: VT, Lê Hoàng Phúc\n")
    doc, _ = extract_directive(text, "r", Config())
    assert (doc.number, doc.issuer, doc.parent_issuer) == ("614/TB-UBND", "Ủy ban nhân dân tỉnh An Giang", None)
    assert (doc.place, doc.date) == ("An Giang", "2024-11-18")
    assert (doc.signer.name, doc.signer.title) == ("Lê Hoàng Phúc", "Phó Chủ tịch")
    assert [r.number for r in doc.references] == []
    ocr_date = extract_directive(text.replace("ngày 18 tháng", "neay OS tháng"), "r", Config())[0]
    assert ocr_date.date == "2024-11-05"


def test_a_wrapped_line_starting_y_is_not_a_lettered_item():
    text = ("UBND TỈNH ĐẮK LẮK\nSố: 12/UBND-NN\nĐắk Lắk, ngày 03 tháng 10 năm 2025\nV/v phòng, chống dịch\n\nKính gửi: UBND các huyện.\n\n"
            "1. UBND các huyện:\na) Thống kê tổng đàn lợn, gửi về Sở Nông nghiệp (qua Chi cục Chăn nuôi và Thú\n"
            "y) trong 15 ngày kể từ ngày ký văn bản này.\nb) Tổ chức tiêu độc khử trùng.\n")
    _, tasks = extract_directive(text, "r", Config())
    assert [t.ordinal for t in tasks] == ["1.a", "1.b"]
    assert tasks[0].deadlines[0].due == "2025-10-18"


def test_legacy_trich_yeu_split_by_blank_lines_and_run_into_the_body():
    split = ("ĐẢNG BỘ TỈNH NGHỆ AN\n\nĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\n\n$6 415-BC/ĐUK\n\nNghệ An, ngày 25 tháng 11 năm 2024\n\n"
             "BÁO CÁO\n\nkết quả 02 năm thực hiện Kế hoạch số 162-KH/TU của Ban Thường\nvụ\n\n"
             "Tỉnh ủy về nâng cao chất lượng sinh hoạt chi bộ\n\nI. KẾT QUẢ\n")
    doc, _ = extract_directive(split, "r", Config())
    assert doc.number == "415-BC/ĐUK"
    assert doc.subject == "kết quả 02 năm thực hiện Kế hoạch số 162-KH/TU của Ban Thường vụ Tỉnh ủy về nâng cao chất lượng sinh hoạt chi bộ"
    run_on = ("TỈNH ỦY BÌNH ĐỊNH\nSố 31-CT/TU\nQuy Nhơn, ngày 26 tháng 8 năm 2024\nCHỈ THỊ\n"
              "về tăng cường công tác phòng, chống thiên tai năm 2024\nNhững năm qua, các cấp ủy đã quán triệt Chỉ thị.\n")
    # Below a title the "về …" line is the trích yếu itself, "về" included (only a V/v drops it).
    assert extract_directive(run_on, "r", Config())[0].subject == "về tăng cường công tác phòng, chống thiên tai năm 2024"


def test_steps_of_a_procedure_are_work_whatever_their_titles_say_and_closes_of_a_report_are_no_tasks():
    text = """BAN THƯỜNG VỤ TỈNH ỦY LẠNG SƠN
BAN CHỈ ĐẠO CHỐNG BUÔN LẬU
HÀNG GIẢ TỈNH LẠNG SƠN
Số 03-HD/BCĐ
Lạng Sơn, ngày 02 tháng 12 năm 2025
HƯỚNG DẪN
rà soát, khắc phục hạn chế sau kiểm tra
II. CÁC BƯỚC THỰC HIỆN
Các đảng ủy trực thuộc Tỉnh ủy lãnh đạo thực hiện theo các bước sau:
Bước 1. Đánh giá hạn chế, khuyết điểm
Lập danh mục hạn chế đã được chỉ ra qua kiểm tra, hoàn thành trước ngày 20/12/2025.
Bước 2: Khắc phục hạn chế, khuyết điểm
Xây dựng kế hoạch khắc phục, hoàn thành trong quý I/2026. Công an tỉnh phối hợp với Bộ Chỉ huy Bộ đội Biên phòng tỉnh bảo vệ các đường mòn, lối mở biên giới.
Ban Chỉ đạo kính báo cáo Ban Thường vụ Tỉnh ủy xem xét, chỉ đạo./.
Nơi nhận:
"""
    doc, tasks = extract_directive(text, "sha256:x", Config())
    assert doc.issuer == "Ban Chỉ đạo chống buôn lậu hàng giả tỉnh Lạng Sơn"
    got = {t.ordinal: (t.lead, t.cooperating, [d.due for d in t.deadlines]) for t in tasks}
    assert got["II.1"] == (["Các đảng ủy trực thuộc Tỉnh ủy"], [], ["2025-12-20"])
    assert got["II.2"] == (["Các đảng ủy trực thuộc Tỉnh ủy"], [], ["2026-03-31"])
    assert got["II.2.s1"][:2] == (["Công an tỉnh"], ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"])
    assert len(tasks) == 3  # the close "kính báo cáo … xem xét, chỉ đạo" is none


def test_the_execution_article_of_a_decision_wrapped_at_a_capital_is_one_sentence_and_no_task():
    text = """ỦY BAN NHÂN DÂN XÃ TÂN LẬP
Số: 88/QĐ-UBND
Tân Lập, ngày 10 tháng 10 năm 2025
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch ra quân làm sạch môi trường
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch ra quân làm sạch môi trường.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng HĐND và UBND xã, Trưởng các phòng chuyên môn, Trưởng
Công an xã, Trưởng các thôn và các cơ quan, đơn vị có liên quan chịu trách nhiệm
thi hành Quyết định này./.
"""
    _, tasks = extract_directive(text, "sha256:x", Config())
    assert not any("Công an xã" in t.text[:20] for t in tasks)


def test_education_establishments_a_self_inspection_team_and_deadlines_counted_at_the_latest():
    text = """ĐẢNG ỦY XÃ AN PHÚ
ỦY BAN KIỂM TRA
Số 04-HD/UBKT
An Phú, ngày 10 tháng 11 năm 2025
HƯỚNG DẪN
tự kiểm tra tài chính đảng năm 2025
1. Các cơ sở giáo dục trực thuộc Sở:
a) Rà soát hợp đồng cung cấp suất ăn bán trú, hoàn thành trong kỳ sinh hoạt chi bộ tháng 11/2025.
2. Tổ tự kiểm tra báo cáo kết quả với Ban Thường vụ Đảng ủy chậm nhất 05 ngày làm việc kể từ ngày 28/11/2025.
3. Phòng Kinh tế chủ trì, phối hợp với Công ty Thoát nước Đô thị tỉnh khơi thông cống rãnh trước ngày 30/11/2025.
"""
    _, tasks = extract_directive(text, "sha256:x", Config())
    got = {t.ordinal: (t.lead, t.cooperating, [d.due for d in t.deadlines]) for t in tasks}
    assert got["1.a"] == (["Các cơ sở giáo dục trực thuộc Sở"], [], ["2025-11-30"])
    assert got["2"] == (["Tổ tự kiểm tra"], [], ["2025-12-05"])
    assert got["3"][1] == ["Công ty Thoát nước Đô thị tỉnh"]


def test_an_association_leads_a_long_ministry_code_is_cited_and_an_evening_date_or_an_ocr_thang_is_a_deadline():
    text = """SỞ CÔNG THƯƠNG TỈNH GIA LAI
Số: 77/SCT-QLTM
Gia Lai, ngày 06 tháng 10 năm 2025
V/v tổ chức hội chợ nông sản

Kính gửi: Các cơ quan, đơn vị liên quan.

Thực hiện Công văn số 3120/BNNPTNT-TT ngày 22/9/2025 của Bộ Nông nghiệp và Phát triển nông thôn,
Sở Công Thương đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:

1. Hiệp hội Doanh nghiệp tỉnh vận động hội viên tham gia hội chợ, khai mạc vào đêm 16/11/2025.
2. Trung tâm Xúc tiến thương mại chủ trì, phối hợp với Sở Nông nghiệp và Môi trường kết nối tiêu thụ nông sản, hoàn thành trong thang 12/2025.
"""
    doc, tasks = extract_directive(text, "sha256:x", Config())
    assert "3120/BNNPTNT-TT" in [r.number for r in doc.references]
    got = {t.ordinal: (t.lead, t.cooperating, [d.due for d in t.deadlines]) for t in tasks}
    assert got["1"] == (["Hiệp hội Doanh nghiệp tỉnh"], [], ["2025-11-16"])
    assert got["2"] == (["Trung tâm Xúc tiến thương mại"], ["Sở Nông nghiệp và Môi trường"], ["2025-12-31"])


def test_a_gazetteer_name_wrapped_across_lines_is_one_body():
    text = """ỦY BAN NHÂN DÂN XÃ ĐỒNG LỘC
Số: 12/KH-UBND
Đồng Lộc, ngày 02 tháng 12 năm 2025
KẾ HOẠCH
cải cách hành chính năm 2026
1. Trung tâm Phục vụ hành chính công xã chủ trì, phối hợp với Văn phòng HĐND và
    UBND xã rà soát quy trình nội bộ, hoàn thành trong quý I/2026.
"""
    _, tasks = extract_directive(text, "sha256:x", Config())
    assert tasks[0].cooperating == ["Văn phòng HĐND và UBND xã"]


def test_cooperating_bodies_introduced_in_other_words():
    text = """ỦY BAN NHÂN DÂN XÃ BẢO YÊN
Số: 31/KH-UBND
Bảo Yên, ngày 12 tháng 8 năm 2025
KẾ HOẠCH
phòng, chống thiên tai năm 2025
1. Giao Phòng Kinh tế chủ trì, phối hợp chặt chẽ với Trưởng các thôn rà soát hộ dân vùng nguy hiểm.
2. Giao Ban Chỉ huy Quân sự xã chủ trì, cùng Công an xã duy trì chế độ trực ban.
3. Giao Phòng Văn hóa - Xã hội chủ trì, với sự tham gia của Trạm Y tế xã, thống kê thiệt hại.
4. Giao Trung tâm Dịch vụ tổng hợp xã phát bản tin cảnh báo trên hệ thống truyền thanh.
"""
    _, tasks = extract_directive(text, "sha256:x", Config())
    got = {t.ordinal: (t.lead, t.cooperating) for t in tasks}
    assert got["1"] == (["Phòng Kinh tế"], ["Trưởng các thôn"])
    assert got["2"] == (["Ban Chỉ huy Quân sự xã"], ["Công an xã"])
    assert got["3"] == (["Phòng Văn hóa - Xã hội"], ["Trạm Y tế xã"])
    assert got["4"] == (["Trung tâm Dịch vụ tổng hợp xã"], [])


def test_aw_ax_layouts_asides_step_openers_and_documents_carried_out_under_a_direction():
    text = """UBND TỈNH HƯNG YÊN
SỞ Y TẾ
Số: 2211/SYT-NVY
Hưng Yên, ngày 22 tháng 9 năm 2025
V/v phòng, chống dịch bệnh mùa mưa
Kính gửi: Các bệnh viện đa khoa, chuyên khoa tuyến tỉnh.
Thực hiện chỉ đạo của Bộ Y tế tại Công văn số 5120/BYT-DP ngày 12/9/2025 và của UBND tỉnh tại Công văn số 3318/UBND-KGVX ngày 16/9/2025; căn cứ Công văn số 215/BCĐ389 ngày 28/7/2025, Sở Y tế đề nghị:
1. Các bệnh viện đa khoa, chuyên khoa tuyến tỉnh và Trung tâm Y tế các khu vực tổ chức phân luồng người bệnh. Riêng UBND đặc khu Côn Đảo tổ chức tiếp nhận hồ sơ lưu động tại các khu dân cư.
2. Các Tổ dân phố ra quân lập lại trật tự lòng đường, vỉa hè trước ngày 30/9/2025.
II. QUY TRÌNH
Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường chủ trì thực hiện quy trình theo 03 bước sau:
Bước 1. Rà soát
- Tổng hợp danh sách đề nghị hỗ trợ, gửi về Sở Y tế trước ngày 10/10/2025.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.responds_to == ["5120/BYT-DP", "3318/UBND-KGVX"]
    assert "215/BCĐ389" in [r.number for r in doc.references]
    leads = {t.text.split()[0]: t.lead for t in tasks}
    assert [t.lead for t in tasks if t.text.startswith("Các bệnh viện")] == [["Các bệnh viện đa khoa, chuyên khoa tuyến tỉnh", "Trung tâm Y tế các khu vực"]]
    assert leads["Riêng"] == ["UBND đặc khu Côn Đảo"]
    assert [t.lead for t in tasks if t.text.startswith("Các Tổ")] == [["Các Tổ dân phố"]]
    step = [t for t in tasks if t.text.startswith("Tổng hợp")][0]
    assert step.lead == ["Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường"] and step.implicit_lead


def test_ay_az_layouts_attached_lists_duty_sections_and_wrapped_addressees():
    text = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 3146/UBND-KT
Lào Cai, ngày 03 tháng 10 năm 2025
V/v ứng phó mưa lũ
HỎA TỐC
Kính gửi:
- Công an tỉnh;
- Các Sở: Nông nghiệp và Môi trường, Xây dựng, Y tế,
Giáo dục và Đào tạo, Tài chính;
- UBND các xã, phường.

Thực hiện Công điện số 178/CĐ-TTg ngày 02/10/2025 của Thủ tướng Chính phủ; theo đề nghị của Sở Xây dựng tại Công văn số 25/SXD-QLCL ngày 01/10/2025, Chủ tịch UBND tỉnh yêu cầu:
1. Sơ tán các hộ dân khỏi khu vực nguy hiểm
UBND các xã, phường:
- Khẩn trương sơ tán các hộ dân, hoàn thành ngay trong ngày.
2. Trách nhiệm của Ủy ban Kiểm tra Tỉnh ủy
Cung cấp thông tin về kết quả kiểm tra, gửi Ban Tổ chức Tỉnh ủy trong 05 ngày làm việc kể từ ngày ban hành Hướng dẫn này.
3. Trách nhiệm của Đảng ủy UBND tỉnh
Lãnh đạo UBND tỉnh chỉ đạo việc đánh giá, xếp loại công chức năm 2025.

Nơi nhận:                                    CHỦ TỊCH
- Như trên;
- Lưu: VT.                                  Lê Văn Thắng

                         DANH MỤC NHIỆM VỤ
            TRỌNG TÂM NHỮNG THÁNG CUỐI NĂM 2025
   (Kèm theo Công văn số 3146/UBND-KT ngày 03/10/2025 của UBND tỉnh)

1. Đôn đốc thu các khoản thuế, phí, lệ phí; chống thất thu ngân sách.
- Chủ trì: Phòng Kinh tế.
- Phối hợp: Thuế cơ sở 5 tỉnh Lào Cai.
- Thời gian hoàn thành: trước ngày 15/12/2025.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.recipients[1] == "Các Sở: Nông nghiệp và Môi trường, Xây dựng, Y tế, Giáo dục và Đào tạo, Tài chính"
    assert doc.responds_to == ["178/CĐ-TTg"]  # "theo đề nghị của … tại Công văn số …" is a basis (AC5, AM1)
    by_start = {t.text.split()[0]: t for t in tasks}
    assert by_start["Khẩn"].lead == ["UBND các xã, phường"] and [d.due for d in by_start["Khẩn"].deadlines] == ["2025-10-03"]
    assert by_start["Cung"].lead == ["Ủy ban Kiểm tra Tỉnh ủy"] and by_start["Cung"].deadlines[0].due == "2025-10-10"
    assert by_start["Lãnh"].lead == ["Đảng ủy UBND tỉnh"]  # the work below the title, under it
    listed = by_start["Đôn"]
    assert (listed.lead, listed.cooperating, [d.due for d in listed.deadlines]) == (["Phòng Kinh tế"], ["Thuế cơ sở 5 tỉnh Lào Cai"], ["2025-12-15"])


def test_ba_bb_layouts_periodic_openers_plan_openers_and_reports_on_a_titled_document():
    text = """ĐẢNG BỘ TỈNH QUẢNG TRỊ
ĐẢNG ỦY XÃ CAM LỘ
Số 58-BC/ĐU
Cam Lộ, ngày 08 tháng 12 năm 2025
BÁO CÁO
kết quả thực hiện Chỉ thị số 08-CT/TU ngày 12/9/2025 của Ban Thường vụ Tỉnh ủy
Thực hiện Công văn số 312-CV/VPTU ngày 25/11/2025 của Văn phòng Tỉnh ủy, Ban Thường vụ Đảng ủy xã báo cáo như sau:
I. KẾT QUẢ
Đến nay đã hoàn thành 12/15 chỉ tiêu.
II. NHIỆM VỤ, GIẢI PHÁP
Để thực hiện mục đích, yêu cầu trên, các chi bộ và UBND xã triển khai các nhiệm vụ sau:
1. Rà soát hồ sơ đảng viên, hoàn thành trước ngày 31/12/2025.
2. UBND xã báo cáo nhanh thiệt hại trong vòng 24 giờ kể từ khi nhận được văn bản này.
Định kỳ hằng quý, trước ngày 15 của tháng cuối quý, các chi bộ và UBND xã báo cáo kết quả về Văn phòng Đảng ủy.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.responds_to == ["312-CV/VPTU", "08-CT/TU"]
    by_start = {t.text.split()[0]: t for t in tasks}
    assert by_start["Rà"].lead == ["Các chi bộ", "UBND xã"] and by_start["Rà"].implicit_lead
    assert by_start["UBND"].deadlines[0].due == "2025-12-09"
    assert by_start["Định"].lead == ["Các chi bộ", "UBND xã"] and not by_start["Định"].implicit_lead


def test_a_motto_wrapped_by_legacy_ocr_and_a_misread_level_word_leave_the_issuer_whole():
    text = """ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM
TỈNH ĐẮK LẮK Độc lập - Tự do - Hạnh phúc
Số: 18/HD-MTTQ-BTT Đắk Lắk, ngày 06 tháng 10 năm 2025
HƯỚNG DẪN
Tổ chức Tháng cao điểm "Vì người nghèo"
1. Ủy ban MTTQ các xã, phường tổ chức ra quân trước ngày 17/10/2025.
"""
    doc, _ = extract_directive(text, "r", Config())
    assert (doc.issuer, doc.parent_issuer) == ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Lắk", None)
    text = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
NAM
PHƯƠNG TƯỞNG MÃI Độc lập - Tự do - Hạnh phúc
Số: 268/UBND-KT Tương Mai, ngày 16 tháng 10 năm 2025
V/v phòng cháy
Kính gửi: Công an phường.
1. Công an phường kiểm tra các cơ sở trước ngày 30/10/2025.
"""
    doc, _ = extract_directive(text, "r", Config())
    assert (doc.issuer, doc.parent_issuer) == ("Ủy ban nhân dân phường Tương Mai", None)  # spelled as the date line and the gazetteer do


def test_a_decision_setting_up_a_working_group_gives_its_duties_to_the_group():
    text = """ỦY BAN NHÂN DÂN
THÀNH PHỐ CẦN THƠ
Số: 1563/QĐ-UBND
Cần Thơ, ngụ 18 tháng 8 năm 2025
QUYẾT ĐỊNH
Về việc thành lập Tổ công tác đẩy nhanh giải ngân vốn đầu tư công
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ công tác đẩy nhanh giải ngân vốn đầu tư công (sau đây gọi tắt là Tổ công tác), gồm các thành viên sau:
1. Tổ trưởng: Ông Lâm Quốc Thái, Phó Chủ tịch UBND thành phố.
2. Tổ phó: Bà Huỳnh Thị Mỹ Lệ, Giám đốc Sở Tài chính.
Tổ công tác làm việc theo chế độ kiêm nhiệm, được sử dụng con dấu của UBND thành phố.

Điều 2. Nhiệm vụ của Tổ công tác
1. Rà soát tiến độ giải ngân của từng dự án, hoàn thành trong 07 ngày làm việc kể từ ngày ký Quyết định này.
2. Phấn đấu giải ngân 100% kế hoạch vốn được giao trước ngày 31/01/2026.

Điều 3. Tổ chức thực hiện
1. Tổ trưởng Tổ công tác phân công nhiệm vụ cụ thể cho từng thành viên trong 03 ngày làm việc kể từ ngày ký Quyết định này. Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ.

Điều 4. Quyết định này có hiệu lực kể từ ngày ký.
Chánh Văn phòng UBND thành phố, Giám đốc Sở Tài chính và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.date == "2025-08-18"
    assert [(t.text.split()[0], t.lead) for t in tasks] == [
        ("Rà", ["Tổ công tác"]), ("Phấn", ["Tổ công tác"]), ("Tổ", ["Tổ trưởng Tổ công tác"])]


def test_be_bf_layouts_approved_lists_each_sentence_of_one_body_and_findings_with_their_results():
    text = """HỘI ĐỒNG NHÂN DÂN
PHƯỜNG NHA TRANG
Số: 27/NQ-HĐND
Nha Trang, ngày 10 tháng 12 năm 2025
NGHỊ QUYẾT
Về kế hoạch đầu tư công năm 2026
QUYẾT NGHỊ:
Điều 1. Phê duyệt kế hoạch đầu tư công năm 2026 của phường Nha Trang
1. Tổng vốn đầu tư công năm 2026: 486,5 tỷ đồng, trong đó:
a) Vốn ngân sách tỉnh phân cấp cho phường: 214,0 tỷ đồng;
b) Vốn ngân sách phường: 272,5 tỷ đồng.
(Chi tiết tại Phụ lục kèm theo Nghị quyết này.)
Điều 2. Tổ chức thực hiện
1. Giao UBND phường tổ chức triển khai thực hiện Nghị quyết này. UBND phường chỉ đạo các chủ đầu tư khởi công 09 dự án mới trong quý II/2026. UBND phường chủ trì, phối hợp với Đồn Biên phòng Cửa Bé, Công an phường công khai phương án bồi thường, hỗ trợ, tái định cư và bàn giao mặt bằng trong tháng 1O/2026.
2. Ban Thường vụ Đảng ủy phường ghi nhận, đánh giá cao sự nỗ lực của các cơ quan. Trung tâm Phục vụ hành chính công phường tiếp nhận 6.215 hồ sơ.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert [(t.ordinal, t.lead) for t in tasks] == [("1", ["UBND phường"]), ("1.s1", ["UBND phường"]), ("1.s2", ["UBND phường"])]
    assert tasks[2].cooperating == ["Đồn Biên phòng Cửa Bé", "Công an phường"]
    assert [d.due for d in tasks[2].deadlines] == ["2026-10-31"]


def test_bg_bh_layouts_policy_articles_comrades_and_a_task_given_after_a_finding():
    text = """HỘI ĐỒNG NHÂN DÂN
TỈNH THANH HÓA
Số: 42/2025/NQ-HĐND
Thanh Hóa, ngày 10 tháng 12 năm 2025
NGHỊ QUYẾT
Quy định chính sách hỗ trợ giáo viên
QUYẾT NGHỊ:
Điều 1. Quy định chính sách hỗ trợ giáo viên công tác tại các xã đặc biệt khó khăn trên địa bàn tỉnh Thanh Hóa giai đoạn 2026 - 2030
1. Phạm vi điều chỉnh
Nghị quyết này quy định chính sách hỗ trợ đối với giáo viên.
2. Đối tượng áp dụng
a) Giáo viên trong biên chế công tác tại các xã đặc biệt khó khăn;
b) Cơ quan, tổ chức, cá nhân có liên quan.
Điều 2. Tổ chức thực hiện
1. Ghi nhận kiến nghị của UBND xã Hòn Đất về đầu tư tuyến đường; giao Sở Xây dựng nghiên cứu, đề xuất đưa vào kế hoạch đầu tư công trung hạn.
2. Đồng chí Bí thư Đảng ủy phường An Biên chịu trách nhiệm lãnh đạo hoàn thành bàn giao mặt bằng trước ngày 15/12/2025.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert [t.lead for t in tasks] == [["Sở Xây dựng"], ["Đảng ủy phường An Biên"]]


def test_bi_bj_layouts_targets_company_names_and_bodies_named_by_a_title():
    text = """ỦY BAN NHÂN DÂN TỈNH LÀO CAI
SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG
Số: 412/BC-SNNMT
Lào Cai, ngày 05 tháng 12 năm 2025
BÁO CÁO
Kết quả thực hiện Chương trình OCOP năm 2025
Thực hiện Kế hoạch số 186/KH-UBND ngày 18/8/2025 của UBND tỉnh về Chương trình OCOP và theo yêu
cầu của UBND tỉnh tại Công văn số 5210/UBND-NLN ngày 20/11/2025, Sở Nông nghiệp và Môi trường báo cáo như sau:
I. MỤC TIÊU
2. Các chỉ tiêu chủ yếu:
a) Tốc độ tăng tổng giá trị sản xuất đạt 8,5% trở lên.
III. NHIỆM VỤ TRỌNG TÂM
1. Sở Xây dựng chủ trì, phối hợp với Công ty TNHH Nhà nước MTV Quản lý khai thác công trình thủy lợi Lào Cai kiểm tra an toàn các hồ chứa trước ngày 20/12/2025.
2. Đối với Báo và Phát thanh, Truyền hình Lào Cai
Mở chuyên trang, chuyên mục tuyên truyền về sản phẩm OCOP trong năm 2026.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.responds_to == ["186/KH-UBND", "5210/UBND-NLN"]
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Sở Xây dựng"], ["Công ty TNHH Nhà nước MTV Quản lý khai thác công trình thủy lợi Lào Cai"]),
        (["Báo và Phát thanh, Truyền hình Lào Cai"], [])]


def test_a_period_that_runs_off_the_calendar_has_no_due_date_and_does_not_fail():
    head = "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 1/UBND-KT\nLào Cai, ngày 03 tháng 10 năm 2025\nV/v x\nKính gửi: Sở Y tế.\n1. Sở Y tế báo cáo "
    for tail, due in (("trong 99999999 ngày kể từ ngày ký.", None), ("trong vòng 99999999 giờ kể từ khi nhận được văn bản này.", None),
                      ("trong vòng 24 giờ kể từ khi nhận được văn bản này.", "2025-10-04")):
        _, tasks = extract_directive(head + tail + "\n", "r", Config())
        assert [d.due for d in tasks[0].deadlines] == [due]


def test_cg_ch_layouts_titled_bodies_place_qualifiers_amounts_and_reports_under_an_opener():
    text = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
Số: 18/CT-UBND
Đồng Nai, ngày 26 tháng 11 năm 2025
CHỈ THỊ
Về phòng cháy, chữa cháy rừng
Mùa khô năm nay đến sớm; phương án chữa cháy tại chỗ chưa được cập nhật. |
Để chủ động phòng ngừa, Chủ tịch UBND tỉnh chỉ thị:
1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với UBND các xã giáp ranh trong trao đổi thông tin về cháy rừng.
2. Chủ tịch UBND các xã, phường có rừng:
- Kiện toàn Ban Chỉ huy phòng cháy, chữa cháy rừng cấp xã, hoàn thành trước ngày 10/12/2025.
3. Ủy ban Kiểm tra Tỉnh ủy
Đưa nội dung phòng cháy, chữa cháy rừng vào chương trình kiểm tra năm 2026.
4. Hội Nông dân tỉnh phối hợp với Ủy ban nhân dân cùng cấp vận động hội viên tham gia tuần tra.
5. Các trường trung học phổ thông, trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên tổ chức diễn tập trong tháng 12/2025.
Yêu cầu Thủ trưởng các sở, ngành, Chủ tịch UBND các xã, phường nghiêm túc thực hiện Chỉ thị này./.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert [(t.ordinal, t.lead, t.cooperating) for t in tasks] == [
        ("1", ["Sở Nông nghiệp và Môi trường"], ["UBND các xã giáp ranh"]),
        ("2.1", ["Chủ tịch UBND các xã, phường có rừng"], []),
        ("3.1", ["Ủy ban Kiểm tra Tỉnh ủy"], []),
        ("4", ["Hội Nông dân tỉnh"], ["Ủy ban nhân dân cùng cấp"]),
        ("5", ["Các trường trung học phổ thông", "Các trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên"], [])]
    resolution = """HỘI ĐỒNG NHÂN DÂN
PHƯỜNG THỦY XUÂN
Số: 35/NQ-HĐND
Thủy Xuân, ngày 19 tháng 12 năm 2025
NGHỊ QUYẾT
Về dự toán ngân sách phường năm 2026
QUYẾT NGHỊ:
Điều 1. Thông qua dự toán ngân sách phường năm 2026 như sau:
1. Tổng thu ngân sách nhà nước trên địa bàn: 62.480 triệu đồng.
2. Tổng chi ngân sách phường: 60.270 triệu đồng, trong đó:
a) Chi đầu tư phát triển: 14.500 triệu đồng;
b) Chi thường xuyên: 44.570 triệu đồng.
Điều 2. Tổ chức thực hiện
1. Giao Ủy ban nhân dân phường công khai dự toán chậm nhất 05 ngày làm việc kể từ ngày Hội đồng nhân dân phường thông qua Nghị quyết này.
2. Thường trực Tỉnh ủy giao Đảng ủy UBND phường thực hiện tốt các nội dung sau:
a) Tập trung giải ngân vốn đầu tư công trước ngày 31/12/2025. Đảng ủy UBND phường báo cáo Thường trực Tỉnh ủy tiến độ giải ngân vào chiều thứ Sáu hằng tuần.
b) Tổng kế hoạch vốn năm 2025 là 4.652 tỷ đồng; đến ngày 31/10/2025 giải ngân được 2.091 tỷ đồng, đạt 44,9%.
"""
    doc, tasks = extract_directive(resolution, "r", Config())
    assert [t.ordinal for t in tasks] == ["1", "2.a"]
    assert [d.due for d in tasks[0].deadlines] == ["2025-12-26"]


def test_ci_cl_layouts_a_cong_dien_list_scopes_and_roles_after_names_rights_and_the_time_ahead():
    text = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HỒ CHÍ MINH
Số: 14/CĐ-UBND
Thành phố Hồ Chí Minh, ngày 03 tháng 10 năm 2025
CÔNG ĐIỆN
Về tăng cường phòng, chống sốt xuất huyết
              CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH điện:

                - Giám đốc các Sở, ban, ngành Thành phố;
                - Chủ tịch Ủy ban nhân dân các phường, xã, đặc khu.

1. Đánh giá chung
Năm 2025 toàn Thành phố đã ghi nhận 21.436 ca sốt xuất huyết.
2. Nhiệm vụ thời gian tới
- Các cấp ủy, tổ chức đảng trong Đảng bộ Thành phố tập trung lãnh đạo công tác phòng dịch.
- Công an Thành phố - Cơ quan thường trực của Ban Chỉ đạo theo dõi, đôn đốc việc thực hiện.
- Tổ phó thường trực giúp Tổ trưởng điều hành công việc của Tổ.
- Phòng Hậu cần bảo đảm kinh phí, xăng dầu cho các lực lượng.
- Tổ công tác được sử dụng con dấu của Ủy ban nhân dân phường.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.recipients == ["Giám đốc các Sở, ban, ngành Thành phố", "Chủ tịch Ủy ban nhân dân các phường, xã, đặc khu"]
    assert [t.lead for t in tasks] == [["Các cấp ủy, tổ chức đảng"], ["Công an Thành phố"], ["Tổ phó thường trực"], ["Phòng Hậu cần"]]


def test_cm_cp_layouts_content_and_timing_sections_long_project_boards_and_a_youth_union_header():
    text = """BCH ĐOÀN TỈNH NGHỆ AN                         ĐOÀN TNCS HỒ CHÍ MINH
Số: 215-KH/TĐTN-PT                    Nghệ An, ngày 12 tháng 5 năm 2026
KẾ HOẠCH
Tổ chức Chiến dịch Thanh niên tình nguyện hè năm 2026
II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN
1. Công tác chuẩn bị
a) Các trường THPT xây dựng kế hoạch ôn tập, gửi về Tỉnh đoàn trước ngày 10/02/2026.
b) Ban Quản lý dự án đầu tư xây dựng các công trình giao thông và nông nghiệp thành phố lập hồ sơ công trình khẩn cấp trong quý I/2026.
c) Phòng Quản lý xây dựng chủ trì, phối hợp với Trung tâm Giám định chất lượng xây dựng kiểm tra ngẫu nhiên các công trình.
d) Chi bộ Khu phố 12 truy thu số đảng phí còn thiếu trong tháng 12/2025.
2. Đối với công trình đang thi công, tổ chức tự kiểm tra công tác an toàn lao động, phòng chống cháy nổ tại công trường.
3. Tổ chức ôn tập cho học sinh; tăng cường phụ đạo học sinh yếu.
Hiệu trưởng các trường chịu trách nhiệm trước Giám đốc Sở về chất lượng ôn tập.
4. Các đơn vị đang nợ từ 03 tháng trở lên khẩn trương nộp đủ số tiền chậm đóng trước ngày 31/10/2025.
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert (doc.issuer, doc.party) == ("Ban Chấp hành Đoàn tỉnh Nghệ An", False)
    assert [(t.ordinal, t.lead) for t in tasks] == [
        ("II.1.a", ["Các trường THPT"]),
        ("II.1.b", ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông và nông nghiệp thành phố"]),
        ("II.1.c", ["Phòng Quản lý xây dựng"]), ("II.1.d", ["Chi bộ Khu phố 12"]), ("II.2", []), ("II.3", []),
        ("II.4", ["Các đơn vị đang nợ từ 03 tháng trở lên"])]
    assert tasks[2].cooperating == ["Trung tâm Giám định chất lượng xây dựng"]
    opener = """ỦY BAN NHÂN DÂN
TỈNH ĐẮK LẮK
Số: 412/TB-VPUBND
Đắk Lắk, ngày 24 tháng 11 năm 2025
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh
2. Nhiệm vụ trong thời gian tới
Dự án là công trình trọng điểm của tỉnh. Yêu cầu các sở, ngành, địa phương liên quan tập trung thực hiện tốt các nội dung sau:
a) Xác định công tác giải phóng mặt bằng là nhiệm vụ trọng tâm, hoàn thành trước ngày 31/12/2025.
STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian
1 | Tổ chức Ngày hội Đại đoàn kết | Ban Thường trực | Các chi hội | Ngày 08/02/2026
"""
    doc, tasks = extract_directive(opener, "r", Config())
    assert tasks[0].lead == ["Các sở, ngành, địa phương liên quan"] and tasks[0].implicit_lead
    assert [(d.kind, d.due) for d in tasks[1].deadlines] == [("on", "2026-02-08")]


def test_a_title_naming_a_body_over_numbered_sub_items_is_no_task_of_its_own():
    text = """TỈNH ỦY THÁI NGUYÊN
Số 215-TB/TU
THÔNG BÁO
kết luận của Ban Thường vụ Tỉnh ủy
2. Đối với Đảng ủy xã Phú Đình
Đề nghị Ban Thường vụ Đảng ủy xã tập trung lãnh đạo thực hiện tốt các nhiệm vụ trọng tâm sau:
2.1. Rà soát, kiện toàn tổ chức bộ máy, hoàn thành trong quý I/2026.
2.2. Lãnh đạo quyết liệt công tác thu ngân sách trước ngày 31/12/2025.
3. Đối với các cơ quan của Tỉnh ủy và các sở, ngành
3.1. Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ hướng dẫn Đảng ủy xã rà soát biên chế.
"""
    _, tasks = extract_directive(text, "r", Config())
    assert [(t.ordinal, t.lead) for t in tasks] == [
        ("2.1", ["Ban Thường vụ Đảng ủy xã"]), ("2.2", ["Ban Thường vụ Đảng ủy xã"]), ("3.1", ["Ban Tổ chức Tỉnh ủy"])]


def test_a_commanders_title_heads_a_lead():
    text = "2. Chỉ huy trưởng Bộ đội Biên phòng tỉnh chỉ đạo các đồn, trạm biên phòng ven biển kiểm soát 100% tàu cá xuất, nhập bến.\n"
    assert [t.lead for t in extract_directive(text, "r", Config())[1]] == [["Chỉ huy trưởng Bộ đội Biên phòng tỉnh"]]


def test_a_plan_of_inspections_names_its_work_under_content_and_timing_but_not_what_it_reviews():
    head = "ỦY BAN KIỂM TRA\nSố 09-KH/UBKTTU\nKẾ HOẠCH\nkiểm tra, giám sát năm 2026\n"
    plan = head + """II. NỘI DUNG, ĐỐI TƯỢNG VÀ THỜI GIAN
1. Kiểm tra khi có dấu hiệu vi phạm
Phòng Nghiệp vụ 1 chủ trì, phối hợp với Phòng Nghiệp vụ 3 tham mưu kiểm tra 03 tổ chức đảng; hoàn thành trong quý II/2026.
2. Giám sát chuyên đề
a) Phòng Nghiệp vụ 2 giám sát Ban Thường vụ Đảng ủy các xã trong công tác bồi thường.
"""
    assert [t.lead for t in extract_directive(plan, "r", Config())[1]] == [["Phòng Nghiệp vụ 1"], ["Phòng Nghiệp vụ 2"]]
    reviewed = head + """III. NỘI DUNG, ĐỐI TƯỢNG, THỜI GIAN
1. Nội dung
- Việc lãnh đạo, chỉ đạo triển khai các nghị quyết của cấp trên.
2. Đối tượng
Chi bộ bản Mường Phăng 1, Chi bộ bản Che Căn.
IV. TỔ CHỨC THỰC HIỆN
1. Ủy ban Kiểm tra Đảng ủy xã chủ trì tổ chức giám sát theo Kế hoạch.
"""
    assert [(t.ordinal, t.lead) for t in extract_directive(reviewed, "r", Config())[1]] == [("IV.1", ["Ủy ban Kiểm tra Đảng ủy xã"])]


def test_names_end_at_their_role_or_action_and_mass_organisations_list_their_unions():
    text = """1. Ban Tuyên giáo - Nữ công chủ trì xây dựng kịch bản chương trình.
2. Các Công đoàn ngành, Công đoàn Khu kinh tế Đông Nam tổ chức thăm hỏi công nhân.
3. Các đơn vị sự nghiệp trực thuộc Sở xây dựng kế hoạch chi tiết.
4. Trung tâm Phục vụ hành chính công đặc khu bố trí công chức trực.
5. Văn phòng Đảng ủy thăm hỏi, tặng quà các gia đình chính sách.
6. Đề nghị người sử dụng lao động xây dựng phương án thưởng Tết.
"""
    assert [t.lead for t in extract_directive(text, "r", Config())[1]] == [
        ["Ban Tuyên giáo - Nữ công"], ["Các Công đoàn ngành", "Công đoàn Khu kinh tế Đông Nam"],
        ["Các đơn vị sự nghiệp trực thuộc Sở"], ["Trung tâm Phục vụ hành chính công đặc khu"], ["Văn phòng Đảng ủy"],
        ["Người sử dụng lao động"]]


def test_an_activity_blocks_labels_name_its_lead_and_time():
    text = """II. NỘI DUNG HOẠT ĐỘNG
1. Tuyên truyền cổ động trực quan
- Nội dung: Trang trí pano, áp phích, băng rôn tại các tuyến phố chính.
- Thòi gian: Từ ngày 15/12/2025 đến ngày 05/3/2026.
- Đơn vị thực hiện: Trung tâm Văn hóa tỉnh.
2. Giải Việt dã
- Nội dung: Tổ chức giải chạy cho vận động viên, cán bộ và Nhân dân.
- Chủ trì: Trung tâm Huấn luyện và Thi đấu thể dục thể thao tỉnh; phối hợp: Sở Giáo dục và Đào tạo.
"""
    tasks = extract_directive(text, "r", Config())[1]
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Trung tâm Văn hóa tỉnh"], []),
        (["Trung tâm Huấn luyện và Thi đấu thể dục thể thao tỉnh"], ["Sở Giáo dục và Đào tạo"])]
    assert [d.due for d in tasks[0].deadlines] == ["2025-12-15", "2026-03-05"]


def test_a_working_groups_duties_and_powers_its_members_work_and_an_ocr_tone_slip_on_so():
    text = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 2146/QĐ-UBND                       Quảng Ngãi, ngày 28 tháng 10 năm 2025
QUYẾT ĐỊNH
Thành lập Tổ công tác giải phóng mặt bằng các dự án trọng điểm
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI
Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ công tác giải phóng mặt bằng các dự án trọng điểm, gồm:
1. Tổ trưởng: Ông Phạm Minh Khoa, Phó Chủ tịch UBND tỉnh.
Điều 2. Nhiệm vụ, quyền hạn của Tổ công tác
1. Rà soát, tổng hợp toàn bộ khó khăn, vướng mắc, hoàn thành trước ngày 15/11/2025.
Điều 3. Trách nhiệm của các cơ quan, đơn vị
1. Các thành viên Tổ công tác làm việc theo chế độ kiêm nhiệm; chủ động thực hiện nhiệm vụ được phân công, báo cáo Tổ trưởng trước ngày 20 hằng tháng.
2. Sớ Y tế chỉ đạo Trung tâm Y tế khu vực thường xuyên phun hóa chất khử khuẩn.
"""
    assert [t.lead for t in extract_directive(text, "r", Config())[1]] == [
        ["Tổ công tác"], ["Các thành viên Tổ công tác"], ["Sở Y tế"]]


def test_a_period_the_annotator_wrote_as_one_deadline_counts_when_the_extractor_gives_its_end():
    """The guide writes "từ ngày X đến ngày Y" as two deadlines; some gold writes one, of kind
    "from" due Y. The extractor's "by" Y is that period's end; a "by" at another day is not."""
    from chidao.record import DocumentInfo, Task, TaskDeadline

    gold = {"tasks": [{"anchor": "tổ chức tuần tra", "lead": [], "cooperating": [], "deadlines": [
        {"raw": "từ ngày 15/10/2025 đến ngày 15/11/2025", "kind": "from", "due": "2025-11-15"}]}]}
    for got, right in ((["2025-10-15", "2025-11-15"], 1), (["2025-10-15", "2025-11-14"], 0)):
        task = Task(id="r#1", ordinal="1", text="tổ chức tuần tra", deadlines=[
            TaskDeadline("từ ngày …", "from", got[0]), TaskDeadline("đến ngày …", "by", got[1])])
        assert score_directive(gold, DocumentInfo(), [task]).deadline_ok == right
    gold["tasks"][0]["deadlines"][0]["raw"] = "vào ngày 15/11/2025"  # not a period: the kind must match
    task.deadlines[1] = TaskDeadline("đến ngày …", "by", "2025-11-15")
    assert score_directive(gold, DocumentInfo(), [task]).deadline_ok == 0


def test_wraps_specks_and_passives_do_not_cut_or_close_the_items_of_a_party_letter():
    """A year range wrapped at its dash ("nhiệm kỳ 2025" / "- 2030 …") and a bracketed form
    number wrapped at its close ("(theo Biểu mẫu số" / "01) gửi …") go on the line before; a
    margin speck before a dash ("| - Ban Tổ chức …") still opens an item; a heading's "đã được
    phê duyệt" names no section that holds no work."""
    text = """TỈNH ỦY HÒA BÌNH
BAN TỔ CHỨC
Số 1386-CV/BTCTU                    Hòa Bình, ngày 21 tháng 10 năm 2024
V/v rà soát quy hoạch cán bộ
Kính gửi: Các huyện ủy, thành ủy.
Thực hiện Kế hoạch số 215-KH/TU của Ban Thường vụ Tỉnh ủy về rà soát quy hoạch nhiệm kỳ 2025
- 2030 gắn với chuẩn bị nhân sự đại hội,
Ban Tổ chức Tỉnh ủy đề nghị các huyện ủy, thành ủy thực hiện tốt một số nội dung sau:
1. Rà soát quy hoạch đã được phê duyệt
- Báo cáo nhanh danh sách cán bộ đưa ra khỏi quy hoạch (theo Biểu mẫu số
01) gửi Ban Tổ chức Tỉnh ủy trong 10 ngày làm việc kể từ ngày nhận được công văn.
| - Ban Tổ chức các huyện ủy, thành ủy chủ trì, phối hợp với Uy ban kiểm tra cùng cấp thẩm định tiêu chuẩn chính trị.
"""
    tasks = extract_directive(text, "r", Config())[1]
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Các huyện ủy, thành ủy"], []),
        (["Ban Tổ chức các huyện ủy, thành ủy"], ["Ủy ban kiểm tra cùng cấp"])]
    assert [d.due for d in tasks[0].deadlines] == ["2024-11-04"]


def test_a_working_groups_member_lines_a_contractor_and_an_ede_signer():
    """Member lines end in their role ("- Tổ phó;", "- thành viên."), with or without Ông/Bà;
    "nhà thầu" is a body ("và nhà thầu …") that a lead asking it does not hand its work to;
    "Chủ tịch UBND các huyện X, Y" is a known shape, not OCR residue; "Y Wăn" signs."""
    text = """ỦY BAN NHÂN DÂN
TỈNH SÓC TRĂNG
Số: 2786/QĐ-UBND                       Sóc Trăng, ngày 14 tháng 10 năm 2024
QUYẾT ĐỊNH
Thành lập Tổ công tác liên ngành
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ công tác liên ngành, gồm các thành viên:
1. Đại tá Thạch Ngọc Sơn, Phó Chỉ huy trưởng Bộ Chỉ huy Bộ đội Biên phòng tỉnh - Tổ phó;
2. Đại diện lãnh đạo Công an tỉnh, Sở Tài chính, Sở Tư pháp - thành viên.
Điều 2. Nhiệm vụ của các cơ quan
1. Ban Quản lý dự án đầu tư xây dựng tỉnh chủ trì, phối hợp với Sở Giao thông vận tải và nhà thầu thi công rà soát tiến độ.
2. Ban Quản lý dự án đầu tư xây dựng tỉnh yêu cầu nhà thầu tăng cường nhân lực.
3. Chủ tịch UBND các huyện Trần Đề, Cù Lao Dung chỉ đạo lực lượng xung kích các xã.
Nơi nhận:                                         CHỦ TỊCH
- Như Điều 2;
- Lưu: VT, KT.                                    Y Wăn
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Ban Quản lý dự án đầu tư xây dựng tỉnh"], ["Sở Giao thông vận tải", "Nhà thầu"]),
        (["Ban Quản lý dự án đầu tư xây dựng tỉnh"], []),
        (["Chủ tịch UBND các huyện Trần Đề, Cù Lao Dung"], [])]
    assert doc.signer.name == "Y Wăn"
    assert extract_directive(text.replace("Y Wăn", "A Thiêng"), "r", Config())[0].signer.name == "A Thiêng"


def test_a_letter_cited_by_its_agencys_code_alone_is_a_reference():
    text = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: 12/CT-UBND                       Quảng Trị, ngày 20 tháng 12 năm 2024
CHỈ THỊ
Về bảo đảm trật tự an toàn giao thông dịp Tết
Thực hiện Công văn số 1562/UBATGTQG ngày 10/12/2024 của Ủy ban An toàn giao thông Quốc gia,
Chủ tịch UBND tỉnh yêu cầu:
1. Công an tỉnh tăng cường tuần tra, kiểm soát.
"""
    doc = extract_directive(text, "r", Config())[0]
    assert [r.number for r in doc.references] == ["1562/UBATGTQG"]
    assert doc.responds_to == ["1562/UBATGTQG"]


def test_fc_fd_layouts_titles_items_under_in_which_annex_pointers_and_a_reports_close():
    """"3. Giao nhiệm vụ cho …" with no stop over items that each name their body is a title; an
    item that assigns work before "Trong đó:" is a task beside its sub-items; "b) …: theo Phụ
    lục kèm theo." only points to the table's rows; a Báo cáo's "… kính báo cáo UBND tỉnh, …
    xem xét, hỗ trợ./." is courtesy; "phối / hợp với" wrapped over two lines still names partners."""
    text = """THÔNG BÁO
kết luận của Thường trực Tỉnh ủy
2.1. Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh tập trung chỉ đạo các sở, ngành tháo gỡ dứt điểm khó khăn của từng dự án. Trong đó:
a) Sở Kế hoạch và Đầu tư chủ trì, phối
hợp với Sở Công Thương rà soát các dự án năng lượng.
b) Ban Thường vụ các huyện ủy, thành ủy, thị ủy nơi có dự án chỉ đạo cả hệ thống chính trị vào cuộc.
2.2. Đề nghị các nhà đầu tư tập trung nguồn lực, cam kết tiến độ.
2.3. Đề nghị Công ty Cổ phần Cấp thoát nước Khánh Hòa đẩy nhanh tiến độ mở rộng mạng lưới cấp nước.
3. Giao nhiệm vụ cho các cơ quan tham mưu, giúp việc của Tỉnh ủy
3.1. Giao Ban Tuyên giáo Tỉnh ủy định hướng công tác tuyên truyền.
3.2. Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện Thông báo này.
UBND thị xã Ninh Hòa kính báo cáo UBND tỉnh, Sở Nông nghiệp và Phát triển nông thôn, Sở Tài chính xem xét, hỗ trợ./.
"""
    tasks = extract_directive(text, "r", Config())[1]
    assert [(t.ordinal, t.lead, t.cooperating) for t in tasks] == [
        ("2.1", ["Ban cán sự đảng UBND tỉnh"], []),
        ("2.1.a", ["Sở Kế hoạch và Đầu tư"], ["Sở Công Thương"]),
        ("2.1.b", ["Ban Thường vụ các huyện ủy, thành ủy, thị ủy nơi có dự án"], []),
        ("2.2", ["Các nhà đầu tư"], []),
        ("2.3", ["Công ty Cổ phần Cấp thoát nước Khánh Hòa"], []),
        ("3.1", ["Ban Tuyên giáo Tỉnh ủy"], []),
        ("3.2", ["Văn phòng Tỉnh ủy"], [])]
    plan = """KẾ HOẠCH
kiểm tra, giám sát năm 2024
II. NHIỆM VỤ
b) Giám sát chuyên đề (03 cuộc): theo Phụ lục kèm theo.
c) Tỉnh đoàn chủ trì tổng kết chiến dịch.
PHỤ LỤC
STT  Nội dung                   Chủ trì         Phối hợp            Thời gian
1    Giám sát chuyên đề Chi bộ  UBKT Huyện ủy   Văn phòng Huyện ủy  Cả năm
"""
    doc, tasks = extract_directive(plan.replace("KẾ HOẠCH", "Cẩm Giàng, ngày 19 tháng 01 năm 2024\nKẾ HOẠCH"), "r", Config())
    assert [(t.ordinal, [d.due for d in t.deadlines]) for t in tasks] == [("II.c", []), ("pl-1", ["2024-12-31"])]
    groups = "6. Các Huyện đoàn, Thị đoàn, Thành đoàn tổ chức Lễ ra quân cấp huyện.\n"
    assert [t.lead for t in extract_directive(groups, "r", Config())[1]] == [["Các huyện đoàn, thị đoàn, thành đoàn"]]


def test_fh_fk_layouts_a_councils_duties_shared_units_and_a_result_dated_before_the_document():
    """A Hội đồng's articles: its powers ("được yêu cầu …") are no work, its Phó Chủ tịch and
    "Các thành viên Hội đồng:" head the items below in the article of duties, "4. Các Ủy viên:"
    lists members; "Đảng ủy, UBND các xã, thị trấn" gives the bare committee the same units;
    "Ban Tổ chức Huyện ủy, Thị ủy, Thành ủy" is one Ban; a corporation ("Tập đoàn …") heads
    its items; a limit before the document's date followed by what was done is a result."""
    decision = """QUYẾT ĐỊNH
Thành lập Hội đồng thẩm định bảng giá đất
Điều 1. Thành lập Hội đồng, gồm các thành viên sau:
1. Chủ tịch Hội đồng: Ông Nguyễn Hùng Nam, Phó Chủ tịch UBND tỉnh.
4. Các Ủy viên:
- Bà Lò Thị Hạnh, Phó Giám đốc Sở Tư pháp;
Điều 2. Nhiệm vụ, quyền hạn của Hội đồng
1. Thẩm định dự thảo bảng giá đất, hoàn thành thẩm định trước ngày 30/11/2024.
2. Hội đồng được yêu cầu các cơ quan, tổ chức có liên quan cung cấp thông tin. Hội đồng làm việc theo nguyên tắc tập thể.
Điều 3. Trách nhiệm của Chủ tịch, Phó Chủ tịch và các thành viên Hội đồng
3. Phó Chủ tịch Hội đồng:
a) Chỉ đạo Sở Tài nguyên và Môi trường hoàn thiện hồ sơ trước ngày 05/11/2024.
4. Các thành viên Hội đồng:
a) Nghiên cứu hồ sơ, tài liệu; có ý kiến thẩm định bằng văn bản.
"""
    tasks = extract_directive(decision, "r", Config())[1]
    assert [t.lead for t in tasks] == [["Hội đồng"], ["Phó Chủ tịch Hội đồng"], ["Các thành viên Hội đồng"]]
    text = """HUYỆN ỦY MỸ ĐỨC
Số 186-TB/HU
THÔNG BÁO
kết luận của Ban Thường vụ Huyện ủy

Ban Thường vụ Huyện ủy kết luận như sau:
2. Đảng ủy, UBND các xã, thị trấn thống kê đầy đủ các trường hợp vi phạm.
3. Ban Tổ chức Huyện ủy, Thị ủy, Thành ủy chủ trì kiện toàn các chức danh cán bộ.
4. Đề nghị Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam:
a) Nạo vét hệ thống mương thoát nước trước ngày 15/11/2024.
5. Cấp ủy cấp trên trực tiếp cơ sở thành lập tổ công tác giúp việc.
6. Ủy ban nhân dân các xã, phường, thị trấn niêm yết công khai phương án.
"""
    doc, tasks = extract_directive(text.replace("THÔNG BÁO", "Quảng Ninh, ngày 14 tháng 10 năm 2024\nTHÔNG BÁO"), "r", Config())
    assert [(t.ordinal, t.lead) for t in tasks] == [
        ("2", ["Đảng ủy các xã, thị trấn", "UBND các xã, thị trấn"]), ("3", ["Ban Tổ chức Huyện ủy, Thị ủy, Thành ủy"]),
        ("4.a", ["Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam"]), ("5", ["Cấp ủy cấp trên trực tiếp cơ sở"]),
        ("6", ["Ủy ban nhân dân các xã, phường, thị trấn"])]
    assert _deadlines("đến hết tháng 9/2024 đã trồng cây xanh", dt.date(2024, 10, 14)) == []
    assert _deadlines("đến hết tháng 9/2024 đã trồng cây xanh", dt.date(2024, 3, 15)) == [("by", "2024-09-30")]


def test_fn_fq_fs_ft_fv_layouts_a_field_naming_both_roles_a_titles_listed_work_group_rows_and_specks():
    """"- Đơn vị thực hiện: X chủ trì; Y phối hợp." gives X the lead and Y the partners; an item's
    title listing its work ("Chuyển đổi số trong dạy học, kiểm tra, đánh giá") is no evaluation
    section; "giáo dục thường xuyên" in a name is neither a deadline nor a name's end; a group row
    labelled "GIAI ĐOẠN 1: …" across the columns (after a "|" speck too) is no row; "các doanh
    nghiệp hoạt động trong …" closes a list of leads; a numbered request wrapped over lines hands
    its addressees to its items; "- Đối tượng: …" and "- Thời gian thực hiện: …" right under a
    heading describe the plan; a report's "Phần thứ hai"; a period's start without its year;
    OCR's specks by a marker."""
    plan = """KẾ HOẠCH
chuyển đổi số năm 2025
III. NHIỆM VỤ CỤ THỂ
1. Tuyên truyền, nâng cao nhận thức về chuyển đổi số
Tổ chức quán triệt Nghị quyết số 57-NQ/TW đến 100% cán bộ quản lý.
- Đơn vị thực hiện: Văn phòng Sở chủ trì; Phòng Giáo dục và Đào tạo các huyện và các đơn vị trực thuộc Sở phối hợp.
- Thời gian: Quý I/2025.
2. Chuyển đổi số trong dạy học, kiểm tra, đánh giá
Xây dựng, chia sẻ kho học liệu số dùng chung của tỉnh.
- Đơn vị thực hiện: Phòng Giáo dục Trung học - Giáo dục thường xuyên chủ trì, phối hợp với Công an tỉnh.
- Thời gian: trong tháng 4/2025.
"""
    doc, tasks = extract_directive(plan.replace("KẾ HOẠCH", "Thanh Hóa, ngày 17 tháng 02 năm 2025\nKẾ HOẠCH"), "r", Config())
    assert [(t.ordinal, t.lead, t.cooperating, [d.due for d in t.deadlines]) for t in tasks] == [
        ("III.1", ["Văn phòng Sở"], ["Phòng Giáo dục và Đào tạo các huyện", "Các đơn vị trực thuộc Sở"], ["2025-03-31"]),
        ("III.2", ["Phòng Giáo dục Trung học - Giáo dục thường xuyên"], ["Công an tỉnh"], ["2025-04-30"])]
    table = """KẾ HOẠCH
tuyên truyền kỷ niệm 70 năm Ngày giải phóng thành phố
STT  Nội dung công việc                       Đơn vị chủ trì            Đơn vị phối hợp          Thời gian
     GIAI ĐOẠN 1: Từ tháng 01/2025 đến hết tháng 4/2025 (tuyên truyền sâu rộng)
1    Biên soạn, phát hành Đề cương tuyên       Ban Tuyên giáo Thành ủy   Viện Nghiên cứu          Trước 15/01/2025
     truyền kỷ niệm 70 năm
|    GIAI ĐOẠN 2: Từ ngày 01/5/2025 đến ngày 20/5/2025 (tuyên truyền cao điểm)
2    Triển lãm ảnh tư liệu                     Sở Văn hóa và Thể thao    Bảo tàng Hải Phòng       Tháng 5/2025
"""
    doc, tasks = extract_directive(table.replace("KẾ HOẠCH", "Hải Phòng, ngày 20 tháng 12 năm 2024\nKẾ HOẠCH"), "r", Config())
    assert [(t.ordinal, t.lead, [d.due for d in t.deadlines]) for t in tasks] == [
        ("pl-1", ["Ban Tuyên giáo Thành ủy"], ["2025-01-15"]), ("pl-2", ["Sở Văn hóa và Thể thao"], ["2025-05-31"])]
    directive = """Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng các sở, ban, ngành và các doanh nghiệp hoạt động trong các khu công nghiệp thực hiện nghiêm các nội dung sau:
1. Quán triệt, nâng cao trách nhiệm của người đứng đầu trong công tác an toàn lao động.
2. Các công ty đầu tư kinh doanh hạ tầng khu công nghiệp có trách nhiệm duy tu hệ thống cấp nước chữa cháy.
3. Phòng Quản lý đô thị chủ trì, phối hợp với Đội Quản lý trật tự xây dựng đô thị quận rà soát hồ sơ cấp phép.
"""
    tasks = extract_directive(directive, "r", Config())[1]
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Thủ trưởng các sở, ban, ngành", "Các doanh nghiệp hoạt động trong các khu công nghiệp"], []),
        (["Các công ty đầu tư kinh doanh hạ tầng khu công nghiệp"], []),
        (["Phòng Quản lý đô thị"], ["Đội Quản lý trật tự xây dựng đô thị quận"])]
    notice = """Chủ tịch UBND huyện kết luận như sau:
     1. Ban Thường vụ Huyện ủy cơ bản đồng tình với báo cáo của Phòng Nông nghiệp.
     2. Để chủ động ứng phó, giảm thiểu thiệt hại do hạn hán, bảo đảm nước sinh
hoạt cho Nhân dân, Chủ tịch UBND huyện yêu cầu các phòng, ban, đơn vị và UBND các
xã, thị trấn tập trung thực hiện tốt các nhiệm vụ sau:
     a) Tuyệt đối không chủ quan, lơ là; rà soát, cập nhật phương án ứng phó hạn hán.
     b) Phòng Nông nghiệp và PTNT hướng dẫn nông dân chuyển đổi cây trồng trước ngày 30/4/2024.
"""
    tasks = extract_directive(notice, "r", Config())[1]
    assert [(t.ordinal, t.lead) for t in tasks] == [
        ("2.a", ["Các phòng, ban, đơn vị", "UBND các xã, thị trấn"]), ("2.b", ["Phòng Nông nghiệp và Phát triển nông thôn"])]
    plan = """KẾ HOẠCH
phòng cháy, chữa cháy nhà ở nhiều tầng
II. ĐỐI TƯỢNG, THỜI GIAN
- Đối tượng: 1.236 nhà ở nhiều tầng, nhiều căn hộ trên địa bàn 18 phường.
- Thời gian thực hiện: từ ngày 15/10/2023 đến ngày 31/3/2024.
III. NHIỆM VỤ
- Nội dung: Công an quận kiểm tra 100% nhà ở nhiều tầng trước ngày 30/11/2023.
"""
    tasks = extract_directive(plan, "r", Config())[1]
    assert [(t.ordinal, t.lead) for t in tasks] == [("III.d1", ["Công an quận"])]
    assert _deadlines("từ ngày 01/6 đến ngày 31/8/2025") == [("from", "2025-06-01"), ("by", "2025-08-31")]
    assert _deadlines("từ 25/6 đến 27/6/2025") == [("from", "2025-06-25"), ("by", "2025-06-27")]
    assert _deadlines("từ ngày 01/7/2024 đến ngày 30/9/2024") == [("from", "2024-07-01"), ("by", "2024-09-30")]
    report = """BÁO CÁO
kết quả 6 tháng đầu năm 2024
     4. Hạn chế, khuyết điểm
     Tiến độ thu tiền sử dụng đất chậm.
                   Phần thứ hai
          PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024
     1. UBND phường hoàn thành đấu giá 12 lô đất trước ngày 30/11/2024.
     2. Tiểu ban Nhân sự hoàn thiện Đề án nhân sự trước ngày 15/12/2024.
     3. Các đoàn giám sát xây dựng kế hoạch chi tiết.
"""
    tasks = extract_directive(report, "r", Config())[1]
    assert [(t.ordinal, t.lead) for t in tasks] == [("1", ["UBND phường"]), ("2", ["Tiểu ban Nhân sự"]), ("3", ["Các đoàn giám sát"])]
    specks = """KẾ HOẠCH
phát triển quế, tre
IV. TỔ CHỨC THỰC HIỆN
     1. Sở Nông nghiệp và Phát triển nông thôn chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.
     2. | Sở Tài chính chủ trì, phối hợp với Sở Nông nghiệp và Phát triển nông
thôn tham mưu bố trí kinh phí hỗ trợ.
     3. UBND các quận, huyện:
a) Rà soát, lập danh sách các điểm có nguy cơ đuối nước.
' b) Báo cáo kết quả thực hiện về Sở LĐTB&XH trước ngày 25 hằng tháng.
"""
    tasks = extract_directive(specks, "r", Config())[1]
    assert [(t.ordinal, t.lead) for t in tasks] == [
        ("IV.1", ["Sở Nông nghiệp và Phát triển nông thôn"]), ("IV.2", ["Sở Tài chính"]),
        ("IV.3.a", ["UBND các quận, huyện"]), ("IV.3.b", ["UBND các quận, huyện"])]
    members = "Các sở, ngành là thành viên Ban Chỉ đạo 389 tỉnh, UBND các huyện, thị xã, thành phố tổ chức quán triệt Kế hoạch.\n"
    assert [t.lead for t in extract_directive(members, "r", Config())[1]] == [
        ["Các sở, ngành là thành viên Ban Chỉ đạo 389 tỉnh", "UBND các huyện, thị xã, thành phố"]]
