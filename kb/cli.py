"""The `kb` command line: a thin shell over the library. Exit codes: 0 ok, 1 invalid data, 2 usage error."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kb import vocab
from kb.outputs.export import FORMATS as EXPORT_FORMATS
from kb.problems import summary

ENTRIES_HELP = "Folder of entries to read."
ENTRIES_ENV = "ERAS_ENTRIES"


def entries_option(func):
    return click.option(
        "--entries",
        "entries_dir",
        default="entries",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=ENTRIES_HELP,
    )(func)


def config_option(func):
    return click.option(
        "--config",
        "config_file",
        default="mkdocs.yml",
        show_default=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The mkdocs configuration to build with.",
    )(func)


def _interactive() -> bool:
    """True when a person is at the terminal to answer prompts."""
    return sys.stdin.isatty()


def _require_dir(path: Path) -> None:
    if not path.is_dir():
        raise click.UsageError(f"no entries folder at '{path}'; pass --entries DIR")


def _load_or_exit(entries_dir: Path):
    """Load and check the knowledge base; print the problems and exit 1 when it is invalid."""
    from kb.check.run import load

    _require_dir(entries_dir)
    kb = load(entries_dir)
    if not kb.ok:
        for problem in kb.problems:
            click.echo(problem.format(), err=True)
        click.echo(summary(kb.problems, kb.files), err=True)
        sys.exit(1)
    return kb


def _safe_target(
    target: Path, config_file: Path | None, entries_dir: Path, docs_dir: Path | None = None, kind="site folder"
):
    """Refuse (as a usage error) a folder to generate into where writing could destroy what kb did not create."""
    from kb.mkdocs_build import UnsafeTarget, check_target

    protected = {"entries folder": entries_dir}
    if config_file is not None:
        protected |= {"project folder": config_file.resolve().parent, "mkdocs configuration": config_file}
    if docs_dir is not None:
        protected["docs folder"] = docs_dir
    try:
        return check_target(target, protected, kind)
    except UnsafeTarget as exc:
        raise click.UsageError(f"{exc}; nothing was written") from None


def _safe_output_file(output: Path, entries_dir: Path) -> None:
    """Refuse to write an export over an entry, into the entries folder, or over a file that is not an export."""
    from kb.outputs.export import looks_like_export

    if not output.parent.is_dir():
        raise click.UsageError(f"cannot write '{output}': the folder '{output.parent}' does not exist")
    real, root = output.resolve(), entries_dir.resolve()
    if real == root or root in real.parents:
        raise click.UsageError(f"cannot write '{output}': it lies inside the entries folder; nothing was written")
    if output.exists() and (not output.is_file() or not looks_like_export(output)):
        raise click.UsageError(
            f"'{output}' exists and is not an earlier export; nothing was written. Choose another file name "
            "or remove it first"
        )


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed into place."""
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _graph(entries_dir: Path):
    from kb.graph import build

    return build(_load_or_exit(entries_dir))


class Shell(click.Group):
    """The command group: any error the library did not foresee becomes one line, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the boundary: report, do not crash
            command = f"kb {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "kb"
            where = "; ".join(getattr(exc, "__notes__", []) or [])
            detail = str(exc).splitlines()[0] if str(exc) else ""
            click.echo(
                f"error: {command} stopped on an unexpected problem"
                + (f" {where}" if where else "")
                + f": {type(exc).__name__}"
                + (f": {detail}" if detail else "")
                + f". Nothing was written. Please report it at {ISSUES_URL} with the command and the file.",
                err=True,
            )
            sys.exit(1)


ISSUES_URL = "https://github.com/eras-kb/eras/issues"


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
    help="Also warn where a model or paper misses the editorial rules (two relations, an axis).",
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
    root = entries_dir.resolve()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise click.UsageError(f"no such file: '{path}'")
        parent = path.absolute().parent.resolve()  # the folder, not the file: a link in entries/ is inside
        if parent != root and root not in parent.parents:
            raise click.UsageError(
                f"'{path}' is outside the entries folder '{entries_dir}'; an entry is checked in the context of "
                f"the knowledge base: move it into {entries_dir}/<kind>/ (or pass --entries DIR)"
            )
    kb = load(entries_dir, today=today.date() if today else None, editorial=editorial)
    problems = check_paths(kb, paths) if paths else kb.problems
    for problem in problems:
        click.echo(problem.format(fmt))
    click.echo(summary(problems, len(paths) if paths else kb.files))
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


def _mkdocs_logging(level: int) -> None:
    """Show mkdocs' own messages (warnings, rebuilds) the way the mkdocs command does."""
    import logging

    class CurrentStderr(logging.StreamHandler):
        """Writes to whatever sys.stderr is at the time (click's test runner swaps it)."""

        @property
        def stream(self):
            return sys.stderr

        @stream.setter
        def stream(self, _value):
            pass

    logger = logging.getLogger("mkdocs")
    if not any(type(h).__name__ == "CurrentStderr" for h in logger.handlers):
        handler = CurrentStderr()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


