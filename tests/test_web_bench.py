"""`chidao bench web` runs end to end on a tiny generated corpus: the app served by `chidao
serve` in a second process, every page answered without error, one table printed. No timing
is asserted (benchmarks print numbers; tests never judge them)."""

from click.testing import CliRunner

from chidao.cli import main


def test_bench_web_runs_tiny(tmp_path):
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "home"), "--today", "2025-06-01", "bench", "web",
                                       "--records", "12", "--requests", "3", "--clients", "2", "--seconds", "0.5",
                                       "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    for name in ("search page", "document", "task board", "req/s"):
        assert name in result.output
    errors = [line.split("│")[-2].strip() for line in result.output.splitlines()
              if line.startswith("│") and any(k in line for k in ("search", "document", "task board"))]
    assert errors and all(e == "0" for e in errors), result.output
