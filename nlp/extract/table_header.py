"""Which column a task table's header cell names: the role whose header phrase (rules.json
"table_headers") the cell holds, as typed or as legacy OCR left it (a letter off, spaces lost,
two cells run together, a cell garbled past reading beside columns that read)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from chidao.nlp.extract._text import fold

if TYPE_CHECKING:
    from chidao.nlp.extract.table import TableVocabulary

__all__ = ["header_role", "unnamed_roles", "unmerged"]


def header_role(cell: str, vocab: TableVocabulary) -> str | None:
    """The role whose longest header phrase the cell contains as whole words."""
    folded = fold(cell)
    if not folded or len(folded.split()) > 10:
        return None
    best: tuple[int, str] | None = None
    for role, phrases in vocab.headers.items():
        for p in phrases:
            if p and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded) and (best is None or len(p) > best[0]):
                best = (len(p), role)
    if best is None and len(folded.split()) <= 6:
        # a header cell legacy OCR left a letter off ("Đơn vị chỉ trị"): the phrase it nearly is
        # or with its spaces lost too ("Donviphdihgp" = Đơn vị phối hợp), read against the phrase unspaced
        glued = " " not in folded and len(folded) >= 8
        near = [(SequenceMatcher(None, folded, p.replace(" ", "") if glued else p).ratio(), role)
                for role, phrases in vocab.headers.items() for p in phrases if len(p.split()) >= 2]
        score, role = max(near, default=(0.0, None))
        return role if score >= (0.8 if glued else 0.85) else None
    return best[1] if best else None


def unnamed_roles(columns: list[str | None], texts: list[str], vocab: TableVocabulary) -> list[str | None]:
    """A header cell legacy OCR garbled past reading ("Cơ quan phdéihgp") beside columns that
    read: the role no other column has whose phrase, opening on the same word, it is most alike
    (≥ 0.75; "Địa điểm thực hiện" is no "Trách nhiệm thực hiện")."""
    taken = {c for c in columns if c}
    out = list(columns)
    for k, (role, cell) in enumerate(zip(columns, texts)):
        folded = fold(cell)
        if role is not None or k == 0 or not folded or len(folded.split()) > 6 or len(taken) < 2:
            continue
        score, best = max(((SequenceMatcher(None, folded, p).ratio(), r) for r, phrases in vocab.headers.items()
                           if r not in taken for p in phrases if len(p.split()) >= 2 and p.split()[0] == folded.split()[0]),
                          default=(0.0, None))
        if score >= 0.75:
            out[k] = best
            taken.add(best)
    return out


def unmerged(cells: list[str], vocab: TableVocabulary) -> list[str]:
    """Header cells with a lost separator split in two: legacy OCR reads "| Nội dung nhiệm vụ
    | Cơ quan chủ trì |" as "| Nội dung nhiệm vụ ÍCH quân chủ trì |" — one cell naming two roles
    (not "Cơ quan chủ trì, phối hợp", one column for both)."""
    out: list[str] = []
    for cell in cells:
        words = cell.split()
        cut = None
        for k in range(1, len(words)):
            left, right = header_role(" ".join(words[:k]), vocab), header_role(" ".join(words[k:]), vocab)
            if left and right and left != right and not words[k - 1].endswith(",") and words[k] not in ("và", "/"):
                cut = k
        out += [" ".join(words[:cut]), " ".join(words[cut:])] if cut else [cell]
    return out
