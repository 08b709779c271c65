"""The recipe: one file in, one Record out. Plain functions only; flows/ wraps these."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from chidao.config import Config
from chidao.record import Record, Text


# Batch ingest reads several files at once on threads: OCR runs in tesseract subprocesses and
# overlaps well, but restoration and extraction are pure Python (GIL-bound, no gain from
# threads) and load shared models lazily; one lock keeps them one-at-a-time and loaded once.
_NLP_LOCK = threading.Lock()


def restore_text(text: Text) -> Text:
    """Repair diacritics where the text needs it (legacy OCR, unaccented text); clean text
    passes through unchanged (the restorer leaves correct lines alone)."""
    from nlp import needs_restoration, restore_diacritics

    if text.method == "text-layer" and not needs_restoration(text.content):
        return text
    restored = restore_diacritics(text.content)
    if restored == text.content:
        return text
    return dataclasses.replace(text, content=restored, restored=True)


def build_record(path: Path, config: Config) -> Record:
    """Read a file, restore its text if needed, extract the directive's facts."""
    from nlp import extract_directive
    from pipeline import read_text

    source, text = read_text(path, config)
    record_id = f"sha256:{source.sha256}"
    with _NLP_LOCK:
        if config.restore:
            text = restore_text(text)
        document, tasks = extract_directive(text.content, record_id, config)
    return Record(id=record_id, source=source, text=text, document=document, tasks=tasks)
