"""Search commands: search, reindex."""

from __future__ import annotations

import json

import click

from chidao.cli import config_of, main


@main.command()
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (total, hits, facets).")
@click.option("--type", "type_", help='Document type, e.g. "Kế hoạch".')
@click.option("--issuer", help='Issuing body, e.g. "Tỉnh ủy Bắc Giang" (part of the name is enough).')
@click.option("--body", help="A body that leads or cooperates on a task (any spelling).")
@click.option("--role", type=click.Choice(["lead", "cooperating"]), help="With --body: only this role.")
@click.option("--from", "date_from", metavar="DATE", help="Documents dated on or after DATE.")
@click.option("--to", "date_to", metavar="DATE", help="Documents dated on or before DATE.")
@click.option("--due-from", metavar="DATE", help="With a task due on or after DATE.")
@click.option("--due-to", metavar="DATE", help="With a task due on or before DATE.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], as_json: bool, type_: str | None, issuer: str | None,
           body: str | None, role: str | None, date_from: str | None, date_to: str | None,
           due_from: str | None, due_to: str | None, sort: str, limit: int, page: int) -> None:
    """Search the archived directives, with or without diacritics.

    Words must all match; "quoted words" are a phrase; a trailing * is a prefix; a document
    number can be typed as printed ("135-TB/BCĐ") or loosely ("TB 135"). Filters can also be
    written in the query: loai:"Kế hoạch" co-quan:"Tỉnh ủy" don-vi:"Sở Nội vụ" tu:2024-01-01
    den:2024-12-31 han-tu:… han-den:… (or type: issuer: body: from: to: due-from: due-to:).

    \b
    Example:
      chidao search chuyen doi so --type "Kế hoạch" --from 2024-01-01
      chidao search "135-TB/BCĐ" --json
    """
    from chidao.index import open_index, parse_query
    from chidao.summary import print_search_result

    q = parse_query(" ".join(query), type=type_, issuer=issuer, body=body, role=role, date_from=date_from,
                    date_to=date_to, due_from=due_from, due_to=due_to, sort=sort, limit=limit,
                    offset=(page - 1) * limit)
    with open_index(config_of(ctx)) as index:
        result = index.search(q)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_search_result(result, q)


@main.command()
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Rebuild the search index from the archive (and catch up pending records).

    With CHIDAO_ES_URL set, Elasticsearch is rebuilt into a new index and the alias swapped
    at the end, so searchers never see a half-built index; the SQLite store is rebuilt too.

    \b
    Example:
      chidao reindex
    """
    from chidao.index import open_index
    from chidao.pipeline import Archive

    config = config_of(ctx)
    with open_index(config) as index:
        summary = index.reindex(Archive(config.home))
    for record_id, message in summary.failed:
        click.echo(f"failed: {record_id}: {message}", err=True)
    click.echo(summary.line())
