"""The signature block of a directive's footer: capacity lines (T/M, TM., KT., TL., Q.),
the signer's title and name, whether laid out in columns or flattened by legacy OCR into the
Nơi nhận lines beside it. Wording (capacity markers, cased phrases) comes from rules.json."""

from __future__ import annotations

import re
from functools import lru_cache

from chidao.nlp.extract._text import COLUMNS_RE, LETTER, Line, bare, fold, is_name_word, recase

_DISTRIBUTION_ITEM_RE = re.compile(r"^\s*(?:[-+•]|Lưu\b|Nơi\s+nhận)", re.IGNORECASE)


_ROMAN_RE = re.compile(r"[IVXLC]+[,.;]?")  # "KHÓA XVIII": a term's number, no title


def capacity_in(text: str, r: dict) -> bool:
    return bool(capacity_re(r).search(text))


def capacity_re(r: dict) -> re.Pattern:
    return _capacity_re(tuple(r["capacity_markers"]))


@lru_cache(maxsize=4)
def _capacity_re(markers: tuple[str, ...]) -> re.Pattern:
    ordered = sorted(markers, key=len, reverse=True)
    marked = "|".join(re.escape(m) for m in ordered if re.search(r"[./]", m))
    plain = "|".join(re.escape(m) for m in ordered if not re.search(r"[./]", m))
    # "KT. CHỦ TỊCH", "KT CHỦ TỊCH", "T/MỦY BAN" — not the "KT" of an archive code ("Lưu: VT, KTHTĐT").
    # The body ends before another marker: legacy OCR joins two signers' columns with one space.
    every = "|".join(re.escape(m.rstrip(".")) for m in ordered)
    return re.compile(rf"(?<!\S)(?P<cap>{marked}|(?:{plain})(?=\s))\s*(?P<who>(?:(?!(?:{every})[.\s])[{LETTER}]+\s?)+)")


def _upper_runs(text: str) -> list[str]:
    """Runs of two or more upper-case words (a signature column flattened into a line)."""
    runs, cur = [], []
    for w in re.findall(rf"[{LETTER}]+|\S", text):
        if w.isalpha() and w.isupper():
            cur.append(w)
        else:
            if len(cur) >= 2 or (cur and len(cur[0]) > 3):
                runs.append(" ".join(cur))
            cur = []
    if len(cur) >= 2 or (cur and len(cur[0]) > 3):
        runs.append(" ".join(cur))
    return runs


_ITEM_TAIL_UPPER_RE = re.compile(r"[;:),]\s+([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{3,}[A-ZĐÀ-Ỹ])[’'`]?$")  # "PHÓ BÍ THƯ’": a horn's speck
_RANK = r"(?:Đại|Thượng|Trung|Thiếu)\s+(?:tá|úy|tướng)\s+"  # "Đại tá Hoàng Minh Tuấn": a police or army rank, no name
_ITEM_TAIL_NAME_RE = re.compile(rf"[;:),.]\s+(?:{_RANK})?((?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s+){{1,4}}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)\s*\.?$")
_RANK_RE = re.compile("^" + _RANK)


def _is_name(words: list[str]) -> bool:
    """Two to five words of a person's name, two of them longer than one letter, or an Ê Đê
    man's "Y" or a Ba Na or Xơ Đăng man's "A" and his name ("Y Wăn", "A Thiêng")."""
    return 2 <= len(words) <= 5 and all(map(is_name_word, words)) and (
        sum(len(w) > 1 for w in words) >= 2 or (len(words) == 2 and words[0] in ("Y", "A") and len(words[1]) >= 3))


def _tail_name(text: str) -> str | None:
    """A name of two to five words closing a Nơi nhận line after an archive code in capitals, with
    no punctuation between ("- Lưu: VT, KT VÀ Lê Thị Minh Thư"), or after a punctuation mark with
    a one-letter word in it ("- UBND các xã, thị trấn; Ksor Y Phơn")."""
    words = text.rstrip(" .").split()
    k = len(words)
    while k > 0 and is_name_word(words[k - 1]):
        k -= 1
    run = words[k:]
    if k == 0 or not _is_name(run):
        return None
    before = words[k - 1]
    code = before.isalpha() and before.isupper() and len(before) >= 2
    return " ".join(run) if code or before[-1] in ";:),." else None


_PARTY_SIGNER_RE = re.compile(r"Đảng|Thường vụ|Chấp hành|Kiểm tra|[Tt]ỉnh ủy|[Tt]hành ủy|[Hh]uyện ủy|Chi bộ|Ban Tuyên giáo|Ban Tổ chức")


