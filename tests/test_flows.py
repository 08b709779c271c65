"""Flows wire library functions: tasks are tested with `.fn()` (no engine); real flow runs go
through one session-scoped Prefect test harness (a temporary server and database), which the
subprocesses killed mid-batch report to as well (PREFECT_API_URL)."""

import datetime as dt
import hashlib
import json
import os
import pickle
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from chidao.cli import main  # noqa: E402
from chidao.config import Config  # noqa: E402
from chidao.flows.inbox import file_away, take_files  # noqa: E402
from chidao.flows.ingest import (BatchStopped, FileFailed, IndexStillUnavailable, TransientFailure,  # noqa: E402
                                 catch_up, ingest_flow, ingest_one, list_files)
from chidao.flows.runners import task_runner, worker_settings  # noqa: E402
from chidao.ingest import ingest_file  # noqa: E402
from chidao.pipeline import Archive  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LEGACY = sorted((ROOT / "tests" / "data" / "gold" / "legacy").glob("*.txt"))
OUTCOME = re.compile(r" - (added|unchanged): ")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "2024").mkdir(parents=True)
    shutil.copy(SAMPLES / "004_bf85b1cdd7b62294.txt", folder / "2024" / "cv-2858.txt")
    (folder / "empty.pdf").write_bytes(b"")
    return folder


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect server for every real flow run of the session; its API URL."""
    from prefect.testing.utilities import prefect_test_harness

    from chidao.flows import api_url

    with prefect_test_harness(server_startup_timeout=180):  # 2 busy cores start it slowly
        yield api_url()


def _legacy(folder: Path, count: int) -> list[Path]:
    """`count` small legacy-OCR texts (restoration makes each take a fraction of a second)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(path, folder / path.name)) for path in LEGACY[:count]]


def _settings(home: Path, **more) -> dict:
    return Config(home=home, jobs=2, reference_date=dt.date(2025, 3, 1), **more).settings()


def assert_nothing_lost(home: Path, files: list[Path]) -> None:
    """Every file archived exactly once and indexed exactly once; nothing pending."""
    archive = Archive(home)
    ids = {f"sha256:{hashlib.sha256(f.read_bytes()).hexdigest()}" for f in files}
    assert set(archive.ids()) == ids
    for record_id in ids:
        folder = archive.original(record_id).parent
        assert len([p for p in folder.iterdir() if p.name.startswith("original")]) == 1
    with sqlite3.connect(home / "chidao.db") as db:
        rows = dict(db.execute("SELECT id, count(*) FROM documents GROUP BY id").fetchall())
    assert rows == {record_id: 1 for record_id in ids}
    assert not list((home / "pending").glob("*"))


def _kill_after_first_outcome(args: list[str], home: Path, api: str) -> str:
    """Run `chidao …` in its own process group; SIGKILL it once a file's outcome is logged."""
    env = {**os.environ, "PREFECT_API_URL": api, "PYTHONUNBUFFERED": "1", "PREFECT_LOGGING_LEVEL": "INFO"}
    cmd = [sys.executable, "-c", "from chidao.cli import main; main()", "--home", str(home), "--jobs", "2", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            start_new_session=True)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if OUTCOME.search(line):
                os.killpg(proc.pid, signal.SIGKILL)
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, "".join(seen)[-3000:]
    return "".join(seen)


# -- tasks, without the engine -------------------------------------------------------------
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


def test_an_unopenable_index_leaves_files_archived_and_pending(inbox, tmp_path):
    home = tmp_path / "home"
    (home / "chidao.db").mkdir(parents=True)            # tests run as root: chmod would not stop us
    result = ingest_one.fn(str(inbox / "2024" / "cv-2858.txt"), _settings(home))
    assert result["status"] == "added" and result["indexed"] is False
    assert len(list((home / "pending").iterdir())) == 1
    with pytest.raises(IndexStillUnavailable, match="1 archived record"):
        catch_up.fn(_settings(home))
    (home / "chidao.db").rmdir()
    assert catch_up.fn(_settings(home)) == 1
    assert_nothing_lost(home, [inbox / "2024" / "cv-2858.txt"])


