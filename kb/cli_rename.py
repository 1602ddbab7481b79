"""`kb rename OLD NEW`: a new id for an entry, every reference rewritten, the old id kept for redirects."""

from __future__ import annotations

from pathlib import Path

import click

from kb.cli_options import entries_option
from kb.problems import printable


@click.command()
@entries_option
@click.argument("old")
@click.argument("new")
@click.option("--dry-run", is_flag=True, help="Say what would change and write nothing.")
def rename(entries_dir: Path, old: str, new: str, dry_run: bool):
    """Rename entry OLD to NEW: kb rename gpt4 gpt-4.

    Renames the file, rewrites every reference to OLD in every entry (relations, organization, era, axes,
    results, charts, links in text) in place, and records OLD in the entry's former_ids, so that the old
    page redirects to the new one and the API answers the old id. Refuses when the entries have errors, when
    NEW is taken, and writes nothing then. The knowledge base is checked again afterwards.
    """
    from kb.check.messages import did_you_mean
    from kb.check.run import load, load_valid, report
    from kb.outputs.rename import Refused, carry_out, plan

    if not entries_dir.is_dir():
        raise click.UsageError(f"no entries folder at '{printable(str(entries_dir))}'; pass --entries DIR")
    kb = load(entries_dir)
    try:
        result = plan(kb, old, new)
    except Refused as exc:
        hint = did_you_mean(old, list(kb.entries)) if old not in kb.entries else ""
        raise click.UsageError(printable(str(exc)) + hint) from None
    others = sorted(path for path in result.texts if path != result.new_path)
    verb = "Would rename" if dry_run else "Renamed"
    count = f"{result.references} reference(s) in {len(others)} other file(s)"
    click.echo(f"{verb} {result.old_path} to {result.new_path}; {count}:")
    for path in others:
        click.echo(f"  {path}")
    if dry_run:
        return
    try:
        carry_out(result)
    except Refused as exc:
        raise click.UsageError(printable(str(exc))) from None
    after = load(entries_dir)
    if not after.ok:  # never expected: the plan only swaps ids; say so loudly rather than leave it unnoticed
        click.echo(report(after), err=True)
        raise SystemExit(1)
    load_valid(entries_dir)
    from kb.outputs.new_entry import refresh_schema

    refresh_schema(entries_dir)  # the editor schema lists the ids: NEW now, not OLD
    click.echo(f"'{old}' is kept in former_ids: its old page redirects to the new one. kb validate: no errors.")
