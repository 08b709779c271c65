"""The Restorer: detect what each line needs (detect.py), turn every line of a paragraph
into decoder positions — fixed tokens, inventory variants for plain text, channel candidates
for legacy OCR — decode the paragraph in one beam search so context crosses line breaks, and
write the chosen readings back into the original lines (spacing, punctuation, numbers and
casing kept).

One Restorer owns its models (loaded from one folder on first use), its memos (all bounded,
least recently used first) and the lock that makes it safe to share between threads."""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

from chidao.nlp.restore.bodies import protect_department_codes, repair_body_names, repair_department_heads
from chidao.nlp.restore.decoder import Candidate, LmStates, decode
from chidao.nlp.restore.detect import classify_lines
from chidao.nlp.restore.legacy import SEARCH as LEGACY_SEARCH
from chidao.nlp.restore.legacy import core_candidates, legacy_positions
from chidao.nlp.restore.model import MODEL_DIR, RestoreModel, is_syllable_shape, load_model
from chidao.nlp.restore.numbers import repair_numbers, repair_wrapped_dates
from chidao.nlp.restore.text import apply_case, fold, lm_token, normalize_tones, tokenize_line

# A position: (line index, start, end, candidates, recase). start is None for a fixed token
# that only gives the LM its context; recase means the candidate text is lowercase and takes
# the casing of the token it replaces.
_Position = tuple[int, "int | None", int, tuple[Candidate, ...], bool]
_MEMO_SIZE = 200_000


def _fixed_uncached(tok: str, kind: str) -> tuple[Candidate, ...]:
    return (Candidate((lm_token(tok, kind),), 0.0, tok),)


# An already-accented syllable is replaced by another accented variant only when the LM
# prefers it by this many log10 units: enough to fix clear `vie` OCR slips (dần → dân in
# "Nhân dần") and to leave correct text alone.
SLIP_PENALTY = 3.5


def _slip_uncached(low: str, model: RestoreModel) -> tuple[Candidate, ...]:
    variants = model.plain_candidates.get(fold(low), ())
    if low not in model.syllables or len(variants) < 2:
        return ()
    return (Candidate((low,), 0.0, low),) + tuple(
        Candidate(c.lm_words, -SLIP_PENALTY, c.text) for c in variants if c.text != low)


def _paragraphs(kinds: list[str], lines: list[str]) -> list[list[int]]:
    """Runs of non-blank lines that hold at least one line with letters."""
    blocks, cur = [], []
    for i, line in enumerate(lines):
        if line.strip():
            cur.append(i)
            continue
        if cur:
            blocks.append(cur)
        cur = []
    if cur:
        blocks.append(cur)
    return [b for b in blocks if any(kinds[i] != "none" for i in b)]


