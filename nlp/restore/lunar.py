"""Names of lunar years after the decoder: "Tết Nguyên đán Bính Ngọ", "Xuân Ất Tỵ". Legacy OCR
reads them without marks ("Binh Ngo", "At Ty") and the LM, which seldom saw them, picks common
words of the same letters ("Bình Ngô", "Át Từ"). A year name is one of sixty stem-and-branch
pairs; after "Tết", "Nguyên đán" (or "Tết Nguyên" and a misread "đán"), "Xuân" or "năm" a pair of words that folds to one of them is
that name. A Gregorian year printed right after ("… Giáp Thìn năm 2024") names the pair, and
then one slip in each word is forgiven ("Giúp Thân" → Giáp Thìn)."""

from __future__ import annotations

import re

from chidao.nlp.restore.text import fold

__all__ = ["fix_lunar_years"]

_STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")
# The sixty pairs: a stem and a branch of the same parity.
_PAIRS = {(fold(s).lower(), fold(b).lower()): f"{s} {b}"
          for i, s in enumerate(_STEMS) for j, b in enumerate(_BRANCHES) if i % 2 == j % 2}
# Zero-width, so that "năm và Tết Nguyên đán …" is tried at every word: (context, pair, year).
_YEAR_NAME = re.compile(r"(?<![^\W\d_])(?=(?:Tết\s+Nguyên\s+[^\W\d_]+|Nguyên\s+đán|Tết|Xuân|năm)\s+([^\W\d_]+)\s+([^\W\d_]+)"
                        r"(?![^\W\d_])(?:[\s,(]*(?:năm\s+)?((?:19|20)\d\d))?)", re.IGNORECASE)


def _of_year(year: int) -> str:
    """The stem-and-branch name of a Gregorian year (2024 → Giáp Thìn)."""
    return f"{_STEMS[(year - 4) % 10]} {_BRANCHES[(year - 4) % 12]}"


def _close(a: str, b: str) -> bool:
    """At most one letter read wrong."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) <= 1


def _name(stem: str, branch: str, year: str | None) -> str | None:
    key = (fold(stem).lower(), fold(branch).lower())
    if year:
        want = _of_year(int(year))
        ws, wb = (fold(w).lower() for w in want.split())
        if _close(key[0], ws) and _close(key[1], wb):
            return want
    return _PAIRS.get(key)


def fix_lunar_years(line: str) -> str:
    """`line` with the lunar year names after "Tết", "Nguyên đán", "Xuân" or "năm" spelt right.

    >>> fix_lunar_years("Tết Nguyên đán Bình Ngô năm 2026")
    'Tết Nguyên đán Bính Ngọ năm 2026'
    """
    out, at = [], 0
    for m in _YEAR_NAME.finditer(line):
        if m.start(1) < at:
            continue
        name = _name(m.group(1), m.group(2), m.group(3))
        if name is None:
            continue
        stem, branch = name.split()
        if m.group(1).isupper() and m.group(2).isupper():
            stem, branch = stem.upper(), branch.upper()
        out += [line[at:m.start(1)], stem, line[m.end(1):m.start(2)], branch]
        at = m.end(2)
    return "".join(out) + line[at:]
