"""The Restorer: detect what each line needs (detect.py), turn every line of a paragraph
into decoder positions — fixed tokens, inventory variants for plain text, channel candidates
for legacy OCR — decode the paragraph in one beam search so context crosses line breaks, and
write the chosen readings back into the original lines (spacing, punctuation, numbers and
casing kept).

One Restorer owns its models (loaded from one folder on first use), its memos (all bounded,
least recently used first) and the lock that makes it safe to share between threads."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from chidao.nlp.restore.bodies import (protect_department_codes, repair_body_names, repair_department_heads,
                                       repair_committee_heads, repair_glued_names, repair_ward_word,
                                       repair_wrapped_body_names)
from chidao.nlp.restore.decoder import Candidate, LmStates, decode
from chidao.nlp.restore.detect import classify_lines
from chidao.nlp.restore.legacy import SEARCH as LEGACY_SEARCH
from chidao.nlp.restore.legacy import core_candidates, legacy_positions
from chidao.nlp.restore.lunar import fix_lunar_years
from chidao.nlp.restore.model import MODEL_DIR, RestoreModel, load_model
from chidao.nlp.restore.names import NameLexicon
from chidao.nlp.restore.numbers import repair_numbers, repair_wrapped_dates
from chidao.nlp.restore.ocr_lines import (drop_stray_marks, fix_around_bodies, fix_case_slips, fix_comma_periods,
                                           fix_item_one, fix_legacy_tokens, fix_list_markers, fix_section_titles,
                                           fix_table_rules, fix_vv)
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
    """Runs of non-blank lines that hold at least one line with letters, a run whose sentence
    goes on past a blank line joined to the next."""
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
    joined: list[list[int]] = []
    for block in blocks:
        if joined and _runs_on(lines[joined[-1][-1]], lines[block[0]]):
            joined[-1] += block  # "… phối hợp với Ban Tổ chức Tỉnh ủy xay" / "" / "dung chuong trinh …"
        else:
            joined.append(block)
    return [b for b in joined if any(kinds[i] != "none" for i in b)]


def _runs_on(last: str, first: str) -> bool:
    """Whether a sentence goes on across the blank line(s) between two blocks: the one before
    stops without a sentence's end and the one after opens in lower case (legacy OCR leaves
    blank lines inside a paragraph, and a word cut from its neighbours is read blind)."""
    end = last.rstrip()[-1:]
    start = first.lstrip()[:1]
    return bool(end) and end not in ".:;!?" and start.isalpha() and start.islower()


class Restorer:
    """Restores one text at a time (a lock guards the memos); models load on first use."""

    def __init__(self, model_dir: Path = MODEL_DIR, memo_size: int = _MEMO_SIZE):
        self.model_dir = Path(model_dir)
        self._lock = threading.Lock()
        self._memo_size = memo_size
        self._loaded: tuple[RestoreModel, object, LmStates, NameLexicon | None] | None = None
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
            fix_vv(lines, kinds)
            fix_table_rules(lines, kinds)
            fix_comma_periods(lines, kinds)
            fix_legacy_tokens(lines, kinds)
            for i, kind in enumerate(kinds):
                if kind == "legacy":
                    lines[i] = protect_department_codes(lines[i])
            for block in _paragraphs(kinds, lines):
                self._restore_block(block, lines, kinds)
            fix_section_titles(lines, kinds)
            fix_item_one(lines, kinds)
            fix_list_markers(lines, kinds)
            drop_stray_marks(lines, kinds)
            fix_case_slips(lines, kinds)
            fix_around_bodies(lines, kinds)
            for i, kind in enumerate(kinds):
                if kind in ("legacy", "plain"):
                    lines[i] = fix_lunar_years(repair_numbers(lines[i]))
                if kind == "legacy":
                    lines[i] = repair_department_heads(repair_body_names(repair_glued_names(lines[i])))
                if kind in ("legacy", "plain"):
                    lines[i] = repair_committee_heads(lines[i])
            repair_wrapped_dates(lines, kinds)
            repair_wrapped_body_names(lines, kinds, model.lm)
            repair_ward_word(lines, kinds)
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

    def _load(self) -> tuple[RestoreModel, object, LmStates, NameLexicon | None]:
        if self._loaded is None:
            model = load_model(self.model_dir)
            try:
                from chidao.nlp.restore.channel import Channel

                channel = Channel(self.model_dir, self._memo_size)
            except (ImportError, OSError):
                channel = None
            names_file = self.model_dir / "names.tsv"
            names = NameLexicon.load(names_file) if names_file.exists() else None
            self._loaded = (model, channel, LmStates(model.lm), names)
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
        channel, names = self.channel, self._load()[3]
        for li in block:
            if kinds[li] == "legacy":
                positions.extend(legacy_positions(li, lines[li], self._core, channel is not None,
                                                  channel.is_acronym if channel is not None else None, names))
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
