"""Vietnamese text primitives shared by the LM build script and the restorer: folding,
tone-placement normalisation, case transfer and the one tokeniser.

The tokeniser must be identical at training and decoding time, so it lives here and
`scripts/build_lm.py` imports it."""

from __future__ import annotations

import functools
import re
import unicodedata

# Tone marks as combining characters (NFD); vowel-shape marks (circumflex, breve, horn) are
# not tones and are kept when a tone is moved.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ALL_MARKS = _TONES | {"\u0302", "\u0306", "\u031b"}

NUM_TOKEN = "<num>"

_FOLD_TABLE: dict[str, str] = {}
_FOLD_CACHE: dict[str, str] = {}


def fold(s: str) -> str:
    """Lowercase, drop every diacritic and map đ→d: the key under which all accented
    variants of a syllable are found ("Đảng" → "dang")."""
    hit = _FOLD_CACHE.get(s)
    if hit is not None:
        return hit
    if s.isascii():
        out = s.lower()
    else:
        chars = []
        for ch in s:
            f = _FOLD_TABLE.get(ch)
            if f is None:
                base = "".join(c for c in unicodedata.normalize("NFD", ch) if c not in _ALL_MARKS)
                f = _FOLD_TABLE[ch] = base.lower().replace("đ", "d")
            chars.append(f)
        out = "".join(chars)
    if len(_FOLD_CACHE) > 200_000:
        _FOLD_CACHE.clear()
    _FOLD_CACHE[s] = out
    return out


def has_diacritics(s: str) -> bool:
    return fold(s) != s.lower()


# Old-style tone placement puts the tone on the second vowel of an open "oa", "oe", "uy"
# syllable (hoà, khoẻ, thuỷ); the project's new style puts it on the first (hòa, khỏe, thủy).
# With a final consonant (hoàng, quyết) both styles agree. "qu" + y keeps the tone on y (quý).
_OLD_STYLE_SIMPLE = re.compile(r"(?i)(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![^\W\d_])")


def _move_tone(pair: str) -> str:
    first, second = pair[0], pair[1]
    d2 = unicodedata.normalize("NFD", second)
    tone = [c for c in d2 if c in _TONES]
    if not tone:
        return pair
    bare2 = "".join(c for c in d2 if c not in _TONES)
    new1 = unicodedata.normalize("NFC", first + tone[0])
    return new1 + unicodedata.normalize("NFC", bare2)


def normalize_tones(text: str) -> str:
    """NFC and new-style tone placement: "hoà" → "hòa", "uỷ" → "ủy"; "quý" unchanged."""
    text = unicodedata.normalize("NFC", text)

    def repl(m: re.Match) -> str:
        start = m.start()
        if m.group(1)[0] in "uU" and start > 0 and text[start - 1] in "qQ":
            return m.group(0)
        return _move_tone(m.group(1))

    return _OLD_STYLE_SIMPLE.sub(repl, text)


def apply_case(source: str, word: str) -> str:
    """Give `word` (lowercase) the casing of `source`, the token it replaces."""
    if source.islower() or not any(c.isalpha() for c in source):
        return word
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if len(source) == len(word):
        return "".join(w.upper() if s.isupper() else w for s, w in zip(source, word))
    return word[:1].upper() + word[1:] if source[:1].isupper() else word


# One token per run of letters, run of digits, or other non-space character. A chunk
# (whitespace-separated) holding a digit or "/" is a code: document numbers ("25-NQ/TW",
# "CV/TU", "V/v") are never restored, and their letters reach the LM as they are.
_TOKEN = re.compile(r"([^\W\d_]+)|(\d+)|\S")
_CODE_CHUNK = re.compile(r"\S*[\d/]\S*")
_KINDS = (None, "w", "n")


@functools.lru_cache(maxsize=8192)
def tokenize_line(line: str) -> tuple[tuple[int, int, str, bool], ...]:
    """(start, end, kind, protected) for each token of one line; kind is "w" (letters),
    "n" (digits) or "p" (anything else). `protected` marks letters inside a code chunk."""
    codes = [m.span() for m in _CODE_CHUNK.finditer(line)] if ("/" in line or _HAS_DIGIT(line)) else ()
    out = []
    for m in _TOKEN.finditer(line):
        s, e = m.span()
        kind = _KINDS[m.lastindex] if m.lastindex else "p"
        protected = False
        if codes:
            for cs, ce in codes:
                if cs <= s < ce:
                    protected = True
                    break
        out.append((s, e, kind, protected))
    return tuple(out)


_HAS_DIGIT = re.compile(r"\d").search


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def lm_token(tok: str, kind: str) -> str:
    """The LM's view of a token: lowercase letters, one class for numbers, plain quotes."""
    if kind == "n":
        return NUM_TOKEN
    if kind == "p":
        return tok.translate(_QUOTES)
    return tok.lower()


def lm_line(line: str) -> str:
    """A line as the space-separated LM token stream used for training."""
    return " ".join(lm_token(line[s:e], k) for s, e, k, _ in tokenize_line(line))


def strip_diacritics(text: str) -> str:
    """Remove every diacritic and map đ→d, keeping case: what unaccented typing produces."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if c not in _ALL_MARKS)
    return unicodedata.normalize("NFC", bare).replace("đ", "d").replace("Đ", "D")


def syllables(text: str) -> list[str]:
    """The lowercase letter tokens of `text`, as compared by the accuracy measure."""
    out = []
    for line in text.split("\n"):
        out.extend(line[s:e].lower() for s, e, kind, _ in tokenize_line(line) if kind == "w")
    return out


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (row-by-row dynamic programme)."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def syllable_accuracy(hypothesis: str, reference: str) -> tuple[int, int]:
    """(matched, total): LCS-aligned, case-insensitive syllable matches of `hypothesis`
    against `reference`, compared line by line when both have the same line count."""
    hyp_lines, ref_lines = hypothesis.split("\n"), reference.split("\n")
    if len(hyp_lines) != len(ref_lines):
        hyp_lines, ref_lines = [hypothesis], [reference]
    matched = total = 0
    for h, r in zip(hyp_lines, ref_lines):
        rs = syllables(r)
        total += len(rs)
        matched += lcs_length(syllables(h), rs)
    return matched, total
