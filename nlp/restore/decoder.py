"""Beam search over KenLM states: picks one candidate per position so that channel score +
language-model score is highest. Hypotheses that reach the same LM state are recombined
(exact Viterbi for the n-gram), so the beam only has to hold genuinely different contexts."""

from __future__ import annotations

from dataclasses import dataclass

import kenlm


@dataclass(frozen=True, slots=True)
class Candidate:
    """One way to read a position: the LM tokens it contributes, its channel log10
    probability (0 for an exact or plain-text reading) and the text it is written as."""

    lm_words: tuple[str, ...]
    logp: float
    text: str


BEAM = 6
# Hypotheses this far (log10) below the best are dropped: they never win in practice.
MARGIN = 3.0
# Candidates this far below the best reading after the best hypothesis are not tried after
# the other hypotheses.
CAND_MARGIN = 2.5
# LM states are interned as small ints (one hash of a kenlm.State per new state, not per
# lookup), and (state id, word) → (log10 p, next state id) is cached across calls: the same
# contexts recur all through a document.
_STATE_LIMIT = 100_000  # with their scores ≈ 150 MB at most; reset when reached


class LmStates:
    """The interned states of one LM and their scored extensions, owned by a restorer."""

    def __init__(self, lm):
        self.lm = lm
        self.clear()

    def clear(self) -> None:
        self.ids: dict = {}
        self.states: list = []
        self.rows: list = []

    def tables(self):
        """(ids, states, rows): state → id, id → state, id → {word: (log10 p, next id)}."""
        if len(self.states) >= _STATE_LIMIT:
            self.clear()
        return self.ids, self.states, self.rows


def _intern(state, ids: dict, states: list, rows: list) -> int:
    sid = ids.get(state)
    if sid is None:
        sid = ids[state] = len(states)
        states.append(state)
        rows.append({})
    return sid


def _extend(lm, sid: int, word: str, ids: dict, states: list, rows: list) -> tuple[float, int]:
    out = kenlm.State()
    hit = rows[sid][word] = (lm.BaseScore(states[sid], word, out), _intern(out, ids, states, rows))
    return hit


def decode(lm_states: LmStates, positions: list, beam: int = BEAM, margin: float = MARGIN,
           cand_margin: float = CAND_MARGIN) -> list[int]:
    """The index of the chosen candidate at each position (one block of text, starting a
    sentence and ending it)."""
    lm = lm_states.lm
    ids, states, rows = lm_states.tables()
    state0 = kenlm.State()
    lm.BeginSentenceWrite(state0)
    hyps: list[tuple[float, int]] = [(0.0, _intern(state0, ids, states, rows))]
    backs: list = []
    new_state, base_score = kenlm.State, lm.BaseScore
    for cands in positions:
        if len(cands) == 1 and len(hyps) == 1:  # a fixed token after a settled context
            cand = cands[0]
            s, st = hyps[0]
            s += cand.logp
            for w in cand.lm_words:
                hit = rows[st].get(w)
                if hit is None:
                    hit = _extend(lm, st, w, ids, states, rows)
                s += hit[0]
                st = hit[1]
            backs.append(((0, cand),))
            hyps = [(s, st)]
            continue
        best: dict = {}
        keep = cands
        first = True
        for hi, (score, sid) in enumerate(hyps):
            exts = [] if first and len(cands) > 1 else None
            row = rows[sid]
            for cand in keep:
                words = cand.lm_words
                if len(words) == 1:
                    w = words[0]
                    hit = row.get(w)
                    if hit is None:  # _extend, inlined: this is the hot path
                        out = new_state()
                        lp = base_score(states[sid], w, out)
                        nid = ids.get(out)
                        if nid is None:
                            nid = ids[out] = len(states)
                            states.append(out)
                            rows.append({})
                        hit = row[w] = (lp, nid)
                    s = score + cand.logp + hit[0]
                else:
                    s = score + cand.logp
                    st = sid
                    for w in words:
                        hit = rows[st].get(w)
                        if hit is None:
                            hit = _extend(lm, st, w, ids, states, rows)
                        s += hit[0]
                        st = hit[1]
                if exts is not None:
                    exts.append(s)
                # hypotheses reaching the same LM state are recombined (exact for the
                # n-gram): only the best can win from here on
                nxt = hit[1]
                old = best.get(nxt)
                if old is None or s > old[0]:
                    best[nxt] = (s, hi, cand, nxt)
            if exts is not None:
                # a reading far behind after the best context will not win after a worse one
                floor = max(exts) - cand_margin
                keep = [c for c, x in zip(keep, exts) if x >= floor]
            first = False
        if len(best) == 1:
            (t,) = best.values()
            backs.append(((t[1], t[2]),))
            hyps = [(t[0], t[3])]
            continue
        ranked = sorted(best.values(), key=_first, reverse=True)[:beam]
        floor = ranked[0][0] - margin
        ranked = [t for t in ranked if t[0] >= floor]
        backs.append([(t[1], t[2]) for t in ranked])
        hyps = [(t[0], t[3]) for t in ranked]
    end = kenlm.State()
    final = [score + lm.BaseScore(states[sid], "</s>", end) for score, sid in hyps]
    hi = max(range(len(final)), key=final.__getitem__)
    chosen = [0] * len(positions)
    for pos in range(len(positions) - 1, -1, -1):
        prev, cand = backs[pos][hi]
        cands = positions[pos]
        chosen[pos] = 0 if len(cands) == 1 else next(i for i, c in enumerate(cands) if c is cand)
        hi = prev
    return chosen


def _first(t: tuple) -> float:
    return t[0]