def test_catch_up_indexes_a_record_archived_by_a_run_killed_before_indexing(inbox, tmp_path):
    home = tmp_path / "home"
    assert catch_up.fn(_settings(home)) == 0
    outcome = ingest_file(inbox / "2024" / "cv-2858.txt", Config(home=home))   # archived, no index
    assert outcome.status == "added" and outcome.indexed is None
    assert catch_up.fn(_settings(home)) == 1
    assert_nothing_lost(home, [inbox / "2024" / "cv-2858.txt"])


def test_failures_travel_back_from_worker_processes():
    outcome = {"path": "a.pdf", "status": "failed", "message": "empty file"}
    for err in (FileFailed(outcome), TransientFailure(outcome), IndexStillUnavailable(3, "locked"),
                BatchStopped("tesseract missing", 3)):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err)
    assert pickle.loads(pickle.dumps(BatchStopped("x", 3))).exit_code == 3


def test_the_task_runner_is_chosen_from_the_runner_parameter():
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    assert isinstance(task_runner(None, jobs=2), ThreadPoolTaskRunner)
    assert task_runner(None, jobs=2)._max_workers == 2 and task_runner({}, jobs=16)._max_workers == 4
    assert task_runner({"workers": 3}, jobs=16)._max_workers == 3
    remote = task_runner({"dask_address": "tcp://10.0.0.5:8786"}, jobs=2)
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://10.0.0.5:8786"
    settings = {"jobs": 8, "home": "/h"}
    assert worker_settings({"dask_workers": 4}, settings) == {"jobs": 2, "home": "/h"}
    assert worker_settings({"dask_address": "tcp://x:1"}, settings) == settings


def test_inbox_tasks_claim_settled_files_and_file_them_away(tmp_path):
    box, home = tmp_path / "inbox", tmp_path / "inbox" / "home"
    _legacy(box / "sub", 1)
    (box / "bad.pdf").write_bytes(b"")
    (home / "archive").mkdir(parents=True)
    (home / "archive" / "x.txt").write_text("not input")
    held = take_files.fn(str(box), "run-1", 0.05, str(home))
    assert [Path(p).relative_to(box / ".processing" / "run-1").as_posix() for p in held] == [
        "bad.pdf", f"sub/{LEGACY[0].name}"]
    outcomes = [{"path": held[0], "status": "failed", "message": "empty file"},
                {"path": held[1], "status": "added"}]
    filed = file_away.fn(outcomes, "2025-03-01")
    assert filed == {"done": [str(box / "done" / "2025-03-01" / "sub" / LEGACY[0].name)],
                     "failed": [str(box / "failed" / "bad.pdf")], "left": []}
    assert (box / "failed" / "bad.pdf.error.txt").read_text().splitlines()[1] == "empty file"


def test_served_schedules_carry_the_settings_as_parameters(tmp_path, monkeypatch):
    import chidao.flows

    served = []
    monkeypatch.setattr(chidao.flows, "serve", lambda *deployments: served.extend(deployments))
    monkeypatch.delenv("CHIDAO_TODAY", raising=False)
    runner = CliRunner()
    box = tmp_path / "inbox"
    box.mkdir()
    result = runner.invoke(main, ["--home", str(tmp_path / "h"), "flow", "serve", str(box), "--every", "5",
                                  "--settle", "2", "--dask-workers", "2"])
    assert result.exit_code == 0, result.output
    params = served[0].parameters
    assert params["inbox"] == str(box) and params["settle_s"] == 2 and params["runner"] == {"dask_workers": 2}
    assert params["settings"]["home"] == str(tmp_path / "h") and "reference_date" not in params["settings"]
    assert served[0].schedules[0].schedule.interval == dt.timedelta(minutes=5)
    result = runner.invoke(main, ["--home", str(tmp_path / "h"), "--today", "2025-03-01", "flow", "digest",
                                  "--serve", "--at", "7:30", "--webhook", "http://127.0.0.1:1/x"])
    assert result.exit_code == 0, result.output
    digest = served[1]
    assert digest.parameters["settings"]["reference_date"] == "2025-03-01"
    assert digest.parameters["webhook"] == "http://127.0.0.1:1/x"
    assert digest.schedules[0].schedule.cron == "30 7 * * *"
    bad = runner.invoke(main, ["flow", "digest", "--serve", "--at", "25:00"])
    assert bad.exit_code != 0 and "HH:MM" in bad.output


