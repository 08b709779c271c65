"""Issue 14 on small inline texts: one task per assignment, inherited leads, attached plans,
inferred issuers, recurrence rules, and legacy repair that knows body names."""

from chidao.config import Config
from chidao.nlp import extract_directive, restore_diacritics
from chidao.nlp.extract.deadlines import recurrence_rule

_HEAD = """TỈNH ỦY BẮC NINH                         ĐẢNG CỘNG SẢN VIỆT NAM
Số 15-CT/TU                        Bắc Ninh, ngày 10 tháng 01 năm 2025

CHỈ THỊ
về tăng cường phòng, chống tác hại của thuốc lá

"""


def _tasks(body: str):
    return extract_directive(_HEAD + body, "r", Config())[1]


def test_each_sentence_naming_its_own_body_is_a_task_of_its_own():
    tasks = _tasks("""Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt các nhiệm vụ sau:

1. Tăng cường công tác tuyên truyền về tác hại của thuốc lá. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Y tế biên soạn tài liệu tuyên truyền, hoàn thành trong quý I/2025. Báo Bắc Ninh, Đài Phát thanh và Truyền hình tỉnh tăng cường thời lượng, mở chuyên mục riêng.

2. Sở Tài chính bố trí kinh phí. Văn phòng Tỉnh ủy chủ trì.
""")
    by = {t.ordinal: t for t in tasks}
    assert list(by) == ["1", "1.s1", "1.s2", "2"]
    assert by["1"].implicit_lead and by["1"].lead == ["Các cấp ủy, tổ chức đảng"] and by["1"].deadlines == []
    assert by["1.s1"].lead == ["Ban Tuyên giáo Tỉnh ủy"] and by["1.s1"].cooperating == ["Sở Y tế"]
    assert [d.due for d in by["1.s1"].deadlines] == ["2025-03-31"]
    assert by["1.s2"].lead == ["Báo Bắc Ninh", "Đài Phát thanh và Truyền hình tỉnh"]
    assert by["2"].lead == ["Văn phòng Tỉnh ủy"]  # a closing "X chủ trì." names the item's lead


def test_a_section_opener_is_the_implicit_lead_of_its_items_only():
    tasks = _tasks("""I. NHIỆM VỤ, GIẢI PHÁP

Các cấp ủy, tổ chức đảng, chính quyền các cấp tập trung thực hiện tốt các nhiệm vụ sau:

1. Nâng cao nhận thức của cán bộ, đảng viên.

II. TỔ CHỨC THỰC HIỆN

1. Rà soát các văn bản hướng dẫn.
""")
    first, second = tasks
    assert first.implicit_lead and first.lead == ["Các cấp ủy, tổ chức đảng, chính quyền các cấp"]
    assert second.implicit_lead and second.lead != first.lead  # the opener ends with its section


def test_tasks_of_a_plan_attached_to_a_decision():
    text = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH NINH BÌNH                            Độc lập - Tự do - Hạnh phúc
Số: 412/QĐ-UBND                     Ninh Bình, ngày 18 tháng 4 năm 2025

QUYẾT ĐỊNH
Ban hành Kế hoạch bảo vệ môi trường làng nghề

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch bảo vệ môi trường làng nghề.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

Nơi nhận:                                          TM. ỦY BAN NHÂN DÂN
- Như Điều 3;                                            CHỦ TỊCH
- Lưu: VT.                                           Vũ Đức Thành

KẾ HOẠCH
Bảo vệ môi trường làng nghề
(Ban hành kèm theo Quyết định số 412/QĐ-UBND ngày 18/4/2025 của UBND tỉnh Ninh Bình)

I. NHIỆM VỤ, GIẢI PHÁP
1. Điều tra, phân loại mức độ ô nhiễm của các làng nghề.
- Cơ quan chủ trì: Sở Nông nghiệp và Môi trường.
- Cơ quan phối hợp: UBND các huyện, thành phố.
- Thời gian hoàn thành: trong quý II/2025.
"""
    document, tasks = extract_directive(text, "r", Config())
    assert document.number == "412/QĐ-UBND" and document.type == "Quyết định"
    (task,) = tasks
    assert task.ordinal == "kt1.I.1" and task.lead == ["Sở Nông nghiệp và Môi trường"]
    assert task.cooperating == ["UBND các huyện, thành phố"] and [d.due for d in task.deadlines] == ["2025-06-30"]


def test_an_issuer_left_out_of_the_header_is_inferred_and_marked():
    text = """Số: 08/CT-UBND                               Hà Nam, ngày 14 tháng 3 năm 2025

CHỈ THỊ
Về tăng cường công tác bảo đảm an ninh, trật tự
"""
    document, _ = extract_directive(text, "r", Config())
    assert (document.issuer, document.issuer_inferred) == ("Ủy ban nhân dân tỉnh Hà Nam", True)
    numbered = extract_directive(text.replace("08/CT-UBND", "25/2024/NQ-HĐND"), "r", Config())[0]
    assert numbered.number == "25/2024/NQ-HĐND"


def test_recurring_deadlines_carry_their_rule():
    assert recurrence_rule("trước ngày 25 hằng tháng") == "FREQ=MONTHLY;BYMONTHDAY=25"
    assert recurrence_rule("ngày 15 của tháng cuối quý") == "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=15"
    assert recurrence_rule("trước ngày 20 tháng 12 hằng năm") == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20"
    assert recurrence_rule("vào thứ Sáu hằng tuần") == "FREQ=WEEKLY;BYDAY=FR"
    assert recurrence_rule("thường xuyên") is None
    tasks = _tasks("Yêu cầu:\n1. Sở Y tế báo cáo kết quả trước ngày 20 tháng 12 hằng năm.\n")
    assert [(d.kind, d.rrule) for d in tasks[0].deadlines] == [("recurring", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20")]


def test_legacy_repair_keeps_known_body_names():
    assert restore_diacritics("1. S6 TT&TT 1a co quan thudng truc, chi tri, phéi hdp véi cic sé, nganh") \
        .startswith("1. Sở TT&TT là cơ quan thường trực")
    line = "Cac cap wy, to chic dang, chinh quyén, Mat tran T6 quéc va cac t6 chife chinh"
    assert restore_diacritics(line).startswith("Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc")


def test_a_report_closing_read_from_legacy_ocr_is_no_task():
    # seed 002 ends "Trén déy la bao céo … 6 thang dau nam 2024 …"; the restorer reads "Trên đó là".
    body = """Các cấp ủy, tổ chức đảng thực hiện tốt các nhiệm vụ sau:

1. Sở Y tế tăng cường kiểm tra việc kinh doanh thuốc lá.

{closing} báo cáo tình hình thực hiện 6 tháng đầu năm 2024 của thị trấn Bình Dương./.
"""
    for closing in ("Trên đây là", "Trên đó là"):
        assert [t.ordinal for t in _tasks(body.format(closing=closing))] == ["1"], closing


_LETTER = """UBND TỈNH NINH THUẬN               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ GIÁO DỤC VÀ ĐÀO TẠO                    Độc lập - Tự do - Hạnh phúc
Số: 12/SGDĐT-CTTT                   Bà Rịa - Vũng Tàu, ngày 23 tháng 9 năm 2024
V/v phòng, chống đuối nước cho học sinh

Kính gửi:
- Phòng GD&ĐT các huyện, thành phố;
- Các trường THPT.

- Thực hiện Công văn số 3805/UBND-VXNV ngày 12/9/2024 của UBND tỉnh về phòng, chống đuối nước;
Sở GD&ĐT yêu cầu triển khai ngay các nội dung sau:

