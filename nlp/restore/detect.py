"""Which kind of text each line is, decided from the line itself and its document:

- "none": no letters to restore (blank, numbers, punctuation);
- "accented": already accented Vietnamese (pdf text layer, good `vie` OCR) — left alone but
  for clear OCR slips (dần → dân) that the LM prefers by a wide margin;
- "plain": unaccented Vietnamese — every syllable gets its diacritics;
- "legacy": English-model OCR garble ("d6i", "Pang", "ciia") — repaired through the channel.

Legacy OCR is a property of a whole scan, so a document whose words are often not Vietnamese
syllables sends all its lines through the legacy path, even the ones that happen to be clean.
A line with letters the English model cannot write (ă, đ, ơ, ạ…) is never legacy."""

from __future__ import annotations

import re

from chidao.nlp.restore.model import RestoreModel
from chidao.nlp.restore.text import fold, tokenize_line

# A letter glued to a digit inside a word ("d6i", "1a", "s6", "v&i") or a lone "&", "¢":
# the English model's way of writing Vietnamese letters it does not know.
# Units and codes that glue letters to digits in ordinary text (m2, km2, NV1, A4, H5N1,
# COVID-19) are not garble: a garbled word has a lower-case letter next to the digit.
_GARBLE = re.compile(
    r"(?<![\d/.,:-])\b[^\W\d_]*(?:[a-zđ][\d&]|[\d&][a-zđ])[^\W\d_]*\b(?![/-])|(?<!\S)[&¢§](?!\S)"
)
_UNIT = re.compile(r"^(?:k?m|cm|mm|dm|ha)[23]$")
_DOC_LEGACY_SHARE = 0.04
_LINE_LEGACY_SHARE = 0.2


def _line_stats(line: str, model: RestoreModel) -> tuple[int, int, int]:
    """(words, words that are not valid syllables, words with non-ASCII letters)."""
    words = bad = accented = 0
    for s, e, kind, protected in tokenize_line(line):
        if kind != "w" or protected:
            continue
        tok = line[s:e]
        low = tok.lower()
        words += 1
        if not low.isascii():
            accented += 1
        if low in model.syllables:
            continue
        key = fold(low)
        if key in model.variants:
            # an ASCII token with a known key is plain text; an accented one that is not a
            # valid syllable ("hién", "két" is valid) is garble
            if not low.isascii():
                bad += 1
        elif len(tok) > 1 and not tok.isupper():
            bad += 1  # not a syllable at all (and not an abbreviation like UBND, LĐVP, or a
            # list letter like "l)")
    return words, bad, accented


def _vietnamese_only(line: str) -> int:
    """Letters outside the English OCR model's alphabet (ă, â, đ, ơ, ư, ạ, ả, ễ…): legacy OCR
    cannot produce them, so a line with a few of them was read by a Vietnamese model or typed."""
    return len(_VN_ONLY.findall(line))


_VN_ONLY = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_LETTER = re.compile(r"[^\W\d_]").search


def classify_lines(lines: list[str], model: RestoreModel) -> list[str]:
    """One kind per line (see the module docstring)."""
    stats = [_line_stats(line, model) for line in lines]
    garble = [sum(1 for g in _GARBLE.findall(line) if not _UNIT.match(g)) for line in lines]
    vn_only = [_vietnamese_only(line) >= 2 for line in lines]
    counted = [i for i in range(len(lines)) if not vn_only[i]]
    total_words = sum(stats[i][0] for i in counted)
    total_garble = sum(garble[i] for i in counted)
    total_bad = sum(stats[i][1] for i in counted) + total_garble
    # A legacy scan has (almost) no line with Vietnamese-only letters; a document that has
    # many is accented text whose odd lines are judged one by one.
    with_words = sum(1 for st in stats if st[0])
    accented_doc = sum(1 for st, vn in zip(stats, vn_only) if st[0] and vn) > 0.1 * with_words
    doc_legacy = total_words > 0 and not accented_doc and (total_garble >= 2 or total_bad >= 3) and (
        total_bad / total_words >= _DOC_LEGACY_SHARE)
    kinds = []
    for (words, bad, accented), g, vn, line in zip(stats, garble, vn_only, lines):
        if words == 0 and doc_legacy and not vn and _LETTER(line):
            # only code chunks ("S6135- TB/BCD"): in a legacy scan their letters are garbled
            # too (Số, BCĐ), and the channel keeps a correct code as it is
            kinds.append("legacy")
        elif words == 0:
            kinds.append("none")
        elif vn:
            kinds.append("accented")
        elif doc_legacy or g:
            kinds.append("legacy")  # garble ("d6i") is only repaired through the channel
        elif accented == 0:
            kinds.append("plain")
        elif bad >= max(2, _LINE_LEGACY_SHARE * words):
            kinds.append("legacy")
        else:
            kinds.append("accented")
    return kinds
