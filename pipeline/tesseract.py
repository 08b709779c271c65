"""The one module that runs tesseract. Commands are built from keyword-only arguments, run with
a timeout and `OMP_THREAD_LIMIT=1` (one tesseract per core beats tesseract's own threading: 1.9
vs 5.0 s/page here), stderr is logged and the output is checked.

One OCR call per page gives both the text and the word confidences (TSV output); orientation
detection (OSD) is a separate, cheap call made only when the caller decides it pays."""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from chidao.errors import ExternalToolError, MissingDependencyError, OcrTimeoutError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OcrWord:
    """One recognised word: its text, box (pixels), confidence 0..1 and tesseract's
    block/paragraph/line numbers."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    block: int
    paragraph: int
    line: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def ocr_words(image: Path, *, lang: str, dpi: int, timeout_s: float, jobs: int,
              psm: int = 3) -> list[OcrWord]:
    """OCR one page image with the LSTM engine; words in tesseract's reading order. At most
    `jobs` tesseract processes run at once in this process, whoever starts them."""
    check_language(lang)
    cmd = [_binary(), str(image), "stdout", "-l", lang, "--oem", "1", "--psm", str(psm),
           "--dpi", str(dpi), "tsv"]
    with _slots(jobs):
        return _parse_tsv(_run(cmd, timeout_s=timeout_s))


def detect_rotation(image: Path, *, timeout_s: float, jobs: int) -> tuple[int, float]:
    """(degrees clockwise the page must be turned to be upright, OSD confidence). A page with too
    little text for OSD gives (0, 0.0)."""
    check_language("osd")
    cmd = [_binary(), str(image), "stdout", "--psm", "0"]
    try:
        with _slots(jobs):
            out = _run(cmd, timeout_s=timeout_s)
    except ExternalToolError as err:
        if "Too few characters" in err.message or "too few" in err.message.lower():
            return 0, 0.0
        raise
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not rotate:
        return 0, 0.0
    return int(rotate.group(1)), float(conf.group(1)) if conf else 0.0


def plain_text(image: Path, *, lang: str, timeout_s: float) -> str:
    """`tesseract IMAGE stdout -l LANG` exactly as a user would type it (tesseract's own
    OpenMP threading, default engine and page segmentation): the baseline of `chidao bench ocr`."""
    check_language(lang)
    return _run([_binary(), str(image), "stdout", "-l", lang], timeout_s=timeout_s,
                single_thread=False)


@functools.cache
def installed_languages() -> frozenset[str]:
    """The language packs tesseract can load (pytesseract parses `--list-langs`)."""
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = _binary()
    try:
        return frozenset(pytesseract.get_languages())
    except pytesseract.TesseractNotFoundError as err:
        raise MissingDependencyError(_NOT_FOUND) from err


def check_language(lang: str) -> None:
    missing = [part for part in lang.split("+") if part not in installed_languages()]
    if missing:
        package = f"tesseract-ocr-{missing[0]}"
        raise MissingDependencyError(
            f"tesseract language '{missing[0]}' missing: apt-get install {package}")


@functools.cache
def _slots(jobs: int) -> threading.BoundedSemaphore:
    # One semaphore per process (and job count): pages of one file and files of a batch are
    # read in parallel, but never more than `jobs` tesseract processes at once.
    return threading.BoundedSemaphore(jobs)


_NOT_FOUND = "tesseract not found: apt-get install tesseract-ocr tesseract-ocr-vie"


def _binary() -> str:
    found = shutil.which("tesseract")
    if not found:
        raise MissingDependencyError(_NOT_FOUND)
    return found


def _run(cmd: list[str], *, timeout_s: float, single_thread: bool = True) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    if single_thread:
        env["OMP_THREAD_LIMIT"] = "1"
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout_s, env=env, check=False)
    except FileNotFoundError as err:  # removed from PATH after the check
        raise MissingDependencyError(_NOT_FOUND) from err
    except subprocess.TimeoutExpired as err:
        raise OcrTimeoutError(
            f"tesseract timed out after {timeout_s:.0f} s on {cmd[1]}: the page may be huge or "
            "damaged; raise the OCR timeout or check the file") from err
    stderr = done.stderr.decode("utf-8", "replace").strip()
    if stderr:
        log.debug("tesseract stderr (%s): %s", cmd[1], stderr)
    if done.returncode != 0:
        last = stderr.splitlines()[-1] if stderr else f"exit status {done.returncode}"
        raise ExternalToolError(f"tesseract failed on {cmd[1]}: {last}")
    return done.stdout.decode("utf-8", "replace")


def _parse_tsv(tsv: str) -> list[OcrWord]:
    lines = tsv.splitlines()
    if not lines or not lines[0].startswith("level"):
        raise ExternalToolError("tesseract gave no TSV output: check the tesseract installation")
    words = []
    for row in lines[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        words.append(OcrWord(
            text=cols[11].strip(), left=int(cols[6]), top=int(cols[7]), width=int(cols[8]),
            height=int(cols[9]), confidence=max(0.0, float(cols[10])) / 100.0,
            block=int(cols[2]), paragraph=int(cols[3]), line=int(cols[4])))
    return words
