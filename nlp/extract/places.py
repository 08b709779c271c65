"""The place on the date line, checked against the gazetteer (corpus/restore/places.txt).
Legacy OCR garbles it and the repair restores it to another word ("Fuyen Quang" → "Luyện
Quặng", "Bat Xat" → "Bật Xét"); a place is nearly always the issuer's own locality or one
the gazetteer knows. A place the gazetteer does not know is replaced by the issuer's locality
when their letters are two edits apart at most (or it is that locality with a word lost:
"Tĩnh" for "Hà Tĩnh"), else by the one gazetteer name one edit away, if there is exactly one.
The same reading of the gazetteer gives the levels an inferred issuer needs (header.py).

The places the issuer, the subject and the recipients name after a unit word ("xã Bảo Hộ",
"đặc khu Cần Có") are mended the same way (`known_places_in`): a name the gazetteer does not
write so becomes the document's own locality when their letters are one edit apart (two for
longer names), else the gazetteer's one spelling of its letters. And an issuer whose locality
the gazetteer knows but the date line spells a letter apart ("Đảng ủy xã Hải Hòa" over "Hạ Hòa,
ngày …") takes the date line's: a header in capitals is the harder line for the repair."""

from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from chidao.nlp.extract._text import fold

_UNIT = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)"
_ENTRY_RE = re.compile(rf"{_UNIT} ([^,]+)")
_NAMED_RE = re.compile(rf"\b(?i:{_UNIT})\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){{0,3}})")  # "xã Bảo Hà"
_LOCALITY_RE = re.compile(rf".*\b{_UNIT}(?:\s+ủy)?\s+(.+)$", re.IGNORECASE)  # the last unit word; "Huyện ủy Yên Dũng"


def read_places(path: str | Path | None) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """From the gazetteer, in one reading: the province- and district-level units and their
    level ("Bắc Giang" → "tỉnh", "Bù Đăng" → "huyện"; a name that is both keeps its province),
    and every unit's name by its folded form ("tuyen quang" → ("Tuyên Quang",))."""
    if path is None or not Path(path).exists():
        return {}, {}
    provinces: dict[str, str] = {}
    districts: dict[str, str] = {}
    names: dict[str, dict[str, None]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if m := re.fullmatch(r"(tỉnh|thành phố) (.+)", line):
            provinces[m.group(2)] = m.group(1)
        if m := re.fullmatch(r"(huyện|quận|thị xã|thành phố) ([^,]+), (?:tỉnh|thành phố) .+", line):
            districts.setdefault(m.group(2), m.group(1))
        if m := _ENTRY_RE.match(line):
            names.setdefault(fold(m.group(1)).lower(), {})[m.group(1)] = None
    return {**districts, **provinces}, {k: tuple(v) for k, v in names.items()}


def known_place(place: str | None, issuers: list[str | None], names: dict[str, tuple[str, ...]]) -> str | None:
    """`place` as the gazetteer or the issuer's locality writes it (see the module's doc)."""
    if not place or not names:
        return place
    key = fold(place).lower()
    spellings = names.get(key, ())
    if place in spellings:
        return place
    localities = _localities(issuers)
    for locality in localities:
        local = fold(locality).lower()
        if local == key or local.endswith(" " + key) or _close(key, local, 2):
            return locality
    if len(spellings) == 1:  # "Cao Bảng": the tones the repair chose, the gazetteer's letters
        return spellings[0]
    near = [k for k in names if _close(key, k, 1) and len(names[k]) == 1]
    return names[near[0]][0] if len(near) == 1 and not spellings else place


def _close(a: str, b: str, edits: int) -> bool:
    """At most `edits` letters apart, the same number of syllables, and not so short that any
    name is that close."""
    return (len(a.split()) == len(b.split()) and min(len(a), len(b)) >= 3 * edits + 2
            and Levenshtein.distance(a, b, score_cutoff=edits) <= edits)


def _localities(issuers: list[str | None]) -> list[str]:
    """The localities the issuer names end with ("Ủy ban nhân dân tỉnh Tuyên Quang" → "Tuyên Quang")."""
    out = []
    for issuer in issuers:
        m = _LOCALITY_RE.match(issuer or "")
        if m:
            out.append(m.group(1).strip())
    return out


def known_places_in(text: str | None, place: str | None, issuers: list[str | None],
                    names: dict[str, tuple[str, ...]]) -> str | None:
    """`text` with each place named after a unit word as the document's localities (the date
    line's `place`, the `issuers`' localities) or the gazetteer write it (see the module's doc)."""
    if not text or not names:
        return text
    localities = ([place] if place else []) + _localities(issuers)

    def mend(m: re.Match) -> str:
        name = m.group(1)
        key = fold(name).lower()
        spellings = names.get(key, ())
        if name in spellings:
            return m.group(0)
        for locality in localities:
            local = fold(locality).lower()
            if local == key or _close(key, local, 1 if len(key) < 10 else 2):
                return m.group(0)[: m.start(1) - m.start()] + locality
        return m.group(0)[: m.start(1) - m.start()] + spellings[0] if len(spellings) == 1 else m.group(0)

    return _NAMED_RE.sub(mend, text)


def issuer_locality(issuer: str | None, place: str | None, names: dict[str, tuple[str, ...]]) -> str | None:
    """The issuer with its locality spelled as the date line's `place` when the two are one
    letter apart and the gazetteer knows the place (see the module's doc)."""
    localities = _localities([issuer])
    if not (localities and place and names) or localities[0] == place or place not in names.get(fold(place).lower(), ()):
        return issuer
    local = localities[0]
    if local.isupper() or len(local.split()) != len(place.split()) or not _close(fold(local).lower(), fold(place).lower(), 1):
        return issuer
    return issuer[: len(issuer) - len(local)] + place
