"""`chidao_header`: the document's metadata from its header and footer, laid out as in
Nghị định 30/2020/NĐ-CP (state) and Hướng dẫn 36-HD/VPTW (party): issuer, number, place and
date, type and trích yếu, Kính gửi, Nơi nhận, signature block, cited documents.

Finding (`match`) returns a `HeaderFacts`; `set_annotations` writes it to `doc._.directive`.
All wording (document types, mottos, marks, capacity markers) comes from corpus/extract."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from chidao.record import DocumentInfo, Reference, Signer
from chidao.nlp.extract.issuer import inferred_issuer, issuer_names, motto_kinds, motto_spans, plausible_issuer
from chidao.nlp.extract.places import issuer_locality, known_place, known_places_in, read_places
from chidao.nlp.extract.references import find_references, fix_symbol, reported_on, responds_to
from chidao.nlp.extract.signature import capacity_in, find_signer
from chidao.nlp.extract.dateline import DATE_RE, SO_RE, find_date_place, find_number, place_before
from chidao.nlp.extract._text import COLUMNS_RE, MARKER_RE, Line, fold, is_upper_line, recase, split_lines

Doc.set_extension("directive", default=None, force=True)

_HEADER_LINES = 30
_VV_RE = re.compile(r"^\s*(?:V/v|V/V|Về việc|VỀ VIỆC)\s*:?\s*")
_VV_ABBR_RE = re.compile(r"^\s*(?:V/v|V/V)\s*:?\s*")
# OCR: "Kính gủi"; legacy OCR repaired: "Kinh cư:", "Kinh eu:" (only opening a line, before a colon)
# "Kính gửi:", legacy OCR's "Kinh et:", and a Công điện's "CHỦ TỊCH ỦY BAN NHÂN DÂN … điện:" over
# the dash list of those it is sent to
_KINH_GUI_RE = re.compile(r"Kính\s+g[ửủởưu]i\s*:?|^\s*K[iíì]nh\s+[ceg][^\W\d_]{0,2}\s*:|(?-i:^\s*[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{8,}\s+điện\s*:\s*$)",
                          re.IGNORECASE | re.MULTILINE)
_NOI_NHAN_RE = re.compile(r"^\s*(?:Nơi\s+nhận\s*:?|N\w{1,2}\s+nh\w{1,2}n\s*:)", re.IGNORECASE)  # repaired OCR: "Nó nhận:"


@dataclass(frozen=True)
class HeaderRules:
    rules: dict
    abbreviations: dict
    places: dict = field(default_factory=dict)  # "Bắc Giang" → "tỉnh"; "Hà Nội" → "thành phố"
    place_names: dict = field(default_factory=dict)  # every unit's name, by folded form

    @classmethod
    def load(cls, rules_path: str | Path, abbreviations_path: str | Path, places_path: str | Path | None = None) -> "HeaderRules":
        abbreviations = {k: v for k, v in srsly.read_json(abbreviations_path).items() if not k.startswith("_")}
        return cls(srsly.read_json(rules_path), abbreviations, *read_places(places_path))


@dataclass
class HeaderFacts:
    """What the header and footer say (`document`, the record's own type) and where the body
    lies between them (character offsets)."""

    document: DocumentInfo = field(default_factory=DocumentInfo)
    body_start: int = 0
    body_end: int = 0
    # Documents issued with this one, after its signature: the Kế hoạch a Quyết định
    # "ban hành kèm theo". (start, end) of each one's body.
    attachments: list[tuple[int, int]] = field(default_factory=list)

    @property
    def bodies(self) -> list[tuple[int, int]]:
        """The main body, then each attachment's."""
        return [(self.body_start, self.body_end)] + self.attachments


def parse_header(text: str, rules: HeaderRules) -> HeaderFacts:
    """Everything the header and footer say, and the body's offsets."""
    r = rules.rules
    lines = split_lines(text)
    head = lines[:_HEADER_LINES]
    used: list[int] = []
    info: dict = {"marks": [], "recipients": [], "distribution": [], "references": [], "responds_to": []}

    so_i, number, symbol = find_number(head)
    if so_i is not None:
        used.append(so_i)
    info["number"], info["symbol"] = number, symbol

    date_i, info["date"], info["place"] = find_date_place(head)
    if date_i is not None:
        used.append(date_i)

    title_i = next((i for i, ln in enumerate(head) if _title_type(ln.stripped, r)), None)
    vv_i = next((i for i, ln in enumerate(head) if _VV_RE.match(ln.text)), None)
    if title_i is None and vv_i is None:
        # a title legacy OCR misspelt ("KHI HOẠCH", "KẾT HOẠCH"), under the number and date lines
        below = max((i for i in (so_i, date_i) if i is not None), default=len(head)) + 1
        title_i = next((i for i in range(below, len(head)) if _title_type(head[i].stripped, r, near=True)), None)
    subject_i = title_i if title_i is not None else vv_i
    info["subject"] = None
    if subject_i is not None:
        start = subject_i + 1 if title_i is not None else subject_i
        subject, last = _subject(lines, start, r, rules, vv=title_i is None)
        info["subject"] = subject
        used += [subject_i, last]

    info["type"] = _doc_type(head, title_i, symbol, vv_i, r)
    header_top = min([i for i in (so_i, date_i, title_i, vv_i) if i is not None], default=0)
    info["issuer"], info["parent_issuer"] = issuer_names(head[:header_top], r, rules)
    info["place"] = known_place(info["place"], [info["issuer"], info["parent_issuer"]], rules.place_names)
    info["issuer"] = issuer_locality(info["issuer"], info["place"], rules.place_names)
    info["issuer_inferred"] = False
    if info["issuer"] is None or not plausible_issuer(info["issuer"], r):
        # left out, or legacy OCR left no body of it: the symbol and the place say it
        inferred = inferred_issuer(symbol, info["place"], r, rules)
        if inferred is not None:
            parent = info["parent_issuer"]
            if parent and fold(parent).lower().split()[:2] == fold(inferred).lower().split()[:2]:
                info["parent_issuer"] = None  # the issuer's own first line ("Ủy ban nilan dẫn …")
            info["issuer"], info["issuer_inferred"] = inferred, True
    info["party"] = _party(head, number, r)

    for i, ln in enumerate(head):
        for seg in COLUMNS_RE.split(ln.stripped):
            if mark := _mark(seg, r):
                info["marks"].append(mark)
                used.append(i)
        if motto_spans(ln.text, r):
            used.append(i)

    kg_i = next((i for i, ln in enumerate(lines[:_HEADER_LINES + 10]) if _KINH_GUI_RE.search(ln.text)), None)
    if kg_i is not None:
        info["recipients"], last = _list_after(lines, kg_i, _KINH_GUI_RE)
        used += [kg_i, last]
    issuers = [info["issuer"], info["parent_issuer"]]
    info["subject"] = known_places_in(info["subject"], info["place"], issuers, rules.place_names)
    info["recipients"] = [known_places_in(x, info["place"], issuers, rules.place_names) for x in info["recipients"]]

    body_first = max(used) + 1 if used else 0
    footer_i = next((i for i in range(body_first, len(lines)) if _NOI_NHAN_RE.match(lines[i].text)), None)
    if footer_i is None:
        footer_i = next((i for i in range(len(lines) - 1, max(body_first, len(lines) - 25), -1) if capacity_in(lines[i].text, r)), len(lines))
    info["body_start"] = lines[body_first].start if body_first < len(lines) else len(text)
    info["body_end"] = lines[footer_i].start if footer_i < len(lines) else len(text)
    info["attachments"] = _attachments(lines, footer_i, len(text), r)
    if footer_i < len(lines) and _NOI_NHAN_RE.match(lines[footer_i].text):
        info["distribution"], _ = _list_after(lines, footer_i, _NOI_NHAN_RE)
    # The signature block ends where an attached document or a Phụ lục begins (its table's
    # "Sở Công Thương" is no signer).
    footer_end = next((j for j in range(footer_i + 1, len(lines))
                       if _ANNEX_RE.match(lines[j].text) or _title_type(lines[j].stripped, r)), len(lines))
    # A block signed above its Nơi nhận starts at its capacity line ("TM. ỦY BAN NHÂN DÂN").
    near = max(body_first, footer_i - 2)
    sign_i = next((i for i in range(max(body_first, footer_i - 8), near) if capacity_in(lines[i].text, r)), near)
    info["signer"] = find_signer(lines[sign_i:footer_end], r, rules.abbreviations)

    if number:
        number, info["symbol"] = fix_symbol(number, r), fix_symbol(info["symbol"], r)
        info["number"] = number
    own_line = (head[so_i].start, head[so_i].end) if so_i is not None else (-1, -1)
    info["references"] = [ref for ref in find_references(text, number, r) if not own_line[0] <= ref["_start"] < own_line[1]]
    info["responds_to"] = responds_to(text, info["references"], _preamble_end(lines, body_first, footer_i, info["body_end"]), r)
    reported = reported_on(info["type"], info["subject"], info["references"])
    if reported and reported not in info["responds_to"]:
        info["responds_to"].append(reported)
    return _facts(info)


def _facts(info: dict) -> HeaderFacts:
    signer = Signer(**info["signer"]) if info.get("signer") else None
    document = DocumentInfo(
        number=info["number"], symbol=info["symbol"], type=info["type"], issuer=info["issuer"],
        parent_issuer=info["parent_issuer"], party=info["party"], place=info["place"], date=info["date"],
        subject=info["subject"], marks=info["marks"], recipients=info["recipients"],
        distribution=info["distribution"], signer=signer,
        references=[Reference(r["number"], r["type"], r["date"]) for r in info["references"]],
        responds_to=info["responds_to"], issuer_inferred=info.get("issuer_inferred", False))
    return HeaderFacts(document, info["body_start"], info["body_end"], info["attachments"])


# (a place is capitalised: "… trong Đảng bộ / Ủy ban nhân dân tỉnh năm 2026" goes on)
_AUTHORITY_RE = re.compile(r"(?:CHỦ TỊCH |Chủ tịch )?(?:HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|BAN CHẤP HÀNH|(?:Hội đồng nhân dân|Ủy ban nhân dân) "
                           r"(?:tỉnh|xã|phường|thành phố|huyện|đặc khu)\s+[A-ZĐÀ-Ỹ]\S*(?:\s+[A-ZĐÀ-Ỹ]\S*)?$)")
_ANNEX_RE = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục)(?:\s+[IVX\d]+)?\s*$")
# "DANH MỤC [NHIỆM VỤ] / CÁC NHIỆM VỤ, GIẢI PHÁP … / (Kèm theo Nghị quyết số …)": a list attached as a document.
_LIST_TITLE_RE = re.compile(r"^\s*(?:DANH MỤC|PHỤ LỤC)(?:\s|$)")  # on a line in capitals: "DANH MỤC NHIỆM VỤ"
_ATTACHED_RE = re.compile(r"^\s*\(?\s*(?:Ban hành|ban hành)?\s*kèm theo\b", re.IGNORECASE)


