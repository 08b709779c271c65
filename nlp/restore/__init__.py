"""Diacritic restoration and legacy-OCR repair: a noisy-channel decoder (syllable inventory and
OCR confusion candidates, scored by a syllable KenLM, beam search) with per-line detection of
what each line needs. Models are built by scripts/build_lm.py and scripts/build_channel.py.

Public names:
- Restorer(model_dir): owns its models, memos and lock; `.restore(text)`,
  `.needs_restoration(text)`, `.clear_memos()`.
- default_restorer(): the process's Restorer on the shipped models.
- restore_diacritics(text), needs_restoration(text): the same on the default restorer.
"""

from chidao.nlp.restore.restorer import Restorer, default_restorer, needs_restoration, restore_diacritics

__all__ = ["Restorer", "default_restorer", "needs_restoration", "restore_diacritics"]
