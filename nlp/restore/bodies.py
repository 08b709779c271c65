"""Repair that knows body names. Legacy OCR garbles the department abbreviations of body
names ("Sé TT&TT", "S6é NN&PTNT", "S&TT&TT"), and a language model alone turns them into
words ("Số THỨ"). Known abbreviations (the body registry's, corpus/bodies/registry.jsonl)
are kept as they are, and the garbled head word right before one is the head the registry
writes before it ("Sở"). Applied to legacy lines before decoding.

After decoding, words one slip away from a known name become that name ("Các cấp quý" → "Các
cấp ủy"), never trading one level or capital abbreviation for another ("UBND thành phố",
"Đảng ủy HĐND" stay), and a garbled "Sở" before a known department's name is put back ("1.86
Y tế" → "1. Sở Y tế")."""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1)
def _abbreviations() -> tuple[str, ...]:
    from chidao.nlp.bodies import default_registry

    return tuple(sorted((k for k in default_registry().department_abbreviations() if "&" in k),
                        key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern | None:
    codes = _abbreviations()
    if not codes:
        return None
    alternatives = "|".join(map(re.escape, codes))
    # an S-word of one to three letters, digits or marks (Sé, S6, S6é, S&, Sd) glued or not
    return re.compile(rf"(?<![\w&])S[^\s\w]?[\wé&]{{0,2}}?\s?(?=(?:{alternatives})(?![\w&]))")


def protect_department_codes(line: str) -> str:
    """'Sé TT&TT' → 'Sở TT&TT', 'S&TT&TT' → 'Sở TT&TT' (a legacy line, before decoding)."""
    pattern = _pattern()
    return pattern.sub("Sở ", line) if pattern is not None and "&" in line else line


def is_department_code(token: str) -> bool:
    """A known abbreviation with "&" ("TT&TT", "NN&PTNT"): never rewritten by the decoder."""
    return token.strip(".,;:()") in _abbreviations()


def _known_pieces() -> list[str]:
    """The registry's names, each followed by its part before the first comma when that part
    ends on a level and names units of it ("UBND các xã" of "UBND các xã, phường": a table cell
    or a line may end at the comma; not "Các sở" of "Các sở, ban, ngành", nor "Ban Chỉ đạo phòng"
    of "Ban Chỉ đạo phòng, chống …")."""
    from chidao.nlp.bodies import default_registry

    out = []
    for name in default_registry().names():
        out.append(name)
        head = name.split(",")[0]
        if head != name and len(head.split()) >= 3 and re.search(r"\bcác (?:xã|phường|huyện|tỉnh)$", head):
            out.append(head)
    return out


@functools.lru_cache(maxsize=1)
def _names_by_head() -> dict[str, dict[int, list[tuple[str, str]]]]:
    """Known body names of two words or more (and their parts before a comma), by first word
    folded, then by word count."""
    from chidao.nlp.restore.text import fold

    out: dict[str, dict[int, list[tuple[str, str]]]] = {}
    for name in _known_pieces():
        words = name.split()
        if len(words) >= 2 and "&" not in name:
            out.setdefault(fold(words[0].lower()), {}).setdefault(len(words), []).append((fold(name.lower()), name))
    return out


_WORD = re.compile(r"\S+")


@functools.lru_cache(maxsize=1)
def _department_openings() -> frozenset[tuple[str, str]]:
    """The first two words after "Sở" in the registry's department names, folded: ("tai",
    "chinh"), ("y", "te") …"""
    from chidao.nlp.bodies import default_registry
    from chidao.nlp.restore.text import fold

    return frozenset(tuple(fold(w.lower()).strip(",") for w in name.split()[1:3])
                     for name in default_registry().names() if name.startswith("Sở ") and len(name.split()) >= 3)


# What legacy OCR leaves of "Sở" once repaired: "$6", "86", "S8", "Sẽ", "Số" (folded), with an
# item number glued before it ("1.86 Y tế"); "sẽ" only before a name in capitals (the header's
# "sẽ XÂY DỰNG"; "sẽ xây dựng kế hoạch" is "will build").
_GARBLED_SO = re.compile(r"(?<!\S)(\d{1,2}\.)?(?:[$S85][6o08eđd&]|S[ởốổơẽe]|SỞ|(s[ởẽ]))(?=\s)")


def repair_department_heads(line: str) -> str:
    """"1.86 Y tế:" → "1. Sở Y tế:", "$6 Tài chính" → "Sở Tài chính": a garbled head right
    before the opening words of a known department's name is "Sở" (never "Bộ Tài chính")."""
    from chidao.nlp.restore.text import fold

    openings = _department_openings()

    def fix(m: re.Match) -> str:
        rest = line[m.end():].split()
        capitals = bool(rest) and all(w.isupper() for w in rest[:2])  # "XÂY DỰNG", not "Y tế"
        if m.group(2) and not capitals:
            return m.group(0)
        after = [fold(w.lower()).strip(",.:;") for w in rest[:2]]
        if tuple(after) not in openings or m.group(0).endswith(("Sở", "SỞ")) and not m.group(1):
            return m.group(0)
        return (f"{m.group(1)} " if m.group(1) else "") + ("SỞ" if capitals else "Sở")

    def fix_list(m: re.Match) -> str:
        after = tuple(fold(w.lower()).strip(",.:;") for w in line[m.end() + 1:].split()[:2])
        return ("Sở" if m.group(0)[0] == "S" else "sở") if after in openings else m.group(0)

    return _LISTED_SO.sub(fix_list, _GARBLED_SO.sub(fix, line))


# "Các Số: Nông nghiệp và Môi trường, Xây dựng, …": the head of a list of departments
_LISTED_SO = re.compile(r"(?<=[Cc]ác )(?:S[ốởẽ]|s[ốởẽ])(?=:\s)")


# Administrative levels are words, never slips of one another: "UBND thành phố" is not a
# garbled "UBND tỉnh".
_LEVELS = frozenset({"tinh", "thanh", "huyen", "quan", "thi", "xa", "phuong"})


@functools.lru_cache(maxsize=1)
def _distinct_words() -> frozenset[str]:
    """Folded words never repaired into one another: the levels and the abbreviations the
    registry writes in capitals ("Đảng ủy HĐND tỉnh" is not a garbled "Đảng ủy UBND tỉnh")."""
    from chidao.nlp.bodies import default_registry
    from chidao.nlp.restore.text import fold

    caps = {fold(w.lower()) for name in default_registry().names() for w in name.split()
            if len(w) >= 2 and w.isupper() and w.isalpha()}
    return _LEVELS | frozenset(caps)


def _slip(got: str, want: str, ratio: float) -> bool:
    """Whether the folded word `got` can be an OCR slip of `want`: the same ending and length
    within a letter ("wy" for uy), or a short word with its vowel misread ("UBND các xe" for xã)."""
    if len(got) == len(want) <= 3 and got[0] == want[0]:
        return True
    if got in _CALENDAR or got in _COMMON:
        return False  # "Tổ chức Tháng hành động" (the campaign month) is no "tổ chức đảng"
    return ratio >= 0.5 and got[-1:] == want[-1:] and abs(len(got) - len(want)) <= 1


_CALENDAR = frozenset({"thang", "ngay", "tuan"})  # folded words of dates no name holds
# "cùng cấp huy động", "chỉ huy", "Văn phòng cơ quan": words of their own, no slips of "ủy", "Sở"
_COMMON = frozenset({"huy", "co"})


def repair_body_names(line: str) -> str:
    """A repaired legacy line whose words are one slip away from a known body name gets the
    name as the registry writes it: "Các cấp wy" → "Các cấp ủy". Only whole-word windows of
    the name's length, starting on its head word, at most one letter off in six."""
    from difflib import SequenceMatcher

    from chidao.nlp.restore.text import fold

    index, distinct = _names_by_head(), _distinct_words()
    spans = [(m.start(), m.end()) for m in _WORD.finditer(line)]
    folded = [fold(line[a:b].lower()).strip(",;:._") for a, b in spans]
    out, at, i = [], 0, 0
    while i < len(spans):
        best = None
        for n, names in index.get(folded[i], {}).items():
            if i + n > len(spans):
                continue
            for key, name in names:
                pairs = [(a, b) for a, b in zip(folded[i:i + n], key.split()) if a != b]
                # one word slipped ("wy" for ủy, "quý" for ủy), the others the same but for marks, and
                # no capital abbreviation is the word that slipped, nor a level but into a word of its
                # first letter that is none ("Văn phòng HĐND" is no "Sở", "hành chính huyện" no "Chính
                # quyền", "Thành ủy" no "Tỉnh ủy");
                # a slip keeps the word's length within a letter ("Tổ công nghệ số cộng đồng" is
                # no "Sở Công Thương")
                if len(pairs) > 1 or any(a in distinct and (a not in _LEVELS or b in distinct or a[:1] != b[:1])
                                         for a, b in pairs) or any(
                        not _slip(a, b, SequenceMatcher(None, a, b).ratio()) for a, b in pairs):
                    continue
                if any(b in _LEVELS and a[:1] != b[:1] for a, b in pairs):
                    continue  # a level keeps its first letter ("các xe" is xã): "Đảng ủy hướng dẫn", "Đảng ủy đã" are words
                if any(line[a:b].endswith((":", ";")) or line[a:b].endswith(",") and not word.endswith(",")
                       for (a, b), word in zip(spans[i:i + n - 1], name.split())):
                    continue  # "Các Sở: Nông nghiệp và Môi trường, …" lists departments; no name spans the
                    # colon, nor a comma of its own ("chuyển đổi số, xây dựng" is no "Sở Xây dựng")
                ratio = 1.0 - 0.1 * len(pairs)
                # the official casing first ("Môi trường", not the alias "môi trường")
                best = max(best or (0, 0, 0, ""), (ratio, n, sum(c.isupper() for c in name), name))
        if best and best[3].lower() != line[spans[i][0]:spans[i + best[1] - 1][1]].rstrip(",;:._").lower():
            _, n, _, name = best
            a, b = spans[i][0], spans[i + n - 1][1]
            tail = line[a:b][len(line[a:b].rstrip(",;:._")):]
            first = line[a]
            name = (first + name[1:]) if first.isupper() == name[0].isupper() else name
            if line[a:b].isupper():
                name = name.upper()  # a header line in capitals stays in capitals ("ĐẢNG ỦY UBND TỈNH")
            out += [line[at:a], name + tail]
            at, i = b, i + n
            continue
        i += 1
    out.append(line[at:])
    return "".join(out)


_EDGE_WORDS = 6  # a name's words on either side of a line break, at most


def repair_wrapped_body_names(lines: list[str], kinds: list[str], lm) -> None:
    """"… chính quyền, Mặt" / "triển Tổ quốc và …": a name the line's end cut in two, one
    slip away from a known one, repaired as `repair_body_names` does on one line where the
    language model `lm` (kenlm) reads the repaired words better ("trợ cấp" / "ưu đãi" is no
    "Cấp ủy"), and where the next line's capital stays one (a table's "Thường xuyên" below
    "Sở … và Môi" is no "trường"); each word stays on its line."""
    from chidao.nlp.restore.text import lm_line

    for i in range(len(lines) - 1):
        if kinds[i] != "legacy" or kinds[i + 1] != "legacy":
            continue
        tail = list(_WORD.finditer(lines[i]))[-_EDGE_WORDS:]
        head = list(_WORD.finditer(lines[i + 1]))[:_EDGE_WORDS]
        if not tail or not head:
            continue
        words = [m.group() for m in tail + head]
        repaired = repair_body_names(" ".join(words)).split(" ")
        if len(repaired) != len(words) or repaired == words or (
                words[len(tail)][:1].isupper() and repaired[len(tail)][:1].islower()) or (
                lm.score(lm_line(" ".join(repaired)), bos=False, eos=False)
                <= lm.score(lm_line(" ".join(words)), bos=False, eos=False)):
            continue
        lines[i] = _put_back(lines[i], tail, repaired[:len(tail)])
        lines[i + 1] = _put_back(lines[i + 1], head, repaired[len(tail):])


def _put_back(line: str, found: list[re.Match], words: list[str]) -> str:
    """`line` with the words at `found` replaced by `words`, its spacing and the case of a
    word's first letter kept ("phối hợp với các tổ chức": the registry's "Các" stays "các")."""
    for m, word in sorted(zip(found, words), key=lambda mw: mw[0].start(), reverse=True):
        if m.group()[:1].islower() and word[1:2].islower():
            word = word[:1].lower() + word[1:]
        line = line[:m.start()] + word + line[m.end():]
    return line


# Legacy OCR of a table cell often drops the spaces of a short name ("C6ngantinh", "S@Twphap",
# "UBNDcaécxé,"): a token of that kind, one slip or two away from a known name of two to six
# words written without spaces, is that name.
_GLUED_TOKEN = re.compile(r"(?<![\w@])([^\W_][\w@]{4,})(?![\w@])")
_GLUED_DIGITS = str.maketrans("6@0", "ooo")


@functools.lru_cache(maxsize=1)
def _glued_names() -> dict[str, str]:
    """Known names (and their parts before a comma: "UBND các xã" of "UBND các xã, phường")
    by their folded letters without spaces."""
    return _by_glued_key(_known_pieces())


@functools.lru_cache(maxsize=1)
def _glued_heads() -> dict[str, str]:
    """The known names' parts before "và", where a table cell wraps ("Sở Nông nghiệp" / "và
    Môi trường"), keyed as `_glued_names`; a capitalised token only is read as one."""
    return _by_glued_key([head for piece in _known_pieces() if (head := piece.split(" và ")[0]) != piece])


def _by_glued_key(phrases: list[str]) -> dict[str, str]:
    """Phrases of two to six words (none with "&") by their folded letters without spaces,
    the first of a key kept."""
    from chidao.nlp.restore.text import fold

    out: dict[str, str] = {}
    for phrase in phrases:
        if 2 <= len(phrase.split()) <= 6 and "&" not in phrase:
            out.setdefault(re.sub(r"\W", "", fold(phrase.lower())), phrase)
    return out


def repair_glued_names(line: str) -> str:
    """"|C6ngantinh |UBNDcaécxé, |" → "|Công an tỉnh |UBND các xã, |" (a repaired legacy line)."""
    from difflib import get_close_matches

    from chidao.nlp.restore.model import is_syllable_shape
    from chidao.nlp.restore.text import fold

    names, heads = _glued_names(), _glued_heads()

    def fix(m: re.Match) -> str:
        token = m.group(1)
        key = fold(token.lower()).translate(_GLUED_DIGITS)
        if is_syllable_shape(key) or not key.isalpha():
            return token
        for known in (names, heads if token[0].isupper() else {}):
            # get_close_matches gives the nearest first
            near = [k for k in get_close_matches(key, known, n=3, cutoff=0.8) if abs(len(k) - len(key)) <= 2]
            if near:
                return known[near[0]]
        return token

    return _GLUED_TOKEN.sub(fix, line)


# "phương" and "phượng" stand alone in no Vietnamese sentence: "phương" lives in its compounds
# (địa phương, phương án, phương Tây …), "phượng" in "hoa phượng", and a capitalised one
# mid-sentence is a name ("Nguyễn Thị Phương"). Restored on its own it is the ward, "phường",
# which legacy OCR writes the same ("phuong", "phudng") and the LM reads as the commoner word.
_WARD_PARTNERS_BEFORE = frozenset({"địa", "đơn", "đa", "song", "bốn", "mọi", "tứ", "hậu", "thập", "hoa", "chim", "long"})
_WARD_PARTNERS_AFTER = frozenset({"án", "thức", "pháp", "tiện", "hướng", "châm", "trình", "tây", "đông", "nam",
                                  "bắc", "sách", "ngôn", "diện", "vị", "thảo", "tiến", "danh", "hoàng"})
_LETTERS = re.compile(r"[^\W\d_]+")


def repair_ward_word(lines: list[str], kinds: list[str]) -> None:
    """A restored "phương" or "phượng" outside its compounds and names is "phường" (in place,
    over the lines the restorer wrote: `kinds` "legacy" or "plain"; a compound may span a line
    break)."""
    words = [(i, m) for i, line in enumerate(lines) for m in _LETTERS.finditer(line)]
    for k, (i, m) in enumerate(words):
        word = m.group(0)
        if kinds[i] not in ("legacy", "plain") or word.lower() not in ("phương", "phượng") or (
                word[0].isupper() and not word.isupper()):
            continue
        before = words[k - 1][1].group(0).lower() if k else ""
        after = words[k + 1][1].group(0).lower() if k + 1 < len(words) else ""
        if before in _WARD_PARTNERS_BEFORE or after in _WARD_PARTNERS_AFTER:
            continue
        ward = "PHƯỜNG" if word.isupper() else "phường"  # as long as the word: positions hold
        lines[i] = lines[i][:m.start()] + ward + lines[i][m.end():]


# The head of a committee's name the LM read as a commoner word: "Bản Phong trào", "Bạn Tổ
# chức" (village, friend) before the name of a party, Front or state committee are "Ban".
_BAN_NAMES = ("Phong trào", "Tổ chức", "Xây dựng", "Thường trực", "Thường vụ", "Công tác", "Chỉ đạo", "Chỉ huy",
              "Quản lý", "Tuyên giáo", "Dân vận", "Kinh tế", "Pháp chế", "Văn hóa", "Dân tộc", "Nội chính",
              "Kiểm tra", "Chấp hành", "Nhân dân", "Điều hành", "Vận động", "Giám sát", "Đại diện", "Thi đua")
_BAN_HEAD = re.compile(r"(?<!\w)B[ảạ]n(?= (?:%s)(?!\w))" % "|".join(_BAN_NAMES))


@functools.lru_cache(maxsize=1)
def _newspaper_head() -> re.Pattern:
    """ "Bảo" before a province's whole name: its newspaper, "Báo Đà Nẵng" (the gazetteer's
    provinces and cities, corpus/restore/places.txt)."""
    from chidao.nlp.restore.model import MODEL_DIR

    path = MODEL_DIR / "places.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    names = sorted({re.sub(r"^(?:tỉnh|thành phố) ", "", x) for x in lines if "," not in x and x.startswith(("tỉnh ", "thành phố "))},
                   key=len, reverse=True)
    return re.compile(r"(?<!\w)Bảo(?= (?:%s)(?!\w))" % "|".join(map(re.escape, names or ["\0"])))


# "… thuộc Số;", "báo cáo về Số (qua …)": a capital "Số" or "Sẽ" inside a sentence, with no
# number after it, is the department, "Sở".
_BARE_SO = re.compile(r"(?<=\w )S[ốẽ](?=\s?[;,().])")


def repair_committee_heads(line: str) -> str:
    """"Bản Phong trào" → "Ban Phong trào", "Bảo Đà Nẵng" → "Báo Đà Nẵng", "thuộc Số;" →
    "thuộc Sở;" (a restored line)."""
    line = _BARE_SO.sub(lambda m: "Sở" if line[:m.start()].split()[-1][0].islower() else m.group(0), line)
    return _newspaper_head().sub("Báo", _BAN_HEAD.sub("Ban", line))
