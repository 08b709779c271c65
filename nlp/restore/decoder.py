"""Beam search over KenLM states: picks one candidate per position so that channel score +
language-model score is highest. Hypotheses that reach the same LM state are recombined
(exact Viterbi for the n-gram), so the beam only has to hold genuinely different contexts."""

from __future__ import annotations

from dataclasses import dataclass

import kenlm


@dataclass(frozen=True)
class Candidate:
    """One way to read a position: the LM tokens it contributes, its channel log10
    probability (0 for an exact or plain-text reading) and the text it is written as."""

    lm_words: tuple[str, ...]
    logp: float
    text: str


BEAM = 8
# Hypotheses this far (log10) below the best are dropped: they never win in practice.
_MARGIN = 6.0
# Cache of (state, word) → (log10 p, next state). States are hashable and compare by the
# context words they keep, so the cache is shared across lines and calls.
_CACHE: dict = {}
_CACHE_LIMIT = 2_000_000


def _score(lm, state, word):
    key = (state, word)
    hit = _CACHE.get(key)
    if hit is None:
        out = kenlm.State()
        hit = (lm.BaseScore(state, word, out), out)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = hit
    return hit


def decode(lm, positions: list[list[Candidate]], beam: int = BEAM) -> list[int]:
    """The index of the chosen candidate at each position (one block of text, starting a
    sentence and ending it)."""
    start = kenlm.State()
    lm.BeginSentenceWrite(start)
    hyps: list[tuple[float, object]] = [(0.0, start)]
    backs: list[list[tuple[int, int]]] = []
    cache_get = _CACHE.get
    for cands in positions:
        best: dict = {}
        for hi, (score, state) in enumerate(hyps):
            for ci, cand in enumerate(cands):
                s = score + cand.logp
                st = state
                for w in cand.lm_words:
                    hit = cache_get((st, w))
                    if hit is None:
                        hit = _score(lm, st, w)
                    s += hit[0]
                    st = hit[1]
                old = best.get(st)
                if old is None or s > old[0]:
                    best[st] = (s, hi, ci, st)
        ranked = sorted(best.values(), key=lambda t: -t[0])
        floor = ranked[0][0] - _MARGIN
        ranked = [t for t in ranked[:beam] if t[0] >= floor]
        backs.append([(t[1], t[2]) for t in ranked])
        hyps = [(t[0], t[3]) for t in ranked]
    end = kenlm.State()
    final = [score + lm.BaseScore(state, "</s>", end) for score, state in hyps]
    hi = max(range(len(final)), key=final.__getitem__)
    chosen = [0] * len(positions)
    for pos in range(len(positions) - 1, -1, -1):
        prev, ci = backs[pos][hi]
        chosen[pos] = ci
        hi = prev
    return chosen
