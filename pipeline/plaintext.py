"""Plain-text inputs: decode, normalise to NFC, and tell legacy OCR text from typed text.

Legacy OCR text is Vietnamese that was scanned and read with an English model: Vietnamese-only
letters (ơ ư ă đ ạ ả ẫ …) are almost absent and words carry digits and symbols where the
diacritics were ("d6i" = đổi, "Pang" = Đảng, "&" = ở, "1a" = là, "thi¢n" = thiện). Such text is
flagged `legacy-ocr` so the diacritics repair can run on it. Unaccented but clean typed text stays
`plain` (the restorer decides line by line)."""

from __future__ import annotations

import re
import unicodedata

from chidao.record import TextMethod

_VIETNAMESE_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯ") | {
    ch for ch in map(chr, range(0x1EA0, 0x1EFA))}          # Latin Extended Additional: ạ ả … ỹ
_GARBLE_SYMBOLS = set("¢€©§®£¥¤¬«»°±µ¶¦¨")
_WORD = re.compile(r"\S+")
_DIGIT_IN_WORD = re.compile(r"^[^\W\d_]*[^\W\d_][0-9]|^[0-9][^\W\d_]+$", re.UNICODE)
_CODE = re.compile(r"^[0-9A-ZĐ/\-.,;:()]+$")                # numbers and symbols: 121-TB/BCĐ


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; fall back to Windows-1258, the
    old Vietnamese Windows code page. Returns NFC text with Unix newlines."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_method(text: str) -> TextMethod:
    """`legacy-ocr` for English-model OCR of Vietnamese, else `plain`."""
    stats = garble_stats(text)
    legacy = stats["vietnamese_letters"] < 0.02 and stats["garbled_words"] > 0.01
    return "legacy-ocr" if legacy else "plain"


def garble_stats(text: str) -> dict[str, float]:
    """Share of letters that exist only in Vietnamese, and share of words garbled the way an
    English OCR model garbles Vietnamese (digits or currency/sign symbols inside words, "&" as
    a word)."""
    letters = [ch for ch in text if ch.isalpha()]
    words = _WORD.findall(text)
    garbled = sum(1 for w in words if _is_garbled(w))
    vietnamese = sum(1 for ch in letters if ch in _VIETNAMESE_ONLY)
    return {"vietnamese_letters": vietnamese / max(1, len(letters)),
            "garbled_words": garbled / max(1, len(words))}


def _is_garbled(word: str) -> bool:
    if word == "&" or any(ch in _GARBLE_SYMBOLS for ch in word):
        return True
    core = word.strip(".,;:!?\"'()[]“”…")
    if not core or _CODE.match(core):
        return False
    return bool(_DIGIT_IN_WORD.match(core)) and any(ch.islower() for ch in core)
