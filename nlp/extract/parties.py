"""Who does a task: the lead body (the subject before the first action verb, or after
"Giao"/"Đề nghị"), cooperating bodies ("phối hợp với …"), whom to report to, and targets.

Works on a task's text joined from its lines, with `offsets` mapping each character back to
the document, so the gazetteer spans found by `chidao_bodies` protect names that contain
"và", commas or verbs ("Sở Thông tin và Truyền thông", "các tổ chức chính trị - xã hội")."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from chidao.nlp.extract._text import DUTY_TITLE_RE, bare, fold
from chidao.nlp.extract.name_end import phrase_end
from chidao.nlp.extract.party_rules import BodyIndex, PartyRules, starts_with_head

__all__ = ["BodyIndex", "PartyRules", "split_bodies", "canonical_piece", "without_topic", "find_lead", "heading_bodies",
           "fuzzy_body", "find_cooperating", "find_report_to", "find_targets"]

_PARENS_RE = re.compile(r"\s*\([^)]*\)")


def split_bodies(text: str, start: int, end: int, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    """A subject phrase into bodies: at ";" always, at "," "và" or ":" only where a new body
    name begins (Sở, Ban, các …, or a known name that repaired OCR left slightly off: "Từ giúp
    việc" for Tổ giúp việc) and not inside a gazetteer name."""
    cuts = [start]
    # "… chính quyền, Mặt trận Tổ quốc và …": the whole political system, listed member by member.
    system = _SYSTEM_RE.search(text, start, end) is not None
    # ":" (OCR's ";") and ". " (OCR's ",") only before a head
    for m in re.finditer(r"[;:]\s*|[,.]\s+|\s+v[àì]\s+", text[start:end]):  # "vì": repaired OCR's "và"
        a = start + m.start()
        b = start + m.end()
        if offsets[min(a, len(offsets) - 1)] in index.protected and offsets[min(b, len(offsets) - 1)] in index.protected:
            continue
        if m.group(0).strip() == "và" and _known_through(text, cuts[-1], b, end, index):
            continue  # a table cell's "Văn" / "phòng HĐND và UBND xã": one known name, wrapped
        if _PLACE_LIST_RE.search(text[start:a]) and _PLACE_NAME_RE.match(text[b:end]):
            continue  # "UBND các huyện Văn Chấn, Trạm Tấu, Mù Cang Chải": one body, its places listed
        if re.search(r"\bcác\b[^;]*\sủy$", text[cuts[-1]:a]) and re.match(r"[Đđ]ảng ủy\s+[a-zà-ỹđ]", text[b:end]):
            # "Ban Dân vận các quận ủy, huyện ủy, Đảng ủy trực thuộc Thành ủy": one list of
            # committees; not "…, thành ủy, Đảng ủy Khối các cơ quan tỉnh", a committee of its own
            continue
        if (m.group(0).startswith(";") or starts_with_head(text[b:end], rules) or (system and _LIST_NOUN_RE.match(text, b))
                or fuzzy_body(text[:end], b, rules, 0.85) or _shares_head(text[cuts[-1]:a], text[b:end], rules)):
            cuts += [a, b]
    cuts.append(end)
    pieces = list(zip(cuts[::2], cuts[1::2]))
    for k in range(len(pieces) - 1, 0, -1):
        # "Ban Tổ chức Huyện ủy, Thị ủy, Thành ủy": the bare committees share the Ban before them
        if _ELLIPTIC_RE.match(text[pieces[k][0]:pieces[k][1]]) or (
                _BARE_COMMITTEE_RE.fullmatch(text[pieces[k][0]:pieces[k][1]].strip())
                and _BAN_OF_COMMITTEE_RE.match(text[pieces[0][0]:pieces[k - 1][1]].strip())
                and all(_BARE_COMMITTEE_RE.fullmatch(text[a:b].strip()) for a, b in pieces[1:k])):
            # "UBND thành phố Thủ Đức và các quận, huyện": the bare units share the name before them.
            pieces[k - 1:k + 1] = [(pieces[k - 1][0], pieces[k][1])]
    bodies = []
    for k, (a, b) in enumerate(pieces):
        shared = _SHARED_UNIT_RE.match(text, pieces[k + 1][0], pieces[k + 1][1]) if k + 1 < len(pieces) else None
        if shared and _BARE_HEAD_RE.fullmatch(text[a:b].strip()):
            # "Đảng ủy, UBND xã Ea Yông": the bare committee is the unit's too
            if name := canonical_piece(f"{text[a:b].strip()} {shared.group(1)}", index, rules):
                bodies.append(name)
            continue
        name = canonical_piece(text[a:b], index, rules)
        before = text[pieces[k - 1][0]:pieces[k - 1][1]] if k else ""
        # "các trường THPT, trường …" → "Các trường …"; not "Các Công đoàn ngành, Công đoàn Khu kinh
        # tế Đông Nam", a proper name of its own
        plural = re.match(r"\s*[Cc]ác\s", before) and (text[a:b].split()[:1] == before.split()[1:2] and text[a:b].lstrip()[:1].islower() or (
            re.match(r"\s*[Cc]ác\s" + _INSTITUTION, before) and re.match(_INSTITUTION, text[a:b].lstrip())))
        head = _level_head(before, text[a:b]) or ("Các " if plural else None)
        if name and head:  # "huyện Phù Cừ" after "UBND huyện Khoái Châu"; "trường X" after "các trường Y"
            name = canonical_piece(head + text[a:b], index, rules)
        if name:
            bodies.append(name)
    return bodies


_INSTITUTION = r"(?:trường|trung tâm|bệnh viện|trạm y tế)(?!\w)"
_UNIT_LEVEL = r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)"
_UNIT_HEAD = r"(?:Đảng ủy|HĐND|Hội đồng nhân dân|UBND|Ủy ban nhân dân)"  # a unit's committee, bare
_BARE_HEAD_RE = re.compile(_UNIT_HEAD)
# "Đảng ủy, UBND xã Ea Yông", "Đảng ủy, UBND các xã, thị trấn": the units the bare committee shares
_SHARED_UNIT_RE = re.compile(rf"\s*{_UNIT_HEAD}\s+(các\s+{_UNIT_LEVEL}(?:\s*,\s*{_UNIT_LEVEL})*|{_UNIT_LEVEL}\s+[^,;]+?)\s*$")


