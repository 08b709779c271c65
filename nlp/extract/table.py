"""Task tables of plans and their annexes (Phụ lục): STT | Nội dung nhiệm vụ | Cơ quan chủ trì |
Cơ quan phối hợp | Thời gian hoàn thành (| Sản phẩm).

Text and OCR give a table either as lines with "|" separators or as columns aligned by runs of
two or more spaces. A header row, recognised by its column words (rules.json "table_headers";
it may wrap over several lines), opens a table. A line whose STT cell holds a number opens a
row; a line whose first cell is empty continues the row above (a wrapped cell). Group rows
("I | NHÓM NHIỆM VỤ …", "A", an upper-case content cell, or a numbered row with no other cell
whose sub-rows "1.1", "a" follow) and rows without content are not tasks. Every cell keeps
its document offsets, so the caller can use the gazetteer spans and the deadline finder on
it. Pure: text in, rows out; nothing here knows about spaCy."""

from __future__ import annotations

from dataclasses import dataclass, field

from chidao.nlp.extract._text import fold, is_upper_line, split_lines
from chidao.nlp.extract.table_reader import (ARABIC_RE, GROUP_ROW_RE, LETTER_RE, ROMAN_RE, SUBLETTER_RE, TableReader, bare_stt,
                                             stt_like)

ROLES = ("stt", "task", "lead", "cooperating", "deadline", "product")


@dataclass(frozen=True)
class TableRow:
    """One task row. `parts` maps each role to the stripped document ranges of its cell, one
    range per line the cell runs over; the text fields are those ranges joined by one space."""

    ordinal: str  # "pl-1", "pl-2.a", "pl-II.1" when numbering restarts per group; "pl2-…" in a 2nd table
    stt: str
    start: int
    end: int
    task: str
    lead: str
    cooperating: str
    deadline: str
    product: str | None
    group: str | None  # the group row above, "I NHÓM NHIỆM VỤ …"
    parts: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    start: int  # the header's first character
    end: int  # the last row's last character
    columns: tuple[str | None, ...]  # role of each column, None for one we do not use (Ghi chú)
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class TableVocabulary:
    headers: dict[str, tuple[str, ...]]  # role -> folded header phrases
    stops: tuple[str, ...]  # a line opening with one of these ends a table ("Nơi nhận")

    @classmethod
    def from_rules(cls, rules: dict) -> "TableVocabulary":
        headers = {role: tuple(fold(p) for p in rules["table_headers"].get(role, [])) for role in ROLES}
        return cls(headers, tuple(rules.get("body_stop_prefixes", [])))


def find_table_rows(text: str, vocabulary: TableVocabulary) -> list[TableRow]:
    """Every task row of every table in `text`, in order; [] when there is no table."""
    return [row for table in find_tables(text, vocabulary) for row in table.rows]


def find_tables(text: str, vocab: TableVocabulary) -> list[Table]:
    """The task tables of `text`; `vocab` comes from the task component's rules."""
    lines = split_lines(text)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        reader = TableReader.open(text, lines[i], vocab)
        if reader is None:
            i += 1
            continue
        j = reader.read(lines, i + 1)
        table = _table_of(reader, len(tables) + 1)
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = j
    return tables



def _table_of(reader: TableReader, number: int) -> Table | None:
    """The task rows a reader collected, as a table (None when it holds no task column or rows)."""
    if "task" not in reader.columns or not {"lead", "deadline"} & set(reader.columns) or not reader.rows:
        return None
    rows = _task_rows(reader, number)
    if not rows:
        return None
    return Table(reader.start, max(r.end for r in rows), tuple(reader.columns), tuple(rows))


def _task_rows(reader: TableReader, number: int) -> list[TableRow]:
    text = reader.text
    raw = reader.rows
    stt_col = reader.columns.index("stt") if reader.has_stt else None
    stts = [bare_stt(reader.cell(r["cells"], "stt")) if stt_col is not None else "" for r in raw]
    kept: list[tuple[dict, str, str | None, str | None]] = []  # (row, base ordinal, group marker, group text)
    group_marker: str | None = None
    group_text: str | None = None
    parent: str | None = None
    for k, r in enumerate(raw):
        stt, task = stts[k], reader.cell(r["cells"], "task")
        others = [reader.cell(r["cells"], role) for role in ("lead", "cooperating", "deadline", "product")]
        nxt = stts[k + 1] if k + 1 < len(stts) else ""
        has_children = bool(stt) and (nxt.startswith(f"{stt}.") or bool(SUBLETTER_RE.match(nxt)))
        # "QUÝ I" from the margin: a group's title the STT column holds (part of it)
        margin = bool(stt) and not stt_like(stt) and not any(others) and is_upper_line(f"{stt} {task}")
        if (ROMAN_RE.match(stt) or LETTER_RE.match(stt) or (task and is_upper_line(task)) or margin or GROUP_ROW_RE.match(task)
                or (has_children and not any(others))):
            group_marker, group_text = stt or None, " ".join(f"{stt} {task}".split()) or None
            parent = stt if ARABIC_RE.match(stt) else None
            continue
        if ARABIC_RE.match(stt) and "." not in stt:
            parent = None
        if not " ".join(task.split()):
            continue
        if stt and not stt_like(stt):
            continue  # an STT cell that is no number: a table garbled past reading (legacy OCR)
        if not stt:
            base = f"row{k + 1}"
        elif SUBLETTER_RE.match(stt) and parent:
            base = f"{parent}.{stt}"
        else:
            base = stt
        kept.append((r, base, group_marker, group_text))
    bases = [b for _, b, _, _ in kept]
    qualify = len(set(bases)) < len(bases)  # numbering restarts in each group
    prefix = "pl" if number == 1 else f"pl{number}"
    out: list[TableRow] = []
    seen: set[str] = set()
    for r, base, marker, gtext in kept:
        ordinal = f"{prefix}-{marker}.{base}" if qualify and marker and not base.startswith(f"{marker}.") else f"{prefix}-{base}"
        unique, n = ordinal, 1
        while unique in seen:
            n += 1
            unique = f"{ordinal}-{n}"
        seen.add(unique)
        parts = {role: tuple(r["cells"][reader.columns.index(role)]) for role in ROLES if role in reader.columns}
        first, last = r["lines"][0], r["lines"][-1]
        start = first.start + len(first.text) - len(first.text.lstrip())
        end = last.start + len(last.text.rstrip())

        def joined(role: str) -> str:
            return " ".join(" ".join(text[a:b] for a, b in parts.get(role, ())).split())

        out.append(TableRow(
            ordinal=unique, stt=bare_stt(reader.cell(r["cells"], "stt")) if stt_col is not None else "",
            start=start, end=end, task=joined("task"), lead=joined("lead"), cooperating=joined("cooperating"),
            deadline=joined("deadline"), product=joined("product") if "product" in parts else None,
            group=gtext, parts=parts,
        ))
    return out
