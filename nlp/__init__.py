"""Diacritic restoration and directive understanding. Plain functions; no prefect, no clock:
"today" arrives in Config.reference_date.

Public names:
- restore_diacritics(text) -> str: any Vietnamese text → correct NFC text, new-style tones.
- needs_restoration(text) -> bool: whether any line is unaccented or legacy OCR.
- extract_directive(content, record_id, config) -> (DocumentInfo, list[Task]).

They are imported on first use (PEP 562) so that `chidao restore` does not pay for spaCy and
`chidao extract` on clean text does not pay for the language model.
"""

import importlib

_EXPORTS = {
    "restore_diacritics": "chidao.nlp.restore",
    "needs_restoration": "chidao.nlp.restore",
    "extract_directive": "chidao.nlp.extract",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