1. Quán triệt đến toàn thể giáo viên trách nhiệm bảo đảm an toàn cho học sinh.
2. Đối với công tác bảo đảm trật tự, an toàn giao thông, các trường THPT phối hợp với Công an các huyện tuyên truyền cho học sinh.
3. Truởng các thôn:
a) Rà soát danh sách hộ chăn nuôi, gửi về UBND xã trước ngày 30/9/2024.
4. Phối hợp với Công an phường lập danh sách nhà trọ trước ngày 15/10/2024.
5. Kinh phí thực hiện: từ nguồn ngân sách tỉnh và các nguồn hợp pháp khác.

Yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch UBND các quận, huyện và các cơ quan, đơn vị liên quan nghiêm túc thực hiện Công văn này./.
"""


def test_the_untouched_batches_first_misses_are_read_as_a_reader_would():
    """Batches O and P, read after their first run: an opener that asks without naming anyone
    addresses the recipients, a fronted topic with a comma, a parent line with an OCR slip, a
    capital "Phối hợp với", funding and a closing courtesy are no tasks, a dashed "- Thực hiện"
    is what the letter answers, a place with a dash, an upper-case Sở in its own casing."""
    doc, tasks = extract_directive(_LETTER, "r", Config())
    by = {t.ordinal: t for t in tasks}
    assert list(by) == ["1", "2", "3.a", "4"]
    assert by["1"].implicit_lead and by["1"].lead == ["Phòng GD&ĐT các huyện, thành phố", "Các trường THPT"]
    assert by["2"].lead == ["Các trường THPT"] and by["2"].cooperating == ["Công an các huyện"]
    assert by["3.a"].lead == ["Truởng các thôn"]
    assert by["4"].cooperating == ["Công an phường"]
    assert doc.responds_to == ["3805/UBND-VXNV"]
    assert (doc.place, doc.issuer) == ("Bà Rịa - Vũng Tàu", "Sở Giáo dục và Đào tạo")


_PLAN = """ĐẢNG BỘ TỈNH BÌNH PHƯỚC                      ĐẢNG CỘNG SẢN VIỆT NAM
     HU .  Ủ' . .
    Số 186-KH/HU                        Bù Đăng, ngày 15 tháng 7 năm 2024

KẾ HOẠCH
thực hiện công tác phát triển đảng viên

II. QUAN ĐIỂM, MỤC TIÊU
- Phấn đấu kết nạp ít nhất 320 đảng viên mới.

III. NHIỆM VỤ, GIẢI PHÁP
Cấp ủy các cấp, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội các cấp tập trung thực hiện tốt các nhiệm vụ sau:

1. Tạo nguồn phát triển đảng viên
a) Rà soát quần chúng ưu tú trong doanh nghiệp, lập danh sách theo dõi.
b) Ủy ban nhân dân huyện và các xã, thị trấn chủ trì bồi dưỡng nhận thức về Đảng, xong trong 10 ngày làm việc kể từ ngày Kế hoạch được ban hành.

2. Tổ chức kết nạp
Chủ tịch Ủy ban nhân dân các xã Đức Liễu, Nghĩa Trung trực tiếp chỉ đạo tổ chức lễ kết nạp vào ngày Chủ nhật 13/10/2024.

IV. KINH PHÍ
Kinh phí thực hiện từ ngân sách huyện. Ban Tổ chức Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy thẩm định dự toán.

Các chi bộ, đảng bộ cơ sở nghiêm túc triển khai thực hiện. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo để được hướng dẫn./.
"""


def test_plan_sections_openers_and_closing_read_as_the_guide_says():
    """Batches Q and R, read after their first run: aims are no tasks, an opener holds under
    numbered sub-headings, the whole political system is listed member by member, "X và các
    xã, thị trấn" is one body, "trực tiếp" ends a name, a lead sentence inside an unnumbered
    paragraph is a task, a close with its "nếu có khó khăn" is courtesy; a smudged issuer line
    is inferred from the symbol and the district."""
    doc, tasks = extract_directive(_PLAN, "r", Config())
    assert (doc.issuer, doc.issuer_inferred, doc.parent_issuer) == ("Huyện ủy Bù Đăng", True, "Đảng bộ tỉnh Bình Phước")
    by = {t.ordinal: t for t in tasks}
    assert [t.text.split()[0] for t in tasks] == ["Rà", "Ủy", "Chủ", "Ban"]
    first = tasks[0]
    assert first.implicit_lead and first.lead == ["Cấp ủy các cấp", "Tổ chức đảng", "Chính quyền", "Mặt trận Tổ quốc",
                                                  "Các đoàn thể chính trị - xã hội các cấp"]
    assert by["III.1.b"].lead == ["Ủy ban nhân dân huyện và các xã, thị trấn"]
    assert [(d.kind, d.due) for d in by["III.1.b"].deadlines] == [("by", "2024-07-29")]
    second = tasks[2]
    assert second.lead == ["Chủ tịch Ủy ban nhân dân các xã Đức Liễu, Nghĩa Trung"]
    assert [(d.kind, d.due) for d in second.deadlines] == [("on", "2024-10-13")]
    assert tasks[3].lead == ["Ban Tổ chức Huyện ủy"] and tasks[3].cooperating == ["Văn phòng Huyện ủy"]


_GUIDE = """UBND TỈNH THANH HÓA                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BAN CHỈ HUY PHÒNG, CHỐNG                     Độc lập - Tự do - Hạnh phúc
THIÊN TAI VÀ TÌM KIẾM CỨU NẠN
Số: 41/BCH-PCTT                        Thanh Hóa, ngày 12 tháng 3 năm 2024

HƯỚNG DẪN
tuyên truyền phòng, chống thiên tai năm 2024

Thực hiện Công văn số 88/BNN-ĐĐ ngày 02/3/2024 của Bộ Nông nghiệp và Phát triển nông thôn và chỉ đạo của Ủy ban nhân dân tỉnh tại Công văn số 1207/UBND-NN ngày 05/3/2024, Ban Chỉ huy hướng dẫn như sau:

I. KHẨU HIỆU TUYÊN TRUYỀN
1. Chủ động phòng, chống thiên tai là trách nhiệm của mỗi người dân!
2. Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!

II. TỔ CHỨC THỰC HIỆN
1. Nâng cao năng lực ứng phó của cấp xã
a) Báo Thanh Hóa, Đài Phát thanh và Truyền hình tỉnh mở chuyên mục về phòng, chống thiên tai trong tháng 4 và tháng 5/2024. Đài Phát thanh và Truyền hình tỉnh sản xuất phim phóng sự, phát sóng đúng ngày 15/5/2024.
b) Tổng hợp kết quả diễn tập, báo cáo trong 10 ngày làm việc kể từ ngày 21/10/2024.
- Cơ quan chủ trì: Sở Thông tin và Truyền thông.
- Cơ quan phối hợp: Phòng Văn hóa và Thông tin; UBND các xã, thị trấn.

Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu để xảy ra chậm trễ.
"""


def test_batches_w_to_x_first_misses_are_read_as_a_reader_would():
    """Batches W and X, read after their first run: slogans are no tasks; one of an item's
    several leads alone in a later sentence is an assignment of its own; "đúng ngày", months
    listed with "và"; a field's bodies across ";"; an issuer name wrapped after "CHỐNG"; both
    documents the opening implements; a relative deadline from a written date; an
    accountability sentence is no task."""
    doc, tasks = extract_directive(_GUIDE, "r", Config())
    assert doc.issuer == "Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn"
    assert doc.responds_to == ["88/BNN-ĐĐ", "1207/UBND-NN"]
    by = {t.ordinal: t for t in tasks}
    assert list(by) == ["II.1.a", "II.1.a.s1", "II.1.b"]
    assert by["II.1.a"].lead == ["Báo Thanh Hóa", "Đài Phát thanh và Truyền hình tỉnh"]
    assert [(d.kind, d.due) for d in by["II.1.a"].deadlines] == [("by", "2024-05-31")]
    assert by["II.1.a.s1"].lead == ["Đài Phát thanh và Truyền hình tỉnh"]
    assert [(d.kind, d.due) for d in by["II.1.a.s1"].deadlines] == [("on", "2024-05-15")]
    assert by["II.1.b"].lead == ["Sở Thông tin và Truyền thông"]
    assert by["II.1.b"].cooperating == ["Phòng Văn hóa và Thông tin", "UBND các xã, thị trấn"]
    assert [(d.kind, d.due) for d in by["II.1.b"].deadlines] == [("by", "2024-11-04")]


_RESOLUTION = """HỘI ĐỒNG NHÂN DÂN                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    XÃ EA KAR                                  Độc lập - Tự do - Hạnh phúc
Số: 21/NQ-HĐND                          Ea Kar, ngày 20 tháng 8 năm 2025

