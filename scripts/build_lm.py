"""Build the diacritic-restoration models under corpus/restore/ from ../shared/corpus.

    bash scripts/build_kenlm_tools.sh      # once: lmplz + build_binary into build/kenlm/bin
    nice .venv/bin/python scripts/build_lm.py   # ≈ 6 min on one core

Writes
- corpus/restore/lm.bin          syllable 5-gram KenLM (singleton 3-5-grams pruned, 8-bit
                                 quantized trie, ≈ 22 MB)
- corpus/restore/syllables.tsv   syllable inventory: lowercase syllable<TAB>count
- tests/data/restore/legal_heldout.txt  held-out legal text (whole documents never trained on)

Training text: the VLC legal corpus (minus held-out documents) and admin_text.txt (minus its
last tenth), both twice, because directives read like them; the hand-written directive
boilerplate in scripts/restore_phrases.txt ("Kính gửi:", "Nơi nhận:", signature blocks, section
headings) and every name of the body registry (corpus/bodies/registry.jsonl); the administrative units of corpus/restore/places.txt (scripts/build_places.py); plus the first `--news-lines` sentences of VietNews for general vocabulary. Everything NFC, new-style tones, and tokenised
by nlp.restore.text.lm_line, the same tokeniser the decoder uses. News text is never shipped."""

from __future__ import annotations

import argparse
import collections
import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

from chidao.nlp.bodies import BodyRegistry
from chidao.nlp.restore.model import is_syllable_shape
from chidao.nlp.restore.text import fold, lm_line, normalize_tones, tokenize_line

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
BUILD = ROOT / "build" / "lm"
KENLM_BIN = ROOT / "build" / "kenlm" / "bin"
OUT = ROOT / "corpus" / "restore"
EVAL = ROOT / "tests" / "data" / "restore"

PHRASES = ROOT / "scripts" / "restore_phrases.txt"
PHRASE_COPIES = 10  # per in-domain copy: directive boilerplate is rare in laws and news; this makes the LM know it
REGISTRY = ROOT / "corpus" / "bodies" / "registry.jsonl"  # scripts/build_body_registry.py
PLACES = OUT / "places.txt"  # scripts/build_places.py: every administrative unit with its parent
# Every place line counts this many times toward the inventory's minimum count, but is trained
# on once at most: ten thousand commune names as LM text outweigh common phrases ("Bắc Bộ" read
# as the commune "Bộc Bố"). The LM learns provinces, districts and the communes with a syllable
# no common word has ("Ea Kly", "Đắk Mar"); other commune syllables only join the inventory.
PLACE_COPIES = 3
COMMUNE_UNITS = ("xã ", "phường ", "thị trấn ")
HOLDOUT_EVERY = 12  # every 12th legal document (sorted by name) is held out
EVAL_SYLLABLES = 30_000


def _body_names() -> list[str]:
    """Every name and alias of the body registry (corpus/bodies/registry.jsonl), so that the LM
    knows a level after a body ("Trung tâm Khuyến nông tỉnh", not "tính"; "Đảng ủy phường")."""
    if not REGISTRY.exists():
        return []
    return sorted({normalize_tones(name) for name in BodyRegistry.load(REGISTRY).names()})


def _has_minority_syllable(line: str) -> bool:
    return any(not is_syllable_shape(fold(w)) for w in re.findall(r"[^\W\d_]+", line.lower()))


