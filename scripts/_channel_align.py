"""Alignment helpers for scripts/build_channel.py: which OCR token stands for which source
token(s), and which observed characters each intended character became.

Token level: a banded dynamic programme over the page's token sequences; substitution cost is
the edit distance of the two words' skeletons (diacritics and the English model's look-alikes
folded away), with 2:1 steps for words the OCR glued together ("voinhdn" = "với nhân").
Character level: each intended character emits 0-3 observed characters, observed characters
may also appear from nothing; costs come from `char_prior` or, after a first pass, from the
learned table (EM with hard alignments)."""

from __future__ import annotations

import difflib
import functools
import sys
import unicodedata
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chidao.nlp.restore.channel import normalize_tones, split_token  # noqa: E402

# English-model look-alikes folded into the letter they usually stand for (skeletons only).
_LOOKALIKE = str.maketrans({"6": "o", "0": "o", "&": "o", "1": "l", "¢": "e", "@": "o", "4": "a",
                            "w": "u", "¥": "y", "§": "s", "€": "e", "®": "o"})
_BAND = 40
_MAX_PAIR_COST = 0.6


@functools.lru_cache(maxsize=500_000)
def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.lower().translate(_LOOKALIKE)


@functools.lru_cache(maxsize=1_000_000)
def _dist(a: str, b: str) -> float:
    """Levenshtein distance of two skeletons, normalised to 0..1."""
    if a == b:
        return 0.0
    if not a or not b:
        return 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] / max(len(a), len(b))


def align_tokens(src: list[str], obs: list[str], max_cost: float = _MAX_PAIR_COST) -> list[tuple[tuple[str, ...], str]]:
    """Pairs (source tokens, observed token) of a confident 1:1 or 2:1 token alignment.
    Words whose skeletons agree anchor the alignment (difflib); only the gaps between
    anchors go through the dynamic programme, which keeps a page to milliseconds."""
    fs = [_fold(split_token(t)[1]) for t in src]
    fo = [_fold(split_token(t)[1]) for t in obs]
    pairs: list[tuple[tuple[str, ...], str]] = []
    i = j = 0
    for a, b, size in difflib.SequenceMatcher(None, fs, fo, autojunk=False).get_matching_blocks():
        pairs.extend(_align_gap(src[i:a], obs[j:b], fs[i:a], fo[j:b], max_cost))
        pairs.extend(((src[a + k],), obs[b + k]) for k in range(size))
        i, j = a + size, b + size
    return pairs


def _align_gap(src, obs, fs, fo, max_cost) -> list[tuple[tuple[str, ...], str]]:
    n, m = len(src), len(obs)
    if not n or not m:
        return []
    inf = float("inf")
    cost = {(0, 0): (0.0, None)}

    def relax(i, j, c, back):
        if c < cost.get((i, j), (inf,))[0]:
            cost[(i, j)] = (c, back)

    for i in range(n + 1):
        centre = i * m // n
        for j in range(max(0, centre - _BAND), min(m, centre + _BAND) + 1):
            here = cost.get((i, j))
            if here is None:
                continue
            c = here[0]
            if i < n:
                relax(i + 1, j, c + 1.0, (i, j, 0))
            if j < m:
                relax(i, j + 1, c + 1.0, (i, j, 0))
            if i < n and j < m:
                relax(i + 1, j + 1, c + _dist(fs[i], fo[j]), (i, j, 1))
            if i + 1 < n and j < m:
                relax(i + 2, j + 1, c + _dist(fs[i] + fs[i + 1], fo[j]) + 0.3, (i, j, 2))
    if (n, m) not in cost:
        return []
    pairs = []
    i, j = n, m
    while (i, j) != (0, 0):
        c, back = cost[(i, j)]
        pi, pj, kind = back
        if kind:
            step = c - cost[(pi, pj)][0] - (0.3 if kind == 2 else 0.0)
            if step <= max_cost:
                pairs.append((tuple(src[pi:i]), obs[pj]))
        i, j = pi, pj
    pairs.reverse()
    return pairs


def align_page(source: list[str], ocr: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """Aligned (intended cores, observed core) pairs of one page; punctuation split off."""
    src = normalize_tones(" ".join(source)).split()
    obs = " ".join(ocr).split()
    out = []
    for s_toks, o_tok in align_tokens(src, obs):
        cores = tuple(split_token(t)[1] for t in s_toks)
        o_core = split_token(o_tok)[1]
        if all(cores) and o_core:
            out.append((cores, o_core))
    return out


def char_prior(i_ch: str, o_sub: str) -> float:
    """Cost of intended character `i_ch` ('' for an inserted one) producing `o_sub`, before
    anything is learned: same letter cheap, same skeleton cheaper than anything else."""
    if i_ch == "":
        return 1.5 if o_sub in "'’`.,-" else 3.0
    if not o_sub:
        return 3.0
    same = _fold(i_ch) == _fold(o_sub[0]) or (len(o_sub) > 1 and _fold(i_ch) == _fold(o_sub[1]))
    if len(o_sub) == 1:
        return 0.0 if o_sub == i_ch else 0.5 if _fold(o_sub) == _fold(i_ch) else 2.5
    return (2.5 if same else 3.0) + 1.5 * (len(o_sub) - 2)


def align_chars(src: str, obs: str, cost: Callable[[str, str], float]) -> list[tuple[str, str]]:
    """Cheapest (intended char, observed substring) path; ('', c) marks an inserted character."""
    n, m = len(src), len(obs)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c = best[i][j]
            if c == inf:
                continue
            if j < m:  # an observed character from nothing
                nc = c + cost("", obs[j])
                if nc < best[i][j + 1]:
                    best[i][j + 1], back[i][j + 1] = nc, (i, j)
            if i < n:
                for length in range(0, min(3, m - j) + 1):
                    nc = c + cost(src[i], obs[j:j + length])
                    if nc < best[i + 1][j + length]:
                        best[i + 1][j + length], back[i + 1][j + length] = nc, (i, j)
    path = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        path.append((src[pi] if pi < i else "", obs[pj:j]))
        i, j = pi, pj
    path.reverse()
    return path
