"""Every CLI command is documented with an example, and errors become one-line messages."""

import click
from click.testing import CliRunner

from chidao.cli import main


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        path = prefix + (name,)
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    undocumented = []
    for path, command in _commands(main):
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        if "Example" not in result.output or not (command.help or "").strip():
            undocumented.append(" ".join(path))
    assert undocumented == []


def test_missing_file_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "extract", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2
    assert result.output.startswith("error:") and result.output.count("\n") == 1
