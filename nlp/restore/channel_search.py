"""The legacy-OCR channel's search (used by nlp/restore/channel.py): best-first over the
observed characters and a trie of valid syllables together, each intended character emitting
0-3 observed characters at a learned log10 cost.

Speed: the search is nearly all of legacy restoration's time (seed 001: 744 wide searches,
~20 ms each, 1 780 narrow ones, ~2.5 ms). Without changing a single candidate of the 3 207
distinct tokens of seeds 000-002, 48.5 s -> 23.3 s CPU: a core is searched once whatever
punctuation surrounds it (channel.py), the ways each observed position can be explained are
built once per search (`_options`) instead of looked up per step and per substring, trie
children come pre-listed with their capitals and are skipped when nothing observed can be
read as them, and the wide search's unseen confusions wait as one entry until their cost
is due. Then 23.3 s -> 21.0 s: A* ordering (`_rest_bound`), which changes only the readings of
a few tokens so garbled that the search used to stop at its step limit ("thu(mg" now offers
thường)."""

from __future__ import annotations

import heapq
import itertools
import unicodedata

_MAX_SUB = 3          # longest observed substring one intended character may produce
_WIDEN_ABOVE = 0.8   # best cost (log10) above which the wide search runs
_WIDEN_ABOVE_GARBLED = 0.5
_MAX_COST = 8.0      # no reading costs more than this (log10) before one is found
_WINDOW = 3.5        # log10 distance from the best reading beyond which the search stops
_MAX_POPS = 4000      # search effort per token; keeps the worst case a few ms
_MAX_CANDIDATES = 15
_MAX_POPS_WIDE = 4000  # the wide search's effort (2000 loses real repairs: hiệu, Thường)
_MAX_DELETE_COST = 2.5  # a vowel the OCR dropped ("s" = số, "tuong" = trường)
_SPLIT_COST = 4.0     # log10 cost of an OCR-joined pair of syllables ("voinhdn")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_BACKOFF_OBS = "abcdeghiklmnopqrstuvxyABDEGIOQUV0123456789&¢@é"
_BACKOFF_LOGP = -2.5  # an unseen confusion: "Gy" = ủy is possible, if unlikely
_BACKOFF_CONSONANT = 3.0  # cost of any other letter misread ("hink" = hình, "36" = số)
_LETTERS = "".join(sorted({unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy"
                           for t in ["", *_TONE_MARKS]} | set("bcdđghklmnpqrstvx")))
_MARKED = frozenset(c for c in _LETTERS + _LETTERS.upper() if c.lower() not in "aeiouybcdghklmnpqrstvx")


def _link_children(node: dict) -> None:
    """Give every trie node its children once as (lower, upper, node) under "#": the search
    visits each node thousands of times and should not re-derive them."""
    kids = [(low, low.upper(), child) for low, child in node.items() if low != "$"]
    node["#"] = tuple(kids)
    for _, _, child in kids:
        _link_children(child)


# Casing within a syllable must be lower, Title or UPPER: for each state so far, the state
# that taking the next (lower-case trie) letter as lower / as upper case leads to (None: not
# allowed). Lower is tried first.
_CASE_NEXT = {"": ("l", "U1"), "U1": ("t", "u"), "l": ("l", None), "t": ("t", None), "u": (None, "u")}

def _search_all(obs: str, model: dict) -> list[tuple[str, float]]:
    """Learned confusions first; only a token they explain badly pays for the wide search
    (unseen confusions, two syllables the OCR glued together)."""
    found = _search(obs, model, max_split=0, backoff=False)
    # a token that is no syllable even unmarked ("Bdc") is garbled somewhere, so a cheap
    # learned reading (Bác) may hide the right one behind an unseen confusion (Bắc)
    widen = _WIDEN_ABOVE if obs.lower() in model["folds"] else _WIDEN_ABOVE_GARBLED
    if not found or found[0][1] > widen:
        wide = dict(_search(obs, model, max_split=1, backoff=True))
        for out, cost in found:
            wide[out] = min(cost, wide.get(out, cost))
        found = sorted(wide.items(), key=lambda x: x[1])
    return found


def _options(obs: str, reverse: dict) -> list[dict[str, tuple[tuple[int, float], ...]]]:
    """For each observed position: intended character -> ((observed length, cost), ...), the
    ways it can explain the characters from there, shortest first. Built once per search
    instead of looking every substring up again at each of the search's ~1000 steps."""
    end = len(obs)
    out = []
    for pos in range(end + 1):
        at: dict[str, list] = {}
        for length in range(0, min(_MAX_SUB, end - pos) + 1):
            row = reverse.get(obs[pos:pos + length])
            if row is None:
                continue
            for ch, c in row.items():
                if length == 0 and c > _MAX_DELETE_COST:
                    continue
                at.setdefault(ch, []).append((length, c))
        out.append({ch: tuple(v) for ch, v in at.items()})
    return out


