"""`chidao bench restore`: diacritic restoration and legacy-OCR repair against pyvi 0.1.1's
`add_accents`, measured in the same run on the same text.

Rows: plain unaccented held-out legal text (diacritics stripped, restored, compared), legacy
OCR (seed 001's first 120 lines vs the hand-restored gold; synthetic `eng` OCR of held-out
text), already-correct text (share of syllables left unchanged), speed and model load time.
Accuracy is LCS-aligned, case-insensitive syllable accuracy. pyvi crashes with KeyError on some
lines; such a line counts as returned unrestored."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "restore"
SHARED = ROOT.parent / "shared"


def _pyvi(text: str) -> tuple[str, int]:
    """pyvi's add_accents line by line; (output, lines it crashed on)."""
    from pyvi import ViUtils

    out, crashes = [], 0
    for line in text.split("\n"):
        try:
            out.append(ViUtils.add_accents(line) if line.strip() else line)
        except Exception:  # pyvi raises KeyError on characters it does not know
            crashes += 1
            out.append(line)
    return "\n".join(out), crashes


def _timed(fn, text: str, runs: int = 3):
    """Output and CPU seconds of this process, the best of `runs` (the machine may be shared;
    both systems are single-threaded, so CPU time is the one-core speed). Our decoder's score
    cache is emptied before each run, so every run starts cold."""
    from chidao.nlp.restore import default_restorer

    best = float("inf")
    for _ in range(runs):
        # every memo too (LM states, the legacy channel's tokens): a new document meets new tokens
        default_restorer().clear_memos()
        start = time.process_time()
        out = fn(text)
        best = min(best, time.process_time() - start)
    return out, best


def _pct(pair: tuple[int, int]) -> float:
    return 100.0 * pair[0] / max(1, pair[1])


