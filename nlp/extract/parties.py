"""Who does a task: the lead body (the subject before the first action verb, or after
"Giao"/"Đề nghị"), cooperating bodies ("phối hợp với …"), whom to report to, and targets.

Works on a task's text joined from its lines, with `offsets` mapping each character back to
the document, so the gazetteer spans found by `chidao_bodies` protect names that contain
"và", commas or verbs ("Sở Thông tin và Truyền thông", "các tổ chức chính trị - xã hội")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from difflib import SequenceMatcher

from chidao.nlp.extract._text import DUTY_TITLE_RE, LETTER, bare, fold

_PARENS_RE = re.compile(r"\s*\([^)]*\)")


@dataclass
class BodyIndex:
    """Gazetteer matches of one document: protected character positions, canonical names."""

    protected: set[int]
    body_starts: set[int]
    canonical: dict[tuple[int, int], str]
    by_fold: dict[str, str]


@dataclass(frozen=True)
class PartyRules:
    heads: tuple[str, ...]
    terminators: re.Pattern
    name_verbs: frozenset[str]
    not_heads: tuple[str, ...]
    noun_before: tuple[str, ...]
    triggers: tuple[str, ...]
    trigger_re: re.Pattern  # "Giao ", "Đề nghị " … at the start of a text
    gazetteer: tuple[tuple[str, str], ...] = ()  # (bare name, canonical name), names of 2+ words
    verb_named: tuple[str, ...] = ()  # "ban quản lý" (lower case): a head named by an action word

    @classmethod
    def from_rules(cls, rules: dict, bodies: list[dict] | None = None) -> "PartyRules":
        # OCR drops diacritics ("Sở Tài chính tham muu UBND tỉnh"): two-word action words end a
        # name without them too.
        words = list(rules["subject_terminators"])
        words = sorted(set(words) | {bare(w) for w in words if " " in w}, key=len, reverse=True)
        term = re.compile(rf"(?<![{LETTER}])(?:{'|'.join(map(re.escape, words))})(?![{LETTER}])")
        gazetteer = tuple((bare(b["pattern"]), b["id"]) for b in bodies or []
                          if b.get("label") == "BODY" and isinstance(b["pattern"], str) and len(b["pattern"].split()) >= 2)
        return cls(tuple(sorted(rules["body_heads"], key=len, reverse=True)), term, frozenset(rules.get("name_verbs", ())), tuple(rules.get("not_heads", ())),
                   tuple(rules["noun_before_verb"]), tuple(rules["task_triggers"]),
                   re.compile(rf"\s*(?:{'|'.join(map(re.escape, rules['task_triggers']))})\s+"), gazetteer,
                   tuple(h.lower() for h in rules.get("verb_named_heads", ())))


def _starts_with_head(text: str, rules: PartyRules, any_case: bool = False) -> bool:
    """Whether `text` opens with a body name; after "Giao" the head may be lower case
    ("Giao công chức …"), and a verb in capitals ("Tổ chức tiếp công dân") is no head."""
    if any_case:
        text = text[:1].upper() + text[1:]
    if rules.terminators.match(text[:1].lower() + text[1:]) or text.startswith(rules.not_heads):
        return False
    if _heads_re(rules.heads).match(text):
        return True
    # An OCR slip that drops a vowel's horn, breve or hat ("Truởng các thôn" for Trưởng) but
    # keeps its tone: still that head ("Đổi mới", "Bán" keep their tones and stay verbs).
    return bool(_heads_re(_unmarked_heads(rules.heads)).match(_unmarked(text[:24])))


def _unmarked(text: str) -> str:
    """`text` without vowel marks (horn, breve, circumflex), tones kept."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c not in "\u031b\u0306\u0302"))


