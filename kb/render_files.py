"""`kb render --out DIR`: the whole site as plain files, for a Material-compatible tool that runs no mkdocs plugins.

The second adapter over the renderers (kb/mkdocs_plugin.py is the first). It writes DIR/docs/ (the project's
hand-written pages with every ``<!-- eras:NAME -->`` marker filled, each generated page as Markdown, every
asset) and DIR/mkdocs.yml (the project's configuration without the eras plugin), so that `zensical build`
(or a plain `mkdocs build`) in DIR builds the same site. Registered on `kb` by kb/cli.py, whose Shell turns
the library's exceptions into messages and exit codes.
"""

from __future__ import annotations

import shutil
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from kb.cli_options import config_option, entries_option
from kb.mkdocs_build import PLUGIN, BuildFailed, ConfigProblem, read_config
from kb.outputs.writing import check_target, generate_into
from kb.problems import printable

if TYPE_CHECKING:
    from markupsafe import Markup

MARKER = "<!-- eras:{} -->"
MARKER_START = "<!-- eras:"
THEME_DIR = "theme"  # where a theme's custom_dir is copied to, beside docs/


def written_config(raw: dict, entry_pages: set[str]) -> dict:
    """The configuration for DIR: docs in docs/, the site in site/, no eras plugin, entry pages out of the nav.

    The plugin marks entry pages "not in nav"; a tool without it reads the same from `not_in_nav`.

    >>> written_config({"docs_dir": "../d", "plugins": ["search", {"eras": {"entries": "e"}}]}, {"models/a.md"})
    {'docs_dir': 'docs', 'plugins': ['search'], 'site_dir': 'site', 'not_in_nav': '/models/a.md\\n'}
    """
    config = dict(raw)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        config["plugins"] = {name: options for name, options in plugins.items() if name != PLUGIN}
    elif isinstance(plugins, list):
        config["plugins"] = [p for p in plugins if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)]
    patterns = [line for line in str(config.get("not_in_nav") or "").splitlines() if line.strip()]
    patterns += [f"/{src}" for src in sorted(entry_pages)]
    config["not_in_nav"] = "".join(f"{line}\n" for line in patterns)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        config["theme"] = theme | {"custom_dir": THEME_DIR}
    return config


class _ConfigDumper(yaml.SafeDumper):
    """Plain YAML, plus the `!!python/name:` references Material's configurations use (emoji functions)."""


def _represent_name(dumper: yaml.SafeDumper, value) -> yaml.Node:
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value.__module__}.{value.__qualname__}", "")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Text of several lines (not_in_nav's patterns) as a literal block, one pattern a line."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_ConfigDumper.add_representer(str, _represent_str)
for _kind in (types.FunctionType, types.BuiltinFunctionType, type):
    _ConfigDumper.add_representer(_kind, _represent_name)


def dump_config(config: dict, config_file: Path) -> str:
    """The configuration as YAML text; ConfigProblem for a value only mkdocs itself can use (`!relative`)."""
    try:
        return yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=1_000)
    except yaml.representer.RepresenterError as exc:
        raise ConfigProblem(
            f"{config_file}: cannot write a setting for other tools ({exc.args[-1]!r}); use a plain value there"
        ) from None


def fill_markers(text: str, src: str, fragments: dict[str, Callable[[str], Markup]]) -> str:
    """A hand-written page with each ``<!-- eras:NAME -->`` marker replaced by that fragment's HTML for `src`.

    BuildFailed names the page and the marker when one is left that no fragment fills.

    >>> fill_markers("a <!-- eras:n --> b", "x.md", {"n": lambda here: f"<i>{here}</i>"})
    'a <i>x.md</i> b'
    """
    for name, fragment in fragments.items():
        marker = MARKER.format(name)
        while marker in text:
            text = text.replace(marker, str(fragment(src)), 1)
    if MARKER_START in text:
        start = text.index(MARKER_START)
        left = text[start : text.find("-->", start) + 3 if "-->" in text[start:] else start + 40]
        known = ", ".join(sorted(fragments))
        raise BuildFailed(
            f"docs/{src}: unknown marker {left!r}; the markers are <!-- eras:NAME --> for NAME in {known}"
        )
    return text


