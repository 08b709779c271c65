"""Where a body's name ends: at the first action word outside a gazetteer name, read by the
terminator list and underthesea's tagger, with the exceptions names need (verbs inside names,
groups named by their work, a name closed by its role)."""

from __future__ import annotations

import re
from functools import lru_cache

from chidao.nlp.extract.party_rules import BodyIndex, PartyRules, starts_with_head

# Words the tagger or the action list reads as actions that are part of a name, each with the name
# it sits in; a match at a candidate action word means the name goes on.
_NOUN_COMPOUNDS = (
    r"(?<=[Đđ]ảng ủy )Khối(?!\w)",  # "Đảng ủy Khối các cơ quan tỉnh"
    r"(?<=[Cc]hương )trình(?!\w)",  # "Chương trình", not "trình" (submit)
    r"(?<=[Pp]hòng )kiểm tra(?= nghiệp vụ| số \d)",  # "Các phòng kiểm tra nghiệp vụ" of an Ủy ban Kiểm tra
    r"dự (?:án|toán|thảo)(?!\w)",  # "Ban quản lý dự án": "dự" (attend) is no action here
    r"(?<=[Vv]iệc )làm(?!\w)",  # "Phòng Việc làm - An toàn lao động"
    r"chi nhánh(?!\w)",  # "Ngân hàng … chi nhánh tỉnh Lào Cai"
    r"(?<=[Gg]iáo dục )thường xuyên(?!\w)",  # "Trung tâm Giáo dục thường xuyên", "Phòng … - Giáo dục thường xuyên"
    r"(?<=cùng )cấp(?!\w)",  # "UBND cùng cấp": the same level
    r"cùng cấp(?!\w)",
    r"(?<=[Pp]hó )thường trực(?!\w)",  # "Tổ phó thường trực": a standing deputy
    r"(?<=[Hh]ậu )cần(?!\w)",  # "Phòng Hậu cần"
    r"(?<=Quản lý )xây dựng(?!\w)",  # "Phòng Quản lý xây dựng"
    r"(?<=trật tự )xây dựng(?!\w)",  # "Đội Quản lý trật tự xây dựng đô thị quận"
    r"(?:(?<=[Cc]ác đoàn )|(?<=Đoàn ))(?:giám sát|kiểm tra)(?!\w)",  # "Các đoàn giám sát", "Đoàn kiểm tra số 2"
    r"(?<=chất lượng )xây dựng(?!\w)",  # "Trung tâm Giám định chất lượng xây dựng"
    r"có(?= liên quan(?!\w))",  # "các cơ quan có liên quan"
    r"(?<=[Nn]gười )có công(?!\w)",  # "Phòng Người có công"
    r"(?<=chủ rừng )là(?= tổ chức)",  # "Các chủ rừng là tổ chức" (a legal class)
    r"(?<=chủ rừng là )tổ chức(?!\w)",
    r"(?<=[,a-zà-ỹ] )là(?= thành viên (?:Ban|Hội đồng|Tổ|Ủy ban|Đoàn)(?!\w))",  # "Các sở, ngành là thành viên Ban Chỉ đạo 389 tỉnh"
    r"(?<=[Cc]ơ sở )cai nghiện(?!\w)",  # "Cơ sở cai nghiện ma túy tỉnh"
    r"(?<!\w)thị(?= ủy(?!\w))",  # "các huyện ủy, thành ủy, thị ủy": a town's committee
    r"(?:(?<=[Nn]hà )|(?<=[Tt]y ))đầu tư(?!\w)",  # "các nhà đầu tư": the investors; "Công ty đầu tư …": a company's kind
    r"(?<!\w)[Dd]u lịch(?!\w)",  # "Ban Quản lý di tích, khu du lịch", "Trung tâm … Xúc tiến du lịch tỉnh"
    r"(?<=ủy )cấp(?= (?:trên|dưới|cơ sở|huyện|tỉnh|xã)(?!\w))",  # "Cấp ủy cấp trên …", "cấp ủy cấp huyện": a level
    r"(?<=cấp trên )trực tiếp(?!\w)",  # "Cấp ủy cấp trên trực tiếp (cơ sở)"
)
_NOUN_COMPOUND_RE = re.compile("|".join(_NOUN_COMPOUNDS))
_LIST_SEP_RE = re.compile(r"[,;]\s*|\s+và\s+")
# "Phòng Quản lý du lịch kiểm tra …": the field a capitalised "Quản lý" of a name manages is no action
_MANAGED_FIELD_RE = re.compile(r"(?<=Quản lý )[^\W\d_]")


