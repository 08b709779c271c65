"""The groundwork a newcomer relies on: environment errors stop a batch with their own exit
code and quarantine nothing, bad input never shows a traceback, records made by an older
chidao are brought up to date without OCR, temporary files do not outlive a killed run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from chidao.cli import main
from chidao.pipeline import Archive, clean_stale_scratch
from tests.render_pages import directive_pages, save_page

ROOT = Path(__file__).resolve().parent.parent
CHIDAO = Path(sys.executable).parent / "chidao"


def test_missing_tesseract_stops_the_batch_with_its_exit_code(tmp_path):
    (tmp_path / "in").mkdir()
    scan = save_page(directive_pages(1, seed=3)[0], tmp_path / "in" / "scan.png")
    shutil.copy(ROOT / "samples" / "004_bf85b1cdd7b62294.txt", tmp_path / "in" / "typed.txt")
    env = {**os.environ, "PATH": str(CHIDAO.parent), "CHIDAO_HOME": str(tmp_path / "home")}
    done = subprocess.run([str(CHIDAO), "ingest", "-q", str(scan)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 3, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: tesseract not found: apt-get install tesseract-ocr tesseract-ocr-vie"]
    assert not (tmp_path / "home" / "quarantine").exists()
    assert len(Archive(tmp_path / "home")) == 0


def test_restore_reads_what_ingest_reads_and_refuses_binary(tmp_path):
    legacy = tmp_path / "cp1258.txt"
    legacy.write_bytes("Ban Thuong vu Tinh uy yeu cau\n".encode("cp1258"))
    result = CliRunner().invoke(main, ["restore", str(legacy)])
    assert result.exit_code == 0 and result.output == "Ban Thường vụ Tỉnh ủy yêu cầu\n"
    binary = tmp_path / "scan.bin"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    result = CliRunner().invoke(main, ["restore", str(binary)])
    assert result.exit_code == 2 and result.output.startswith("error:") and result.output.count("\n") == 1
    assert "not a text file" in result.output


def test_a_pdf_damaged_in_the_middle_is_a_corrupt_pdf_not_an_internal_error(tmp_path):
    data = bytearray((ROOT / "samples" / "005_scan_thong_bao.pdf").read_bytes())
    second_page = data.index(b"3 0 obj")
    data[second_page:second_page + 160] = b"#" * 160
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "home"), "extract", str(damaged)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error:") and "corrupt PDF" in result.output and result.output.count("\n") == 1


def test_reprocess_upgrades_an_archive_made_by_chidao_0_1(tmp_path):
    home = tmp_path / "home"
    shutil.copytree(ROOT / "tests" / "data" / "archive_v0_1", home)
    before = {r.id: r for r in Archive(home)}
    assert {r.schema_version for r in before.values()} == {1}
    result = CliRunner().invoke(main, ["--home", str(home), "reprocess"])
    assert result.exit_code == 0, result.output
    assert "reprocessed 2, already current 0, failed 0" in result.output
    after = {r.id: r for r in Archive(home)}
    assert set(after) == set(before)
    for record_id, record in after.items():
        old = before[record_id]
        assert record.schema_version == 2 and record.chidao_version != old.chidao_version
        assert record.source == old.source and record.document.number == old.document.number
        # task ids follow ordinals: a task whose ordinal is unchanged keeps its id
        assert all(t.id == f"{record_id}#{t.ordinal}" for t in record.tasks)
        assert {t.id for t in record.tasks} & {t.id for t in old.tasks}
        folder = home / "archive" / record_id[7:9] / record_id[7:]
        assert len(list((folder / "previous").iterdir())) == 1
    legacy = next(r for r in after.values() if r.text.method == "legacy-ocr")
    assert legacy.text.raw is not None and "Pang" in legacy.text.raw  # the text as read, kept
    again = CliRunner().invoke(main, ["--home", str(home), "reprocess"])
    assert "reprocessed 0, already current 2, failed 0" in again.output
    # the index follows: the upgraded records are searchable
    found = CliRunner().invoke(main, ["--home", str(home), "search", "2858-CV/TU", "--json"])
    assert '"total": 1' in found.output


def test_scratch_folders_of_dead_processes_are_cleaned(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"ocr-{dead.stdout.strip()}-abc"
    mine = tmp_path / f"ocr-{os.getpid()}-def"
    for folder in (stale, mine):
        folder.mkdir()
        (folder / "page1.pgm").write_bytes(b"P5")
    assert clean_stale_scratch(tmp_path) == 1
    assert not stale.exists() and mine.exists()
