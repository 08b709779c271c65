"""Files → pages → text, and the archive. Never imports nlp/ or prefect.

Public names:
- read_input(path) -> InputFile: read a file once and identify it by content (bytes, sha256,
  kind, absolute path); every later stage works from this one value.
- read_text(input_file, config) -> (Source, Text): get its text the best available way (pdf
  text layer, tesseract `vie` OCR, plain or legacy-OCR text).
- decode_text(data) -> str: the one decoding of text bytes (UTF-8/16, cp1258), NFC.
- Archive: content-addressed store of originals + record JSON under config.home.
- clean_stale_scratch(root): remove temporary folders left by killed runs.
"""

from chidao.pipeline.archive import Archive
from chidao.pipeline.plaintext import decode_text
from chidao.pipeline.read import read_text
from chidao.pipeline.scratch import clean_stale_scratch
from chidao.pipeline.triage import InputFile, detect_kind, read_input

__all__ = ["Archive", "InputFile", "clean_stale_scratch", "decode_text", "detect_kind", "read_input",
           "read_text"]
