"""Batch ingest: folders walked, archived files skipped before any work, failures quarantined
with a reason, environment errors stopping the batch, a summary at the end, nothing stored
ever touched."""

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from chidao.batch import ingest_paths
from chidao.config import Config
from chidao.errors import ArchiveError, MissingDependencyError
from chidao.ingest import ingest_file
from chidao.pipeline import Archive, read_text
from chidao.record import Record
from tests.render_pages import directive_pages, save_page, text_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


class _ReadOnly:
    """A build step that only reads the text (the nlp stages are tested elsewhere); counts calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, source, config):
        self.calls.append(source.path)
        src, text = read_text(source, config)
        return Record(id=f"sha256:{src.sha256}", source=src, text=text)


def _ingest(paths, config, build):
    out = io.StringIO()
    summary = ingest_paths(paths, config, show_progress=True, console=Console(file=out, width=300),
                           ingest=lambda p, c, a, i: ingest_file(p, c, a, i, build=build))
    return summary, out.getvalue()


def _names(outcomes):
    return sorted(o.path.name for o in outcomes)


def _snapshot(folder: Path) -> dict:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_batch_ingest_with_bad_files(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    for name in ("003_cf177b1b182402a8.txt", "000_51c4258bd6ed2d1c.txt"):
        (inbox / name).write_bytes((SAMPLES / name).read_bytes())
    save_page(directive_pages(1, seed=7)[0], inbox / "sub" / "scan.png")
    text_pdf(inbox / "sub" / "typed.pdf", ["Ủy ban nhân dân tỉnh Bắc Giang yêu cầu các sở."])
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "login.pdf").write_text("<html><body>Please log in</body></html>")
    (inbox / ".hidden.txt").write_text("not a document")
    config = Config(home=tmp_path / "home", jobs=2)
    build = _ReadOnly()

    summary, log = _ingest([inbox, tmp_path / "missing"], config, build)
    assert _names(summary.of("added")) == [
        "000_51c4258bd6ed2d1c.txt", "003_cf177b1b182402a8.txt", "scan.png", "typed.pdf"]
    assert _names(summary.failed) == ["empty.pdf", "login.pdf", "missing"]
    assert summary.of("unchanged") == []
    for outcome in summary.failed:
        assert f"failed: {outcome.path}: " in log
    assert "added 4, unchanged 0, failed 3" in log
    quarantine = tmp_path / "home" / "quarantine"
    assert (quarantine / "login.pdf").read_bytes() == (inbox / "login.pdf").read_bytes()
    assert "HTML page" in (quarantine / "login.pdf.error.txt").read_text(encoding="utf-8")
    archive = Archive(config.home)
    assert len(archive) == 4
    methods = sorted(r.text.method for r in archive)
    assert methods == ["legacy-ocr", "ocr", "plain", "text-layer"]
    assert all(Path(r.source.path).is_absolute() for r in archive)

    # Again: everything archived is skipped before any work; the archive is untouched.
    stored = _snapshot(tmp_path / "home" / "archive")
    build.calls.clear()
    summary, log = _ingest([inbox], config, build)
    assert build.calls == []
    assert len(summary.of("unchanged")) == 4 and len(summary.failed) == 2 and summary.of("added") == []
    assert _snapshot(tmp_path / "home" / "archive") == stored

    # A changed file is a new record; the old one stays.
    (inbox / "003_cf177b1b182402a8.txt").write_text("Công văn mới\n", encoding="utf-8")
    summary, _ = _ingest([inbox / "003_cf177b1b182402a8.txt"], config, build)
    assert len(summary.of("added")) == 1
    assert len(Archive(config.home)) == 5
    assert all(_snapshot(tmp_path / "home" / "archive")[p] == v for p, v in stored.items())


def test_a_crashing_build_does_not_stop_the_batch(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Thông báo số 1\n", encoding="utf-8")
    (inbox / "b.txt").write_text("Thông báo số 2\n", encoding="utf-8")
    reader = _ReadOnly()

    def build(source, config):
        if source.path.name == "a.txt":
            raise KeyError("unexpected")
        return reader(source, config)

    summary, log = _ingest([inbox], Config(home=tmp_path / "home", jobs=1), build)
    assert _names(summary.of("added")) == ["b.txt"]
    assert _names(summary.failed) == ["a.txt"]
    assert "internal error (KeyError" in log
    error = (tmp_path / "home" / "quarantine" / "a.txt.error.txt").read_text(encoding="utf-8")
    assert "Traceback" in error


def test_an_environment_error_stops_the_batch_and_quarantines_nothing(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in "abcdef":
        (inbox / f"{name}.txt").write_text(f"Thông báo số {name}\n", encoding="utf-8")
    calls = []

    def build(source, config):
        calls.append(source.path.name)
        raise MissingDependencyError("tesseract not found: apt-get install tesseract-ocr")

    config = Config(home=tmp_path / "home", jobs=1)
    with pytest.raises(MissingDependencyError):
        _ingest([inbox], config, build)
    assert calls == ["a.txt"]
    assert not (config.home / "quarantine").exists() and len(Archive(config.home)) == 0


def test_unwalkable_paths_are_reported_not_skipped(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "good.txt").write_text("Thông báo số 1\n", encoding="utf-8")
    (inbox / "locked" / "inside.txt").write_text("Thông báo số 2\n", encoding="utf-8")
    os.symlink(inbox / "nowhere.txt", inbox / "dangling.txt")
    os.symlink(inbox / "loop1", inbox / "loop2")
    os.symlink(inbox / "loop2", inbox / "loop1")
    os.symlink(inbox, inbox / "up")
    os.chmod(inbox / "locked", 0)
    try:
        if os.access(inbox / "locked", os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        summary, log = _ingest([inbox, inbox / "locked" / "inside.txt"], Config(home=tmp_path / "home"), _ReadOnly())
    finally:
        os.chmod(inbox / "locked", 0o755)
    assert _names(summary.of("added")) == ["good.txt"]
    assert _names(summary.failed) == ["dangling.txt", "inside.txt", "locked", "loop1", "loop2", "up"]
    assert "symbolic link to nothing" in log and "loop" in log and "cannot be listed" in log


def test_unwalkable_paths_as_root_are_still_reported(tmp_path):
    # Root reads every folder; links are the same problem for everybody.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.symlink(inbox / "nowhere.txt", inbox / "dangling.txt")
    os.symlink(inbox / "loop1", inbox / "loop2")
    os.symlink(inbox / "loop2", inbox / "loop1")
    summary, _ = _ingest([inbox], Config(home=tmp_path / "home"), _ReadOnly())
    assert _names(summary.failed) == ["dangling.txt", "loop1", "loop2"]


def test_an_unwritable_archive_stops_before_any_work(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "archive").write_text("a file where the archive folder should be")
    (tmp_path / "a.txt").write_text("Thông báo\n", encoding="utf-8")
    build = _ReadOnly()
    with pytest.raises(ArchiveError):
        _ingest([tmp_path / "a.txt"], Config(home=home), build)
    assert build.calls == [] and not (home / "quarantine").exists()


def test_a_text_too_long_is_refused_up_front_and_the_refusal_is_kept(tmp_path):
    # The limit follows --max-pages (3,000 characters a page); the refusal comes before the
    # slow steps, and a re-run answers from the kept refusal until the limit changes.
    big = tmp_path / "big.txt"
    big.write_text("Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy thực hiện nghiêm.\n" * 200, encoding="utf-8")
    config = Config(home=tmp_path / "home", max_pages=2)
    first = ingest_file(big, config)
    assert first.status == "failed" and "more than the limit of 6,000" in first.message
    again = ingest_file(big, config)
    assert again.status == "failed" and again.message.startswith("refused before: ")
    raised = ingest_file(big, config.with_(max_pages=10))
    assert raised.status == "added"


def test_permission_faults_are_reported_even_as_root(tmp_path, monkeypatch):
    # As root nothing is unreadable, so the kernel's answers for a normal user are simulated:
    # a folder that cannot be listed, and a file inside an unreadable folder.
    import chidao.batch as batch

    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "good.txt").write_text("Thông báo số 1\n", encoding="utf-8")
    (inbox / "locked" / "inside.txt").write_text("Thông báo số 2\n", encoding="utf-8")
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def stat(path, *args, **kwargs):
        if Path(path).parent.name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(batch.os, "scandir", scandir)
    monkeypatch.setattr(batch.os, "stat", stat)
    summary, log = _ingest([inbox, inbox / "locked" / "inside.txt"], Config(home=tmp_path / "home"), _ReadOnly())
    assert _names(summary.of("added")) == ["good.txt"]
    assert _names(summary.failed) == ["inside.txt", "locked"]
    assert "cannot be listed" in log and "permission denied" in log
