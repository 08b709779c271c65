"""The watched inbox's file-system rules (chidao.inbox), on real folders: settle, claim by
atomic rename, take back what a dead run left, file away without overwriting."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from chidao import inbox


def _drop(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_candidates_skip_hidden_done_failed_processing_and_home(tmp_path):
    box = tmp_path / "inbox"
    wanted = [_drop(box / "a.pdf"), _drop(box / "sub" / "b.png"), _drop(box / "sub" / "done" / "c.txt")]
    for path in ("done/2024-01-01/old.pdf", "failed/bad.pdf", ".processing/run/x.pdf", ".hidden.pdf",
                 ".sync/y.pdf", "home/archive/z.pdf"):
        _drop(box / path)
    assert inbox.candidates(box, skip=[box / "home"]) == sorted(wanted)


def test_a_file_still_growing_is_left_for_the_next_pass(tmp_path):
    box = tmp_path / "inbox"
    still, growing = _drop(box / "still.pdf"), _drop(box / "growing.pdf")

    def meanwhile(seconds):       # the scanner writes more while we wait
        with open(growing, "a") as f:
            f.write("more")

    assert inbox.settled(box, 0.01, sleep=meanwhile) == [still]
    assert inbox.settled(tmp_path / "empty-inbox", 0.01) == []


def test_claim_is_an_atomic_rename_and_two_runs_never_take_one_file(tmp_path):
    box = tmp_path / "inbox"
    files = [_drop(box / f"f{i:02d}.txt", str(i)) for i in range(40)] + [_drop(box / "sub" / "f00.txt")]
    taken: dict[str, list[Path]] = {}
    start = threading.Barrier(2)

    def run(run_id):
        start.wait()
        taken[run_id] = inbox.claim(box, run_id, files)

    threads = [threading.Thread(target=run, args=(name,)) for name in ("run-a", "run-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    names = sorted(p.relative_to(box / ".processing" / run_id).as_posix()
                   for run_id, paths in taken.items() for p in paths)
    assert names == sorted(p.relative_to(box).as_posix() for p in files)   # each exactly once
    assert inbox.candidates(box) == []
    assert inbox.claim(box, "run-c", files) == []                            # gone: skipped


def test_files_of_a_live_run_stay_and_a_dead_runs_are_taken_back(tmp_path):
    box = tmp_path / "inbox"
    with inbox.hold(box, "live"):
        inbox.claim(box, "live", [_drop(box / "live.txt")])
        _drop(box / ".processing" / "dead" / "sub" / "left.txt")        # no one holds dead.lock
        with inbox.hold(box, "next"):
            back = inbox.reclaim(box, "next")
            assert back == [box / ".processing" / "next" / "sub" / "left.txt"]
            assert inbox.claimed_files(box, "next") == back
            inbox.file_done(back[0], "2025-03-01")
        assert inbox.claimed_files(box, "live") == [box / ".processing" / "live" / "live.txt"]
    assert (box / "done" / "2025-03-01" / "sub" / "left.txt").is_file()
    assert sorted(p.name for p in (box / ".processing").iterdir()) == ["live", "live.lock"]


def test_files_left_by_a_killed_process_are_taken_back(tmp_path):
    box = tmp_path / "inbox"
    _drop(box / "scan.pdf")
    code = ("import sys, time; from pathlib import Path; from chidao import inbox\n"
            "with inbox.hold(Path(sys.argv[1]), 'killed'):\n"
            "    inbox.claim(Path(sys.argv[1]), 'killed', [Path(sys.argv[1]) / 'scan.pdf'])\n"
            "    print('claimed', flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(box)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "claimed"
        with inbox.hold(box, "meanwhile"):
            assert inbox.reclaim(box, "meanwhile") == []                  # still alive: not touched
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
        proc.stdout.close()
    with inbox.hold(box, "after"):
        assert inbox.reclaim(box, "after") == [box / ".processing" / "after" / "scan.pdf"]
    assert not (box / ".processing" / "killed").exists()


def test_filing_never_overwrites_and_says_why_a_file_failed(tmp_path):
    box = tmp_path / "inbox"
    _drop(box / "done" / "2025-03-01" / "scan.pdf", "earlier")
    _drop(box / "done" / "2025-03-01" / "scan-1.pdf", "earlier too")
    first = inbox.claim(box, "run", [_drop(box / "scan.pdf", "today")])[0]
    assert inbox.file_done(first, "2025-03-01") == box / "done" / "2025-03-01" / "scan-2.pdf"
    assert (box / "done" / "2025-03-01" / "scan.pdf").read_text() == "earlier"
    bad = inbox.claim(box, "run", [_drop(box / "sub" / "bad.pdf", "1")])[0]
    moved = inbox.file_failed(bad, "empty file: scan it again")
    assert moved == box / "failed" / "sub" / "bad.pdf"
    again = inbox.file_failed(inbox.claim(box, "run2", [_drop(box / "sub" / "bad.pdf", "2")])[0], "too big")
    assert again == box / "failed" / "sub" / "bad-1.pdf"
    assert (box / "failed" / "sub" / "bad.pdf.error.txt").read_text().splitlines() == [
        str(box / "sub" / "bad.pdf"), "empty file: scan it again"]
    assert "too big" in (box / "failed" / "sub" / "bad-1.pdf.error.txt").read_text()
    assert not list(box.rglob(".*.tmp"))


def test_holding_a_run_tidies_its_empty_folder_only(tmp_path):
    box = tmp_path / "inbox"
    with inbox.hold(box, "empty") as folder:
        assert folder.is_dir()
    assert not folder.exists() and not (box / ".processing" / "empty.lock").exists()
    with inbox.hold(box, "kept"):
        inbox.claim(box, "kept", [_drop(box / "a" / "b.txt")])
    assert inbox.claimed_files(box, "kept") == [box / ".processing" / "kept" / "a" / "b.txt"]