class Restorer:
    """Restores one text at a time (a lock guards the memos); models load on first use."""

    def __init__(self, model_dir: Path = MODEL_DIR, memo_size: int = _MEMO_SIZE):
        self.model_dir = Path(model_dir)
        self._lock = threading.Lock()
        self._memo_size = memo_size
        self._loaded: tuple[RestoreModel, object, LmStates] | None = None
        self._fixed = functools.lru_cache(maxsize=memo_size)(_fixed_uncached)
        self._slip = functools.lru_cache(maxsize=memo_size)(lambda low: _slip_uncached(low, self.model))
        self._core = functools.lru_cache(maxsize=memo_size)(
            lambda core: core_candidates(core, self.model, self.channel))

    @property
    def model(self) -> RestoreModel:
        return self._load()[0]

    @property
    def channel(self):
        """The legacy-OCR Channel, or None when its data cannot be loaded (fallback)."""
        return self._load()[1]

    def restore(self, text: str) -> str:
        """See `restore_diacritics`."""
        if not text:
            return text
        with self._lock:
            model = self.model
            lines = normalize_tones(text).split("\n")
            kinds = classify_lines(lines, model)
            _fix_vv(lines, kinds)
            _fix_table_rules(lines, kinds)
            _fix_comma_periods(lines, kinds)
            for i, kind in enumerate(kinds):
                if kind == "legacy":
                    lines[i] = protect_department_codes(lines[i])
            for block in _paragraphs(kinds, lines):
                self._restore_block(block, lines, kinds)
            _fix_section_titles(lines, kinds)
            _fix_list_markers(lines, kinds)
            _drop_stray_marks(lines, kinds)
            _fix_case_slips(lines, kinds)
            for i, kind in enumerate(kinds):
                if kind in ("legacy", "plain"):
                    lines[i] = repair_numbers(lines[i])
                if kind == "legacy":
                    lines[i] = repair_department_heads(repair_body_names(lines[i]))
            repair_wrapped_dates(lines, kinds)
            return "\n".join(lines)

    def needs_restoration(self, text: str) -> bool:
        """See `needs_restoration`."""
        if not text.strip():
            return False
        with self._lock:
            kinds = classify_lines(normalize_tones(text).split("\n"), self.model)
        return any(k in ("plain", "legacy") for k in kinds)

    def clear_memos(self) -> None:
        """Forget every memoised search (a benchmark's cold start)."""
        with self._lock:
            for memo in (self._fixed, self._slip, self._core, tokenize_line):
                memo.cache_clear()
            if self._loaded is not None:
                self._loaded[2].clear()
                if self._loaded[1] is not None:
                    self._loaded[1].clear()

    def _load(self) -> tuple[RestoreModel, object, LmStates]:
        if self._loaded is None:
            model = load_model(self.model_dir)
            try:
                from chidao.nlp.restore.channel import Channel

                channel = Channel(self.model_dir, self._memo_size)
            except (ImportError, OSError):
                channel = None
            self._loaded = (model, channel, LmStates(model.lm))
        return self._loaded

    def _plain_positions(self, li: int, line: str, restore: bool) -> list[_Position]:
        out: list[_Position] = []
        plain = self.model.plain_candidates
        for s, e, kind, protected in tokenize_line(line):
            tok = line[s:e]
            cands = plain.get(fold(tok)) if restore and kind == "w" and not protected else None
            if cands is None:
                out.append((li, None, e, self._fixed(tok, kind), False))
            else:
                out.append((li, s, e, cands, True))
        return out

    def _accented_positions(self, li: int, line: str) -> list[_Position]:
        out: list[_Position] = []
        for s, e, kind, protected in tokenize_line(line):
            tok = line[s:e]
            cands = (self._slip(tok.lower()) or None) if kind == "w" and not protected else None
            if cands is None:
                out.append((li, None, e, self._fixed(tok, kind), False))
            else:
                out.append((li, s, e, cands, True))
        return out

    def _restore_block(self, block: list[int], lines: list[str], kinds: list[str]) -> None:
        positions: list[_Position] = []
        for li in block:
            if kinds[li] == "legacy":
                positions.extend(legacy_positions(li, lines[li], self._core, self.channel is not None))
            elif kinds[li] == "accented":
                positions.extend(self._accented_positions(li, lines[li]))
            else:
                positions.extend(self._plain_positions(li, lines[li], restore=kinds[li] == "plain"))
        if not positions:
            return
        search = LEGACY_SEARCH if any(kinds[li] == "legacy" for li in block) else {}
        chosen = decode(self._load()[2], [p[3] for p in positions], **search)
        _apply(lines, positions, chosen)


def _apply(lines: list[str], positions: list[_Position], chosen: list[int]) -> None:
    """Write the chosen readings back into their lines."""
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for (li, s, e, cands, recase), ci in zip(positions, chosen):
        if s is None:
            continue
        orig = lines[li][s:e]
        text = cands[ci].text
        if recase and not orig.islower():
            text = apply_case(orig, text)
        if text != orig:
            edits.setdefault(li, []).append((s, e, text))
    for li, changes in edits.items():
        line, pieces, at = lines[li], [], 0
        for s, e, text in changes:  # in line order: positions run left to right
            pieces += (line[at:s], text)
            at = e
        pieces.append(line[at:])
        lines[li] = "".join(pieces)


@functools.lru_cache(maxsize=1)
def default_restorer() -> Restorer:
    """The process's restorer on the shipped models."""
    return Restorer()


def restore_diacritics(text: str) -> str:
    """Any Vietnamese text → correct NFC text with new-style tone placement (hòa, ủy).

    Unaccented lines get full diacritics, legacy English-model OCR is repaired, and lines that
    are already accented Vietnamese come back unchanged. Line structure, punctuation, numbers,
    document numbers ("25-NQ/TW") and casing are kept.

    >>> restore_diacritics("Ban Thuong vu Tinh uy yeu cau")
    'Ban Thường vụ Tỉnh ủy yêu cầu'
    """
    return default_restorer().restore(text)


