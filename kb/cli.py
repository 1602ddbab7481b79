"""The `kb` command line: a thin shell over the library. Exit codes: 0 ok, 1 invalid data, 2 usage error.

Each command parses its arguments and calls the library; the library's exceptions are turned into
messages in one place (`Shell.invoke`), and anything unforeseen becomes one line, never a traceback.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from kb import vocab
from kb.cli_options import config_option, entries_option
from kb.outputs.export import FORMATS as EXPORT_FORMATS
from kb.problems import printable, summary

ISSUES_URL = "https://github.com/eras-kb/eras/issues"
KIND_CHOICES = sorted(set(vocab.KINDS) | set(vocab.ALL_KINDS))


class Shell(click.Group):
    """The command group: translates the library's exceptions, once, into messages and exit codes."""

    def invoke(self, ctx):
        from kb.mkdocs_build import BuildFailed, ConfigProblem
        from kb.model import InvalidEntries
        from kb.outputs.writing import UnsafeTarget

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except InvalidEntries as exc:
            from kb.check.run import report

            click.echo(report(exc.kb), err=True)
            sys.exit(1)
        except UnsafeTarget as exc:
            message = str(exc) if "nothing was written" in str(exc) else f"{exc}; nothing was written"
            raise click.UsageError(message) from None
        except (ConfigProblem, BuildFailed) as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # the reader went away (`kb validate | head`): stop quietly, as Unix tools do
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except Exception as exc:  # noqa: BLE001 - the boundary: report, do not crash
            click.echo(unexpected(ctx, exc), err=True)
            sys.exit(1)


def unexpected(ctx, exc: Exception) -> str:
    """One line for an error nobody foresaw: the command, the file it was reading, and where to report it."""
    command = f"kb {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "kb"
    where = "; ".join(getattr(exc, "__notes__", []) or [])
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return printable(
        f"error: {command} stopped on an unexpected problem"
        + (f" {where}" if where else "")
        + f": {type(exc).__name__}"
        + (f": {detail}" if detail else "")
        + f". Nothing was written. Please report it at {ISSUES_URL} with the command and the file."
    )


def _interactive() -> bool:
    """True when a person is at the terminal to answer prompts."""
    return sys.stdin.isatty()


def _require_dir(path: Path) -> None:
    if not path.is_dir():
        raise click.UsageError(f"no entries folder at '{printable(str(path))}'; pass --entries DIR")


def _require_config(config_file: Path) -> None:
    if not config_file.is_file():
        raise click.UsageError(
            f"no mkdocs configuration at '{printable(str(config_file))}'; run from the project folder or pass --config"
        )


def _valid(entries_dir: Path):
    """The checked knowledge base; InvalidEntries (reported by the Shell) when it has errors."""
    from kb.check.run import load_valid

    _require_dir(entries_dir)
    return load_valid(entries_dir)


def _graph(entries_dir: Path):
    from kb.graph import build

    return build(_valid(entries_dir))


def _check_paths_inside(paths: tuple[Path, ...], entries_dir: Path) -> None:
    root = entries_dir.resolve()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise click.UsageError(f"no such file: '{printable(str(path))}'")
        parent = path.absolute().parent.resolve()  # the folder, not the file: a link in entries/ is inside
        if parent != root and root not in parent.parents:
            raise click.UsageError(
                f"'{printable(str(path))}' is outside the entries folder '{entries_dir}'; an entry is checked in "
                f"the context of the knowledge base: move it into {entries_dir}/<kind>/ (or pass --entries DIR)"
            )


