"""`chidao bench restore` (being built)."""

import click

from chidao.errors import ChidaoError


@click.command(name="restore")
def command() -> None:
    """Not built yet."""
    raise ChidaoError("chidao bench restore is not built yet")