def needs_restoration(text: str) -> bool:
    """Whether any line of `text` is unaccented or legacy OCR (so restore_diacritics would
    change more than tone placement)."""
    return default_restorer().needs_restoration(text)


# "ti? ngay", "tt’ ngay": the English model reads the horn of ừ as "?" or "’". Inside a
# sentence (a lower-case word follows) such a mark glued to a word is that glyph, not text.
_STRAY_MARK = re.compile(r"(?<=[^\W\d_])[?’‘'](?=\s+([^\W\d_]))")


# "PHÓ Bí THƯ THƯỜNG TRỰC", "Ủy BAN NHÂN DÂN": a lower-case letter the English model read in a
# line of capitals (i for I); the header and signature parsers look for whole capital lines.
_WORD = re.compile(r"[^\W\d_]+")
_VOWEL = re.compile(r"[AEIOUY]", re.IGNORECASE)


# "Đảng Ủy UBND tỉnh", "Tỉnh Ủy": a committee's "ủy" read as a capital in running text (the
# body names are matched as written: "Đảng ủy", "Tỉnh ủy", "cấp ủy").
_COMMITTEE_CAP = re.compile(r"(?<![\w])((?:Đảng|Tỉnh|Huyện|Thành|Thị|Quận|[Cc]ấp) )Ủy(?![\w])")


def _fix_case_slips(lines: list[str], kinds: list[str]) -> None:
    for i, line in enumerate(lines):
        if kinds[i] not in ("legacy", "plain"):
            continue
        line = _COMMITTEE_CAP.sub(r"\1ủy", line)
        words = list(_WORD.finditer(line))
        # a capital word, not an abbreviation ("SGDDT", "PTNT", "VT" have no vowel)
        upper = [len(w.group()) >= 2 and w.group().isupper() and _VOWEL.search(fold(w.group())) is not None for w in words]
        for k, w in enumerate(words):
            text = w.group()
            if upper[k] or text.islower() or not text[:1].isupper():
                continue
            before, after = upper[max(0, k - 1):k], upper[k + 1:k + 3]
            if (before == [True] and after[:1] == [True]) or (k == 0 and after == [True, True]):
                line = line[:w.start()] + text.upper() + line[w.end():]
        lines[i] = _lone_capitals(line) if kinds[i] == "legacy" else line


_ROMAN = re.compile(r"^[IVXLC]+$")


def _lone_capitals(line: str) -> str:
    """"1. ĐỀ nghị Ủy ban …", "của TỔ công tác": a word of running text that legacy OCR read in
    capitals, one syllable alone before a lower-case word ("UBND", "II", "BÍ THƯ" stay)."""
    words = list(re.finditer(r"\S+", line))
    out, at = [], 0
    for k, w in enumerate(words[:-1]):
        text, prev, after = w.group(), words[k - 1].group() if k else "", words[k + 1].group()
        if (len(text) < 2 or not text.isalpha() or not text.isupper() or _ROMAN.match(text)
                or not after[:1].islower() or prev.isupper() or not is_syllable_shape(fold(text.lower()))):
            continue
        out += [line[at:w.start()], text[0] + text[1:].lower()]  # a name's head keeps its capital
        at = w.end()
    return "".join(out) + line[at:]


def _drop_stray_marks(lines: list[str], kinds: list[str]) -> None:
    for i, line in enumerate(lines):
        if kinds[i] == "legacy":
            lines[i] = _STRAY_MARK.sub(lambda m: "" if m.group(1).islower() else m.group(0), line)


_MARKER = re.compile(r"^(\s*)([^\W\d_])\)")


# The "V/v" (về việc) that opens a letter's trích yếu, as the English model reads it.
_VV_OCR = re.compile(r"^(\s*)(?:VW|Vwv|Vw|Vv|V[/|][wy]|V\s[/|]\s?v|\\\s?v[vy]?)(?=\s+[^\W\d_])")


def _fix_vv(lines: list[str], kinds: list[str]) -> None:
    """'VW triển khai …' → 'V/v …' on a legacy line before restoration: left alone the LM
    makes "VW" a word ("TƯ")."""
    for i, line in enumerate(lines):
        if kinds[i] in ("legacy", "plain") and _VV_OCR.match(line):
            lines[i] = _VV_OCR.sub(r"\1V/v", line, count=1)


