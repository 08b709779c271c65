"""Task tables (nlp/extract/table.py) on small inline texts: "|" and space-aligned layouts,
wrapped cells and headers, group rows, and texts with no table."""

from chidao.nlp.extract import build_extractor
from chidao.nlp.extract.deadlines import resolve_cell
from chidao.nlp.extract.table import find_table_rows, find_tables

VOCAB = build_extractor().get_pipe("chidao_tasks").rules.tables

PIPES = """PHỤ LỤC
DANH MỤC NHIỆM VỤ
STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm
(1) | (2) | (3) | (4) | (5) | (6)
I | NHÓM NHIỆM VỤ VỀ THỂ CHẾ | | | |
1 | Xây dựng Đề án phát triển hệ sinh thái | Sở Khoa học và Công nghệ | Sở Tài chính; UBND các | Quý III/2025 | Đề án
  | khởi nghiệp đổi mới sáng tạo | | huyện, thị xã, thành phố | |
2 | Rà soát thủ tục hành chính | Văn phòng UBND tỉnh | Các sở, ban, ngành | Trước ngày 30/6/2025 | Báo cáo
II | NHÓM NHIỆM VỤ VỀ HẠ TẦNG | | | |
3 | Kết nối, chia sẻ dữ liệu dân cư | Công an tỉnh | | Tháng 9/2025 |
4 |  | Sở Nội vụ | | |
"""


def test_pipe_table_rows_cells_and_spans():
    rows = find_table_rows(PIPES, VOCAB)
    assert [r.ordinal for r in rows] == ["pl-1", "pl-2", "pl-3"]  # group rows and the empty row 4 are no tasks
    first = rows[0]
    assert first.task == "Xây dựng Đề án phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo"
    assert first.lead == "Sở Khoa học và Công nghệ"
    assert first.cooperating == "Sở Tài chính; UBND các huyện, thị xã, thành phố"
    assert first.deadline == "Quý III/2025"
    assert first.product == "Đề án"
    assert first.group == "I NHÓM NHIỆM VỤ VỀ THỂ CHẾ"
    assert PIPES[first.start:first.end].startswith("1 | Xây dựng")
    assert PIPES[first.start:first.end].endswith("thành phố | |")  # the continuation line is in the span
    assert [PIPES[a:b] for a, b in first.parts["cooperating"]] == ["Sở Tài chính; UBND các", "huyện, thị xã, thành phố"]
    assert rows[2].cooperating == "" and rows[2].product == "" and rows[2].group == "II NHÓM NHIỆM VỤ VỀ HẠ TẦNG"


def test_table_span_and_columns():
    (table,) = find_tables(PIPES, VOCAB)
    assert table.columns == ("stt", "task", "lead", "cooperating", "deadline", "product")
    assert PIPES[table.start:].startswith("STT |")
    assert PIPES[:table.end].endswith("Tháng 9/2025 |") or PIPES[:table.end].endswith("| Tháng 9/2025 |")


SPACES = """III. TỔ CHỨC THỰC HIỆN
Phân công cụ thể như sau:
STT   Nội dung công việc                  Đơn vị chủ trì          Đơn vị phối hợp      Thời hạn
1     Tổ chức quán triệt Nghị quyết       Ban Tuyên giáo          Văn phòng            Tháng 4/2025
      đến cán bộ, đảng viên
2     Sơ kết việc thực hiện               Văn phòng UBND          Các phòng,           Quý IV/2025
                                          huyện                   ban chuyên môn
3     Báo cáo kết quả                     Phòng Nội vụ                                 Hằng quý
Trên đây là Kế hoạch thực hiện.
"""


def test_space_aligned_table_with_wrapped_cells():
    rows = find_table_rows(SPACES, VOCAB)
    assert [r.ordinal for r in rows] == ["pl-1", "pl-2", "pl-3"]
    assert rows[0].task == "Tổ chức quán triệt Nghị quyết đến cán bộ, đảng viên"
    assert rows[0].lead == "Ban Tuyên giáo" and rows[0].deadline == "Tháng 4/2025"
    assert rows[1].lead == "Văn phòng UBND huyện"
    assert rows[1].cooperating == "Các phòng, ban chuyên môn"
    assert rows[2].cooperating == "" and rows[2].deadline == "Hằng quý"
    assert rows[2].product is None  # no product column
    assert "Trên đây" not in SPACES[rows[2].start:rows[2].end]
    specked = find_table_rows(SPACES.replace("\n3     Báo cáo", "\n|3    Báo cáo"), VOCAB)  # an OCR speck before a number
    assert [(r.stt, r.lead) for r in specked] == [("1", "Ban Tuyên giáo"), ("2", "Văn phòng UBND huyện"), ("3", "Phòng Nội vụ")]