def phrase_end(text: str, start: int, offsets: list[int], index: BodyIndex, rules: PartyRules, stop: str = ":.;(") -> int:
    """Where the noun phrase starting at `start` ends: at the first action word outside a
    gazetteer name (and not used as a noun, "các tổ chức"), or at punctuation in `stop`."""
    end = len(text)
    for ch in stop:
        k = text.find(ch, start)
        # "Các sở, ban, ngành tỉnh; UBND các huyện …": a semicolon between two bodies.
        while ch == ";" and k != -1 and starts_with_head(text[k + 1:].lstrip(), rules):
            k = text.find(ch, k + 1)
        if k != -1:
            end = min(end, k)
    scope = _SCOPE_RE.search(text, start, end)
    if scope:
        end = scope.start()  # "Các cấp ủy, tổ chức đảng trong Đảng bộ tỉnh tập trung …": the bodies end before their scope
    found = [m.start() for m in rules.terminators.finditer(text, start, end) if not _NOUN_COMPOUND_RE.match(text, m.start())]
    # "Công ty TNHH MTV Quản lý khai thác công trình thủy lợi Huế": a company's registered name
    # runs past the tagger's verbs while it goes on to a capitalised word within a few words.
    named = _REGISTERED_RE.match(text, start) is not None
    verbs = [k for k, word in map(lambda kw: _past_name_word(*kw, rules), verb_starts(text))
             if start < k < end and not _NOUN_COMPOUND_RE.match(text, k)
             and (word not in rules.name_verbs or _after_level_name(offsets[k], index))
             and not (named and _NAME_GOES_ON_RE.match(text, k))]
    candidates = sorted(set(found + verbs))
    actions = set(found)
    # "Thủ trưởng các sở, ban, ngành … và các doanh nghiệp hoạt động trong các khu công nghiệp
    # thực hiện …": a group qualified by what it does may close a list too
    first_verb = candidates[0] if candidates else end
    opens = [start] + [m.end() for m in _LIST_SEP_RE.finditer(text, start, first_verb)]
    qualifier = next((q for a in opens if (q := _group_qualifier(text, a, candidates, actions, end))), range(0)) \
        or _role_qualifier(text, start, candidates, actions, offsets, index)
    place = rules.place_qualifier.search(text, start, end)
    units = range(place.start("q"), place.end("q")) if place else range(0)
    if place and _PLACE_TAIL_STOP_RE.match(text, units.stop):
        end = min(end, units.stop)  # "UBND các xã giáp ranh trong trao đổi thông tin": the name ends with its units
    passive_end = -1
    for k in candidates:
        if k >= end:
            break
        if (k == start or offsets[k] in index.protected or k in qualifier or k in units or k < passive_end
                or _MANAGED_FIELD_RE.match(text, k)):
            continue
        passive = _PASSIVE_RE.match(text, k)
        if passive and k > start and any(c >= passive.end() for c in candidates):
            passive_end = passive.end()  # "Các tổ chức đảng được kiểm tra tự kiểm tra …": who the name means
            if re.match(r"\s+tự\s", text[passive_end:]):
                return passive_end  # "… tự kiểm tra": the action, done by the name itself
            continue
        if qualifier and k == qualifier.stop:
            return k  # the action that closes a qualified name ("… thi công có trách nhiệm")
        before = text[max(start, k - 8): k].rstrip()
        if _LEADS_RE.match(text, k) and not _LEAD_NOUN_RE.search(before):
            return k  # "Ban Tuyên giáo - Nữ công chủ trì": a role ends the name, whatever word is before it
        # "… người có công tiếp nhận": there "công" is the merit, no noun the verb after it names;
        # "Tiểu ban Nhân sự hoàn thiện …": "sự" closes a compound (nhân sự, quân sự, dân sự, hình sự)
        if (any(before.endswith(w) for w in rules.noun_before) and not _COMPOUND_END_RE.search(before)) \
                or _verb_named(text, start, k, rules):
            continue
        return k
    return end


_LEADS_RE = re.compile(r"chủ trì(?![\w])")
_COMPOUND_END_RE = re.compile(r"(?:có công|(?:[Nn]hân|[Qq]uân|[Dd]ân|[Hh]ình) sự)$")
_LEAD_NOUN_RE = re.compile(r"(?:[Cc]ơ quan|[Đđ]ơn vị)$")  # "cơ quan chủ trì": the lead agency, a noun


# Where a name ends before more words about it: its scope ("Các cấp ủy, tổ chức đảng trong Đảng
# bộ tỉnh …"), its role in apposition ("Công an tỉnh - Cơ quan thường trực của Ban Chỉ đạo …").
_SCOPE_RE = re.compile(r"\s+trong\s+(?:toàn\s+)?(?:[ĐđÐ]ảng bộ|hệ thống chính trị|địa bàn|khối|ngành)(?!\w)"
                       r"|\s+[-–]\s+[Cc]ơ quan (?:thường trực|chủ trì|đầu mối)(?!\w)")
