"""Build corpus/bodies/registry.jsonl: one canonical name per party or state body with its
aliases and level (tỉnh, huyện, xã), from the extractor's gazetteer
(corpus/extract/bodies.jsonl: each pattern is an alias of its id) and the hand-written
aliases and department abbreviations in scripts/body_aliases.tsv.

    .venv/bin/python scripts/build_body_registry.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from chidao.nlp.bodies import level_of

    names: dict[str, set[str]] = {}
    for line in (ROOT / "corpus/extract/bodies.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("label") == "BODY" and isinstance(row["pattern"], str) and not row["id"].islower():
            names.setdefault(row["id"], set()).add(row["pattern"])
    expansions = []
    for line in (ROOT / "scripts/body_aliases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first, *rest = line.split("\t")
        if first == "&":
            expansions.append({"short": rest[0], "long": rest[1]})
        else:
            names.setdefault(first, set()).update(rest)
    out = ROOT / "corpus/bodies/registry.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for row in expansions:
            f.write(json.dumps({"expand": row["short"], "to": row["long"]}, ensure_ascii=False) + "\n")
        for canonical in sorted(names):
            aliases = sorted(a for a in names[canonical] if a != canonical)
            f.write(json.dumps({"canonical": canonical, "aliases": aliases, "level": level_of(canonical)},
                               ensure_ascii=False) + "\n")
    print(f"{out.relative_to(ROOT)}: {len(names)} bodies, {len(expansions)} abbreviations")


if __name__ == "__main__":
    main()
