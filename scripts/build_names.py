"""Build corpus/restore/names.tsv: Vietnamese surnames and middle names with how often news
text writes them, for the restorer's reading of a signer's name in legacy OCR.

Legacy OCR loses a surname's diacritics ("Vi Thi Minh Nguyet", "Dé Hoang Phuong") and the LM
alone reads the commoner word ("Vì Thị …", "Để Hoàng …"): next to a signature, a name's first
word is a surname, and a surname is read by how common it is (nlp/restore/names.py).

Counted in VietNews (../shared/corpus/vietnews.txt.xz), NFC and new-style tones:
- surname: the first word of "X Văn Y" / "X Thị Y …" (a run of three or four capitalised words; "Văn" and "Thị" are
  the two middle names that are nothing else when capitalised mid-sentence);
- middle: the second word of a three- or four-word capitalised name whose first word is one of
  the twenty commonest surnames.
Words seen fewer than MIN_COUNT times are dropped (headline noise).

    .venv/bin/python scripts/build_names.py      # ≈ 1 min
"""

from __future__ import annotations

import collections
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from chidao.nlp.extract._text import is_name_word  # noqa: E402
from chidao.nlp.restore.text import normalize_tones  # noqa: E402

NEWS = ROOT.parent / "shared" / "corpus" / "vietnews.txt.xz"
OUT = ROOT / "corpus" / "restore" / "names.tsv"
MIN_COUNT = {"surname": 20, "middle": 200}
TOP_SURNAMES = 20


def _names(words: list[str]):
    """Runs of exactly three or four capitalised words (longer runs are titles and headlines)."""
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and is_name_word(words[j]):
            j += 1
        if 3 <= j - i <= 4:
            yield words[i:j]
        i = max(j, i + 1)


def count(lines) -> tuple[collections.Counter, collections.Counter]:
    """Surname and (surname, middle) counts over the lines."""
    surnames: collections.Counter = collections.Counter()
    pairs: collections.Counter = collections.Counter()
    for line in lines:
        for name in _names(normalize_tones(line).split()):
            if name[1] in ("Văn", "Thị"):
                surnames[name[0]] += 1
            pairs[name[0], name[1]] += 1
    return surnames, pairs


def rows(surnames: collections.Counter, pairs: collections.Counter) -> list[tuple[str, str, int]]:
    kept = [(w, n) for w, n in surnames.most_common() if n >= MIN_COUNT["surname"]]
    top = {w for w, _ in kept[:TOP_SURNAMES]}
    middles: collections.Counter = collections.Counter()
    for (first, second), n in pairs.items():
        if first in top:
            middles[second] += n
    out = [("surname", w, n) for w, n in kept]
    out += [("middle", w, n) for w, n in middles.most_common() if n >= MIN_COUNT["middle"]]
    return out


def main() -> None:
    with lzma.open(NEWS, "rt", encoding="utf-8") as f:
        surnames, pairs = count(f)
    table = rows(surnames, pairs)
    OUT.write_text("# kind\tword\tcount (scripts/build_names.py, from VietNews)\n"
                   + "".join(f"{k}\t{w}\t{n}\n" for k, w, n in table), encoding="utf-8")
    print(f"{OUT}: {sum(k == 'surname' for k, _, _ in table)} surnames, {sum(k == 'middle' for k, _, _ in table)} middle names")


if __name__ == "__main__":
    main()
