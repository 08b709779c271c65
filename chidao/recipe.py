"""The recipe: one file in, one Record out. Plain functions only; flows/ wraps these.

    build_record:  triaged file → text (pipeline) → derive_record
    derive_record: text as read → restore → extract → Record (also how `reprocess` upgrades)"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from chidao.config import Config
from chidao.errors import InputFileError
from chidao.pipeline import InputFile, read_input, read_text
from chidao.record import Record, Text


def restore_text(text: Text) -> Text:
    """Repair diacritics where the text needs it (legacy OCR, unaccented text); clean text
    passes through unchanged (the restorer leaves correct lines alone). A changed text keeps
    what was read in `raw`."""
    from chidao.nlp import needs_restoration, restore_diacritics

    if text.method == "text-layer" and not needs_restoration(text.content):
        return text
    restored = restore_diacritics(text.content)
    if restored == text.content:
        return text
    return dataclasses.replace(text, content=restored, restored=True, raw=text.content)


def build_record(source: InputFile | Path, config: Config) -> Record:
    """Read a triaged file (a path is triaged first), restore its text if needed, extract the
    directive's facts. Texts longer than `config.max_chars` are refused before the slow steps."""
    if not isinstance(source, InputFile):
        source = read_input(Path(source))
    src, text = read_text(source, config)
    if len(text.content) > config.max_chars:
        raise InputFileError(
            f"{source.path}: {len(text.content):,} characters of text, more than the limit of "
            f"{config.max_chars:,} ({config.max_pages} pages): split the file, or raise the limit "
            "with `chidao --max-pages N …`")
    return derive_record(Record(id=f"sha256:{src.sha256}", source=src, text=text), config)


def derive_record(record: Record, config: Config) -> Record:
    """The record made again from its text as read: restoration and extraction run anew with
    this chidao, the source and the reading (OCR, text layer) are kept."""
    from chidao.nlp import extract_directive

    text = dataclasses.replace(record.text, content=record.raw_text, raw=None, restored=False)
    if config.restore:
        text = restore_text(text)
    document, tasks = extract_directive(text.content, record.id, config)
    return Record(id=record.id, source=record.source, text=text, document=document, tasks=tasks)
