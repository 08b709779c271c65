"""Batch ingest: folders walked, archived files skipped before any work, failures quarantined
with a reason, a summary at the end, nothing stored ever touched."""

import io
from pathlib import Path

from rich.console import Console

from chidao.batch import ingest_paths
from chidao.config import Config
from chidao.record import Record
from pipeline import Archive, read_text
from tests.render_pages import directive_pages, save_page, text_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


class _ReadOnly:
    """A build step that only reads the text (the nlp stages are tested elsewhere); counts calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, path, config):
        self.calls.append(path)
        source, text = read_text(path, config)
        return Record(id=f"sha256:{source.sha256}", source=source, text=text)


def _ingest(paths, config, build):
    out = io.StringIO()
    summary = ingest_paths(paths, config, show_progress=True, build=build,
                           console=Console(file=out, width=200))
    return summary, out.getvalue()


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
    assert sorted(p.name for p in summary.added) == [
        "000_51c4258bd6ed2d1c.txt", "003_cf177b1b182402a8.txt", "scan.png", "typed.pdf"]
    assert sorted(p.name for p, _ in summary.failed) == ["empty.pdf", "login.pdf", "missing"]
    assert summary.unchanged == []
    for path, message in summary.failed:
        assert f"failed: {path}: " in log
    assert "added 4, unchanged 0, failed 3" in log
    quarantine = tmp_path / "home" / "quarantine"
    assert (quarantine / "login.pdf").read_bytes() == (inbox / "login.pdf").read_bytes()
    assert "HTML page" in (quarantine / "login.pdf.error.txt").read_text(encoding="utf-8")
    assert (quarantine / "missing.error.txt").exists()
    archive = Archive(config.home)
    assert len(archive) == 4
    methods = sorted(r.text.method for r in archive)
    assert methods == ["legacy-ocr", "ocr", "plain", "text-layer"]

    # Again: everything archived is skipped before any work; the archive is untouched.
    stored = _snapshot(tmp_path / "home" / "archive")
    build.calls.clear()
    summary, log = _ingest([inbox], config, build)
    assert sorted(build.calls) == [inbox / "empty.pdf", inbox / "login.pdf"]
    assert len(summary.unchanged) == 4 and len(summary.failed) == 2 and summary.added == []
    assert _snapshot(tmp_path / "home" / "archive") == stored

    # A changed file is a new record; the old one stays.
    (inbox / "003_cf177b1b182402a8.txt").write_text("Công văn mới\n", encoding="utf-8")
    summary, _ = _ingest([inbox / "003_cf177b1b182402a8.txt"], config, build)
    assert len(summary.added) == 1
    assert len(Archive(config.home)) == 5
    assert all(_snapshot(tmp_path / "home" / "archive")[p] == v for p, v in stored.items())


def test_a_crashing_build_does_not_stop_the_batch(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Thông báo số 1\n", encoding="utf-8")
    (inbox / "b.txt").write_text("Thông báo số 2\n", encoding="utf-8")
    reader = _ReadOnly()

    def build(path, config):
        if path.name == "a.txt":
            raise KeyError("unexpected")
        return reader(path, config)

    summary, log = _ingest([inbox], Config(home=tmp_path / "home", jobs=1), build)
    assert [p.name for p in summary.added] == ["b.txt"]
    assert [p.name for p, _ in summary.failed] == ["a.txt"]
    assert "internal error (KeyError" in log
    error = (tmp_path / "home" / "quarantine" / "a.txt.error.txt").read_text(encoding="utf-8")
    assert "Traceback" in error
