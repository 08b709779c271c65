"""Task tables whose column gaps legacy OCR closed up. A table laid out with spaces comes back
from the English model with one space between its columns, and a wrapped deadline often on a
line of its own:

    STT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian
    1 Rà soát, cập nhật 100% tàu cá Sở Nông nghiệp và UBND các xã, phường, Trước
    15/9/2025
    vào cơ sở dữ liệu nghề cá quốc Môi trường đặc khu ven biển

The header is found by its column words, run together or not ("Cơ quanchitri"); a row opens
with the next number; in its first line the task runs up to the first body name, the lead is
that name and the bodies after it cooperate; deadline phrases are taken wherever the row has
them. Later lines add to the task what comes before their first body name, and to the
partners' list a body after a list mark; a group heading between rows ("II. CẢI CÁCH THỦ TỤC
HÀNH CHÍNH") is passed over. The cells keep their document ranges, as `table.py`'s do, so
the task component reads these rows like any other. Only where `table.py` finds no table."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Sequence

from rapidfuzz import fuzz

from chidao.nlp.extract._text import Line, bare, fold, split_lines
from chidao.nlp.extract.table import Table, TableRow, TableVocabulary

# a row's number; or a mark OCR made of it ("| Rà soát" for 1, "ở Nâng cấp" for 6), which
# `_row_number` takes only before a capitalised word
_ROW_RE = re.compile(r"^\s*(?:(\d{1,2})[.)]?|([|\]!])|(\S{1,2}))\s+(?=\S)")
_ITEM_RE = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=[A-ZĐÀ-Ỹ])")
_DEADLINE_RE = re.compile(
    r"(?:(?:Trước|Từ|Đến|đến|Trong|Chậm nhất)\s+(?:ngày\s+)?)?\d{1,2}/\d{1,2}/\d{4}"
    r"|(?:(?:Trước|Trong)\s+)?(?:[Qq]uý|QUÝ)\s+[IVXl1]{1,4}(?:\s*,\s*[IVXl1]{1,4})*\s*/\s*\d{4}|Năm \d{4}"
    r"|(?:(?:Trước|Trong)\s+)?[Tt]háng\s+\d{1,2}(?:\s*-\s*\d{1,2})?\s*/\s*\d{4}"
    r"|Thường xuyên|[Hh]ằng (?:ngày|tuần|tháng|quý|năm)|Trước ngày \d{1,2} hằng (?:tháng|quý)"
    r"|^(?:Trước|Từ|Quý|Tháng|Năm|Trong)$|(?<=\s)(?:Trước|Từ|Quý|Tháng)$"
    r"|^\s*(?:\d{1,2}|[IVXl1]{1,4})\s*/\s*\d{4}\s*$")  # "Tháng" / "11/2025": the month a line's end cut off
_END = r"Nơi nhận|PHỤ LỤC|Trên đây"  # what follows a table, never one of its group headings
_END_RE = re.compile(rf"^\s*(?:{_END})")
_STOP_RE = re.compile(rf"^\s*(?:[IVX]{{1,4}}\s*[.)]\s|{_END})|^\s*[A-ZĐÀ-Ỹ ,\-]{{12,}}$")
_OCR_ROMAN_RE = re.compile(r"^\s*[ilI|]{1,3}\s*[.)]\s+[A-ZĐÀ-Ỹ]{2}")  # "i. CÃI CÁCH …": a group's II. as OCR read it
_MARKS = " \t—–-_=~+;,.:|"
_LIST_MARK = re.compile(r" ?[;,:]")  # after a cell: its list goes on (":" is OCR's ";")
_DASH_RE = re.compile(r"(?:^|(?<=\S))\s*[-–]\s*(?=\S)")  # a list item's dash, opening a line or after a cell
_REST_RE = re.compile(r"\s*(\w[^;.\-–]{0,40}?)\s*[;.]")  # "nữ tỉnh;": a wrapped name's last words
_MARKED_RE = re.compile(r"(?<=\S) ?([;:])\s*$")  # a line's words up to a partner after a list mark


def find_flat_tables(text: str, vocab: TableVocabulary, opens_body: Callable[[str], bool],
                     names: Sequence[str] = ()) -> list[Table]:
    """The collapsed task tables of `text`; `opens_body(s)` says whether `s` opens with a body
    name; `names`, the known bodies, finish a name the row's first line cuts off ("Sở Nông
    nghiệp và" / "… Môi trường")."""
    known = _known(tuple(names))
    lines = split_lines(text)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if not _header(lines[i].text, vocab):
            i += 1
            continue
        header = lines[i]
        rows, i = _rows(lines, i + 1)
        width = _task_width([row[0] for _, row in rows], opens_body, known)
        found = [r for r in (_row(text, n, row, opens_body, known, len(tables) + 1, width) for n, row in rows) if r]
        if found:
            tables.append(Table(header.start, found[-1].end, ("stt", "task", "lead", "cooperating", "deadline"), tuple(found)))
    return tables


