"""Line-level repairs of legacy OCR around the decoder: what the English model does to marks
that are not words (a table's rules, item numbers and letters, "V/v", a comma read as a period)
before decoding, and the case and order slips left after it."""

from __future__ import annotations

import re
import unicodedata

from chidao.corpus import corpus_path
from chidao.nlp.restore.model import is_syllable_shape
from chidao.nlp.restore.numbers import repair_date_glyphs
from chidao.nlp.restore.text import fold

__all__ = ["fix_vv", "fix_table_rules", "fix_comma_periods", "fix_section_titles", "fix_item_one", "fix_list_markers",
           "drop_stray_marks", "fix_case_slips"]


# "ti? ngay", "tt’ ngay": the English model reads the horn of ừ as "?" or "’". Inside a
# sentence (a lower-case word or a Roman numeral follows) such a mark glued to a word is that glyph, not text.
_STRAY_MARK = re.compile(r"([^\W\d_]+)[?’‘'](?=\s+([^\W\d_]+))")
# Words no sentence ends on: after them the mark is the glyph even before a capital ("Căn cứ? Luật",
# "lần thứ? I", "kể từ? Quyết định").
_NO_END = frozenset({"cứ", "thứ", "từ", "thủ", "thì", "của", "và", "về", "số", "các", "theo", "tại", "với", "cho"})


# "PHÓ Bí THƯ THƯỜNG TRỰC", "Ủy BAN NHÂN DÂN": a lower-case letter the English model read in a
# line of capitals (i for I); the header and signature parsers look for whole capital lines.
_WORD = re.compile(r"[^\W\d_]+")
_VOWEL = re.compile(r"[AEIOUY]", re.IGNORECASE)


# "Đảng Ủy UBND tỉnh", "Tỉnh Ủy": a committee's "ủy" read as a capital in running text (the
# body names are matched as written: "Đảng ủy", "Tỉnh ủy", "cấp ủy").
_COMMITTEE_CAP = re.compile(r"(?<![\w])((?:Đảng|Tỉnh|Huyện|Thành|Thị|Quận|[Cc]ấp) )Ủy(?![\w])")


# "Trưng các thôn, bản lập danh sách …": the LM's proper name for "Truong", where a head of
# units is named (Trưởng các thôn, Trưởng Ban, Trưởng phòng).
_HEAD_SLIP = re.compile(r"(?<![\w])Trưng(?= (?:các|Ban|Phòng|phòng|thôn|bản|khu|ấp|tổ|Tổ|Công an)(?![\w]))")


# "UBND các xã, phương", "| | phương | |": the LM's "phương" (direction) where a cell or a list
# of levels names the ward.
_WARD_SLIP = re.compile(r"(?:(?<=xã, )|(?<=\| ))phương(?=\s*(?:[,;.|]|$))")


# "Báo và Phát thanh. Truyền hình An Giang", "Sở Văn hóa. Thể thao và Du lịch": the English
# model's period for the comma inside a name.
_NAME_PERIOD = re.compile(r"(?<=Phát thanh)\.(?= Truyền hình)|(?<=Văn hóa)\.(?= Thể thao)")


# The state's motto with a word the LM misread ("Được lập - Tự do", "Độc lập - Pu'do", "Độc Áp -
# Tuy do - Hạnh phúc"): the header parser finds the issuer's column by the motto.
_MOTTO_SLIP = re.compile(r"(?:Độc|Được|Đức|Hoặc)\s+\S{2,4}\s*[-–]\s*\S{1,4}\s?d[oe]\s*[-–]\s*Hạnh\s+phúc")