NGHỊ QUYẾT
về nhiệm vụ phát triển kinh tế - xã hội 6 tháng cuối năm 2025

Điều 1. Đánh giá tình hình và mục tiêu, chỉ tiêu chủ yếu
1. Hội đồng nhân dân xã thống nhất với đánh giá của Ủy ban nhân dân xã về kết quả 6 tháng đầu năm.
2. Mục tiêu: thu ngân sách đạt 100% dự toán.

Điều 2. Nhiệm vụ, giải pháp chủ yếu
Hội đồng nhân dân xã giao Ủy ban nhân dân xã tập trung chỉ đạo thực hiện các nhiệm vụ, giải pháp sau:
1. Đẩy mạnh thu ngân sách, chống thất thu thuế, hoàn thành truớc ngày 30/11/2025.
2. Cơ quan thường trực Ban Chỉ đạo (Phòng Kinh tế) theo dõi, tổng hợp tình hình sản xuất.
3. Rà soát hồ sơ đất đai. Các trường THCS, trường tiểu học trên địa bàn tổ chức tuyên truyền cho học sinh về pháp luật đất đai.

Điều 3. Tổ chức thực hiện
Đề nghị Ban Thường vụ Đảng ủy xã Ea Kar tập trung lãnh đạo thực hiện tốt một số nhiệm vụ sau:
1. Chỉ đạo tổng kết công tác năm 2025.
"""


def test_batches_y_to_ad_first_misses_are_read_as_a_reader_would():
    """Batches Y–AD, read after their first run: an article that assesses holds no tasks; the
    opener under "Điều 2" reaches its items; "Đề nghị X … nhiệm vụ sau:" over numbered items
    addresses them; OCR's "truớc"; the standing body in brackets; "các trường A, trường B"."""
    _, tasks = extract_directive(_RESOLUTION, "r", Config())
    texts = [t.text.split()[0] for t in tasks]
    assert "Hội" not in texts and "Mục" not in texts  # Điều 1 assesses
    first, standing, records = tasks[0], tasks[1], tasks[2]
    assert first.implicit_lead and first.lead == ["Ủy ban nhân dân xã"]
    assert [(d.kind, d.due) for d in first.deadlines] == [("by", "2025-11-30")]
    assert standing.lead == ["Phòng Kinh tế"]
    assert tasks[-1].implicit_lead and tasks[-1].lead == ["Ban Thường vụ Đảng ủy xã Ea Kar"]
    assert records.lead == ["Ủy ban nhân dân xã"]
    assert tasks[3].ordinal == "3.s1" and tasks[3].lead == ["Các trường THCS", "Các trường tiểu học trên địa bàn"]


def test_an_action_word_that_names_a_head_stays_in_the_name():
    tasks = _tasks("""1. Phòng Văn hóa - Xã hội chủ trì, phối hợp với Ban quản lý các thôn tuyên truyền kiến thức phòng, tránh thiên tai.

2. Văn phòng Ban theo dõi, tổng hợp kết quả thực hiện.
""")
    assert tasks[0].cooperating == ["Ban quản lý các thôn"]
    assert tasks[1].lead == ["Văn phòng Ban"]


def test_items_that_describe_the_plan_and_a_conditional_close_are_no_tasks():
    tasks = _tasks("""II. NỘI DUNG
1. Đối tượng kiểm điểm
Tổ chức đảng, đảng viên trong toàn Đảng bộ tỉnh; tập thể lãnh đạo các sở, ban, ngành tỉnh.

2. Hình thức: Học tập tập trung tại Hội trường, kết hợp trực tuyến đến các điểm cầu.

3. Thời gian kiểm điểm
- Các tổ chức cơ sở đảng hoàn thành kiểm điểm trước ngày 05/12/2025.

III. TỔ CHỨC THỰC HIỆN
1. Ủy ban Kiểm tra Tỉnh ủy cung cấp thông tin, gửi Ban Tổ chức Tỉnh ủy trước ngày 10/12/2025.

Trong quá trình thực hiện, nếu có vướng mắc, các đảng ủy trực thuộc phản ánh về Ban Tổ chức Tỉnh ủy để được hướng dẫn.
""")
    assert [(t.lead, [d.due for d in t.deadlines]) for t in tasks] == [
        (["Các tổ chức cơ sở đảng"], ["2025-12-05"]),
        (["Ủy ban Kiểm tra Tỉnh ủy"], ["2025-12-10"]),
    ]


def test_an_opener_that_directs_bodies_addresses_them_and_an_ocr_action_word_without_marks_ends_a_name():
    tasks = _tasks("""II. NHIỆM VỤ, GIẢI PHÁP
UBND tỉnh chỉ đạo các sở, ban, ngành tỉnh và UBND các xã, phường tập trung thực hiện tốt các nhiệm vụ, giải pháp sau:

1. Tiếp tục quán triệt, nâng cao nhận thức của cán bộ, công chức về chuyển đổi số.

2. Sở Tài chính tham muu UBND tỉnh bố trí kinh phí thực hiện, hoàn thành trước ngày 05/12/2025.
""")
    assert tasks[0].lead == ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"] and tasks[0].implicit_lead
    assert tasks[1].lead == ["Sở Tài chính"]


def test_noun_compounds_after_heads_stay_in_names_and_a_lettered_definition_is_no_task():
    tasks = _tasks("""I. NHIỆM VỤ
1. Về xây dựng chương trình
a) Đối tượng kiểm tra, giám sát là tổ chức đảng cấp dưới và đảng viên.
b) Ban quản lý dự án, các chủ đầu tư lập kế hoạch giải ngân chi tiết.
c) Chi bộ trực thuộc đảng ủy cơ sở xây dựng kế hoạch kiểm tra, giám sát năm 2026.
d) Sở Khoa học và Công nghệ chủ trì, phối hợp với các doanh nghiệp viễn thông trên địa bàn khảo sát vùng lõm sóng.
""")
    assert [t.lead for t in tasks] == [["Ban quản lý dự án", "Các chủ đầu tư"], ["Chi bộ trực thuộc đảng ủy cơ sở"],
                                       ["Sở Khoa học và Công nghệ"]]
    assert tasks[2].cooperating == ["Các doanh nghiệp viễn thông trên địa bàn"]