@click.group(cls=Shell, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eras-kb")
def main():
    """Eras: a knowledge base of deep learning's history, told as eras and scaling axes.

    Entries are YAML files under entries/<kind>/<id>.yaml. Every command reads them from
    --entries DIR (default: entries/).
    """


@main.command()
@entries_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: PATH:LINE:COL: error: MESSAGE; github: GitHub Actions annotations.",
)
@click.option(
    "--editorial",
    is_flag=True,
    help="Also show advice as warnings (thin eras and axes, unused organizations, compute far from 6ND); "
    "advice never fails.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check dates against this day instead of the real today (YYYY-MM-DD), for reproducible runs.",
)
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def validate(entries_dir: Path, fmt: str, editorial: bool, today, paths: tuple[Path, ...]):
    """Check every entry, or just PATHS in the context of the whole knowledge base.

    Prints each problem as PATH:LINE:COL: error: MESSAGE (or warning:) and a summary line.
    Exits 0 when valid, 1 when any error is found, 2 on a usage error.
    """
    from kb.check.run import check_paths, load

    _require_dir(entries_dir)
    _check_paths_inside(paths, entries_dir)
    kb = load(entries_dir, today=today.date() if today else None, editorial=editorial)
    problems = check_paths(kb, paths) if paths else kb.problems
    for problem in problems:
        click.echo(problem.format(fmt))
    click.echo(summary(problems, len(paths) if paths else kb.files))
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


@main.command()
@entries_option
@config_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where to write the site. It is replaced only when the build succeeds.",
)
def build(entries_dir: Path, config_file: Path, site_dir: Path):
    """Build the static site (strict: any warning fails the build).

    The site is built in a hidden folder and moved into place only when the build succeeds, so a
    failed build leaves the previous site untouched; the old site's dotfiles are kept. A site folder
    that is or holds the project, its docs or entries, or someone else's files, is refused.
    """
    import logging

    from kb import mkdocs_build
    from kb.outputs.writing import check_target

    _require_config(config_file)
    _require_dir(entries_dir)
    config = mkdocs_build.load(config_file, entries_dir, strict=True)
    protected = {
        "entries folder": entries_dir,
        "project folder": config_file.resolve().parent,
        "mkdocs configuration": config_file,
        "docs folder": Path(config["docs_dir"]),
    }
    check_target(site_dir, protected)
    checked = _valid(entries_dir)
    mkdocs_build.show_messages(logging.WARNING)
    seconds = mkdocs_build.build_site(config, site_dir, checked)
    click.echo(f"Built the site in {site_dir} in {seconds:.1f} s.")


@main.command()
@entries_option
@config_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(entries_dir: Path, config_file: Path, dev_addr: str):
    """Build the site and serve it, rebuilding when an entry or page changes."""
    import logging

    from mkdocs.exceptions import MkDocsException

    from kb import mkdocs_build

    if not re.fullmatch(r"[\w.\-]+:\d{1,5}|\[[0-9a-fA-F:]+\]:\d{1,5}", dev_addr):
        raise click.UsageError(f"--dev-addr {dev_addr!r} is not HOST:PORT, e.g. 127.0.0.1:8000")
    port = int(dev_addr.rsplit(":", 1)[1])
    if not 1 <= port <= 65535:
        raise click.UsageError(f"--dev-addr {dev_addr!r}: port {port} is not between 1 and 65535, e.g. 127.0.0.1:8000")
    _require_config(config_file)
    _require_dir(entries_dir)
    from kb.check.run import load, report

    kb = load(entries_dir)
    if not kb.ok:  # serve anyway: the site leaves those entries out and lists the problems at /problems/
        click.echo(report(kb), err=True)
    mkdocs_build.load(config_file, entries_dir)  # a broken configuration is reported before serving
    mkdocs_build.show_messages(logging.INFO)
    click.echo(f"Serving on http://{dev_addr}/ (Ctrl+C to stop)")
    try:
        mkdocs_build.serve(config_file, entries_dir, dev_addr)
    except OSError as exc:
        click.echo(f"error: cannot serve on {dev_addr}: {exc.strerror or exc}; try another --dev-addr", err=True)
        sys.exit(1)
    except MkDocsException as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@main.command()
@entries_option
@click.argument("entry_id")
def show(entries_dir: Path, entry_id: str):
    """Show one entry: its facts, figures and relations in both directions."""
    from kb.check.messages import did_you_mean
    from kb.outputs.show import describe

    graph = _graph(entries_dir)
    if entry_id not in graph:
        raise click.UsageError(f"no entry '{printable(entry_id)}'{did_you_mean(entry_id, list(graph))}")
    click.echo(describe(graph, entry_id, entries_dir))


