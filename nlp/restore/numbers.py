"""Repair of the separators legacy OCR drops from dates and document numbers. The English
model reads "31/12/2025" as "31 122025" or "31 12 2025", "tháng 12/2025" as "tháng 122025",
"quý IV/2025" as "quý IV 2025", "Số: 1325/SNV-TCBC" as "Số: 1325 SNV-TCBC"; nothing
downstream reads those as a date or a number. Each form is put back only where one reading
is possible: a day 1–31, a month 1–12, a year 19xx/20xx, after the word that announces it
(ngày, tháng, quý, số). Applied to legacy lines after decoding (digits pass through it
unchanged; the words before them are restored by then)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from chidao.nlp.restore.text import fold

_YEAR = r"(?:19|20)\d\d"
_SEP = r"(?:\s*[/.:°'>-]\s*|\s+)"  # "ngày 08:01 2026", "ngày 25°3/2026", "06-3'2026", "30> 11 2025" too
# "ngày 31 12 2025", "ngày 28 10/2025", "ngày 05 122025", "ngày 1532025", "ngày 1510/2025", "ngày 1002-2026": day, month and year
# with a separator lost or read as a space.
_DAY = re.compile(rf"\b((?:ngay|nga|nay)\s+)(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}?({_YEAR})\b|\b(ngay\s+)(\d{{3,4}})(?:\s*[/-]\s*)?({_YEAR})\b")
# "tháng 122025", "tháng 12 2025" (not "tháng 12 năm 2025", which reads as it is), "tháng LÔ 2025"
# (the English model's letters for digits: O for 0, l or I for 1, S for 5, Z for 2)
_MONTH = re.compile(rf"\b(thang\s+)([\doilsz|]{{1,2}})(?:\s?|\s*[/:°]\s*)({_YEAR})\b")  # "tháng 12:2025", "tháng 10°2026" too
_DIGIT_LIKE = str.maketrans("oilsz|", "011521")
# "quý IV 2025", "quý 1V 2025", "quý FV/2025", "quý PV/2025", "quý 1W/2025", "quý T1/2026", "quý HI/2024"
_QUARTER = re.compile(rf"\b(quy\s+)([IVX1lFPTWH|]{{1,4}})(?:\s+|\s*/\s*)({_YEAR})\b", re.IGNORECASE)
# the strokes of a Roman numeral as the English model reads them; H is two ("HI", "TH" = III)
_QUARTER_I = str.maketrans({**dict.fromkeys("1l|FfPpTt", "I"), "W": "V", "w": "V", "H": "II", "h": "II"})
# "20/1 1/2025", "05/1 2/2025": a month of two digits read with a space inside
_SPLIT_MONTH = re.compile(rf"\b(\d{{1,2}}/1) ([0-2]/{_YEAR})\b")
# "trong 1S ngày", "trong l0 ngày làm việc": a count of days with the English model's letters for digits
_DAYS = re.compile(r"\b(trong\s+)([\doilsz|]{2})(?=\s+ngay\b)")
# "Số: 1325 SNV-TCBC", "số 178 2024 NĐ-CP": a number, a year maybe, then a symbol in capitals
_NUMBER = re.compile(rf"\b(so:?\s+)(\d{{1,5}})\s+(?:({_YEAR})\s+)?(?=[A-ZĐ][A-ZĐ&]*(?:-[A-ZĐ&]+)+\b)",
                     re.IGNORECASE)


# "Kế hoạch $6 15 KH-DCT": the English model's "Số" before a document number
_SO_OCR = re.compile(r"(?<![\w$])\$6(?=:?\s+\d)")


def _valid(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _day_month(digits: str) -> tuple[str, str] | None:
    """'153' → ('15', '3'), '0512' → ('05', '12'); None when no split or more than one is a date."""
    splits = [(digits[:i], digits[i:]) for i in (1, 2) if 1 <= len(digits) - i <= 2]
    valid = [(d, m) for d, m in splits if _valid(int(d), int(m)) and not (len(d) == 1 and len(digits) == 4)]
    return valid[0] if len(valid) == 1 else None


def _day_repl(m: re.Match) -> str:
    if m.group(1) is not None:
        day, month, year = m.group(2), m.group(3), m.group(4)
        if not _valid(int(day), int(month)):
            return m.group(0)
        word = m.group(1) if fold(m.group(1)).lower().startswith("ngay") else "ngày "  # "đến ngã 15 3 2026"
        return f"{word}{day}/{month}/{year}"
    split = _day_month(m.group(6))
    return f"{m.group(5)}{split[0]}/{split[1]}/{m.group(7)}" if split else m.group(0)


def _days_repl(m: re.Match) -> str:
    low = fold(m.group(2)).lower()
    count = low.translate(_DIGIT_LIKE)
    # a digit or a one ("1S", "Lò"): "trong số ngày" is words
    one = any(c.isdigit() or c in "li|" for c in low)
    return f"{m.group(1)}{count}" if one and count != m.group(2) and int(count) >= 2 else m.group(0)


def _month_repl(m: re.Match) -> str:
    month = fold(m.group(2)).lower().translate(_DIGIT_LIKE)
    return f"{m.group(1)}{month}/{m.group(3)}" if 1 <= int(month) <= 12 else m.group(0)


# "hoàn thành tư ngày 15/9/2025", "trực ngày 05/12/2024", "Được ngày 30/9/2026", "tước ngày 25
# hàng tháng": the English model's "trước" before a date, decoded as the nearest word; none of
# them goes before a date.
_BEFORE_DATE = re.compile(r"(?<![^\W\d_])(?<![Tt]hứ )([^\W\d_]{2,5})(?=\s+ngày\s+(?:\d{1,2}/\d{1,2}/(?:19|20)\d\d|\d{1,2}\s+(?:hằng|hàng|của)\s))")
_FULL_DATE = re.compile(rf"\s+ngày\s+\d{{1,2}}/\d{{1,2}}/{_YEAR}")
_PERIOD_END = re.compile(rf"{_FULL_DATE.pattern}\s*(?:đến|tới)\s")  # the first date of a period
_KEEP_BEFORE_DATE = {"trước", "trưa", "tối", "từ", "vào", "đến", "hết", "trong", "nhất", "là", "các", "một", "hôm", "sau", "tới", "đêm", "sáng", "chiều"}


def _before_date_repl(m: re.Match) -> str:
    word = m.group(1)
    done = m.string[max(0, m.start() - 11):m.start()].lower().endswith("hoàn thành ")
    dated = _FULL_DATE.match(m.string, m.end()) is not None
    # "… khả năng thu Các ngày 31/12/2025", "báo cáo … một ngày 15/01/2026": a capital "Các" inside
    # a sentence, or "một", before a full date is the English model's "trước"
    if dated and (word == "một" or (word == "Các" and re.search(r"[^\W\d_]\s+$", m.string[:m.start()]))):
        return "trước"
    if word.lower() in _KEEP_BEFORE_DATE and not (done and word.lower() == "các"):
        return word  # but "hoàn thành Các ngày 30/9/2025": no list of days after "hoàn thành"
    capital = word[:1].isupper() and not done  # mid-sentence after "hoàn thành", lower case
    if _PERIOD_END.match(m.string, m.end()):
        return "Từ" if capital else "từ"  # "wr ngày 01/10/2025 đến ngày 14/11/2025": a period
    if word.lower() != "tư" and not done and SequenceMatcher(None, fold(word).lower(), "truoc").ratio() < 0.6:
        return word
    return "Trước" if capital else "trước"


def _quarter_repl(m: re.Match) -> str:
    quarter = m.group(2) if m.group(2).isdigit() else m.group(2).translate(_QUARTER_I)  # "quý 1/2025" reads as it is
    if quarter.upper() not in ("I", "II", "III", "IV", "1", "2", "3", "4"):
        return m.group(0)
    return f"{m.group(1)}{quarter}/{m.group(3)}"


def _number_repl(m: re.Match) -> str:
    return f"{m.group(1)}{m.group(2)}/" + (f"{m.group(3)}/" if m.group(3) else "")


def repair_numbers(line: str) -> str:
    """`line` with the lost separators of its dates and document numbers put back."""
    if "trong" in line.lower():
        line = _sub_folded(_DAYS, _days_repl, line)  # "trong Lò ngày": letters only, no digit yet
    if not any(ch.isdigit() for ch in line):
        return line
    line = _SO_OCR.sub(lambda m: "Số" if not line[:m.start()].strip() else "số", line)
    line = _SPLIT_MONTH.sub(r"\1\2", line)
    for pattern, repl in ((_DAY, _day_repl), (_MONTH, _month_repl), (_QUARTER, _quarter_repl),
                          (_NUMBER, _number_repl)):
        line = _sub_folded(pattern, repl, line)
    return _BEFORE_DATE.sub(_before_date_repl, line)


def repair_wrapped_dates(lines: list[str], kinds: list[str]) -> None:
    """"… liên ngành trực ngày" / "10/02/2026.": the word before a date that the margin carried
    to the next line is repaired as on one line (`repair_numbers` sees one line at a time)."""
    for i in range(len(lines) - 1):
        if kinds[i] not in ("legacy", "plain") or not lines[i + 1][:1].strip():
            continue
        line, head = lines[i], lines[i + 1][:24]
        joined = _BEFORE_DATE.sub(_before_date_repl, f"{line} {head}")
        if joined.endswith(f" {head}") and joined[:-len(head) - 1] != line:
            lines[i] = joined[:-len(head) - 1]


def _sub_folded(pattern: re.Pattern, repl, line: str) -> str:
    """pattern.sub over the line's folded form (so 'ngày', 'ngay' and 'NGÀY' match alike), the
    replacement keeping the original text of every group."""
    folded = fold(line)
    if len(folded) != len(line):
        folded = line.lower()
    if pattern.flags & re.IGNORECASE:
        folded = _upper_like(folded, line)
    out, last = [], 0
    for m in pattern.finditer(folded):
        original = _OriginalMatch(m, line)
        out += [line[last:m.start()], repl(original)]
        last = m.end()
    return "".join(out) + line[last:] if out else line


def _upper_like(folded: str, line: str) -> str:
    """The folded line with the original's capitals kept (symbols are matched in capitals)."""
    return "".join(f.upper() if o.isupper() else f for f, o in zip(folded, line))