def test_repaired_ocr_structure_a_mark_after_the_opener_i_for_1_digits_for_so_and_a_label_before_the_body():
    tasks = _tasks("""Sau khi nghe ý kiến thảo luận, đồng chí Bí thư Tỉnh ủy kết luận như sau: |

I. Đẩy mạnh tuyên truyền về mục đích, ý nghĩa của phong trào trên hệ thống thông tin cơ sở. Phòng Văn hóa - Xã hội chủ trì biên soạn tài liệu hướng dẫn.

2. 86 Nông nghiệp và Môi trường:
a) Chủ trì tham mưu kiện toàn Ban Chỉ đạo, hoàn thành trong quý IV/2O25.

3. Khen thưởng: Ủy ban MTTQ các xã, phường lựa chọn, đề nghị khen thưởng các khu dân cư tiêu biểu.
""")
    by = {t.ordinal: t for t in tasks}
    assert by["1"].lead == ["Phòng Văn hóa - Xã hội"]  # item 1, not a section I
    assert by["2.a"].lead == ["Sở Nông nghiệp và Môi trường"] and [d.due for d in by["2.a"].deadlines] == ["2025-12-31"]
    assert by["3"].lead == ["Ủy ban MTTQ các xã, phường"]


def test_a_mark_glued_to_the_openers_colon_still_opens_the_items():
    tasks = _tasks("""Để khắc phục dứt điểm các tồn tại, Chủ tịch UBND tỉnh chỉ đạo như sau:'
1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ đội Biên phòng tỉnh rà soát, cập nhật đầy đủ dữ liệu tàu cá, hoàn thành trước ngày 30/11/2025.
2. Công an tỉnh điều tra, xử lý nghiêm các vụ việc môi giới đưa ngư dân đi khai thác bất hợp pháp.
""")
    assert [t.lead for t in tasks] == [["Sở Nông nghiệp và Môi trường"], ["Công an tỉnh"]]


def test_a_result_dated_before_the_document_is_no_task_and_action_words_end_a_name():
    tasks = _tasks("""1. Đến ngày 05/01/2025, toàn tỉnh có 312 cơ sở kinh doanh ký cam kết, đạt 64% kế hoạch.
2. UBND các xã, phường lập danh sách cơ sở kinh doanh thuốc lá trên địa bàn, hoàn thành trước ngày 28/02/2025.
3. Công an tỉnh phối hợp với Chi cục Quản lý thị trường sẵn sàng lực lượng kiểm tra đột xuất.
""")
    assert [t.ordinal for t in tasks] == ["2", "3"]
    assert tasks[0].lead == ["UBND các xã, phường"] and [d.due for d in tasks[0].deadlines] == ["2025-02-28"]
    assert tasks[1].cooperating == ["Chi cục Quản lý thị trường"]
    # a limit after the document's date, fronted the same way, stays a deadline
    assert [d.due for d in _tasks("1. Đến ngày 30/6/2025, Sở Y tế hoàn thành rà soát.\n")[0].deadlines] == ["2025-06-30"]


def test_a_duty_heading_over_an_opener_that_names_no_body_leads_its_items():
    tasks = _tasks("""2. Nhiệm vụ trọng tâm thời gian tới
2.1. Đối với Đảng ủy xã Hương Khê
Tập trung lãnh đạo, chỉ đạo thực hiện tốt các nhiệm vụ sau:
a) Rà soát quỹ đất, trình cấp có thẩm quyền phê duyệt trong quý I/2026.
b) Giao Ủy ban MTTQ Việt Nam xã chủ trì vận động Nhân dân đồng thuận bàn giao mặt bằng.
""")
    assert [(t.ordinal, t.lead) for t in tasks] == [("2.1.a", ["Đảng ủy xã Hương Khê"]), ("2.1.b", ["Ủy ban MTTQ Việt Nam xã"])]


def test_the_heads_told_to_carry_out_the_document_is_no_task_but_work_named_with_it_is():
    tasks = _tasks("""1. Sở Y tế chủ trì kiểm tra các cơ sở kinh doanh.
2. Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, phường chịu trách nhiệm tổ chức thực hiện nghiêm túc Chỉ thị này. Giao Sở Y tế theo dõi, đôn đốc việc thực hiện.
3. Thủ trưởng các cơ quan, đơn vị căn cứ nhiệm vụ được giao, chủ động triển khai thực hiện Chỉ thị này.
""")
    assert [t.lead for t in tasks] == [["Sở Y tế"], ["Sở Y tế"], ["Thủ trưởng các cơ quan, đơn vị"]]


def test_a_garbled_so_before_a_department_and_a_period_after_a_bare_name_are_read_back():
    from chidao.nlp.restore.bodies import repair_department_heads

    assert repair_department_heads("1.86 Y tế:") == "1. Sở Y tế:"
    assert repair_department_heads("$6 Tài chính chủ trì") == "Sở Tài chính chủ trì"
    assert repair_department_heads("Bộ Tài chính") == "Bộ Tài chính" and repair_department_heads("SỞ Y TẾ") == "SỞ Y TẾ"
    tasks = _tasks("4. Sở Tài chính. Sở Xây dựng và Kho bạc Nhà nước tỉnh rút ngắn thời gian thẩm định, thanh toán vốn đầu tư công.\n")
    assert len(tasks) == 1 and tasks[0].ordinal == "4"


def test_a_heads_name_word_the_tagger_reads_as_a_verb_and_a_headmasters_heading_and_a_dated_time_item():
    tasks = _tasks("""II. NỘI DUNG, HÌNH THỨC, THỜI GIAN
1. Hình thức: hội nghị trực tiếp kết hợp trực tuyến.
2. Thời gian: Ban Thường vụ Đảng ủy tổ chức hội nghị học tập, quán triệt cho cán bộ chủ chốt, hoàn thành trong tháng 02/2025.
III. TỔ CHỨC THỰC HIỆN
1. Tỉnh đoàn chủ trì, phối hợp với Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân tỉnh thành lập các tổ công nghệ số cộng đồng.
2. Hiệu trưởng các trường mầm non, tiểu học trên địa bàn phường:
- Tổ chức tổng vệ sinh trường, lớp.
""")
    by = {t.ordinal: t for t in tasks}
    assert sorted(by) == ["II.2", "III.1", "III.2.1"]
    assert by["II.2"].lead == ["Ban Thường vụ Đảng ủy"] and [d.due for d in by["II.2"].deadlines] == ["2025-02-28"]
    assert by["III.1"].lead == ["Tỉnh đoàn"] and by["III.1"].cooperating == ["Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh"]
    assert by["III.2.1"].lead == ["Hiệu trưởng các trường mầm non, tiểu học trên địa bàn phường"]


def test_a_team_named_by_its_work_a_close_with_accountability_and_where_the_money_comes_from():
    tasks = _tasks("""1. Đoàn kiểm tra xây dựng kế hoạch chi tiết, đề cương báo cáo, hoàn thành trước ngày 31/01/2025.
2. Kinh phí thực hiện
Từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn huy động hợp pháp khác.
Yêu cầu Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã, phường nghiêm túc triển khai thực hiện; trường hợp để xảy ra vi phạm do chủ quan thì phải chịu trách nhiệm trước Chủ tịch UBND tỉnh./.
""")
    assert [(t.ordinal, t.lead) for t in tasks] == [("1", ["Đoàn kiểm tra"])]


