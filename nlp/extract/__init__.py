"""Directive understanding: metadata, references, tasks, responsible bodies and deadlines.

Public names:
- extract_directive(content, record_id, config) -> (DocumentInfo, list[Task])
- build_extractor() -> the cached spaCy pipeline (chidao_header, chidao_bodies,
  chidao_deadlines, chidao_tasks)
- score_directive(gold, document, tasks) -> per-document counts for `chidao bench extract`
"""

from nlp.extract.pipeline import build_extractor, extract_directive

__all__ = ["build_extractor", "extract_directive"]