def _mkdocs_config(config_file: Path, entries_dir: Path, **overrides):
    from mkdocs.config import load_config

    if not config_file.is_file():
        raise click.UsageError(
            f"no mkdocs configuration at '{config_file}'; run from the project folder or pass --config"
        )
    _require_dir(entries_dir)
    os.environ[ENTRIES_ENV] = str(entries_dir.resolve())
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.exceptions import MkDocsException

    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as exc:
        click.echo(f"error: {config_file}: {exc}", err=True)
        sys.exit(1)


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

    The site is built in a temporary folder next to SITE_DIR and moved into place only when the
    build succeeds, so a failed build leaves the previous site untouched.
    """
    import logging

    from kb.mkdocs_build import BuildFailed, build_site

    config = _mkdocs_config(config_file, entries_dir, strict=True)
    _safe_target(site_dir, config_file, entries_dir, docs_dir=Path(config["docs_dir"]))
    _load_or_exit(entries_dir)
    _mkdocs_logging(logging.WARNING)
    try:
        seconds = build_site(config, site_dir)
    except BuildFailed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Built the site in {site_dir} in {seconds:.1f} s.")


@main.command()
@entries_option
@config_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(entries_dir: Path, config_file: Path, dev_addr: str):
    """Build the site and serve it, rebuilding when an entry or page changes."""
    import logging
    import re

    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    if not re.fullmatch(r"[\w.\-]+:\d{1,5}|\[[0-9a-fA-F:]+\]:\d{1,5}", dev_addr):
        raise click.UsageError(f"--dev-addr {dev_addr!r} is not HOST:PORT, e.g. 127.0.0.1:8000")
    port = int(dev_addr.rsplit(":", 1)[1])
    if not 1 <= port <= 65535:
        raise click.UsageError(f"--dev-addr {dev_addr!r}: port {port} is not between 1 and 65535, e.g. 127.0.0.1:8000")
    _load_or_exit(entries_dir)
    _mkdocs_logging(logging.INFO)
    _mkdocs_config(config_file, entries_dir)  # checks the paths and sets the entries folder
    click.echo(f"Serving on http://{dev_addr}/ (Ctrl+C to stop)")
    try:
        mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)
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
        raise click.UsageError(f"no entry '{entry_id}'{did_you_mean(entry_id, list(graph))}")
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
    """Export the knowledge graph as JSON, GraphML, GEXF or CSV."""
    from kb.outputs.export import export as do_export

    if output:
        _safe_output_file(output, entries_dir)
    text = do_export(_graph(entries_dir), fmt)
    if output:
        _write_atomically(output, text)
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


KIND_CHOICES = sorted(set(vocab.KINDS) | set(vocab.ALL_KINDS))


@main.command()
@entries_option
@click.argument("kind", required=False, type=click.Choice(KIND_CHOICES))
@click.argument("entry_id", required=False)
def new(entries_dir: Path, kind: str | None, entry_id: str | None):
    """Write a commented template for a new entry: kb new model my-model.

    Refuses to overwrite an existing file or to reuse an id. Without arguments in a terminal it asks.
    """
    import re

    from kb.outputs.new_entry import template

    if kind is None or entry_id is None:
        if not _interactive():
            raise click.UsageError("give KIND and ID, e.g. 'kb new model my-model'")
        kind = kind or click.prompt("Kind", type=click.Choice(list(vocab.ALL_KINDS)), default="model")
        entry_id = entry_id or click.prompt("Id (a lowercase slug like my-model)")
    kind = vocab.KINDS.get(kind, kind)
    if not re.fullmatch(vocab.ID_PATTERN, entry_id) or entry_id in vocab.RESERVED_IDS:
        raise click.UsageError(f"'{entry_id}' is not a valid id; use a lowercase slug like 'my-model'")
    _require_dir(entries_dir)
    existing = {p.stem: p for folder in vocab.KINDS for p in (entries_dir / folder).glob("*.yaml")}
    if entry_id in existing:
        raise click.UsageError(f"an entry '{entry_id}' already exists at {existing[entry_id]}; nothing was written")
    path = entries_dir / vocab.FOLDERS[kind] / f"{entry_id}.yaml"
    if path.parent.exists() and not path.parent.is_dir():
        raise click.UsageError(f"'{path.parent}' is a file, not a folder; entries of kind {kind} live in that folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(template(kind, entry_id, path))
    except FileExistsError:
        raise click.UsageError(f"{path} already exists; nothing was written") from None
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
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema files differ from the code.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the schema files live (default: schema/ in the project).",
)
def schema(check: bool, directory: Path | None):
    """Write the JSON Schema files (schema/*.schema.json) from the vocabulary, or check them."""
    from kb import schema as schema_mod

    directory = directory or schema_mod.SCHEMA_FILE.parent
    if check:
        stale = [
            name
            for name, text in schema_mod.rendered().items()
            if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            click.echo(f"{directory / name}: out of date; run 'kb schema'", err=True)
        sys.exit(1 if stale else 0)
    for path in schema_mod.write(directory):
        click.echo(f"Wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