def test_a_group_named_by_its_work_a_portal_a_wrapped_hyphen_and_a_case_clause():
    tasks = _tasks("""Ban Thường vụ Tỉnh ủy yêu cầu thực hiện tốt các nhiệm vụ sau:

1. Các doanh nghiệp kinh doanh vận tải hành khách có trách nhiệm tăng cường phương tiện phục vụ Nhân dân.

2. Đề nghị Sở Công Thương chủ trì, phối hợp với các doanh nghiệp phân phối bảo đảm cung ứng hàng hóa thiết yếu.

3. Các đơn vị triển khai thực hiện kế hoạch này.

4. Báo Bắc Ninh, Cổng Thông tin điện tử tỉnh tăng cường thời lượng tuyên truyền về pháp luật.

5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị
- xã hội tỉnh phối hợp giám sát việc chi trả chế độ.

6. Cơ sở Hội các xã, phường:
a) Xây dựng kế hoạch thực hiện tại địa phương.

7. UBND tỉnh:
a) Chỉ đạo thực hiện công tác bồi thường.
b) Trường hợp phát sinh yếu tố làm thay đổi mục tiêu, kịp thời báo cáo Thường trực HĐND tỉnh xem xét.

8. Đối với đoạn tuyến qua xã Vạn Tường: Giao Sở Xây dựng chủ trì, phối hợp với Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh hoàn thiện hồ sơ; báo cáo Ban Thường vụ tại hội nghị thường kỳ tháng 12/2025.
""")
    by = {t.ordinal: t for t in tasks}
    assert by["1"].lead == ["Các doanh nghiệp kinh doanh vận tải hành khách"]
    assert by["2"].cooperating == ["Các doanh nghiệp phân phối"] and by["3"].lead == ["Các đơn vị"]
    assert by["4"].lead == ["Báo Bắc Ninh", "Cổng Thông tin điện tử tỉnh"]
    assert by["5"].lead == ["Ủy ban MTTQ Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh"]
    assert by["6.a"].lead == ["Cơ sở Hội các xã, phường"] and by["7.b"].lead == ["UBND tỉnh"]
    assert by["8"].lead == ["Sở Xây dựng"]
    assert by["8"].cooperating == ["Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh"]
    assert [d.due for d in by["8"].deadlines] == ["2025-12-31"]


def test_a_document_done_under_a_direction_or_on_the_basis_of_a_resolution_responds_to_it():
    head = _HEAD.replace("CHỈ THỊ\nvề tăng cường phòng, chống tác hại của thuốc lá", "NGHỊ QUYẾT\nvề phát triển kinh tế cửa khẩu")
    directed = "Để bảo đảm mục tiêu giải ngân năm 2025 theo chỉ đạo của Chính phủ tại Nghị quyết số 264/NQ-CP ngày 29/9/2025, xét báo cáo tại Văn bản số 5120/STC-ĐT, Ban Chấp hành quyết nghị:"
    based = "Hội nghị lần thứ hai Ban Chấp hành Đảng bộ tỉnh,\ntrên cơ sở Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII và Kết luận số 1208-KL/TW ngày 12/9/2025 của Bộ Chính trị, đã quyết nghị:"
    for opening, number in ((directed, "264/NQ-CP"), (based, "1208-KL/TW")):
        doc, _ = extract_directive(f"{head}{opening}\n\n1. Sở Tài chính chủ trì tổng hợp, hoàn thành trong quý I/2025.\n", "r", Config())
        assert doc.responds_to == [number]


def test_a_name_closed_by_its_role_a_policy_article_and_a_sentence_ending_at_the_margin():
    tasks = _tasks("""Ban Thường vụ Tỉnh ủy yêu cầu:

1. Phòng Quản lý hoạt động xây dựng chủ trì, phối hợp với Sở Tài chính kiểm tra an toàn công trình.

2. Các nhà thầu thi công có trách nhiệm hạ cần trục tháp, neo giằng giàn giáo.

3. Công an tỉnh chỉ đạo lực lượng chức năng chủ trì kiểm tra.

4. Ban Thường vụ Tỉnh ủy ghi nhận sự cố gắng của Đảng bộ xã. Bộ máy của xã đi vào hoạt động ổn định.
""")
    by = {t.ordinal: t for t in tasks}
    assert by["1"].lead == ["Phòng Quản lý hoạt động xây dựng"] and by["1"].cooperating == ["Sở Tài chính"]
    assert by["2"].lead == ["Các nhà thầu thi công"] and by["3"].lead == ["Công an tỉnh"]
    assert "4" not in by and "4.s1" not in by  # a finding, and "Bộ máy" is no body
    head = _HEAD.replace("CHỈ THỊ\nvề tăng cường phòng, chống tác hại của thuốc lá", "NGHỊ QUYẾT\nvề hỗ trợ hợp tác xã")
    _, tasks = extract_directive(head + """Điều 2. Nội dung và mức hỗ trợ
1. Hỗ trợ bồi dưỡng nguồn nhân lực: 100% chi phí tài liệu, tối đa 05 người/tổ chức/năm.
2. Hỗ trợ xúc tiến thương mại: 50% chi phí thuê gian hàng.

Điều 3. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết này.
""", "r", Config())
    assert [t.lead for t in tasks] == [["UBND tỉnh"]]
    wrapped = "\n".join(["Ban Thường vụ Tỉnh ủy đề nghị Đảng ủy xã thực hiện tốt một số nhiệm vụ sau:", "",
                         "- Lãnh đạo đẩy nhanh tiến độ giải ngân vốn đầu tư công, vốn các chương trình mục tiêu",
                         "quốc gia, phấn đấu đến ngày 31/12/2025 giải ngân đạt trên 95% kế hoạch được giao.",
                         "Ủy ban nhân dân xã công khai danh mục công trình để Nhân dân tham gia giám sát.", "",
                         "- Nắm chắc tình hình di cư tự do, hoạt động tôn giáo trái pháp luật trên địa bàn xã;",
                         "báo cáo Ban Thường vụ Tỉnh ủy định kỳ hằng quý, trước ngày 20 của tháng cuối quý.", "",
                         "- Rà soát, bổ sung quy chế làm việc, phân công nhiệm vụ cụ thể cho từng cấp ủy viên;",
                         "hoàn thành trước ngày 31/10/2025, báo cáo kết quả về Ban Tổ chức Tỉnh ủy để theo dõi.", "",
                         "- Chỉ đạo rà soát, sắp xếp trụ sở làm việc, tài sản công dôi dư sau khi sắp xếp đơn vị",
                         "hành chính, bảo đảm sử dụng đúng mục đích, hiệu quả, tránh lãng phí tài sản nhà nước.", ""])
    by = {t.ordinal: t for t in _tasks(wrapped)}
    assert list(by) == ["d1", "d1.s1", "d2", "d3", "d4"] and by["d1.s1"].lead == ["Ủy ban nhân dân xã"]


def test_a_capacity_keeps_its_printed_abbreviation_and_a_garbled_takes_effect_still_counts():
    text = """HỘI ĐỒNG NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH ĐỒNG THÁP                          Độc lập - Tự do - Hạnh phúc
Số: 96/TB-HĐND                          Đồng Tháp, ngày 26 tháng 9 năm 2025

THÔNG BÁO
Kết luận giám sát việc hỗ trợ hợp tác xã

Nghị quyết số 25/2025/NQ-HĐND có hiệu lực từ ngày 10 tháng 10 năm 2025. Thường trực HĐND tỉnh kết luận như sau:

1. Giao Ủy ban nhân dân tỉnh ban hành quy trình hỗ trợ, hoàn thành trong thời hạn 15 ngày làm việc kể từ ngày Nghị quyết này Để hiệu lực thi hành.

Nơi nhận:                                       TM. THƯỜNG TRỰC HĐND
- Như trên;                                            CHỦ TỊCH
- Lưu: VT.

                                                    Nguyễn Văn An
"""
    doc, tasks = extract_directive(text, "r", Config())
    assert doc.signer.capacity == "TM. Thường trực HĐND"
    assert [d.due for d in tasks[0].deadlines] == ["2025-10-31"]