def _attachments(lines: list[Line], footer_i: int, text_end: int, r: dict) -> list[tuple[int, int]]:
    """Bodies of documents attached after the signature: a type title ("KẾ HOẠCH", or a list's
    "DANH MỤC" / "PHỤ LỤC") whose trích
    yếu is followed within a few lines by "(Ban hành kèm theo …)". Each runs to its own
    Nơi nhận or signature, or to the next attachment, or to the end."""
    found: list[tuple[int, int]] = []
    i = footer_i + 1
    while i < len(lines):
        if not (_title_type(lines[i].stripped, r) or (_LIST_TITLE_RE.match(lines[i].text) and lines[i].stripped.isupper())):
            i += 1
            continue
        marker = next((j for j in _next_filled(lines, i + 1, 5) if _ATTACHED_RE.match(lines[j].text)), None)
        if marker is None:
            i += 1
            continue
        start = marker + 1
        end = next((j for j in range(start, len(lines)) if _NOI_NHAN_RE.match(lines[j].text)
                    or (_title_type(lines[j].stripped, r) and any(_ATTACHED_RE.match(lines[k].text) for k in _next_filled(lines, j + 1, 5)))),
                   len(lines))
        if start < len(lines):
            found.append((lines[start].start, lines[end].start if end < len(lines) else text_end))
        i = end
    return found


