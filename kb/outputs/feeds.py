"""Atom feeds (RFC 4287) of new entries and of changed entries, dated by the git history of their files."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.markdown import plain
from kb.outputs.export import xml_text

if TYPE_CHECKING:
    import networkx as nx

    from kb.read.history import FileDates

ATOM = "http://www.w3.org/2005/Atom"
# At the site root: Material fetches sitemap.xml beside every <link rel="alternate"> of a page (for its
# language selector), and the root is where mkdocs writes the sitemap.
FEEDS = {"new": "feed.xml", "changes": "changes.xml"}
TAG = "tag:eras-kb.github.io,2025:"  # ids stay the same wherever the site is hosted
LIMIT = 50
EPOCH = "1970-01-01T00:00:00+00:00"


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    updated: str
    link: str
    summary: str


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def atom(title: str, feed_id: str, self_href: str, home: str, items: list[Item]) -> str:
    """An Atom document. Text goes through ElementTree, so entry text cannot break out of its element."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", title)
    _add(feed, "id", feed_id)
    _add(feed, "updated", max((item.updated for item in items), default=EPOCH))
    _add(feed, "link", rel="self", href=self_href, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=home, type="text/html")
    _add(_add(feed, "author"), "name", "Eras contributors")
    _add(feed, "rights", "Text and data: CC BY 4.0")
    for item in items:
        entry = _add(feed, "entry")
        _add(entry, "id", item.id)
        _add(entry, "title", item.title)
        _add(entry, "updated", item.updated)
        _add(entry, "link", rel="alternate", href=item.link, type="text/html")
        _add(entry, "summary", item.summary, type="text")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_files(
    graph: nx.MultiDiGraph,
    page_of: Callable[[str], str],
    dates: Mapping[str, FileDates],
    site_url: str | None,
) -> dict[str, str]:
    """The two feeds by their path in the site: entries by the date they were added, and by their last change.

    Links are absolute when the site's URL is configured, otherwise relative to the feed's folder (valid
    IRI references, resolved against the feed's own address). Entries without a git date are not listed.
    """
    base = (site_url or "").rstrip("/") + "/" if site_url else None

    def link(page: str, here: str) -> str:
        page = page or "./"
        if base:
            return base + page.removeprefix("./")
        return posixpath.relpath(page, posixpath.dirname(here)) + "/" * page.endswith("/")

    feeds = {}
    for which, stamp, title in (
        ("new", "added", "Eras: new entries"),
        ("changes", "modified", "Eras: changed entries"),
    ):
        here = FEEDS[which]
        dated = sorted(
            (node for node in graph if node in dates), key=lambda n: (getattr(dates[n], stamp), n), reverse=True
        )
        items = []
        for node in dated[:LIMIT]:
            attrs, when = graph.nodes[node], getattr(dates[node], stamp)
            suffix = "" if which == "new" else "/" + when
            name = attrs.get("name", node)
            items.append(
                Item(
                    id=f"{TAG}entries/{node}{suffix}",
                    title=name if which == "new" else f"{name} (changed)",
                    updated=when,
                    link=link(page_of(node), here),
                    summary=plain(str(attrs.get("summary", ""))),
                )
            )
        feeds[here] = atom(title, f"{TAG}feeds/{which}", link(here, here), link("", here), items)
    return feeds
