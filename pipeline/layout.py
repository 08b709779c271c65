"""Rebuild a page's text from tesseract's word boxes, in the reading order of an official
directive.

Tesseract often joins the two header columns into one line ("TỈNH ỦY BẮC GIANG ĐẢNG CỘNG SẢN
VIỆT NAM") and interleaves the "Nơi nhận" block with the signature block. Here a line is split
where the gap between two words is column-wide; consecutive pieces that are neither body-wide nor centred form a
two-column region, read left column first, then right column (a piece belongs to a column unless it reaches well
into both halves or is centred). Lines that
tesseract emits twice (same words, same place) are kept once."""

from __future__ import annotations

from dataclasses import dataclass

from chidao.pipeline.tesseract import OcrWord


# Characters tesseract emits that never occur in typed directives, mapped to what was printed:
# "Quý I/2024" comes back with a fraction slash; ligatures come from the font.
_OCR_LOOKALIKES = str.maketrans({"\u2044": "/", "\ufb01": "fi", "\ufb02": "fl"})


@dataclass
class _Segment:
    words: list[OcrWord]
    key: tuple[int, int]                 # (block, paragraph): a change starts a new paragraph

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def middle(self) -> float:
        return sum(w.top + w.height / 2 for w in self.words) / len(self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words).translate(_OCR_LOOKALIKES)


def page_text(words: list[OcrWord], *, column_gap: int) -> str:
    """The page's text, one output line per printed line, a blank line between paragraphs.
    `column_gap` is the smallest gap (pixels) that separates two columns (≈ 1.3 cm)."""
    mid, parts = _regions(_segments(words, column_gap))
    out: list[str] = []
    previous_key = None
    for part in parts:
        if isinstance(part, list):
            previous_key = _flush_region(part, mid, out, previous_key)
            continue
        if previous_key is not None and part.key != previous_key and out and out[-1]:
            out.append("")
        out.append(part.text)
        previous_key = part.key
    return "\n".join(out).strip("\n")


def weak_column_boxes(words: list[OcrWord], *, column_gap: int, min_confidence: float = 0.6,
                      pad: int = 20) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of each column of each two-column region holding a word read
    with less than `min_confidence`. Tesseract often takes the two columns of a header or of
    the "Nơi nhận" + signature block as one block; lines at different heights then get cut
    apart ("PHÓ CHỦ TỊCH" read as "Ầ š Kuyớnc"). Such columns are worth a second, separate
    read; columns read well are not."""
    mid, parts = _regions(_segments(words, column_gap))
    regions = [part for part in parts if isinstance(part, list)]
    boxes = []
    for region in regions:
        columns = [[s for s in region if (s.left + s.right) / 2 < mid],
                   [s for s in region if (s.left + s.right) / 2 >= mid]]
        weak = [w for s in region for w in s.words
                if w.confidence < min_confidence and any(ch.isalnum() for ch in w.text)]
        # (a lone "*" or "-" read unsurely is no reason to read a column again)
        if not all(columns) or not weak:
            continue
        for column in columns:
            ws = [w for s in column for w in s.words]
            boxes.append((max(0, min(w.left for w in ws) - pad), max(0, min(w.top for w in ws) - pad),
                          max(w.right for w in ws) + pad, max(w.bottom for w in ws) + pad))
    return boxes


def _regions(segments: list[_Segment]) -> tuple[float, list]:
    """The middle of the text area, and the page as a sequence of full-width segments and
    two-column regions (lists of segments), top to bottom."""
    if not segments:
        return 0.0, []
    left, right = min(s.left for s in segments), max(s.right for s in segments)
    mid, width = (left + right) / 2, max(1, right - left)
    parts: list = []
    for seg in segments:
        if _is_full_width(seg, mid, width):
            parts.append(seg)
        elif parts and isinstance(parts[-1], list):
            parts[-1].append(seg)
        else:
            parts.append([seg])
    return mid, parts


def _is_full_width(seg: _Segment, mid: float, width: float) -> bool:
    # A body line reaches well into both halves; a centred title sits on the middle. Anything
    # else (a header column, the "Nơi nhận" list, the signature) belongs to one column.
    centre = (seg.left + seg.right) / 2
    spans = seg.left < mid - 0.25 * width and seg.right > mid + 0.25 * width
    return spans or abs(centre - mid) < 0.08 * width


def _flush_region(region: list[_Segment], mid: float, out: list[str], previous_key):
    columns = [c for c in ([s for s in region if (s.left + s.right) / 2 < mid],
                           [s for s in region if (s.left + s.right) / 2 >= mid]) if c]
    if len(columns) == 1:
        # One column only (a paragraph's short last line, a right-aligned date): in the flow.
        for seg in columns[0]:
            if previous_key is not None and seg.key != previous_key and out and out[-1]:
                out.append("")
            out.append(seg.text)
            previous_key = seg.key
        return previous_key
    for column in columns:
        if out and out[-1]:
            out.append("")
        for k, seg in enumerate(column):
            if k and seg.key != column[k - 1].key and out[-1]:
                out.append("")
            out.append(seg.text)
    if out and out[-1]:
        out.append("")
    return None


def _segments(words: list[OcrWord], column_gap: int) -> list[_Segment]:
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        lines.setdefault((w.block, w.paragraph, w.line), []).append(w)
    segments: list[_Segment] = []
    seen: list[tuple[str, int, int]] = []
    for (block, par, _), line_words in lines.items():
        line_words.sort(key=lambda w: w.left)
        signature = (" ".join(w.text for w in line_words), line_words[0].left, line_words[0].top)
        if any(s[0] == signature[0] and abs(s[1] - signature[1]) < 10 and abs(s[2] - signature[2]) < 10
               for s in seen):
            continue                     # tesseract emitted this line twice
        seen.append(signature)
        piece = [line_words[0]]
        for prev, word in zip(line_words, line_words[1:]):
            if word.left - prev.right > column_gap:
                segments.append(_Segment(piece, (block, par)))
                piece = []
            piece.append(word)
        segments.append(_Segment(piece, (block, par)))
    # Reading order is top to bottom; the columns of a region are separated afterwards.
    segments.sort(key=lambda s: (s.middle, s.left))
    return segments