# -- real flow runs -------------------------------------------------------------------------
@pytest.mark.slow
def test_ingest_flow_runs_under_prefect(inbox, tmp_path, prefect_api):
    home = tmp_path / "home"
    result = ingest_flow([str(inbox)], Config(home=home).settings())
    assert result["added"] == 1 and result["unchanged"] == 0 and result["files"] == 2
    assert list(result["failed"]) == [str(inbox / "empty.pdf")] and result["pending"] == 0
    assert result["line"].startswith("2 files: added 1, unchanged 0, failed 1 (1 pages read, ")
    assert "1 failed file(s) copied to " in result["line"]
    records = [json.loads(p.read_text()) for p in home.rglob("*.json")]
    numbers = [r["document"]["number"] for r in records if "document" in r]
    assert "2858-CV/TU" in numbers


@pytest.mark.slow
def test_a_killed_ingest_loses_nothing(tmp_path, prefect_api):
    files = _legacy(tmp_path / "scans", 20)
    home = tmp_path / "home"
    log = _kill_after_first_outcome(["flow", "ingest", str(tmp_path / "scans")], home, prefect_api)
    assert "20 files" not in log                                       # it did not get to the end
    result = ingest_flow([str(tmp_path / "scans")], _settings(home), index_retry_s=0.05)
    assert result["added"] + result["unchanged"] == 20 and result["unchanged"] >= 1 and not result["failed"]
    assert_nothing_lost(home, files)
    again = ingest_flow([str(tmp_path / "scans")], _settings(home))
    assert again["unchanged"] == 20 and again["pages"] == 20           # a re-run skips them all


@pytest.mark.slow
def test_a_killed_inbox_pass_loses_nothing(tmp_path, prefect_api):
    from chidao import inbox as inbox_lib
    from chidao.flows import inbox_flow

    box, home = tmp_path / "inbox", tmp_path / "home"
    files = _legacy(box, 20)
    kept = {f.name: f.read_bytes() for f in files}
    _kill_after_first_outcome(["--today", "2025-03-01", "flow", "inbox", str(box), "--once", "--settle", "0.2"],
                              home, prefect_api)
    assert inbox_lib.candidates(box) == []                              # all claimed by the killed run
    result = inbox_flow(str(box), _settings(home), settle_s=0.2, index_retry_s=0.05)
    assert result["files"] == 20 and not result["failed"] and len(result["inbox"]["done"]) == 20
    done = box / "done" / "2025-03-01"
    assert {p.name: p.read_bytes() for p in done.iterdir()} == kept      # each once, none renamed
    assert not [p for p in (box / ".processing").rglob("*") if p.is_file() and p.suffix != ".lock"]
    assert_nothing_lost(home, list(done.iterdir()))


@pytest.mark.slow
def test_an_inbox_pass_files_good_and_refused_files(tmp_path, prefect_api):
    from chidao.flows import inbox_flow

    box, home = tmp_path / "inbox", tmp_path / "home"
    good = _legacy(box / "sub", 2)
    (box / "empty.pdf").write_bytes(b"")
    (box / ".part.pdf").write_bytes(b"%PDF half")
    (box / "done" / "2025-03-01").mkdir(parents=True)
    shutil.copy(good[0], box / "done" / "2025-03-01" / "old.txt")
    result = inbox_flow(str(box), _settings(home), settle_s=0.1, index_retry_s=0.05)
    assert (result["added"], len(result["failed"])) == (2, 1)
    assert sorted(Path(p).name for p in result["inbox"]["done"]) == sorted(f.name for f in good)
    assert (box / "failed" / "empty.pdf.error.txt").read_text().startswith(str(box / "empty.pdf"))
    assert (box / ".part.pdf").exists() and (box / "done" / "2025-03-01" / "old.txt").exists()
    again = inbox_flow(str(box), _settings(home), settle_s=0.1)
    assert again["files"] == 0 and again["inbox"] == {"done": [], "failed": [], "left": []}


