"""Scoring an extraction against a gold annotation in the reduced form of
`../shared/gold/004.json`: each gold task is found by an `anchor` phrase its text must
contain (compared after folding diacritics); bodies are compared folded, with the common
abbreviations (UBND, MTTQ, BCĐ …) expanded on both sides.

Lead F1 counts explicit leads, and inherited ones where gold names them: a task whose lead is
inferred (implicit_lead) predicts no lead when gold writes `"lead": []` (batches A–K: the
addressees are meant), and its inferred bodies when gold writes them with `"implicit_lead":
true` (batches L onward: a section opener's bodies, inherited). Bodies are compared by their
canonical names (chidao.nlp.bodies): "Sở TT&TT" and "Sở Thông tin và truyền thông" are one.

The guide writes a period "từ ngày X đến ngày Y" as two deadlines (from X, by Y); some
annotators wrote it as one, of kind "from" due Y. That one counts as found when the task has a
"by" deadline at Y, the period's end."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from chidao.record import DocumentInfo, Task
from chidao.nlp.extract._text import fold

_LIST_FIELDS = {"recipients", "distribution", "marks", "references", "responds_to"}


@dataclass
class Score:
    """Counts summed over documents; ratios are computed at the end (micro-averaged)."""

    task_tp: int = 0
    task_fp: int = 0
    task_fn: int = 0
    lead: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn
    coop: list[int] = field(default_factory=lambda: [0, 0, 0])
    deadline_ok: int = 0
    deadline_all: int = 0
    recurring_ok: int = 0
    recurring_all: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, all]
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.task_tp += other.task_tp
        self.task_fp += other.task_fp
        self.task_fn += other.task_fn
        for mine, theirs in ((self.lead, other.lead), (self.coop, other.coop)):
            for i in range(3):
                mine[i] += theirs[i]
        self.deadline_ok += other.deadline_ok
        self.deadline_all += other.deadline_all
        self.recurring_ok += other.recurring_ok
        self.recurring_all += other.recurring_all
        for name, (right, total) in other.fields.items():
            cur = self.fields.setdefault(name, [0, 0])
            cur[0] += right
            cur[1] += total
        self.misses += other.misses

    @property
    def task_f1(self) -> float:
        return _f1(self.task_tp, self.task_fp, self.task_fn)

    @property
    def lead_f1(self) -> float:
        return _f1(*self.lead)

    @property
    def coop_f1(self) -> float:
        return _f1(*self.coop)

    @property
    def deadline_accuracy(self) -> float | None:
        return self.deadline_ok / self.deadline_all if self.deadline_all else None

    @property
    def recurring_accuracy(self) -> float | None:
        return self.recurring_ok / self.recurring_all if self.recurring_all else None

    @property
    def metadata_accuracy(self) -> float | None:
        right = sum(r for r, _ in self.fields.values())
        total = sum(t for _, t in self.fields.values())
        return right / total if total else None


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def norm_body(name: str) -> str:
    from chidao.nlp.bodies import canonical_body, default_registry

    return fold(default_registry().key(canonical_body(name)))


def _norm_value(value) -> str:
    return "" if value is None else fold(str(value))


def _fuzzy_contains(anchor: str, text: str, threshold: float = 0.75) -> bool:
    """Whether some window of `text` (as many words as the anchor) is ≥ 75 % alike, letter
    by letter: leftover OCR errors of an imperfect repair."""
    n, words = len(anchor.split()), text.split()
    return any(SequenceMatcher(None, anchor, " ".join(words[i:i + n])).ratio() >= threshold
               for i in range(max(1, len(words) - n + 1)))


def _same_set(gold: set[str], pred: set[str], fuzzy: bool) -> tuple[set[str], set[str]]:
    """Predicted names mapped onto gold names they match (exactly, or ≥ 0.85 alike if fuzzy)."""
    if not fuzzy:
        return gold, pred
    mapped = set()
    for p in pred:
        best = max(gold, key=lambda g: SequenceMatcher(None, g, p).ratio(), default=None)
        mapped.add(best if best is not None and SequenceMatcher(None, best, p).ratio() >= 0.85 else p)
    return gold, mapped


def score_directive(gold: dict, document: DocumentInfo, tasks: list[Task], fuzzy: bool = False) -> Score:
    """Counts for one document. `fuzzy` tolerates leftover OCR errors in the text (used for
    automatically repaired seeds): anchors match a window ≥ 75 % alike letter by letter, body
    names ≥ 85 % alike."""
    score = Score()
    name = gold.get("source", "?")
    used: set[int] = set()
    pairs: list[tuple[dict, Task | None]] = []
    for g in gold["tasks"]:
        anchor = fold(g["anchor"])
        hit = next((i for i, t in enumerate(tasks) if i not in used and anchor in fold(t.text)), None)
        if hit is None and fuzzy:
            hit = next((i for i, t in enumerate(tasks) if i not in used and _fuzzy_contains(anchor, fold(t.text))), None)
        if hit is not None:
            used.add(hit)
        else:
            score.misses.append(f"{name}: task not found: {g['anchor']}")
        pairs.append((g, tasks[hit] if hit is not None else None))
    score.task_tp = len(used)
    score.task_fn = len(gold["tasks"]) - len(used)
    score.task_fp = len(tasks) - len(used)
    for i, t in enumerate(tasks):
        if i not in used:
            score.misses.append(f"{name}: extra task {t.ordinal}: {t.text[:60]}")
            _count_sets(score.lead, set(), _leads(t))
            _count_sets(score.coop, set(), {norm_body(b) for b in t.cooperating})
    for g, t in pairs:
        g_lead = {norm_body(b) for b in g.get("lead", [])}
        g_coop = {norm_body(b) for b in g.get("cooperating", [])}
        inherited = bool(g.get("implicit_lead") and g.get("lead"))
        _count_sets(score.lead, *_same_set(g_lead, _leads(t, inherited) if t else set(), fuzzy), score.misses, f"{name} lead [{g['anchor'][:30]}]")
        _count_sets(score.coop, *_same_set(g_coop, {norm_body(b) for b in t.cooperating} if t else set(), fuzzy), score.misses, f"{name} coop [{g['anchor'][:30]}]")
        for d in g.get("deadlines", []):
            if d.get("due") is None:
                continue
            score.deadline_all += 1
            if t and any(p.due == d["due"] and (p.kind == d["kind"] or (p.kind == "by" and _period_as_one(d)))
                         for p in t.deadlines):
                score.deadline_ok += 1
            else:
                got = [(p.raw, p.due) for p in t.deadlines] if t else None
                score.misses.append(f"{name}: deadline {d['raw']} → {d['due']}, got {got}")
        if "recurring" in g:
            score.recurring_all += 1
            score.recurring_ok += int(bool(t) and t.recurring == g["recurring"])
    _score_fields(score, gold.get("document", {}), document, name)
    return score


_PERIOD_RE = re.compile(r"^\s*từ\b.*\bđến\b", re.IGNORECASE)


def _period_as_one(deadline: dict) -> bool:
    """A period written as one gold deadline, "từ ngày X đến ngày Y" of kind "from" due Y, where
    the guide asks for two (from X, by Y): the extractor's "by" Y is its end."""
    return deadline.get("kind") == "from" and bool(_PERIOD_RE.match(deadline.get("raw", "")))


