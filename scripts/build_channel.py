"""Build the legacy-OCR channel model shipped under corpus/restore/ (see nlp/restore/channel.py).

    .venv/bin/python scripts/build_channel.py syllables      # corpus/restore/channel_syllables.tsv.gz
    .venv/bin/python scripts/build_channel.py model \
        --pairs build/ocr_pairs.jsonl                        # corpus/restore/channel_model.json.gz

`syllables`: lowercase accented Vietnamese syllables with counts, from the legal corpus and
admin_text (NFC, new-style tones), filtered by Vietnamese syllable structure so that OCR noise
in the corpus ("lụât") does not become a candidate; the syllables of place names
(corpus/restore/places.txt: "Đắk Lắk", "Krông Pắc") are kept whatever their shape.

`model`: from the synthetic OCR pairs made by scripts/make_ocr_pairs.py (train pages only):
(a) a table of whole-token rewrites (observed token -> intended tokens, counts) and
(b) P(observed substring | intended character) learned by EM over character alignments.
The seeds and gold/ are never read: they are the evaluation.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import itertools
import lzma
import json
import math
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from chidao.nlp.restore.channel import normalize_tones  # noqa: E402
from chidao.nlp.restore.model import place_syllables  # noqa: E402
from _channel_align import align_chars, align_page, align_tokens, char_prior  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
OUT_DIR = ROOT / "corpus" / "restore"
PLACES = OUT_DIR / "places.txt"  # scripts/build_places.py

_V = "aăâeêioôơuưy"
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "".join(unicodedata.normalize("NFC", v + t) for v in _V for t in ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"])
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    rf"([{_VOWELS}]{{1,3}})"
    r"(ng|nh|ch|[cmnpt])?$"
)
_TONED = {c for c in _VOWELS if any(m in _TONE_MARKS for m in unicodedata.normalize("NFD", c))}


# Vowel clusters of real syllables (toneless); corpus typos like "nuớc" have none of these.
_NUCLEI = set("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ "
              "uê ui uô ươ ưa ưi ưu uy yê iêu yêu oai oay oeo uây uôi ươi ươu uya uyê uyu".split())


def _is_syllable(word: str) -> bool:
    m = _SYLLABLE.match(word)
    if not m or sum(c in _TONED for c in word) > 1:
        return False
    nucleus = "".join(c for c in unicodedata.normalize("NFD", m.group(2)) if c not in _TONE_MARKS)
    nucleus = unicodedata.normalize("NFC", nucleus)
    if m.group(3) in ("c", "ch", "p", "t"):  # a stop coda takes only the sắc or nặng tone
        tones = [m for m in unicodedata.normalize("NFD", word) if m in _TONE_MARKS]
        if not tones or tones[0] not in "\u0301\u0323":
            return False
    return nucleus in _NUCLEI or (nucleus == "uơ" and not m.group(3))


def _corpus_lines():
    with tarfile.open(SHARED / "vlc_legal_187.tar.xz", "r:xz") as tar:
        for member in tar:
            if member.isfile():
                yield from tar.extractfile(member).read().decode("utf-8", "replace").splitlines()
    yield from (SHARED / "admin_text.txt").read_text("utf-8", "replace").splitlines()


def _news_lines(limit: int):
    """VietNews widens the inventory (place and person names); only counts are shipped."""
    with lzma.open(SHARED / "vietnews.txt.xz", "rt", encoding="utf-8", errors="replace") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            yield line


def build_syllables(min_count: int, news_lines: int) -> None:
    counts: collections.Counter[str] = collections.Counter()
    raw: collections.Counter[str] = collections.Counter()
    codes: collections.Counter[str] = collections.Counter()
    for line in itertools.chain(_corpus_lines(), _news_lines(news_lines)):
        # upper-case parts of codes and abbreviations (QĐ, BCĐ, HĐND, UBND): Đ-repair targets
        codes.update(p for p in re.findall(r"(?<![^\W\d_])[A-ZĐ]{2,8}(?![^\W\d_])", line)
                     if not any(c in p for c in "AEIOUY") or p in ("UBND", "UB", "UBMTTQ"))
        raw.update(re.findall(r"\w+", line.lower()))
    for word, count in raw.items():  # normalise each type once, not each occurrence
        if not word.isdigit():
            counts[normalize_tones(unicodedata.normalize("NFC", word))] += count
    place_syls = place_syllables(PLACES)
    for w in place_syls:  # every place syllable is a candidate, at the least count kept
        counts[w] = max(counts[w], min_count)
    kept = sorted(((w, c) for w, c in counts.items() if c >= min_count and (_is_syllable(w) or w in place_syls)),
                  key=lambda x: (-x[1], x[0]))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT_DIR / "channel_syllables.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{w}\t{c}\n" for w, c in kept)
    print(f"{len(kept)} syllables (of {len(counts)} word types)")
    kept_codes = sorted((c, n) for c, n in codes.items() if n >= 5)
    with gzip.open(OUT_DIR / "channel_codes.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.writelines(f"{c}\t{n}\n" for c, n in kept_codes)
    print(f"{len(kept_codes)} code parts")


def _train_records(pairs: Path, split: str):
    with pairs.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if rec["split"] == split:
                yield rec


def build_model(pairs: Path, iterations: int, min_count: int) -> None:
    token_pairs = []
    for rec in _train_records(pairs, "train"):
        token_pairs.extend(align_page(rec["source"], rec["ocr"]))
    print(f"{len(token_pairs)} aligned token pairs")
    words: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    char_pairs = []
    for src, obs in token_pairs:
        words[obs][" ".join(src)] += 1
        if len(src) == 1 and src[0].isalpha() and obs.isprintable():
            char_pairs.append((src[0], obs))
    cost = char_prior
    for it in range(iterations):
        subs: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        ins: collections.Counter[str] = collections.Counter()
        for src, obs in char_pairs:
            for i_ch, o_sub in align_chars(src, obs, cost):
                if i_ch == "":
                    ins[o_sub] += 1
                else:
                    subs[i_ch][o_sub] += 1
        table = _probabilities(subs, ins, min_count)
        cost = _cost_from(table)
        print(f"iteration {it + 1}: {sum(len(v) for v in table['subs'].values())} substitutions")
    word_table = {o: [[s, c] for s, c in cnt.most_common(8) if c >= 2]
                  for o, cnt in words.items() if sum(cnt.values()) >= 2}
    word_table = {o: v for o, v in word_table.items() if v}
    intended_totals = collections.Counter()
    for cnt in words.values():
        for s, c in cnt.items():
            intended_totals[s] += c
    listed = {s for v in word_table.values() for s, _ in v}
    model = {"subs": table["subs"], "ins": table["ins"], "words": word_table,
             "intended_totals": {s: c for s, c in intended_totals.items() if s in listed}}
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT_DIR / "channel_model.json.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(word_table)} whole-token rewrites")


def _probabilities(subs, ins, min_count: int) -> dict:
    """log10 P(observed substring | intended char), add-0.5 smoothed, rare ones dropped."""
    out = {}
    for ch, cnt in subs.items():
        total = sum(cnt.values()) + 0.5 * len(cnt)
        row = {o: round(math.log10((c + 0.5) / total), 3) for o, c in cnt.items() if c >= min_count}
        if row:
            out[ch] = row
    n_obs = sum(sum(len(o) * c for o, c in cnt.items()) for cnt in subs.values()) + 1
    ins_row = {o: round(math.log10(c / n_obs), 3) for o, c in ins.items() if c >= min_count}
    return {"subs": out, "ins": ins_row}


def _cost_from(table: dict):
    subs, ins = table["subs"], table["ins"]

    def cost(i_ch: str, o_sub: str) -> float:
        if i_ch == "":
            return -ins.get(o_sub, -6.0)
        row = subs.get(i_ch)
        if row is None or o_sub not in row:
            return char_prior(i_ch, o_sub) + 3.0
        return -row[o_sub]
    return cost


def _score(pairs, n_gold: int, label: str) -> dict:
    """Oracle recall: how often the intended tokens are the top candidate, in the top 5, or
    anywhere in the list (compared without surrounding punctuation)."""
    from chidao.nlp.restore.channel import legacy_candidates, split_token

    hits = collections.Counter()
    misses = collections.Counter()
    for gold, obs in pairs:
        want = tuple(split_token(t)[1] for t in gold)
        got = [tuple(split_token(t)[1] for t in words) for words, _ in legacy_candidates(obs)]
        rank = got.index(want) if want in got else None
        hits["top1"] += rank == 0
        hits["top5"] += rank is not None and rank < 5
        hits["all"] += rank is not None
        hits["all_nocase"] += any(tuple(w.lower() for w in g) == tuple(w.lower() for w in want) for g in got)
        if rank is None:
            misses[(obs, " ".join(gold))] += 1
    row = {k: round(100 * v / n_gold, 2) for k, v in hits.items()}
    print(f"{label}: {n_gold} intended tokens, {sum(len(g) for g, _ in pairs)} aligned; "
          + ", ".join(f"{k} {v}%" for k, v in row.items()))
    print("  misses: " + "; ".join(f"{o}→{g}" for (o, g), _ in misses.most_common(60)))
    return row


def evaluate(pairs_path: Path) -> None:
    seeds = ROOT.parent / "shared"
    gold = (seeds / "gold" / "001_head120.restored.txt").read_text("utf-8").splitlines()
    seed = next((seeds / "seeds").glob("001_*.txt")).read_text("utf-8").splitlines()[: len(gold)]
    pairs, n_gold = [], 0
    for g, o in zip(gold, seed):
        g_toks = normalize_tones(g).split()
        n_gold += len(g_toks)
        pairs.extend(align_tokens(g_toks, o.split(), max_cost=float("inf")))
    _score(pairs, n_gold, "seed 001 head120 vs gold")
    pairs, n_gold, skipped = [], 0, 0
    for rec in _train_records(pairs_path, "test"):
        src = normalize_tones(" ".join(rec["source"])).split()
        obs = " ".join(rec["ocr"]).split()
        if sum(len(g) for g, _ in align_tokens(src, obs)) < 0.8 * len(src):
            skipped += 1  # degraded past reading (thin ink, blur, binarised): not an OCR text
            continue
        n_gold += len(src)
        pairs.extend(align_tokens(src, obs, max_cost=float("inf")))
    _score(pairs, n_gold, f"synthetic held-out pages ({skipped} unreadable pages left out)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("syllables")
    s.add_argument("--min-count", type=int, default=3)
    s.add_argument("--news-lines", type=int, default=1_000_000)
    m = sub.add_parser("model")
    m.add_argument("--pairs", type=Path, default=ROOT / "build" / "ocr_pairs.jsonl")
    m.add_argument("--iterations", type=int, default=3)
    m.add_argument("--min-count", type=int, default=2)
    e = sub.add_parser("evaluate")
    e.add_argument("--pairs", type=Path, default=ROOT / "build" / "ocr_pairs.jsonl")
    args = ap.parse_args()
    if args.cmd == "syllables":
        build_syllables(args.min_count, args.news_lines)
    elif args.cmd == "model":
        build_model(args.pairs, args.iterations, args.min_count)
    else:
        evaluate(args.pairs)


if __name__ == "__main__":
    main()
