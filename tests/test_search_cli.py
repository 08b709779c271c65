"""`chidao search` and `chidao reindex` as a secretary uses them: bad input gets one line, never
a traceback; ingest indexes; a failing index leaves records archived and pending, and the next
ingest catches up."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chidao.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    inbox = home / "in"
    inbox.mkdir()
    for name in ("003_cf177b1b182402a8.txt", "004_bf85b1cdd7b62294.txt"):
        shutil.copy(SAMPLES / name, inbox / name)
    result = CliRunner().invoke(main, ["--home", str(home), "ingest", "-q", str(inbox)])
    assert result.exit_code == 0, result.output
    return home


def _search(home, *args):
    return CliRunner().invoke(main, ["--home", str(home), "search", *args])


@pytest.mark.parametrize("query", ["", "!!! ... ???", '"', "*", "NEAR(a b)", "^đảng", "loai:", ":", "x" * 10_000,
                                   'chính quyền" OR "', "a AND OR NOT b"])
def test_odd_queries_give_a_result_never_a_traceback(home, query):
    result = _search(home, query, "--json")
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)) == {"total", "hits", "facets"}


@pytest.mark.parametrize("args", [["x", "--from", "31/02/2024"], ["x", "--to", "yesterday"], ["tu:2024-13-01 x"]])
def test_a_bad_date_is_one_line(home, args):
    result = _search(home, *args)
    assert result.exit_code == 10 and result.output.startswith("error:") and result.output.count("\n") == 1


def test_search_without_diacritics_and_by_number(home):
    hit = json.loads(_search(home, "chinh quyen than thien", "--json").output)["hits"][0]
    assert hit["number"] == "2858-CV/TU" and "<mark>" in hit["snippet"]
    for typed in ("2858-CV/TU", "CV 2858", "2858"):
        assert json.loads(_search(home, typed, "--json").output)["hits"][0]["number"] == "2858-CV/TU"


def test_an_unwritable_index_leaves_records_archived_and_pending(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "chidao.db").mkdir()  # the index cannot be opened
    result = CliRunner().invoke(main, ["--home", str(home), "ingest", "-q", str(SAMPLES / "004_bf85b1cdd7b62294.txt")])
    assert result.exit_code == 0, result.output
    assert "1 not yet indexed (pending" in result.output
    assert len(list((home / "pending").iterdir())) == 1
    (home / "chidao.db").rmdir()
    again = CliRunner().invoke(main, ["--home", str(home), "ingest", "-q", str(SAMPLES / "004_bf85b1cdd7b62294.txt")])
    assert again.exit_code == 0 and "pending" not in again.output
    assert list((home / "pending").iterdir()) == []
    found = json.loads(_search(home, "2858-CV/TU", "--json").output)
    assert found["total"] == 1
    reindexed = CliRunner().invoke(main, ["--home", str(home), "reindex"])
    assert "indexed 1, removed 0, failed 0" in reindexed.output


def test_fold_folds_every_character_as_the_one_by_one_rule_does():
    """fold() is one str.translate over a table of the blocks where characters fold; every other
    character in Unicode must fold to itself for that to be exact."""
    import importlib

    folding = importlib.import_module("chidao.index.fold")
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates are no characters
        ch = chr(code)
        assert folding.fold(ch) == folding._fold_char(ch), hex(code)
    assert folding.fold("Đảng ủy Quảng Trị “Hỏa tốc”") == "Dang uy Quang Tri “Hoa toc”"
