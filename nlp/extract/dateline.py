"""The number line and the date line of a directive's header: "Số: 12/KH-UBND", "Hà Nội,
ngày 05 tháng 3 năm 2025", as typed and as legacy OCR and its repair leave them ("$6:",
"S60:", "neay OS tháng 4", a year the margin cut onto the next line)."""

from __future__ import annotations

import datetime as dt
import re

from chidao.nlp.extract._text import LETTER, Line

__all__ = ["DATE_RE", "SO_RE", "find_date_place", "find_number", "place_before"]

_SYMBOL = r"(?P<sym>[A-ZĐ][A-Za-zĐđ0-9]*(?:\s?[-/]\s?[A-ZĐ][A-Za-zĐđ0-9]*)*)"
# "Số:", "SỐ", and legacy OCR's "$6:", "Sẽ:", "S60:", "Sé6:" (then a colon and a number are required).
# Upper-case "SỐ" only opens a column ("SỐ 25-NQ/TW" inside a heading cites a document).
SO_RE = re.compile(r"(?:(?:(?<![\w])S[ốôo6]|^\s*S[ỐÔO]|(?<=\s\s)S[ỐÔO])\s*:?\s*(?P<num>\d*)(?:/(?P<year>(?:19|20)\d\d))?"
                   r"|(?<![\w])(?:(?:[S$][^\W\d_]|S[6é0ốôoỐÔO]{2}|S[ỐÔ]\s0)\s*:|\$6\s*:?)\s*(?P<ocr_num>\d+))"
                   rf"\s*(?P<sep>[-/]+)?\s*{_SYMBOL}")
# OCR reads the digit 1 as I or l in dates ("tháng I2", "tháng II" for 12 and 11).
# Legacy OCR: "neay OS tháng 4" (ngày 05), digits read as letters.
# "ngày" as the English model reads it and the repair decodes it: neay, ngay, ngy → "ngụ"
_DAY_WORD = r"(?<![^\W\d_])(?:ngày|neay|ng[^\s\d,]{0,3})"
# "tháng" as the repair may leave it ("thùng [2", "thắng I]"): th, one vowel, ng
_MONTH_WORD = r"th[^\W\d_]ng"
DATE_RE = re.compile(rf"{_DAY_WORD}\s*(?P<d>[\dIlOSB]{{1,2}})?\s*{_MONTH_WORD}\s*(?P<m>[\dIlO\[\]|]{{1,2}})\s*năm\s*(?P<y>\d{{4}})")
_OCR_DIGITS = str.maketrans("IlOSB[]|", "11058111")  # "tháng [1 năm 2025": legacy OCR's bracket for a 1
# A date line whose day, month or year OCR made a word ("tháng Chờ", "ngày Đã thắng ở nắm 202%",
# "Hà Tĩnh. ngày Ô 38 tháng Lộ"): its place still reads. Legacy OCR reads the comma as a period.
_DATE_LINE_RE = re.compile(rf"[,.]\s*{_DAY_WORD}\s*\S{{1,4}}(?:\s\S{{1,3}})?\s*{_MONTH_WORD}\s*\S{{1,4}}\s*n[^\W\d_]m\s*\d{{3}}\S")
_PLACE_RE = re.compile(rf"(?P<place>(?:[{LETTER}]+(?:\s+[-–])?\s+){{0,5}}[{LETTER}]+)\s*[,.]\s*{_DAY_WORD}(?=\s|$)")  # "Bà Rịa - Vũng Tàu, ngày"


def place_before(text: str, date_start: int) -> str | None:
    """The place a date line names before its date ("Bà Rịa - Vũng Tàu, ngày …")."""
    place = _PLACE_RE.search(text[: date_start + 6])
    return _capitalised_tail(place.group("place")) if place else None


def find_date_place(head: list[Line]) -> tuple[int | None, str | None, str | None]:
    """The index of the date line, its ISO date and the place before it ("Hà Nội, ngày …");
    a line whose date OCR garbled still gives its place."""
    date_i, m = next(((i, m) for i in range(len(head)) if (m := DATE_RE.search(_date_text(head, i)))), (None, None))
    loose_i, loose = next(((i, lm) for i, ln in enumerate(head) if (lm := _DATE_LINE_RE.search(ln.text))), (None, None))
    if loose is not None and (m is None or loose_i < date_i):
        # "Tuyên Quang, ngày 06 tháng Chờ năm 2025": no date, but the place is there (and a
        # date further down is a cited law's, not this document's)
        return None, None, place_before(loose.string, loose.start())
    if m is None:
        return None, None, None
    d, mo, y = (m.group("d") or "").translate(_OCR_DIGITS), int(m.group("m").translate(_OCR_DIGITS)), m.group("y")
    return date_i, _iso_date(int(y), mo, int(d) if d else None), place_before(head[date_i].text, m.start())


def _date_text(head: list[Line], i: int) -> str:
    """A header line, with the next one when the margin cut the year off ("… tháng 01 năm" / "2026")."""
    text = head[i].text
    if text.rstrip().endswith("năm") and i + 1 < len(head) and re.match(r"\s*\d{4}\b", head[i + 1].text):
        return f"{text} {head[i + 1].text.strip()}"
    return text


def _iso_date(year: int, month: int, day: int | None) -> str | None:
    """ISO date, "YYYY-MM" when the day is blank; None when OCR left an impossible date."""
    try:
        return dt.date(year, month, day or 1).isoformat()[: 10 if day else 7]
    except ValueError:
        return None


def _capitalised_tail(words: str) -> str | None:
    """The capitalised words that end `words` ("Bà Rịa - Vũng Tàu": a dash between two)."""
    tail: list[str] = []
    parts = words.split()
    for k in range(len(parts) - 1, -1, -1):
        w = parts[k]
        dash = w in "-–" and tail and k > 0 and parts[k - 1][:1].isupper()
        if not (dash or (w[0].isupper() and w[1:].islower())):
            break
        tail.insert(0, w)
    k = len(parts) - len(tail)
    if tail and k >= 2 and parts[k - 2:k] == ["Thành", "phố"]:
        tail[:0] = ["Thành", "phố"]  # "Thành phố Hồ Chí Minh, ngày …", as Nghị định 30 writes it
    return " ".join(tail) or None


def find_number(head: list[Line]) -> tuple[int | None, str | None, str | None]:
    """The index of the number line, the số và ký hiệu ("12/KH-UBND") and its symbol."""
    for i, ln in enumerate(head):
        m = SO_RE.search(ln.text)
        if not m or not m.group("sym"):
            continue
        sym = re.sub(r"\s+", "", m.group("sym"))
        num = m.group("num") or m.group("ocr_num")
        if not num and not m.group("sep") and not re.search(r"[-/]", sym):
            continue  # "SỐ NOLVU": legacy OCR's "SỞ NỘI VỤ" repaired to a "SỐ" with no number nor symbol
        if not num:
            return i, None, sym.lstrip("-/")
        if m.group("year"):  # "25/2024/NQ-HĐND": a legal document's number carries its year
            num = f"{num}/{m.group('year')}"
        return i, f"{num}{(m.group('sep') or '/')[0]}{sym}", sym
    return None, None, None