@pytest.mark.slow
def test_with_the_index_down_files_wait_as_pending_and_the_next_run_catches_up(tmp_path, prefect_api):
    files = _legacy(tmp_path / "scans", 3)
    home = tmp_path / "home"
    (home / "chidao.db").mkdir(parents=True)                # the index cannot be opened
    first = ingest_flow([str(tmp_path / "scans")], _settings(home), index_retry_s=0.05)
    assert first["added"] == 3 and first["pending"] == 3 and "wait for the index" in first["catch_up"]
    assert "3 not yet indexed" in first["line"]
    assert len(set(Archive(home).ids())) == 3 and len(list((home / "pending").iterdir())) == 3
    (home / "chidao.db").rmdir()                            # fixed
    second = ingest_flow([str(tmp_path / "scans")], _settings(home), index_retry_s=0.05)
    assert second["unchanged"] == 3 and second["pending"] == 0 and second["catch_up"] is None
    assert_nothing_lost(home, files)


@pytest.mark.slow
def test_digest_flow_writes_first_and_sends_what_the_webhook_missed(tmp_path, prefect_api):
    from chidao.flows import digest_flow
    from tests.test_digest import Hook, fill_index

    home = tmp_path / "home"
    fill_index(home)
    down, flaky = Hook(failures=99), Hook(failures=2)
    try:
        first = digest_flow(_settings(home), as_of="2024-05-02", webhook=down.url, backoff_s=0.01)
        folder = str(home / "digests" / "2024-05-02")
        assert first["folder"] == folder and (first["overdue"], first["due_soon"]) == (1, 2)
        assert all(Path(p).is_file() for p in first["files"]) and first["sent"] == []
        assert "answered 500" in first["not_sent"][folder]
        second = digest_flow(_settings(home), as_of="2024-05-03", webhook=flaky.url, backoff_s=0.01)
        assert second["sent"] == [folder, str(home / "digests" / "2024-05-03")] and second["not_sent"] == {}
        assert [b["as_of"] for b in flaky.bodies] == ["2024-05-02", "2024-05-03"]
        third = digest_flow(_settings(home), as_of="2024-05-03", webhook=flaky.url, backoff_s=0.01)
        assert third["sent"] == [] and len(flaky.bodies) == 2               # nothing sent twice
    finally:
        down.close()
        flaky.close()


@pytest.mark.slow
def test_reindex_flow_rebuilds_from_the_archive(tmp_path, prefect_api):
    from chidao.flows import reindex_flow

    files = _legacy(tmp_path / "scans", 2)
    home = tmp_path / "home"
    for f in files:
        ingest_file(f, Config(home=home))                  # archived only
    result = reindex_flow(_settings(home))
    assert result["indexed"] == 2 and result["failed"] == {}
    assert_nothing_lost(home, files)


@pytest.mark.slow
def test_ingest_flow_on_a_local_dask_cluster(tmp_path, prefect_api):
    from distributed import LocalCluster

    files = _legacy(tmp_path / "scans", 4)
    home = tmp_path / "home"
    # --dask-workers 2: the flow starts LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
    result = ingest_flow([str(tmp_path / "scans")], _settings(home), runner={"dask_workers": 2},
                         index_retry_s=0.05)
    assert result["added"] == 4 and not result["failed"] and result["pending"] == 0
    assert_nothing_lost(home, files)
    # --dask-address: an existing cluster, its workers told where the Prefect API is
    more = files + _legacy(tmp_path / "more", 6)[4:]
    shutil.copy(SAMPLES / "005_scan_thong_bao.pdf", tmp_path / "more" / "scan.pdf")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      env={"PREFECT_API_URL": prefect_api}) as cluster:
        result = ingest_flow([str(tmp_path / "more")], _settings(home),
                             runner={"dask_address": cluster.scheduler_address}, index_retry_s=0.05)
    assert (result["added"], result["unchanged"], result["failed"]) == (3, 4, {})
    assert_nothing_lost(home, more + [tmp_path / "more" / "scan.pdf"])


@pytest.mark.slow
def test_bench_ingest_runs_tiny(prefect_api):
    result = CliRunner().invoke(main, ["bench", "ingest", "--pages", "2", "--kill-after", "1"])
    assert result.exit_code == 0, result.output
    for row in ("pages per minute", "flow overhead", "re-run", "resume after a kill"):
        assert row in result.output