def _next_filled(lines: list[Line], i: int, n: int) -> list[int]:
    """The indices of the next `n` lines from `i` that are not blank (legacy OCR doubles the spacing)."""
    return [j for j in range(i, len(lines)) if lines[j].text.strip()][:n]


# A capital line is a heading only with a word in it: legacy OCR leaves "PM2.5" or "AQI" alone
# on a line of running text.
_WORD_WITH_VOWEL = re.compile(r"(?<![^\W\d_])[^\W\d_]*[aeiouy][^\W\d_]*(?![^\W\d_])", re.IGNORECASE)
# "- Căn cứ Hướng dẫn số 25-HD/BTCTW …", or a dashed line citing a number within its first words
# whose verb legacy OCR garbled ("- Cần các Hướng dẫn số 25-HD/BTCTW …")
_CITATION_RE = re.compile(r"\s*[-–+•]\s*(?:(?:Căn cứ|Thực hiện|Triển khai|Xét|Theo)\b|(?:\S+\s+){2,5}số\s+\d+[-/])")


def _preamble_end(lines: list[Line], first: int, footer: int, body_end: int) -> int:
    """Where the body's opening (its "Căn cứ …", "Thực hiện …") ends: at the first item marker
    or capitalised heading, not counting dashed citations ("- Thực hiện Chỉ thị số …;") nor
    the capitalised lines right under the title ("HỘI ĐỒNG NHÂN DÂN XÃ … / KHÓA XX, KỲ HỌP …")."""
    opening, prev = True, ""
    for ln in lines[first:footer]:
        if not re.search(r"[^\W\d_]", ln.stripped):
            continue  # blank, or the rule under the title ("-----")
        # not a cited number the margin left on its own line ("Kế hoạch số" / "95/KH-UBND" / "ngày …")
        upper = (is_upper_line(ln.stripped) and _WORD_WITH_VOWEL.search(fold(ln.stripped)) is not None
                 and not re.fullmatch(r"\S*[\d/]\S*", ln.stripped))
        # "lượng mưa phổ biến 80" / "- 150 mm, …": a range the margin broke, not an item
        ranged = prev[-1:].isdigit() and re.match(r"\s*[-–]\s*\d", ln.text)
        if (MARKER_RE.match(ln.text) and not _CITATION_RE.match(ln.text) and not ranged) or (upper and not opening):
            return ln.start
        opening, prev = opening and upper, ln.stripped
    return body_end


