"""Where each generated page lives and how one page links to another."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

from kb.vocab import FOLDERS


@dataclass(frozen=True)
class Urls:
    """Source paths (``models/gpt-4.md``) to site URLs, as mkdocs will lay them out.

    `source_links` writes links as Markdown writes them, from the page's source file to the target's source
    path (``../eras/wild-west.md``), for a site tool that resolves every link of a page that way, in raw
    HTML too (Zensical). By default links go from the page's URL to the target's URL, as mkdocs needs: it
    leaves the links in raw HTML as they are.
    """

    directory_urls: bool = True
    source_links: bool = False

    @staticmethod
    def entry(kind: str, eid: str) -> str:
        """The source path of an entry's page."""
        return f"{FOLDERS[kind]}/{eid}.md"

    @staticmethod
    def listing(kind: str) -> str:
        """The source path of the page that lists every entry of a kind."""
        return f"{FOLDERS[kind]}/index.md"

    @functools.cache  # noqa: B019 - Urls is a frozen value object, few instances
    def url(self, src: str) -> str:
        """The URL (relative to the site root) a source path is served at.

        >>> Urls().url("models/gpt-4.md"), Urls().url("models/index.md"), Urls(False).url("timeline.md")
        ('models/gpt-4/', 'models/', 'timeline.html')
        """
        if src.endswith(".md"):
            stem = src[:-3]
            if posixpath.basename(stem) == "index":
                parent = posixpath.dirname(stem)
                return (parent + "/" if parent else "") if self.directory_urls else stem + ".html"
            return stem + "/" if self.directory_urls else stem + ".html"
        return src

    def rel(self, from_src: str, to: str) -> str:
        """A relative link from the page `from_src` to a page or file `to` (both source paths).

        Links climb to the site root and descend again: simple, and cheap enough to call for every
        link of thousands of pages.

        >>> Urls().rel("models/gpt-4.md", "eras/wild-west.md"), Urls().rel("index.md", "assets/x.js")
        ('../../eras/wild-west/', 'assets/x.js')
        >>> Urls().rel("index.md", "index.md"), Urls(False).rel("models/gpt-4.md", "index.md")
        ('./', '../index.html')
        >>> Urls(source_links=True).rel("models/gpt-4.md", "eras/wild-west.md")
        '../eras/wild-west.md'
        """
        if self.source_links:
            return ("../" * from_src.count("/") + to) or "./"
        return (self._to_root(from_src) + self.url(to)) or "./"

    def root(self, from_src: str) -> str:
        """The site root relative to the URL of the page `from_src`, for scripts that build URLs in the browser.

        Unlike a link, no site tool rewrites it, so it is the same whatever `source_links` says.

        >>> Urls().root("models/gpt-4.md"), Urls(source_links=True).root("models/gpt-4.md"), Urls().root("index.md")
        ('../../', '../../', './')
        """
        return self._to_root(from_src) or "./"

    @functools.cache  # noqa: B019 - Urls is a frozen value object, few instances
    def _to_root(self, from_src: str) -> str:
        here = self.url(from_src)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        return "../" * base.count("/") if base != "/" else ""