def test_fronted_purposes_and_fields_a_period_section_and_a_chairmans_accountability():
    head = _HEAD.replace("CHỈ THỊ\nvề tăng cường phòng, chống tác hại của thuốc lá", "KẾ HOẠCH\nbồi dưỡng cán bộ cấp xã")
    _, tasks = extract_directive(head + """I. MỤC ĐÍCH, YÊU CẦU
Nâng cao năng lực cán bộ, công chức cấp xã.

II. THỜI GIAN THỰC HIỆN
Từ ngày 15/8/2025 đến ngày 31/12/2025.

III. NHIỆM VỤ
1. Nhằm đẩy mạnh chuyển đổi số, Sở Khoa học và Công nghệ chủ trì xây dựng nền tảng học tập trực tuyến.
2. Đối với các lĩnh vực đất đai, xây dựng, môi trường, Sở Nông nghiệp và Môi trường, Sở Xây dựng tổ chức tập huấn nghiệp vụ.
3. UBND các xã, phường thường xuyên kiểm tra các chợ trên địa bàn. Chủ tịch UBND xã, phường chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu để xảy ra vi phạm kéo dài.
4. Thủ trưởng các trường trung học phổ thông, trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên:
a) Tổ chức buổi học thứ hai theo hướng dẫn.
""", "r", Config())
    by = {t.ordinal: t for t in tasks}
    assert list(by) == ["III.1", "III.2", "III.3", "III.4.a"]
    assert by["III.1"].lead == ["Sở Khoa học và Công nghệ"]
    assert by["III.2"].lead == ["Sở Nông nghiệp và Môi trường", "Sở Xây dựng"]
    assert by["III.4.a"].lead == ["Thủ trưởng các trường trung học phổ thông, trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên"]


def test_a_member_list_a_section_of_steps_and_a_group_named_by_what_is_done_to_it():
    head = _HEAD.replace("CHỈ THỊ\nvề tăng cường phòng, chống tác hại của thuốc lá", "KẾ HOẠCH\nkiểm tra công tác kiểm tra, giám sát")
    _, tasks = extract_directive(head + """I. THÀNH LẬP TỔ CÔNG TÁC
1. Tổ trưởng: Ông Vũ Mạnh Hùng, Phó Chủ tịch UBND tỉnh.
2. Các thành viên:
- Lãnh đạo Văn phòng UBND tỉnh;
- Lãnh đạo Kho bạc Nhà nước khu vực IV.

II. PHƯƠNG PHÁP, CÁC BƯỚC TIẾN HÀNH
Bước 1. Chuẩn bị
- Đoàn kiểm tra xây dựng đề cương gợi ý báo cáo, gửi các tổ chức đảng trước ngày 22/10/2025.
- Các tổ chức đảng được kiểm tra tự kiểm tra, xây dựng báo cáo trước ngày 31/10/2025.
""", "r", Config())
    assert [t.lead for t in tasks] == [["Đoàn kiểm tra"], ["Các tổ chức đảng được kiểm tra"]]
    assert [d.due for t in tasks for d in t.deadlines] == ["2025-10-22", "2025-10-31"]


def test_a_party_motto_wrapped_before_nam_is_no_part_of_the_parent_body():
    text = """ĐẢNG BỘ TỈNH HƯNG YÊN ĐẢNG CỘNG SẢN VIỆT
NAM
ĐẢNG ỦY UBND TỈNH
* Hưng Yên, ngày 08 tháng 10 năm 2025
Số 126-BC/ĐU

BÁO CÁO
kết quả thực hiện Chỉ thị số 08-CT/TU

1. Các sở, ngành đẩy nhanh tiến độ giải ngân vốn đầu tư công, hoàn thành trong quý IV/2025.
"""
    doc, _ = extract_directive(text, "r", Config())
    assert doc.parent_issuer == "Đảng bộ tỉnh Hưng Yên" and doc.issuer.startswith("Đảng ủy")


def test_a_heading_naming_who_is_inspected_and_when_holds_the_work_but_who_alone_does_not():
    import json

    from chidao.corpus import corpus_path
    from chidao.nlp.extract.sections import section_state

    rules = json.loads(corpus_path("extract/rules.json").read_text(encoding="utf-8"))
    assert section_state("II. NỘI DUNG, ĐỐI TƯỢNG VÀ THỜI GIAN", rules) is None  # decided by its items
    assert section_state("II. ĐỐI TƯỢNG, PHẠM VI", rules) is False
    assert section_state("III. KHẨU HIỆU TUYÊN TRUYỀN", rules) is False
    assert section_state("II. THỜI GIAN THỰC HIỆN", rules) is False


def test_legacy_ocr_comma_for_a_period_before_a_capital_giao_still_parts_the_assignment():
    from chidao.config import Config
    from chidao.nlp.extract import extract_directive

    text = ("5. Đảng ủy UBND tỉnh lãnh đạo UBND tỉnh xây dựng kế hoạch thực hiện Chỉ thị, hoàn thành trong 15 ngày "
            "kể từ ngày ký, Giao Văn phòng Tỉnh ủy chủ trì, phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy theo dõi, "
            "đôn đốc việc thực hiện Chỉ thị.\n")
    tasks = extract_directive(text, "x", Config())[1]
    assert [t.lead for t in tasks] == [["Đảng ủy UBND tỉnh"], ["Văn phòng Tỉnh ủy"]]


def test_a_numbered_courtesy_close_a_doi_voi_label_and_a_remedy_topic():
    tasks = _tasks("""Ban Thường vụ Tỉnh ủy đề nghị các cấp ủy thực hiện tốt một số nội dung sau:

1. Gắn kiểm điểm với khắc phục hạn chế, khuyết điểm
- Ủy ban Kiểm tra Tỉnh ủy tăng cường giám sát việc tổ chức kiểm điểm tại các tổ chức đảng.

2. Đối với đề nghị bổ sung biên chế công chức: Sở Nội vụ tổng hợp, tham mưu UBND tỉnh xem xét trong quý I/2025.

3. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo Ban Thường vụ Tỉnh ủy để xem xét, giải quyết./.
""")
    # "khắc phục hạn chế" is remedial work, not a section of shortcomings; the close is no task
    assert [(t.ordinal, t.lead) for t in tasks] == [("d1", ["Ủy ban Kiểm tra Tỉnh ủy"]), ("2", ["Sở Nội vụ"])]


def test_an_annex_grouped_under_roman_headings_that_name_a_body_gives_it_the_lead():
    tasks = _tasks("""I. Văn phòng HĐND và UBND xã
1. Rà soát, công bố công khai danh mục thủ tục hành chính của xã.
   - Thời gian hoàn thành: quý I/2026.
2. Số hóa hồ sơ lưu trữ giai đoạn 2020 - 2025 trước ngày 30/9/2026.

II. Phòng Kinh tế
1. Vận động hộ kinh doanh tại chợ sử dụng thanh toán không dùng tiền mặt; Công an xã phối hợp.

III. NHIỆM VỤ KHÁC
1. Tổ chức hội nghị sơ kết trong tháng 6/2026.
""")
    assert [(t.ordinal, t.lead) for t in tasks] == [
        ("I.1", ["Văn phòng HĐND và UBND xã"]), ("I.2", ["Văn phòng HĐND và UBND xã"]),
        ("II.1", ["Phòng Kinh tế"]), ("III.1", [])]


def test_a_news_website_is_a_body_beside_the_provincial_media_body():
    tasks = _tasks("""1. Báo và Phát thanh, Truyền hình Bắc Ninh, Trang thông tin điện tử Đảng bộ tỉnh mở chuyên trang về phòng, chống tác hại của thuốc lá.
""")
    assert tasks[0].lead == ["Báo và Phát thanh, Truyền hình Bắc Ninh", "Trang thông tin điện tử Đảng bộ tỉnh"]


