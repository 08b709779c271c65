"""Decoder positions for a line of legacy English-model OCR. Each whitespace token is one
position whose candidates come from the channel model (nlp/restore/channel.py,
`Channel.candidates`), each a tuple of output tokens with a channel log10 probability; the
decoder weighs them against the syllable LM. Without a channel (its data cannot be loaded), a
small fallback offers every inventory variant of the token's folded core. The restorer owns
the channel and the memo of `core_candidates`."""

from __future__ import annotations

import re
from typing import Callable

from chidao.nlp.restore.bodies import is_department_code
from chidao.nlp.restore.decoder import Candidate
from chidao.nlp.restore.model import RestoreModel
from chidao.nlp.restore.names import NameLexicon, name_start, surname_candidates
from chidao.nlp.restore.ocr_lines import ROMANS
from chidao.nlp.restore.text import apply_case, fold, lm_token, tokenize_line

# Channel log10 probabilities are scaled by this before adding the LM's; legacy text is
# searched wider than plain text (more, and more evenly scored, candidates). Both tuned on
# ../shared/gold/001_head120.restored.txt and checked on the synthetic eng-OCR pages.
CHANNEL_WEIGHT = 0.7
SEARCH = {"beam": 8, "margin": 5.0, "cand_margin": 4.0}

_EDGE = re.compile(r"^([\"'“”‘’(\[.,;:!]*)(.*?)([\"'“”‘’)\].,;:!?]*)$")
# A document number or other code kept as is: digits with capitals and separators.
_CODE = re.compile(r"^[\dA-ZĐ]*\d[\dA-ZĐ]*(?:[-/.][\dA-ZĐa-z]+)+[-/]?$|^\d+[.,:/-]?$")


def _lm_words(text: str) -> tuple[str, ...]:
    return tuple(lm_token(text[s:e], k) for s, e, k, _ in tokenize_line(text))


# Letters the English model writes for Vietnamese ones it cannot read (fallback only).
_FALLBACK_MAP = str.maketrans({"6": "o", "0": "o", "&": "o", "1": "l", "¢": "c"})


def _fallback(core: str, model: RestoreModel) -> list[tuple[tuple[str, ...], float]]:
    key = fold(core.translate(_FALLBACK_MAP))
    keys = [key] + (["d" + key[1:]] if key.startswith("p") else [])
    out = []
    for k in keys:
        for syl, _ in model.variants.get(k, []):
            out.append(((apply_case(core, syl),), 0.0 if syl == core.lower() else -0.5))
    return out


def core_candidates(core: str, model: RestoreModel, channel) -> tuple[Candidate, ...]:
    """Decoder candidates of one token (`channel` a Channel, or None for the fallback)."""
    raw: list[tuple[tuple[str, ...], float]] = []
    if channel is not None:
        try:
            raw = channel.candidates(core)
        except Exception:  # a channel bug on one token must not lose the document
            raw = []
    if not raw:
        raw = _fallback(core, model)
    cands, seen = [], set()
    for tokens, logp in raw:
        text = " ".join(tokens)
        if text in seen:
            continue
        seen.add(text)
        words = _lm_words(text)
        if words:
            cands.append(Candidate(words, CHANNEL_WEIGHT * logp, text))
    if core not in seen:
        # the token as written stays possible (names, abbreviations), at the LM's cost
        cands.append(Candidate(_lm_words(core), -3.0 if cands else 0.0, core))
    return tuple(cands)


_KEPT = frozenset({"Sở", "TM", "KT", "TL", "TUQ", "T/M", "T/L", "K/T"})
# "khóa XVI", "Đại hội XIV": a Roman numeral of three letters or more is no Vietnamese word
# ("XIV" is not "Xử"); shorter ones ("II", "VI", "XI") may be syllables and are decoded.
_ROMAN = re.compile(r"[\"'“(]*(?=[IVXL]{3})X{0,3}(?:IX|IV|V?I{0,3})[\"'”),.;:]*")
_ITEM_LETTER = re.compile(r"[a-eg-ik-np-vxy]\)")  # "a) Tuyen truyen …" opening a line: the item's letter, not "ở)"
# A section's numeral opening a heading in capitals, its I strokes read as 1, l, L, | or ]
# ("Il. NHIEM VU", "Ill. TO CHUC THUC HIEN", "IL. MUC TIEU"): the channel alone reads "I."
_HEADING_NUMERAL = re.compile(r"([IVX][IVX1lL|\]]{0,3}|[1l|][IVX1lL|\]]{1,3})\.")
_NUMERAL_STROKES = str.maketrans("1lL|]", "IIIII")


