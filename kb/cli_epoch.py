"""`kb check --against` and `kb import epoch`: the commands on Epoch AI's data, registered on `kb` by kb/cli.py.

They live in a module of their own to keep kb/cli.py small; like every command, they run inside its Shell,
which turns the library's exceptions into one-line messages and exit codes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kb.cli_options import entries_option
from kb.problems import printable


def _epoch_table(csv_file: Path):
    """Epoch's CSV read into rows; a file that is not one is a usage error."""
    from kb.outputs.epoch import EpochFileError, read_table

    try:
        return read_table(csv_file)
    except EpochFileError as exc:
        raise click.UsageError(printable(str(exc))) from None


def _readable(entries_dir: Path):
    """Every entry that could be read, errors or not: drafts with TODOs are compared and counted too."""
    from kb.check.run import load

    if not entries_dir.is_dir():
        raise click.UsageError(f"no entries folder at '{printable(str(entries_dir))}'; pass --entries DIR")
    return load(entries_dir)


@click.command()
@entries_option
@click.option(
    "--against",
    "csv_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Epoch AI's Notable AI Models CSV (notable_ai_models.csv, any version of its columns).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "github"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull request, github for annotations at each figure's line.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when there is any disagreement.")
def check(entries_dir: Path, csv_file: Path, fmt: str, strict: bool):
    """Cross-check the models against Epoch AI's data on notable models.

    Matches each model (and any entry with an epoch_name pin) to a row by its pin, name or aliases, and
    reports every disagreement: a figure more than 10% apart (training compute: 2x), a date more than a
    month apart, a figure Epoch has that the entry lacks, a status or a missing confidence level that
    contradicts the row. It is a report: exit 0, or 1 with --strict when anything disagrees.
    """
    from kb.outputs.epoch_check import check_against
    from kb.outputs.epoch_report import render

    table = _epoch_table(csv_file)
    report = check_against(_readable(entries_dir), table)
    click.echo(render(report, fmt), nl=False)
    sys.exit(1 if strict and report.findings else 0)


@click.command("import")
@entries_option
@click.argument("source", type=click.Choice(["epoch"]))
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("names", metavar="[NAME]...", nargs=-1)
@click.option("--missing", is_flag=True, help="List the rows no entry matches instead of writing drafts.")
@click.option(
    "--since", metavar="YEAR", type=click.IntRange(1900, 9999), help="With --missing: rows dated YEAR or later."
)
@click.option("--limit", metavar="N", type=click.IntRange(min=1), help="With --missing: at most N rows (default: 20).")
def import_rows(entries_dir: Path, source: str, csv_file: Path, names, missing: bool, since, limit):
    """Write draft model entries for the named rows of Epoch AI's CSV: kb import epoch FILE.csv 'Model'.

    A draft copies the row's name, date, figures (status estimated, by Epoch AI) and links, never its prose;
    it is pinned to the row with epoch_name, and what only a curator can write is left as TODO, which kb
    validate reports. Nothing is written when any draft's file or id already exists. With --missing it
    lists rows that no entry matches (newest first) and writes nothing.
    """
    from kb.outputs.epoch_import import Refused, missing_rows, write_drafts

    if missing == bool(names):
        raise click.UsageError("give the Model names of the rows to import, or --missing to list candidates")
    if not missing and (since is not None or limit is not None):
        raise click.UsageError("--since and --limit go with --missing")
    table = _epoch_table(csv_file)
    kb = _readable(entries_dir)
    if missing:
        click.echo(missing_rows(kb, table, since, limit or 20), nl=False)
        return
    try:
        written = write_drafts(kb, table, list(names), entries_dir)
    except Refused as exc:
        raise click.UsageError(printable(str(exc))) from None
    from kb.outputs.new_entry import refresh_schema

    refresh_schema(entries_dir)  # the editor schema lists the new ids
    for path, notes in written:
        click.echo(f"Wrote {path}" + "".join(f"\n  {printable(note)}" for note in notes))
    click.echo("Fill in the TODOs, then run: kb validate " + " ".join(str(path) for path, _ in written))
