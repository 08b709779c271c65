"""What a body paragraph is, before anyone reads tasks in it: a heading and whether its
section bears tasks, a courtesy close, and where a paragraph holds a second assignment
sentence ("… . Giao Sở Y tế …"), an item that only describes the plan, a statement of
results that is no work. Also the joining of a paragraph's line parts with the
document offset of every character, which every reader of task text uses."""

from __future__ import annotations

import re

from chidao.nlp.extract._text import ARTICLE_RE, PART_RE, Paragraph, bare, fold, is_upper_line
from chidao.nlp.extract.parties import without_topic

_SPLIT_RE = re.compile(r"(?<=[.;])\s+(?=(?:Giao|Đề nghị)\s+[A-ZĐÀ-Ỹ])")
# In an unnumbered paragraph ("Kinh phí … theo phân cấp. Sở Tài chính chủ trì, …"): a later
# sentence that names who leads.
_LEAD_SPLIT_RE = re.compile(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ][^.;:]{2,80}?\s(?:chủ trì|có trách nhiệm)(?!\w))")


def joined(doc_text: str, parts: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text of `parts` joined with single spaces, and each character's document offset."""
    chars: list[str] = []
    offsets: list[int] = []
    for a, b in parts:
        seg = doc_text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if not seg:
            continue
        if chars:
            chars.append(" ")
            offsets.append(a + lead)
        chars.extend(seg)
        offsets.extend(range(a + lead, a + lead + len(seg)))
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return "".join(chars), offsets


def split_giao(doc_text: str, paras: list[Paragraph]) -> list[Paragraph]:
    """A "Giao X …" / "Đề nghị X …" sentence inside a paragraph is a task of its own."""
    out: list[Paragraph] = []
    for p in paras:
        text, offsets = joined(doc_text, p.parts)
        found = list(_SPLIT_RE.finditer(text)) + (list(_LEAD_SPLIT_RE.finditer(text)) if p.kind is None else [])
        cut_points = sorted({offsets[m.end()] for m in found})
        if not cut_points:
            out.append(p)
            continue
        current = Paragraph(p.marker, p.kind, p.start, p.end, [])
        for a, b in p.parts:
            for c in [c for c in cut_points if a <= c < b]:
                current.parts.append((a, c))
                out.append(current)
                current = Paragraph(None, None, c, p.end, [])
                a = c
            current.parts.append((a, b))
        out.append(current)
    return out


_TIMING = ("thoi gian thuc hien", "thoi gian", "tien do thuc hien")


def section_state(heading: str, rules: dict) -> bool | None:
    """True for a task-bearing heading, False for another known heading, None if unknown."""
    # Compared without diacritics: OCR writes "KIỀN NGHỊ" for KIẾN NGHỊ.
    if heading.startswith("Về "):
        return None  # "3. Về đánh giá, xếp loại và báo cáo kết quả": a topic of the section it is in
    plain = bare(heading)
    words = [(bare(w), True) for w in rules["task_section_words"]] + [(bare(w), False) for w in rules["other_section_words"]]
    content = {bare(w) for w in rules["content_section_words"]}
    if is_upper_line(heading):  # "III. KHẨU HIỆU TUYÊN TRUYỀN", "IV. BIỂU MẪU"
        words += [(w, False) for w in content]
    # Each listed part on its own, the first word found in it deciding: "PHƯƠNG PHÁP, CÁC BƯỚC TIẾN
    # HÀNH" holds work because one part names it; "KẾT QUẢ THỰC HIỆN NHIỆM VỤ" does not.
    parts = [part.strip() for part in re.split(r",| va ", plain)]
    if len(parts) > 1:
        # "II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN": the timing of the work the heading names, which
        # decides; only a heading that is about timing alone holds no tasks
        timed = [part for part in parts if part not in _TIMING]
        if timed and len(timed) < len(parts):
            # "II. NỘI DUNG, ĐỐI TƯỢNG VÀ THỜI GIAN" of a plan of inspections: who is inspected
            # when, i.e. the work itself, not what a Hướng dẫn defines
            words = [(w, state) for w, state in words if state or w not in content]
        parts = timed or parts
    # "1. Rà soát quy hoạch đã được phê duyệt": a word after "được" qualifies what the work is
    # on, it does not name the section ("Điều 1. Phê duyệt Kế hoạch …" does)
    found = [[(part.find(w), state) for w, state in words if w in part and not part[:part.find(w)].endswith("duoc ")]
             for part in parts]
    states = [min(hits)[1] for hits in found if hits]
    if not found[0] and len(parts[0].split()) >= 4 and not is_upper_line(heading) and not ARTICLE_RE.match(heading):
        # "4. Chuyển đổi số trong dạy học, kiểm tra, đánh giá": an item's title naming its work
        # (not a short heading, "Nội dung và mức hỗ trợ", nor an article's), the later parts listing more of it;
        # only a task word there still says what it holds
        states = [state for state in states if state]
    if states:
        return any(states)
    # "II. QUAN ĐIỂM, MỤC TIÊU": aims and targets, not work — unless the heading also names
    # tasks ("MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP", found above).
    return False if any(bare(w) in plain for w in rules["aim_section_words"]) else None


def is_closing(text: str, rules: dict, opens: bool = False) -> bool:
    """A courtesy close: "Đề nghị các đơn vị nghiêm túc triển khai thực hiện.", with what such a
    close adds ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, …"; "… người đứng đầu
    phải chịu trách nhiệm …"; "Chỉ thị này có hiệu lực kể từ ngày ký.") and nothing else.
    With `opens` (a numbered item), the close must open the text: "6. Phòng Văn hóa … chỉ đạo
    … để người chăn nuôi biết, chủ động thực hiện." is work that ends like a close."""
    search = re.match if opens else re.search
    # Split at ";" too ("…; nếu có khó khăn …"), or only at sentence ends when a ";" lists the
    # addressees ("Thủ trưởng các cơ quan, đơn vị; Chủ tịch UBND các xã … triển khai thực hiện.").
    for boundary in (r"(?<=[.;])\s+(?=\S)", r"(?<=\.)\s+(?=\S)"):
        pieces = re.split(boundary, text.strip())
        closes = [len(p.split()) <= rules["closing_max_words"] and any(search(c, p) for c in rules["closing_patterns"])
                  for p in pieces]
        # "Thủ trưởng các cơ quan … chịu trách nhiệm trước Chủ tịch … nếu để chậm …": accountability, no work
        accountable = not opens and re.match(_ACCOUNTABLE_RE, pieces[0]) is not None
        if (any(closes) or accountable) and all(
                c or any(re.search(t, p) for t in rules["closing_tails"]) for p, c in zip(pieces, closes)):
            return True
    return False


_ACCOUNTABLE_RE = (r"(?:Người đứng đầu|Thủ trưởng)[^.;]{0,80}chịu trách nhiệm(?! (?:tổ chức|thực hiện|triển khai|chủ trì))"
                   r"|Chủ tịch[^.;]{0,80}chịu trách nhiệm trước")  # "Chủ tịch UBND xã … chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu …"


def is_heading(p: Paragraph, text: str, next_kind: str | None = None) -> bool:
    if p.kind == "roman" or is_upper_line(text) or PART_RE.fullmatch(text):
        return True
    if p.kind is None and ARTICLE_RE.match(text) and len(text.split()) <= 30 and not text.endswith((".", ":", ";")):
        return True  # "Điều 1. Đánh giá tình hình và mục tiêu, chỉ tiêu chủ yếu" over its items
    # "2. Nhiệm vụ trọng tâm năm 2024": a short numbered line with no sentence in it.
    if p.kind != "num" or text.endswith((".", ";", ":")):
        return False
    # "2. Về củng cố, nâng cao chất lượng hoạt động của hợp tác xã": a topic over its a), b) …;
    # so is any unpunctuated numbered line right over lettered items ("2. Nâng cao chất lượng
    # giải quyết thủ tục hành chính, cung cấp dịch vụ công trực tuyến" / "a) Bảo đảm …"), but
    # not "3. Đối với Bệnh viện …", which says whom the items below are for.
    words = len(text.split())
    return words <= 11 or (p.titled and len(p.parts) == 1) or (text.startswith("Về ") and words <= 25) or (
        next_kind == "letter" and words <= 30 and not text.startswith("Đối với"))


_TRIGGER_START_RE = re.compile(r"\s*(?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu)\s")  # "…; giao Sở Xây dựng nghiên cứu …"


def without_findings(tasks: list, rules: dict) -> list:
    """The tasks less the findings, and less a finding's later sentences, which report results
    too ("Ban Thường vụ ghi nhận … . Trung tâm Phục vụ hành chính công tiếp nhận 6.215 hồ sơ …")
    unless they carry a deadline or hand out work ("…; giao Sở Xây dựng nghiên cứu …")."""
    findings = {t.ordinal for t in tasks if is_finding(t, rules)}
    return [t for t in tasks if t.ordinal not in findings
            and not (t.ordinal.rsplit(".s", 1)[0] in findings and not t.deadlines and not _TRIGGER_START_RE.match(t.text))]


_ACHIEVED_RE = re.compile(r"(?<!\w)(?:đạt|bằng)\s+(?:khoảng\s+)?(?!100\s*%)\d+(?:[.,]\d+)?\s*%")  # 100% is what one aims at
_PAST_RE = re.compile(r"(?<!\w)(?:đã|được(?! giao)|đến nay|tính đến)(?!\w)")  # not "kế hoạch vốn được giao"
_AIMS_RE = re.compile(r"(?<!\w)(?:phấn đấu|phần đầu|bảo đảm|đảm bảo|phải|cần|yêu cầu|đề nghị|trước ngày|chậm nhất|hoàn thành|chỉ tiêu)(?!\w)", re.I)


def _reports_figures(text: str) -> bool:
    """A first sentence that states what was achieved ("… giải ngân được 2.091 tỷ đồng, đạt
    44,9%"), not what to aim for ("phấn đấu đạt 100% …", "hoàn thành … đạt 100% chỉ tiêu")."""
    first = re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text, maxsplit=1)[0]
    return (_ACHIEVED_RE.search(first) is not None and _PAST_RE.search(first) is not None
            and _AIMS_RE.search(first) is None)