@lru_cache(maxsize=4)
def _unmarked_heads(heads: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(h for h in map(_unmarked, heads) if len(h) > 3)


@lru_cache(maxsize=8)
def _heads_re(heads: tuple[str, ...]) -> re.Pattern:
    """One pattern for "opens with any of `heads`, as a whole word" (compiled once per list)."""
    if not heads:
        return re.compile(r"(?!)")  # no heads: nothing opens with one
    return re.compile(rf"(?:{'|'.join(map(re.escape, heads))})(?![{LETTER}])")


def _phrase_end(text: str, start: int, offsets: list[int], index: BodyIndex, rules: PartyRules, stop: str = ":.;(") -> int:
    """Where the noun phrase starting at `start` ends: at the first action word outside a
    gazetteer name (and not used as a noun, "các tổ chức"), or at punctuation in `stop`."""
    end = len(text)
    for ch in stop:
        k = text.find(ch, start)
        # "Các sở, ban, ngành tỉnh; UBND các huyện …": a semicolon between two bodies.
        while ch == ";" and k != -1 and _starts_with_head(text[k + 1:].lstrip(), rules):
            k = text.find(ch, k + 1)
        if k != -1:
            end = min(end, k)
    found = [m.start() for m in rules.terminators.finditer(text, start, end) if not _NOUN_COMPOUND_RE.match(text, m.start())]
    # "Công ty TNHH MTV Quản lý khai thác công trình thủy lợi Huế": a company's registered name
    # runs past the tagger's verbs while it goes on to a capitalised word within a few words.
    named = _REGISTERED_RE.match(text, start) is not None
    verbs = [k for k, word in map(lambda kw: _past_name_word(*kw, rules), verb_starts(text))
             if start < k < end and (word not in rules.name_verbs or _after_level_name(offsets[k], index))
             and not (named and _NAME_GOES_ON_RE.match(text, k))]
    candidates = sorted(set(found + verbs))
    qualifier = _group_qualifier(text, start, candidates, set(found)) or _role_qualifier(text, start, candidates, set(found), offsets, index)
    for k in candidates:
        if k == start or offsets[k] in index.protected or k in qualifier:
            continue
        if qualifier and k == qualifier.stop:
            return k  # the action that closes a qualified name ("… thi công có trách nhiệm")
        before = text[max(start, k - 8): k].rstrip()
        if any(before.endswith(w) for w in rules.noun_before) or _verb_named(text, start, k, rules):
            continue
        return k
    return end


# "Các doanh nghiệp kinh doanh vận tải hành khách có trách nhiệm …", "các doanh nghiệp phân phối
# bảo đảm …": a group named by what it does; the tagger's verb right after the group word
# qualifies it when an action word follows within a few words.
_GROUP_RE = re.compile(r"\s*(?:[Cc]ác\s+)(?:doanh nghiệp|đơn vị|cơ sở|hộ|hợp tác xã|tổ chức|nhà máy|bến xe|nhà thầu)\s+")
_QUALIFIER_CHARS = 60


def _group_qualifier(text: str, start: int, candidates: list[int], actions: set[int]) -> range:
    """Where the tagger's verbs only qualify a group word ("Các doanh nghiệp kinh doanh vận tải
    hành khách có trách nhiệm …"): from the group word to the first action word, when that
    follows within a few words with no punctuation between; empty otherwise."""
    group = _GROUP_RE.match(text, start)
    if group is None or group.end() not in candidates or group.end() in actions:
        return range(0)
    end = next((k for k in sorted(actions) if group.end() < k <= group.end() + _QUALIFIER_CHARS), None)
    if end is None or re.search(r"[,.;:()]", text[group.end():end]):
        return range(0)
    return range(group.end(), end)


# "Phòng Quản lý hoạt động xây dựng chủ trì …", "Các nhà thầu thi công có trách nhiệm …": a
# name the tagger's verbs run through, closed by the role it is given a few lower-case words on.
_ROLE_RE = re.compile(r"\s(?:chủ trì|có trách nhiệm|chịu trách nhiệm)(?![\w])")
_ROLE_NAME_WORDS = 6
_COMPLETE_NAME_RE = re.compile(r"(?:\b(?:tỉnh|thành phố|huyện|xã|phường|đặc khu)|[Tt]ỉnh ủy|Thành ủy|Huyện ủy|Thị ủy|Đảng ủy)\s*$")


def _role_qualifier(text: str, start: int, candidates: list[int], actions: set[int], offsets: list[int], index: BodyIndex) -> range:
    """Where the words between the first tagger verb and a role ("chủ trì", "có trách
    nhiệm") that follows within a few lower-case words are part of the name; empty when the
    first action word is a real action ("Công an tỉnh chỉ đạo lực lượng … chủ trì") or
    follows a whole gazetteer name ("… Ủy ban Kiểm tra Thành ủy theo dõi địa bàn có …")."""
    first = next((k for k in candidates if k > start), None)
    if (first is None or first in actions or any(0 < offsets[first] - e <= 2 for (_, e) in index.canonical)
            or _COMPLETE_NAME_RE.search(text, start, first)):
        return range(0)
    role = _ROLE_RE.search(text, first, first + 80)
    if role is None or re.search(r"[,.;:()]", text[start:role.start()]):
        return range(0)
    words = text[first:role.start()].split()
    if len(words) > _ROLE_NAME_WORDS or any(w[:1].isupper() for w in words):
        return range(0)
    return range(first, role.start() + 1)


_REGISTERED_RE = re.compile(r"\s*(?:[Cc]ác\s+)?(?:Công ty|Tổng công ty)\s")
_NAME_GOES_ON_RE = re.compile(r"[^\s,.;:]+(?:\s+[^\s,.;:]+){0,5}\s+[A-ZĐÀ-Ỹ]")
_LEVEL_END_RE = re.compile(r"\b(?:tỉnh|thành phố|huyện|xã|phường|đặc khu)$")


def _after_level_name(at: int, index: BodyIndex) -> bool:
    """The word at document offset `at` follows a whole gazetteer name that ends on its level
    ("… Bộ đội Biên phòng tỉnh bảo vệ rừng"): a name never runs on past "tỉnh", so even a word
    that sits inside some names ("bảo vệ") ends it there."""
    return any(0 < at - e <= 2 and _LEVEL_END_RE.search(name) for (_, e), name in index.canonical.items())


@lru_cache(maxsize=4)
def _name_word_prefixes(name_verbs: frozenset[str]) -> tuple[str, ...]:
    """The words of names and the levels, each with its trailing space, longest first ("ban
    nhân dân " before "ban ")."""
    return tuple(sorted((w + " " for w in (*name_verbs, "tỉnh", "huyện", "phường")), key=len, reverse=True))


def _past_name_word(k: int, word: str, rules: PartyRules) -> tuple[int, str]:
    """"Tỉnh đoàn chủ trì", "Hội Nông dân tỉnh thành lập": the tagger's verb ("đoàn chủ trì",
    "tỉnh thành lập") opens on a word of names or a level; the action starts after it."""
    for prefix in _name_word_prefixes(rules.name_verbs):
        if word.startswith(prefix):
            return k + len(prefix), word[len(prefix):]
    return k, word


def _verb_named(text: str, start: int, k: int, rules: PartyRules) -> bool:
    """"Ban quản lý các thôn": the list item so far is a head that the action word at `k` names."""
    words = _LIST_SEP_RE.split(text[start:k])[-1].split()
    # "Tổ", "Tổ tự" (kiểm tra), "Trung tâm Dịch vụ" (tổng hợp); "Tổ trưởng Tổ" (công tác): the
    # head may end a longer name. The named head runs past the head so far: "Tổ tự kiểm tra"
    # names "kiểm tra" after "Tổ tự", not "xây dựng" after "Tổ tự kiểm tra".
    for i in range(max(0, len(words) - 4), len(words)):
        head = " ".join(words[i:])
        joined = f"{head} {text[k:k + 20]}".lower()
        if head[:1].isupper() and any(joined.startswith(p) and len(p) > len(head) for p in rules.verb_named):
            return True
    return False


@lru_cache(maxsize=4096)
def verb_starts(text: str) -> tuple[tuple[int, str], ...]:
    """Where underthesea's tagger sees a lower-case verb: the action words no list can hold
    ("xem xét", "cung cấp", "kiểm soát"). Capitalised verbs are parts of names ("Văn phòng
    Đăng ký đất đai")."""
    from underthesea import pos_tag

    out, pos = [], 0
    for word, tag in pos_tag(text):
        k = text.find(word, pos)
        if k < 0:
            continue
        pos = k + len(word)
        if tag == "V" and word[:1].islower():
            out.append((k, word))
    return tuple(out)


def split_bodies(text: str, start: int, end: int, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    """A subject phrase into bodies: at ";" always, at "," "và" or ":" only where a new body
    name begins (Sở, Ban, các …, or a known name that repaired OCR left slightly off: "Từ giúp
    việc" for Tổ giúp việc) and not inside a gazetteer name."""
    cuts = [start]
    # "… chính quyền, Mặt trận Tổ quốc và …": the whole political system, listed member by member.
    system = _SYSTEM_RE.search(text, start, end) is not None
    for m in re.finditer(r"[;:]\s*|,\s+|\s+và\s+", text[start:end]):  # ":" (OCR's ";") only before a head
        a = start + m.start()
        b = start + m.end()
        if offsets[min(a, len(offsets) - 1)] in index.protected and offsets[min(b, len(offsets) - 1)] in index.protected:
            continue
        if _PLACE_LIST_RE.search(text[start:a]) and _PLACE_NAME_RE.match(text[b:end]):
            continue  # "UBND các huyện Văn Chấn, Trạm Tấu, Mù Cang Chải": one body, its places listed
        if re.search(r"\bcác\b[^;]*\sủy$", text[cuts[-1]:a]) and re.match(r"[Đđ]ảng ủy\s", text[b:end]):
            continue  # "Ban Dân vận các quận ủy, huyện ủy, Đảng ủy trực thuộc Thành ủy": one list of committees
        if (m.group(0).startswith(";") or _starts_with_head(text[b:end], rules) or (system and _LIST_NOUN_RE.match(text, b))
                or fuzzy_body(text[:end], b, rules, 0.85) or _shares_head(text[cuts[-1]:a], text[b:end], rules)):
            cuts += [a, b]
    cuts.append(end)
    pieces = list(zip(cuts[::2], cuts[1::2]))
    for k in range(len(pieces) - 1, 0, -1):
        if _ELLIPTIC_RE.match(text[pieces[k][0]:pieces[k][1]]):
            # "UBND thành phố Thủ Đức và các quận, huyện": the bare units share the name before them.
            pieces[k - 1:k + 1] = [(pieces[k - 1][0], pieces[k][1])]
    bodies = []
    for k, (a, b) in enumerate(pieces):
        name = canonical_piece(text[a:b], index, rules)
        before = text[pieces[k - 1][0]:pieces[k - 1][1]] if k else ""
        plural = re.match(r"\s*[Cc]ác\s", before) and text[a:b].split()[:1] == before.split()[1:2]
        head = _level_head(before, text[a:b]) or ("Các " if plural else None)
        if name and head:  # "huyện Phù Cừ" after "UBND huyện Khoái Châu"; "trường X" after "các trường Y"
            name = canonical_piece(head + text[a:b], index, rules)
        if name:
            bodies.append(name)
    return bodies


def _shares_head(piece: str, rest: str, rules: PartyRules) -> bool:
    """"các trường THPT, trường phổ thông nhiều cấp học" / "UBND huyện Khoái Châu, huyện Phù
    Cừ": the next piece repeats the head noun or the place level of the one before."""
    m = re.match(r"\s*(?:[Cc]ác\s+)?(\w+)\s", piece)
    if (m and rest.startswith(m.group(1).lower() + " ") and len(rest.split()) >= 2
            and _starts_with_head(m.group(1), rules, any_case=True)):
        return True
    return _level_head(piece, rest) is not None


def _level_head(piece: str, rest: str) -> str | None:
    """The head that "huyện Phù Cừ" shares with "Ủy ban nhân dân huyện Khoái Châu" before it
    ("Ủy ban nhân dân "), or None."""
    m = _LEVEL_PLACE_RE.match(rest)
    if not m:
        return None
    level = re.search(rf"\s({re.escape(m.group(1))})\s+{_CAP}", piece)
    return piece[:level.start(1)].lstrip() if level and level.start(1) > 0 else None


def canonical_piece(piece: str, index: BodyIndex, rules: PartyRules) -> str | None:
    """One body name as the text gives it: the gazetteer's form when known, OCR specks and casing fixed."""
    raw = " ".join(_PARENS_RE.sub("", piece).split()).strip(" ,;:.-–=—_|'‘’")  # OCR specks: "UBND các xã, phường ="
    if not raw:
        return None
    first, _, rest = raw.partition(" ")
    if first.isupper() and len(first) > 1 and rest[:1].isupper() and _starts_with_head(f"{first.capitalize()} {rest}", rules):
        raw = f"{first.capitalize()} {rest}"  # repaired legacy OCR's "SỞ Khoa học và Công nghệ"
    known = index.by_fold.get(fold(raw))
    if known:
        return known
    near = None if _starts_with_head(raw, rules) else fuzzy_body(raw, 0, rules, 0.85)
    if near and near[1] >= len(bare(raw).rstrip(",.;:")):  # the whole piece is that name
        return near[0]
    return raw[:1].upper() + raw[1:]


_NOUN_COMPOUND_RE = re.compile(r"dự (?:án|toán|thảo)(?!\w)")  # "Ban quản lý dự án": "dự" (attend) is no action here
_LIST_SEP_RE = re.compile(r"[,;]\s*|\s+và\s+")
_HANDS_ON_RE = re.compile(r"\s*(?:giao|đề nghị|yêu cầu)\s+(?:cho\s+)?")
_FRONTED_RE = re.compile(r"\s*(?:Trong|Từ|Đến|Sau|Trước|Năm|Thời gian|Hằng|Định kỳ|Đối với|Về|Để|Căn cứ|Trên cơ sở)\s[^,.;:]{0,80},\s+")
# "Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và …": each is an addressee of its own
# (the annotation guide: "A, B và C" is three leads) — when the list goes on to the Mặt trận; a
# shorter "Các cấp ủy, tổ chức đảng(, chính quyền các cấp)" is one addressee, as annotators write it.
_LIST_NOUN_RE = re.compile(r"(?:tổ chức đảng|chính quyền)(?!\w)")
_SYSTEM_RE = re.compile(r"chính quyền(?: các cấp)?,\s+(?:Ủy ban\s+)?(?:Mặt trận|MTTQ)")
_ELLIPTIC_RE = re.compile(r"các\s+(?:quận|huyện|xã|phường|thị xã|thị trấn|thành phố|tỉnh|đặc khu)(?:(?:,\s*|\s+và\s+)(?:quận|huyện|xã|phường|thị xã|thị trấn|thành phố|tỉnh|đặc khu))*\W*$")
_CAP = "[A-ZĐÀ-Ỹ][^\\W\\d_]*"
_PLACE_LIST_RE = re.compile(rf"các (?:huyện|xã|phường|quận|thị xã|thị trấn|thành phố|tỉnh)\s+{_CAP}(?:\s+{_CAP})*(?:(?:,\s*|\s+và\s+){_CAP}(?:\s+{_CAP})*)*$")
_LEVEL_PLACE_RE = re.compile(rf"(huyện|xã|phường|thị xã|thị trấn|thành phố|quận)\s+{_CAP}(?:\s+{_CAP}){{0,3}}(?=\W*$|\s*[,;]|\s+và\s)")
_PLACE_NAME_RE = re.compile(rf"{_CAP}(?:\s+{_CAP}){{0,3}}(?=\s*(?:,|;|\s+và\s|$))")
_DUTY_RE = re.compile(r"\s+(?:có|chịu) trách nhiệm(?: thực hiện)?$")
_LABEL_RE = re.compile(r"\s*[^\W\d_]+(?:\s+[^\W\d_]+){0,3}:\s+")
# "Về kinh phí …: Giao …", "Đối với đoạn tuyến qua xã Vạn Tường: Giao Sở …" (an "Đối với" label
# that names the body itself, "Đối với UBND các xã: tổ chức …", is no topic)
_TOPIC_RE = re.compile(r"\s*(?:Về\s[^:.;]{1,120}|Đối với\s[^:.;]{1,120}(?=:\s+(?:Giao|Đề nghị|Yêu cầu)\s)):\s+")
_STANDING_RE = re.compile(r"[Cc]ơ quan thường trực[^()\n]{0,80}\(\s*([^()]{3,80}?)\s*\)")
_MORE_FRONTED_RE = re.compile(r"[^,.;:]{1,60},\s+")  # the fronted phrase's next comma-separated piece
_PERIOD_RE = re.compile(r"\s*(?:Định kỳ|Hằng|Hàng)(?:\s+(?:hằng|hàng|mỗi))?(?:\s+(?:ngày|tuần|tháng|quý|năm))?")  # "Định kỳ hằng quý"
_ASIDE_RE = re.compile(r"\s*(?:Riêng|Đồng thời,?|Ngoài ra,)\s+")  # "Riêng UBND đặc khu Côn Đảo tổ chức …"
# "Đồng chí Bí thư Đảng ủy phường An Biên chịu trách nhiệm …": the committee the comrade heads
_COMRADE_RE = re.compile(r"\s*(?:[Đđ]ồng chí|Đ/c)\s+(?:Phó\s+)?(?:Bí thư|Chủ tịch|Giám đốc|Trưởng ban)\s+")


def without_topic(text: str) -> str:
    """`text` without a leading topic label ("Về kinh phí …: Giao Sở Tài chính …")."""
    m = _TOPIC_RE.match(text)
    return text[m.end():] if m else text


def find_lead(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    """The explicit lead bodies of a task text, or [] when the text names none."""
    start = len(text) - len(text.lstrip())
    topic = _TOPIC_RE.match(text, start)  # "Về kinh phí nâng cấp trụ sở: Giao Sở Tài chính …"
    label = _LABEL_RE.match(text, start)  # "4. Khen thưởng: Ủy ban MTTQ các xã, phường lựa chọn …"
    if topic:
        start = topic.end()
    elif label and _starts_with_head(text[label.end():], rules):
        start = label.end()
    fronted = _FRONTED_RE.match(text, start)  # "Trong thời gian tới, đề nghị …", "Từ năm 2024, các cấp ủy …"
    period = _PERIOD_RE.match(text, start) if fronted else None
    if period and rules.terminators.search(text, period.end(), fronted.end()):
        fronted = None  # "Định kỳ hằng quý tổ chức đối thoại với người dân, doanh nghiệp …": work, not a time
    if fronted:
        start = fronted.end()
        for _ in range(2):  # "Đối với công tác bảo đảm trật tự, an toàn giao thông, các trường THPT …"
            more = _MORE_FRONTED_RE.match(text, start)
            if _starts_with_head(text[start:], rules, any_case=True) or not more:
                break
            if _starts_with_head(text[more.end():], rules, any_case=True):
                start = more.end()
                break
    aside = _ASIDE_RE.match(text, start) or _COMRADE_RE.match(text, start)
    if aside and _starts_with_head(text[aside.end():], rules):
        start = aside.end()
    opening = text[start:start + 1].upper() + text[start + 1:]
    m = rules.trigger_re.match(opening)
    if m:
        start += m.end()
    standing = _STANDING_RE.match(text, start)
    if standing:  # "Cơ quan thường trực Ban Chỉ đạo (Bộ Chỉ huy Quân sự tỉnh) theo dõi …": the body in brackets
        return split_bodies(text, standing.start(1), standing.end(1), offsets, index, rules)
    if not _starts_with_head(text[start:], rules, any_case=True) and not (offsets and offsets[start] in index.body_starts):
        return []
    end = _phrase_end(text, start, offsets, index, rules)
    if end == len(text) or len(text[start:end].split()) > 40:
        return []
    found = split_bodies(text, start, end, offsets, index, rules)
    if any(len(b.split()) > 18 for b in found):
        return []  # a clause, not a name
    handed = _HANDS_ON_RE.match(text, end)
    if handed and _starts_with_head(text[handed.end():], rules, any_case=True):
        # "Ban Thường vụ Huyện ủy giao Ủy ban nhân dân huyện: …": the one given the work leads.
        end2 = _phrase_end(text, handed.end(), offsets, index, rules)
        if end2 > handed.end():
            return split_bodies(text, handed.end(), end2, offsets, index, rules) or found
    if _doubtful(found, index):
        fuzzy = fuzzy_body(text, start, rules)
        if fuzzy:
            return [fuzzy[0]]
    return found


def heading_bodies(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    """The bodies of a line that names only who does the items below it: "2. Sở Nông nghiệp
    và Phát triển nông thôn", "1. Đề nghị Ủy ban nhân dân các xã, phường", "Giao Chi cục …:";
    [] when the line goes on to say what they do."""
    stripped = _PARENS_RE.sub("", text).rstrip(" :.;")  # "1. Công an huyện (cơ quan thường trực)"
    stripped = _DUTY_RE.sub("", stripped)  # "d) Sở Xây dựng có trách nhiệm:"
    start = len(stripped) - len(stripped.lstrip())
    m = rules.trigger_re.match(stripped) or DUTY_TITLE_RE.match(stripped)  # "1. Đối với Trung tâm Y tế …", "1. Trách nhiệm của …"
    if m:
        start = m.end()
    if not stripped[start:] or len(stripped[start:].split()) > 30:
        return []
    if not _starts_with_head(stripped[start:], rules, any_case=True) and not (offsets and offsets[start] in index.body_starts):
        # "1. 86 Nông nghiệp và Môi trường:" (OCR's S6 for Sở): a whole line that reads as one known name
        first = stripped[start:].split()[:1]
        near = fuzzy_body(stripped, start, rules, 0.85) if first and any(c.isdigit() for c in first[0]) else None
        return [near[0]] if near and near[1] >= len(stripped.rstrip()) else []
    if _phrase_end(stripped, start, offsets, index, rules) < len(stripped):
        return []
    return split_bodies(stripped, start, len(stripped), offsets, index, rules)


def _doubtful(found: list[str], index: BodyIndex) -> bool:
    """A lead that OCR damage may have cut short ("Ban") or run on ("Ban Dân véan Tinh tỷ
    phdi hợp véi …"): a bare head word, or a long phrase that is no known name."""
    if not found:
        return True
    if all(len(b.split()) == 1 for b in found):
        return True
    return (len(found) == 1 and len(found[0].split()) > 8 and fold(found[0]) not in index.by_fold
            and any(_garbled(w) for w in found[0].split()))


_SYLLABLE_RE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?$")


def _garbled(word: str) -> bool:
    """A lower-case word that is no Vietnamese syllable ("phdi", "chirc", "X3"): OCR residue."""
    w = bare(word.strip(",.;:()"))
    return any(c.isdigit() for c in w) or (w.isalpha() and w.islower() and not _SYLLABLE_RE.match(w))


_OCR_LETTERS = str.maketrans("86015", "sools")  # "86 Nông nghiệp …": OCR's digits for the letters of "Sở"


def fuzzy_body(text: str, start: int, rules: PartyRules, threshold: float = 0.8) -> tuple[str, int] | None:
    """The gazetteer name that the words at `start` read like (≥ 80 % alike without
    diacritics): repaired OCR leaves "Ban Cần sỹ Bằng UBND tỉnh" for Ban cán sự đảng UBND tỉnh."""
    words = list(re.finditer(r"\S+", bare(text[start:start + 120])))
    best: tuple[float, str, int] | None = None
    for name, canonical in rules.gazetteer:
        n = len(name.split())
        if len(words) < n:
            continue
        window = " ".join(w.group(0).strip(",.;:") for w in words[:n]).translate(_OCR_LETTERS)
        ratio = SequenceMatcher(None, name, window).ratio()
        if ratio >= threshold and (best is None or ratio > best[0]):
            best = (ratio, canonical, start + words[n - 1].end())
    return (best[1], best[2]) if best else None


# "phối hợp với", "phối hợp chặt chẽ với", "phối hợp cùng", "với sự tham gia của", "với sự phối hợp của",
_COOPERATION_RE = re.compile(r"[Pp]hối hợp (?:(?:chặt chẽ|thường xuyên|đồng bộ) )?(?:với|cùng)\s+|với sự (?:tham gia|phối hợp) của\s+"
                             r"|(?<=chủ trì, )cùng\s+")  # "… chủ trì, cùng Công an xã …"


def find_cooperating(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    out: list[str] = []
    for m in _COOPERATION_RE.finditer(text):
        end = _phrase_end(text, m.end(), offsets, index, rules)
        for body in split_bodies(text, m.end(), end, offsets, index, rules):
            if body not in out:
                out.append(body)
    if not out:
        # OCR-damaged "phéi họp véi": read without diacritics, then a gazetteer name.
        for m in re.finditer(r"\bph\w{1,3}i\s+h\w{1,2}p\s+v\w{1,2}i\s+", bare(text)):
            fuzzy = fuzzy_body(text, m.end(), rules)
            if fuzzy and fuzzy[0] not in out:
                out.append(fuzzy[0])
    return out


_REPORT_RE = re.compile(r"báo cáo(?:\s+kết quả(?:\s+thực hiện)?)?(?:\s+(?:về|với|cho|lên))?\s+(?=[A-ZĐÀ-Ỹ])")
_REPORT_STOP_RE = re.compile(r"\s+(?:theo|trước|hằng|hàng|định kỳ|trong|để|xong|chậm nhất|khi|sau|về việc|kết quả)(?![\w])|[.;(]|$")


def find_report_to(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    out: list[str] = []
    for m in _REPORT_RE.finditer(text):
        if not text[m.end()].isupper():
            continue
        stop = _REPORT_STOP_RE.search(text, m.end())
        end = stop.start() if stop else len(text)
        for body in split_bodies(text, m.end(), end, offsets, index, rules):
            if body not in out:
                out.append(body)
    return out


_TARGET_RE = re.compile(r"\d+(?:[,.]\d+)?\s?%")


def find_targets(text: str) -> list[str]:
    """Quantified targets: from the percentage to the end of its clause ("100% kết quả được
    trả đúng hạn")."""
    out: list[str] = []
    for m in _TARGET_RE.finditer(text):
        stop = re.compile(r"[;.]|,\s").search(text, m.end())
        clause = text[m.start(): stop.start() if stop else len(text)].strip()
        if clause not in out:
            out.append(clause)
    return out
