"""The extractor: a blank Vietnamese spaCy pipeline with rule components, built once per
process, and `extract_directive`, which turns its annotations into record types."""

from __future__ import annotations

import functools
import threading

import spacy
import srsly
from spacy.language import Language

from chidao.config import Config
from chidao.record import DocumentInfo, Task, TaskDeadline
from chidao.nlp.extract import deadlines as _deadlines  # noqa: F401  (registers chidao_deadlines)
from chidao.nlp.extract import header as _header  # noqa: F401  (registers chidao_header)
from chidao.nlp.extract import tasks as _tasks  # noqa: F401  (registers chidao_tasks)
from chidao.nlp.extract import wrapped as _wrapped  # noqa: F401  (registers chidao_wrapped_bodies)
from chidao.nlp.extract._paths import corpus_path
from chidao.nlp.extract._text import normalise

BODIES = "corpus/extract/bodies.jsonl"


@spacy.registry.readers("chidao.read_patterns.v1")
def read_patterns(path: str) -> list[dict]:
    """A patterns.jsonl under corpus/ as a list (spaCy's initialize validates a sequence)."""
    return list(srsly.read_jsonl(corpus_path(path)))


@functools.lru_cache(maxsize=1)
def build_extractor() -> Language:
    """chidao_header → chidao_bodies (span_ruler over the gazetteer) → chidao_wrapped_bodies →
    chidao_deadlines → chidao_tasks. The rule tokenizer splits punctuation, so gazetteer phrases match inside
    "Sở Nội vụ," too; every pattern file is read at initialize."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    nlp.add_pipe("chidao_header")
    nlp.add_pipe("span_ruler", name="chidao_bodies",
                 config={"spans_key": "bodies", "phrase_matcher_attr": "LOWER", "validate": True, "overwrite": False})
    nlp.add_pipe("chidao_wrapped_bodies")  # the same names, wrapped across lines
    nlp.add_pipe("chidao_deadlines")
    nlp.add_pipe("chidao_tasks")
    # The gazetteer is read by span_ruler's own initialize, as spaCy projects do.
    nlp.config["initialize"]["components"]["chidao_bodies"] = {
        "patterns": {"@readers": "chidao.read_patterns.v1", "path": BODIES}}
    nlp.initialize()
    return nlp


class Extractor:
    """The spaCy pipeline (built on first use) and the lock that lets threads share it: the
    POS tagger inside chidao_tasks keeps state between calls."""

    def __init__(self):
        self._lock = threading.Lock()

    def extract(self, content: str, record_id: str) -> tuple[DocumentInfo, list[Task]]:
        """See `extract_directive`. The caller bounds the length (Config.max_chars)."""
        with self._lock:
            nlp = build_extractor()
            nlp.max_length = max(nlp.max_length, len(content) + 1)
            doc = nlp(normalise(content))
        tasks = [
            Task(
                id=f"{record_id}#{t.ordinal}", ordinal=t.ordinal, text=t.text, lead=t.lead, cooperating=t.cooperating,
                implicit_lead=t.implicit_lead, deadlines=[TaskDeadline(d.raw, d.kind, d.due, d.rrule) for d in t.deadlines],
                recurring=t.recurring, report_to=t.report_to, targets=t.targets,
            )
            for t in doc._.tasks
        ]
        return doc._.directive.document, tasks


@functools.lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    return Extractor()


def extract_directive(content: str, record_id: str, config: Config) -> tuple[DocumentInfo, list[Task]]:
    """The `document` and `tasks` parts of the record for one directive's text. Task ids are
    f"{record_id}#{ordinal}". `config` is taken for symmetry with the other stages; relative
    deadlines resolve against the document's own date, never the clock."""
    return default_extractor().extract(content, record_id)