@main.command()
@entries_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="json is node-link JSON; csv is one row per entry.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def export(entries_dir: Path, fmt: str, output: Path | None):
    """Export the knowledge graph as JSON, GraphML, GEXF or CSV.

    -o never writes into the entries folder, and replaces only a file that holds an earlier export.
    """
    from kb.outputs.export import export as do_export
    from kb.outputs.export import looks_like_export
    from kb.outputs.writing import check_output_file, write_atomically

    if output:
        check_output_file(output, entries_dir, looks_like_export)
    text = do_export(_graph(entries_dir), fmt)
    if output:
        write_atomically(output, text)
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@entries_option
@click.argument("kind", required=False, type=click.Choice(KIND_CHOICES))
@click.argument("entry_id", required=False)
def new(entries_dir: Path, kind: str | None, entry_id: str | None):
    """Write a commented template for a new entry: kb new model my-model.

    Refuses to overwrite an existing file or to reuse an id. Without arguments in a terminal it asks.
    """
    from kb.outputs.new_entry import Refused, write_new_entry

    if kind is None or entry_id is None:
        if not _interactive():
            raise click.UsageError("give KIND and ID, e.g. 'kb new model my-model'")
        kind = kind or click.prompt("Kind", type=click.Choice(list(vocab.ALL_KINDS)), default="model")
        entry_id = entry_id or click.prompt("Id (a lowercase slug like my-model)")
    _require_dir(entries_dir)
    try:
        path = write_new_entry(entries_dir, kind, entry_id)
    except Refused as exc:
        raise click.UsageError(printable(str(exc))) from None
    click.echo(f"Wrote {path}. Fill in the TODOs, then run: kb validate {path}")


@main.command()
@entries_option
@click.argument("base", default="main")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown suits a pull-request comment.",
)
def diff(entries_dir: Path, base: str, fmt: str):
    """Show what the working tree changes in the knowledge base compared with git ref BASE.

    Lists entries added, removed and renamed, relations added and removed, figures changed (old ->
    new, with status), and era, axis, organization and date moves. It is a report: it exits 0 whether
    or not anything changed, and 2 only when it cannot run (no git, unknown ref).
    """
    from kb.outputs.diff import DiffError, render
    from kb.outputs.diff import diff as do_diff

    _require_dir(entries_dir)
    try:
        change = do_diff(base, entries_dir)
    except DiffError as exc:
        raise click.UsageError(f"cannot compare with '{base}': {exc}") from None
    click.echo(render(change, base, markdown=fmt == "markdown"), nl=False)


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema files differ from the code or the ids.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the schema files live (default: schema/ in the project); the ids are read from entries/ beside it.",
)
def schema(check: bool, directory: Path | None):
    """Write the editors' JSON Schema files (schema/*.schema.json), or check them.

    They are built from the vocabulary and the ids of the entries beside them (for completions);
    `kb validate` does not read them. `kb new` rewrites them.
    """
    from kb.read.catalog import catalog
    from kb.schema import SCHEMA_FILE
    from kb.schema_editor import stale, write

    directory = directory or SCHEMA_FILE.parent
    known = catalog(directory.parent / "entries")  # the entries whose modelines point at these files
    if check:
        found = stale(directory, known)
        for name, why in found.items():
            click.echo(f"{directory / name}: out of date; run 'kb schema' to rewrite it ({why})", err=True)
        sys.exit(1 if found else 0)
    for path in write(directory, known):
        click.echo(f"Wrote {path}")


from kb.cli_epoch import check, import_rows  # noqa: E402 - Epoch AI's commands live in their own module

main.add_command(check)
main.add_command(import_rows)

from kb.render_files import render  # noqa: E402 - `kb render` lives in its own module too

main.add_command(render)

from kb.cli_cite import cite  # noqa: E402

main.add_command(cite)

from kb.cli_rename import rename  # noqa: E402

main.add_command(rename)


if __name__ == "__main__":  # pragma: no cover
    main()
