"""Flows wire library functions: tasks are tested with `.fn()` (no engine), and one real flow
run goes through a Prefect test harness (a temporary server and database)."""

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from chidao.config import Config  # noqa: E402
from chidao.flows.ingest import FileFailed, ingest_flow, ingest_one, list_files  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "2024").mkdir(parents=True)
    shutil.copy(SAMPLES / "004_bf85b1cdd7b62294.txt", folder / "2024" / "cv-2858.txt")
    (folder / "empty.pdf").write_bytes(b"")
    return folder


def test_list_files_walks_folders_and_skips_the_archive(inbox, tmp_path):
    home = inbox / ".." / "home"
    config = Config(home=home.resolve())
    listed = list_files.fn([str(inbox), str(inbox / "missing")], config.settings())
    assert sorted((Path(p).name, why is None) for p, why in listed) == [
        ("cv-2858.txt", True), ("empty.pdf", True), ("missing", False)]


def test_ingest_task_archives_indexes_and_fails_bad_files(inbox, tmp_path):
    settings = Config(home=tmp_path / "home").settings()
    good = ingest_one.fn(str(inbox / "2024" / "cv-2858.txt"), settings)
    assert good["status"] == "added" and good["indexed"] is True
    again = ingest_one.fn(str(inbox / "2024" / "cv-2858.txt"), settings)
    assert again["status"] == "unchanged"
    with pytest.raises(FileFailed) as failed:
        ingest_one.fn(str(inbox / "empty.pdf"), settings)
    assert failed.value.outcome["status"] == "failed" and "empty" in failed.value.outcome["message"]
    assert (tmp_path / "home" / "quarantine" / "empty.pdf").exists()


@pytest.mark.slow
def test_ingest_flow_runs_under_prefect(inbox, tmp_path):
    from prefect.testing.utilities import prefect_test_harness

    home = tmp_path / "home"
    with prefect_test_harness(server_startup_timeout=180):  # 2 busy cores start it slowly
        result = ingest_flow([str(inbox)], Config(home=home).settings())
    assert result["added"] == 1 and result["unchanged"] == 0
    assert list(result["failed"]) == [str(inbox / "empty.pdf")]
    records = [json.loads(p.read_text()) for p in home.rglob("*.json")]
    numbers = [r["document"]["number"] for r in records if "document" in r]
    assert "2858-CV/TU" in numbers
