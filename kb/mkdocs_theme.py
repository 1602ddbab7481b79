"""Material's template parts that are the same on every entry page of one folder, rendered once and reused.

Entry pages are not in the navigation, so their sidebar navigation, their header (but for the page's title),
and the configuration block Material writes for its scripts depend only on the folder (links are relative to
it). Each is rendered for the first entry page of a folder and reused for the others; the header gets each
page's own title. Every other page renders as usual. tests/test_site_build.py builds the site with and without
this reuse and compares every page.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup, escape

# The sidebar navigation: most of an entry page's template cost.
NAV_OVERRIDE = """\
{%- set eras_key = eras_nav_key(page) -%}
{%- if eras_key and eras_nav_cached(eras_key) -%}
{{ eras_nav_cached(eras_key) }}
{%- else -%}
{%- set eras_html -%}{% include "eras-theme/partials/nav.html" %}{%- endset -%}
{{ eras_nav_remember(eras_key, eras_html) }}
{%- endif -%}
"""

# The header: the same but for the page's title.
HEADER_OVERRIDE = """\
{%- set eras_key = eras_nav_key(page) -%}
{%- set eras_reused = eras_header(eras_key, page) -%}
{%- if eras_reused is not none -%}
{{ eras_reused }}
{%- else -%}
{%- set eras_html -%}{% include "eras-theme/partials/header.html" %}{%- endset -%}
{{ eras_header_remember(eras_key, page, eras_html) }}
{%- endif -%}
"""

# Every page links the feeds from its <head>, so feed readers find them from any page; entry pages reuse the
# configuration block of their folder.
MAIN_OVERRIDE = """\
{% extends "eras-theme/main.html" %}
{% block extrahead %}{{ super() }}
<link rel="alternate" type="application/atom+xml" title="Eras: new entries" href="{{ 'feed.xml' | url }}">
<link rel="alternate" type="application/atom+xml" title="Eras: changed entries" href="{{ 'changes.xml' | url }}">
{% endblock %}
{% block config %}
{%- set eras_key = eras_nav_key(page) -%}
{%- if eras_key and eras_config_cached(eras_key) -%}
{{ eras_config_cached(eras_key) }}
{%- else -%}
{%- set eras_html -%}{{ super() }}{%- endset -%}
{{ eras_config_remember(eras_key, eras_html) }}
{%- endif -%}
{% endblock %}
"""

TITLE = "\x00eras-title\x00"  # stands for the page's title in a reused header


class ThemeParts:
    """The reused parts of one build, and the Jinja globals the overrides call."""

    def __init__(self, entry_pages: set[str], reuse: bool = True) -> None:
        self.entry_pages, self.reuse = entry_pages, reuse
        self.nav: dict[str, str] = {}
        self.config: dict[str, str] = {}
        self.headers: dict[str, tuple[str, bool]] = {}  # folder -> (header with TITLE, title escaped?)

    def key(self, page) -> str:
        """The folder of an entry page (its parts are shared with the folder's other entry pages); '' otherwise."""
        if not self.reuse or page is None or page.file.src_uri not in self.entry_pages:
            return ""
        return posixpath.dirname(page.url.rstrip("/")) or "."

    @staticmethod
    def _title(page) -> str:
        meta = page.meta or {}
        return str(meta["title"]) if meta.get("title") else str(page.title)

    def _remember(self, store: dict):
        def remember(name: str, html):
            if name:
                store[name] = html
            return html

        return remember

    def header(self, name: str, page):
        """The folder's header with this page's title, or None when there is none yet."""
        if not name or name not in self.headers:
            return None
        template, escaped = self.headers[name]
        title = self._title(page)
        return Markup(template.replace(TITLE, str(escape(title)) if escaped else title))

    def header_remember(self, name: str, page, html):
        """Keep a header whose title appears in it exactly once (then it can be put back for another page)."""
        if name:
            text, title = str(html), self._title(page)
            for shown, escaped in ((title, False), (str(escape(title)), True)):
                if text.count(shown) == 1:
                    self.headers[name] = (text.replace(shown, TITLE), escaped)
                    break
        return html

    def globals(self) -> dict:
        return {
            "eras_nav_key": self.key,
            "eras_nav_cached": self.nav.get,
            "eras_nav_remember": self._remember(self.nav),
            "eras_config_cached": self.config.get,
            "eras_config_remember": self._remember(self.config),
            "eras_header": self.header,
            "eras_header_remember": self.header_remember,
        }

    def install(self, env):
        """Add the overrides in front of the theme's templates; the originals stay reachable as eras-theme/..."""
        from jinja2 import ChoiceLoader, DictLoader, PrefixLoader

        env.globals.update(self.globals())
        overrides = {
            "partials/nav.html": NAV_OVERRIDE,
            "partials/header.html": HEADER_OVERRIDE,
            "main.html": MAIN_OVERRIDE,
        }
        original = env.loader
        env.loader = ChoiceLoader([DictLoader(overrides), PrefixLoader({"eras-theme": original}), original])
        return env