# "trong kỳ sinh hoạt chỉ bỏ tháng 10/2025": the LM's words for the party cell the meeting is of
_CELL_SLIP = re.compile(r"(?<=sinh hoạt )chỉ bỏ(?![\w])")
# "phong trào "Bình dân học vụ sẽ"": the LM's word for the "số" (digital) of the 2025 movement's name
_DIGITAL_SLIP = re.compile(r"(?<=Bình dân học vụ )(?:sẽ|sợ|sổ|sở|sớ|so)(?![\w])")
# "kết nạp ít nhất 15 đảng viên môi trường năm 2026", "03 sản phẩm OCOP môi trường năm 2026": the LM's
# "environment" for "mới trong" (new … in) after members or products counted
_NEW_IN_SLIP = re.compile(r"(?<=viên |OCOP )môi trường(?= năm \d{4})")
# "không theo quy định (ƯU)", "chống khai thác LƯU": the English model's "(UU)", "(TUU)" for the
# IUU of illegal, unreported and unregulated fishing, decoded as a word
_IUU_SLIP = re.compile(r"(?<=quy định \()(?:ƯU|TỰU|CỰU|LƯU|UU|TUU|\[UU)(?=\))|(?<=khai thác )(?:ƯU|TỰU|CỰU|LƯU|Iuu)(?![\w])")


# The words above, put back in this order.
_WORD_SLIPS = ((_COMMITTEE_CAP, r"\1ủy"), (_HEAD_SLIP, "Trưởng"), (_CELL_SLIP, "chi bộ"), (_WARD_SLIP, "phường"),
               (_NAME_PERIOD, ","), (_IUU_SLIP, "IUU"), (_DIGITAL_SLIP, "số"), (_NEW_IN_SLIP, "mới trong"),
               (_MOTTO_SLIP, "Độc lập - Tự do - Hạnh phúc"))


def fix_case_slips(lines: list[str], kinds: list[str]) -> None:
    for i, line in enumerate(lines):
        if kinds[i] not in ("legacy", "plain"):
            continue
        for slip, repl in _WORD_SLIPS:
            line = slip.sub(repl, line)
        words = list(_WORD.finditer(line))
        # a capital word, not an abbreviation ("SGDDT", "PTNT", "VT" have no vowel)
        upper = [len(w.group()) >= 2 and w.group().isupper() and _VOWEL.search(fold(w.group())) is not None for w in words]
        for k, w in enumerate(words):
            text = w.group()
            if k == 0 and text in ("xã", "tỉnh", "huyện", "phường", "ủy") and upper[1:3] == [True, True]:
                line = line[:w.start()] + text.upper() + line[w.end():]  # "xã MINH QUANG", "ủy BAN NHÂN DÂN": a header line
                continue
            if upper[k] or text.islower() or not text[:1].isupper():
                continue
            before, after = upper[max(0, k - 1):k], upper[k + 1:k + 3]
            opens = not line[:w.start()].strip() or line[:w.start()].rstrip()[-1] in ",;:)"  # a column's first word
            if ((before == [True] and after[:1] == [True]) or (k == 0 and after == [True, True])
                    or (opens and len(text) <= 3 and after[:1] == [True])):
                line = line[:w.start()] + text.upper() + line[w.end():]
        lines[i] = _lone_capitals(line) if kinds[i] == "legacy" else line


_ROMAN = re.compile(r"^[IVXLC]+$")


_ITEM_MARK = re.compile(r"(?:\d{1,2}\.)+|\d{1,2}\)|[a-zđ]\)|[IVX]{1,4}\.")  # "2.2.", "a)", "II."
_ABBREVIATION = re.compile(r"(?:UBND|HĐND|LHPN|MTTQ|CCB|CLB|BCH|BCĐ|BHXH)[,:;]?")


