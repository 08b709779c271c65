"""Directive understanding: metadata, references, tasks, responsible bodies and deadlines.

Public names:
- extract_directive(content, record_id, config) -> (DocumentInfo, list[Task])
- Extractor / default_extractor(): the pipeline with its lock; `.extract(content, record_id)`
- build_extractor() -> the cached spaCy pipeline (chidao_header, chidao_bodies,
  chidao_deadlines, chidao_tasks)
- score_directive(gold, document, tasks) -> per-document counts for `chidao bench extract`
"""

from chidao.nlp.extract.pipeline import Extractor, build_extractor, default_extractor, extract_directive

__all__ = ["Extractor", "build_extractor", "default_extractor", "extract_directive"]
