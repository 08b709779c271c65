"""A generated corpus of directive records for the search, tracking and web benchmarks.

Running OCR and the extractor on 100,000 documents would take hours, so records are made
from templates instead: the annotated directives in tests/data/gold are read ONCE by the real
pipeline (`build_record`), and each generated record is one of them with a new issuing place
(a province and its districts and communes from corpus/restore/places.txt), number, date
(2019–2026; explicit dates shift with it, bare years by whole years), signer, some task
bodies swapped for others of the same level (corpus/bodies/registry.jsonl), sometimes a
subject whose topic comes from another document, sometimes an appendix table of tasks taken
from other documents, and — when ../shared is present — a paragraph of sentences from the
Vietnamese legal corpus. Every substitution is made alike in the text and in the extracted
fields, so a record's tasks, bodies and deadlines stay those its text says; deadlines are
ISO dates moved with the document's date.

The bundled samples are NOT templates: they are the search bench's relevance targets, and a
generated near-copy of a target would make its subject ambiguous by construction (the gold
copies of seeds 000 and 001 are left out for the same reason). Nor are the gold batches
listed in tests/data/gold/untouched.txt.

Public names: generate_records(n, seed), build_corpus(home, n, seed), corpus_home(n, root),
load_templates(paths), GENERATOR_VERSION."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import random
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from chidao.record import (DocumentInfo, PageText, Record, Reference, Signer, Source, Task, TaskDeadline,
                           Text)

GENERATOR_VERSION = 1
ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold"
LEGAL = ROOT.parent / "shared" / "corpus" / "vlc_legal_187.tar.xz"  # optional: never needed
META = "corpus.json"
STALE_WITH_CORPUS = ("baseline.db", "baseline.json")  # the search bench's, derived from the store
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2026, 12, 31)

_SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Lương Mai".split()
_MIDDLE = "Văn Thị Hữu Đức Minh Quốc Thanh Ngọc Xuân Công Đình Hồng Thu Kim Bá Quang Anh".split()
_GIVEN = ("An Bình Cường Dũng Giang Hà Hải Hạnh Hiền Hiếu Hòa Hùng Hương Khánh Lan Linh Long Lộc Minh Nam "
          "Nga Nghĩa Phong Phúc Phương Quân Quang Sơn Tâm Thắng Thành Thảo Thủy Toàn Trung Tuấn Tùng Việt Vinh Yến").split()
_DEPARTMENTS = "VX KT NC TH KGVX NN XD NV KTN VP TNMT".split()
_MEDIA = (("application/pdf", "ocr", "pdf", 0.5), ("application/pdf", "text-layer", "pdf", 0.2),
          ("image/tiff", "ocr", "tif", 0.1), ("text/plain", "plain", "txt", 0.2))
_PLACE_PREFIX = re.compile(r"(?:huyện|quận|thị xã|thành phố|Huyện ủy|Thành ủy|Thị ủy|xã|phường|thị trấn|Đảng ủy xã)\s+$",
                           re.IGNORECASE)
_DATE_ALTS = (r"|(?P<dmy>(?<!\d)(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>(?:19|20)\d\d)(?!\d))"
              r"|(?P<long>ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d))"
              r"|(?P<yr>(?<!\d)(?:19|20)\d\d(?!\d))")
_HAS_DATE = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?:19|20)\d\d(?!\d)|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm")
_SUBJECT = "\x00SUBJECT\x00"


# -- places, bodies, legal sentences (shipped data; the legal corpus only when present) ----------
@dataclass(frozen=True)
class Places:
    provinces: tuple[str, ...]
    cities: frozenset[str]                  # provinces that are cities ("thành phố Hải Phòng")
    districts: dict[str, tuple[str, ...]]   # province → its districts
    communes: dict[str, tuple[str, ...]]    # district → its communes


@functools.lru_cache(maxsize=1)
def places() -> Places:
    from chidao.corpus import corpus_path

    provinces, cities, districts, communes = [], set(), {}, {}
    unit = re.compile(r"^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn) (.+)$")
    for line in corpus_path("restore/places.txt").read_text(encoding="utf-8").splitlines():
        line = line.replace("thành phố Huế", "tỉnh Thừa Thiên Huế")  # as directives before 2025 name it
        parts = [unit.match(p.strip()) for p in line.split(",")]
        if not all(parts):
            continue
        if len(parts) == 1:
            provinces.append(parts[0].group(2))
            if parts[0].group(1) == "thành phố":
                cities.add(parts[0].group(2))
        elif parts[1].group(1) in ("tỉnh", "thành phố") and parts[0].group(1) not in ("xã", "phường", "thị trấn"):
            districts.setdefault(parts[1].group(2), []).append(parts[0].group(2))
        else:
            communes.setdefault(parts[1].group(2), []).append(parts[0].group(2))
    return Places(tuple(provinces), frozenset(cities), {k: tuple(v) for k, v in districts.items()},
                  {k: tuple(v) for k, v in communes.items()})


@functools.lru_cache(maxsize=1)
def _bodies_by_level() -> dict[str | None, tuple[str, ...]]:
    from chidao.corpus import corpus_path

    rows = [json.loads(x) for x in corpus_path("bodies/registry.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    provinces = places().provinces
    out: dict[str | None, list[str]] = {}
    for r in rows:  # bodies named after one place ("Báo Bắc Giang") would say the wrong province
        if "canonical" in r and not any(p in r["canonical"] for p in provinces):
            out.setdefault(r.get("level"), []).append(r["canonical"])
    return {k: tuple(v) for k, v in out.items()}


def legal_available() -> bool:
    return LEGAL.exists()


@functools.lru_cache(maxsize=1)
def legal_sentences() -> tuple[str, ...]:
    """Up to 4,000 plain sentences of Vietnamese law, or none when ../shared is absent."""
    import tarfile
    import unicodedata

    if not legal_available():
        return ()
    found: list[str] = []
    with tarfile.open(LEGAL) as tar:  # in archive order: an xz stream cannot seek back cheaply
        for member in tar:
            if not member.isfile():
                continue
            text = unicodedata.normalize("NFC", tar.extractfile(member).read().decode("utf-8", "replace"))
            for line in text.splitlines():
                line = line.strip()
                if 14 <= len(line.split()) <= 45 and line.endswith(".") and line[0].isupper() and \
                        not re.match(r"(?:Điều|Chương|Mục|Khoản)\b", line):
                    found.append(line)
    step = max(1, len(found) // 4000)
    return tuple(found[::step][:4000])


# -- templates -------------------------------------------------------------------------------
@dataclass
class Template:
    """A real record and what varies in it: place names, number, signer, task bodies found
    verbatim in its text; `skeleton` is its text with the subject cut out (`_SUBJECT`)."""

    name: str
    record: Record
    date: dt.date
    skeleton: str
    provinces: list[str]
    districts: list[str]
    communes: list[str]
    bodies: list[str]
    has_table: bool
    pattern: re.Pattern = None   # literals (longest first) | dates | years
    base: re.Pattern = None      # the same without the bodies

    def __post_init__(self) -> None:
        doc = self.record.document
        names = self.provinces + self.districts + self.communes
        fixed = names + [n.upper() for n in names] + [x for x in (doc.number, doc.signer.name if doc.signer else None) if x]
        self.base = _compile(fixed)
        self.pattern = _compile(fixed + self.bodies)


def _compile(literals: list[str]) -> re.Pattern:
    alts = "|".join(re.escape(x) for x in sorted(set(literals), key=len, reverse=True))
    lit = f"(?P<lit>(?<![\\w])(?:{alts})(?![\\w]))" if alts else "(?P<lit>(?!x)x)"
    return re.compile(lit + _DATE_ALTS)


def template_paths() -> list[Path]:
    """The annotated directives' texts, less the copies of bundled samples (see above) and
    the batches still untouched (tests/data/gold/untouched.txt: nobody may see the
    extractor's output on them, and a generated corpus would show it)."""
    untouched = GOLD / "untouched.txt"
    hidden = set(untouched.read_text(encoding="utf-8").split()) if untouched.exists() else set()
    out = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["source"].startswith("samples/") or str(gold.get("seed", "")).startswith("samples/") \
                or gold.get("batch") in hidden:
            continue
        out.append(ROOT / gold["source"])
    return out


def fingerprint(paths: Iterable[Path] | None = None) -> str:
    """What the corpus is made from: this generator, chidao's version and schema, the texts."""
    from chidao import __version__
    from chidao.index.sqlite_schema import SCHEMA_VERSION

    h = hashlib.sha256(f"{GENERATOR_VERSION} {__version__} {SCHEMA_VERSION}".encode())
    for p in paths or template_paths():
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def load_templates(paths: tuple[Path, ...] | None = None) -> tuple[Template, ...]:
    """Each text read once by the real pipeline; those without a full date are left out."""
    from chidao.config import Config
    from chidao.recipe import build_record

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(home=Path(tmp), jobs=1, reference_date=dt.date(2025, 1, 1))
        records = [(p.stem, build_record(p, config)) for p in (paths or template_paths())]
    return tuple(t for t in (_template(name, r) for name, r in records) if t is not None)


def _template(name: str, record: Record) -> Template | None:
    doc, text = record.document, record.text.content
    try:
        date = dt.date.fromisoformat(doc.date or "")
    except ValueError:
        return None
    p = places()
    provinces = [x for x in p.provinces if _occurs(x, text)]
    provinces.sort(key=lambda x: (x != doc.place and not (doc.issuer or "").endswith(x), _first(x, text), x))
    districts = sorted({d for prov in (provinces or p.provinces) for d in p.districts.get(prov, ())
                        if d not in provinces and _named(d, text, doc.place)}, key=lambda d: (_first(d, text), d))
    communes = sorted({c for d in districts for c in p.communes.get(d, ()) if c not in districts and c not in provinces
                       and _named(c, text, doc.place)}, key=lambda c: (_first(c, text), c))
    names = {n for t in record.tasks for n in t.lead + t.cooperating if len(n) > 4 and n in text}
    skeleton = text
    if doc.subject:
        m = re.search(r"\s+".join(map(re.escape, doc.subject.split())), text)
        if m:
            skeleton = text[:m.start()] + _SUBJECT + text[m.end():]
    return Template(name, record, date, skeleton, provinces, districts, communes,
                    sorted(names, key=lambda x: (-len(x), x)), any(t.ordinal.startswith("pl") for t in record.tasks))


def _occurs(name: str, text: str) -> bool:
    return bool(re.search(rf"(?<!\w)(?:{re.escape(name)}|{re.escape(name.upper())})(?!\w)", text))


def _named(name: str, text: str, place: str | None) -> bool:
    """A district or commune name used as one: the document's place, or after huyện, xã …"""
    if name == place:
        return True
    for m in re.finditer(rf"(?<!\w)(?:{re.escape(name)}|{re.escape(name.upper())})(?!\w)", text):
        if _PLACE_PREFIX.search(text[max(0, m.start() - 14):m.start()]):
            return True
    return False


def _first(name: str, text: str) -> int:
    i = text.find(name)
    return i if i >= 0 else len(text)


# -- one variant ---------------------------------------------------------------------------------
@dataclass
class Variant:
    """What one generated record changes: the same for its template and for the tasks it
    borrows from other templates."""

    rng: random.Random
    provinces: list[str]
    districts: list[str]
    communes: list[str]
    date: dt.date
    number: str | None
    signer: str
    swaps: dict[str, str]  # body name as written → the body now named


def _variant(rng: random.Random, template: Template) -> Variant:
    p = places()
    city = bool(template.provinces) and template.provinces[0] in p.cities  # "THÀNH PHỐ HẢI PHÒNG" stays a city
    first = rng.choice([x for x in p.provinces if (x in p.cities) == city])
    provinces = [first] + rng.sample([x for x in p.provinces if x != first], 2)
    districts = list(p.districts.get(provinces[0], ())) or ["Trung Tâm"]
    districts = rng.sample(districts, min(4, len(districts)))
    communes = [c for d in districts for c in p.communes.get(d, ())] or ["Trung Tâm"]
    communes = rng.sample(communes, min(3, len(communes)))
    date = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    signer = _random_name(rng)
    number = _number(rng, template.record.document.number)
    if number:  # "65/2024/NQ-HĐND": the year in a number is the document's
        number = re.sub(r"/(?:19|20)\d\d/", f"/{date.year}/", number)
    return Variant(rng, provinces, districts, communes, date, number, signer, {})


def _number(rng: random.Random, number: str | None) -> str | None:
    m = re.match(r"(\d+)(.*)$", number or "")
    if not m:
        return number
    rest = m.group(2)
    if re.fullmatch(r"/UBND-[A-ZĐ]+", rest):
        rest = "/UBND-" + rng.choice(_DEPARTMENTS)
    return f"{rng.randint(1, max(99, int(m.group(1)) * 3 // 2))}{rest}"


class _Render:
    """Substitutes one template's variable parts with one variant's, in any of its strings."""

    def __init__(self, template: Template, variant: Variant, own: bool):
        self.t, self.v = template, variant
        self.delta = variant.date - template.date
        self.dy = variant.date.year - template.date.year
        lit: dict[str, str] = {}
        for names, new in ((template.provinces, variant.provinces), (template.districts, variant.districts),
                           (template.communes, variant.communes)):
            for i, name in enumerate(names):
                lit[name] = new[i % len(new)]
                lit[name.upper()] = new[i % len(new)].upper()
        doc = template.record.document
        if doc.number:
            lit[doc.number] = variant.number if own else doc.number
        if doc.signer and doc.signer.name:
            lit[doc.signer.name] = variant.signer if own else _random_name(variant.rng)
        self.lit = lit

    def __call__(self, text: str | None) -> str | None:
        return None if text is None else self.t.pattern.sub(self._one, text)

    def _one(self, m: re.Match) -> str:
        if m.group("lit") is not None:
            s = m.group("lit")
            return self.lit[s] if s in self.lit else self.body(s)
        if m.group("dmy") is not None:
            return self._date(m.group("d1"), m.group("m1"), m.group("y1"), "{d}/{m}/{y}") or m.group(0)
        if m.group("long") is not None:
            return self._date(m.group("d2"), m.group("m2"), m.group("y2"), "ngày {d} tháng {m} năm {y}") or m.group(0)
        year = int(m.group("yr"))
        return str(year + self.dy) if abs(year - self.t.date.year) <= 3 else m.group(0)

    def _date(self, d: str, mo: str, y: str, form: str) -> str | None:
        try:
            new = dt.date(int(y), int(mo), int(d)) + self.delta
        except ValueError:
            return None
        return form.format(d=str(new.day).zfill(len(d)), m=str(new.month).zfill(len(mo)), y=new.year)

    def body(self, name: str) -> str:
        """A task body: swapped for another of its level (decided once per name and record),
        or the name with its places substituted."""
        if name in self.t.bodies:
            if name not in self.v.swaps:
                self.v.swaps[name] = _swap(self.v.rng, name)
            if self.v.swaps[name]:
                return self.v.swaps[name]
        return self.t.base.sub(self._one, name)

    def due(self, due: str | None, raw: str) -> str | None:
        """Dates written out move with the document; "quý II/2025" moves by whole years;
        relative deadlines ("trong 15 ngày") keep their distance from the document's date."""
        if not due:
            return due
        try:
            old = dt.date.fromisoformat(due)
        except ValueError:
            return due
        if not _HAS_DATE.search(raw) and re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", raw):
            if abs(old.year - self.t.date.year) > 3:
                return due
            try:
                return old.replace(year=old.year + self.dy).isoformat()
            except ValueError:  # 29 February
                return old.replace(year=old.year + self.dy, day=28).isoformat()
        return (old + self.delta).isoformat()

    def task(self, task: Task, ordinal: str) -> Task:
        return Task(id="", ordinal=ordinal, text=self(task.text), lead=[self.body(n) for n in task.lead],
                    cooperating=[self.body(n) for n in task.cooperating], implicit_lead=task.implicit_lead,
                    deadlines=[TaskDeadline(self(d.raw), d.kind, self.due(d.due, d.raw), d.rrule) for d in task.deadlines],
                    recurring=task.recurring, report_to=[self(x) for x in task.report_to],
                    targets=[self(x) for x in task.targets])


def _swap(rng: random.Random, name: str) -> str:
    """Another body of the same level one time in three ("" = keep this one)."""
    if rng.random() >= 0.35:
        return ""
    others = _swap_candidates(name)
    return rng.choice(others) if others else ""


@functools.lru_cache(maxsize=4096)
def _swap_candidates(name: str) -> tuple[str, ...]:
    from chidao.nlp.bodies import default_registry

    body = default_registry().body(name)
    return tuple(b for b in _bodies_by_level().get(body.level, ()) if b != body.canonical)


def _random_name(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


# -- records -------------------------------------------------------------------------------------
def generate_records(n: int, seed: int = 0, templates: Iterable[Template] | None = None) -> Iterator[Record]:
    """`n` directive records, the same for the same seed and templates (record i depends on
    (seed, i) only)."""
    templates = tuple(templates) if templates is not None else load_templates()
    pool = [(t, task) for t in templates for task in t.record.tasks if task.lead and any(d.due for d in task.deadlines)]
    legal = legal_sentences()
    for i in range(n):
        yield _record(random.Random(f"chidao-bench:{seed}:{i}"), i, seed, templates, pool, legal)


def _record(rng: random.Random, i: int, seed: int, templates: tuple[Template, ...],
            pool: list[tuple[Template, Task]], legal: tuple[str, ...]) -> Record:
    t = rng.choice(templates)
    v = _variant(rng, t)
    render = _Render(t, v, own=True)
    doc = t.record.document
    subject = _subject(rng, render, templates, v)
    body = render(t.skeleton)
    if _SUBJECT in body:
        extra = ("\n\n" + " ".join(rng.sample(legal, rng.randint(1, 3)))) if legal and rng.random() < 0.7 else ""
        body = body.replace(_SUBJECT, subject + extra)
    else:
        subject = render(doc.subject)
    tasks = [render.task(task, task.ordinal) for task in t.record.tasks]
    borrowed = rng.sample(pool, rng.choice((0, 0, 2, 3, 4, 6))) if pool else []
    if borrowed:
        prefix = "pl2" if t.has_table else "pl"
        table = [f"\n\nPhụ lục: DANH MỤC NHIỆM VỤ\n(Kèm theo {doc.type or 'văn bản'} số {v.number or '…'} "
                 f"ngày {v.date.day:02d}/{v.date.month:02d}/{v.date.year})\n",
                 "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành"]
        for k, (other, task) in enumerate(borrowed, 1):
            new = _Render(other, v, own=False).task(task, f"{prefix}-{k}")
            new.deadlines = [d for d in new.deadlines if d.due][:1]
            tasks.append(new)
            table.append(f"{k} | {new.text} | {'; '.join(new.lead)} | {'; '.join(new.cooperating)} | {new.deadlines[0].raw}")
        body = body.rstrip("\n") + "\n".join(table) + "\n"
    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    record_id = f"sha256:{sha}"
    for task in tasks:
        task.id = f"{record_id}#{task.ordinal}"
    media, method, ext = _media(rng)
    pages = max(1, len(body) // 3000 + 1)
    source = Source(path=f"generated/{seed}/{i:06d}.{ext}", sha256=sha, media_type=media, pages=pages)
    confidence = round(rng.uniform(0.82, 0.97), 3) if method == "ocr" else None
    text = Text(method=method, content=body, ocr_confidence=confidence,
                pages=[PageText(k + 1, method, confidence, len(body) // pages) for k in range(pages)])
    signer = Signer(v.signer, doc.signer.title, doc.signer.capacity) if doc.signer else None
    document = DocumentInfo(
        number=v.number, symbol=_symbol(doc, v.number), type=doc.type, issuer=render(doc.issuer),
        parent_issuer=render(doc.parent_issuer), party=doc.party, place=render(doc.place),
        date=v.date.isoformat(), subject=subject, marks=list(doc.marks),
        recipients=[render(x) for x in doc.recipients], distribution=[render(x) for x in doc.distribution],
        signer=signer, references=[Reference(r.number, r.type, _shift_iso(r.date, render.delta)) for r in doc.references],
        responds_to=list(doc.responds_to), issuer_inferred=doc.issuer_inferred)
    return Record(id=record_id, source=source, text=text, document=document, tasks=tasks)


def _subject(rng: random.Random, render: _Render, templates: tuple[Template, ...], v: Variant) -> str:
    """The template's subject, or (one time in three) its head with another's topic."""
    own = render(render.t.record.document.subject or "")
    if " về " not in own or rng.random() >= 0.33:
        return own
    other = rng.choice(templates)
    tail = _Render(other, v, own=False)(other.record.document.subject or "")
    if " về " not in tail:
        return own
    return own.split(" về ", 1)[0] + " về " + tail.split(" về ", 1)[1]


def _symbol(doc: DocumentInfo, number: str | None) -> str | None:
    """The new number's symbol where the template's symbol was its number's ("KH-UBND")."""
    bare = re.compile(r"^\d+\s*[-/]?\s*")
    if doc.symbol and doc.number and number and bare.sub("", doc.number) == doc.symbol:
        return bare.sub("", number)
    return doc.symbol


def _media(rng: random.Random) -> tuple[str, str, str]:
    x, acc = rng.random(), 0.0
    for media, method, ext, share in _MEDIA:
        acc += share
        if x < acc:
            return media, method, ext
    return _MEDIA[-1][:3]


def _shift_iso(value: str | None, delta: dt.timedelta) -> str | None:
    try:
        return (dt.date.fromisoformat(value) + delta).isoformat() if value else value
    except ValueError:
        return value


# The cached store (imported last: it builds on the generator above).
from chidao.bench.corpus_store import build_corpus, corpus_home, corpus_meta  # noqa: E402

__all__ = ["GOLD", "build_corpus", "corpus_home", "corpus_meta", "generate_records", "load_templates"]