def _lone_capitals(line: str) -> str:
    """"1. ĐỀ nghị Ủy ban …", "của TỔ công tác", "các SỞ Nội vụ", "- SỞ Giao thông": a word of
    running text that legacy OCR read in capitals, one syllable alone before a lower-case word,
    or before a capitalised word between running text ("UBND", "II", "BÍ THƯ", "SỞ Y TẾ", "389
    TỈNH Độc lập" stay)."""
    words = list(re.finditer(r"\S+", line))
    out, at = [], 0
    for k, w in enumerate(words[:-1]):
        text, prev, after = w.group(), words[k - 1].group() if k else "", words[k + 1].group()
        if _ABBREVIATION.fullmatch(after) and k + 2 < len(words):
            after = words[k + 2].group()  # "4. HỘI LHPN các xã": a head before an abbreviation
        # before running text, or between it and a capitalised word ("các SỞ Nội vụ")
        # or before a capitalised word that running text follows ("- SỞ Giao thông vận tải;")
        titled = after[:1].isupper() and after[1:2].islower()
        running = after[:1].islower() or (titled and any(c.islower() for c in prev)) or (
            titled and (not any(c.isalnum() for c in prev) or _ITEM_MARK.fullmatch(prev)) and k + 2 < len(words)
            and words[k + 2].group()[:1].islower())
        if (len(text) < 2 or not text.isalpha() or not text.isupper() or _ROMAN.match(text) or not running
                or prev.isupper() or not is_syllable_shape(fold(text.lower()))):
            continue
        out += [line[at:w.start()], text[0] + text[1:].lower()]  # a name's head keeps its capital
        at = w.end()
    return "".join(out) + line[at:]


def drop_stray_marks(lines: list[str], kinds: list[str]) -> None:
    for i, line in enumerate(lines):
        if kinds[i] == "legacy":
            # "lần thứ? XIV": a Roman numeral after it is inside the sentence too
            line = _STRAY_MARK.sub(lambda m: m.group(1) if m.group(2).islower() or m.group(1).lower() in _NO_END
                                   or _ROMAN.match(m.group(2)) and len(m.group(2)) > 1 else m.group(0), line)
            lines[i] = _CELL_UNDERLINE.sub("", line)


# "| UBND các xé,__ |", "Cơ sở dữ liệu quốc_ |": a cell's bottom rule read as underscores glued
# to its last word.
_CELL_UNDERLINE = re.compile(r"(?<=[^\s_|])_+(?=\s*(?:\||$))")


_MARKER = re.compile(r"^(\s*)([^\W\d_])\)")
_CENT_MARKER = re.compile(r"^(\s*)¢\)")


def _toneless(letter: str) -> str:
    return unicodedata.normalize("NFD", letter)[0]


# The "V/v" (về việc) that opens a letter's trích yếu, as the English model reads it ("‘VA
# tang cuong …": a capital "VA" before lower-case words is no "VÀ", which a line of capitals holds).
_VV_OCR = re.compile(r"^(\s*)(?:VWv|VW|VV(?=\s+[^\W\d_A-Z])|Vwv|Vw|Vv|Viv|V[/|][wy]|V\s[/|]\s?v|\\\s?v[vy]?"
                     r"|[‘’'`]?VA(?=\s+[^\W\d_A-Z]+\s+[^\W\d_A-Z]))(?=\s+[^\W\d_])")
# "Kinh gw:", "Kinh giti:": the letter's "Kính gửi:" opening a line; left alone the LM reads
# the garbled second word as another ("Hình Sự:").
_KINH_GUI_OCR = re.compile(r"^(\s*)Kinh\s+g\w{0,3}\s*:")


def fix_vv(lines: list[str], kinds: list[str]) -> None:
    """'VW triển khai …' → 'V/v …' and 'Kinh gw:' → 'Kinh gui:' on a legacy line before
    restoration: left alone the LM makes "VW" a word ("TƯ") and "gw" another."""
    for i, line in enumerate(lines):
        if kinds[i] in ("legacy", "plain"):
            line = _VV_OCR.sub(r"\1V/v", line, count=1)
            lines[i] = _KINH_GUI_OCR.sub(r"\1Kinh gui:", line, count=1)


# A task table's rules as the English model reads them: "}4{ Tổ chức …", "J 1 | Rà soát …",
# "} S| Triển khai …" (S for 5) open rows; "… kinh doanh | Sở Tài chính} Sở Công Thương" a cell.
_ROW_OCR = re.compile(r"^(\s*)[|}{J\]]\s*([\dOoIlSZ]{1,2})\s*[|}{)\]]")
_RULE_OCR = re.compile(r" ?[{}] ?")
_RULE_OCR_ANY = re.compile(r" ?[{}\]] ?")  # "]" too where no "[" opens a bracket
_ROW_DIGITS = str.maketrans("OoIlSZ", "001152")


