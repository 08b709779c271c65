"""Mine a gazetteer of Vietnamese body-name stems into corpus/extract/bodies_mined.jsonl.

    .venv/bin/python scripts/build_bodies.py                 # ≈ 2–4 min, one core
    .venv/bin/python scripts/build_bodies.py --show 200      # also print the top stems

Why: the extractor takes a task's lead as the subject phrase before the first action word
(`subject_terminators` in corpus/extract/rules.json), so a name holding such a word ("Ban
Quản lý dự án đầu tư xây dựng", "Sở Xây dựng") is cut short unless a span_ruler pattern
protects it. This script finds such names in the corpora of ../shared/corpus (the legal
texts, admin_text and the first `--news-lines` lines of VietNews; NFC, new-style tones) and
ships only patterns derived from their counts, never the text.

How (deterministic; all thresholds are the constants below):
1. Every sentence is split into tokens (syllables; "," "-" "&" … are tokens of their own).
   An occurrence starts at an organisation head written with a capital (HEADS: Sở, Ban,
   Chi cục, Trung tâm, Phòng, Hội, Ủy ban, Tòa án, Viện kiểm sát …) followed by a
   capitalised word ("Sở Tài …", "Ban Quản lý …") or, for heads that are names by
   themselves, the first lower-case word ("Tòa án nhân dân"). Its tail runs to the next
   hard boundary (sentence punctuation, brackets, digits) at most MAX_TAIL tokens.
   Upper-case headlines are skipped. The legal and admin texts count LEGAL_WEIGHT times.
2. The occurrences form a prefix tree that is grown word by word. A child word extends the
   name when it follows the prefix often enough (count ≥ MIN_COUNT and share of the prefix's
   occurrences ≥ EXT_SHARE; ≥ VERB_SHARE when the word begins an action word of rules.json,
   so "Sở Tài chính chủ trì" never grows while "… dự án đầu tư xây dựng" does). A child is
   never an admin level or place ("tỉnh", "huyện", "Tỉnh ủy", "Hà Nội" after the first word),
   a new head after "," or "và", or a word in NEVER_IN_NAME (verbs that no name holds).
3. A prefix is a name where it often ends: ≥ END_SHARE of its occurrences do not go on into
   an extending child (so "Sở Tài" is no name: it goes on into "nguyên"/"chính"), it has a
   word after the head, it ends in no function word or punctuation, and it is seen ≥
   MIN_COUNT times. Its id is the most frequent spelling of each word ("as written", the head
   as in HEADS), in sentence case.
4. Besides the stem, each name gets the admin-level forms the text writes after it: the
   levels seen after that stem ≥ LEVEL_MIN times, and the levels its head takes in ≥
   HEAD_LEVEL_SHARE of all its stems' level uses ("Sở …" → tỉnh, thành phố). A level form's
   id is the form itself ("Sở Y tế tỉnh"), as in bodies.jsonl, so that a lead written with
   its level is reported with it.

Output: spaCy span_ruler phrase patterns {"label": "BODY", "pattern": …, "id": …}, one per
line, sorted by id; patterns that differ only in case are written once (the ruler matches
LOWER). The file is loaded next to corpus/extract/bodies.jsonl.
"""

from __future__ import annotations

import argparse
import collections
import json
import lzma
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.restore.text import normalize_tones  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "corpus" / "extract" / "bodies_mined.jsonl"
RULES = ROOT / "corpus" / "extract" / "rules.json"

# Heads as written; a head in FULL_HEADS may be followed by a lower-case word.
HEADS = ["Sở", "Ban", "Chi cục", "Cục", "Tổng cục", "Trung tâm", "Phòng", "Văn phòng",
         "Chi nhánh", "Hội", "Hội đồng", "Ủy ban", "Quỹ", "Kho bạc", "Trường", "Viện", "Học viện", "Đài",
         "Báo", "Bộ", "Bộ đội", "Tòa án", "Viện kiểm sát", "Liên đoàn", "Liên minh", "Đoàn",
         "Thanh tra", "Công an", "Bảo hiểm xã hội", "Bệnh viện", "Ngân hàng Chính sách xã hội",
         "Hạt Kiểm lâm", "Đảng ủy"]