_LIST_BREAK_RE = re.compile(r"[,;]")


def _known_through(text: str, piece_start: int, b: int, end: int, index: BodyIndex) -> bool:
    """Whether the piece that "và" (ending at `b`) sits in, up to the next comma or semicolon,
    is a known name as a whole: the gazetteer did not see it where a wrap split its words."""
    stop = _LIST_BREAK_RE.search(text, b, end)
    return fold(text[piece_start:stop.start() if stop else end]) in index.by_fold


def _shares_head(piece: str, rest: str, rules: PartyRules) -> bool:
    """"các trường THPT, trường phổ thông nhiều cấp học" / "UBND huyện Khoái Châu, huyện Phù
    Cừ": the next piece repeats the head noun or the place level of the one before."""
    m = re.match(r"\s*(?:[Cc]ác\s+)?(\w+)\s", piece)
    if (m and rest.startswith(m.group(1).lower() + " ") and len(rest.split()) >= 2
            and starts_with_head(m.group(1), rules, any_case=True)):
        return True
    # "các trường trung học phổ thông, trung tâm giáo dục nghề nghiệp - …": a second kind of school
    return bool(re.match(r"\s*[Cc]ác\s" + _INSTITUTION, piece) and re.match(_INSTITUTION + r"\s+\w+\s+\w+", rest)) or \
        _level_head(piece, rest) is not None


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
    if first.isupper() and len(first) > 1 and rest[:1].isupper() and starts_with_head(f"{first.capitalize()} {rest}", rules):
        raw = f"{first.capitalize()} {rest}"  # repaired legacy OCR's "SỞ Khoa học và Công nghệ"
    known = index.by_fold.get(fold(raw))
    if known:
        return known
    near = None if starts_with_head(raw, rules) else fuzzy_body(raw, 0, rules, 0.85)
    if near and near[1] >= len(bare(raw).rstrip(",.;:")):  # the whole piece is that name
        return near[0]
    return raw[:1].upper() + raw[1:]