_BRACKET_RULE = re.compile(r"(?<=\s)\[(?=[A-ZĐ])")
_GLUED_PIPE = re.compile(r"(?<=[\w,;.])\|(?=\w)|(?<=\s)\|(?=\w)|(?<=\w)\|(?=\s)")


def fix_table_rules(lines: list[str], kinds: list[str]) -> None:
    """In a document with a task table (a line of three or more "|"), a legacy line that
    opens like a row gets its number and rule back, and a brace in a line holding a "|" is
    one (so is "]" where no "[" opens); braces are no part of Vietnamese administrative prose."""
    if not any(line.count("|") >= 3 for line in lines):
        return
    for i, line in enumerate(lines):
        if kinds[i] != "legacy":
            continue
        row = _ROW_OCR.match(line)
        if row:
            line = f"{row.group(1)}| {row.group(2).translate(_ROW_DIGITS)} |{line[row.end():]}"
        if "|" in line:
            line = _RULE_OCR.sub(" | ", line) if "[" in line else _RULE_OCR_ANY.sub(" | ", line)
        if line.count("|") >= 2 and "]" not in line:
            line = _BRACKET_RULE.sub("| ", line)  # "… chi bo truc [Ban To chuc |": an unclosed bracket before a cell
        if line.count("|") >= 2:
            # "| |c6 tai khoan", "khong ding|S@N6ivy": a rule, not a letter
            line = _GLUED_PIPE.sub(lambda m: ("" if line[m.start() - 1].isspace() else " ") + "|"
                                   + ("" if line[m.end():m.end() + 1].isspace() else " "), line)
        lines[i] = line


# "UBND các xa. phuong", "chuc nang. nhiem vu": the English model reads a comma as a period;
# in Vietnamese prose a period inside a line never runs on into a lower-case word.
_COMMA_PERIOD = re.compile(r"(?:(?<=[^\W\d_][^\W_])|(?<=[^\W_][^\W\d_]))\.(?= [^\W\d_])")  # "xa h6i. bao" too
_LINE_END_PERIOD = re.compile(r"(?<=[^\W\d_]{2})\.$")
_ITEM_OPENING = re.compile(r"[^\W\d_]{1,2}[).]")  # "b) …" on the next line: the period ends an item


# "Dang ty Uy ban nhan dan tinh", "Ban Té chitc Tinh ay": the English model's "ty" / "ay" for ủy
# after the words that head a party committee; the LM alone would rather read "Đang từ Ủy ban".
_COMMITTEE_UY = re.compile(r"\b(Dang|DANG|Đảng|ĐẢNG|Tinh|TINH|Tỉnh|TỈNH)\s+(?:ty|ay|tly)(?![\w&])")
# "Tinh wy", "các đảng wy", "huyện wy, thị wy": the English model's w for the ủ of ủy, as it reads ư
# ("phwong"); "wy" is no Vietnamese word, and the channel offers nothing for it.
_WY = re.compile(r"(?<![\w&])([Ww])y(?![\w&])")


# "NGH] QUYET", "QUYET NGH]:", "HO] NONG DAN": the English model's "]" for a capital Ị that it
# reads elsewhere as "J" ("Nghj"), glued to a word in capitals with no "[" open before it.
_BRACKET_I = re.compile(r"(?<=[A-Z]{2})\](?![\w\[|])")
_NO_ROMAN = re.compile(r"[IVXL]+")


# "SOY TE": the issuer "SỞ Y TẾ" with the space after its head lost (the LM reads "SỐ TÊ").
_SO_Y_TE = re.compile(r"(?<![\w])SOY(?=\s+T[EÉÊ](?![\w]))")


# "chinh trang 46 thi": the English model's digits for "đô" of đô thị (not "thị trấn", "thị xã")
_DO_THI = re.compile(r"(?<![\w/.,])46(?=\s+th[iị](?![\w])(?!\s+(?:tr[aâ]n|x[aã])(?![\w])))")