def test_an_issuer_legacy_ocr_left_no_body_of_is_inferred_from_the_symbol_and_the_place():
    header = """{issuer}                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                    Độc lập - Tự do - Hạnh phúc
Số: 18/CT-UBND                      Gia Lai, ngày 14 tháng 11 năm 2025

CHỈ THỊ
Về tăng cường công tác phòng cháy, chữa cháy rừng mùa khô 2025 - 2026

1. Sở Nông nghiệp và Môi trường chủ trì kiểm tra.
"""
    doc = extract_directive(header.format(issuer="MÌNH GIA LAI"), "r", Config())[0]
    assert (doc.issuer, doc.issuer_inferred) == ("Ủy ban nhân dân tỉnh Gia Lai", True)
    doc = extract_directive(header.format(issuer="SỞ Y TẾ"), "r", Config())[0]
    assert (doc.issuer, doc.issuer_inferred) == ("Sở Y tế", False)  # a body, read as it is


def test_a_garbled_date_line_above_a_cited_laws_date_still_gives_the_place_and_a_code_with_a_slip_its_issuer():
    header = """ỦY BAN NILAN DẪN CÔNG HƠN NA HOLCTIG NOIDA
TINTE QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc
So {number} Quảng Ngãi{sep} ngày Đã thắng ở nắm 202%
QUYẾT ĐỊNH
Phê duyệt Kế hoạch phòng, chống thiên tai năm 2025
Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;

1. Sở Nông nghiệp và Môi trường chủ trì kiểm tra.
"""
    for number, sep in (("1526/QĐ-UBND", ","), ("18/CEUBND", ".")):
        doc = extract_directive(header.format(number=number, sep=sep), "r", Config())[0]
        assert (doc.place, doc.date) == ("Quảng Ngãi", None)  # not the cited law's 2013-06-19
        assert (doc.issuer, doc.issuer_inferred) == ("Ủy ban nhân dân tỉnh Quảng Ngãi", True)


def test_a_period_legacy_ocr_read_for_a_comma_inside_a_labelled_field_keeps_the_list():
    tasks = _tasks("""1. Tổ chức kiểm tra liên ngành về an toàn thực phẩm dịp cuối năm.
- Chủ trì: Phòng Văn hóa - Xã hội.
- Phối hợp: Trạm Y tế xã. Công an xã.
- Thời gian hoàn thành: trước ngày 20/12/2025.
""")
    assert [(t.lead, t.cooperating) for t in tasks] == [(["Phòng Văn hóa - Xã hội"], ["Trạm Y tế xã", "Công an xã"])]


def test_the_field_a_capitalised_quan_ly_manages_is_part_of_the_name():
    tasks = _tasks("""1. Giao Phòng Quản lý văn hóa chủ trì, phối hợp với Phòng Quản lý du lịch kiểm tra công tác chuẩn bị lễ hội.
2. Phòng Quản lý hoạt động xây dựng chủ trì, phối hợp với Phòng Quản lý thương mại rà soát hồ sơ.
""")
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Phòng Quản lý văn hóa"], ["Phòng Quản lý du lịch"]),
        (["Phòng Quản lý hoạt động xây dựng"], ["Phòng Quản lý thương mại"])]


def test_employment_and_a_branch_are_nouns_inside_a_name():
    tasks = _tasks("""1. Phòng Việc làm - An toàn lao động chủ trì, phối hợp với Phòng Kế hoạch - Tài chính rà soát nhu cầu vay vốn.
2. Ngân hàng Nhà nước Việt Nam chi nhánh tỉnh Lào Cai chỉ đạo các tổ chức tín dụng ưu tiên cho vay.
""")
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Phòng Việc làm - An toàn lao động"], ["Phòng Kế hoạch - Tài chính"]),
        (["Ngân hàng Nhà nước Việt Nam chi nhánh tỉnh Lào Cai"], [])]


def test_members_duties_a_title_over_a_blank_line_and_a_request_over_lettered_bodies():
    """Batches ER–ET as read: "4. Các thành viên …:" over "a) Sở Tài chính: …" lists duties, not
    members; a numbered title too long for a heading, alone above a blank line, leaves its
    indented paragraphs their own subjects; "2. … yêu cầu:" over "a) UBND …:" is no task;
    a standing body and a seal are no work."""
    tasks = _tasks("""Điều 3. Nhiệm vụ của các thành viên Ban Chỉ đạo
1. Phó Trưởng ban Thường trực: tham mưu Trưởng ban ban hành Quy chế hoạt động, hoàn thành trong tháng 8/2024.
2. Các thành viên là lãnh đạo các sở, ngành:
a) Sở Tài chính: tham mưu UBND tỉnh bố trí kinh phí, trình trước ngày 15/10/2024.
b) Sở Kế hoạch và Đầu tư: tham mưu bố trí vốn đầu tư công.
3. Các thành viên:
- Lãnh đạo Văn phòng UBND tỉnh;
- Ông Nguyễn Văn An, Phó Giám đốc Sở Công Thương.
4. Sở Nông nghiệp và Phát triển nông thôn là cơ quan thường trực của Ban Chỉ đạo; các thành viên Ban Chỉ đạo làm việc theo chế độ kiêm nhiệm.
Trưởng ban sử dụng con dấu của UBND tỉnh.
""")
    assert [(t.lead, [d.due for d in t.deadlines]) for t in tasks] == [
        (["Phó Trưởng ban Thường trực"], ["2024-08-31"]), (["Sở Tài chính"], ["2024-10-15"]), (["Sở Kế hoạch và Đầu tư"], [])]
    tasks = _tasks("""II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU

1. Tăng cường công tác quán triệt, tuyên truyền, nâng cao nhận thức

     Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy hướng dẫn các
cấp ủy tổ chức học tập, hoàn thành trước ngày 30/6/2024.
     Huyện đoàn, Thị đoàn, Thành đoàn tổ chức ra quân.

2. Để đẩy nhanh tiến độ giải ngân, Phó Chủ tịch UBND tỉnh yêu cầu:

a) UBND các huyện Tây Giang, Đông Giang:
- Tập trung chỉ đạo bàn giao mặt bằng trước ngày 15/11/2024.
- Báo cáo tiến độ giải ngân vào thứ Năm hằng tuần.
""")
    assert [(t.lead, t.cooperating) for t in tasks] == [
        (["Ban Tuyên giáo Tỉnh ủy"], ["Ban Dân vận Tỉnh ủy"]), (["Huyện đoàn", "Thị đoàn", "Thành đoàn"], []),
        (["UBND các huyện Tây Giang, Đông Giang"], []), (["UBND các huyện Tây Giang, Đông Giang"], [])]


def test_an_opener_whose_colon_legacy_ocr_lost_and_letters_without_their_bracket():
    """"… thực hiện tốt các nhiệm vụ / Sau" over a) b) c) still opens them; "b Đẩy …" and
    "cô) Kiên quyết …" are b) and c) after a) (a letter out of order is no item)."""
    tasks = _tasks("""2. Nhiệm vụ thời gian tới

Đảng ủy xã Ea Yông tập trung lãnh đạo, chỉ đạo thực hiện tốt các nhiệm vụ
Sau

a) Chỉ đạo thu hoạch cà phê, hoàn thành trước ngày 31/12/2024.

b Đẩy nhanh tiến độ thực hiện các tiêu chí nông thôn mới trong năm 2025.
cô) Kiên quyết xử lý dứt điểm 12 trường hợp lấn chiếm hành lang an toàn giao thông.
""")
    assert [(t.lead, t.implicit_lead, t.text[:12]) for t in tasks] == [
        (["Đảng ủy xã Ea Yông"], True, "Chỉ đạo thu "), (["Đảng ủy xã Ea Yông"], True, "Đẩy nhanh ti"),
        (["Đảng ủy xã Ea Yông"], True, "Kiên quyết x")]


