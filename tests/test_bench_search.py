"""The generated bench corpus (chidao/bench/corpus.py) and `chidao bench search` on a tiny
corpus. No timings are asserted: the bench prints them."""

import datetime as dt
import hashlib
import re
import sqlite3

import pytest
from click.testing import CliRunner

from chidao.bench.corpus import GOLD, build_corpus, corpus_meta, generate_records, load_templates
from chidao.cli import main
from chidao.record import Record

# Three real directives: a provincial plan, a provincial party notice, a district directive.
TEMPLATES = tuple(GOLD / "texts" / f"{name}.txt" for name in
                  ("C2_kh_ubnd_soctrang_nq57", "A1_tb_kl_btv_tu_nghean", "A2_ct_hu_thoxuan"))


@pytest.fixture(scope="module")
def templates():
    return load_templates(TEMPLATES)


def test_generated_records_are_deterministic_and_round_trip(templates):
    first = list(generate_records(60, seed=3, templates=templates))
    again = list(generate_records(60, seed=3, templates=templates))
    other = list(generate_records(60, seed=4, templates=templates))
    assert [r.to_dict() for r in first] == [r.to_dict() for r in again]
    assert [r.id for r in first] != [r.id for r in other]
    assert len({r.id for r in first}) == 60
    for record in first:
        assert Record.from_dict(record.to_dict()) == record
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", record.id)
        assert record.id == "sha256:" + hashlib.sha256(record.text.content.encode()).hexdigest()
        assert all(t.id == f"{record.id}#{t.ordinal}" for t in record.tasks)
        assert len({t.ordinal for t in record.tasks}) == len(record.tasks)
        assert dt.date(2019, 1, 1) <= dt.date.fromisoformat(record.document.date) <= dt.date(2026, 12, 31)
        assert record.document.number and record.document.number in record.text.content


def test_generated_tasks_have_due_dates_and_bodies(templates):
    records = list(generate_records(100, seed=0, templates=templates))
    tasks = [t for r in records for t in r.tasks]
    assert len(tasks) / len(records) >= 5
    dues = [d.due for t in tasks for d in t.deadlines if d.due]
    assert len(dues) >= 3 * len(records)
    assert all(dt.date.fromisoformat(d) for d in dues)
    assert sum(bool(t.lead) for t in tasks) >= 0.8 * len(tasks)
    # varied: issuers, places, bodies and dates differ across the records of one template
    assert len({r.document.issuer for r in records}) >= 30
    assert len({b for t in tasks for b in t.lead}) >= 30
    assert len({r.document.date[:4] for r in records}) == 8
    # a substituted body is named in the text as well as in the task
    for record in records:
        for task in record.tasks:
            assert task.text in " ".join(record.text.content.split()) or task.ordinal.startswith("pl")


def test_deadlines_move_with_the_document(templates):
    record = next(generate_records(1, seed=0, templates=templates))
    template = next(t for t in templates if {x.ordinal for x in t.record.tasks} >= {x.ordinal for x in record.tasks
                                                                                   if not x.ordinal.startswith("pl")})
    shift = dt.date.fromisoformat(record.document.date) - template.date
    for new, old in zip(record.tasks, template.record.tasks):
        for d_new, d_old in zip(new.deadlines, old.deadlines):
            if d_old.due and re.search(r"\d{1,2}/\d{1,2}/\d{4}", d_old.raw):
                assert dt.date.fromisoformat(d_new.due) == dt.date.fromisoformat(d_old.due) + shift


def test_build_corpus_writes_the_store_once_and_reuses_it(tmp_path, templates):
    home = build_corpus(tmp_path / "corpus", 40, seed=1, batch=15, templates=TEMPLATES)
    meta = corpus_meta(home)
    assert meta["n"] == 40 and meta["seed"] == 1 and meta["tasks"] >= 200
    with sqlite3.connect(home / "chidao.db") as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 40
        assert conn.execute("SELECT count(*) FROM tasks WHERE due IS NOT NULL").fetchone()[0] >= 120
    mtime = (home / "chidao.db").stat().st_mtime_ns
    assert build_corpus(tmp_path / "corpus", 40, seed=1, templates=TEMPLATES) == home
    assert corpus_meta(home)["built"] == meta["built"] and (home / "chidao.db").stat().st_mtime_ns == mtime
    build_corpus(tmp_path / "corpus", 40, seed=2, templates=TEMPLATES)  # another seed: built again
    assert corpus_meta(home)["seed"] == 2


@pytest.mark.slow
def test_bench_search_prints_both_systems_and_ranks_the_samples_first_by_number(tmp_path):
    result = CliRunner().invoke(main, ["bench", "search", "--records", "300", "--no-large", "--queries", "5",
                                       "--corpus-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "LIKE scan → chidao" in out and "relevance" in out
    for kind in ("accented", "unaccented", "phrase", "number", "filtered"):
        assert f"{kind} p50 / p95 (ms)" in out
    assert "index size on disk (MB)" in out and "indexing rate" in out
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if line.count("│") >= 6]
    number_rows = [r for r in rows if len(r) >= 5 and r[1] == "number"]
    assert len(number_rows) >= 4, out
    # chidao's rank: first, or — where a generated record carries the very same number — among
    # the documents that have it (the last column counts them)
    assert all(int(r[-2].split("/")[0]) <= max(1, int(r[-1])) for r in number_rows), number_rows
    assert sum(r[-2].startswith("1 /") for r in number_rows) >= len(number_rows) - 1, number_rows
    assert (tmp_path / "bench-corpus-300" / "corpus.json").exists()
