"""Text helpers shared by the extraction components: normalising input, folding for
comparison, recasing upper-case header lines, and cutting the body into paragraphs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Old-style tone placement the seeds and OCR still produce; SCHEMA asks for new style.
_OLD_TONES = {"uỷ": "ủy", "Uỷ": "Ủy", "UỶ": "ỦY", "hoà": "hòa", "Hoà": "Hòa", "HOÀ": "HÒA", "thuỷ": "thủy", "Thuỷ": "Thủy", "hoá": "hóa", "Hoá": "Hóa", "HOÁ": "HÓA"}
_OLD_TONES_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(_OLD_TONES, key=len, reverse=True))) + r")(?!\w)")
_MARKDOWN_RE = re.compile(r"\*{1,2}([^*\n]*)\*{1,2}")

LETTER = r"A-Za-zÀ-ỹĐđ"
# A task's labelled fields: "Cơ quan chủ trì:", "Đơn vị phối hợp:", or bare "- Chủ trì: Phòng Kinh tế."
LEAD_LABEL = r"(?:(?:[Cc]ơ quan|[Đđ]ơn vị) (?:chủ trì|thực hiện)|Chủ trì)"  # "- Đơn vị thực hiện: Trung tâm Văn hóa tỉnh."
COOP_LABEL = r"(?:(?:[Cc]ơ quan|[Đđ]ơn vị) phối hợp|[Pp]hối hợp)"  # "Chủ trì: …; phối hợp: …"
TIME_LABEL = r"[Tt]h[ờò]i (?:gian|hạn)"  # OCR's "Thòi gian"
# A title that names whose duties follow: "3. Trách nhiệm của Đảng ủy UBND tỉnh", "Điều 2. Nhiệm vụ của Tổ
# công tác", "3. Đối với Báo và Phát thanh, Truyền hình Thái Nguyên"
DUTY_TITLE_RE = re.compile(r"\s*(?:(?:Trách nhiệm|Nhiệm vụ)(?:(?:,| và) (?:quyền hạn|trách nhiệm|nhiệm vụ))* của|Đối với)\s+")  # "Nhiệm vụ, quyền hạn của Tổ công tác"
UPPER_CLASS = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚĂĐĨŨƠƯẠ-ỸĐ"


_OCR_DAY_RE = re.compile(r"(?<![^\W\d_])[lI](?=\d?/\d{1,2}/\d{4})")


_OCR_YEAR_RE = re.compile(r"(?<=/2)[Oo](?=\d\d\b)")
_OCR_SO_RE = re.compile(r"(?<!\w)S[ớờỡợ](?= (?:[A-ZĐÀ-Ỹ][^\W\d_]*|TT&TT|NN&MT|KH&CN|LĐ-TB&XH|GD&ĐT|VH,TT&DL)(?!\w))")
_OCR_UY_RE = re.compile(r"(?<!\w)U(?=y [Bb]an(?!\w))")  # "Uy ban kiểm tra": OCR dropped the hook of Ủ
_OCR_QUAN_LY_RE = re.compile(r"(?<=Ban )Quan(?= lý(?!\w))")  # "Ban Quan lý dự án": and the hook of ả
_OCR_TENS_RE = re.compile(r"(?<![\w/])([1-3])[Oo](?=/\d)")  # "tháng 1O/2025", "ngày 2O/10/2025"


def normalise(content: str) -> str:
    """NFC, new-style tones, no markdown emphasis; the line structure is kept."""
    text = unicodedata.normalize("NFC", content).replace("\r\n", "\n").replace("\r", "\n")
    text = _OLD_TONES_RE.sub(lambda m: _OLD_TONES[m.group(0)], text)
    # OCR reads the slash of "quý I/2024" as a fraction slash, and Đ as the Icelandic Ð (U+00D0).
    text = text.replace("\u00d0", "Đ").replace("\u00a0", " ").replace("\t", "    ").replace("\u2044", "/").replace("\u2215", "/")
    text = _OCR_DAY_RE.sub("1", text)  # "trước ngày l5/10/2025": OCR's l for the 1 of a day
    text = _OCR_YEAR_RE.sub("0", text)  # "quý IV/2O25": OCR's O for the 0 of a year
    text = _OCR_TENS_RE.sub(r"\g<1>0", text)
    text = _OCR_SO_RE.sub("Sở", text)  # "Sớ Y tế chỉ đạo …": OCR's tone slip on a department's head
    text = _OCR_UY_RE.sub("Ủ", text)
    text = _OCR_QUAN_LY_RE.sub("Quản", text)
    return _MARKDOWN_RE.sub(lambda m: m.group(1), text)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, quotes and spacing unified: for comparing phrases."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D").replace("\u00d0", "D").replace("\u00f0", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    text = re.sub(r"[“”\"'‘’«»]", "", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;.:")


def bare(text: str) -> str:
    """Lower case without diacritics, one character for one, so offsets stay valid."""
    out = []
    for c in text:
        base = unicodedata.normalize("NFD", c.replace("đ", "d").replace("Đ", "D"))[0].lower()
        out.append(base if len(base) == 1 else c)
    return "".join(out)


def is_name_word(word: str) -> bool:
    """A word of a person's name: capitalised, or one capital ("Ksor Y Phơn", "Giàng A Páo")."""
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def recase(text: str, cased_phrases: list[str], abbreviations: dict[str, str] | None = None, expand: bool = True) -> str:
    """An upper-case header phrase in official casing: abbreviations expanded (or, with
    `expand` False, kept as printed: "TM. Thường trực HĐND"), known phrases in their own
    casing, the rest lower case with a capital first letter."""
    words = text.split()
    out = []
    for word in words:
        core = word.strip(",.;:()")
        if abbreviations and core in abbreviations:
            out.append(word.replace(core, abbreviations[core]) if expand else word)
        elif core.isupper() and not re.search(r"[AEIOUYĂÂÊÔƠƯÀ-Ỹ]", core):
            out.append(word)  # an acronym (QCDC): Vietnamese syllables always have a vowel
        else:
            out.append(word.lower())
    result = " ".join(out)
    for phrase in sorted(cased_phrases, key=len, reverse=True):
        result = re.sub(rf"(?<![{LETTER}]){re.escape(phrase.lower())}(?![{LETTER}])", phrase, result, flags=re.IGNORECASE)
    return result[:1].upper() + result[1:]