_PLACE_TAIL_STOP_RE = re.compile(r"\s+(?:trong|tại|về|để|theo|trên|khi|nhằm|từ|đến)\s+[a-zà-ỹđ]")


# "Các tổ chức đảng được kiểm tra", "Ban Thường vụ Đảng ủy các xã, phường được kiểm tra": a group
# named by what is done to it, when an action of its own follows.
_PASSIVE_RE = re.compile(r"được (?:kiểm tra|giám sát|kiểm điểm|khảo sát)(?:(?:,| và) (?:kiểm tra|giám sát|khảo sát))?(?![\w])")


# "Các doanh nghiệp kinh doanh vận tải hành khách có trách nhiệm …", "các doanh nghiệp phân phối
# bảo đảm …": a group named by what it does; the tagger's verb right after the group word
# qualifies it when an action word follows within a few words.
_GROUP_RE = re.compile(r"\s*(?:[Cc]ác\s+)(?:doanh nghiệp|công ty(?: đầu tư)?|đơn vị|cơ sở|hộ|hợp tác xã|tổ chức|nhà máy|bến xe|nhà thầu|thương nhân|chủ đầu tư)\s+"
                       r"(?:(?:đang|đã|chưa|còn)\s+)?")  # "Các đơn vị đang nợ từ 03 tháng trở lên khẩn trương …"
_QUALIFIER_CHARS = 60


def _group_qualifier(text: str, start: int, candidates: list[int], actions: set[int], phrase_stop: int) -> range:
    """Where the tagger's verbs only qualify a group word ("Các doanh nghiệp kinh doanh vận tải
    hành khách có trách nhiệm …"): from the group word to the first action word, when that
    follows within a few words with no punctuation between, or to `phrase_stop` when that is a
    colon and no action comes before it; empty otherwise."""
    group = _GROUP_RE.match(text, start)
    if group is None or group.end() not in candidates:
        return range(0)
    if text[phrase_stop:phrase_stop + 1] == ":" and phrase_stop - group.end() <= _QUALIFIER_CHARS \
            and not any(group.end() < k < phrase_stop for k in actions) and not re.search(r"[.;()]", text[group.end():phrase_stop]):
        return range(group.end(), phrase_stop)  # "3. Các đơn vị quản lý, bảo trì đường bộ:" over its items: all of it names them
    if group.end() in actions:
        return range(0)
    end = next((k for k in candidates if k in actions and group.end() < k <= group.end() + _QUALIFIER_CHARS), None)
    if end is None or re.search(r"[,.;:()]", text[group.end():end]):
        return range(0)
    return range(group.end(), end)


# "Phòng Quản lý hoạt động xây dựng chủ trì …", "Các nhà thầu thi công có trách nhiệm …": a
# name the tagger's verbs run through, closed by the role it is given a few lower-case words on.
_ROLE_RE = re.compile(r"\s(?:chủ trì|có trách nhiệm|chịu trách nhiệm)(?![\w])")
_ROLE_NAME_WORDS = 6
_LEVEL = r"\b(?:tỉnh|thành phố|huyện|xã|phường|đặc khu)"
_COMPLETE_NAME_RE = re.compile(rf"(?:{_LEVEL}|[Tt]ỉnh ủy|Thành ủy|Huyện ủy|Thị ủy|Đảng ủy)\s*$")


def _role_qualifier(text: str, start: int, candidates: list[int], actions: set[int], offsets: list[int], index: BodyIndex) -> range:
    """Where the words between the first tagger verb and a role ("chủ trì", "có trách
    nhiệm") that follows within a few lower-case words are part of the name; empty when the
    first action word is a real action ("Công an tỉnh chỉ đạo lực lượng … chủ trì") or
    follows a whole gazetteer name ("… Ủy ban Kiểm tra Thành ủy theo dõi địa bàn có …")."""
    first = next((k for k in candidates if k > start), None)
    if (first is None or first in actions or _names_before(offsets[first], index)
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
_LEVEL_END_RE = re.compile(rf"{_LEVEL}$")


def _names_before(at: int, index: BodyIndex) -> list[str]:
    """The whole gazetteer names that end right before document offset `at`."""
    return [name for (_, e), name in index.canonical.items() if 0 < at - e <= 2]


def _after_level_name(at: int, index: BodyIndex) -> bool:
    """The word at document offset `at` follows a whole gazetteer name that ends on its level
    ("… Bộ đội Biên phòng tỉnh bảo vệ rừng"): a name never runs on past "tỉnh", so even a word
    that sits inside some names ("bảo vệ") ends it there."""
    return any(_LEVEL_END_RE.search(name) for name in _names_before(at, index))


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
        # a head in lower case too when the phrase is long enough to be one ("người sử dụng lao động")
        if any(joined.startswith(p) and len(p) > len(head) and (head[:1].isupper() or len(p.split()) >= 4)
               for p in rules.verb_named):
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

