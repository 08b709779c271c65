"""Reading one task table line by line, from its header on: the columns the header names
(`table_header.py`), "|"-separated or space-aligned cells, wrapped cells and headers, legacy
OCR's specks and lost separators. `table.py` turns what a reader collected into task rows.
Pure: lines in, cells out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from chidao.nlp.extract._text import Line, is_upper_line
from chidao.nlp.extract.table_header import header_role, unmerged, unnamed_roles

if TYPE_CHECKING:
    from chidao.nlp.extract.table import TableVocabulary

__all__ = ["TableReader", "ARABIC_RE", "ROMAN_RE", "LETTER_RE", "SUBLETTER_RE", "bare_stt", "stt_like"]

_PIPES = "|│¦"
_PIPE_RE = re.compile(f"[{_PIPES}]")
_FRAGMENT_RE = re.compile(r"\S+(?:[ \u00a0]\S+)*")  # words joined by single spaces; 2+ spaces or a tab split
ARABIC_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.)]?$")
ROMAN_RE = re.compile(r"^[IVXL]{1,5}[.)]?$")
LETTER_RE = re.compile(r"^[A-ZĐ][.)]?$")
SUBLETTER_RE = re.compile(r"^[a-zđ][.)]?$")
_COLUMN_NO_RE = re.compile(r"^\(?\d{1,2}\)?$")  # "(1) | (2) | (3)": the column-number row under a header
_ROW_START_RE = re.compile(rf"^\s*[{_PIPES}\[{{]?\s*(?:\d{{1,3}}(?:\.\d{{1,2}})*|[IVXL]{{1,5}}|[A-ZĐa-zđ])[.)]?\s*[{_PIPES}]")  # "2 | …", "| 2.1 | …", "a | …"
_ITEM_RE = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})\.\s+[A-ZĐÀ-Ỹ]")  # "3. Giao …", "IV. TỔ CHỨC …"
_RULE_RE = re.compile(r"^[\s|│¦+:=_\-─┼├┤┬┴┌┐└┘]*$")  # "|---|---|", "+----+": drawing only


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _pipe_cells(text: str, line: Line, bordered: bool, drawn: bool = False) -> list[tuple[int, int]] | None:
    """The line's cells between "|" separators; `drawn`: the line's rules stand under the
    header's, so an empty first cell is the STT's, not OCR's "|" for 1."""
    cuts = [m.start() for m in _PIPE_RE.finditer(line.text)]
    if not cuts:
        return None
    if not bordered and not drawn and len(cuts) > 1 and not line.text[:cuts[0]].strip() and not line.text[cuts[0] + 1:cuts[1]].strip():
        cuts = cuts[1:]  # "| | Xây dựng …" in a table without a left border: OCR read the STT 1 as "|"
    edges = [-1] + cuts + [len(line.text)]
    cells = [_strip(text, line.start + a + 1, line.start + b) for a, b in zip(edges, edges[1:])]
    if bordered and cells and cells[0][0] == cells[0][1]:
        cells = cells[1:]
    if len(cells) > 1 and cells[-1][0] == cells[-1][1] and _closed(line):
        cells = cells[:-1]
    return cells


def _space_cells(line: Line) -> list[tuple[int, int]]:
    return [(line.start + m.start(), line.start + m.end()) for m in _FRAGMENT_RE.finditer(line.text)]


_NUMBER_HEAD_RE = re.compile(r"(?:STT|TT|Stt)(?= \S)")