def fix_legacy_tokens(lines: list[str], kinds: list[str]) -> None:
    """On a legacy line before decoding: 'Dang ty' → 'Dang uy', 'Tinh wy' → 'Tinh uy', '¢) Chi dao …' (the English
    model's c of a lettered item, which the decoder would make a word) → 'c) …', 'NGH]'
    → 'NGHJ', 'SOY TE' → 'SO Y TE', '46 thi' → 'đô thi' and a date line's strokes
    'ngay I4 thang I]' → 'ngay 14 thang 11' (first: its ']' is a 1, not a J)."""
    for i, line in enumerate(lines):
        if kinds[i] == "legacy":
            line = _CENT_MARKER.sub(r"\1c)", repair_date_glyphs(line), count=1)
            if "]" in line and "[" not in line:
                line = _BRACKET_I.sub(lambda m: m.group() if _NO_ROMAN.fullmatch(
                    re.findall(r"\w+$", line[:m.start()])[0]) else "J", line)
            line = _DO_THI.sub("đô", _SO_Y_TE.sub("SO Y", line))
            line = _WY.sub(lambda m: "Uy" if m.group(1) == "W" else "uy", line)
            lines[i] = _COMMITTEE_UY.sub(lambda m: f"{m.group(1)} {'UY' if m.group(1).isupper() else 'uy'}", line)


def fix_comma_periods(lines: list[str], kinds: list[str]) -> None:
    for i, line in enumerate(lines):
        if kinds[i] in ("legacy", "plain"):
            line = _COMMA_PERIOD.sub(lambda m: "," if line[m.end() + 1].islower() else ".", line)
            # "… quốc phòng." / "an ninh năm 2026": a line's last period before a line that goes on in lower case
            after = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
            goes_on = after[:1].islower() and after[:1].isalpha() and not _ITEM_OPENING.match(after)
            lines[i] = _LINE_END_PERIOD.sub(",", line) if goes_on else line


def fix_around_bodies(lines: list[str], kinds: list[str]) -> None:
    """"Đảng ủy. UBND xã Ea Yông tập trung …" (restored): a bare head opening a line is no
    sentence; its period is legacy OCR's comma before the next body. A directive's stock phrase
    the LM read as other words is itself again ("chủ từ" → "chủ trì", "theo đi, đôn đốc" →
    "theo dõi", "Tổ trinh số" → "Tờ trình"; the rules are corpus/restore/directive_phrases.tsv)."""
    for i, line in enumerate(lines):
        if kinds[i] == "legacy":
            line = _HEAD_PERIOD.sub(r"\1,", line, count=1)
            for pattern, word in _DIRECTIVE_PHRASES:
                line = pattern.sub(word, line)
            lines[i] = line


def _directive_phrases() -> list[tuple[re.Pattern[str], str]]:
    """corpus/restore/directive_phrases.tsv: a directive's stock phrases the LM misreads, as
    (pattern, replacement) pairs in file order."""
    path = corpus_path(PHRASES)
    rules = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            fields = line.split("\t")
            try:
                if len(fields) != 2:
                    raise ValueError("want a pattern, a tab and its replacement")
                rules.append((re.compile(fields[0]), fields[1]))
            except (ValueError, re.error) as e:
                raise ValueError(f"{path}:{n}: {e}") from None
    return rules


PHRASES = "restore/directive_phrases.tsv"
_DIRECTIVE_PHRASES = _directive_phrases()


_BODY_HEADS = r"(?:Đảng ủy|Chi ủy|Chi bộ|Ban Thường vụ|Thường trực|HĐND|UBND|Ủy ban nhân dân|Hội đồng nhân dân)"
_HEAD_PERIOD = re.compile(rf"^(\s*(?:\d{{1,2}}\.\s+|[a-zđ]\)\s+|[-–]\s*)?{_BODY_HEADS})\.(?=\s+{_BODY_HEADS}\s)")


# "Buoc 2. Tổ chức kiểm điểm": a step's title; the LM alone reads "Buộc" (is forced).
_STEP = re.compile(r"^(\s*)(?:Buộc|Buốc|Bước|Buoc)(?=\s+\d{1,2}\s*[.:)])")