FULL_HEADS = {"Tòa án", "Viện kiểm sát", "Kho bạc", "Bộ đội", "Bảo hiểm xã hội", "Thanh tra", "Công an",
              "Ngân hàng Chính sách xã hội", "Hạt Kiểm lâm", "Đảng ủy", "Hội đồng"}
# Admin levels and party committees that follow a stem ("Sở Y tế tỉnh", "Ban Tuyên giáo Tỉnh ủy").
LEVELS = ["tỉnh", "huyện", "thành phố", "thị xã", "xã", "quận", "phường", "thị trấn", "Trung ương",
          "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Thị ủy", "cấp tỉnh", "cấp huyện", "cấp xã"]
LEVEL_WORDS = {"tỉnh", "huyện", "thành", "thị", "xã", "quận", "phường", "trung", "tp", "tp.", "cấp", "tw", "tỉnh ủy",
               "huyện ủy", "thành ủy", "thị ủy", "địa"}
# Never inside a name (lower case): verbs and words that start a predicate or a clause; an
# occurrence's tail is cut where one begins.
NEVER_IN_NAME = [
    "chủ trì", "phối hợp", "thực hiện", "tham mưu", "triển khai", "hướng dẫn", "báo cáo", "chịu trách nhiệm",
    "có trách nhiệm", "đề nghị", "yêu cầu", "kiến nghị", "quy định", "giải quyết", "tiến hành", "ban hành",
    "có", "là", "được", "bị", "đã", "đang", "sẽ", "cho", "của", "về", "với", "tại", "trong", "theo", "để", "khi",
    "từ", "đến", "này", "đó", "cũng", "vừa", "mới", "cần", "phải", "chưa", "ra", "vào", "lên", "nơi",
    "hoặc", "cùng", "gồm", "khác", "trên", "dưới", "năm", "ngày", "tháng", "ông", "bà", "anh", "chị", "nhằm",
    "nên", "thì", "mà", "đều", "vẫn", "nhận", "biết", "xem", "xét", "một", "hai", "ba", "mỗi", "nếu", "do", "vì",
    "ở", "bằng", "qua", "thụ lý", "áp dụng", "chấp nhận", "kháng nghị", "thu thập", "phân công", "đối với", "như", "sau", "trước"]
FUNCTION_END = {"và", "các", "những", ",", "-", "&", "/", "của", "cho", "về", "với", "tại", "trên", "dưới"}
SKIP_NAMES = {"bộ luật", "ban hành", "phòng chống", "phòng ngừa", "hội nghị", "đoàn kết", "đài loan", "báo chí"}
BOUNDARY = re.compile(r"^[.;:()\[\]{}\"“”‘’'!?…<>=*+|]+$|\d")
TOKEN_RE = re.compile(r"\w+(?:[&/]\w+)*|[^\w\s]", re.UNICODE)

MAX_TAIL = 12
ADMIN_WEIGHT = 5
MIN_COUNT = 12
EXT_SHARE = 0.18
FIRST_LOWER_SHARE = 0.25
FIRST_CAP_SHARE = 0.2  # news writes "Ban quản lý …" as often as "Ban Quản lý …"
CAP_SHARE = 0.12
VERB_SHARE = 0.5
END_SHARE = 0.3
LEVEL_MIN = 3
HEAD_LEVEL_SHARE = 0.3
# Stems of national bodies take no level from their head ("Tòa án nhân dân tối cao").
NATIONAL = ("trung ương", "tối cao", "quốc gia", "việt nam", "quốc hội", "chính phủ")
NEWS_LINES = 1_000_000
# Heads that are also person names ("Đoàn Văn …", "Trường Sơn"): their names need a lower-case word.
NAME_HEADS = {"Đoàn", "Trường", "Hội", "Quỹ", "Báo", "Đài", "Bộ"}


def _admin_lines():
    yield from (SHARED / "admin_text.txt").read_text("utf-8", "replace").splitlines()


