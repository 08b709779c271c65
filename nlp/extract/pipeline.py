"""The extractor: a blank Vietnamese spaCy pipeline with rule components, built once per
process, and `extract_directive`, which turns its annotations into record types."""

from __future__ import annotations

import functools

import spacy
import srsly
from spacy.language import Language

from chidao.config import Config
from chidao.record import DocumentInfo, Reference, Signer, Task, TaskDeadline
from nlp.extract import deadlines as _deadlines  # noqa: F401  (registers chidao_deadlines)
from nlp.extract import header as _header  # noqa: F401  (registers chidao_header)
from nlp.extract import tasks as _tasks  # noqa: F401  (registers chidao_tasks)
from nlp.extract._paths import corpus_path
from nlp.extract._text import normalise

BODIES = "corpus/extract/bodies.jsonl"


@spacy.registry.readers("chidao.read_patterns.v1")
def read_patterns(path: str) -> list[dict]:
    """A patterns.jsonl under corpus/ as a list (spaCy's initialize validates a sequence)."""
    return list(srsly.read_jsonl(corpus_path(path)))


@functools.lru_cache(maxsize=1)
def build_extractor() -> Language:
    """chidao_header → chidao_bodies (span_ruler over the gazetteer) → chidao_deadlines →
    chidao_tasks. The rule tokenizer splits punctuation, so gazetteer phrases match inside
    "Sở Nội vụ," too; every pattern file is read at initialize."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    nlp.add_pipe("chidao_header")
    nlp.add_pipe("span_ruler", name="chidao_bodies",
                 config={"spans_key": "bodies", "phrase_matcher_attr": "LOWER", "validate": True, "overwrite": False})
    nlp.add_pipe("chidao_deadlines")
    nlp.add_pipe("chidao_tasks")
    # The gazetteer is read by span_ruler's own initialize, as spaCy projects do.
    nlp.config["initialize"]["components"]["chidao_bodies"] = {
        "patterns": {"@readers": "chidao.read_patterns.v1", "path": BODIES}}
    nlp.initialize()
    return nlp


def extract_directive(content: str, record_id: str, config: Config) -> tuple[DocumentInfo, list[Task]]:
    """The `document` and `tasks` parts of the record for one directive's text. Task ids are
    f"{record_id}#{ordinal}". `config` is taken for symmetry with the other stages; relative
    deadlines resolve against the document's own date, never the clock."""
    doc = build_extractor()(normalise(content))
    info = doc._.directive
    signer = Signer(**info["signer"]) if info.get("signer") else None
    document = DocumentInfo(
        number=info["number"], symbol=info["symbol"], type=info["type"], issuer=info["issuer"],
        parent_issuer=info["parent_issuer"], party=info["party"], place=info["place"], date=info["date"],
        subject=info["subject"], marks=info["marks"], recipients=info["recipients"],
        distribution=info["distribution"], signer=signer,
        references=[Reference(r["number"], r["type"], r["date"]) for r in info["references"]],
        responds_to=info["responds_to"],
    )
    tasks = [
        Task(
            id=f"{record_id}#{t.ordinal}", ordinal=t.ordinal, text=t.text, lead=t.lead, cooperating=t.cooperating,
            implicit_lead=t.implicit_lead, deadlines=[TaskDeadline(d.raw, d.kind, d.due) for d in t.deadlines],
            recurring=t.recurring, report_to=t.report_to, targets=t.targets,
        )
        for t in doc._.tasks
    ]
    return document, tasks