def _load_seconds() -> tuple[float, float]:
    """(model load, package import) wall seconds in a fresh process: the first call of a run
    pays both."""
    code = ("import time; t = time.perf_counter(); from chidao.nlp.restore.model import load_model; "
            "i = time.perf_counter() - t; t = time.perf_counter(); load_model(); "
            "print(time.perf_counter() - t, i)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=True, cwd=ROOT)
    load, imports = out.stdout.strip().splitlines()[-1].split()
    return float(load), float(imports)


def _legacy_pairs() -> list[tuple[str, str, str, str]]:
    """(name, legacy OCR text, truth, note) for each legacy evaluation that is present."""
    pairs = []
    gold = SHARED / "gold" / "001_head120.restored.txt"
    seeds = sorted((SHARED / "seeds").glob("001_*.txt"))
    if gold.exists() and seeds:
        truth = gold.read_text(encoding="utf-8").rstrip("\n")
        n = len(truth.split("\n"))
        raw = "\n".join(seeds[0].read_text(encoding="utf-8").split("\n")[:n])
        pairs.append(("legacy OCR: seed 001 head 120 vs gold", raw, truth,
                      "dev set: decoder weights tuned on it"))
    synth = DATA / "synthetic_eng_ocr.jsonl"
    if synth.exists():
        pages = [json.loads(x) for x in synth.read_text(encoding="utf-8").splitlines() if x.strip()]
        pairs.append((f"legacy OCR: synthetic eng pages ({len(pages)}) of held-out text",
                      "\f".join(p["ocr"] for p in pages), "\f".join(p["truth"] for p in pages),
                      "LM never saw these laws"))
    return pairs


def _paged_accuracy(hyp: str, ref: str) -> tuple[int, int]:
    from chidao.nlp.restore.text import syllable_accuracy

    m = t = 0
    for h, r in zip(hyp.split("\f"), ref.split("\f")):
        a, b = syllable_accuracy(h, r)
        m, t = m + a, t + b
    return m, t


@click.command(name="restore")
@click.option("--limit", type=int, default=0, help="Use only the first N lines of held-out text.")
def command(limit: int) -> None:
    """Restoration accuracy and speed against pyvi 0.1.1 (add_accents), same run, same text.

    \b
    Example:
      chidao bench restore
    """
    from rich.console import Console
    from rich.table import Table

    from chidao.nlp.restore import restore_diacritics
    from chidao.nlp.restore import default_restorer
    from chidao.nlp.restore.text import strip_diacritics, syllable_accuracy, syllables

    load_s, import_s = _load_seconds()
    default_restorer().model  # loaded before the timed runs
    clean = (DATA / "legal_heldout.txt").read_text(encoding="utf-8").rstrip("\n")
    if limit:
        clean = "\n".join(clean.split("\n")[:limit])
    plain = strip_diacritics(clean)
    n_syl = len(syllables(clean))

    rows = []
    ours, our_s = _timed(restore_diacritics, plain)
    (theirs, crashes), their_s = _timed(_pyvi, plain)
    rows.append((f"plain unaccented held-out legal text ({n_syl:,} syllables)",
                 _pct(syllable_accuracy(ours, clean)), _pct(syllable_accuracy(theirs, clean)),
                 _pct(syllable_accuracy(plain, clean)), 99.0, f"pyvi crashed on {crashes} lines"))

    admin = ROOT / "build" / "lm" / "admin_heldout.txt"  # written by scripts/build_lm.py, not shipped
    if admin.exists():
        admin_clean = admin.read_text(encoding="utf-8").rstrip("\n")
        admin_plain = strip_diacritics(admin_clean)
        theirs_a, crashes_a = _pyvi(admin_plain)
        rows.append((f"plain unaccented held-out admin_text ({len(syllables(admin_clean)):,} syllables)",
                     _pct(syllable_accuracy(restore_diacritics(admin_plain), admin_clean)),
                     _pct(syllable_accuracy(theirs_a, admin_clean)), _pct(syllable_accuracy(admin_plain, admin_clean)),
                     99.0, f"pyvi crashed on {crashes_a} lines"))

    legacy_rate = None
    for name, raw, truth, note in _legacy_pairs():
        if legacy_rate is None and name.startswith("legacy OCR: seed 001"):
            # speed on legacy OCR: the channel's search per distinct token dominates
            n_leg = len(syllables(truth))
            _, leg_s = _timed(restore_diacritics, raw)
            _, leg_pyvi_s = _timed(_pyvi, raw)
            legacy_rate = (n_leg, leg_s, n_leg / leg_s, n_leg / leg_pyvi_s)
        ours_l = restore_diacritics(raw)
        theirs_l, crashes_l = _pyvi(raw)
        rows.append((name, _pct(_paged_accuracy(ours_l, truth)), _pct(_paged_accuracy(theirs_l, truth)),
                     _pct(_paged_accuracy(raw, truth)), 95.0, f"{note}; pyvi crashed on {crashes_l} lines"))

    correct = [clean] + [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("00[34]_*.txt"))]
    correct_text = "\n".join(correct)
    kept = restore_diacritics(correct_text)
    theirs_c, _ = _pyvi(correct_text)
    changed_lines = sum(a != b for a, b in zip(kept.split("\n"), correct_text.split("\n")))
    rows.append((f"already-correct text unchanged ({len(syllables(correct_text)):,} syllables)",
                 _pct(syllable_accuracy(kept, correct_text)), _pct(syllable_accuracy(theirs_c, correct_text)),
                 100.0, 99.9, f"{changed_lines} lines changed"))

    table = Table(title="chidao bench restore — syllable accuracy (LCS-aligned, case-insensitive)")
    for col in ("measurement", "chidao", "pyvi 0.1.1", "raw input", "target", "met", "note"):
        table.add_column(col, justify="left" if col in ("measurement", "note") else "right")
    for name, ours_pct, pyvi_pct, raw_pct, target, note in rows:
        table.add_row(name, f"{ours_pct:.2f} %", f"{pyvi_pct:.2f} %", f"{raw_pct:.2f} %",
                      f"≥ {target} %", "yes" if ours_pct >= target else "NO", note)
    ours_rate, their_rate = n_syl / our_s, n_syl / their_s
    table.add_row("speed, one core (plain text above)", f"{ours_rate:,.0f} syl/s", f"{their_rate:,.0f} syl/s",
                  "", "≥ 20,000 syl/s", "yes" if ours_rate >= 20_000 else "NO",
                  f"CPU time, best of 3 cold runs; {ours_rate / their_rate:.1f}× pyvi")
    if legacy_rate is not None:
        n_leg, leg_s, ours_l, theirs_l = legacy_rate
        table.add_row(f"speed, one core, legacy OCR (seed 001 head, {n_leg:,} syllables)", f"{ours_l:,.0f} syl/s",
                      f"{theirs_l:,.0f} syl/s", "", "", "", f"CPU time {leg_s:.2f} s, best of 3 cold runs (channel caches emptied)")
    table.add_row("model load, fresh process", f"{load_s:.2f} s", "", "", "≤ 2 s",
                  "yes" if load_s <= 2.0 else "NO", f"+ {import_s:.2f} s importing the nlp package")
    Console(width=200).print(table)
