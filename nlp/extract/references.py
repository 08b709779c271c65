"""Cited documents: every number a directive cites (with its type and date when printed), the
ones it implements or reports on (`responds_to`), and the OCR repairs of their symbols."""

from __future__ import annotations

import re
from difflib import SequenceMatcher


def responds_to(text: str, refs: list[dict], preamble_end: int, r: dict) -> list[str]:
    """Cited documents the opening "Thực hiện …" implements, with those joined to it in the
    same sentence ("… và Chỉ thị số 19-CT/TU …", "…; Kế hoạch số 312-KH/TU …") right after
    one of them; a number cited inside another's description ("… thực hiện Nghị quyết số
    57-NQ/TW", "(viết tắt là Nghị quyết số 25-NQ/TW, Kết luận số 43-KL/TW)") is not one."""
    type_words = _type_words(r)
    chain_re = re.compile(rf"{r['responds_chain_prefix']}(?:{type_words})\s+(?:số\s*)?$", re.IGNORECASE)
    # "Thực hiện Nghị quyết Đại hội Đảng bộ xã lần thứ XXIV, … và Nghị quyết số 07-NQ/HU" (or "trên
    # cơ sở Nghị quyết Đại hội … và Kết luận số …"): the opening's first document has no number;
    # the numbered one joined to it is implemented too.
    unnumbered_re = re.compile(rf"(?:^|[.;:]\s+|\n)(?:Thực hiện|Triển khai thực hiện|[Tt]rên cơ sở)\s+(?:{type_words})\s(?:(?!\n\s*\n)[^.;:/])"
                               rf"{{0,160}}?{r['responds_chain_prefix']}(?:{type_words})\s+(?:số\s*)?$")
    cited = sorted((start, end, ref["number"]) for ref in refs for start, end in ref["_spans"] if start < preamble_end)
    out: list[str] = []
    prev: tuple[int, str] | None = None  # the last cited number before this one
    for start, end, number in cited:
        before = text[max(0, start - 100): start]
        wide = text[max(0, start - 240): start]
        chained = (prev is not None and prev[1] in out and chain_re.search(before)
                   and not re.search(r["responds_chain_break"], text[prev[0]:start]))
        if chained or re.search(r["responds_prefix"], before) or (not out and unnumbered_re.search(wide)):
            out.append(number)
        prev = (end, number)
    return list(dict.fromkeys(out))


_RESULTS_RE = re.compile(r"\s*(?:về\s+)?(?:việc\s+)?kết quả\b", re.IGNORECASE)


def reported_on(doc_type: str | None, subject: str | None, refs: list[dict]) -> str | None:
    """"Báo cáo kết quả thực hiện Chỉ thị số 08-CT/TU …": the first document a report of results
    names in its title (not one cited in its description, "… về thực hiện Nghị quyết số
    57-NQ/TW", nor the resolution a "Tổng kết 10 năm thực hiện Nghị quyết …" reviews for whoever
    asked for it)."""
    if doc_type != "Báo cáo" or not subject or not _RESULTS_RE.match(subject):
        return None
    titled = sorted((subject.find(ref["number"]), ref["number"]) for ref in refs if ref["number"] in subject)
    return titled[0][1] if titled else None


def _type_words(r: dict) -> str:
    """The cited-document types as one alternation; a type may wrap onto the next line ("Chỉ\\nthị")."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(r["reference_type_words"], key=len, reverse=True))


def fix_symbol(number: str | None, r: dict) -> str | None:
    """OCR without "Đ": 01/2017/QD-UBND → 01/2017/QĐ-UBND, TB/BCD → TB/BCĐ; a party
    programme's "CTr" read "CTY" or "CTV" (35-CTY/TU → 35-CTr/TU)."""
    if not number:
        return number
    fixes = r["symbol_ocr_fixes"]
    number = _PROGRAMME_OCR_RE.sub("CTr", number)
    return re.sub(r"[A-Za-zĐđ]+", lambda m: fixes.get(m.group(0), m.group(0)), number)


_PROGRAMME_OCR_RE = re.compile(r"(?<=\d-)CT[YV](?=/)")


def find_references(text: str, own_number: str | None, r: dict) -> list[dict]:
    type_words = _type_words(r)
    type_before = re.compile(rf"(?P<type>{type_words})\s+(?:số\s*)?$", re.IGNORECASE)
    found: dict[str, dict] = {}
    for pattern in r["reference_patterns"]:
        for m in re.finditer(pattern, text):
            number = fix_symbol(re.sub(r"\s+", "", m.group(0)), r)
            if number in found:
                found[number]["_spans"].append(m.span())
            if number == own_number or number in found:
                continue
            tm = type_before.search(text[max(0, m.start() - 40): m.start()])
            code = re.split(r"[-/]", re.sub(r"^\d+(?:/\d{4})?[-/]", "", number))[0]
            typed = " ".join(tm.group("type").split()) if tm else ""
            doc_type = typed[:1].upper() + typed[1:] if tm else r["symbol_types"].get(code)
            dm = re.match(r"\s*,?\s*ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", text[m.end(): m.end() + 30])
            date = f"{dm.group(3)}-{int(dm.group(2)):02d}-{int(dm.group(1)):02d}" if dm else None
            found[number] = {"number": number, "type": doc_type, "date": date, "_start": m.start(), "_spans": [m.span()], "_code": code}
    kept = [ref for ref in found.values() if not _ocr_twin(ref, found.values(), r)]
    return sorted(kept, key=lambda x: x["_start"])


def _ocr_twin(ref: dict, refs, r: dict) -> bool:
    """A number whose type code is unknown and one letter off a cited number that is the same
    otherwise: "43-KIL/TW" beside 43-KL/TW is a repaired-OCR slip, not another document."""
    code = ref["_code"]
    if code in r["symbol_types"]:
        return False
    for other in refs:
        if other is ref or other["_code"] not in r["symbol_types"]:
            continue
        head, _, tail = ref["number"].partition(code)
        if other["number"].startswith(head) and other["number"].endswith(tail) and _one_edit(code, other["_code"]):
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 2 * (max(len(a), len(b)) - 1) / (len(a) + len(b))
