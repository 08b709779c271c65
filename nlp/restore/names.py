"""A personal name closing a legacy-OCR line: the signer's name that legacy OCR glued to a Nơi
nhận item ("- Luu: VT, CQDP. Vi Thi Minh Nguyét") or left on a line of its own ("Lé Van Khanh").

The LM alone reads such a name's first word as the commoner word ("Vì Thị …", "Để Hoàng …",
"Bộ Văn …"). Its first word is a surname, and a surname is read by how common it is: among the
channel's readings of the word, only surnames stay, each weighed by its frequency in news text
(corpus/restore/names.tsv, scripts/build_names.py). A word with no surname among its readings
is left to the LM."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from chidao.nlp.restore.decoder import Candidate

# log10 of a surname's share, relative to the commonest, is added to its channel score
PRIOR_WEIGHT = 0.5
# a middle name counts when the channel reads the second word so with at least this score
_MIDDLE_MIN = -0.7
_BOUNDARY = re.compile(r"[.;:,)]$")


@dataclass(frozen=True)
class NameLexicon:
    """Surnames with their log10 frequency relative to the commonest (0 for Nguyễn), and the
    middle names that mark a word sequence as a person's name."""

    surnames: dict[str, float]
    middles: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> "NameLexicon":
        counts: dict[str, dict[str, int]] = {"surname": {}, "middle": {}}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                kind, word, n = line.split("\t")
                counts[kind][word] = int(n)
        top = max(counts["surname"].values(), default=1)
        return cls({w: math.log10(n / top) for w, n in counts["surname"].items()}, frozenset(counts["middle"]))


def _title(chunk: str) -> bool:
    word = chunk.rstrip(".")
    return len(word) > 1 and word[0].isupper() and not any(c.isupper() for c in word[1:]) and any(c.isalpha() for c in word[1:])


def name_start(chunks: list[str], candidates: Callable[[str], tuple[Candidate, ...]], lexicon: NameLexicon) -> int | None:
    """Index of the chunk that opens a personal name closing the line: three or four
    capitalised words at the line's end, after the line's start or a punctuation mark, whose
    second word reads as a middle name and whose first reads as a surname; None otherwise."""
    start = len(chunks)
    while start > 0 and _title(chunks[start - 1]):
        start -= 1
    if not 3 <= len(chunks) - start <= 4 or (start and not _BOUNDARY.search(chunks[start - 1])):
        return None
    if not any(c.text in lexicon.middles and c.logp >= _MIDDLE_MIN for c in candidates(chunks[start + 1])):
        return None
    return start if any(c.text in lexicon.surnames for c in candidates(chunks[start])) else None


def surname_candidates(cands: tuple[Candidate, ...], lexicon: NameLexicon) -> tuple[Candidate, ...]:
    """The readings that are surnames, each weighed by how common it is."""
    return tuple(Candidate(c.lm_words, c.logp + PRIOR_WEIGHT * lexicon.surnames[c.text], c.text)
                 for c in cands if c.text in lexicon.surnames)
