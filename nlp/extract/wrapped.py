"""Gazetteer names wrapped across lines. spaCy makes a line break (and the indent after it) a
token of its own, so the span ruler's phrase matcher never finds "Văn phòng HĐND và" /
"UBND xã" as one name. This component runs the same ruler over the text with every run of
whitespace read as one space and adds the names it finds only that way, mapped back to the
document's own characters."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_SPACE_RE = re.compile(r"\s+")


@Language.factory("chidao_wrapped_bodies", default_config={"ruler": "chidao_bodies"})
def make_wrapped_bodies(nlp: Language, name: str, ruler: str) -> "WrappedBodies":
    return WrappedBodies(nlp, ruler)


class WrappedBodies:
    def __init__(self, nlp: Language, ruler: str):
        self.nlp, self.ruler = nlp, ruler

    def __call__(self, doc: Doc) -> Doc:
        flat, starts = _flatten(doc.text)
        if flat == doc.text:
            return doc
        found = self.nlp.get_pipe(self.ruler).match(self.nlp.make_doc(flat))
        spans = list(doc.spans.get("bodies", []))
        taken = {i for s in spans for i in range(s.start_char, s.end_char)}
        for span in found:
            a, b = starts[span.start_char], starts[span.end_char - 1] + 1
            if "\n" not in doc.text[a:b] or any(i in taken for i in range(a, b)):
                continue  # on one line: the ruler found it already
            new = doc.char_span(a, b, label=span.label_, span_id=span.id_)
            if new is not None:
                spans.append(new)
                taken.update(range(a, b))
        doc.spans["bodies"] = sorted(spans, key=lambda s: s.start_char)
        return doc


def _flatten(text: str) -> tuple[str, list[int]]:
    """`text` with each whitespace run one space, and for each of its characters the offset it
    came from."""
    out, starts, last = [], [], 0
    for m in _SPACE_RE.finditer(text):
        out.append(text[last:m.start()])
        starts.extend(range(last, m.start()))
        out.append(" ")
        starts.append(m.start())
        last = m.end()
    out.append(text[last:])
    starts.extend(range(last, len(text)))
    return "".join(out), starts