def test_a_bare_committee_before_a_units_people_committee_is_that_units():
    tasks = _tasks("""1. Đảng ủy, UBND xã Ea Yông chỉ đạo thu hoạch cà phê niên vụ 2024 - 2025.
2. Công an xã, UBND xã Ea Yông tuần tra bảo vệ vườn cây.
""")
    assert [t.lead for t in tasks] == [["Đảng ủy xã Ea Yông", "UBND xã Ea Yông"], ["Công an xã", "UBND xã Ea Yông"]]


def test_merit_and_a_legal_class_in_a_name_are_no_verbs():
    tasks = _tasks("""1. Phòng Người có công tiếp nhận hồ sơ đề nghị hỗ trợ.
2. Trung tâm Điều dưỡng người có công tỉnh chuẩn bị cơ sở vật chất.
""")
    assert [t.lead for t in tasks] == [["Phòng Người có công"], ["Trung tâm Điều dưỡng người có công tỉnh"]]
    tasks = _tasks("""1. Các chủ rừng là tổ chức xây dựng phương án phòng cháy, chữa cháy rừng.
""")
    assert [t.lead for t in tasks] == [["Các chủ rừng là tổ chức"]]  # the legal class of forest owners


def test_department_names_with_commas_and_a_heading_for_institutions():
    """Names with a comma of their own stay whole (Phòng Công chức, viên chức; Chi cục Quản lý
    chất lượng nông, lâm sản và thủy sản); "3. Đối với …, … và các cơ sở / khám bệnh, chữa
    bệnh" over lettered items names all three; "Cơ sở cai nghiện ma túy tỉnh" is a name."""
    tasks = _tasks("""III. TỔ CHỨC THỰC HIỆN
1. Phòng Công chức, viên chức chủ trì tổng hợp danh sách.
2. Phòng Tổ chức, biên chế và tổ chức phi chính phủ chủ trì rà soát.
3. Đối với Bệnh viện Đa khoa tỉnh, Bệnh viện Sản - Nhi tỉnh và các cơ sở
khám bệnh, chữa bệnh
a) Chuẩn bị đầy đủ thuốc, dịch truyền.
4. Trung tâm Bảo trợ xã hội tỉnh và Cơ sở cai nghiện ma túy tỉnh tổ chức đón Tết cho các đối tượng.
""")
    assert [t.lead for t in tasks] == [
        ["Phòng Công chức, viên chức"], ["Phòng Tổ chức, biên chế và tổ chức phi chính phủ"],
        ["Bệnh viện Đa khoa tỉnh", "Bệnh viện Sản - Nhi tỉnh", "Các cơ sở khám bệnh, chữa bệnh"],
        ["Trung tâm Bảo trợ xã hội tỉnh", "Cơ sở cai nghiện ma túy tỉnh"]]


def test_a_party_committee_of_a_bloc_after_a_list_of_committees_is_a_body_of_its_own():
    """"Ban Dân vận các huyện ủy, thị ủy, thành ủy, Đảng ủy Khối …" names three bodies ("Khối",
    which the tagger reads as a verb, is part of the name); "…, đảng ủy trực thuộc" stays one list."""
    tasks = _tasks("""Ban Dân vận Tỉnh ủy đề nghị Ban Dân vận các huyện ủy, thị ủy, thành ủy,
Đảng ủy Khối các cơ quan tỉnh, Đảng ủy Khối Doanh nghiệp tỉnh thực hiện tốt một số nội dung sau:

1. Tham mưu cấp ủy cùng cấp lãnh đạo phong trào thi đua "Dân vận khéo".
2. Ban Tổ chức các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy rà soát đội ngũ cán bộ.
""")
    assert [t.lead for t in tasks] == [
        ["Ban Dân vận các huyện ủy, thị ủy, thành ủy", "Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy Khối Doanh nghiệp tỉnh"],
        ["Ban Tổ chức các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"]]


def test_an_opener_under_a_numbered_heading_holds_over_its_sub_items():
    """"2. Nhiệm vụ …" / "Các chi bộ … thực hiện tốt các nhiệm vụ sau:" addresses 2.1. and 2.2.
    below it, not item 3. after them."""
    tasks = _tasks("""I. NHIỆM VỤ, GIẢI PHÁP
2. Nhiệm vụ, giải pháp trong thời gian tới
Các chi bộ trực thuộc tập trung lãnh đạo, thực hiện tốt các nhiệm vụ, giải pháp sau:

2.1. Nâng cao chất lượng sinh hoạt chi bộ
Thực hiện nghiêm nền nếp sinh hoạt định kỳ, lựa chọn nội dung sinh hoạt chuyên đề sát thực tiễn.

2.2. Tăng cường quản lý đảng viên
Rà soát, nắm chắc số đảng viên đi làm ăn xa.

3. Tổ chức thực hiện
Văn phòng Đảng ủy theo dõi, đôn đốc việc thực hiện.
""")
    assert [(t.lead, t.implicit_lead) for t in tasks] == [
        (["Các chi bộ trực thuộc"], True), (["Các chi bộ trực thuộc"], True), (["Văn phòng Đảng ủy"], False)]


def test_a_full_width_item_title_over_an_indented_paragraph_leaves_the_lead_to_its_body():
    tasks = _tasks("""I. NHIỆM VỤ, GIẢI PHÁP
     4. Lãnh đạo thu thập thông tin tại địa bàn bảo đảm đầy đủ, chính xác và đúng thời hạn
     Các huyện ủy, thành ủy, thị ủy lãnh đạo thành lập Ban Chỉ đạo Tổng điều tra cấp
huyện trong 15 ngày kể từ ngày ban hành Chỉ thị này.

     5. Phát huy vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội các cấp
     Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh tuyên truyền, vận
động hội viên và Nhân dân cung cấp đầy đủ, chính xác thông tin cho điều tra viên.
""")
    assert [t.lead for t in tasks] == [["Các huyện ủy, thành ủy, thị ủy"],
                                       ["Ủy ban MTTQ Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh"]]


def test_those_inspected_and_supervised_and_the_inspection_departments_are_names():
    tasks = _tasks("""I. TỔ CHỨC THỰC HIỆN
1. Các phòng kiểm tra nghiệp vụ chuẩn bị đề cương, tổ chức thẩm tra, xác minh đúng quy trình.
2. Các tổ chức đảng được kiểm tra, giám sát chuẩn bị báo cáo theo đề cương.
""")
    assert [t.lead for t in tasks] == [["Các phòng kiểm tra nghiệp vụ"], ["Các tổ chức đảng được kiểm tra, giám sát"]]


def test_a_group_named_by_its_work_over_its_items_and_traders_of_a_trade():
    """"3. Các đơn vị quản lý, bảo trì đường bộ:" names the group its dashes fall to; "các
    thương nhân kinh doanh xăng dầu trên địa bàn tỉnh" is one name up to its action; the
    "trình" of "Chương trình" is no action ("trình": submit)."""
    tasks = _tasks("""I. TỔ CHỨC THỰC HIỆN
3. Các đơn vị quản lý, bảo trì đường bộ:
- Bố trí lực lượng, máy móc trực 24/24 giờ tại các điểm sạt lở.
4. Các doanh nghiệp tham gia Chương trình bình ổn thị trường:
- Niêm yết giá công khai, bán đúng giá niêm yết.
5. Đề nghị các thương nhân kinh doanh xăng dầu trên địa bàn tỉnh bảo đảm đủ nguồn hàng.
""")
    assert [t.lead for t in tasks] == [["Các đơn vị quản lý, bảo trì đường bộ"],
                                       ["Các doanh nghiệp tham gia Chương trình bình ổn thị trường"],
                                       ["Các thương nhân kinh doanh xăng dầu trên địa bàn tỉnh"]]