class _OriginalMatch:
    """A match over the folded line that answers group() with the original line's text."""

    def __init__(self, match: re.Match, line: str):
        self._m, self._line = match, line

    def group(self, i: int = 0) -> str | None:
        start, end = self._m.span(i)
        return None if start < 0 else self._line[start:end]


# "ngay I4 thang I] nam 2025", "ngay [2 thang LO nam 2025": a day or month on a date line whose
# ones the English model read as a stroke (I, l, L, |, [, ], !) or whose zero as O. Put back on
# the legacy line before decoding (which would make words of them, "Đã thắng"), only where
# every glyph is one of those and the day is 1–31, the month 1–12.
_GLYPH_DATE = re.compile(r"\b((?:ngay|neay|nay|ngdy)\s+)(\S{1,2})(\s+(?:thang|thane|théng|thing)\s+)(\S{1,2})(?=\s+n\S{1,2}m\s+(?:19|20)\d\d\b)",
                         re.IGNORECASE)
_ONE_GLYPHS = str.maketrans({**dict.fromkeys("IlL|[]!", "1"), "O": "0", "o": "0"})


def repair_date_glyphs(line: str) -> str:
    """"ngay I4 thang I] nam 2025" → "ngay 14 thang 11 nam 2025" (a legacy line)."""
    def repl(m: re.Match) -> str:
        day, month = m.group(2).translate(_ONE_GLYPHS), m.group(4).translate(_ONE_GLYPHS)
        if not (day.isdigit() and month.isdigit() and _valid(int(day), int(month))):
            return m.group(0)
        return f"{m.group(1)}{day}{m.group(3)}{month}"
    return _GLYPH_DATE.sub(repl, line)
