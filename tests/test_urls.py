"""Urls lays pages out and links them exactly as mkdocs does, with directory URLs on and off.

mkdocs is the reference: `File(...).url` for where a source path is served, `Page.url` for pages (the
home page's URL is the empty string there too), and `get_relative_url` for the link from one page to
another. Our links always climb to the site root and descend again, so they may be spelled differently
from mkdocs' shortest form; they must lead to the same place.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from kb.site.urls import Urls

SOURCES = [
    "index.md",
    "models/gpt-4.md",
    "models/index.md",
    "timeline.md",
    "reference/schema.md",
    "reference/index.md",
    "assets/eras/x.js",
    "assets/eras/eras.css",
]
SITE = "https://example.org/eras/"


def mkdocs_url(src: str, directory_urls: bool) -> str:
    """The URL mkdocs serves a source path at: a page's URL for Markdown, the file's URL otherwise."""
    file = File(src, "/docs", "/site", directory_urls)
    if file.is_documentation_page():
        return Page(None, file, MkDocsConfig()).url
    return file.url


def mkdocs_file_url(src: str, directory_urls: bool) -> str:
    return File(src, "/docs", "/site", directory_urls).url


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
@pytest.mark.parametrize("src", SOURCES)
def test_url_is_where_mkdocs_serves_the_source(src, directory_urls):
    assert Urls(directory_urls).url(src) == mkdocs_url(src, directory_urls)


def test_the_home_page_url_is_empty_as_in_mkdocs_pages():
    assert Urls(True).url("index.md") == "" == mkdocs_url("index.md", True)
    assert mkdocs_file_url("index.md", True) == "./"  # the File spells it "./"; links to it say "./" too
    assert Urls(True).rel("index.md", "index.md") == "./"


def shares_a_folder(here_url: str, to_url: str) -> bool:
    """True when mkdocs' shortest link would skip a folder the two URLs have in common."""
    folder = here_url if here_url.endswith("/") else posixpath.dirname(here_url)
    parts = [p for p in folder.split("/") if p not in ("", ".")]
    return bool(parts) and to_url.split("/")[0] == parts[0]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
@pytest.mark.parametrize("to", SOURCES)
@pytest.mark.parametrize("here", [s for s in SOURCES if s.endswith(".md")])
def test_rel_leads_where_mkdocs_links_lead(here, to, directory_urls):
    here_url, to_url = mkdocs_file_url(here, directory_urls), mkdocs_file_url(to, directory_urls)
    expected = get_relative_url(to_url, here_url)
    ours = Urls(directory_urls).rel(here, to)
    page = urljoin(SITE, mkdocs_url(here, directory_urls))
    assert urljoin(page, ours) == urljoin(page, expected) == urljoin(SITE, mkdocs_url(to, directory_urls))
    if not shares_a_folder(here_url, to_url):
        assert ours == expected  # nothing in common to skip: the same spelling


@pytest.mark.parametrize(
    ("here", "to", "link"),
    [
        ("models/gpt-4.md", "eras/wild-west.md", "../../eras/wild-west/"),
        ("models/gpt-4.md", "index.md", "../../"),
        ("models/index.md", "models/gpt-4.md", "../models/gpt-4/"),  # mkdocs: "gpt-4/"
        ("models/gpt-4.md", "models/gpt-4.md", "../../models/gpt-4/"),  # mkdocs: "./"
        ("timeline.md", "assets/eras/x.js", "../assets/eras/x.js"),
    ],
)
def test_rel_climbs_to_the_root_and_descends(here, to, link):
    assert Urls().rel(here, to) == link
