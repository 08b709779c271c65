"""Vietnamese folding for search, done the same way on the indexed text and on the query:
tones and vowel marks off and đ → d (SQLite's `remove_diacritics 2` leaves đ alone), one
character for one, so an offset in the folded text is the same offset in the original (the
snippets are cut from the folded text and shown from the accented one)."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold_char(ch: str) -> str:
    if ch == "đ":
        return "d"
    if ch == "Đ":
        return "D"
    if ch.isascii():
        return ch
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() else ch


# Every character that folds lies in these blocks (Latin-1 to IPA, Greek's one, Latin Extended
# Additional with Vietnamese, a few letterlike symbols and operators: 497 in all; a test checks
# the rest of Unicode folds to itself), so str.translate does it at C speed.
_BLOCKS = ((0x80, 0x400), (0x1E00, 0x2000), (0x2100, 0x2300))
_TABLE: dict[int, str] = {c: f for lo, hi in _BLOCKS for c in range(lo, hi) if (f := _fold_char(chr(c))) != chr(c)}


def fold(text: str) -> str:
    """`text` (NFC) without diacritics, same length: "Đảng ủy" → "Dang uy"."""
    return text.translate(_TABLE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def words(text: str) -> list[str]:
    """The word tokens of `text` as the unicode61 tokenizer sees them (letters and digits)."""
    return _WORD.findall(text)


def number_key(number: str | None) -> str:
    """A document number as comparable words: "135-TB/BCĐ", "135/TB-BCĐ" and "TB 135" all
    give the words 135, tb, bcd (order kept as printed)."""
    if not number:
        return ""
    return " ".join(w.lower() for w in words(fold(nfc(number))))


def has_marks(word: str) -> bool:
    return fold(word) != word