WRAPPED_HEADER = """TT | Nội dung | Cơ quan | Cơ quan | Thời gian
   | nhiệm vụ | chủ trì | phối hợp | hoàn thành
1 | Xây dựng kế hoạch | Sở Nội vụ | Sở Tài chính | Năm 2025
"""


def test_header_wrapped_over_two_lines():
    (table,) = find_tables(WRAPPED_HEADER, VOCAB)
    assert table.columns == ("stt", "task", "lead", "cooperating", "deadline")
    (row,) = table.rows
    assert (row.lead, row.cooperating, row.deadline) == ("Sở Nội vụ", "Sở Tài chính", "Năm 2025")


BORDERED = """| STT | Nhiệm vụ | Chủ trì | Phối hợp | Tiến độ |
|---|---|---|---|---|
| A | Nhiệm vụ chung | | | |
| 1 | Tuyên truyền | Sở Văn hóa | | Quý I/2025 |
| B | Nhiệm vụ cụ thể | | | |
| 1 | Chuyển đổi số | Sở Khoa học và Công nghệ | Các sở | Quý II/2025 |
|   | trong cơ quan nhà nước | | | |
"""


def test_bordered_table_numbering_restarting_per_group():
    rows = find_table_rows(BORDERED, VOCAB)
    assert [r.ordinal for r in rows] == ["pl-A.1", "pl-B.1"]
    assert rows[1].task == "Chuyển đổi số trong cơ quan nhà nước"
    assert rows[1].group == "B Nhiệm vụ cụ thể"


SUBROWS = """STT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành
1 | Hoàn thiện thể chế | | 
a | Ban hành quy chế | Sở Tư pháp | Quý II/2025
b | Sửa đổi quy định | Sở Nội vụ | Quý III/2025
2 | Đào tạo nhân lực | Sở Giáo dục và Đào tạo | Năm 2025
"""


def test_numbered_parent_row_with_lettered_subrows():
    rows = find_table_rows(SUBROWS, VOCAB)
    assert [r.ordinal for r in rows] == ["pl-1.a", "pl-1.b", "pl-2"]
    assert rows[0].lead == "Sở Tư pháp"


def test_second_table_has_its_own_prefix():
    rows = find_table_rows(WRAPPED_HEADER + "\nPHỤ LỤC II\n" + SUBROWS, VOCAB)
    assert [r.ordinal for r in rows] == ["pl-1", "pl2-1.a", "pl2-1.b", "pl2-2"]


NO_TABLE = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NAM                             Độc lập - Tự do - Hạnh phúc

Số: 15/KH-UBND                        Quảng Nam, ngày 28 tháng 3 năm 2025

1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, hoàn thành trong quý II/2025. |
2. Nội dung nhiệm vụ, cơ quan chủ trì và thời gian hoàn thành nêu tại Phụ lục.
                                                                    |
Nơi nhận:                                              TM. ỦY BAN NHÂN DÂN
- Như trên;                                                     CHỦ TỊCH
"""


def test_no_table_gives_nothing():
    assert find_table_rows(NO_TABLE, VOCAB) == []
    assert find_table_rows("", VOCAB) == []


def test_header_alone_or_without_task_column_is_no_table():
    assert find_table_rows("STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời hạn\n\nTrên đây là kế hoạch.\n", VOCAB) == []
    assert find_table_rows("STT | Họ và tên | Chức vụ | Đơn vị\n1 | Nguyễn Văn A | Giám đốc | Sở Nội vụ\n", VOCAB) == []


REFLOWED = """STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành

| | Xây dựng Đề án phát triển hệ sinh thái khởi nghiệp giai đoạn
2025 - 2030 | Sở Khoa học và Công nghệ | Sở Tài chính; UBND các huyện, thị xã, thành
phố | Quý III/2025

