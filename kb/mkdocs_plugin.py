"""The mkdocs plugin: a thin adapter that adds the generated pages and assets to a build."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from kb.check.run import load, report
from kb.mkdocs_incremental import Incremental, watch_natively
from kb.mkdocs_pages import FastPages, can_render, tighten
from kb.mkdocs_theme import ThemeParts
from kb.outputs.epoch import EpochFileError, read_table
from kb.read.history import entry_dates
from kb.site.assemble import Site, render_site
from kb.site.listings import PROBLEMS_PAGE, problems_page
from kb.site.urls import Urls

log = logging.getLogger("mkdocs.plugins.eras")

# Where a block of generated HTML goes. Markdown sees only this comment and passes it through; the block is
# put back after rendering (on_page_content). Entry text cannot forge it: '<' in entry text is escaped.
PART = "<!-- eras-part {} -->"


def command_help(group: click.Group) -> dict[str, str]:
    """Each command's real --help text, keyed by its full name ("kb", "kb build", ...)."""
    helps = {}
    # the group's own settings (its -h alias), whatever click context this runs in: the page is the same
    # from `kb build`, `kb serve` and `mkdocs build`
    settings = {"terminal_width": 80, "max_content_width": 80, **group.context_settings}
    with click.Context(group, info_name="kb", **settings) as ctx:
        helps["kb"] = group.get_help(ctx)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            with click.Context(command, info_name=name, parent=ctx, terminal_width=80) as sub:
                helps[f"kb {name}"] = command.get_help(sub)
    return helps


def report_line(problems) -> str:
    errors = [p for p in problems if p.severity == "error"]
    first = errors[0].format() if errors else ""
    return (
        f"{len(errors)} error{'s' * (len(errors) != 1)} in the entries; the entries with errors are left out "
        f"until they are fixed (see /problems/). First: {first}"
    )


class ErasConfig(base.Config):
    entries = c.Type(str, default="entries")  # relative to mkdocs.yml; `kb build --entries` overrides it
    epoch_csv = c.Type(str, default="")  # Epoch AI's notable_ai_models.csv, relative to mkdocs.yml: the coverage page
    # lists its models that no entry matches
    serving = c.Type(bool, default=False)  # set by `kb serve`: entries with errors are left out, not fatal
    reuse_theme_parts = c.Type(bool, default=True)  # off: every entry page renders Material's template whole


