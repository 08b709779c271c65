"""Diacritic restoration and legacy-OCR repair: a noisy-channel decoder (syllable inventory and
OCR confusion candidates, scored by a syllable KenLM, beam search) with per-line detection of
what each line needs. Models are built by scripts/build_lm.py and loaded lazily."""

from nlp.restore.restorer import needs_restoration, restore_diacritics

__all__ = ["needs_restoration", "restore_diacritics"]
