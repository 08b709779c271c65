"""Highlighted snippets, cut where the query's words first meet in the folded text and shown
from the accented text (folding keeps one character for one, so offsets carry over). The text
is HTML-escaped here; only the <mark> tags are markup."""

from __future__ import annotations

import html
import re

from chidao.index.fold import fold
from chidao.index.query import Term

_WIDTH = 220


def term_pattern(terms: tuple[Term, ...]) -> re.Pattern | None:
    """One regex over folded, lower-cased text matching any term as whole words (a prefix term
    as a word start; a phrase with any spacing between its words)."""
    parts = []
    for t in terms:
        words = [re.escape(w) for w in t.folded.split()]
        if not words:
            continue
        body = r"\W+".join(words)
        parts.append(rf"(?<!\w){body}" + ("" if t.prefix else r"(?!\w)"))
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)))


def snippet(text: str, terms: tuple[Term, ...], width: int = _WIDTH, *, pattern: re.Pattern | None = None,
            folded: str | None = None) -> str:
    """About `width` characters of `text` around the first match, matches in <mark>
    (`pattern` and `folded`, when the caller has them, are term_pattern(terms) and the folded
    lower-case text)."""
    if not text:
        return ""
    pattern = pattern or term_pattern(terms)
    folded = folded if folded is not None else fold(text).lower()
    first = pattern.search(folded) if pattern else None
    start = 0
    if first:
        start = max(0, first.start() - width // 3)
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    pieces, at = [], start
    if pattern:
        for m in pattern.finditer(folded, start, end):
            pieces += [html.escape(text[at:m.start()]), "<mark>", html.escape(text[m.start():m.end()]), "</mark>"]
            at = m.end()
    pieces.append(html.escape(text[at:end]))
    out = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + out + ("…" if end < len(text) else "")


def best_snippet(fields: list[str], terms: tuple[Term, ...]) -> str:
    """The snippet of the first field the query's words appear in (subject, tasks, text)."""
    pattern = term_pattern(terms)
    for text in fields:
        folded = fold(text).lower() if text and pattern else ""
        if folded and pattern.search(folded):
            return snippet(text, terms, pattern=pattern, folded=folded)
    return snippet(next((t for t in fields if t), ""), terms, pattern=pattern)
