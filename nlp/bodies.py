"""Canonical names of party and state bodies, for search facets, tracking filters and scoring.

The registry (corpus/bodies/registry.jsonl, built by scripts/build_body_registry.py from the
extractor's gazetteer and scripts/body_aliases.tsv) lists each body once with its aliases;
department abbreviations ("TT&TT", "NN&PTNT") and the common ones (UBND, MTTQ, HĐND …) are
expanded before names are compared, and the comparison ignores case and diacritics. So "Sở
TT&TT", "Sở Thông tin và Truyền thông" and "Sở Thông tin và truyền thông" are one body; a name
the registry does not know keeps its own wording, abbreviations expanded, first letter upper.

Public names: Body, BodyRegistry, default_registry(), canonical_body(name), level_of(name)."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from chidao.corpus import corpus_path

REGISTRY = "bodies/registry.jsonl"
ABBREVIATIONS = "extract/abbreviations.json"


@dataclass(frozen=True)
class Body:
    canonical: str
    level: str | None  # "trung ương" | "tỉnh" | "huyện" | "xã" | None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s*,\s*", ", ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;.:")


def level_of(name: str) -> str | None:
    """The administrative level a body's name says: xã before huyện before tỉnh, so "UBND
    các xã" is xã and "Huyện ủy" is huyện; a Sở is provincial, a Phòng a district's."""
    folded = _fold(name).replace("xa hoi", "").replace("lien quan", "")
    if re.search(r"\b(?:xa|phuong|thi tran)\b", folded):
        return "xã"
    if re.search(r"\b(?:huyen|thi xa|quan|thi uy|thanh uy)\b|^phong\b", folded):
        return "huyện"
    if re.search(r"\b(?:tinh|thanh pho)\b|^so\b", folded):
        return "tỉnh"
    if re.search(r"\btrung uong\b|^(?:bo chinh tri|ban bi thu)$", folded):
        return "trung ương"
    return None


class BodyRegistry:
    def __init__(self, rows: list[dict], abbreviations: dict[str, str]):
        expand = {r["expand"]: r["to"] for r in rows if "expand" in r}
        # Only unambiguous common abbreviations: "TU", "CT", "TT" are also plain words.
        expand.update({k: v for k, v in abbreviations.items() if not k.startswith("_") and len(k) >= 3})
        self._expand = expand
        self._expand_re = re.compile(r"(?<![\wĐđ&])(" + "|".join(
            map(re.escape, sorted(expand, key=len, reverse=True))) + r")(?![\wĐđ&])")
        self._amp = {k: v for k, v in expand.items() if k in {r["expand"] for r in rows if "expand" in r}}
        self._amp_re = re.compile(r"(?<![\wĐđ&])(" + "|".join(
            map(re.escape, sorted(self._amp, key=len, reverse=True))) + r")(?![\wĐđ&])")
        self._by_key: dict[str, Body] = {}
        self._names: set[str] = set()
        for r in rows:
            if "canonical" not in r:
                continue
            body = Body(r["canonical"], r.get("level"))
            for name in [r["canonical"], *r.get("aliases", [])]:
                self._by_key.setdefault(self.key(name), body)
                self._names.add(name)

    @classmethod
    def load(cls, path: Path | None = None) -> "BodyRegistry":
        path = path or corpus_path(REGISTRY)
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        abbreviations = json.loads(corpus_path(ABBREVIATIONS).read_text(encoding="utf-8"))
        return cls(rows, abbreviations)

    def key(self, name: str) -> str:
        """What two spellings of one body have in common."""
        return _fold(self._expand_re.sub(lambda m: self._expand[m.group(1)], _clean(name)))

    def known(self, name: str) -> Body | None:
        """The registry's body for `name`, or None when it does not know it."""
        return self._by_key.get(self.key(name))

    def body(self, name: str) -> Body:
        found = self.known(name)
        if found is not None:
            return found
        own = self._amp_re.sub(lambda m: self._amp[m.group(1)], _clean(name))
        own = own[:1].upper() + own[1:]
        return Body(own, level_of(own))

    def names(self) -> list[str]:
        """Every canonical name and alias the registry knows."""
        return sorted({name for name in self._names})

    def department_abbreviations(self) -> list[str]:
        """The department abbreviations expanded inside names ("TT&TT", "NN&PTNT" …)."""
        return list(self._amp)

    def canonical(self, name: str) -> str:
        return self.body(name).canonical

    def __len__(self) -> int:
        return len({b.canonical for b in self._by_key.values()})


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"\s*\((?:qua|thông qua)\b[^)]*\)", "", name)  # "(qua Văn phòng Tỉnh ủy)"
    return re.sub(r"\s+", " ", name).strip(" ,;.:-–")


@functools.lru_cache(maxsize=1)
def default_registry() -> BodyRegistry:
    return BodyRegistry.load()


@functools.lru_cache(maxsize=65_536)
def canonical_body(name: str) -> str:
    """One name for every spelling of a body ("Sở TT&TT" → "Sở Thông tin và Truyền thông")."""
    return default_registry().canonical(name)
