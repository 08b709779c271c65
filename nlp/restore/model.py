"""The shipped restoration models, loaded by the restorer that owns them: the syllable 5-gram KenLM
(corpus/restore/lm.bin) and the syllable inventory (corpus/restore/syllables.tsv), both
built by scripts/build_lm.py, and the place-name list (corpus/restore/places.txt,
scripts/build_places.py)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from chidao.corpus import corpus_path
from chidao.errors import ModelError
from chidao.nlp.restore.decoder import Candidate
from chidao.nlp.restore.text import fold

MODEL_DIR = corpus_path("restore")

# Variants rarer than this share of their key's most frequent variant are dropped from the
# candidates: they are mostly typos in the corpus and only cost decoding time.
_MIN_SHARE = 1e-3
_MAX_VARIANTS = 8

# A Vietnamese syllable (folded): onset, one to three vowels, coda. Inventory entries that do
# not fit (foreign words, abbreviations such as "tw", "km") are never offered as restorations.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|uya|oai|oay|oeo|uoi|uou|ieu|yeu|uay|uoi|[aeiouy]{1,2})"
    r"(ch|ng|nh|[cmnptiyou])?$"
)


@dataclass
class RestoreModel:
    lm: object  # kenlm.Model
    variants: dict[str, list[tuple[str, float]]]  # folded key → [(syllable, log10 prior)], best first
    syllables: frozenset[str]  # every valid accented syllable (lowercase)
    plain_candidates: dict  # folded key → tuple of decoder Candidates (lowercase text)


def is_syllable_shape(folded: str) -> bool:
    return _SYLLABLE.match(folded) is not None


def place_syllables(path: Path) -> frozenset[str]:
    """Lower-case syllables of the place-name list (corpus/restore/places.txt, built by
    scripts/build_places.py): minority-language names ("Đắk Lắk", "Krông Pắc", "Ea Kly") do
    not fit the Vietnamese syllable shape but are restorations all the same. Fragments around
    an apostrophe ("H'leo") and roman numerals ("Phường IV") are left out."""
    if not path.exists():
        return frozenset()
    words = re.findall(r"(?<![\w'’])[^\W\d_]{2,}(?![\w'’])", path.read_text(encoding="utf-8"))
    return frozenset(w.lower() for w in words if not w.isupper())


def _read_inventory(path: Path, places: frozenset[str] = frozenset()) -> tuple[dict[str, list[tuple[str, float]]], frozenset[str]]:
    by_key: dict[str, list[tuple[str, int]]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            syl, _, count = line.rstrip("\n").partition("\t")
            by_key.setdefault(fold(syl), []).append((syl, int(count)))
    variants, valid = {}, set()
    for key, items in by_key.items():
        # Besides syllables, abbreviations written with Đ (CTĐT, VNĐ, BCĐ, HĐND) get their
        # đ back, and place-name syllables are kept; other non-syllables (foreign words, "tw",
        # "km") are never candidates.
        if not is_syllable_shape(key):
            if any(syl in places for syl, _ in items):
                items = [(syl, c) for syl, c in items if syl in places or "đ" in syl]
            elif not (len(key) > 1 and any("đ" in syl for syl, _ in items)):
                continue
        items.sort(key=lambda t: -t[1])
        top = items[0][1]
        total = sum(c for _, c in items)
        kept = [(s, math.log10(c / total)) for s, c in items[:_MAX_VARIANTS] if c >= top * _MIN_SHARE]
        variants[key] = kept
        valid.update(s for s, _ in kept)
    return variants, frozenset(valid)


def load_model(model_dir: Path = MODEL_DIR) -> RestoreModel:
    """The models of `model_dir` (the shipped corpus/restore by default)."""
    lm_path, inv_path = model_dir / "lm.bin", model_dir / "syllables.tsv"
    for p in (lm_path, inv_path):
        if not p.exists():
            raise ModelError(f"restoration model missing: {p}; rebuild it with "
                             "bash scripts/build_kenlm_tools.sh && .venv/bin/python scripts/build_lm.py")
    try:
        import kenlm

        lm = kenlm.Model(str(lm_path))
    except (OSError, IOError, RuntimeError) as err:
        raise ModelError(f"cannot load {lm_path} ({err}); rebuild it with scripts/build_lm.py") from err
    variants, valid = _read_inventory(inv_path, place_syllables(model_dir / "places.txt"))
    plain = {key: tuple(Candidate((syl,), 0.0, syl) for syl, _ in items) for key, items in variants.items()}
    return RestoreModel(lm=lm, variants=variants, syllables=valid, plain_candidates=plain)
