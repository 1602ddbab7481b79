"""`kb cite ID`: BibTeX for an entry's primary source and for the entry itself."""

from __future__ import annotations

from pathlib import Path

import click

from kb.cli_options import entries_option
from kb.problems import printable


@click.command()
@entries_option
@click.argument("entry_id")
def cite(entries_dir: Path, entry_id: str):
    """Print BibTeX for an entry's primary source (its first source) and for the entry itself."""
    from kb.check.messages import did_you_mean
    from kb.check.run import load_valid
    from kb.graph import build
    from kb.outputs.cite import citations

    if not entries_dir.is_dir():
        raise click.UsageError(f"no entries folder at '{printable(str(entries_dir))}'; pass --entries DIR")
    graph = build(load_valid(entries_dir))
    if entry_id not in graph:
        raise click.UsageError(f"no entry '{printable(entry_id)}'{did_you_mean(entry_id, list(graph))}")
    click.echo("\n\n".join(citations(entry_id, graph.nodes[entry_id])))
