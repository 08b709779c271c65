"""Gazetteer names wrapped across lines. spaCy makes a line break (and the indent after it) a
token of its own, so the span ruler's phrase matcher never finds "Văn phòng HĐND và" /
"UBND xã" as one name. This component runs the same ruler over the lines joined with single
spaces (`joined`, as paragraphs are read) and adds the names it finds only that way, mapped
back to the document's own characters."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from chidao.nlp.extract._text import split_lines
from chidao.nlp.extract.sections import joined


@Language.factory("chidao_wrapped_bodies", default_config={"ruler": "chidao_bodies"})
def make_wrapped_bodies(nlp: Language, name: str, ruler: str) -> "WrappedBodies":
    return WrappedBodies(nlp, ruler)


class WrappedBodies:
    def __init__(self, nlp: Language, ruler: str):
        self.nlp, self.ruler = nlp, ruler

    def __call__(self, doc: Doc) -> Doc:
        if "\n" not in doc.text:
            return doc
        flat, starts = joined(doc.text, [(ln.start, ln.end) for ln in split_lines(doc.text)])
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