class ErasPlugin(BasePlugin[ErasConfig]):
    """Reads the entries folder, checks it, and adds the generated pages, assets and search documents."""

    def on_startup(self, *, command, dirty):
        # Under `mkdocs serve` a build that raises makes the server hold every request until the entries are
        # fixed; an unfinished entry (right after `kb new`) must not stop the other pages from being served.
        self.serving = command == "serve"
        # `kb serve` builds "dirty": then only what an edit changed is read, rendered and written again
        self.incremental = Incremental() if self.serving and dirty else None

    def on_shutdown(self):
        self.serving = False  # mkdocs keeps plugin instances between runs in one process

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.entries_dir = (root / self.config.entries).resolve()
        if not self.entries_dir.is_dir():
            raise PluginError(f"eras: no entries folder at {self.entries_dir}")
        self.epoch_csv = (root / self.config.epoch_csv).resolve() if self.config.epoch_csv else None
        if self.epoch_csv is not None and not self.epoch_csv.is_file():
            raise PluginError(f"eras: epoch_csv: no file at {self.epoch_csv}")
        if str(self.entries_dir) not in config.watch:  # `mkdocs serve` rebuilds when an entry changes
            config.watch.append(str(self.entries_dir))
        return config

    def on_files(self, files: Files, config) -> Files:
        from kb.cli import main

        # `kb build` hands over the knowledge base it has just checked; every other build reads the entries
        incremental = getattr(self, "incremental", None)
        cache = incremental.cache if incremental is not None else None
        kb, self.checked = getattr(self, "checked", None) or load(self.entries_dir, cache=cache), None
        serving = getattr(self, "serving", False) or self.config.serving
        if not kb.ok and not serving:
            raise PluginError("eras: the entries are invalid:\n" + report(kb))
        problems = None
        if not kb.ok:  # serving: leave the entries with errors out, say so, and list the problems on a page
            problems, kb = kb.problems, kb.without_errors()
            log.info("eras: %s", report_line(problems))
        for problem in kb.problems:  # warnings are shown, but must not fail a strict build
            log.info(problem.format())
        epoch = None
        if self.epoch_csv is not None:
            try:
                epoch = read_table(self.epoch_csv)
            except EpochFileError as exc:
                raise PluginError(f"eras: epoch_csv: {exc}") from None
        previous = incremental.start(config) if incremental is not None else None
        self.site: Site = render_site(
            kb,
            Urls(config.use_directory_urls),
            command_help(main),
            entry_dates(kb),
            config.site_url or None,
            epoch,
            previous=previous,
        )
        if problems is not None:
            self.site.pages[PROBLEMS_PAGE] = problems_page(problems)
        self.entry_pages = self.site.entry_pages
        self.parts: dict[str, list[str]] = {}
        for file in files:
            if file.src_uri in self.site.pages or file.src_uri in self.site.assets:
                raise PluginError(f"eras: docs/{file.src_uri} clashes with a generated page; rename it")
            file.edit_uri = f"docs/{file.src_uri}" if file.edit_uri else None
        for src, page in self.site.pages.items():
            # Markdown gets the headings and prose only: each section's HTML waits behind a placeholder.
            # Entry pages are reached from the listings, never from the navigation, whatever their kind.
            stub = page.markdown(lambda i, _section: PART.format(i))
            hidden = src in self.entry_pages or src == PROBLEMS_PAGE
            where = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
            generated = File.generated(config, src, content=stub, inclusion=where)
            generated.edit_uri = page.edit
            files.append(generated)
        for src, content in self.site.assets.items():
            if isinstance(content, Path):
                files.append(File.generated(config, src, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, src, content=content))
        if incremental is not None:
            incremental.mark(files, self.site)
            self.files = files
        return files

    def on_serve(self, server, config, builder):
        """Watch with the system's file notifications rather than mkdocs' half-second polling, which is a third
        of the time from saving an entry to seeing it at scale (and stats every entry twice a second)."""
        if getattr(self, "incremental", None) is not None:
            watch_natively(server)
        return server

    def on_build_error(self, error) -> None:
        if getattr(self, "incremental", None) is not None:
            self.incremental.reset()  # the next build starts from nothing

    def on_pre_build(self, config) -> None:
        if getattr(self, "incremental", None) is not None:
            # Material's search carries its previous index into a dirty build assuming one page was rebuilt,
            # which leaves duplicates when several were; the pages this build skips are carried over here instead
            for plugin in config.plugins.values():
                if hasattr(plugin, "search_index_prev"):
                    plugin.search_index_prev = None
        fast = FastPages(config)
        self.fast = fast if fast.usable(config) else None

    def on_env(self, env, config, files):
        """Reuse the parts of Material's template that are the same on every entry page of a folder."""
        return ThemeParts(self.entry_pages, self.config.reuse_theme_parts).install(env)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """Generated pages: leave their search to their own documents. Hand-written pages: fill their markers."""
        src = page.file.src_uri
        generated = self.site.pages.get(src)
        if generated is not None:
            if generated.search is not None:
                page.meta["search"] = {"exclude": True}
            if self.fast is not None and can_render(generated):
                self.fast.install(page, generated, PART.format)
            return markdown
        if "<!-- eras:" not in markdown:
            return markdown
        parts = self.parts.setdefault(src, [])
        for name, fragment in self.site.fragments.items():
            marker = f"<!-- eras:{name} -->"
            while marker in markdown:
                markdown = markdown.replace(marker, PART.format(f"h{len(parts)}"), 1)
                parts.append(str(fragment(src)))
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        """Put each block of generated HTML where its placeholder is."""
        src = page.file.src_uri
        generated = self.site.pages.get(src)
        if generated is not None:
            for index, section in enumerate(generated.sections):
                if section.html:
                    html = html.replace(PART.format(index), section.html, 1)
        for index, part in enumerate(self.parts.pop(src, [])):
            html = html.replace(PART.format(f"h{index}"), part, 1)
        return html

    @event_priority(-100)  # after every other plugin has changed the page
    def on_post_page(self, output: str, page, config) -> str:
        """Drop the indentation the theme writes on every line: the site grows with its content, not its
        templates' whitespace."""
        return tighten(output)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config) -> None:
        """Add the generated pages' own search documents to the search index."""
        if getattr(self, "incremental", None) is not None:
            self.incremental.remove_stale(self.files, config.site_dir)
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        if getattr(self, "incremental", None) is not None:  # pages it skipped keep their documents
            index["docs"] = self.incremental.search_documents(index["docs"])
        index["docs"].extend(self.site.search_documents())
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