# "11. CÁC BƯỚC TIẾN HÀNH", "1V. TỔ CHỨC THỰC HIỆN": a section's Roman numeral with its I read
# as 1 or l; a line in capitals under it is a heading, never item 11.
_ROMAN_OCR = re.compile(r"^(\s*)([1lI|\]]{2,3}|[1lI|]V|V[1lI|]{1,3})(?=\.\s)")
_ONE_LIKE = str.maketrans("1l|]", "IIII")  # "II]. TỔ CHỨC THỰC HIỆN" too


# "4, Kiểm soát chặt chẽ …": an item number whose period the English model read as a comma.
_ITEM_COMMA = re.compile(r"^(\s*\d{1,2}),(?=\s+[^\W\d_])")


# "|. Thủ trưởng các sở, ban, ngành tỉnh:": an item's 1 (a section's I over capitals) read as a rule.
_ITEM_PIPE = re.compile(r"^(\s*)\|(?=\.\s+[^\W\d_])")


# "2. Giáo Trưởng các thôn:": "Giao" (assign) before a body's capital, which the LM made "Giáo"
# (no word "giáo" opens an item before a name).
_ITEM_MARKER = r"\s*(?:\d{1,2}(?:\.\d{1,2})*\.\s*|[a-zđ]\)\s*|[-–+]\s*)"  # "2.1. ", "a) ", "- "
_GIAO_OCR = re.compile(rf"^(\s*{_ITEM_MARKER}?)Gi[áàảãạ]o(?=\s+[A-ZĐ])")
# "3. Vệ thẩm tra, xác minh …": an item's topic, "Về"; "Vệ" opens no item but in its compounds
_VE_TOPIC = re.compile(rf"^({_ITEM_MARKER})V[ệẹể](?=\s+(?!(?:sinh|binh|tinh|quốc|sĩ)(?!\w))\w)")


def _opens_paragraph(lines: list[str], i: int) -> bool:
    prev = lines[i - 1].strip() if i else ""
    return not prev or prev[-1] in ".:;!" or prev.isupper()


_SECTION_OCR = re.compile(r"^(\s*)([^\W\d_]{1,4})\.(?=\s+\S+\s+\S)")  # "II. TỔ CHỨC …", "KẾ. TỔ CHỨC …"
ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")  # the section numerals
_CAPACITIES = ("TM", "KT", "TL", "TUQ", "QĐ")  # "TM. ỦY BAN NHÂN DÂN": a signature, not a section


def fix_section_titles(lines: list[str], kinds: list[str]) -> None:
    """A line opening "Buộc 2." is a step, "Bước 2."; "11. CÁC BƯỚC …" is section II; "4, Kiểm
    soát …" opening a paragraph is item 4 and "|. Thủ trưởng …" item 1; "2. Giáo Trưởng các thôn:" is "Giao"; a title in
    capitals whose numeral legacy OCR lost ("KẾ. TỔ CHỨC THỰC HIỆN" for "Wl.") after section I is
    the next section, II; "3. Vệ thẩm tra" is the topic "Về"."""
    last_roman = None
    for i, line in enumerate(lines):
        numeral = _SECTION_OCR.match(line)
        if kinds[i] not in ("plain", "legacy"):
            if numeral and numeral.group(2) in ROMANS[:-1]:
                last_roman = numeral.group(2)
            continue
        line = _STEP.sub(r"\1Bước", line, count=1)
        if kinds[i] == "legacy":
            line = _VE_TOPIC.sub(r"\1Về", _GIAO_OCR.sub(r"\1Giao", line, count=1), count=1)
        item = _ITEM_COMMA.match(line)
        if item and kinds[i] == "legacy" and line[item.end():].lstrip()[:1].isupper() and _opens_paragraph(lines, i):
            line = item.group(1) + "." + line[item.end():]
        pipe = _ITEM_PIPE.match(line)
        if pipe and kinds[i] == "legacy" and _opens_paragraph(lines, i):
            line = pipe.group(1) + ("I" if line[pipe.end():].isupper() else "1") + line[pipe.end():]
        roman = _ROMAN_OCR.match(line)
        if roman and line[roman.end():].isupper():
            line = roman.group(1) + roman.group(2).translate(_ONE_LIKE) + line[roman.end(2):]
        garbled = _SECTION_OCR.match(line) if kinds[i] == "legacy" and last_roman else None
        if garbled and len(garbled.group(2)) >= 2 and garbled.group(2) not in ROMANS + _CAPACITIES and line[garbled.end():].isupper():
            # "KẾ. TỔ CHỨC THỰC HIỆN" after section I: the numeral legacy OCR lost ("Wl") is the next one
            line = garbled.group(1) + ROMANS[ROMANS.index(last_roman) + 1] + line[garbled.end(2):]
        numeral = _SECTION_OCR.match(line)
        if numeral and numeral.group(2) in ROMANS[:-1] and line[numeral.end():].isupper():
            if kinds[i] == "legacy" and numeral.group(2) == last_roman:
                # "II. MỤC TIÊU" then "II. NHIỆM VỤ" (legacy OCR lost a stroke of III): the next one
                line = numeral.group(1) + ROMANS[ROMANS.index(last_roman) + 1] + line[numeral.end(2):]
                numeral = _SECTION_OCR.match(line)
            last_roman = numeral.group(2)
        lines[i] = line


