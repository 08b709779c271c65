"""The data chidao ships (models, rules, gazetteers), installed as package data of
`chidao.corpus`; `corpus/README.md` says where each file came from and how to rebuild it.

Public names:
- corpus_path(relative) -> Path: a shipped file, e.g. corpus_path("extract/rules.json").
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def corpus_path(relative: str | Path) -> Path:
    """A file under the shipped corpus. A leading "corpus/" is accepted (component configs
    name files as they sit in the checkout); absolute paths are returned as they are."""
    p = Path(relative)
    if p.is_absolute():
        return p
    if p.parts and p.parts[0] == "corpus":
        p = Path(*p.parts[1:])
    return ROOT / p


__all__ = ["ROOT", "corpus_path"]
