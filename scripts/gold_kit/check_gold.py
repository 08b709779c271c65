"""Checks one annotated file: JSON shape, anchors found exactly once in the text, ISO dates.
Usage: python3 check_gold.py NAME.json   (the text is NAME.txt beside it, or in texts/)"""
import json, re, sys, unicodedata, datetime as dt
from pathlib import Path
p = Path(sys.argv[1]); d = json.loads(p.read_text(encoding="utf-8"))
source = p.with_suffix(".txt")
if not source.exists():  # in the repository the texts sit in texts/
    source = p.parent / "texts" / source.name
text = unicodedata.normalize("NFC", source.read_text(encoding="utf-8"))
flat = " ".join(text.split())
errs = []
for k in ("split", "batch", "text_kind", "document", "tasks", "notes"):
    if k not in d: errs.append(f"missing key {k}")
doc = d.get("document", {})
for k in ("number", "type", "issuer", "parent_issuer", "party", "place", "date", "subject", "marks", "recipients", "signer", "references", "responds_to"):
    if k not in doc: errs.append(f"document.{k} missing")
def iso(v, where):
    if v is None: return
    try: dt.date.fromisoformat(v)
    except Exception: errs.append(f"{where}: {v!r} is not an ISO date")
iso(doc.get("date"), "document.date")
for i, t in enumerate(d.get("tasks", []), 1):
    a = unicodedata.normalize("NFC", t.get("anchor", ""))
    n = len(re.findall(re.escape(" ".join(a.split())), flat))
    if not 4 <= len(a.split()) <= 10: errs.append(f"task {i}: anchor has {len(a.split())} words")
    if n != 1: errs.append(f"task {i}: anchor {a!r} found {n} times in the text (must be exactly once)")
    for k in ("lead", "cooperating", "deadlines", "recurring"):
        if k not in t: errs.append(f"task {i}: {k} missing")
    for dl in t.get("deadlines", []):
        if dl.get("raw") and " ".join(dl["raw"].split()) not in flat: errs.append(f"task {i}: deadline raw {dl['raw']!r} not in text")
        if dl.get("kind") not in ("by", "on", "from", "recurring"): errs.append(f"task {i}: kind {dl.get('kind')!r}")
        iso(dl.get("due"), f"task {i} deadline")
print("\n".join(errs) or f"OK: {len(d.get('tasks', []))} tasks")
sys.exit(1 if errs else 0)