def _header(line: str, vocab: TableVocabulary) -> bool:
    """A line of column words with no separator left, after the number column's: the task's,
    the lead's and the deadline's or the cooperating bodies' (matched with the spaces taken
    out, as OCR glues them)."""
    words = line.split()
    if "|" in line or not 4 <= len(words) <= 18 or len(words[0]) > 4 or not words[0].isalpha() \
            or not (words[0].isupper() or words[0][:1].isupper() and len(words[0]) <= 3 and "," not in line):
        return False  # the number column's "STT" / "TT" (or OCR's "TỪ", "Sứ") opens it; "II." does not
    flat = fold(line).lower().replace(" ", "")
    found = {role for role, phrases in vocab.headers.items() if role in ("task", "lead", "cooperating", "deadline")
             for p in map(lambda p: p.replace(" ", ""), phrases)
             if len(p) >= 6 and fuzz.partial_ratio(p, flat) >= (80 if len(p) >= 10 else 88)}
    return {"task", "lead"} <= found and bool({"deadline", "cooperating"} & found)


def _rows(lines: list[Line], i: int) -> tuple[list[tuple[int, list[Line]]], int]:
    """The number and lines of each numbered row from line `i` on (rows 1, 2, 3 … in order, or
    one number on where OCR lost a row's), and where they end: at a heading, the signature or
    a list of items after the table (an item numbered back below the rows), or when no row
    opens within three lines of the header. A group heading between rows ("II. CẢI CÁCH THỦ
    TỤC HÀNH CHÍNH") is passed over, and the line after it opens the next row whatever OCR
    made of its number ("ở Nâng cấp …" for 6); so is the first row's "1" read as "|"."""
    rows: list[tuple[int, list[Line]]] = []
    start, grouped = i, False
    while i < len(lines):
        line = lines[i]
        number = _row_number(line.text, grouped)
        expected = rows[-1][0] + 1 if rows else 1
        if number and (number in (expected, -1) or rows and number == expected + 1 and len(rows[-1][1]) >= 2):
            rows.append((expected if number == -1 else number, [line]))
            grouped = False
        elif (_STOP_RE.match(line.text) or _OCR_ROMAN_RE.match(line.text)) and _group_heading(lines, i, expected):
            grouped = True
        elif _STOP_RE.match(line.text) or not rows and line.text.strip() and i - start >= 3:
            break
        elif (item := _ITEM_RE.match(line.text)) and 1 < int(item.group(1)) <= len(rows):
            break  # "2. Đề nghị …" after row 9: the list the table sits in goes on
        elif rows and line.text.strip():
            if len(rows[-1][1]) >= 8:
                break
            rows[-1][1].append(line)
        i += 1
    return rows, i


def _row_number(line: str, grouped: bool) -> int:
    """The number a line opens a row with: its digits; 1 for a mark OCR made of "1" ("| Rà
    soát"); -1 (the next) for any short mark right after a group heading ("ở Nâng cấp");
    0 when it opens none."""
    m = _ROW_RE.match(line)
    if not m:
        return 0
    if m.group(1):
        return int(m.group(1))
    word = line[m.end():m.end() + 2]
    if not (len(word) == 2 and word[0].isupper() and word[1].islower()):
        return 0  # "I. CẢI CÁCH …", "- Sở …": no row
    return -1 if grouped else 1 if m.group(2) else 0


def _group_heading(lines: list[Line], i: int, expected: int) -> bool:
    """Whether line `i`, a heading, groups the table's rows: a short one whose next non-blank
    line opens a row (numbered `expected` or one on, or any short mark before a capital)."""
    if len(lines[i].text) > 80 or _END_RE.match(lines[i].text):
        return False
    after = next((ln.text for ln in lines[i + 1:i + 3] if ln.text.strip()), "")
    return _row_number(after, True) in (-1, expected, expected + 1)