def _legal_documents() -> list[tuple[str, list[str]]]:
    docs = []
    with tarfile.open(SHARED / "vlc_legal_187.tar.xz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            raw = tar.extractfile(member).read().decode("utf-8")
            lines = [normalize_tones(x).strip() for x in raw.splitlines()]
            docs.append((member.name, [x for x in lines if x]))
    return docs


def _news_lines(limit: int):
    proc = subprocess.Popen(["xz", "-dc", str(SHARED / "vietnews.txt.xz")], stdout=subprocess.PIPE)
    try:
        n = 0
        for raw in io.TextIOWrapper(proc.stdout, encoding="utf-8"):
            line = raw.strip()
            if not line:
                continue
            if n >= limit:
                break
            n += 1
            yield normalize_tones(line)
    finally:
        proc.kill()
        proc.wait()


def _count_syllables(line: str, counts: collections.Counter) -> None:
    for s, e, kind, protected in tokenize_line(line):
        if kind == "w" and not protected:
            counts[line[s:e].lower()] += 1


def _run(cmd: list[str], **kw) -> None:
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, timeout=3600, **kw)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news-lines", type=int, default=200_000)
    ap.add_argument("--domain-copies", type=int, default=2,
                    help="copies of the legal and admin text (directives read like them); keep it in step with --news-lines")
    ap.add_argument("--order", type=int, default=5)
    ap.add_argument("--prune", default="0 0 1 1 1")
    ap.add_argument("--memory", default="2G")
    args = ap.parse_args()
    for tool in ("lmplz", "build_binary"):
        if not (KENLM_BIN / tool).exists():
            sys.exit(f"missing {KENLM_BIN / tool}: run bash scripts/build_kenlm_tools.sh")
    BUILD.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    EVAL.mkdir(parents=True, exist_ok=True)

    docs = _legal_documents()
    held = [d for i, d in enumerate(docs) if i % HOLDOUT_EVERY == HOLDOUT_EVERY // 2]
    train_docs = [d for i, d in enumerate(docs) if i % HOLDOUT_EVERY != HOLDOUT_EVERY // 2]
    admin = [normalize_tones(x).strip() for x in (SHARED / "admin_text.txt").read_text("utf-8").splitlines()]
    admin = [x for x in admin if x]
    cut = len(admin) * 9 // 10
    admin_train, admin_held = admin[:cut], admin[cut:]

    counts: collections.Counter = collections.Counter()
    seen_train: set[str] = set()
    train_path = BUILD / "train.txt"
    with train_path.open("w", encoding="utf-8") as out:
        in_domain = [x for _, lines in train_docs for x in lines] + admin_train
        phrases = [normalize_tones(x).strip() for x in PHRASES.read_text("utf-8").splitlines() if x.strip()]
        for line in phrases + _body_names():
            out.write((lm_line(line) + "\n") * (PHRASE_COPIES * args.domain_copies))
        places = PLACES.read_text("utf-8").splitlines() if PLACES.exists() else []
        for line in places:
            for _ in range(PLACE_COPIES):
                _count_syllables(line, counts)
            if not line.startswith(COMMUNE_UNITS) or _has_minority_syllable(line):
                out.write(lm_line(line) + "\n")
        for line in in_domain:
            seen_train.add(line)
            _count_syllables(line, counts)
            toks = lm_line(line)
            out.write((toks + "\n") * args.domain_copies)
        for n, line in enumerate(_news_lines(args.news_lines)):
            _count_syllables(line, counts)
            out.write(lm_line(line) + "\n")
    print(f"legal docs: {len(train_docs)} train, {len(held)} held out; news lines: {n + 1}", file=sys.stderr)

    # Held-out evaluation text: whole documents never trained on, minus lines that occur
    # verbatim in training (laws repeat boilerplate), up to EVAL_SYLLABLES syllables.
    # Every held-out document contributes: lines are taken round-robin across documents.
    queues = [[x for x in lines if x not in seen_train] for _, lines in held]
    eval_lines, total = [], 0
    for i in range(max(len(q) for q in queues)):
        for q in queues:
            if i < len(q) and total < EVAL_SYLLABLES:
                eval_lines.append(q[i])
                total += sum(1 for t in tokenize_line(q[i]) if t[2] == "w")
    (EVAL / "legal_heldout.txt").write_text("\n".join(eval_lines) + "\n", encoding="utf-8")
    (BUILD / "admin_heldout.txt").write_text("\n".join(admin_held) + "\n", encoding="utf-8")
    (BUILD / "heldout_docs.txt").write_text("\n".join(name for name, _ in held) + "\n", encoding="utf-8")

    # Inventory: syllables seen at least 3 times (fewer are mostly typos and foreign names).
    with (OUT / "syllables.tsv").open("w", encoding="utf-8") as f:
        for syl, c in sorted(counts.items()):
            if c >= 3:
                f.write(f"{syl}\t{c}\n")

    arpa = BUILD / f"lm{args.order}.arpa"  # large; removed once the binary is built
    with train_path.open("rb") as fin, arpa.open("wb") as fout:
        _run([str(KENLM_BIN / "lmplz"), "-o", str(args.order), "-S", args.memory,
              "-T", str(BUILD), "--prune", *args.prune.split(), "--discount_fallback"],
             stdin=fin, stdout=fout)
    _run([str(KENLM_BIN / "build_binary"), "-q", "8", "-b", "8", "-a", "22", "trie",
          str(arpa), str(OUT / "lm.bin")])
    arpa.unlink()
    print(f"wrote {OUT / 'lm.bin'} ({(OUT / 'lm.bin').stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