def _legal_lines():
    with tarfile.open(SHARED / "vlc_legal_187.tar.xz", "r:xz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if member.isfile():
                yield from tar.extractfile(member).read().decode("utf-8", "replace").splitlines()


def _news_lines(limit: int):
    with lzma.open(SHARED / "vietnews.txt.xz", "rt", encoding="utf-8", errors="replace") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            yield line


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


class Miner:
    def __init__(self, terminators: list[str]):
        self.heads = sorted(((h.split(), h) for h in HEADS), key=lambda x: -len(x[0]))
        self.head_first = {h[0][0] for h in self.heads}
        self.verb_starts = {t.split()[0] for t in terminators}
        self.verbs = {tuple(t.split()) for t in terminators}
        self.never = sorted((tuple(v.split()) for v in NEVER_IN_NAME), key=len, reverse=True)
        self.occ: list[tuple[str, tuple[str, ...], tuple[str, ...], int]] = []  # head, tail lower, tail as written, weight
        self.places: collections.Counter = collections.Counter()
        self.prefilter = re.compile("|".join(sorted({re.escape(h.split()[0]) for h in HEADS}, key=len, reverse=True)))

    def feed(self, line: str, weight: int) -> None:
        if not self.prefilter.search(line):
            return
        for sent in re.split(r"(?<=[.;:!?])\s+", normalize_tones(line)):
            toks = TOKEN_RE.findall(sent)
            words = [t for t in toks if t[:1].isalpha()]
            if len(words) >= 3 and sum(t.isupper() and len(t) > 1 for t in words) > len(words) / 2:
                continue  # an upper-case headline
            self._places(toks)
            for i, tok in enumerate(toks):
                # "Tây Ban Nha", "Đài Bắc": a head inside a capitalised run is no head
                if tok in self.head_first and not (i > 0 and _is_cap(toks[i - 1]) and toks[i - 1].isalpha()):
                    self._occurrence(toks, i, weight)

    def _places(self, toks: list[str]) -> None:
        for i in range(len(toks) - 2):
            if toks[i].lower() in ("tỉnh", "huyện", "phố", "quận", "tp", "xã", "tại", "ở") and _is_cap(toks[i + 1]) and _is_cap(toks[i + 2]):
                self.places[(toks[i + 1].lower(), toks[i + 2].lower())] += 1

    def _occurrence(self, toks: list[str], i: int, weight: int) -> None:
        for words, head in self.heads:
            n = len(words)
            if toks[i:i + 1] == words[:1] and [t.lower() for t in toks[i + 1:i + n]] == [w.lower() for w in words[1:]]:
                break
        else:
            return
        tail: list[str] = []
        rest = toks[i + n:i + n + MAX_TAIL]
        for k, tok in enumerate(rest):
            low = tuple(t.lower() for t in rest[k:k + 3])
            if BOUNDARY.search(tok) or re.fullmatch(r"[A-Z]", tok) or (
                    not _is_cap(tok) and any(low[:len(v)] == v for v in self.never)):
                break
            tail.append(tok)
        if not tail or tail[0] in (",", "-") or not (_is_cap(tail[0]) or head in FULL_HEADS):
            return
        self.occ.append((head, tuple(t.lower() for t in tail), tuple(tail), weight))

    # -- growing the tree ------------------------------------------------------------------
    def _blocked(self, head: str, prefix: tuple[str, ...], occs: list, w: str) -> bool:
        depth = len(prefix)
        if BOUNDARY.search(w):
            return True
        if self._is_level(occs, depth, w):
            return True
        if depth == 0:
            return self.places[(head.split()[-1].lower(), w)] >= 3  # "huyện Trường Sa"
        if prefix[-1] in (",", "và", "-", "&") and any(w == h[0][0].lower() for h in self.heads):
            return True  # a new body after a comma or "và"
        if prefix[-1] == "," and self._cap_share([o for o in occs if len(o[1]) > depth and o[1][depth] == w], depth) < 0.5:
            return True  # "Bộ Chính trị, bí thư …": a name goes on after a comma only with a capital
        # a place name ("Sở Y tế Hà Nội"): most occurrences go on into a known place
        nxt = [o[1][depth + 1] for o in occs if len(o[1]) > depth + 1 and o[1][depth] == w]
        if nxt and sum(self.places[(w, x)] >= 3 for x in nxt) > len(nxt) / 2:
            return True
        return False

    @staticmethod
    def _cap_share(occs: list, depth: int) -> float:
        """The weighted share of `occs` whose word at `depth` is written with a capital."""
        total = sum(o[3] for o in occs)
        return sum(o[3] for o in occs if _is_cap(o[2][depth])) / total

    @staticmethod
    def _majority(occs: list, depth: int, phrases) -> bool:
        """Whether most of `occs` (weighted) go on at `depth` with one of `phrases`."""
        total = sum(o[3] for o in occs)
        hit = sum(o[3] for o in occs if any(o[1][depth:depth + len(p)] == p for p in phrases))
        return hit * 2 > total

    def _is_level(self, occs: list, depth: int, w: str) -> bool:
        if w not in LEVEL_WORDS:
            return False
        mine = [o for o in occs if len(o[1]) > depth and o[1][depth] == w]
        return not self._majority(mine, depth, [("xã", "hội"), ("thành", "công"), ("trung", "tâm"), ("thị", "trường")])

    def _share_needed(self, occs: list, depth: int, w: str) -> float:
        if w == ",":
            return VERB_SHARE  # "Sở Văn hóa, Thể thao …" but not a list "…, Kiểm toán nhà nước"
        if w in self.verb_starts and self._majority(occs, depth, [v for v in self.verbs if v[0] == w]):
            return VERB_SHARE
        return CAP_SHARE if self._cap_share(occs, depth) >= 0.5 else EXT_SHARE

    def grow(self) -> list[dict]:
        by_head: dict[str, list] = collections.defaultdict(list)
        for o in self.occ:
            by_head[o[0]].append(o)
        names = []
        for head in sorted(by_head):
            self._grow(head, (), by_head[head], names)
        return names

    def _grow(self, head: str, prefix: tuple[str, ...], occs: list, names: list) -> None:
        depth = len(prefix)
        total = sum(o[3] for o in occs)
        children: dict[str, list] = collections.defaultdict(list)
        levels: collections.Counter = collections.Counter()
        for o in occs:
            if len(o[1]) > depth:
                children[o[1][depth]].append(o)
        extended = []
        for w in sorted(children):
            c = sum(o[3] for o in children[w])
            if c < MIN_COUNT or self._blocked(head, prefix, occs, w):
                continue
            if depth > 0 and c / total < self._share_needed(children[w], depth, w):
                continue
            if depth == 0 and self._cap_share(children[w], 0) < FIRST_CAP_SHARE and (
                    head not in FULL_HEADS or c / total < FIRST_LOWER_SHARE):
                continue
            extended.append(w)
        # An occurrence ends the name here when its tail stops (punctuation, a verb) or goes on
        # with a level, a verb, a capital or a comma that no extension took; a lower-case word
        # that no extension took means the name is longer ("Cục Di" + "sản").
        ends = 0
        for o in occs:
            if len(o[1]) == depth:
                ends += o[3]
            elif o[1][depth] not in extended:
                nxt, written = o[1][depth], o[2][depth]
                if (_is_cap(written) or nxt in (",", "và", "-") or nxt in LEVEL_WORDS
                        or any(o[1][depth:depth + len(v)] == v for v in self.verbs if v[0] == nxt)):
                    ends += o[3]
        if depth > 0 and total >= MIN_COUNT and ends / total >= END_SHARE and self._is_name(head, prefix):
            for o in occs:
                lv = self._level_after(o[1][depth:])
                if lv:
                    levels[lv] += o[3]
            spellings = collections.Counter()
            for o in occs:
                spellings[o[2][:depth]] += o[3]
            # the most frequent spelling, preferring one with the name's first word capitalised
            spelled = max(spellings.items(), key=lambda kv: (_is_cap(kv[0][0]), kv[1], kv[0]))[0]
            if self._well_formed(head, spelled):
                names.append({"head": head, "words": prefix, "spelled": spelled, "count": total, "levels": levels})
        for w in extended:
            self._grow(head, prefix + (w,), children[w], names)

    def _is_name(self, head: str, prefix: tuple[str, ...]) -> bool:
        if prefix[-1] in FUNCTION_END or prefix[-1] in self.verb_starts:
            # "… đầu tư xây dựng" may end in a verb only when the verb itself is the name's
            if not any(prefix[-len(v):] == v for v in self.verbs if len(v) <= len(prefix)) or prefix[-1] in FUNCTION_END:
                return False
        text = " ".join((head.lower(),) + prefix)
        return not any(text.startswith(s) for s in SKIP_NAMES)

    @staticmethod
    def _well_formed(head: str, spelled: tuple[str, ...]) -> bool:
        """Not a person, place or foreign name: a tail of 2+ capitalised words needs a
        lower-case word or an acronym ("Sở TN - MT"); surname-like heads always need one."""
        words = [w for w in spelled if w[:1].isalpha()]
        has_lower = any(not _is_cap(w) and w not in ("và",) for w in words)
        acronym = any(w.isupper() and len(w) > 1 for w in words)
        if head in NAME_HEADS and not has_lower:
            return len(words) == 1 and head not in ("Đoàn", "Trường")
        return has_lower or acronym or len(words) == 1

    @staticmethod
    def _level_after(rest: tuple[str, ...]) -> str | None:
        for lv in sorted(LEVELS, key=len, reverse=True):
            parts = tuple(lv.lower().split())
            if rest[:len(parts)] == parts:
                return lv
        return None

    @staticmethod
    def spell(head: str, words: tuple[str, ...]) -> str:
        text = head
        for w in words:
            text += w if w == "," else " " + w
        return text


def build(news_lines: int, show: int) -> None:
    rules = json.loads(RULES.read_text("utf-8"))
    miner = Miner(rules["subject_terminators"])
    for line in _admin_lines():
        miner.feed(line, ADMIN_WEIGHT)
    for line in _legal_lines():
        miner.feed(line, 1)
    for line in _news_lines(news_lines):
        miner.feed(line, 1)
    names = miner.grow()
    head_levels: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for n in names:
        for lv, c in n["levels"].items():
            if c >= LEVEL_MIN:
                head_levels[n["head"]][lv] += 1
    rows, seen = [], set()
    for n in sorted(names, key=lambda n: -n["count"]):
        stem = miner.spell(n["head"], n["spelled"])
        stem = stem[:1].upper() + stem[1:]
        hl = head_levels[n["head"]]
        hl_total = sum(hl.values())
        forms = [(stem, stem)]
        for lv in LEVELS:
            national = any(w in stem.lower() for w in NATIONAL)
            if n["levels"][lv] >= LEVEL_MIN or (not national and hl_total and hl[lv] / hl_total >= HEAD_LEVEL_SHARE):
                forms.append((f"{stem} {lv}", f"{stem} {lv}"))
        for pattern, ident in forms:
            if pattern.lower() not in seen:
                seen.add(pattern.lower())
                rows.append({"label": "BODY", "pattern": pattern, "id": ident, "_count": n["count"]})
    if show:
        for n in sorted(names, key=lambda n: -n["count"])[:show]:
            print(n["count"], miner.spell(n["head"], n["spelled"]), "|", " ".join(sorted(n["levels"])))
    rows.sort(key=lambda r: (r["id"].lower(), r["pattern"].lower()))
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({k: r[k] for k in ("label", "pattern", "id")}, ensure_ascii=False) + "\n")
    print(f"{len(names)} stems, {len(rows)} patterns -> {OUT.relative_to(ROOT)}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news-lines", type=int, default=NEWS_LINES)
    ap.add_argument("--show", type=int, default=0, help="print the N most frequent stems")
    args = ap.parse_args()
    build(args.news_lines, args.show)


if __name__ == "__main__":
    main()