_HANDS_ON_RE = re.compile(r"\s*(?:giao|đề nghị|yêu cầu)\s+(?:cho\s+)?")
# "Ban Quản lý dự án … yêu cầu nhà thầu tăng cường …": a contractor is held to the work by the
# body that asks it, which stays the lead
_CONTRACTOR_RE = re.compile(r"(?:các\s+)?nhà thầu(?!\w)", re.IGNORECASE)
_FRONTED_RE = re.compile(r"\s*(?:Trong|Từ|Đến|Sau|Trước|Năm|Thời gian|Hằng|Định kỳ|Đối với|Về|Để|Nhằm|Căn cứ|Trên cơ sở)\s[^,.;:]{0,80},\s+")
# "Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và …": each is an addressee of its own
# (the annotation guide: "A, B và C" is three leads) — when the list goes on to the Mặt trận; a
# shorter "Các cấp ủy, tổ chức đảng(, chính quyền các cấp)" is one addressee, as annotators write it.
_LIST_NOUN_RE = re.compile(r"(?:tổ chức đảng|chính quyền)(?!\w)")
_SYSTEM_RE = re.compile(r"chính quyền(?: các cấp)?,\s+(?:Ủy ban\s+)?(?:Mặt trận|MTTQ)")
_COMMITTEES = r"(?:Huyện|Thị|Thành|Quận) ủy(?:\s*,\s*(?:Huyện|Thị|Thành|Quận) ủy)*"  # "Huyện ủy, Thị ủy"
_BARE_COMMITTEE_RE = re.compile(_COMMITTEES)
_BAN_OF_COMMITTEE_RE = re.compile(rf"Ban [^,;]+ {_COMMITTEES}$")
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
_TOPIC_LABEL_RE = re.compile(r"\s*Đối với\s[^:.;]{1,120}:\s+")
_STANDING_RE = re.compile(r"[Cc]ơ quan thường trực[^()\n]{0,80}\(\s*([^()]{3,80}?)\s*\)")
_CONDITION_RE = re.compile(r"\s*nếu\s")
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
    # "4. Khen thưởng: Ủy ban MTTQ các xã, phường lựa chọn …", "Đối với đề nghị bổ sung biên chế: Sở Nội vụ …"
    label = _LABEL_RE.match(text, start) or _TOPIC_LABEL_RE.match(text, start)
    if topic:
        start = topic.end()
    elif label and starts_with_head(text[label.end():], rules):
        start = label.end()
    fronted = _FRONTED_RE.match(text, start)  # "Trong thời gian tới, đề nghị …", "Từ năm 2024, các cấp ủy …"
    period = _PERIOD_RE.match(text, start) if fronted else None
    if period and rules.terminators.search(text, period.end(), fronted.end()):
        fronted = None  # "Định kỳ hằng quý tổ chức đối thoại với người dân, doanh nghiệp …": work, not a time
    if fronted:
        start = fronted.end()
        probe = start
        for _ in range(3):  # "Đối với các lĩnh vực đất đai, xây dựng, môi trường, Sở Nông nghiệp …"
            more = _MORE_FRONTED_RE.match(text, probe)
            if (starts_with_head(text[probe:], rules, any_case=True) or not more or _CONDITION_RE.match(text, probe)
                    or (rules.terminators.match(text, probe) and len(more.group().split()) >= 4)):
                # "…, nếu có khó khăn, vướng mắc, các cơ quan phản ánh …": a close, not a duty;
                # "Đối với công trình đang thi công, tổ chức tự kiểm tra …, phòng chống …": the work itself
                break
            nxt = text[more.end():]
            if starts_with_head(nxt, rules, any_case=nxt.startswith("các ")):
                start = more.end()
                break
            probe = more.end()
    aside = _ASIDE_RE.match(text, start) or _COMRADE_RE.match(text, start)
    if aside and starts_with_head(text[aside.end():], rules):
        start = aside.end()
    opening = text[start:start + 1].upper() + text[start + 1:]
    m = rules.trigger_re.match(opening)
    if m:
        start += m.end()
    standing = _STANDING_RE.match(text, start)
    if standing:  # "Cơ quan thường trực Ban Chỉ đạo (Bộ Chỉ huy Quân sự tỉnh) theo dõi …": the body in brackets
        return split_bodies(text, standing.start(1), standing.end(1), offsets, index, rules)
    if not starts_with_head(text[start:], rules, any_case=True) and not (offsets and offsets[start] in index.body_starts):
        return []
    end = phrase_end(text, start, offsets, index, rules)
    if end == len(text) or len(text[start:end].split()) > 40:
        return []
    found = split_bodies(text, start, end, offsets, index, rules)
    if any(len(b.split()) > 22 for b in found):
        return []  # a clause, not a name ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông và nông nghiệp thành phố" is one)
    handed = _HANDS_ON_RE.match(text, end)
    if handed and starts_with_head(text[handed.end():], rules, any_case=True) and not _CONTRACTOR_RE.match(text, handed.end()):
        # "Ban Thường vụ Huyện ủy giao Ủy ban nhân dân huyện: …": the one given the work leads.
        end2 = phrase_end(text, handed.end(), offsets, index, rules)
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
    if not starts_with_head(stripped[start:], rules, any_case=True) and not (offsets and offsets[start] in index.body_starts):
        # "1. 86 Nông nghiệp và Môi trường:" (OCR's S6 for Sở): a whole line that reads as one known name
        first = stripped[start:].split()[:1]
        near = fuzzy_body(stripped, start, rules, 0.85) if first and any(c.isdigit() for c in first[0]) else None
        return [near[0]] if near and near[1] >= len(stripped.rstrip()) else []
    if phrase_end(stripped, start, offsets, index, rules) < len(stripped):
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
    raw = word.strip(",.;:()")
    w = bare(raw)
    return any(c.isdigit() for c in w) or (w.isalpha() and raw.islower() and not _SYLLABLE_RE.match(w))


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
_COOPERATION_RE = re.compile(r"[Pp]hối\s+hợp\s+(?:(?:chặt chẽ|thường xuyên|đồng bộ)\s+)?(?:với|cùng)\s+|với sự (?:tham gia|phối hợp) của\s+"
                             r"|(?<=chủ trì, )cùng\s+")  # "… chủ trì, cùng Công an xã …"


def find_cooperating(text: str, offsets: list[int], index: BodyIndex, rules: PartyRules) -> list[str]:
    out: list[str] = []
    for m in _COOPERATION_RE.finditer(text):
        end = phrase_end(text, m.end(), offsets, index, rules)
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
