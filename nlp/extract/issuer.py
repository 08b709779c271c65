"""The top of a header: the national or party motto, and the issuing body (with the body above
it) read from the upper-case lines beside it, or inferred from the symbol and the place when a
header leaves it out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from chidao.nlp.bodies import default_registry
from chidao.nlp.extract._text import COLUMNS_RE, LETTER, Line, bare, fold, is_upper_line, recase, title_place

if TYPE_CHECKING:
    from chidao.nlp.extract.header import HeaderRules


def motto_kinds(text: str, r: dict) -> list[tuple[str, tuple[int, int]]]:
    """The mottos in a header line. The party's is printed in capitals: "… Ngày thành lập Đảng
    Cộng sản Việt Nam" in a sentence is no motto."""
    bare_text = bare(text).replace("0", "o")  # OCR: "CỘNG H0À"
    return [(kind, m.span()) for kind, patterns in r["motto_patterns"].items()
            for p in patterns for m in re.finditer(p, bare_text)
            if kind != "party" or _mostly_upper(text[m.start():m.end()])]


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def motto_spans(text: str, r: dict) -> list[tuple[int, int]]:
    return sorted(span for _, span in motto_kinds(text, r))


# A header line ending so cannot end a name: "BAN CHỈ HUY PHÒNG, CHỐNG" / "THIÊN TAI VÀ TÌM KIẾM CỨU NẠN".
# A line that is only a place ("TỈNH QUẢNG NINH" under "BAN CHỈ ĐẠO PHÒNG THỦ DÂN SỰ" or "ỦY BAN
# NHÂN DÂN") ends the name above it; "TỈNH ỦY …", "TỈNH ĐOÀN …", "HUYỆN ĐỘI …" are bodies.
_LEVEL_NAMES = ("TỈNH", "HUYỆN", "XÃ", "THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "PHƯỜNG", "QUẬN", "ĐẶC KHU")
_LEVELS = "(?:" + "|".join(_LEVEL_NAMES) + ")"
_PLACE_ONLY = rf"^{_LEVELS}\s+(?!(?:ỦY|UỶ|ĐOÀN|ĐỘI)\b)"
_TOPIC_NAMED = r"(?:BAN|TIỂU BAN|HỘI ĐỒNG|TỔ)\s"
_OPEN_END = r"(?:,|-|\s(?:VÀ|CHỐNG|VỀ|CỦA|CHO|VỚI|TRONG))$"


def issuer_names(top: list[Line], r: dict, rules: HeaderRules) -> tuple[str | None, str | None]:
    """The issuing body and the body above it, from the header's upper-case lines (mottos left out)."""
    orgs: list[str] = []
    garbled = False  # the last name line is there but unreadable ("HU .  Ủ' . ."): say none
    for ln in top:
        text = ln.stripped
        for a, b in reversed(motto_spans(text, r)):
            text = text[:a] + "   " + text[b:]
        for seg in COLUMNS_RE.split(text):
            # "UBND TỈNH BẮC: NINH": a speck read as a colon inside a name
            seg = _upper_first(_without_rule(re.sub(r"(?<=\w)[:;](?=\s+\w)", "", seg.strip(" *-–—~'`_|"))))
            # "VIỆT NAM" / "NAM" / "NGHĨA VIỆT NAM": the motto's tail, wrapped onto its own line by legacy OCR
            if not seg or not is_upper_line(seg) or re.fullmatch(r"(?:(?:CHỦ\s+)?NGHĨA\s+)?(?:VIỆT\s+)?NAM", seg) or seg.strip(" .:") in r["marks"]:
                continue  # "KHẨN" under the issuer is a mark
            if len(seg) <= 3 and seg.isalpha():
                continue  # "VỀ" under the name: the rule's stars ("***") read as a word
            garbled = not _legible(seg)
            if garbled:
                continue
            if orgs:
                seg = _mend_level(seg)
            if orgs and (re.match(_PLACE_ONLY, seg) or re.search(_OPEN_END, orgs[-1])
                         or seg.startswith("VÀ ") or _place_tail(seg, orgs[-1], r)):  # a long name wrapped
                orgs[-1] = f"{orgs[-1]} {seg}"
            else:
                orgs.append(seg)
    names = [_org_name(o, r, rules) for o in orgs[-2:]]
    if garbled and orgs:
        return None, names[-1]  # the issuer is inferred from the symbol; the line above stays its parent
    if not names:
        return None, None
    return names[-1], (names[0] if len(names) == 2 else None)


_LEVEL_RE = rf"\b{_LEVELS}\s+\S"


_LEVEL_WORDS = {fold(w).upper(): w for w in _LEVEL_NAMES}


def _mend_level(seg: str) -> str:
    """"PHƯƠNG TƯỞNG MÃI" under "ỦY BAN NHÂN DÂN": a place line whose level word repaired
    legacy OCR got wrong ("PHUONG" read as PHƯƠNG) gets its level back."""
    words = seg.split()
    for n in (2, 1):
        head = " ".join(words[:n])
        level = _LEVEL_WORDS.get(fold(head).upper())
        if level and head != level and 1 <= len(words) - n <= 4:
            return " ".join([level] + words[n:])
    return seg


def _place_tail(seg: str, previous: str, r: dict) -> bool:
    """"BAN CHỈ ĐẠO CHỐNG KHAI THÁC" / "IUU TỈNH CÀ MAU": a line that names no body of its own
    (no head word opens it) but ends on a place finishes the name above it, which has none;
    "BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH" / "MỤC TIÊU QUỐC GIA": so does any such line under a body
    named by its topic (a Ban, Hội đồng, Tổ)."""
    heads = tuple(h.upper() + " " for h in r["body_heads"])
    if f"{seg} ".startswith(heads) or re.match(r"(?:ỦY|UỶ|UBND|HĐND|ĐẢNG|ĐOÀN|HỘI|BỘ|CÔNG AN|BCH|BTV)\b", seg):
        return False
    if re.search(_LEVEL_RE, previous) is None and re.match(_TOPIC_NAMED, previous):
        return True
    return re.search(_LEVEL_RE, seg) is not None and re.search(_LEVEL_RE, previous) is None


def _without_rule(seg: str) -> str:
    """"ĐẢNG ỦY XÃ HOÀNG ĐÀN wonnnnnn nên nnnnnnnnnn", "ĐẢNG ỦY PHƯỜNG NINH KIỀU ở nên các nên
    anh", "BAN CHỈ ĐẠO 35 năng", "HUYỆN ỦY THỌ XUÂN Mẹ": the rule under the motto, read by
    legacy OCR as lower-case words (or a short word not all capitals) after a name in capitals
    (a name in the header is all capitals), cut off the name."""
    words = seg.split()
    k = len(words)
    while k and not words[k - 1].isdigit() and (  # "BAN CHỈ ĐẠO 35"
            not any(c.isupper() for c in words[k - 1]) or (len(words[k - 1]) <= 3 and not words[k - 1].isupper())):
        k -= 1
    return " ".join(words[:k]) if k >= 2 and k < len(words) and is_upper_line(" ".join(words[:k])) else seg


def _legible(seg: str) -> bool:
    """Whether an upper-case header segment reads as a name: two words of two letters or
    more, and mostly letters (not "HU .  Ủ' . .", what a smudge leaves)."""
    words = re.findall(r"[^\W\d_]{2,}", seg)
    return len(words) >= 2 and sum(map(len, words)) >= 0.7 * len(seg.replace(" ", ""))


def inferred_issuer(symbol: str | None, place: str | None, r: dict, rules: HeaderRules) -> str | None:
    """A header that leaves out the issuer ("Số: /UBND-NC", "Bắc Giang, ngày …"): the issuing
    body's code in the symbol and the place say it — UBND of Bắc Giang, a province, is
    "Ủy ban nhân dân tỉnh Bắc Giang"; TU of Nghệ An is "Tỉnh ủy Nghệ An"."""
    if not symbol or not place:
        return None
    codes = r["issuer_codes"]
    parts = list(reversed(re.split(r"[-/]", symbol)))
    long_codes = sorted((k for k in codes if len(k) >= 4), key=len, reverse=True)
    code = next((c for c in parts if c in codes), None) or next(  # "18/CEUBND": legacy OCR ran a slip into the code
        (k for c in parts for k in long_codes if c.endswith(k)), None)
    level = rules.places.get(place)
    if code is None or level is None:
        return None
    name = codes[code]
    return f"{name} {place}" if name.endswith(("ủy", "Ủy")) and code in ("TU", "HU", "TP", "TX") else f"{name} {level} {place}"


def plausible_issuer(name: str, r: dict) -> bool:
    """Whether a name read from the header can be a body: it opens on a body's head word (Ủy ban,
    Sở, Tỉnh ủy, Đảng ủy …) and holds no motto ("… cộng hòa xã hội …", which legacy OCR ran
    into it). "Tinte quảng ngãi", "Mình gia lai" (a garbled "UBND TỈNH …") are not."""
    heads = {fold(h.split()[0]).lower() for h in r["body_heads"]} | {fold(n.split()[0]).lower() for n in r["issuer_codes"].values()}
    return fold(name.split()[0]).lower() in heads and "cong hoa" not in fold(name).lower()


def _upper_first(seg: str) -> str:
    """'Ủy BAN NHÂN DÂN' (legacy repair cased the first word from OCR's "Uy") → upper case."""
    first, _, rest = seg.partition(" ")
    return seg.upper() if rest and first.istitle() and is_upper_line(rest) and len(rest.split()) >= 2 else seg


def _org_name(upper: str, r: dict, rules: HeaderRules) -> str:
    name = recase(upper, r["cased_phrases"], rules.abbreviations)
    # The place after the last administrative level (tỉnh Bắc Giang, Tỉnh ủy Bắc Giang) is a proper name.
    levels = "|".join(map(re.escape, ["Tỉnh ủy", "Huyện ủy", "Thành ủy", "Thị ủy", "Quận ủy"] + r["admin_levels"]))
    m = re.search(rf"(?:^|\s)(?:{levels})\s+((?:[{LETTER}]+\s*(?:[-–]\s*)?){{1,4}})$", name, flags=re.IGNORECASE)
    if m and "xã hội" not in name.lower():
        name = name[: m.start(1)] + title_place(m.group(1))
    known = default_registry().known(name)  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO" → its registered casing
    return known.canonical if known is not None and fold(known.canonical) == fold(name) else name