def is_finding(task, rules: dict) -> bool:
    """A statement of results, not work: "Đến nay đã có 312/356 hộ …" (with no deadline),
    "Ban Thường vụ Tỉnh ủy ghi nhận các cấp ủy …" (its subject, then a finding verb)."""
    text = without_topic(task.text)  # "Về đề nghị hỗ trợ …: Thường trực Thành ủy thống nhất chủ trương."
    if text.startswith(tuple(rules["finding_openers"])) and not task.deadlines:
        return True
    if (text[:1].lower() + text[1:]).startswith(tuple(rules["finding_verbs"])):
        return True  # "Cơ bản đồng ý với báo cáo …"
    if _reports_figures(text):
        return True  # "Tổng kế hoạch vốn … là 4.652 tỷ đồng; đến ngày 31/10/2025 giải ngân được 2.091 tỷ đồng, đạt 44,9%."
    if task.implicit_lead or not task.lead:
        return False
    if re.match(rf"{re.escape(task.lead[0])}\s*,?\s+đã\b", text) and not task.deadlines:
        return True  # "Các ngành, địa phương đã chủ động khắc phục …": what was done
    if re.match(rf"{re.escape(task.lead[0])}\s+(?:được\s+(?:sử dụng|hưởng|phép|quyền|yêu cầu|mời)(?!\w)|sử dụng con dấu)", text):
        return True  # "Tổ công tác được sử dụng con dấu của UBND phường", "Hội đồng được yêu cầu …": what it may do
    standing = re.match(rf"{re.escape(task.lead[0])}\s+là\s+cơ quan\s+(?:thường trực|đầu mối)[^,;.]*[;.]\s*", text)
    if standing and not task.deadlines and (standing.end() == len(text) or any(
            v in text[standing.end():] for v in rules.get("finding_state_verbs", ()))):
        return True  # "Sở … là cơ quan thường trực của Ban Chỉ đạo; các thành viên … làm việc theo chế độ kiêm nhiệm."
    verbs = "|".join(map(re.escape, rules["finding_verbs"]))
    m = re.search(rf"(?<!\w)(?:{verbs})(?!\w)", " ".join(text.split()[:14]))
    # "Các thành viên Tổ công tác làm việc theo chế độ kiêm nhiệm; chủ động …, báo cáo … trước
    # ngày 20 hằng tháng": how the members work (rules.json finding_state_verbs), then work with
    # its deadline; a judgement ("Ban Thường vụ ghi nhận …; …") stays a finding whatever follows
    return m is not None and fold(task.lead[0]).split()[-1] in fold(text[:m.start()]) and not (
        m.group(0) in rules.get("finding_state_verbs", ()) and task.deadlines and ";" in text[m.end():])


def describes(ptext: str, rules: dict) -> bool:
    """An item that describes the plan, not work: "Đối tượng kiểm điểm", "Hình thức: …"."""
    labels = "|".join(map(re.escape, rules["description_labels"]))
    # "Đối tượng kiểm điểm", "Hình thức: …", "Nội dung trọng tâm: …", "Đối tượng kiểm tra, giám sát là …"
    return re.match(rf"(?:{labels})(?:\s*:|(?:\s+[^\W\d_]+){{0,4}}\s*(?::|$)|(?:\s+[^\W\d_]+,?){{0,6}}\s+là\s)", ptext.strip()) is not None
