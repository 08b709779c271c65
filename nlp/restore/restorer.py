"""restore_diacritics: detect what each line needs (detect.py), turn every line of a paragraph
into decoder positions — fixed tokens, inventory variants for plain text, channel candidates
for legacy OCR — decode the paragraph in one beam search so context crosses line breaks, and
write the chosen readings back into the original lines (spacing, punctuation, numbers and
casing kept)."""

from __future__ import annotations

import re

from nlp.restore.decoder import Candidate, decode
from nlp.restore.detect import classify_lines
from nlp.restore.legacy import SEARCH as LEGACY_SEARCH
from nlp.restore.legacy import legacy_positions
from nlp.restore.model import RestoreModel, load_model
from nlp.restore.text import apply_case, fold, lm_token, normalize_tones, tokenize_line

# A position: (line index, start, end, candidates, recase). start is None for a fixed token
# that only gives the LM its context; recase means the candidate text is lowercase and takes
# the casing of the token it replaces.
_Position = tuple[int, "int | None", int, tuple[Candidate, ...], bool]
_FIXED: dict[tuple[str, str], tuple[Candidate, ...]] = {}


def _fixed(tok: str, kind: str) -> tuple[Candidate, ...]:
    hit = _FIXED.get((tok, kind))
    if hit is None:
        if len(_FIXED) > 500_000:
            _FIXED.clear()
        hit = _FIXED[(tok, kind)] = (Candidate((lm_token(tok, kind),), 0.0, tok),)
    return hit


def _plain_positions(li: int, line: str, model: RestoreModel, restore: bool) -> list[_Position]:
    out: list[_Position] = []
    plain = model.plain_candidates
    for s, e, kind, protected in tokenize_line(line):
        tok = line[s:e]
        cands = plain.get(fold(tok)) if restore and kind == "w" and not protected else None
        if cands is None:
            out.append((li, None, e, _fixed(tok, kind), False))
        else:
            out.append((li, s, e, cands, True))
    return out


# An already-accented syllable is replaced by another accented variant only when the LM
# prefers it by this many log10 units: enough to fix clear `vie` OCR slips (dần → dân in
# "Nhân dần") and to leave correct text alone.
SLIP_PENALTY = 3.5
_SLIP: dict[str, tuple[Candidate, ...]] = {}


def _slip_candidates(low: str, model: RestoreModel) -> tuple[Candidate, ...] | None:
    hit = _SLIP.get(low)
    if hit is None:
        variants = model.plain_candidates.get(fold(low), ())
        if low not in model.syllables or len(variants) < 2:
            hit = ()
        else:
            hit = (Candidate((low,), 0.0, low),) + tuple(
                Candidate(c.lm_words, -SLIP_PENALTY, c.text) for c in variants if c.text != low)
        _SLIP[low] = hit
    return hit or None


def _accented_positions(li: int, line: str, model: RestoreModel) -> list[_Position]:
    out: list[_Position] = []
    for s, e, kind, protected in tokenize_line(line):
        tok = line[s:e]
        cands = _slip_candidates(tok.lower(), model) if kind == "w" and not protected else None
        if cands is None:
            out.append((li, None, e, _fixed(tok, kind), False))
        else:
            out.append((li, s, e, cands, True))
    return out


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


def _restore_block(block: list[int], lines: list[str], kinds: list[str], model: RestoreModel) -> None:
    positions: list[_Position] = []
    for li in block:
        if kinds[li] == "legacy":
            positions.extend(legacy_positions(li, lines[li], model))
        elif kinds[li] == "accented":
            positions.extend(_accented_positions(li, lines[li], model))
        else:
            positions.extend(_plain_positions(li, lines[li], model, restore=kinds[li] == "plain"))
    if not positions:
        return
    search = LEGACY_SEARCH if any(kinds[li] == "legacy" for li in block) else {}
    chosen = decode(model.lm, [p[3] for p in positions], **search)
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


def restore_diacritics(text: str) -> str:
    """Any Vietnamese text → correct NFC text with new-style tone placement (hòa, ủy).

    Unaccented lines get full diacritics, legacy English-model OCR is repaired, and lines that
    are already accented Vietnamese come back unchanged. Line structure, punctuation, numbers,
    document numbers ("25-NQ/TW") and casing are kept.

    >>> restore_diacritics("Ban Thuong vu Tinh uy yeu cau")
    'Ban Thường vụ Tỉnh ủy yêu cầu'
    """
    if not text:
        return text
    model = load_model()
    lines = normalize_tones(text).split("\n")
    kinds = classify_lines(lines, model)
    _fix_vv(lines, kinds)
    for block in _paragraphs(kinds, lines):
        _restore_block(block, lines, kinds, model)
    _fix_list_markers(lines, kinds)
    _drop_stray_marks(lines, kinds)
    return "\n".join(lines)


# "ti? ngay", "tt’ ngay": the English model reads the horn of ừ as "?" or "’". Inside a
# sentence (a lower-case word follows) such a mark glued to a word is that glyph, not text.
_STRAY_MARK = re.compile(r"(?<=[^\W\d_])[?’‘'](?=\s+([^\W\d_]))")


def _drop_stray_marks(lines: list[str], kinds: list[str]) -> None:
    for i, line in enumerate(lines):
        if kinds[i] == "legacy":
            lines[i] = _STRAY_MARK.sub(lambda m: "" if m.group(1).islower() else m.group(0), line)


_MARKER = re.compile(r"^(\s*)([^\W\d_])\)")


# The "V/v" (về việc) that opens a letter's trích yếu, as the English model reads it.
_VV_OCR = re.compile(r"^(\s*)(?:VW|Vv|V[/|]w|V\s[/|]\s?v)(?=\s+[^\W\d_])")


def _fix_vv(lines: list[str], kinds: list[str]) -> None:
    """'VW triển khai …' → 'V/v …' on a legacy line before restoration: left alone the LM
    makes "VW" a word ("TƯ")."""
    for i, line in enumerate(lines):
        if kinds[i] in ("legacy", "plain") and _VV_OCR.match(line):
            lines[i] = _VV_OCR.sub(r"\1V/v", line, count=1)


def _fix_list_markers(lines: list[str], kinds: list[str]) -> None:
    """List items run a) b) c) d) đ) e): without diacritics "d)" is ambiguous and the LM
    cannot see the previous item, so an unaccented "d)" right after a "d)" item is "đ)"."""
    prev = None
    for i, line in enumerate(lines):
        m = _MARKER.match(line)
        if not m:
            continue
        letter = m.group(2)
        if letter in "dD" and prev in ("d", "D") and kinds[i] in ("plain", "legacy"):
            letter = "đ" if letter == "d" else "Đ"
            lines[i] = m.group(1) + letter + line[m.end(2):]
        prev = letter


def needs_restoration(text: str) -> bool:
    """Whether any line of `text` is unaccented or legacy OCR (so restore_diacritics would
    change more than tone placement)."""
    if not text.strip():
        return False
    model = load_model()
    kinds = classify_lines(normalize_tones(text).split("\n"), model)
    return any(k in ("plain", "legacy") for k in kinds)
