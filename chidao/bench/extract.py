"""`chidao bench extract` (being built)."""

import click

from chidao.errors import ChidaoError


@click.command(name="extract")
def command() -> None:
    """Not built yet."""
    raise ChidaoError("chidao bench extract is not built yet")