def copy_docs(docs_dir: Path, target: Path, fragments: dict[str, Callable[[str], Markup]]) -> None:
    """Copy the hand-written docs folder to `target`, filling the markers of its Markdown pages."""
    for path in sorted(docs_dir.rglob("*")):
        if not path.is_file():
            continue
        src = path.relative_to(docs_dir).as_posix()
        out = target / src
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            out.write_text(fill_markers(path.read_text(encoding="utf-8"), src, fragments), encoding="utf-8")
        else:
            shutil.copyfile(path, out)


def write_generated(site, target: Path, hand_written: set[str]) -> None:
    """Write every generated page as Markdown and every asset into `target` (the docs folder)."""
    clashes = sorted(hand_written & (set(site.pages) | set(site.assets)))
    if clashes:
        raise BuildFailed(f"docs/{clashes[0]} clashes with a generated page; rename it")
    for src, page in site.pages.items():
        out = target / src
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page.markdown(), encoding="utf-8")
    for src, content in site.assets.items():
        out = target / src
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, out)
        elif isinstance(content, bytes):
            out.write_bytes(content)
        else:
            out.write_text(content, encoding="utf-8")


def render_files(out: Path, entries_dir: Path, config_file: Path, cli_help: dict[str, str] | None = None) -> int:
    """Write the site's sources into `out` (checked, swapped into place); return the number of pages written.

    UnsafeTarget when `out` could hold anything kb did not create, InvalidEntries when an entry has an error,
    ConfigProblem for a configuration that cannot be read or written, BuildFailed for a docs page that
    clashes with a generated one or holds an unknown marker. `out` is untouched unless all went well.
    """
    from kb.check.run import load_valid
    from kb.site.assemble import render_site
    from kb.site.urls import Urls

    raw = read_config(config_file)
    root = config_file.resolve().parent
    docs_dir = root / str(raw.get("docs_dir", "docs"))
    protected = {
        "entries folder": entries_dir,
        "project folder": root,
        "mkdocs configuration": config_file,
        "docs folder": docs_dir,
    }
    theme = raw.get("theme")
    custom_dir = root / theme["custom_dir"] if isinstance(theme, dict) and theme.get("custom_dir") else None
    if custom_dir is not None:
        protected["theme folder"] = custom_dir
    check_target(out, protected, kind="output folder")
    if not docs_dir.is_dir():
        raise ConfigProblem(f"{config_file}: no docs folder at '{docs_dir}'")
    # Links as Markdown writes them: Zensical resolves every link of a page from its source file, raw HTML too.
    urls = Urls(bool(raw.get("use_directory_urls", True)), source_links=True)
    site = render_site(load_valid(entries_dir), urls, cli_help=cli_help)
    text = dump_config(written_config(raw, site.entry_pages), config_file)

    def produce(folder: Path) -> None:
        hand_written = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
        copy_docs(docs_dir, folder / "docs", site.fragments)
        write_generated(site, folder / "docs", hand_written)
        if custom_dir is not None:
            shutil.copytree(custom_dir, folder / THEME_DIR)
        (folder / "mkdocs.yml").write_text(text, encoding="utf-8")

    generate_into(out, produce)
    return len(site.pages)


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write docs/ and mkdocs.yml. Replaced only when rendering succeeds; its dotfiles are kept.",
)
@entries_option
@config_option
@click.pass_context
def render(ctx: click.Context, out: Path, entries_dir: Path, config_file: Path):
    """Write every page and asset as plain files, for a tool without mkdocs' plugins (Zensical).

    OUT gets docs/ (the hand-written pages with their generated parts filled in, every generated page
    as Markdown, every asset) and mkdocs.yml (the configuration without the eras plugin). Build it
    with `zensical build -f OUT/mkdocs.yml`. OUT is refused when it is or holds the project, its docs
    or entries, or someone else's files.
    """
    from kb.mkdocs_plugin import command_help

    if not config_file.is_file():
        raise click.UsageError(
            f"no mkdocs configuration at '{printable(str(config_file))}'; run from the project folder or pass --config"
        )
    if not entries_dir.is_dir():
        raise click.UsageError(f"no entries folder at '{printable(str(entries_dir))}'; pass --entries DIR")
    started = time.perf_counter()
    pages = render_files(out, entries_dir, config_file, cli_help=command_help(ctx.find_root().command))
    seconds = time.perf_counter() - started
    click.echo(
        f"Rendered {pages} pages into {out} in {seconds:.1f} s. Build them with: zensical build -f {out}/mkdocs.yml"
    )
