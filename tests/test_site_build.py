"""A full site build from the shipped entries: every page exists, works offline, links resolve."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .conftest import ENTRIES, FIXTURES, build_site

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
