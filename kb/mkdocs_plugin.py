"""The mkdocs plugin: a thin adapter that adds the generated pages and assets to a build."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from kb.check.run import load
from kb.problems import summary
from kb.site.assemble import join_sections, render_site, split_sections
from kb.site.urls import Urls

log = logging.getLogger("mkdocs.plugins.eras")

# Entry pages are not in the navigation, so the sidebar navigation Material renders for each of them is
# the same at the same depth. It is rendered once per depth and reused; every other page renders it as usual.
NAV_OVERRIDE = """\
{%- set eras_key = eras_nav_key(page) -%}
{%- if eras_key and eras_nav_cached(eras_key) -%}
{{ eras_nav_cached(eras_key) }}
{%- else -%}
{%- set eras_html -%}{% include "eras-theme/partials/nav.html" %}{%- endset -%}
{{ eras_nav_remember(eras_key, eras_html) }}
{%- endif -%}
"""


class ErasConfig(base.Config):
    entries = c.Type(str, default="entries")


class ErasPlugin(BasePlugin[ErasConfig]):
    """Reads `entries/`, checks it, and generates one page per entry plus the overview pages."""

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        # `kb build --entries DIR` and `kb serve --entries DIR` pass their folder through the environment
        self.entries_dir = (root / os.environ.get("ERAS_ENTRIES", self.config.entries)).resolve()
        if not self.entries_dir.is_dir():
            raise PluginError(f"eras: no entries folder at {self.entries_dir}")
        if str(self.entries_dir) not in config.watch:
            config.watch.append(str(self.entries_dir))
        return config

    def on_files(self, files: Files, config) -> Files:
        kb = load(self.entries_dir)
        for problem in kb.problems:
            if problem.severity == "warning":  # shown, but a warning about an entry must not fail a strict build
                log.info(problem.format())
        if not kb.ok:
            lines = [p.format() for p in kb.errors()]
            raise PluginError(
                "eras: the entries are invalid:\n" + "\n".join(lines) + "\n" + summary(kb.problems, kb.files)
            )
        rendered = render_site(kb, Urls(config.use_directory_urls))
        self.hooks = rendered.hooks
        self.raw = rendered.raw
        self.search_docs = rendered.search
        self.parts: dict[str, list[str]] = {}
        self.entry_pages = set(rendered.edit)
        for file in files:
            if file.src_uri in rendered.pages or file.src_uri in rendered.assets:
                raise PluginError(f"eras: docs/{file.src_uri} clashes with a generated page; rename it")
            file.edit_uri = f"docs/{file.src_uri}" if file.edit_uri else None
        for src, text in rendered.pages.items():
            f = File.generated(config, src, content=text)
            f.edit_uri = rendered.edit.get(src)
            files.append(f)
        for src, content in rendered.assets.items():
            if isinstance(content, Path):
                files.append(File.generated(config, src, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, src, content=content))
        return files

    def on_env(self, env, config, files):
        """Reuse the sidebar navigation of entry pages (see NAV_OVERRIDE); it is most of their template cost."""
        from jinja2 import ChoiceLoader, DictLoader, PrefixLoader

        cache: dict[str, str] = {}
        entry_pages = self.entry_pages

        def key(page) -> str:
            if page is None or page.file.src_uri not in entry_pages:
                return ""
            return f"{page.url.count('/')}"

        def remember(name: str, html: str) -> str:
            if name:
                cache[name] = html
            return html

        env.globals.update(eras_nav_key=key, eras_nav_cached=cache.get, eras_nav_remember=remember)
        original = env.loader
        env.loader = ChoiceLoader(
            [
                DictLoader({"partials/nav.html": NAV_OVERRIDE}),
                PrefixLoader({"eras-theme": original}),
                original,
            ]
        )
        return env

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """Hand Markdown only the headings of generated pages; fill markers in hand-written pages.

        Generated pages are HTML between headings: running Python-Markdown over that HTML costs most of
        a build, so only a stub of headings is rendered (for the title and table of contents) and the
        HTML is put back in on_page_content. Their search entries are written directly (on_post_build).
        """
        src = page.file.src_uri
        if src in self.raw:
            page.meta["search"] = {"exclude": True}
            markdown, self.parts[src] = split_sections(markdown)
            return markdown
        if "<!-- eras:" not in markdown:
            return markdown
        for name, render in self.hooks.items():
            marker = f"<!-- eras:{name} -->"
            if marker in markdown:
                markdown = markdown.replace(marker, render(page.file.src_uri))
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        parts = self.parts.pop(page.file.src_uri, None)
        return join_sections(html, parts) if parts is not None else html

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config) -> None:
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"].extend(self.search_docs)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
