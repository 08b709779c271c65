"""Build corpus/restore/places.txt: Vietnam's administrative units (63 provinces, 696 districts,
≈ 10 k communes as they stood before the 2025 merger, which is what 2023–2025 directives name),
one per line with its parent ("huyện Krông Pắc, tỉnh Đắk Lắk").

Directives name places on every page, and many are minority-language syllables that neither the
legal corpus nor the news text knows well ("Lắk", "Krông", "Pắc", "Kly"): without them the
restorer turns "Dak Lak" into "Đã Là". scripts/build_lm.py and scripts/build_channel.py add
these lines to their training text, and the restorer accepts their syllables as candidates.

Source: the General Statistics Office's list of administrative units as packaged by
`vietnam-provinces` 0.6.0 on PyPI (place names are facts, not text: shipped as a name list).

    .venv/bin/pip install "vietnam-provinces==0.6.0"
    .venv/bin/python scripts/build_places.py
"""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from chidao.nlp.restore.text import normalize_tones  # noqa: E402

OUT = ROOT / "corpus" / "restore" / "places.txt"
VERSION = "0.6.0"

# The unit words as they are written before a name in running text, lower-case.
_PREFIXES = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "phường", "xã")


def _split(name: str) -> tuple[str, str]:
    """'Huyện Krông Pắc' → ('huyện', 'Krông Pắc')."""
    low = name.lower()
    for p in _PREFIXES:
        if low.startswith(p + " "):
            return p, name[len(p) + 1:]
    return "", name


def _data() -> list[dict]:
    spec = importlib.util.find_spec("vietnam_provinces")
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f'missing package: .venv/bin/pip install "vietnam-provinces=={VERSION}"')
    path = Path(spec.submodule_search_locations[0]) / "data" / "nested-divisions.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _clean(text: str) -> str:
    return normalize_tones(unicodedata.normalize("NFC", text)).strip()


def main() -> None:
    lines: list[str] = []
    for province in _data():
        pkind, pname = _split(_clean(province["name"]))
        parent = f"{pkind} {pname}".strip()
        lines.append(parent)
        for district in province["districts"]:
            dkind, dname = _split(_clean(district["name"]))
            lines.append(f"{dkind} {dname}, {parent}".strip())
            for ward in district["wards"]:
                wkind, wname = _split(_clean(ward["name"]))
                lines.append(f"{wkind} {wname}, {dkind} {dname}".strip())
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} units")


if __name__ == "__main__":
    main()
