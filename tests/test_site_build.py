"""A full site build from the shipped entries: every page exists, works offline, links resolve."""

from __future__ import annotations

import logging
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kb.check.run import load
from kb.graph import build
from kb.site.network import NODE_FIELDS, neighbourhood, network_payload
from kb.site.urls import Urls

from .conftest import ENTRIES, FIXTURES, MINIMAL, build_site

REQUIRED = ["resnet-50", "chinchilla", "switch-transformer", "gpt-4", "o1"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append((tag, value))


def test_every_entry_has_a_page(shipped_site: Path):
    for folder in ENTRIES.iterdir():
        for path in folder.glob("*.yaml"):
            assert (shipped_site / folder.name / path.stem / "index.html").is_file(), path


def test_required_pages_exist(shipped_site: Path):
    for eid in REQUIRED:
        assert (shipped_site / "models" / eid / "index.html").is_file()
    for page in ("index.html", "timeline/index.html", "network/index.html", "eras/index.html", "axes/index.html"):
        assert (shipped_site / page).is_file(), page


def test_no_page_loads_anything_from_another_host(shipped_site: Path):
    for page in shipped_site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, url in parser.links:
            if tag in ("script", "link", "img", "iframe"):
                assert not urlsplit(url).netloc, f"{page}: {tag} loads {url}"
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8"), page


def test_internal_links_resolve(shipped_site: Path):
    broken = []
    for page in shipped_site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for _tag, url in parser.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path or url.startswith("#"):
                continue
            base = shipped_site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(shipped_site)} -> {url}")
    assert not broken, broken[:20]


def test_edit_link_opens_the_yaml_file(shipped_site: Path):
    html = (shipped_site / "models" / "chinchilla" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/entries/models/chinchilla\.yaml"', html)


def test_search_index_has_entries_and_aliases(shipped_site: Path):
    index = (shipped_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Chinchilla 70B" in index


def test_a_different_entries_folder_builds(minimal: Path, tmp_path: Path):
    site = build_site(minimal, tmp_path / "site", FIXTURES / "site" / "mkdocs.yml")
    assert (site / "models" / "alpha" / "index.html").is_file()
    assert not (site / "models" / "chinchilla").exists()


def test_entry_pages_carry_the_full_navigation(shipped_site: Path):
    for page in ("models/chinchilla/index.html", "axes/sparsity/index.html", "organizations/openai/index.html"):
        html = (shipped_site / page).read_text(encoding="utf-8")
        nav = html[html.index('class="md-nav md-nav--primary"') :]
        for title in ("Timeline", "Network", "Figure table", "Models", "Adding an entry", "About Eras"):
            assert f">{title}<" in nav or f"{title}\n" in nav, (page, title)


def test_search_finds_overview_pages_by_title(shipped_site: Path):
    import json

    docs = json.loads((shipped_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {d["location"]: d["title"] for d in docs}
    assert titles.get("timeline/") == "Timeline"
    assert titles.get("figures/") == "Figure table"
    assert titles.get("models/chinchilla/") == "Chinchilla"


def test_markers_in_hand_written_pages_are_filled_and_no_placeholder_is_left(shipped_site: Path):
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert 'class="eras-stats"' in home and 'class="eras-cards"' in home and '<svg class="eras-chart"' in home
    assert "<!-- eras:" not in home
    for page in shipped_site.rglob("*.html"):
        assert "eras-part" not in page.read_text(encoding="utf-8"), page


def test_a_docs_page_that_clashes_with_a_generated_page_stops_the_build(minimal: Path, tmp_path: Path, caplog):
    from kb.mkdocs_build import BuildFailed

    shutil.copytree(FIXTURES / "site", tmp_path / "project")
    (tmp_path / "project" / "docs" / "timeline.md").write_text("# Mine\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(BuildFailed):
        build_site(minimal, tmp_path / "site", tmp_path / "project" / "mkdocs.yml")
    assert "eras: docs/timeline.md clashes with a generated page; rename it" in caplog.text


def nav_links(page: Path) -> dict[str, str]:
    """The sidebar navigation of a built page (before its table of contents): link text -> href."""
    html = page.read_text(encoding="utf-8")
    found = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*(?:<[^>]+>\s*)*([^<]+?)\s*<', html)
    links: dict[str, str] = {}
    for href, title in found:
        links.setdefault(title, href)
    return links


def test_entry_pages_of_every_folder_link_their_navigation_right(shipped_site: Path):
    """Entry pages share their navigation per folder: a models page must not get an articles page's links."""
    for page in ("models/chinchilla", "articles/o1-takes", "axes/sparsity", "benchmarks/aime-2024"):
        links = nav_links(shipped_site / page / "index.html")
        for title, folder in (("Models", "models"), ("Articles", "articles"), ("Scaling axes", "axes")):
            assert (shipped_site / page / links[title] / "index.html").resolve() == (
                shipped_site / folder / "index.html"
            ), (page, title, links[title])


# --------------------------------------------------------------------------- network data


def test_neighbourhoods_and_the_network_are_built_alike():
    """One builder (pyvis) for both: an entry and its edges look the same in its neighbourhood and the network."""
    graph = build(load(MINIMAL))
    whole = network_payload(graph, Urls())
    nodes = {n["id"]: n for n in whole["nodes"]}
    edges = {(e["from"], e["to"], e["relation"]): e for e in whole["edges"]}
    small = neighbourhood(graph, Urls(), "alpha")
    assert {n["id"] for n in small["nodes"]} == {"alpha", "idea", "beta", "gamma"}
    for node in small["nodes"]:
        assert {k: node[k] for k in ("label", "shape", "color", "url")} == {
            k: nodes[node["id"]][k] for k in ("label", "shape", "color", "url")
        }
    for edge in small["edges"]:
        assert edge == {k: edges[edge["from"], edge["to"], edge["relation"]][k] for k in edge}
    assert list(small["nodes"][0]) == list(NODE_FIELDS[: len(small["nodes"][0])])  # one serialiser, one key order


def test_neighbourhood_positions_are_computed_at_build_time():
    graph = build(load(MINIMAL))
    position = {n["id"]: (n["side"], n["x"], n["y"]) for n in neighbourhood(graph, Urls(), "idea")["nodes"]}
    assert position["idea"] == ("self", 0, 0)
    assert sorted(y for side, x, y in position.values() if side == "after") == [-46, 0, 46]
    assert all(x > 0 for side, x, _ in position.values() if side == "after")


def test_reusing_theme_parts_changes_no_page(shipped_site, tmp_path):
    """Entry pages reuse their folder's navigation, header and configuration block (kb/mkdocs_theme.py): every
    page is the same as when Material renders each one whole."""
    from mkdocs.config import load_config

    from kb.mkdocs_build import PLUGIN, build_site, plugins_with_entries

    from .conftest import ENTRIES, ROOT

    plugins = plugins_with_entries(ROOT / "mkdocs.yml", ENTRIES)
    plugins[PLUGIN]["reuse_theme_parts"] = False
    whole = build_site(load_config(str(ROOT / "mkdocs.yml"), plugins=plugins, strict=True), tmp_path / "whole")
    whole = tmp_path / "whole"
    pages = sorted(p.relative_to(whole) for p in whole.rglob("*.html"))
    assert len(pages) > 300
    different = [str(p) for p in pages if (whole / p).read_bytes() != (shipped_site / p).read_bytes()]
    assert different == []