def heading_numeral(line: str, chunk: re.Match) -> str | None:
    """The section numeral a line's first token stands for ("Ill." → "III."), when the rest
    of the line is a title in capitals; None otherwise (an item "1. Tuyen truyen", a "II" inside
    a sentence)."""
    m = _HEADING_NUMERAL.fullmatch(chunk.group(0))
    if chunk.start() and line[:chunk.start()].strip() or not m:
        return None
    numeral = m.group(1).translate(_NUMERAL_STROKES)
    letters = [c for c in line[chunk.end():] if c.isalpha()]
    if numeral not in ROMANS or len(letters) < 4 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return None
    return numeral + "."


def _running_text(line: str) -> bool:
    """A line of sentences, not a heading: more words open in lower case than are capitals."""
    words = re.findall(r"[^\W\d_]+", line)
    lower = sum(w[0].islower() for w in words)
    return lower >= 3 and lower > sum(w.isupper() for w in words)


def _inside_sentence(chunks: list[re.Match], k: int) -> bool:
    """The k-th token sits inside a sentence: in brackets ("(IUU)"), before a lower-case word, or
    ending one ("khai thác IUU.") after a lower-case word. A capital word before a capital or at
    a line's end is a heading or a signature's column ("(b/c), BITHU"), not an acronym."""
    chunk = chunks[k].group(0)
    after = chunks[k + 1].group(0) if k + 1 < len(chunks) else ""
    before = chunks[k - 1].group(0) if k else ""
    return (chunk.startswith("(") and chunk.endswith(")")) or after[:1].islower() or (
        chunk[-1:] in ".," and before[:1].islower())


def legacy_positions(li: int, line: str, candidates: Callable[[str], tuple[Candidate, ...]],
                     channel: bool, acronym: Callable[[str], bool] | None = None,
                     names: NameLexicon | None = None) -> list:
    """Decoder positions for one legacy line: one per whitespace token, `candidates(token)`
    from the channel model (which keeps the token's punctuation) or, without one
    (`channel` false), the fallback on the token's core. In running text, a token whose core
    is an `acronym` ("(IUU)") is kept as written. The first word of a personal name closing
    the line is read among the surnames of `names` (nlp/restore/names.py)."""
    out = []
    running = acronym is not None and _running_text(line)
    chunks = list(re.finditer(r"\S+", line))
    surname_at = name_start([m.group(0) for m in chunks], candidates, names) if channel and names else None
    for k, m in enumerate(chunks):
        chunk, base = m.group(0), m.start()
        numeral = heading_numeral(line, m) if k == 0 else None
        if numeral:
            out.append((li, base, m.end(), (Candidate(_lm_words(numeral), 0.0, numeral),), False))
            continue
        if (is_department_code(chunk) or chunk in _KEPT or _ROMAN.fullmatch(chunk)
                or (_ITEM_LETTER.fullmatch(chunk) and not line[:base].strip())
                or (running and _inside_sentence(chunks, k) and acronym(_EDGE.match(chunk).group(2)))):
            # a known body abbreviation ("TT&TT") and the head put before it, a signature's
            # capacity ("TM ĐẢNG ỦY", not "TIM"), a Roman numeral, an item's letter, an
            # acronym: kept as they are
            out.append((li, base, m.end(), (Candidate(_lm_words(chunk), 0.0, chunk),), False))
            continue
        if channel:
            cands = surname_candidates(candidates(chunk), names) if k == surname_at else candidates(chunk)
            out.append((li, base, m.end(), cands, False))
            continue
        lead, core, trail = _EDGE.match(chunk).groups()
        for i, p in enumerate(lead):
            out.append((li, None, base + i + 1, (Candidate((lm_token(p, "p"),), 0.0, p),), False))
        if core:
            s, e = base + len(lead), base + len(lead) + len(core)
            if _CODE.match(core) or not any(c.isalpha() for c in core) and "&" not in core:
                out.append((li, None, e, (Candidate(_lm_words(core), 0.0, core),), False))
            else:
                out.append((li, s, e, candidates(core), False))
        for i, p in enumerate(trail):
            out.append((li, None, base + len(chunk), (Candidate((lm_token(p, "p"),), 0.0, p),), False))
    return out