def _rest_bound(obs: str, options: list, ins: dict, backoff: bool) -> list[float]:
    """For each position, the least any reading can cost for the observed characters from
    there on (letters, insertions, an unseen confusion; the trie ignored). Added to the cost so
    far it orders the search (A*): readings come out in the same order, but garbled tokens
    stop wasting steps on prefixes whose rest is dear. Never more than the true cost, so no
    reading within the window is lost."""
    end = len(obs)
    rest = [0.0] * (end + 1)
    for pos in range(end - 1, -1, -1):
        best = -ins.get(obs[pos], -3.5) + rest[pos + 1]
        if backoff and obs[pos] in _BACKOFF_OBS:
            best = min(best, min(-_BACKOFF_LOGP, _BACKOFF_CONSONANT) + rest[pos + 1])
        for hits in options[pos].values():
            for length, c in hits:
                if length:
                    best = min(best, c + rest[pos + length])
        rest[pos] = best
    return rest


def _search(obs: str, model: dict, max_split: int, backoff: bool) -> list[tuple[str, float]]:
    """Best-first search over (observed position, trie node): cheapest complete syllable
    sequences that explain all of `obs`. With `backoff`, one character may also be an
    unseen confusion (a marked vowel read as any letter or digit) — one, because every
    extra one multiplies the search and is rarely right."""
    trie, ins = model["trie"], model["ins"]
    options = _options(obs, model["reverse"])
    lows = [{ch.lower() for ch in at} for at in options]
    rest = _rest_bound(obs, options, ins, backoff)
    tick = itertools.count()  # breaks cost ties before the heap would compare trie nodes
    push, pop = heapq.heappush, heapq.heappop
    # cost + bound on the rest, position, output, case state, splits, backoffs used,
    # tie-break, trie node, cost so far
    heap: list = [(rest[0], 0, "", "", 0, 0, 0, trie, 0.0)]
    seen: set = set()
    found: dict[str, float] = {}
    pops = 0
    limit = _MAX_COST
    window = _WINDOW - 0.5 if backoff else _WINDOW
    cap = 8 * _MAX_CANDIDATES if backoff else 3 * _MAX_CANDIDATES
    end = len(obs)
    max_pops = _MAX_POPS_WIDE if backoff else _MAX_POPS
    while heap and pops < max_pops and len(found) < cap:
        due, pos, out, case, splits, spent, _, node, cost = pop(heap)
        if due > limit:
            break
        key = (pos, out, case, spent)
        if key in seen:
            continue
        seen.add(key)
        if spent > 1:  # a deferred set of unseen confusions, due now: push them one by one
            _expand_wild(heap, tick, (due, cost), pos, out, case, splits, node, obs[pos], spent == 2)
            continue
        pops += 1
        if pos == end and "$" in node and out not in found:
            found[out] = cost
            # readings 1000 times less likely than the best are not worth the search
            limit = min(limit, cost + window)
        opts = options[pos]
        wild = backoff and not spent and pos < end and obs[pos] in _BACKOFF_OBS
        as_lower, as_upper = _CASE_NEXT[case]
        letters = lows[pos]
        for low, up, child in node["#"]:
            if low not in letters:  # nothing here can be read as this letter
                continue
            for ch, new_case in ((low, as_lower), (up, as_upper)):
                if new_case is None:
                    continue
                hits = opts.get(ch)
                if hits:
                    for length, c in hits:
                        g = cost + c
                        if g + rest[pos + length] <= limit:
                            push(heap, (g + rest[pos + length], pos + length, out + ch, new_case,
                                        splits, spent, next(tick), child, g))
        if wild:
            # unseen confusions all cost the same: one entry stands for them until its cost is
            # reached (most never are), then becomes one entry per letter (2: marked vowels)
            for kind, extra in ((2, -_BACKOFF_LOGP), (3, _BACKOFF_CONSONANT)):
                if cost + extra + rest[pos + 1] <= limit:
                    push(heap, (cost + extra + rest[pos + 1], pos, out, case, splits, kind,
                                next(tick), node, cost + extra))
        if pos < end and out:
            g = cost - ins.get(obs[pos], -3.5)
            push(heap, (g + rest[pos + 1], pos + 1, out, case, splits, spent, next(tick), node, g))
        if "$" in node and out and splits < max_split and 0 < pos < end:
            g = cost + _SPLIT_COST
            push(heap, (g + rest[pos], pos, out + " ", "", splits + 1, spent, next(tick), trie, g))
    return sorted(found.items(), key=lambda x: x[1])


def _expand_wild(heap: list, tick, costs: tuple[float, float], pos: int, out: str, case: str,
                 splits: int, node: dict, seen_ch: str, marked: bool) -> None:
    """Push every child of `node` that reads the observed `seen_ch` as an unseen confusion of
    the given kind (a marked vowel or any other letter), all at `costs` (due, so far)."""
    due, cost = costs
    as_lower, as_upper = _CASE_NEXT[case]
    for low, up, child in node["#"]:
        for ch, new_case in ((low, as_lower), (up, as_upper)):
            if new_case is not None and ch != seen_ch and (ch in _MARKED) == marked:
                heapq.heappush(heap, (due, pos + 1, out + ch, new_case, splits, 1, next(tick), child, cost))
