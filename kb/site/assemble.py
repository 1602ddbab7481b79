"""The whole site from a checked knowledge base: every page as data, the assets, search documents and fragments."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from kb.graph import build
from kb.model import KnowledgeBase
from kb.outputs.api import api_files
from kb.outputs.dataset import DATASET, dataset_zip
from kb.outputs.export import to_csv, to_json
from kb.outputs.feeds import feed_files
from kb.read.history import FileDates
from kb.site.context import ASSET_DIR, Context
from kb.site.entry_page import entry_page
from kb.site.fragments import fragments
from kb.site.incremental import reusable
from kb.site.listings import LISTED_KINDS, coverage_page, figures_page, listing_page, timeline_page
from kb.site.network import VIS_CSS, VIS_JS, data_script
from kb.site.network_page import DATA_SCRIPT, network_page
from kb.site.page import Page
from kb.site.reference import cli_page, relations_page, schema_page
from kb.site.urls import Urls

ASSETS = Path(__file__).parent / "assets"
CSV_SRC = f"{ASSET_DIR}/eras-entries.csv"
NAMES = f"{ASSET_DIR}/names.json"  # read by assets/eras-search.js: exact names and aliases first in search


@dataclass
class Site:
    """Everything generated for a site, for any tool to write out.

    `assets` maps a source path to its text or to a file to copy. `fragments` maps the name of a marker that
    hand-written pages may hold (``<!-- eras:NAME -->``) to a function of the page's source path giving the
    HTML to put there.
    """

    pages: dict[str, Page] = field(default_factory=dict)
    assets: dict[str, str | bytes | Path] = field(default_factory=dict)
    fragments: dict[str, Callable[[str], Markup]] = field(default_factory=dict)
    urls: Urls = field(default_factory=Urls)
    graph: object = None  # the graph the site was rendered from, and each entry's data: what `previous` needs
    raw: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict)  # the API's entry documents, for the next render (kb.outputs.api)
    dates: dict = field(default_factory=dict)  # the git dates the pages show

    @property
    def entry_pages(self) -> set[str]:
        """The pages of entries (each edited as its YAML file)."""
        return {src for src, page in self.pages.items() if page.edit}

    def search_documents(self) -> list[dict]:
        """The search documents of the pages that bring their own, as HTML for Material's result list.

        Material renders titles and text with innerHTML, so every value is escaped here, at the edge.
        """
        docs = []
        for src, page in self.pages.items():
            if page.search is None:
                continue
            doc: dict = {
                "location": self.urls.url(src),
                "title": str(escape(page.search.title)),
                "text": "".join(f"<p>{escape(words)}</p>" for words in page.search.text),
            }
            if page.search.tags:
                doc["tags"] = [str(escape(tag)) for tag in page.search.tags]
            if page.search.boost:
                doc["boost"] = page.search.boost
            docs.append(doc)
        return docs


def render_site(
    kb: KnowledgeBase,
    urls: Urls | None = None,
    cli_help: dict[str, str] | None = None,
    dates: dict[str, FileDates] | None = None,
    site_url: str | None = None,
    epoch=None,
    previous: Site | None = None,
) -> Site:
    """Render pages, assets and fragments from a knowledge base that has passed validation.

    `cli_help` is each command's --help text by full name, for the CLI reference page (left out without it).
    `dates` are each entry's git dates by id (the API and the feeds leave them out without it); `site_url`
    makes the feeds' links absolute. `epoch` is Epoch AI's table (kb.outputs.epoch.Table): the coverage page then
    lists the notable models no entry matches. With the `previous` site (rendered with the same settings), the
    entry pages an edit cannot have changed are taken from it (kb.site.incremental) rather than rendered again.
    """
    urls = urls or Urls()
    graph = build(kb)
    dates = dates or {}
    ctx = Context(graph, urls, dates)
    raw = {eid: entry.data for eid, entry in kb.entries.items()}
    keep = set()
    if previous is not None and previous.graph is not None and previous.urls == urls:
        keep = reusable(previous.graph, previous.raw, graph, raw)
        keep = {eid for eid in keep if previous.dates.get(eid) == dates.get(eid)}  # a commit changes its page
    old = previous.pages if previous is not None else {}
    pages = [
        old[src]
        if node in keep and (src := Urls.entry(graph.nodes[node]["kind"], node)) in old
        else entry_page(ctx, node)
        for node in graph
    ]
    pages += [listing_page(ctx, kind) for kind in LISTED_KINDS]
    pages += [timeline_page(ctx), network_page(ctx), figures_page(ctx, CSV_SRC), coverage_page(ctx, kb, epoch)]
    pages += [schema_page(), relations_page()]
    if cli_help is not None:
        pages.append(cli_page(cli_help))
    entries_csv = to_csv(graph)
    assets: dict[str, str | Path] = {
        CSV_SRC: entries_csv,
        f"{ASSET_DIR}/vis-network.min.js": VIS_JS,
        f"{ASSET_DIR}/vis-network.css": VIS_CSS,
        DATA_SCRIPT: data_script(graph, urls),
    }
    for asset in sorted(ASSETS.iterdir()):
        assets[f"{ASSET_DIR}/{asset.name}"] = asset
    assets[NAMES] = names_index(graph, urls)
    memo = previous.memo if previous is not None and previous.urls == urls else {}
    assets |= data_files(raw, graph, urls, dates, site_url, entries_csv, memo)
    return Site({page.src: page for page in pages}, assets, fragments(ctx), urls, graph, raw, memo, dates)


def names_index(graph, urls: Urls) -> str:
    """Every entry's name, aliases and page (relative to the site root), for exact-name search."""
    import json

    rows = [
        {
            "n": attrs.get("name", node),
            "a": list(attrs.get("aliases") or []),
            "u": urls.url(Urls.entry(attrs["kind"], node)),
        }
        for node, attrs in graph.nodes(data=True)
    ]
    rows.sort(key=lambda row: (len(row["n"]), row["n"]))  # shorter names first: "GPT-4" before "GPT-4 Turbo"
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


REDIRECT = Markup(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moved: {new}</title>'
    '<meta http-equiv="refresh" content="0; url={href}"><link rel="canonical" href="{href}">'
    '<meta name="robots" content="noindex"></head>'
    '<body><p>This entry is now <a href="{href}">{new}</a> (its id was {old}).</p></body></html>\n'
)


def data_files(
    raw: dict[str, dict],
    graph,
    urls: Urls,
    dates: dict[str, FileDates],
    site_url: str | None,
    entries_csv: str,
    memo: dict | None = None,
) -> dict:
    """The API, the feeds, the dataset zip, and a redirect page at the address of every former id."""
    def page_of(node: str) -> str:
        return urls.url(Urls.entry(graph.nodes[node]["kind"], node))

    graph_json = to_json(graph, compact=True)
    files: dict[str, str | bytes | Path] = {}
    files |= api_files(graph, raw, page_of, dates, graph_json, memo)
    files |= feed_files(graph, page_of, dates, site_url)
    files[DATASET] = dataset_zip(graph, graph_json, entries_csv)
    for node, attrs in graph.nodes(data=True):
        for old in attrs.get("former_ids") or []:
            where = urls.url(Urls.entry(attrs["kind"], old))  # the old page's address, as a file
            where += "index.html" if where.endswith("/") else ""
            href = posixpath.relpath(page_of(node), posixpath.dirname(where))
            href += "/" if page_of(node).endswith("/") else ""
            files[where] = str(REDIRECT.format(new=attrs.get("name", node), old=old, href=href))
    return files