def _subject(lines: list[Line], start: int, r: dict, rules: HeaderRules, vv: bool = False) -> tuple[str | None, int]:
    """The trích yếu: after the type title, or the "V/v" block of a công văn. A V/v block
    ends at the next header element (motto, date, Kính gửi), so OCR's blank lines inside it
    do not cut it short."""
    parts, last = [], start
    width = _page_width(lines)
    for i in range(start, min(start + 12, len(lines))):
        # A two-column header flattened into one line: the trích yếu is the left column.
        s = COLUMNS_RE.split(lines[i].stripped)[0] if lines[i].stripped else ""
        if not s:
            # OCR puts blank lines inside a block: go on after the title, or when the next
            # line continues the sentence in lower case.
            nxt = next((ln.stripped for ln in lines[i + 1:i + 3] if ln.stripped), "")
            so_far = " " + " ".join(parts)
            open_end = any(so_far.endswith(f" {w}") for w in r["subject_open_endings"])
            # legacy OCR's doubled spacing (a blank line under the title too): the lines below decide
            spaced = not vv and i > start and not lines[start].stripped and len(parts) < 4 and not so_far.endswith(".")
            if not parts or nxt[:1].islower() or nxt[:1].isdigit() or open_end or (vv and len(parts) < 4) or spaced:
                continue
            break
        date = DATE_RE.search(s)
        if date and vv:
            # "V/v chuẩn bị kiểm tra, đánh giá Ngọc Thiện, ngày 08 …": columns run together.
            tail = place_before(s, date.start())
            s = s[: date.start()].rstrip(" ,")
            s = s[: -len(tail)].rstrip(" ,") if tail and s.endswith(tail) else ""
            if not s:
                break
        elif _KINH_GUI_RE.search(s) or date or SO_RE.match(s) or motto_spans(s, r):
            break
        if _mark(s, r) or s == "*":
            break
        if parts and not vv and (s.startswith(tuple(r["subject_stop_openers"])) or MARKER_RE.match(s)):
            break  # the body, when no blank line ends the trích yếu
        if parts and not vv and not is_upper_line(parts[-1]) and _AUTHORITY_RE.match(s):
            break  # "HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI": the issuing authority under a trích yếu whose blank line OCR lost
        if parts and not vv and _opens_paragraph(s, width, parts[-1], r):
            break  # "Toàn tỉnh hiện có …": the body's opening paragraph under a trích yếu whose blank line OCR lost
        if is_upper_line(s):
            s = recase(s, r["cased_phrases"], rules.abbreviations)
        parts.append(_VV_RE.sub("", s) if vv else _VV_ABBR_RE.sub("", s))
        last = i
    if not parts:
        return None, start
    subject = re.sub(r"\s*[_=*~\-–—]{3,}\s*$", "", " ".join(parts)).strip(" .;:")  # "… năm 2024 ________"
    # A "V/v" block drops its "về"; below a title the "Về …" / "về …" line is the trích yếu
    # itself (Nghị định 30 for state documents, Hướng dẫn 36 for the party's).
    if vv:
        subject = re.sub(r"^(?:về|Về)\s+", "", subject)
    return subject or None, last


