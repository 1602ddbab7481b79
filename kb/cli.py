"""The `kb` command line: a thin shell over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .problems import summary

ENTRIES_HELP = "Folder of entries to read."


def entries_option(func):
    return click.option(
        "--entries", "entries_dir", default="entries", show_default=True,
        type=click.Path(file_okay=False, path_type=Path), help=ENTRIES_HELP,
    )(func)


def _require_dir(path: Path) -> None:
    if not path.is_dir():
        raise click.UsageError(f"no entries folder at '{path}'; pass --entries DIR")


def _load_or_exit(entries_dir: Path):
    """Load and check the knowledge base; print the problems and exit 1 when it is invalid."""
    from .validate import load

    _require_dir(entries_dir)
    kb = load(entries_dir)
    if not kb.ok:
        for problem in kb.problems:
            click.echo(problem.format(), err=True)
        click.echo(summary(kb.problems, kb.files), err=True)
        sys.exit(1)
    return kb


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eras-kb")
def main():
    """Eras: a knowledge base of deep learning's history, told as eras and scaling axes."""


@main.command()
@entries_option
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="text: PATH:LINE:COL: error: MESSAGE; github: GitHub Actions annotations.")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def validate(entries_dir: Path, fmt: str, paths: tuple[Path, ...]):
    """Check every entry (or just PATHS, in the context of the whole knowledge base).

    Prints each problem as PATH:LINE:COL: error: MESSAGE and a summary line.
    Exits 0 when valid, 1 when any error is found, 2 on a usage error.
    """
    from .validate import check_paths, load

    _require_dir(entries_dir)
    for path in paths:
        if not path.is_file():
            raise click.UsageError(f"no such file: '{path}'")
    kb = load(entries_dir)
    problems = check_paths(kb, paths) if paths else kb.problems
    for problem in problems:
        click.echo(problem.format(fmt))
    click.echo(summary(problems, len(paths) if paths else kb.files))
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
