"""The gazetteer's matches of a document (its "bodies" spans) as the `BodyIndex` the party
finders read: which characters lie inside a known name, where names start, each match's
canonical name."""

from __future__ import annotations

from spacy.tokens import Doc

from chidao.nlp.extract._text import fold
from chidao.nlp.extract.parties import BodyIndex, PartyRules

__all__ = ["body_index"]


def body_index(doc: Doc, party: PartyRules) -> BodyIndex:
    protected: set[int] = set()
    body_starts: set[int] = set()
    canonical: dict[tuple[int, int], str] = {}
    by_fold: dict[str, str] = {}
    for span in doc.spans.get("bodies", []):
        if span.text.startswith("sở ") and doc.text[max(0, span.start_char - 3):span.start_char].lower() in ("cơ ", "trụ "):
            continue  # "đảng ủy cơ sở xây dựng kế hoạch": a compound, not the Sở Xây dựng
        if _action_in_lower_case(span.text, span.id_, party):
            continue  # "… trực thuộc Sở xây dựng kế hoạch": the action, which the matcher took for the Sở Xây dựng
        protected.update(range(span.start_char, span.end_char))
        name = span.id_ or span.text
        canonical[(span.start_char, span.end_char)] = name
        if span.label_ == "BODY":
            body_starts.add(span.start_char)
        if span.label_ == "BODY" and span.id_ and not span.id_.islower():
            by_fold[fold(span.text)] = span.id_
    return BodyIndex(protected, body_starts, canonical, by_fold)


def _action_in_lower_case(text: str, name: str, party: PartyRules) -> bool:
    """A match (case-blind) whose word the name capitalises is written in lower case and is an
    action word there ("Sở xây dựng" for "Sở Xây dựng"; not "Sở Nông nghiệp và môi trường")."""
    words, named = text.split(), (name or "").split()
    if len(words) != len(named):
        return False
    for k in range(1, len(words)):
        if named[k][:1].isupper() and words[k][:1].islower():
            return party.terminators.match(" ".join(words[k:])) is not None
    return False
