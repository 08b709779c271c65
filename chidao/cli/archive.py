"""Archive commands: extract, ingest, restore, reprocess."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chidao.cli import config_of, main


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
@click.option("--no-restore", is_flag=True, help="Skip diacritic restoration.")
@click.pass_context
def extract(ctx: click.Context, file: Path, as_json: bool, no_restore: bool) -> None:
    """Print the record of FILE without storing it.

    \b
    Example:
      chidao extract samples/004_bf85b1cdd7b62294.txt --json
    """
    from chidao.recipe import build_record
    from chidao.summary import print_record_summary

    config = config_of(ctx).with_(restore=not no_restore)
    record = build_record(file, config)
    if as_json:
        click.echo(record.to_json())
    else:
        print_record_summary(record)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], quiet: bool) -> None:
    """Archive and index every file in PATHS (files and folders, recursive).

    Re-ingesting an unchanged file is a no-op; failed files are listed, copied to the
    quarantine folder, and the batch goes on. A missing program or model, or an archive that
    cannot be written, stops the batch with its own exit code. Exit status is 2 if any file
    failed.

    \b
    Example:
      chidao ingest ~/scans/2024 samples/000_51c4258bd6ed2d1c.txt
    """
    from chidao.batch import ingest_paths
    from chidao.index import open_index
    from chidao.pipeline import Archive

    config = config_of(ctx)
    with open_index(config) as index:
        summary = ingest_paths(list(paths), config, show_progress=not quiet, index=index)
        index.catch_up(Archive(config.home))
    if summary.failed:
        sys.exit(2)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, allow_dash=True), default="-")
def restore(file: Path) -> None:
    """Restore diacritics and repair legacy OCR in FILE (or stdin), to stdout.

    The text is decoded as ingest decodes it (UTF-8, UTF-16 with BOM, or Windows-1258).

    \b
    Example:
      echo "Ban Thuong vu Tinh uy yeu cau" | chidao restore
    """
    from chidao.errors import InputFileError
    from chidao.nlp import restore_diacritics
    from chidao.pipeline import decode_text, detect_kind
    from chidao.pipeline.triage import read_bytes

    data = sys.stdin.buffer.read() if str(file) == "-" else read_bytes(file)
    if data and detect_kind(data) != "text":
        raise InputFileError(f"{file}: not a text file (binary data): use `chidao extract` for PDFs and scans")
    click.echo(restore_diacritics(decode_text(data)), nl=False)


@main.command()
@click.option("--older-than", metavar="VERSION", help="Only records made by a chidao older than "
              "VERSION (default: this version).")
@click.option("--all", "everything", is_flag=True, help="Every record, whatever made it.")
@click.pass_context
def reprocess(ctx: click.Context, older_than: str | None, everything: bool) -> None:
    """Make archived records again with this chidao (restoration and extraction; no OCR).

    Each new record replaces the old one atomically; the old one is kept under the entry's
    previous/ folder. Records already made by this version are left alone, so a second run
    is a no-op. The search index follows.

    \b
    Example:
      chidao reprocess                 # records made by older versions
      chidao reprocess --all           # after editing the rules under corpus/
    """
    from chidao.index import open_index
    from chidao.reprocess import reprocess_archive

    config = config_of(ctx)
    with open_index(config) as index:
        summary = reprocess_archive(config, older_than=older_than, everything=everything,
                                    on_record=index.add_or_mark_pending)
    for record_id, message in summary.failed:
        click.echo(f"failed: {record_id}: {message}", err=True)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(2)