def _number_column_apart(text: str, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"STT Nhiệm vụ    Chủ trì …": a header that left one space after its number column
    (the rows' "1   Tham mưu …" keep theirs apart) names two columns in its first cell."""
    if not cells or not (m := _NUMBER_HEAD_RE.match(text, cells[0][0])):
        return cells
    a, b = cells[0]
    return [(a, m.end()), (m.end() + 1, b)] + cells[1:]


class TableReader:
    """Reads one table from its header line on."""

    def __init__(self, text: str, vocab: TableVocabulary, layout: str, bordered: bool, header: Line, cells: list[tuple[int, int]]):
        self.text, self.vocab, self.layout, self.bordered = text, vocab, layout, bordered
        self.start = header.start + len(header.text) - len(header.text.lstrip())
        self.header_pipes = [m.start() for m in _PIPE_RE.finditer(header.text)]  # where the header draws its rules
        self.header_texts = [text[a:b] for a, b in cells]
        if layout == "pipe":
            self.header_texts = unmerged(self.header_texts, vocab)
        roles = [header_role(c, vocab) for c in self.header_texts]
        self.columns: list[str | None] = unnamed_roles(roles, self.header_texts, vocab)
        if layout == "pipe" and self.columns[0] is None and len(self.header_texts[0].strip()) <= 3 and "task" in self.columns[1:3]:
            self.columns[0] = "stt"  # legacy OCR's "TỬ", "STI" for the number column
        self.starts = [a - header.start for a, _ in cells]  # column positions in a line (space layout)
        self.rows: list[dict] = []  # {"lines": [Line], "cells": [[(a, b)] per column]}
        # legacy OCR cut the bordered header inside a cell: "| … | Thời" / "hạn |"
        self.header_open = layout == "pipe" and bordered and not _closed(header)

    @classmethod
    def open(cls, text: str, line: Line, vocab: TableVocabulary) -> "TableReader | None":
        stripped = line.text.strip()
        if len(_PIPE_RE.findall(stripped)) >= 2:
            bordered = stripped[0] in _PIPES
            cells, layout = _pipe_cells(text, line, bordered), "pipe"
        else:
            cells, layout, bordered = _number_column_apart(text, _space_cells(line)), "space", False
        if not cells or len(cells) < 3:
            return None
        texts = [text[a:b] for a, b in cells]
        if any(len(t.split()) > 10 for t in texts):
            return None
        roles = [header_role(t, vocab) for t in texts]
        known = [r for r in roles if r]
        if len(set(known)) < 2 or not {"task", "lead"} & set(known):
            return None
        return cls(text, vocab, layout, bordered, line, cells)

    @property
    def has_stt(self) -> bool:
        return "stt" in self.columns

    def _assign(self, line: Line) -> list[list[tuple[int, int]]] | None:
        """The line's cell ranges per column, or None when the line is no table line."""
        n = len(self.columns)
        out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        if self.layout == "pipe":
            cells = _pipe_cells(self.text, line, self.bordered, drawn=self._drawn(line))
            if cells is None:
                return None
            for k, cell in enumerate(cells):
                if cell[0] < cell[1]:
                    out[min(k, n - 1)].append(cell)
            return out
        frags = self._split_at_columns(line, _space_cells(line))
        if len(frags) == n:
            self.starts = [a - line.start for a, _ in frags]
            for k, frag in enumerate(frags):
                out[k].append(frag)
            return out
        col = -1
        for a, b in frags:
            pos = a - line.start
            nearest = min(range(max(col, 0), n), key=lambda k: (abs(self.starts[k] - pos), k))
            col = max(col, nearest)
            out[col].append((a, b))
        return out

    def _split_at_columns(self, line: Line, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A cell that ran up to the next column leaves one space before it ("… thương mại,
        PCCC và CNCH", "… phương Phòng Tham mưu"): a fragment is cut at the word boundary that
        falls on a column's start (within a letter)."""
        out = []
        for a, b in frags:
            for c in self.starts:
                at = line.start + c
                cut = next((k for k in (at, at - 1, at + 1) if a < k < b and self.text[k - 1] == " " and self.text[k] != " "), None)
                if cut is not None:
                    out.append((a, cut - 1))
                    a = cut
            out.append((a, b))
        return out

    def _reflowed(self, lines: list[Line], i: int) -> tuple[Line, int]:
        """Legacy OCR reflows a "|" table like prose: a row runs on over the next lines, cut
        anywhere ("… giai đoạn / 2025 - 2030 | Sở Khoa học … | … thành / phố | Quý III/2025").
        A line with fewer cells than the header's that does not end in a separator takes the
        following lines up to a blank line, the next row's "N |", or enough cells; returns the
        joined line and the index of its last line."""
        line, j = lines[i], i
        while self._runs_on(line) and j + 1 < len(lines):
            k = _past_blanks(lines, j + 1)
            nxt = lines[k].text if k < len(lines) else ""
            if not nxt.strip() or _ROW_START_RE.match(nxt) or any(nxt.strip().startswith(w) for w in self.vocab.stops):
                break
            if k > j + 1 and not _PIPE_RE.search(nxt):
                break  # a blank line, then prose: the row had ended ("… | Sở Tài chính |" / "" / "Nơi …")
            j = k  # legacy OCR's page layout may put a blank line inside a row ("… cho người" / "dân |" / "" / "Sở Khoa học … |")
            line = Line(line.start, lines[j].end, self.text[line.start:lines[j].end])
        return line, j

    def _awaits_cell(self) -> bool:
        """The last row ended on a separator short of its cells ("… | Sở Nội vụ |" / "" /
        "Tháng 11/2025"): the next short line, even after a blank one, is its missing cell."""
        last = self.rows[-1]
        return _closed(last["lines"][-1]) and sum(bool(c) for c in last["cells"]) < len(self.columns)

    def _done_before(self, s: str) -> bool:
        """A numbered item right under a bordered row that closed with every cell ("… | Trước
        ngày 20 hằng tháng |" / "3. Giao Phòng …", empty cells counted): legacy OCR dropped the blank line, the
        table has ended."""
        return (self.bordered and not self._runs_on(self.rows[-1]["lines"][-1])
                and _ITEM_RE.match(s) is not None and not _PIPE_RE.search(s))

    def _drawn(self, line: Line) -> bool:
        """Whether a (physical) line has every rule of the header, each under the header's."""
        at = [m.start() for m in _PIPE_RE.finditer(line.text)]
        return ("\n" not in line.text and len(at) >= len(self.header_pipes) > 0
                and all(any(abs(a - h) <= 1 for h in self.header_pipes) for a in at))

    def _runs_on(self, line: Line) -> bool:
        """Whether a (joined) row line is cut short. A row of a bordered table ends on "|" once
        it has every cell; a borderless row ends when it has every cell, even when a line of it
        ends on "|" ("2 | Biên soạn tài liệu … |" / "Sở Khoa học và Công nghệ | … | Tháng 10/2025":
        the cut fell after a separator)."""
        cells = len(_pipe_cells(self.text, line, self.bordered) or ())
        if self.bordered and cells > 1:
            return cells < len(self.columns) or not _closed(line)
        if self._drawn(line):
            return False  # "   | ca bệnh, … | bệnh tật tỉnh | phường |": a whole line of a drawn row
        return 1 < cells < len(self.columns)

    def _header_runs_on(self, s: str, texts: list[str]) -> bool:
        """Legacy OCR cut the bordered header row: "| STT | Nội dung | Chủ trì |" then
        "Phối hợp | Thời gian |" — a line without the left border whose cells are column names;
        or it cut an open header at a separator: "| STT | … | Phối hợp" / "| Thời hạn"."""
        filled = [t for t in texts if t]
        return (self.layout == "pipe" and self.bordered and not self.rows and (s[0] not in _PIPES or self.header_open)
                and bool(filled) and all(header_role(t, self.vocab) and not stt_like(t) for t in filled))

    def _continue_header(self, line: Line, cut_in_cell: bool) -> None:
        """Adds the columns a header line cut by legacy OCR goes on with; when the cut fell
        inside a cell, the line's first piece ends the last column's name ("Thời" / "hạn |")."""
        texts = [self.text[a:b] for a, b in _pipe_cells(self.text, line, True) or ()]
        if cut_in_cell:
            self.header_texts[-1] = f"{self.header_texts[-1]} {texts[0]}"
            self.columns[-1] = header_role(self.header_texts[-1], self.vocab)
            texts = texts[1:]
        extra = [t for t in texts if t]
        self.header_texts += extra
        self.columns = unnamed_roles(self.columns + [header_role(t, self.vocab) for t in extra], self.header_texts, self.vocab)

    def _group_line(self, cells: list[list[tuple[int, int]]], filled: list[str]) -> bool:
        """"QUÝ III/2025" alone in the task column of a space-laid table, or "QUÝ I" from the
        line's start, under the STT: a group's row, no STT of its own (not the next line of the
        row above)."""
        group = " ".join(filled)  # "QUÝ I" may be cut at the task column's start
        others = [role for role in self.columns if role not in ("stt", "task")]
        if self.layout != "space" or stt_like(self.cell(cells, "stt")):
            return False
        if GROUP_ROW_RE.match(group):
            return True  # "GIAI ĐOẠN 1: Từ tháng 01/2025 đến hết tháng 4/2025 (…)" across the columns
        return (not any(self.cell(cells, role) for role in others) and len(group.split()) >= 2
                and sum(c.isalpha() for c in group) >= 4 and is_upper_line(group))

    def cell(self, cells: list[list[tuple[int, int]]], role: str) -> str:
        k = self.columns.index(role) if role in self.columns else None
        return " ".join(self.text[a:b] for a, b in cells[k]) if k is not None else ""

    def read(self, lines: list[Line], i: int) -> int:
        """Reads rows from line `i`; returns the index of the first line after the table."""
        blank = False
        noise = 0
        while i < len(lines):
            line = lines[i]
            s = line.text.strip()
            if not s or _is_rule(s):
                blank = blank or not s
                i += 1
                continue
            if any(s.startswith(w) for w in self.vocab.stops):
                break
            if self.layout == "pipe" and not self.rows and not _PIPE_RE.search(s) and noise < 3:
                noise += 1  # legacy OCR's specks between the header and the first row ("Xe nổ ra TỪ")
                i += 1
                continue
            if self.layout == "pipe" and self.rows and self._done_before(s):
                break
            if self.layout == "pipe" and self.rows and not _PIPE_RE.search(s) and (
                    not blank or _row_follows(lines, i + 1) or (self._awaits_cell() and len(s.split()) <= 8)):
                # "… | 6 tháng đầu / năm 2025": the last cell of a reflowed row runs on; after
                # a row line that ended on a separator ("… | Sở Nội vụ |" / "Tháng 11/2025"), the next cell
                last = self.rows[-1]
                k = max((k for k, c in enumerate(last["cells"]) if c), default=len(last["cells"]) - 1)
                if _closed(last["lines"][-1]) and k + 1 < len(last["cells"]):
                    k += 1
                last["lines"].append(line)
                last["cells"][k] = last["cells"][k] + [_strip(self.text, line.start, line.end)]
                i += 1
                continue
            if self.layout == "pipe":
                line, i = self._reflowed(lines, i)
            cells = self._assign(line)
            if cells is None:
                if re.fullmatch(r"[-–\s\d]{1,7}", s):  # a page number inside the table
                    i += 1
                    continue
                break
            texts = [" ".join(self.text[a:b] for a, b in c) for c in cells]
            cut_in_cell = self.header_open and not self.rows and s[0] not in _PIPES
            if cut_in_cell or self._header_runs_on(s, texts):
                self._continue_header(line, cut_in_cell)
                self.header_open = cut_in_cell and not _closed(line)
                i += 1
                continue
            self.header_open = False
            filled = [t for t in texts if t]
            if len(filled) >= 2 and all(_COLUMN_NO_RE.match(t) for t in filled):
                i += 1
                continue
            if self.rows and not stt_like(texts[0]) and len([t for t in texts if header_role(t, self.vocab)]) >= 2:
                i += 1  # the header repeated on a new page
                continue
            first = texts[0]
            if self.has_stt:
                opens = bool(first) or self._group_line(cells, filled)
                if opens and len(filled) == 1 and ARABIC_RE.match(first) and self.layout == "space":
                    i += 1  # a lone number: a page number
                    continue
                if first and self.layout == "space" and not stt_like(first) and not self._group_line(cells, filled):
                    break  # prose after the table
            else:
                task = self.cell(cells, "task")
                opens = bool(task) and (task[0].isupper() or task[0].isdigit() or task[0] in "-–+•")
            if not opens and not self.rows and any(len(t.split()) > 4 for t in texts):
                opens = True  # a first row whose STT OCR lost ("| | Xây dựng Đề án …"), not the header wrapping
            if not opens:
                if not self.rows:
                    if any(texts[k] for k in range(len(texts))):  # the header wraps
                        self.header_texts = [f"{h} {t}".strip() for h, t in zip(self.header_texts, texts)]
                        self.columns = [header_role(h, self.vocab) for h in self.header_texts]
                    i += 1
                    continue
                if blank and self.layout == "space":
                    break
                self.rows[-1]["lines"].append(line)
                for k, c in enumerate(cells):
                    self.rows[-1]["cells"][k] += c
            else:
                self.rows.append({"lines": [line], "cells": cells})
            blank = False
            i += 1
        return i


def _past_blanks(lines: list[Line], i: int) -> int:
    """The index of the first line from `i` on that is not blank (len(lines) if none)."""
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    return i


def _row_follows(lines: list[Line], i: int) -> bool:
    """Whether the next line with text from `i` on opens a row: a line without separators
    between two rows, even after a blank line, is the end of a cell ("Trong 20 ngày kể từ" / ""
    / "ngày ban hành Kế hoạch" / "" / "2 | …"), not prose after the table."""
    k = _past_blanks(lines, i)
    return k < len(lines) and _ROW_START_RE.match(lines[k].text) is not None


def _closed(line: Line) -> bool:
    """Whether a line ends on a column separator."""
    return line.text.rstrip()[-1:] in tuple(_PIPES)


def _is_rule(s: str) -> bool:
    """A line that draws the table: "|---|---|", "+----+", or one that OCR speckled ("+-----+ -—---- 4 ---")."""
    if _RULE_RE.match(s):
        return True
    marks = sum(c in "|│¦+:=_-—–─┼├┤┬┴┌┐└┘" for c in s)
    return marks >= 10 and marks >= 0.9 * len(s.replace(" ", ""))


# A group's row by its label, whatever follows it: "GIAI ĐOẠN 2: Từ ngày 01/5/2025 …", "ĐỢT 1", "QUÝ II"
# (after OCR's speck, "|    GIAI ĐOẠN 2")
GROUP_ROW_RE = re.compile(r"[|'\s]*(?:GIAI [ĐÐ]OẠN|[ĐÐ]ỢT|QUÝ|PHẦN|NHÓM)\s+(?:\d{1,2}|[IVX]{1,4})(?![\w/])")


def stt_like(cell: str) -> bool:
    c = _unmarked(cell)
    return bool(ARABIC_RE.match(c) or ROMAN_RE.match(c) or LETTER_RE.match(c) or SUBLETTER_RE.match(c))


def bare_stt(cell: str) -> str:
    bare = _unmarked(cell).rstrip(".)")
    return "1" if bare in tuple(_PIPES) + ("l",) else bare  # OCR's "|" or "l" for a lone 1


def _unmarked(cell: str) -> str:
    """The number cell without the speck before it: legacy OCR's "[5" for the left border and
    5, a stray "|4" in a table laid out with spaces ("|" alone stays: OCR's 1)."""
    c = cell.strip()
    return c.lstrip("[{" + _PIPES) if len(c) > 1 else c