2 | Rà soát, đề xuất cắt giảm các thủ tục hành chính trong lĩnh vực khoa
học, công nghệ | Văn phòng UBND tỉnh | Các sở, ban, ngành | Trước ngày 30/6/2025
"""


def test_legacy_ocr_reflows_a_pipe_table_like_prose_and_reads_stt_1_as_a_pipe():
    rows = find_table_rows(REFLOWED, VOCAB)
    assert [(r.ordinal, r.lead, r.deadline) for r in rows] == [
        ("pl-1", "Sở Khoa học và Công nghệ", "Quý III/2025"),
        ("pl-2", "Văn phòng UBND tỉnh", "Trước ngày 30/6/2025"),
    ]
    assert rows[0].task.endswith("giai đoạn 2025 - 2030") and rows[0].cooperating.endswith("thị xã, thành phố")


BORDERED_REFLOWED = """PHỤ LỤC
+-----+ -—----------------------- 4 --------------- + ---------------- + ----------
| STT | Nội dung | Chủ trì |
Phối hợp | Thời gian |
| 1 | Nạo vét, khơi thông cống tiêu Bàu Sen và kênh tiêu nội đồng |
Phòng Kinh tế | Trưởng thôn Hàm Hòa; Trưởng thôn Tân Lý | Trước ngày
30/9/2025 |
| 2 | Kiểm tra, gia cố 03 nhà văn hóa thôn làm điểm sơ tán | Phòng
Văn hóa - Xã hội | Phòng Kinh tế; Trưởng các thôn | Tháng 10/2025 |
+-----+ -—----------------------- 4 --------------- + ---------------- + ----------
"""


def test_legacy_ocr_cuts_a_bordered_header_and_rows_at_any_cell_and_speckles_the_rules():
    rows = find_table_rows(BORDERED_REFLOWED, VOCAB)
    assert [(r.ordinal, r.lead, r.cooperating, r.deadline) for r in rows] == [
        ("pl-1", "Phòng Kinh tế", "Trưởng thôn Hàm Hòa; Trưởng thôn Tân Lý", "Trước ngày 30/9/2025"),
        ("pl-2", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế; Trưởng các thôn", "Tháng 10/2025"),
    ]
    assert rows[0].task.endswith("kênh tiêu nội đồng")


MERGED_HEADER = """| TỬ | Nội dung nhiệm vụ ÍCH quân chủ trì | Cơ quan phối hợp |
Thời gian hoàn thành |
| 1 | Triển khai hệ thống quản lý văn bản | SỞ Khoa học và | UBND các xã,
phường; = | Trước ngày 30/9/2025 |
[5 | Triển khai bệnh án điện tử tuyến tỉnh | Sở Y tế | Bảo hiểm xã hội tỉnh — |
Trước ngày 31/12/2025 |
"""


def test_legacy_ocr_merges_two_header_cells_reads_tt_as_tu_and_the_left_border_as_a_bracket():
    rows = find_table_rows(MERGED_HEADER, VOCAB)
    assert [(r.ordinal, r.lead, r.deadline) for r in rows] == [
        ("pl-1", "SỞ Khoa học và", "Trước ngày 30/9/2025"),
        ("pl-5", "Sở Y tế", "Trước ngày 31/12/2025"),
    ]


def test_a_header_cell_for_two_roles_with_a_comma_stays_one_column():
    rows = find_table_rows("STT | Nội dung | Cơ quan chủ trì, phối hợp | Thời gian\n1 | Rà soát | Sở Y tế; Sở Tài chính | Quý II/2025\n", VOCAB)
    assert [(r.lead, r.deadline) for r in rows] == [("Sở Y tế; Sở Tài chính", "Quý II/2025")]


def test_legacy_ocr_cuts_the_bordered_header_inside_a_cell_and_specks_a_line_before_the_first_row():
    rows = find_table_rows("""| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời
hạn |
Xe nổ ra TỪ
|1 | Rà soát, chuẩn hóa dữ liệu thủ tục | Văn phòng UBND | Các sở, ban, ngành;
| Trước ngày 15/9/2025 |
""", VOCAB)
    assert [(r.lead, r.deadline) for r in rows] == [("Văn phòng UBND", "Trước ngày 15/9/2025")]


def test_a_borderless_row_cut_after_a_separator_and_legacy_blank_lines_inside_rows():
    text = """STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn
thành
1 | Thành lập Tổ công nghệ số cộng đồng tại 100% thôn | UBND các xã, phường | Sở Khoa học và Công nghệ | Trong 20 ngày
kể từ

ngày ban hành Kế hoạch

2 | Biên soạn tài liệu hướng dẫn kỹ năng số cho người
dân |

Sở Khoa học và Công nghệ | Sở Giáo dục và Đào tạo; Tỉnh đoàn | Tháng
10/2025

3 | Lồng ghép nội dung kỹ năng số | Sở Giáo dục và Đào tạo | Sở Nội
vụ |

Tháng 11/2025

Nơi nhận:
"""
    rows = find_table_rows(text, VOCAB)
    assert [(r.stt, r.lead, r.cooperating, r.deadline) for r in rows] == [
        ("1", "UBND các xã, phường", "Sở Khoa học và Công nghệ", "Trong 20 ngày kể từ ngày ban hành Kế hoạch"),
        ("2", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo; Tỉnh đoàn", "Tháng 10/2025"),
        ("3", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Tháng 11/2025")]
    assert rows[1].task == "Biên soạn tài liệu hướng dẫn kỹ năng số cho người dân"


def test_a_space_aligned_cell_that_ran_up_to_the_next_column_is_cut_there():
    text = """STT  Nội dung công việc                  Đơn vị chủ trì      Đơn vị phối hợp      Thời gian
4    Kiểm tra an toàn phòng cháy, chữa   Phòng Cảnh sát      Phòng Cảnh sát QLHC  Trong tháng 01/2026
     cháy tại chợ, trung tâm thương mại, PCCC và CNCH        về TTXH
6    Tuyên truyền về đợt cao điểm, phương Phòng Tham mưu     Báo và Phát thanh,   Hằng tuần
     thức, thủ đoạn của tội phạm                             Truyền hình Cao Bằng
8    Sơ kết, tổng kết đợt cao điểm       Phòng Tham mưu      Phòng Tổ chức cán bộ Trước 10/3/2026
"""
    rows = find_table_rows(text, VOCAB)
    assert [(r.lead, r.cooperating, r.deadline) for r in rows] == [
        ("Phòng Cảnh sát PCCC và CNCH", "Phòng Cảnh sát QLHC về TTXH", "Trong tháng 01/2026"),
        ("Phòng Tham mưu", "Báo và Phát thanh, Truyền hình Cao Bằng", "Hằng tuần"),
        ("Phòng Tham mưu", "Phòng Tổ chức cán bộ", "Trước 10/3/2026")]
    assert rows[1].task == "Tuyên truyền về đợt cao điểm, phương thức, thủ đoạn của tội phạm"


def test_a_drawn_table_whose_rows_run_over_lines_with_empty_cells_under_the_headers_rules():
    text = """STT| Hoạt động                  | Đơn vị chủ trì     | Đơn vị phối hợp    | Thời gian thực hiện
---+----------------------------+--------------------+--------------------+--------------------
 1 | Xây dựng kế hoạch giám sát | Trung tâm Kiểm soát| Trạm Y tế các xã,  | Trước ngày 20/3/2026
   | ca bệnh, giám sát véc tơ   | bệnh tật tỉnh      | phường             |
   | tại các xã, phường         |                    |                    |
 2 | Tổ chức chiến dịch diệt    | UBND các xã,       | Trạm Y tế các xã,  | Từ ngày 06/4/2026
   | lăng quăng, bọ gậy đợt 1   | phường             | phường; Trung tâm  | đến ngày 30/4/2026
   |                            |                    | tỉnh               |
"""
    rows = find_table_rows(text, VOCAB)
    assert [(r.task, r.lead, r.cooperating, r.deadline) for r in rows] == [
        ("Xây dựng kế hoạch giám sát ca bệnh, giám sát véc tơ tại các xã, phường", "Trung tâm Kiểm soát bệnh tật tỉnh",
         "Trạm Y tế các xã, phường", "Trước ngày 20/3/2026"),
        ("Tổ chức chiến dịch diệt lăng quăng, bọ gậy đợt 1", "UBND các xã, phường", "Trạm Y tế các xã, phường; Trung tâm tỉnh",
         "Từ ngày 06/4/2026 đến ngày 30/4/2026")]


FLAT = """II. NHIỆM VỤ CỤ THỂ
STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp — Thời hạn
1 Quan trắc, cảnh báo độ mặn tại = Sở Nông nghiệp và. Đài Khí tượng Thủy Từ 01/12/2025
các trạm trên sông Cổ Chiên, Môi trường văn tỉnh đến 31/5/2026
2 Vận hành hệ thống cống, đập ngăn Bộ Chỉ huy Bộ đội UBND các xã. Trước
15/12/2025
mặn, trữ ngọt theo diễn biến Biên phòng tỉnh phường ven biển
3 Nạo vét kênh mương nội đồng, gia ~UBND các xã. Sở Nông nghiệp và Quý I/2026
cố đê bao, trữ nước ngọt phường Môi trường
III. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường theo dõi, tổng hợp.
"""


def test_a_table_whose_column_gaps_legacy_ocr_closed_up_is_read_by_body_names_and_deadline_phrases():
    from chidao.nlp.bodies import default_registry
    from chidao.nlp.extract.flat_table import find_flat_tables
    from chidao.nlp.extract.party_rules import starts_with_head

    party = build_extractor().get_pipe("chidao_tasks").rules.party
    assert find_tables(FLAT, VOCAB) == []
    tables = find_flat_tables(FLAT, VOCAB, lambda s: starts_with_head(s, party), default_registry().names())
    rows = tables[0].rows
    assert [(r.ordinal, r.task) for r in rows] == [
        ("pl-1", "Quan trắc, cảnh báo độ mặn tại các trạm trên sông Cổ Chiên"),
        ("pl-2", "Vận hành hệ thống cống, đập ngăn mặn, trữ ngọt theo diễn biến"),
        ("pl-3", "Nạo vét kênh mương nội đồng, gia cố đê bao, trữ nước ngọt")]
    assert [(r.lead, r.cooperating) for r in rows] == [
        ("Sở Nông nghiệp và Môi trường", "Đài Khí tượng Thủy văn tỉnh"),
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "UBND các xã phường"),
        ("UBND các xã phường", "Sở Nông nghiệp và Môi trường")]
    assert [r.deadline for r in rows] == ["Từ 01/12/2025 đến 31/5/2026", "Trước 15/12/2025", "Quý I/2026"]
    assert "III. TỔ CHỨC" not in FLAT[tables[0].start:tables[0].end]
    wide = """STT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian
1 Rà soát, chuẩn hóa, cung cấp 100% Sở Khoa học và Văn phòng UBND Quý I/2026
2 Nâng cấp Trung tâm giám sát, điều Sở Khoa học và Công an tỉnh; QUÝ IV/2026
3 Hoàn thành xây dựng cơ sở dữ liệu Sở Nông nghiệp Công an tỉnh; Tháng 6/2026
4 Triển khai hồ sơ sức khỏe điện tử, Sở Y tế Bảo hiểm xã hội Năm 2026
"""
    rows = find_flat_tables(wide, VOCAB, lambda s: starts_with_head(s, party), default_registry().names())[0].rows
    assert rows[1].task == "Nâng cấp Trung tâm giám sát, điều"  # a name this soon is the task's (other rows run longer)
    assert [r.deadline for r in rows] == ["Quý I/2026", "QUÝ IV/2026", "Tháng 6/2026", "Năm 2026"]
    # the list the table sits in goes on after it: "2. Đề nghị …" is no part of row 4
    after = wide + "2. Đề nghị Ủy ban nhân dân các xã chỉ đạo bảo đảm trật tự khu vực điểm thi.\n"
    rows = find_flat_tables(after, VOCAB, lambda s: starts_with_head(s, party), default_registry().names())[0].rows
    assert len(rows) == 4 and "Đề nghị" not in rows[3].task


def test_a_header_that_left_one_space_after_stt_still_has_a_number_column():
    text = """STT Nhiệm vụ                               Chủ trì         Phối hợp          Thời hạn
1   Tham mưu UBND tỉnh kiện toàn Ban       Phòng Nghiệp    Văn phòng Sở      Trước 31/3/2026
    Chỉ đạo phòng, chống dịch bệnh tỉnh    vụ Y
2   Giám sát ca bệnh, véc tơ truyền bệnh   Trung tâm       Các Trung tâm Y   Thường xuyên
    tại 100% xã, phường                    Kiểm soát       tế khu vực
                                           bệnh tật

IV. KINH PHÍ
Từ nguồn ngân sách sự nghiệp y tế năm 2026 đã giao cho các đơn vị.
"""
    rows = find_tables(text, VOCAB)[0].rows
    assert [(r.stt, r.lead) for r in rows] == [("1", "Phòng Nghiệp vụ Y"), ("2", "Trung tâm Kiểm soát bệnh tật")]
    assert rows[0].task == "Tham mưu UBND tỉnh kiện toàn Ban Chỉ đạo phòng, chống dịch bệnh tỉnh"


def test_an_item_ending_with_a_colon_right_over_a_table_is_its_caption_not_a_task():
    from chidao.config import Config
    from chidao.nlp.extract import extract_directive

    text = """KẾ HOẠCH
Tổ chức Kỳ thi

III. TỔ CHỨC THỰC HIỆN
1. Phân công nhiệm vụ cụ thể như sau:

STT   Nội dung                        Đơn vị chủ trì       Đơn vị phối hợp     Thời gian hoàn thành
1     Rà soát, thống kê học sinh      Phòng Giáo dục       Các trường THPT     Trước ngày 20/3/2026
2     Tập huấn nghiệp vụ coi thi      Văn phòng Sở         Các trường THPT     Trong tháng 5/2026
"""
    tasks = extract_directive(text, "x", Config())[1]
    assert [t.text for t in tasks] == ["Rà soát, thống kê học sinh", "Tập huấn nghiệp vụ coi thi"]


def test_legacy_header_cells_with_their_spaces_lost_still_name_their_columns():
    text = """| TT | Nội dung nhiệm vụ | Donvichitri | Donviphdihgp | Thời gian hoàn thành |
| 1 | Ra quân tổng vệ sinh môi trường | Phòng Kinh tế | Các tổ dân phố | Hằng tháng |
| 2 | Rà soát các điểm tập kết rác thải | Xí nghiệp Môi trường | Phòng Kinh tế | Trước ngày 31/3/2026 |
"""
    rows = find_table_rows(text, VOCAB)
    assert [(r.lead, r.cooperating, r.deadline) for r in rows] == [
        ("Phòng Kinh tế", "Các tổ dân phố", "Hằng tháng"),
        ("Xí nghiệp Môi trường", "Phòng Kinh tế", "Trước ngày 31/3/2026"),
    ]


def test_legacy_ocr_cuts_an_open_header_at_a_separator_and_drops_the_blank_line_after_the_table():
    # "| … | Phối hợp" / "| Thời hạn": the cut fell on a separator; a numbered item right under
    # a row that closed with all its cells (one empty) is prose again, not that row's cell.
    rows = find_table_rows("""| STT | Nhiệm vụ | Chủ trì | Phối hợp
| Thời hạn Ở
cả nó SẼ SẼ
| 1 | Rà soát, thống kê công trình vi phạm | UBND các xã,
phường | Công an xã, phường | Trước ngày 15/10/2025 |
|5. | Báo cáo tình hình cấp phép | UBND các xã,
phường | | Trước ngày 20 hằng tháng |
3. Giao Phòng Quản lý xây dựng theo dõi, đôn đốc các địa phương thực hiện.
""", VOCAB)
    assert [(r.lead, r.cooperating, r.deadline) for r in rows] == [
        ("UBND các xã, phường", "Công an xã, phường", "Trước ngày 15/10/2025"),
        ("UBND các xã, phường", "", "Trước ngày 20 hằng tháng")]


def test_a_flat_rows_rule_leftovers_part_its_cells_and_a_list_of_partners_goes_on_below_the_first_line():
    from chidao.nlp.bodies import default_registry
    from chidao.nlp.extract.flat_table import find_flat_tables
    from chidao.nlp.extract.party_rules import starts_with_head

    party = build_extractor().get_pipe("chidao_tasks").rules.party
    flat = """STT Nội dung nhiệm vụ Chủ trì Phối hợp Thời gian
1 Rà soát, lập danh sách các tuyến phố, điểm Phòng KTHTĐT —_ Công an phường;
Trước 31/01/2026
lấn chiếm lòng đường, vỉa hè; lập hồ sơ các tổ dân phố
theo dõi từng trường hợp vi phạm
2 Ra quân lập lại trật tự lòng đường, vỉa hè Công an phường + Phòng KTHTĐT
Từ 01/3/2026
trên các tuyến Nguyễn Gia Thiều, Trần Hưng
3 Kiểm tra việc thực hiện kết luận kiểm tra Phòng Kinh tế Công an phường;
Quý I/2026
theo Nghị quyết Đại hội Đảng bộ phường
"""
    rows = find_flat_tables(flat, VOCAB, lambda s: starts_with_head(s, party), default_registry().names())[0].rows
    assert [(r.lead, r.cooperating) for r in rows] == [
        ("Phòng KTHTĐT", "Công an phường; các tổ dân phố"),
        ("Công an phường", "Phòng KTHTĐT"),
        ("Phòng Kinh tế", "Công an phường")]  # a body inside the task's words joins no cell
    assert rows[0].task == "Rà soát, lập danh sách các tuyến phố, điểm lấn chiếm lòng đường, vỉa hè; lập hồ sơ theo dõi từng trường hợp vi phạm"


def test_a_header_cell_legacy_ocr_garbled_past_reading_takes_the_role_no_other_column_has():
    table = """| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phdéihgp | Thời hạn |
| 1 | Xây dựng phương án sắp xếp trụ sở | Sở Tài chính | Sở Xây dựng; UBND các xã | Tháng 10/2025 |
| 2 | Cập nhật dữ liệu tài sản công | Sở Xây dựng | Sở Tài chính | Quý IV/2025 |
"""
    rows = find_table_rows(table, VOCAB)
    assert [(r.lead, r.cooperating) for r in rows] == [("Sở Tài chính", "Sở Xây dựng; UBND các xã"), ("Sở Xây dựng", "Sở Tài chính")]
    projects = table.replace("Cơ quan phdéihgp", "Địa điểm thực hiện").replace("Cơ quan chủ trì", "Tổng mức đầu tư")
    assert all(not r.lead and not r.cooperating for r in find_table_rows(projects, VOCAB))  # a place is no body's column


def test_a_flat_rows_month_that_the_lines_end_cut_off_its_word_is_its_deadline():
    from chidao.nlp.bodies import default_registry
    from chidao.nlp.extract.flat_table import find_flat_tables
    from chidao.nlp.extract.party_rules import starts_with_head

    party = build_extractor().get_pipe("chidao_tasks").rules.party
    flat = """STT Nhiệm vụ Chủ trì Phối hợp Thời gian
1 Tổ chức hội nghị học tập, quán triệt Ban Xây dựng Đảng Văn phòng Đảng ủy Tháng
11/2025
Nghị quyết Đại hội Đảng bộ phường
2 Kiểm tra, giám sát việc học tập Ủy ban Kiểm tra Ban Xây dựng Đảng Quý
IV/2025
"""
    rows = find_flat_tables(flat, VOCAB, lambda s: starts_with_head(s, party), default_registry().names())[0].rows
    assert [r.deadline for r in rows] == ["Tháng 11/2025", "Quý IV/2025"]


def test_a_flat_table_grouped_under_headings_keeps_its_rows_and_partners_listed_further_down():
    """Legacy OCR of an annex grouped by section: "I. CẢI CÁCH …" between rows is a group, not
    the end of the table; row 1's number read as "|", row 3's lost after a group ("ở"); a
    partner after a list mark further down the row ("tỉnh; Hội Cựu chiến") joins the list and
    is finished from the line below; "Bộ tiêu chí" is no ministry."""
    from chidao.nlp.bodies import default_registry
    from chidao.nlp.extract.flat_table import find_flat_tables
    from chidao.nlp.extract.party_rules import starts_with_head

    party = build_extractor().get_pipe("chidao_tasks").rules.party
    flat = """STT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian
I. CẢI CÁCH THỂ CHẾ
| Xây dựng, ban hành Bộ tiêu chí Sở Nội vụ Văn phòng UBND tỉnh; Quý II/2025
đánh giá, chấm điểm cải cách Sở Tư pháp;
2 Khảo sát, đo lường mức độ hài Sở Nội vụ Ủy ban MTTQ Việt Nam Tháng 10/2025
lòng của người dân, tổ chức tỉnh; Hội Cựu chiến
đối với sự phục vụ của cơ quan binh tỉnh
i. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
ở Rà soát, đơn giản hóa thủ tục nội bộ Văn phòng UBND tỉnh Các sở, ban, ngành tỉnh Trước 30/6/2025
4 Số hóa hồ sơ, kết quả giải quyết Sở Tư pháp Công an tỉnh Quý III/2025
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ theo dõi, đôn đốc thực hiện Kế hoạch này.
"""
    rows = find_flat_tables(flat, VOCAB, lambda s: starts_with_head(s, party), default_registry().names())[0].rows
    assert [r.stt for r in rows] == ["1", "2", "3", "4"]  # the next section's item is not a row
    assert [r.lead for r in rows] == ["Sở Nội vụ", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tư pháp"]
    assert [r.cooperating for r in rows[:2]] == ["Văn phòng UBND tỉnh; Sở Tư pháp", "Ủy ban MTTQ Việt Nam tỉnh; Hội Cựu chiến binh tỉnh"]
    assert rows[0].task.startswith("Xây dựng, ban hành Bộ tiêu chí đánh giá")


def test_a_flat_rows_dashed_partners_legacy_ocr_put_at_a_lines_start_or_after_the_task():
    """Legacy OCR drops a line's indent and closes up the columns: "- Hội Liên hiệp Phụ" at a
    line's start and "trên tuyến - Sở Giao thông vận tải;" after the task's words go on with
    the partners; "nữ tỉnh;" / "Công viên địa chất." below finish a dashed partner."""
    from chidao.nlp.bodies import default_registry
    from chidao.nlp.extract.flat_table import find_flat_tables
    from chidao.nlp.extract.party_rules import starts_with_head

    party = build_extractor().get_pipe("chidao_tasks").rules.party
    flat = """STT Nhiệm vụ Chủ trì Phối hợp Thời gian
1 Xây dựng bộ tiêu chí homestay Sở Văn hóa, Thể - Sở Công
Thương; Quý IV/2024
đạt chuẩn vùng Cao nguyên đá thao và Du lịch
- Hội Liên hiệp Phụ
nữ tỉnh;
- UBND 04 huyện vùng
Công viên địa chất.
2 Xây dựng điểm dừng chân, nhà UBND huyện Mèo Vạc - Sở Xây
dựng; Trước 30/6/2025
vệ sinh công cộng trên tuyến - Sở Giao thông vận tải;
Mã Pí Lèng - Sông Nho Quế
"""
    rows = find_flat_tables(flat, VOCAB, lambda s: starts_with_head(s, party), default_registry().names())[0].rows
    assert [(r.lead, r.cooperating) for r in rows] == [
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Công Thương; Hội Liên hiệp Phụ nữ tỉnh; UBND 04 huyện vùng Công viên địa chất."),
        ("UBND huyện Mèo Vạc", "Sở Xây dựng; Sở Giao thông vận tải")]
    assert rows[1].task == "Xây dựng điểm dừng chân, nhà vệ sinh công cộng trên tuyến Mã Pí Lèng - Sông Nho Quế"


QUARTERS = """Bắc Ninh, ngày 08 tháng 01 năm 2025
PHỤ LỤC
STT Nội dung kiểm tra, giám sát                 Chủ trì              Phối hợp               Thời gian
--- ------------------------------------------  -------------------  ---------------------  ---------
    QUÝ I/2025
1   Kiểm tra Ban Thường vụ Huyện ủy Gia Bình    Phòng Kiểm tra số 1  Ủy ban Kiểm tra Huyện  Tháng 3
    thực hiện nhiệm vụ kiểm tra, giám sát                            ủy Gia Bình
    QUÝ II/2025
2   Kiểm tra tài chính đảng đối với Ban         Phòng Kiểm tra số 3  Văn phòng Tỉnh ủy      Tháng 5
    Thường vụ Thành ủy Từ Sơn
    QUÝ IV/2025
3   Tổng kết công tác kiểm tra, giám sát năm    Văn phòng Ủy ban     Các phòng kiểm tra     Tháng 12
    2025; xây dựng Kế hoạch năm 2026                                 nghiệp vụ
"""


def test_a_space_laid_table_grouped_by_quarter_rows_and_month_only_deadlines():
    """"QUÝ II/2025" alone in the task column heads a group (not the row above's last words);
    "Tháng 3" with no year is the first March on or after the plan's date."""
    rows = find_table_rows(QUARTERS, VOCAB)
    assert [(r.stt, r.task, r.group) for r in rows] == [
        ("1", "Kiểm tra Ban Thường vụ Huyện ủy Gia Bình thực hiện nhiệm vụ kiểm tra, giám sát", "QUÝ I/2025"),
        ("2", "Kiểm tra tài chính đảng đối với Ban Thường vụ Thành ủy Từ Sơn", "QUÝ II/2025"),
        ("3", "Tổng kết công tác kiểm tra, giám sát năm 2025; xây dựng Kế hoạch năm 2026", "QUÝ IV/2025")]
    patterns = build_extractor().get_pipe("chidao_deadlines").patterns
    assert [(d.raw, d.due) for d in resolve_cell("Tháng 3", "2025-01-08", patterns)] == [("Tháng 3", "2025-03-31")]
    assert [d.due for d in resolve_cell("Tháng 3", "2024-12-20", patterns)] == ["2025-03-31"]  # next year's
    assert [d.due for d in resolve_cell("Tháng 3", None, patterns)] == [None]
    assert [d.due for d in resolve_cell("Tháng 13", "2025-01-08", patterns)] == []


QUARTERS_AT_MARGIN = """Cẩm Giàng, ngày 19 tháng 01 năm 2024
STT  Nội dung, đối tượng kiểm tra, giám sát      Chủ trì         Phối hợp                Thời gian

QUÝ I
1    Kiểm tra Đảng ủy xã Cẩm Vũ thực hiện        UBKT Huyện ủy   Văn phòng Huyện ủy      Tháng 3
     nhiệm vụ kiểm tra, giám sát

QUÝ II
2    Kiểm tra tài chính đảng tại Văn phòng       UBKT Huyện ủy   Phòng TC-KH huyện       Tháng 5
     Huyện ủy năm 2023
3    Giám sát chuyên đề Chi bộ Trường THPT       UBKT Huyện ủy   Ban Tuyên giáo Huyện ủy Tháng 8
     Cẩm Giàng

Ghi chú: Cột "Thời gian" ghi tháng hoàn thành trong năm 2024.
"""


def test_a_quarter_group_row_at_the_lines_start_heads_the_rows_below_it():
    """"QUÝ I" from the margin, under the STT column (and cut at the task column's start), is a
    group's row, not prose after the table; a cell run up to the next column still parts."""
    rows = find_table_rows(QUARTERS_AT_MARGIN, VOCAB)
    assert [(r.stt, r.lead, r.cooperating, r.deadline, r.group) for r in rows] == [
        ("1", "UBKT Huyện ủy", "Văn phòng Huyện ủy", "Tháng 3", "QUÝ I"),
        ("2", "UBKT Huyện ủy", "Phòng TC-KH huyện", "Tháng 5", "QUÝ II"),
        ("3", "UBKT Huyện ủy", "Ban Tuyên giáo Huyện ủy", "Tháng 8", "QUÝ II")]
    assert rows[1].task == "Kiểm tra tài chính đảng tại Văn phòng Huyện ủy năm 2023"
