"""Diacritic restoration and directive understanding. Plain functions; no prefect, no clock:
"today" arrives in Config.reference_date.

Public names:
- restore_diacritics(text) -> str: any Vietnamese text → correct NFC text, new-style tones.
- needs_restoration(text) -> bool: whether any line is unaccented or legacy OCR.
- extract_directive(content, record_id, config) -> (DocumentInfo, list[Task]).
"""

from nlp.restore import needs_restoration, restore_diacritics  # noqa: E402
from nlp.extract import extract_directive  # noqa: E402
