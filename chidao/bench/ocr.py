"""`chidao bench ocr` (being built)."""

import click

from chidao.errors import ChidaoError


@click.command(name="ocr")
def command() -> None:
    """Not built yet."""
    raise ChidaoError("chidao bench ocr is not built yet")