def title_place(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


@dataclass
class Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


COLUMNS_RE = re.compile(r"\s{3,}")  # the gap between two columns laid side by side

MARKER_RE = re.compile(  # "| - Ban Tổ chức …", "' c) Báo cáo …", "2. | Sở Tài chính …": OCR's specks by a marker
    r"^\s*(?:[|'‘’`]\s+(?=[-–]\s|[a-zđ]\)\s|\d{1,2}\.\s))?(?:Bước\s+(?P<step>\d{1,2})\s*[.:\-–]\s+|(?P<num>\d{1,2}(?:\.\d{1,2})*)\s*[.)](?:\s+(?:[|'‘’`]\s+)?(?=\S)|(?=[^\d\s]))|(?P<roman>[IVX][IVXl]{0,3})\s*[.\-–]\s+|(?P<letter>[a-zđ])\)\s+|(?P<dash>[-–+•])\s*(?=\S))"
)


# A letter item whose bracket legacy OCR lost or garbled: the groups MARKER_RE names, only a letter set.
_BARE_LETTER_RE = re.compile(
    r"^\s*(?P<step>(?!))?(?P<num>(?!))?(?P<roman>(?!))?(?P<dash>(?!))?(?P<letter>[b-hđ])(?:\S?\))?\s+(?=[A-ZĐÀ-Ỹ])")


# "Điều 2. Nhiệm vụ, giải pháp chủ yếu": an article's title in a Nghị quyết or Quyết định.
ARTICLE_RE = re.compile(r"Điều\s+\d{1,2}\s*[.:]\s+\S")
# "Phần thứ hai" alone on its line over "PHƯƠNG HƯỚNG, NHIỆM VỤ …": a part of a report, a heading
PART_RE = re.compile(r"(?:Phần|PHẦN)\s+(?:(?:thứ|THỨ)\s+)?(?:nhất|hai|ba|tư|năm|NHẤT|HAI|BA|TƯ|NĂM|[IVX]{1,4}|\d)\s*[.:]?")
_EXECUTION_RE = re.compile(r"Điều\s+\d{1,2}\s*[.:]\s+(?:Chánh Văn phòng|Giám đốc|Thủ trưởng|Trưởng|Chủ tịch)\b")


@dataclass
class Paragraph:
    """A paragraph of the body: its marker (if any) and the char ranges of its lines."""

    marker: str | None
    kind: str | None  # num, roman, letter, dash, or None
    start: int
    end: int
    parts: list[tuple[int, int]] = field(default_factory=list)
    step: bool = False  # "Bước 2. Tổ chức kiểm điểm": a numbered step of a procedure (kind num)
    titled: bool = False  # a marked line alone above a blank line, its text below the gap

    def text(self, doc_text: str) -> str:
        return " ".join(doc_text[s:e].strip() for s, e in self.parts).strip()


_SENTENCE_END = tuple(".:;!?…")
_WRAPPED_HYPHEN_RE = re.compile(r"\s*[-–]\s*xã hội(?![\w])")
_WRAPPED_RANGE_RE = re.compile(r"\s*[-–]\s*(?:19|20)\d\d\b")  # "nhiệm kỳ 2025" / "- 2030 gắn với …"
_YEAR_END_RE = re.compile(r"\b(?:19|20)\d\d$")
_LETTERS = "abcdđeghiklmnopqrstuvxy"  # the order of lettered items: a) b) c) d) đ) e) …


def _next_letter(last: str | None) -> str:
    return "a" if last is None or last not in _LETTERS[:-1] else _LETTERS[_LETTERS.index(last) + 1]


def _blank_separated_margin(lines: list[Line]) -> int | None:
    """The length from which a line reaches the right margin, on a page wrapped at a margin
    (OCR) whose marked paragraphs start after a blank line; None for any other layout. There a
    sentence that happens to end at the margin does not end its paragraph: the next line,
    capital or not, goes on with it unless a blank line or a marker comes first."""
    lengths = sorted(len(line.stripped) for line in lines if line.stripped)
    if len(lengths) < 10:
        return None
    wide = lengths[int(len(lengths) * 0.8)]
    marked = [i for i, line in enumerate(lines) if i and line.stripped and MARKER_RE.match(line.text)]
    if wide > 110 or len(marked) < 3 or sum(not lines[i - 1].stripped for i in marked) < 0.8 * len(marked):
        return None
    return int(wide * 0.9)


def _wrapped_marker(m: re.Match, line: str, before: Paragraph, text: str) -> bool:
    """Whether the marker opening `line` only goes on with the unfinished sentence of `before`,
    wrapped at a hyphen or a bracket: "các tổ chức chính trị" / "- xã hội phường …", "nhiệm kỳ
    2025" / "- 2030 gắn với …", "(theo Biểu mẫu số" / "01) gửi Ban Tổ chức …"."""
    if m.group("dash"):
        hyphen, years = _WRAPPED_HYPHEN_RE.match(line), _WRAPPED_RANGE_RE.match(line)
        if not (hyphen or years):
            return False
        last = before.text(text)
        return bool((hyphen and last.endswith("chính trị")) or (years and _YEAR_END_RE.search(last)))
    if not (m.group("num") and ")" in m.group(0)):
        return False
    last = before.text(text)
    return last.count("(") > last.count(")")


def paragraphs(text: str, lines: list[Line]) -> list[Paragraph]:
    """Cut body lines into paragraphs. Works for both layouts: whole paragraphs separated by
    blank lines, and OCR pages wrapped at the margin. A line opens a paragraph when it carries
    an item marker, or when the previous line ended a sentence (or was a heading) and this one
    starts with a capital; a lower-case start is always a continuation (page breaks). Inside a
    sentence, a line starting "y) …" is a wrapped "(qua Chi cục Thú y) …", not an item: there a
    letter opens an item only when it is the next one in order."""
    out: list[Paragraph] = []
    prev_end_sentence = True
    prev_heading = prev_title = False
    prev_full = False  # the previous line ran to the margin of a page whose paragraphs end in blank lines
    prev_marked, prev_words, gap = False, 0, False
    last_letter = None
    margin = _blank_separated_margin(lines)
    for line in lines:
        s = line.stripped
        if not s:
            gap = True
            prev_full = False
            continue
        m = _item_marker(line, out, text, last_letter, prev_end_sentence, prev_heading or prev_title)
        if m:
            last_letter = m.group("letter") or last_letter
        starts_upper = s[0].isupper() or s[0] in "“\"'(" or s[0].isdigit()
        lead = len(line.text) - len(line.text.lstrip())
        if gap and prev_marked and lead >= 2 and starts_upper and not m and not prev_end_sentence \
                and not prev_full and prev_words <= 20 and not out[-1].text(text).endswith(","):
            # "1. Tăng cường công tác quán triệt, tuyên truyền, nâng cao nhận thức", a blank line,
            # then an indented "Ban Tuyên giáo Tỉnh ủy chủ trì …": a numbered title too long for
            # the rule below, its text in the paragraphs under it
            prev_title = out[-1].titled = True
        gap = False
        # "Điều 2. Tổ chức thực hiện" after "(Chi tiết tại Phụ lục … .)": an article always opens one
        new = bool(m) or not out or ((prev_end_sentence or prev_heading or prev_title) and starts_upper and not (prev_full and not is_upper_line(s))) \
            or ARTICLE_RE.match(s) is not None
        if new:
            out.append(_opened(m, line, lead))
        else:
            out[-1].parts.append((line.start + lead, line.end))
            out[-1].end = line.end
        ended = s.rstrip(" |'")  # "… chưa được cập nhật. |": OCR's speck after the period
        prev_end_sentence = ended.endswith(_SENTENCE_END) or ended.endswith("./.")
        prev_heading = is_upper_line(s) or PART_RE.fullmatch(s) is not None
        prev_full = margin is not None and len(s) >= margin and not prev_heading
        # "1. Đánh giá chung": a short numbered title line, its text starts below it.
        article = ARTICLE_RE.match(s) is not None  # "Điều 2. Nhiệm vụ, giải pháp chủ yếu"
        # (not "Điều 3. Chánh Văn phòng HĐND và UBND phường, Trưởng các phòng …": an article that
        # opens on the officers it charges is a sentence, wrapped at the margin, not a title)
        prev_title = (bool(m) or article) and len(s.split()) <= (16 if article else 12) and not prev_end_sentence \
            and not (article and _EXECUTION_RE.match(s))
        prev_marked, prev_words = bool(m) and out[-1].kind != "dash" if new else False, len(s.split())
    return out


def _item_marker(line: Line, out: list[Paragraph], text: str, last_letter: str | None, after_sentence: bool,
                 after_heading: bool) -> re.Match | None:
    """The marker that opens an item on `line`, or None: not "y) …" that wraps a sentence ("(qua
    Chi cục Thú y) …"); legacy OCR's "b Đẩy nhanh …", "cô) Kiên quyết …" as b), c) after a); a
    letter inside a sentence only when it is the next one in order."""
    m = MARKER_RE.match(line.text)
    if m and out and not after_sentence and _wrapped_marker(m, line.text, out[-1], text):
        m = None
    if m is None and last_letter and after_sentence and (bare := _BARE_LETTER_RE.match(line.text)) \
            and bare.group("letter") == _next_letter(last_letter):
        m = bare
    if m and m.group("letter") and not (after_sentence or after_heading) \
            and m.group("letter") not in ("a", _next_letter(last_letter)):
        m = None
    return m


def _opened(m: re.Match | None, line: Line, lead: int) -> Paragraph:
    """The paragraph `line` opens, with the kind and marker of its item marker `m`."""
    kind = marker = None
    step = False
    if m:
        kind = next(k for k in ("step", "num", "roman", "letter", "dash") if m.group(k))
        marker = m.group(kind).replace("l", "I") if kind == "roman" else m.group(kind)  # OCR "Ill." = III.
        step, kind = kind == "step", "num" if kind == "step" else kind
        rest = line.text[m.end():].strip()
        if kind == "roman" and marker == "I" and len(rest.split()) >= 8 and not is_upper_line(rest):
            kind, marker = "num", "1"  # "I. Đẩy mạnh tuyên truyền về …": OCR's I for the item 1, not a section
    body_start = line.start + (m.end() if m else lead)
    return Paragraph(marker, kind, line.start, line.end, [(body_start, line.end)], step=step)