# A task table's rules as the English model reads them: "}4{ Tổ chức …", "J 1 | Rà soát …",
# "} S| Triển khai …" (S for 5) open rows; "… kinh doanh | Sở Tài chính} Sở Công Thương" a cell.
_ROW_OCR = re.compile(r"^(\s*)[|}{J\]]\s*([\dOoIlSZ]{1,2})\s*[|}{)\]]")
_RULE_OCR = re.compile(r" ?[{}] ?")
_RULE_OCR_ANY = re.compile(r" ?[{}\]] ?")  # "]" too where no "[" opens a bracket
_ROW_DIGITS = str.maketrans("OoIlSZ", "001152")


def _fix_table_rules(lines: list[str], kinds: list[str]) -> None:
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
        lines[i] = line


# "UBND các xa. phuong", "chuc nang. nhiem vu": the English model reads a comma as a period;
# in Vietnamese prose a period inside a line never runs on into a lower-case word.
_COMMA_PERIOD = re.compile(r"(?<=[^\W\d_]{2})\.(?= [^\W\d_])")


def _fix_comma_periods(lines: list[str], kinds: list[str]) -> None:
    for i, line in enumerate(lines):
        if kinds[i] in ("legacy", "plain"):
            lines[i] = _COMMA_PERIOD.sub(lambda m: "," if line[m.end() + 1].islower() else ".", line)


# "Buoc 2. Tổ chức kiểm điểm": a step's title; the LM alone reads "Buộc" (is forced).
_STEP = re.compile(r"^(\s*)(?:Buộc|Buốc|Bước|Buoc)(?=\s+\d{1,2}\s*[.:)])")


# "11. CÁC BƯỚC TIẾN HÀNH", "1V. TỔ CHỨC THỰC HIỆN": a section's Roman numeral with its I read
# as 1 or l; a line in capitals under it is a heading, never item 11.
_ROMAN_OCR = re.compile(r"^(\s*)([1lI|\]]{2,3}|[1lI|]V|V[1lI|]{1,3})(?=\.\s)")
_ONE_LIKE = str.maketrans("1l|]", "IIII")  # "II]. TỔ CHỨC THỰC HIỆN" too


# "4, Kiểm soát chặt chẽ …": an item number whose period the English model read as a comma.
_ITEM_COMMA = re.compile(r"^(\s*\d{1,2}),(?=\s+[^\W\d_])")


# "2. Giáo Trưởng các thôn:": "Giao" (assign) before a body's capital, which the LM made "Giáo"
# (no word "giáo" opens an item before a name).
_GIAO_OCR = re.compile(r"^(\s*(?:\d{1,2}(?:\.\d{1,2})*\.\s*|[a-zđ]\)\s*|[-–+]\s*)?)Gi[áàảãạ]o(?=\s+[A-ZĐ])")


def _opens_paragraph(lines: list[str], i: int) -> bool:
    prev = lines[i - 1].strip() if i else ""
    return not prev or prev[-1] in ".:;!" or prev.isupper()


def _fix_section_titles(lines: list[str], kinds: list[str]) -> None:
    """A line opening "Buộc 2." is a step, "Bước 2."; "11. CÁC BƯỚC …" is section II; "4, Kiểm
    soát …" opening a paragraph is item 4; "2. Giáo Trưởng các thôn:" is "Giao"."""
    for i, line in enumerate(lines):
        if kinds[i] not in ("plain", "legacy"):
            continue
        line = _STEP.sub(r"\1Bước", line, count=1)
        if kinds[i] == "legacy":
            line = _GIAO_OCR.sub(r"\1Giao", line, count=1)
        item = _ITEM_COMMA.match(line)
        if item and kinds[i] == "legacy" and line[item.end():].lstrip()[:1].isupper() and _opens_paragraph(lines, i):
            line = item.group(1) + "." + line[item.end():]
        roman = _ROMAN_OCR.match(line)
        if roman and line[roman.end():].isupper():
            line = roman.group(1) + roman.group(2).translate(_ONE_LIKE) + line[roman.end(2):]
        lines[i] = line


_LETTER_ORDER = "abcdđeghiklmnopqrstuvxy"


def _fix_list_markers(lines: list[str], kinds: list[str]) -> None:
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
            lines[i] = m.group(1) + letter + line[m.end(2):]
        prev = letter
