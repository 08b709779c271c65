"""Files → pages → text, and the archive. Never imports nlp/ or prefect.

Public names:
- read_text(path, config) -> (Source, Text): detect the input by content and get its text the
  best available way (pdf text layer, tesseract `vie` OCR, plain or legacy-OCR text).
- Archive: content-addressed store of originals + record JSON under config.home.
- page_count(path, config): pages of a file without reading its text (for progress bars).
"""

from pipeline.archive import Archive
from pipeline.read import page_count, read_text
from pipeline.triage import detect_kind

__all__ = ["Archive", "detect_kind", "page_count", "read_text"]