def _leads(task: Task, inherited: bool = False) -> set[str]:
    return set() if task.implicit_lead and not inherited else {norm_body(b) for b in task.lead}


def _count_sets(counts: list[int], gold: set, pred: set, misses: list | None = None, label: str = "") -> None:
    counts[0] += len(gold & pred)
    counts[1] += len(pred - gold)
    counts[2] += len(gold - pred)
    if misses is not None and gold != pred:
        misses.append(f"{label}: gold {sorted(gold)} got {sorted(pred)}")


def _score_fields(score: Score, gold: dict, document: DocumentInfo, name: str) -> None:
    for key, want in gold.items():
        if key == "signer":
            for sub, sub_want in (want or {}).items():
                got = getattr(document.signer, sub) if document.signer else None
                _field(score, f"signer.{sub}", _norm_value(sub_want) == _norm_value(got), name, sub_want, got)
            continue
        got = getattr(document, key, None)
        if key in _LIST_FIELDS:
            if key == "references":
                got = [r.number for r in got]
            norm = norm_body if key in ("recipients", "distribution") else _norm_value
            ok = {norm(x) for x in want} == {norm(x) for x in got}
        elif key == "party":
            ok = want == got
        else:
            ok = _norm_value(want) == _norm_value(got)
        _field(score, key, ok, name, want, got)


def _field(score: Score, key: str, ok: bool, name: str, want, got) -> None:
    cur = score.fields.setdefault(key, [0, 0])
    cur[0] += int(ok)
    cur[1] += 1
    if not ok:
        score.misses.append(f"{name}: {key}: gold {want!r} got {got!r}")
