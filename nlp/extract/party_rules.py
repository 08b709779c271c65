"""The vocabulary every party finder shares: a document's gazetteer matches (BodyIndex), the
rules read from rules.json (PartyRules), and whether a text opens with a body's head."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from chidao.nlp.extract._text import LETTER, bare


@dataclass
class BodyIndex:
    """Gazetteer matches of one document: protected character positions, canonical names."""

    protected: set[int]
    body_starts: set[int]
    canonical: dict[tuple[int, int], str]
    by_fold: dict[str, str]


@dataclass(frozen=True)
class PartyRules:
    heads: tuple[str, ...]
    terminators: re.Pattern
    name_verbs: frozenset[str]
    not_heads: tuple[str, ...]
    noun_before: tuple[str, ...]
    triggers: tuple[str, ...]
    trigger_re: re.Pattern  # "Giao ", "Đề nghị " … at the start of a text
    gazetteer: tuple[tuple[str, str], ...] = ()  # (bare name, canonical name), names of 2+ words
    verb_named: tuple[str, ...] = ()  # "ban quản lý" (lower case): a head named by an action word
    place_qualifier: re.Pattern = re.compile(r"(?!)")  # "các xã, phường có rừng": which units a name means

    @classmethod
    def from_rules(cls, rules: dict, bodies: list[dict] | None = None) -> "PartyRules":
        # OCR drops diacritics ("Sở Tài chính tham muu UBND tỉnh"): two-word action words end a
        # name without them too.
        words = list(rules["subject_terminators"])
        words = sorted(set(words) | {bare(w) for w in words if " " in w}, key=len, reverse=True)
        term = re.compile(rf"(?<![{LETTER}])(?:{'|'.join(map(re.escape, words))})(?![{LETTER}])")
        gazetteer = tuple((bare(b["pattern"]), b["id"]) for b in bodies or []
                          if b.get("label") == "BODY" and isinstance(b["pattern"], str) and len(b["pattern"].split()) >= 2)
        return cls(tuple(sorted(rules["body_heads"], key=len, reverse=True)), term, frozenset(rules.get("name_verbs", ())), tuple(rules.get("not_heads", ())),
                   tuple(rules["noun_before_verb"]), tuple(rules["task_triggers"]),
                   re.compile(rf"\s*(?:{'|'.join(map(re.escape, rules['task_triggers']))})\s+"), gazetteer,
                   tuple(h.lower() for h in rules.get("verb_named_heads", ())), _place_qualifier_re(rules.get("place_qualifiers", ())))


_UNITS = r"(?:xã|phường|huyện|thị trấn|đặc khu|địa phương|đảng ủy xã|đảng ủy phường|huyện ủy|thành ủy|thị ủy)"


def _place_qualifier_re(words: list[str]) -> re.Pattern:
    """"các xã, phường có rừng", "các xã có dự án đi qua", "các huyện ủy, thị ủy nơi có dự án":
    the words (group `q`) that say which of a level's units a name means, with the few words
    that finish them."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![{LETTER}])các\s+{_UNITS}(?:\s*,\s*{_UNITS})*\s+(?P<q>(?:nơi\s+)?(?:{'|'.join(map(re.escape, words))})"
                      rf"(?:\s+(?:đi qua|giáp ranh|sạt lở|bị hư hỏng))?)(?![{LETTER}])")


def starts_with_head(text: str, rules: PartyRules, any_case: bool = False) -> bool:
    """Whether `text` opens with a body name; after "Giao" the head may be lower case
    ("Giao công chức …"), and a verb in capitals ("Tổ chức tiếp công dân") is no head."""
    if any_case:
        text = text[:1].upper() + text[1:]
    if rules.terminators.match(text[:1].lower() + text[1:]) or text.startswith(rules.not_heads):
        return False
    if _heads_re(rules.heads).match(text):
        return True
    # An OCR slip that drops a vowel's horn, breve or hat ("Truởng các thôn" for Trưởng) but
    # keeps its tone: still that head ("Đổi mới", "Bán" keep their tones and stay verbs).
    return bool(_heads_re(_unmarked_heads(rules.heads)).match(_unmarked(text[:24])))


def _unmarked(text: str) -> str:
    """`text` without vowel marks (horn, breve, circumflex), tones kept."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c not in "\u031b\u0306\u0302"))


@lru_cache(maxsize=4)
def _unmarked_heads(heads: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(h for h in map(_unmarked, heads) if len(h) > 3)


@lru_cache(maxsize=8)
def _heads_re(heads: tuple[str, ...]) -> re.Pattern:
    """One pattern for "opens with any of `heads`, as a whole word" (compiled once per list)."""
    if not heads:
        return re.compile(r"(?!)")  # no heads: nothing opens with one
    return re.compile(rf"(?:{'|'.join(map(re.escape, heads))})(?![{LETTER}])")