def _task_width(firsts: list[Line], opens_body: Callable[[str], bool], known: tuple[str, ...]) -> int:
    """How many characters of a row's first line the task column takes at least: most rows'
    task runs to about the column's width before the first name, so a name much sooner
    ("2 Nâng cấp Trung tâm giám sát, điều Sở Khoa học và …") is the task's own word."""
    widths = []
    for line in firsts:
        offset = _ROW_RE.match(line.text).end()
        starts = _name_starts(line.text, offset, len(line.text), opens_body, known, skip=offset)
        if starts:
            widths.append(starts[0] - offset)
    widths.sort()
    return int(0.6 * widths[len(widths) // 2]) if len(widths) >= 3 else 0


def _row(text: str, number: int, row_lines: list[Line], opens_body: Callable[[str], bool], known: tuple[str, ...],
         table_no: int, width: int = 0) -> TableRow | None:
    """One row: in its first line the task up to the first body name (never its first word),
    then the lead and the cooperating bodies, one cell from each name's start to the next, each
    finished from a later line when the line's end cut it off; in later lines, the words
    before their first name (or the end of a finished one) go on with the task."""
    first, later = row_lines[0], row_lines[1:]
    cells: dict[str, list[tuple[int, int]]] = {"task": [], "lead": [], "cooperating": [], "deadline": []}
    offset = _ROW_RE.match(first.text).end()
    for line in row_lines:
        cells["deadline"] += [(line.start + m.start(), line.start + m.end())
                              for m in _DEADLINE_RE.finditer(line.text, offset if line is first else 0)]
    names = _first_line_names(text, first, offset, cells, opens_body, known, width)
    taken = list(cells["deadline"])
    for k, span in enumerate(names):
        pieces = _completed(text, span, later, known, taken)
        taken += pieces[1:]
        cells["cooperating" if k else "lead"] += pieces
    # A body further down the row, past the task column's width (0.8 of where the first line's
    # names begin), goes on with the partners' list where a list mark comes before it: the
    # last partner's ("UBND các xã;" / "Công an xã") or its own ("… tổ chức tỉnh; Hội Cựu
    # chiến"). Before that width a body is one the task's words name; the lead column's list
    # does not go on so: a wrapped lead's words sit before the partners'.
    column = int(0.8 * (cells["lead"][0][0] - first.start)) if cells["lead"] else 0
    for j, line in enumerate(later):
        _later_line(text, line, later[j + 1:], cells, taken, column, opens_body, known)
    if not cells["task"]:
        return None
    last = row_lines[-1]
    return TableRow(ordinal=f"{'pl' if table_no == 1 else f'pl{table_no}'}-{number}", stt=str(number),
                    start=first.start, end=last.start + len(last.text.rstrip()),
                    task=_joined(text, cells["task"]), lead=_joined(text, cells["lead"]),
                    cooperating=_joined(text, cells["cooperating"]), deadline=_joined(text, cells["deadline"]),
                    product=None, group=None, parts={role: tuple(spans) for role, spans in cells.items()})


def _first_line_names(text: str, first: Line, offset: int, cells: dict[str, list[tuple[int, int]]],
                      opens_body: Callable[[str], bool], known: tuple[str, ...], width: int) -> list[tuple[int, int]]:
    """The body names of a row's first line, in order (the lead's first); the words before the
    first of them go to the task cell."""
    names: list[tuple[int, int]] = []
    for a, b in _pieces(first.text, offset, _spans(first, cells["deadline"])):
        starts = [k for k in _name_starts(first.text, a, b, opens_body, known, skip=offset) if k - offset >= width]
        if names and a not in starts and first.text[a:b].lstrip(_MARKS)[:1].isupper():
            starts.insert(0, a + len(first.text[a:b]) - len(first.text[a:b].lstrip(_MARKS)))  # a cell after a rule
        cuts = [a] + starts + [b]
        for s, e in zip(cuts, cuts[1:]):
            span = _trim(text, first.start + s, first.start + e)
            if span and s not in starts and not names:
                cells["task"].append(span)
            elif span and s in starts:
                names.append(span)
    return names


def _later_line(text: str, line: Line, below: list[Line], cells: dict[str, list[tuple[int, int]]],
                taken: list[tuple[int, int]], column: int, opens_body: Callable[[str], bool], known: tuple[str, ...]) -> None:
    """One later line of a row: its words up to its first name go on with the task; names past
    `column` (or after a partner's dash) go on with the partners, each finished from the lines
    `below` where the line's end cut it off. Fills `cells` and `taken` in place."""
    stop = min([len(line.text)] + [a for a, _ in _spans(line, taken)])
    starts = _name_starts(line.text, 0, stop, opens_body, known, skip=-1)
    listed = bool(cells["cooperating"]) and _LIST_MARK.match(text, cells["cooperating"][-1][1]) is not None
    # "- Hội Liên hiệp Phụ" on a line of its own, or after the task's words ("trên tuyến -
    # Sở Giao thông vận tải;"): the partners' dash list goes on wherever legacy OCR, which
    # drops a line's indent and closes up its columns, put it
    dash = _dash_partner(line.text, stop, opens_body) if cells["cooperating"] else None
    lo, hi = _list_room(line, dash[1] if dash else column, taken, cells["deadline"])
    found = _name_starts(line.text, lo, hi, opens_body, known, skip=-1, lower=True)
    dashed = dash[0] if dash and found[:1] == [dash[1]] else None
    more = _listed(text, line, cells["cooperating"][-1] if listed else None, found, hi, dashed)
    new = more[1:] if listed else more
    span = _trim(text, line.start, line.start + min([stop] + starts + [a - line.start for a, _ in new[:1]]))
    if span:
        cells["task"].append(span)  # the task's words go on at the line's start
    if listed and more:
        cells["cooperating"][-1] = more[0]
    for cell in new:  # each finished from the lines below where the line's end cut it off
        pieces = _completed(text, cell, below, known, taken)
        if len(pieces) == 1 and dashed is not None and below:
            pieces += _wrapped_rest(text, cell, below[0])
        taken += pieces[1:]
        cells["cooperating"] += pieces


def _listed(text: str, line: Line, last: tuple[int, int] | None, starts: list[int], stop: int,
            dashed: int | None = None) -> list[tuple[int, int]]:
    """The bodies at `starts` on `line` that go on with the partners' list, each after a list
    mark: after the `last` partner's (returned first, with its mark) or, the first of them,
    after one on the line ("tỉnh; Hội Cựu chiến") or after the dash at `dashed`; [] when none
    does."""
    out = [last] if last else []
    for s, e in zip(starts, starts[1:] + [stop]):
        more = _trim(text, line.start + s, line.start + e)
        if not more or _DEADLINE_RE.search(text[more[0]:more[1]]):
            break
        if dashed is not None and s == starts[0]:
            if out and (mark := _LIST_MARK.match(text, out[-1][1])):
                out[-1] = (out[-1][0], mark.end())
            out.append(more)
            continue
        if out:
            a, b = out[-1]
            mark = _LIST_MARK.match(text, b)
            if not mark:
                break
            out[-1:] = [(a, mark.end()), more]
        elif mark := _MARKED_RE.search(line.text[:s]):
            out = [(line.start + mark.start(1), more[1])]  # with its mark: "… xã hội ; UBND các xã" splits
    return out if len(out) > (1 if last else 0) else []


def _dash_partner(line: str, stop: int, opens_body: Callable[[str], bool]) -> tuple[int, int] | None:
    """Where a dash before a body name is on `line` (before `stop`), and where the name begins."""
    for m in _DASH_RE.finditer(line, 0, stop):
        if opens_body(line[m.end():stop]):
            return m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()
    return None


def _wrapped_rest(text: str, cell: tuple[int, int], below: Line) -> list[tuple[int, int]]:
    """The rest of a dashed partner the line's end cut off, at the start of the line below up to
    its list mark ("- Hội Liên hiệp Phụ" / "nữ tỉnh;"), when the cell itself has no mark."""
    if re.search(r"[;.]\s*$", text[cell[0]:cell[1]]) or _LIST_MARK.match(text, cell[1]):
        return []
    m = _REST_RE.match(below.text)
    if m is None or (m.group(1)[0].isupper() and below.text[m.end():].strip()):
        return []  # a capital opens the rest only on a line of its own ("Công viên địa chất.")
    return [(below.start + m.start(1), below.start + m.end())]  # with its mark, where the list splits


def _list_room(line: Line, column: int, taken: list[tuple[int, int]], deadlines: list[tuple[int, int]]) -> tuple[int, int]:
    """Where on `line` the partners' list may go on: past the task column and past the end of
    a name finished there ("Ủy ban MTTQ Việt Nam" / "tỉnh; Hội Cựu chiến"), up to the
    deadline cell."""
    on, dated = _spans(line, taken), _spans(line, deadlines)
    lo = max([column] + [b for a, b in on if (a, b) not in dated])
    return lo, min([len(line.text)] + [a for a, _ in on if a >= lo])


def _spans(line: Line, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The document `spans` that fall on `line`, as positions in it."""
    return [(a - line.start, b - line.start) for a, b in spans if line.start <= a <= line.start + len(line.text)]


def _name_starts(line: str, a: int, b: int, opens_body: Callable[[str], bool], known: tuple[str, ...], skip: int,
                 lower: bool = False) -> list[int]:
    """Where body names begin in line[a:b] (not at `skip`, the task's first word), a word
    inside a known name that began before it excepted; `lower`: at any word, past the task's
    column ("… lập hồ sơ các tổ dân phố")."""
    starts: list[int] = []
    for s in _word_starts(line, a, b, lower):
        if s != skip and opens_body(line[s:b]) and not (starts and _inside_name(line, starts[-1], s, known)):
            starts.append(s)
    return starts


def _joined(text: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(" ".join(text[a:b] for a, b in spans).split())


@lru_cache(maxsize=4)
def _known(names: tuple[str, ...]) -> tuple[str, ...]:
    """The known names as `_words` writes them, read once (not per document)."""
    return tuple(sorted({_words(n) for n in names}))


def _words(text: str) -> str:
    """Lower case, no diacritics, no punctuation: "UBND các xã. phương" ~ "UBND các xã, phường"."""
    return " ".join(re.findall(r"\w+", bare(text)))


def _completed(text: str, span: tuple[int, int], later: list[Line], known: tuple[str, ...],
               taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A cell cut off at the line's end, with the rest of the one known name it begins, where
    a later line of the row holds that rest outside the `taken` spans: [span] or [span, rest]."""
    cell = _words(text[span[0]:span[1]])
    if not cell:
        return [span]
    rests = sorted({n[len(cell) + 1:] for n in known if n.startswith(cell + " ")}, key=len, reverse=True)
    found, found_len = None, 0
    for rest in rests:  # the longest rest; of two as long ("phường", "các xã"), the one read first
        if found is not None and len(rest) < found_len:
            break
        hit = _free_match(rest, later, taken)
        if hit is not None and (found is None or hit < found):
            found, found_len = hit, len(rest)
    return [span] if found is None else [span, found]


def _free_match(rest: str, later: list[Line], taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first place in `later` where the words of `rest` stand outside the `taken` spans."""
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, rest.split())) + r"(?!\w)")
    for line in later:
        for m in pattern.finditer(bare(line.text)):
            a, b = line.start + m.start(), line.start + m.end()
            if not any(x < b and a < y for x, y in taken):
                return a, b
    return None


def _inside_name(line: str, start: int, at: int, known: tuple[str, ...]) -> bool:
    """Whether the words from `start` to `at` and on are one known name that goes past `at`
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh"), or that the line's end cuts off."""
    head, tail = _words(line[start:at]).split(), _words(line[at:]).split()
    if not head or not tail:
        return False
    so_far = head + tail
    for name in known:
        words = name.split()
        if len(words) > len(head) and words[:len(head) + 1] == so_far[:len(head) + 1]:
            return True
    return False


# What is left of a column rule between two cells ("Công an phường + Phòng KTHTĐT", "Phòng KTHTĐT —_ Công an")
_RULE_RE = re.compile(r"\s(?:[+|]|[—–][_—–]*|_+)(?=\s)")


def _pieces(line: str, offset: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of `line` from `offset` on between its deadline phrases and what is left
    of its column rules."""
    rules = [(m.start(), m.end()) for m in _RULE_RE.finditer(line, offset)]
    out, at = [], offset
    for a, b in sorted(spans + rules) + [(len(line), len(line))]:
        if a >= at and line[at:a].strip(_MARKS):
            out.append((at, a))
        at = max(at, b)
    return out


def _word_starts(line: str, a: int, b: int, lower: bool = False) -> list[int]:
    """Where the words of line[a:b] begin; a lower-case one ("các xã") only after a mark or a
    comma, so that "UBND các xã" and "lập danh sách các tuyến phố" stay whole ("~UBND": a speck
    before a word is no part of it); with `lower`, every word."""
    if lower:
        return [m.start(1) for m in re.finditer(r"(?<!\S)[~+=—–_\-]*([^\W\d_])", line[:b]) if m.start(1) >= a]
    out = []
    for m in re.finditer(r"(?<!\S)[~+=—–_\-]*([^\W\d_])", line[a:b]):
        k = a + m.start(1)
        before = line[:a + m.start()].rstrip()
        if line[k].isupper() or before and before[-1] in _MARKS or m.start(1) > m.start():
            out.append(k)
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a] in _MARKS:
        a += 1
    while b > a and text[b - 1] in _MARKS:
        b -= 1
    return (a, b) if a < b else None