def _marker(cap: str, body: str) -> str:
    """A capacity marker as written, but a bare "TM" / "KT" / "TL" (legacy OCR lost its slash
    or period) in the party's form ("T/M Đảng ủy") or the state's ("TM. Ủy ban nhân dân")."""
    if cap not in ("TM", "KT", "TL"):
        return cap
    return f"{cap[0]}/{cap[1]}" if _PARTY_SIGNER_RE.search(body) else f"{cap}."


def _prose(seg: str) -> bool:
    """Running text: five lower-case words or more."""
    return sum(1 for w in seg.split() if w[:1].islower()) >= 5


def _halved(title: str) -> str:
    """Two signers' titles that legacy OCR joined with one space ("Phó Giám đốc phó Giám đốc"): one."""
    words = title.split()
    half = len(words) // 2
    return " ".join(words[:half]) if len(words) % 2 == 0 and fold(" ".join(words[:half])) == fold(" ".join(words[half:])) else title


def find_signer(footer: list[Line], r: dict, abbreviations: dict) -> dict | None:
    """Name, title and capacity (T/M, KT., TL. …) of the signature block in `footer` (the
    lines from just above Nơi nhận to the end); None when there is none."""
    cap_re = capacity_re(r)
    capacities: list[str] = []
    titles: list[str] = []
    joint = False  # two signers side by side (a joint plan): the right-hand column, whose name is read below
    for ln in footer:
        rest = ln.text
        found = []
        for m in cap_re.finditer(ln.text):
            who = _upper_runs(m.group("who"))
            if who and m.group("who").startswith(who[0]):
                body = recase(who[0], r['cased_phrases'], abbreviations, expand=False)
                found.append(f"{_marker(m.group('cap'), body)} {body}")
                rest = rest.replace(m.group("cap") + " " + who[0], " ").replace(m.group("cap") + who[0], " ")
        joint = joint or (len(found) > 1 and found[0].split()[0] == found[1].split()[0])  # "KT. … KT. …": side by side
        capacities += found[-1:] if joint else found
        # Nơi nhận items ("- Lưu: VT, CNTY.") sit beside the signature: their codes are no title.
        segs = COLUMNS_RE.split(rest.strip())
        # Legacy OCR joins the columns with one space: "- Bộ Nội vụ (b/c); PHÓ CHỦ TỊCH".
        tails = [m.group(1) for seg in segs if _DISTRIBUTION_ITEM_RE.match(seg) for m in [_ITEM_TAIL_UPPER_RE.search(seg)] if m]
        # A sentence of the closing paragraph ("… phát triển sản phẩm OCOP và …") holds no title.
        kept = [seg for seg in segs if not _DISTRIBUTION_ITEM_RE.match(seg) and not _prose(seg)] + tails
        # Abbreviations alone (PCT UBND, BCĐ) are distribution items, not a title.
        line_titles = [[recase(run, r["cased_phrases"], abbreviations) for run in _upper_runs(seg)
                        if any(w not in abbreviations and re.search(r"[aeiouy]", bare(w)) and not _ROMAN_RE.fullmatch(w)
                               for w in run.split())] for seg in kept]
        columns = [t for t in line_titles if t]
        # side by side, the right-hand column's title, once ("PHÓ GIÁM ĐỐC PHÓ GIÁM ĐỐC" flattened)
        titles += [_halved(t) for t in columns[-1]] if joint and columns else [t for ts in columns for t in ts]
    name = None
    for ln in reversed(footer):
        for seg in reversed(COLUMNS_RE.split(ln.stripped)):
            words = _RANK_RE.sub("", seg.strip(" ."), count=1).split()
            if _is_name(words):
                name = " ".join(words)
                break
        if name:
            break
    if name is None:  # legacy OCR: the name closes a Nơi nhận line ("- UBND các huyện; Lý Hoàng Khải")
        name = next((m.group(1) for ln in reversed(footer) for m in [_ITEM_TAIL_NAME_RE.search(ln.stripped)] if m), None)
    if name is None:
        name = next((n for ln in reversed(footer) if (n := _tail_name(ln.stripped))), None)
    if not (capacities or titles or name):
        return None
    # A Quyết định and the Kế hoạch it issues are both signed "TM. Ủy ban nhân dân, KT. Chủ tịch":
    # one capacity, said once.
    return {"name": name, "title": titles[0] if titles else None, "capacity": ", ".join(dict.fromkeys(capacities)) or None}