def _page_width(lines: list[Line]) -> int:
    """How long a full line of running text is on this page (the upper quartile of line
    lengths); 0 where the page is too short to tell."""
    lengths = sorted(len(ln.stripped) for ln in lines if ln.stripped)
    return lengths[len(lengths) * 3 // 4] if len(lengths) >= 20 else 0


def _opens_paragraph(line: str, width: int, previous: str, r: dict) -> bool:
    """A line that runs the page's full width and opens a sentence ("Toàn tỉnh hiện có …",
    not a name going on after an open "của") under a trích yếu line that ends short: a
    centred trích yếu is narrower than the running text."""
    words = line.split()
    if not width or len(line) < 0.88 * width or len(previous) >= 0.85 * width or len(words) < 2:
        return False
    if not words[0][:1].isupper():
        return False
    return not any(f" {previous}".endswith(f" {w}") for w in r["subject_open_endings"])


def _mark(segment: str, r: dict) -> str | None:
    """The mark ("KHẨN", "HỎA TỐC") a header segment is, also as repaired legacy OCR spells
    it with the wrong tones ("KHĂN", "Khán")."""
    segment = segment.strip(" .:")
    if segment in r["marks"]:
        return segment
    if not segment[:1].isupper() or len(segment.split()) > 2:
        return None
    return next((mark for mark in r["marks"] if fold(mark) == fold(segment)), None)


def _title_type(line: str, r: dict, near: bool = False) -> str | None:
    """The type a title line names: "THÔNG BÁO", or a type and a few words ("THÔNG BÁO KẾT
    LUẬN", "CHƯƠNG TRÌNH HÀNH ĐỘNG"); the subject starts on the next line. `near`: also a
    two-word type with a letter or two misread ("KHI HOẠCH" is KẾ HOẠCH)."""
    if not is_upper_line(line):
        return None
    title = re.sub(r"\s+", " ", line.strip(" .:")).upper()
    types = r["document_types"]
    if title in types:
        return types[title]
    if near and len(title.split()) == 2:
        return next((types[name] for name in types if len(name.split()) == 2
                     and SequenceMatcher(None, fold(title), fold(name)).ratio() >= 0.8), None)
    for name in sorted(types, key=len, reverse=True):
        if title.startswith(name + " ") and len(title.split()) - len(name.split()) <= r["title_extra_words"]:
            return types[name]
    # legacy OCR's title with its space lost and a letter slipped in: "NGHIEQUYET" is NGHỊ QUYẾT
    glued = fold(title).replace(" ", "")
    return next((types[name] for name in types if " " not in title and " " in name and len(glued) >= 6
                 and SequenceMatcher(None, glued, fold(name).replace(" ", "")).ratio() >= 0.9), None)


def _doc_type(head: list[Line], title_i: int | None, symbol: str | None, vv_i: int | None, r: dict) -> str | None:
    if title_i is not None:
        return _title_type(head[title_i].stripped, r, near=True)
    if symbol:
        code = re.split(r"[-/]", symbol)[0]
        if code in r["symbol_types"]:
            return r["symbol_types"][code]
    return "Công văn" if vv_i is not None else None


def _party(head: list[Line], number: str | None, r: dict) -> bool | None:
    kinds = {kind for ln in head for kind, _ in motto_kinds(ln.text, r)}
    if "party" in kinds:
        return True
    if "state" in kinds or "union" in kinds:
        return False  # the state's motto, or the Đoàn's "ĐOÀN TNCS HỒ CHÍ MINH" (a mass organisation)
    if number:  # party numbers are "12-CT/TU", state numbers "12/KH-UBND"
        return bool(re.match(r"^\d+-", number))
    return None


def _list_after(lines: list[Line], i: int, opener: re.Pattern) -> tuple[list[str], int]:
    """The items of a Kính gửi / Nơi nhận block: dash lines, or the rest of the opening line."""
    first = opener.split(lines[i].text, maxsplit=1)[-1]
    first = COLUMNS_RE.split(first.strip())[0] if first.strip() else ""
    items: list[str] = []
    last = i
    if first and not first.startswith(("-", "+")):
        items.append(first)
        if not lines[i + 1 : i + 2] or not lines[i + 1].stripped.startswith("-"):
            return [_clean_item(x) for x in items], i
    elif first:
        items.append(first.lstrip("-+ "))
    j = i + 1
    while j < len(lines):
        s = COLUMNS_RE.split(lines[j].stripped)[0] if lines[j].stripped else ""
        if not s:
            j += 1
            # legacy OCR's blank line inside an item that goes on ("Xây dựng, Y tế," / "" / "Giáo dục …")
            if j < len(lines) and (lines[j].stripped.startswith("-") or not items or items[-1].rstrip().endswith(",")):
                continue
            break
        if _CITATION_RE.match(s):
            break  # "- Thực hiện Công văn số …;": the body's opening, not an addressee
        if s.startswith(("-", "+")):
            items.append(s.lstrip("-+ "))
        elif items and not is_upper_line(s) and (s[:1].islower() or items[-1].rstrip().endswith((",", " và"))):
            # "- Các Sở: Nông nghiệp và Môi trường, Xây dựng, Y tế," / "Giáo dục và Đào tạo, Tài chính;"
            items[-1] += " " + s
        else:
            break
        last = j
        j += 1
    return [c for c in (_clean_item(x) for x in items) if c], last


def _clean_item(item: str) -> str:
    """An item without a signature column flattened onto its line ("- Như trên; KT. CHỦ TỊCH"):
    it is cut where two upper-case words follow each other; "Đà Lạt" is no such pair."""
    words = list(re.finditer(r"\S+", item))
    for k in range(1, len(words) - 1):
        a, b = words[k].group(0), words[k + 1].group(0).strip(",.;:")
        if len(a) >= 2 and len(b) >= 2 and a.isalpha() and b.isalpha() and a.isupper() and b.isupper():
            item = item[: words[k].start()]
            break
    return item.strip(" ,;.:")


@Language.factory("chidao_header", default_config={"rules": "corpus/extract/rules.json", "abbreviations": "corpus/extract/abbreviations.json",
                                                   "places": "corpus/restore/places.txt"})
def make_header(nlp: Language, name: str, rules: str, abbreviations: str, places: str) -> "HeaderComponent":
    return HeaderComponent(name, rules, abbreviations, places)


class HeaderComponent:
    def __init__(self, name: str, rules: str, abbreviations: str, places: str):
        self.name = name
        self.paths = (rules, abbreviations, places)
        self.rules: HeaderRules | None = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        from chidao.nlp.extract._paths import corpus_path

        self.rules = HeaderRules.load(*(corpus_path(p) for p in self.paths))

    def match(self, doc: Doc) -> HeaderFacts:
        return parse_header(doc.text, self.rules)

    def set_annotations(self, doc: Doc, info: HeaderFacts) -> None:
        doc._.directive = info

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc
