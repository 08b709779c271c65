"""restore_diacritics: detect what each line needs (detect.py), turn every line of a paragraph
into decoder positions — fixed tokens, inventory variants for plain text, channel candidates
for legacy OCR — decode the paragraph in one beam search so context crosses line breaks, and
write the chosen readings back into the original lines (spacing, punctuation, numbers and
casing kept)."""

from __future__ import annotations

from nlp.restore.decoder import Candidate, decode
from nlp.restore.detect import classify_lines
from nlp.restore.legacy import legacy_positions
from nlp.restore.model import RestoreModel, load_model
from nlp.restore.text import apply_case, lm_token, normalize_tones, tokenize_line

# A position: (line index, start, end, candidates); start is None for a fixed token that only
# gives the LM its context.
_Position = tuple[int, "int | None", int, list[Candidate]]


def _fixed(line: str, s: int, e: int, kind: str) -> Candidate:
    tok = line[s:e]
    return Candidate((lm_token(tok, kind),), 0.0, tok)


def _plain_positions(li: int, line: str, model: RestoreModel, restore: bool) -> list[_Position]:
    out: list[_Position] = []
    for s, e, kind, protected in tokenize_line(line):
        tok = line[s:e]
        variants = model.variants.get(tok.lower()) if restore and kind == "w" and not protected else None
        if not variants:
            out.append((li, None, e, [_fixed(line, s, e, kind)]))
            continue
        cands = [Candidate((syl,), 0.0, apply_case(tok, syl)) for syl, _ in variants]
        out.append((li, s, e, cands))
    return out


def _paragraphs(kinds: list[str], lines: list[str]) -> list[list[int]]:
    """Runs of non-blank lines that hold at least one line to restore."""
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
    return [b for b in blocks if any(kinds[i] in ("plain", "legacy") for i in b)]


def _restore_block(block: list[int], lines: list[str], kinds: list[str], model: RestoreModel) -> None:
    positions: list[_Position] = []
    for li in block:
        if kinds[li] == "legacy":
            positions.extend(legacy_positions(li, lines[li], model))
        else:
            positions.extend(_plain_positions(li, lines[li], model, restore=kinds[li] == "plain"))
    if not positions:
        return
    chosen = decode(model.lm, [p[3] for p in positions])
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for (li, s, e, cands), ci in zip(positions, chosen):
        if s is not None and cands[ci].text != lines[li][s:e]:
            edits.setdefault(li, []).append((s, e, cands[ci].text))
    for li, changes in edits.items():
        line = lines[li]
        for s, e, text in sorted(changes, reverse=True):
            line = line[:s] + text + line[e:]
        lines[li] = line


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
    for block in _paragraphs(kinds, lines):
        _restore_block(block, lines, kinds, model)
    return "\n".join(lines)


def needs_restoration(text: str) -> bool:
    """Whether any line of `text` is unaccented or legacy OCR (so restore_diacritics would
    change more than tone placement)."""
    if not text.strip():
        return False
    model = load_model()
    kinds = classify_lines(normalize_tones(text).split("\n"), model)
    return any(k in ("plain", "legacy") for k in kinds)
