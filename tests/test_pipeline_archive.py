"""The archive: content-addressed, atomic, never overwriting."""

import hashlib
import json

import pytest

from chidao.config import Config
from chidao.errors import ArchiveError
from chidao.record import Record
from chidao.pipeline import Archive, read_text


def _record(path, tmp_path):
    source, text = read_text(path, Config(home=tmp_path / "home", jobs=1))
    return Record(id=f"sha256:{source.sha256}", source=source, text=text)


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_put_get_has_iterate(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Ủy ban nhân dân tỉnh Bắc Giang\nyêu cầu các sở, ngành.\n", encoding="utf-8")
    record = _record(doc, tmp_path)
    archive = Archive(tmp_path / "home")
    sha = hashlib.sha256(doc.read_bytes()).hexdigest()
    assert not archive.has(sha)
    assert archive.put(record, doc.read_bytes(), doc.name) is True
    assert archive.has(sha) and len(archive) == 1
    assert archive.get(record.id) == record
    assert archive.get(sha) == record
    assert archive.original(record.id).read_bytes() == doc.read_bytes()
    assert [r.id for r in archive] == [record.id]
    stored = tmp_path / "home" / "archive" / sha[:2] / sha
    assert sorted(p.name for p in stored.iterdir()) == ["original.txt", "record.json"]
    assert json.loads((stored / "record.json").read_text(encoding="utf-8"))["id"] == record.id


def test_same_file_is_a_noop_and_changed_file_a_new_record(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Công văn số 12-CV/TU\n", encoding="utf-8")
    archive = Archive(tmp_path / "home")
    first = _record(doc, tmp_path)
    assert archive.put(first, doc.read_bytes(), doc.name)
    before = _files(tmp_path / "home")
    assert archive.put(_record(doc, tmp_path), doc.read_bytes(), doc.name) is False
    assert _files(tmp_path / "home") == before
    doc.write_text("Công văn số 13-CV/TU\n", encoding="utf-8")
    second = _record(doc, tmp_path)
    assert archive.put(second, doc.read_bytes(), doc.name) is True
    assert len(archive) == 2
    assert archive.get(first.id).text.content == "Công văn số 12-CV/TU\n"     # old one kept


def test_refuses_a_record_whose_file_changed(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Thông báo số 1\n", encoding="utf-8")
    record = _record(doc, tmp_path)
    doc.write_text("Thông báo số 2\n", encoding="utf-8")
    archive = Archive(tmp_path / "home")
    with pytest.raises(ArchiveError, match="does not match its source bytes"):
        archive.put(record, doc.read_bytes(), doc.name)
    assert len(archive) == 0
    assert not list((tmp_path / "home").rglob("*.tmp"))


def test_unknown_or_malformed_id(tmp_path):
    archive = Archive(tmp_path / "home")
    with pytest.raises(ArchiveError, match="no record"):
        archive.get("sha256:" + "0" * 64)
    with pytest.raises(ArchiveError, match="not a sha256"):
        archive.get("../../etc/passwd")


def test_replace_keeps_the_previous_record(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Thông báo số 1\n", encoding="utf-8")
    record = _record(doc, tmp_path)
    archive = Archive(tmp_path / "home")
    archive.put(record, doc.read_bytes(), doc.name)
    old_json = (archive.root / record.source.sha256[:2] / record.source.sha256 / "record.json").read_bytes()
    newer = Record(id=record.id, source=record.source, text=record.text, chidao_version="9.9.9")
    archive.replace(newer)
    assert archive.get(record.id).chidao_version == "9.9.9"
    kept = list((archive.root / record.source.sha256[:2] / record.source.sha256 / "previous").iterdir())
    assert [p.read_bytes() for p in kept] == [old_json]
    assert len(archive) == 1


def test_refusals_are_remembered_with_their_limits(tmp_path):
    archive = Archive(tmp_path / "home")
    assert archive.refusal("a" * 64) is None
    archive.refuse("a" * 64, "too long", {"max_pages": 2})
    assert archive.refusal("a" * 64) == {"message": "too long", "limits": {"max_pages": 2}}


def test_check_writable(tmp_path):
    Archive(tmp_path / "home").check_writable()
    (tmp_path / "file").write_text("x")
    with pytest.raises(ArchiveError, match="cannot be written"):
        Archive(tmp_path / "file" / "home").check_writable()