# "I. Nâng cao nhận thức, …: xác định …" then "2. Quản lý …": item 1 read as a Roman I.
_ROMAN_ONE = re.compile(r"^(\s*)I(?=\.\s+[A-ZĐÀ-Ỹ][^\W\d_]*[a-zđà-ỹ])")
_NUMBERED = re.compile(r"^\s*(\d{1,2}|[IVX]{1,4})\.\s")


_ELL_ONE = re.compile(r"^(\s*)l(?=\.\s+[A-ZĐÀ-Ỹ])")  # "l. Ban Thường vụ …": no word is a lone l


def fix_item_one(lines: list[str], kinds: list[str]) -> None:
    """A line opening "l." before a capital is item 1; a legacy one opening "I." before running
    text (not a title in capitals) is item 1 when the next numbered line is item 2."""
    for i, line in enumerate(lines):
        if kinds[i] in ("plain", "legacy") and (m := _ELL_ONE.match(line)):
            lines[i] = m.group(1) + "1" + line[m.end():]
            continue
        if kinds[i] != "legacy" or not (m := _ROMAN_ONE.match(line)) or line.isupper():
            continue
        following = next((n.group(1) for later in lines[i + 1:] if (n := _NUMBERED.match(later))), None)
        if following == "2":
            lines[i] = m.group(1) + "1" + line[m.end():]


_LETTER_ORDER = "abcdđeghiklmnopqrstuvxy"


def fix_list_markers(lines: list[str], kinds: list[str]) -> None:
    """List items run a) b) c) d) đ) e): without diacritics "d)" is ambiguous and the LM
    cannot see the previous item, so an unaccented "d)" right after a "d)" item is "đ)"; in
    legacy OCR "đ)" right after "c)" is "d)", and a capital letter inside a lower-case list
    ("b) …", "A) …") is the next letter."""
    prev = None
    for i, line in enumerate(lines):
        m = _MARKER.match(line)
        if not m:
            continue
        letter = m.group(2)
        following = _LETTER_ORDER[_LETTER_ORDER.index(prev) + 1] if prev and prev in _LETTER_ORDER[:-1] else None
        if kinds[i] in ("plain", "legacy"):
            if letter in "dD" and prev in ("d", "D"):
                letter = "đ" if letter == "d" else "Đ"
            elif kinds[i] == "legacy" and following and (letter == "đ" and prev == "c" or letter.isupper()):
                letter = following
            elif kinds[i] == "legacy" and letter not in _LETTER_ORDER and _toneless(letter) in ("a", following):
                letter = _toneless(letter)  # "á) Xây dựng …": the LM's tone on the item's letter
            lines[i] = m.group(1) + letter + line[m.end(2):]
        prev = letter
