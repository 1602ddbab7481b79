"""`kb render --out DIR`: the site as plain files that Zensical, which runs no mkdocs plugins, builds as it is."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kb.render_files import dump_config

from .conftest import FIXTURES, MINIMAL

SITE_CONFIG = FIXTURES / "site" / "mkdocs.yml"
PLACEHOLDERS = ("<!-- eras:", "<!-- eras-part")  # the plugin's markers and the placeholders it fills later
LINK = re.compile(r'(?:href|src)="([^"]*)"')


def render(cli, out: Path, entries: Path = MINIMAL, config: Path = SITE_CONFIG):
    return cli("render", "--out", out, "--entries", entries, "--config", config)


def written_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts)


def zensical_build(folder: Path) -> subprocess.CompletedProcess:
    """Zensical's own build of a rendered folder, strict: a broken link or a warning fails it."""
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(folder / "mkdocs.yml")],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def broken_links(site: Path, page: str) -> list[str]:
    """The relative links and sources of a built page (site/`page`) that point at no file of the site."""
    html = (site / page).read_text(encoding="utf-8")
    broken = []
    for link in LINK.findall(html):
        path = link.split("#", 1)[0].split("?", 1)[0]
        if not path or re.match(r"^[a-z][a-z0-9+.-]*:|^/", path):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        found = not target.startswith("..") and ((site / target).is_file() or (site / target / "index.html").is_file())
        if not found:
            broken.append(link)
    return broken


def test_render_writes_every_page_asset_and_the_config(cli, tmp_path):
    out = tmp_path / "out"
    result = render(cli, out)
    assert result.exit_code == 0, result.output
    docs = out / "docs"
    for path in ("index.md", "models/alpha.md", "models/index.md", "network.md", "timeline.md"):
        assert (docs / path).is_file(), path
    for asset in ("eras.css", "eras.js", "network-data.js", "vis-network.min.js", "eras-entries.csv"):
        assert (docs / "assets" / "eras" / asset).is_file(), asset
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["plugins"] == ["search"]
    patterns = config["not_in_nav"].splitlines()
    assert "/models/alpha.md" in patterns and "/models/index.md" not in patterns
    assert config["nav"] == yaml.safe_load(SITE_CONFIG.read_text(encoding="utf-8"))["nav"]


def test_render_leaves_no_marker_or_placeholder_in_any_file(cli, tmp_path):
    out = tmp_path / "out"
    assert render(cli, out).exit_code == 0
    left = [
        f"{path.relative_to(out)}: {mark}"
        for path in written_files(out)
        if path.suffix in (".md", ".yml", ".js", ".html", ".css")
        for mark in PLACEHOLDERS
        if mark in path.read_text(encoding="utf-8")
    ]
    assert left == []
    home = (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<svg" in home and "eras-stats" in home  # the markers' fragments are there instead


def test_render_writes_links_from_each_source_file(cli, tmp_path):
    """Zensical resolves every link of a page from its source file, raw HTML too (zensical#258)."""
    out = tmp_path / "out"
    assert render(cli, out).exit_code == 0
    alpha = (out / "docs" / "models" / "alpha.md").read_text(encoding="utf-8")
    assert 'href="../organizations/lab.md"' in alpha
    assert 'href="../../organizations/lab/"' not in alpha


@pytest.mark.slow
def test_zensical_builds_the_rendered_site(cli, tmp_path):
    out = tmp_path / "out"
    assert render(cli, out).exit_code == 0
    built = zensical_build(out)
    assert built.returncode == 0, built.stdout + built.stderr
    site = out / "site"
    alpha = site / "models" / "alpha" / "index.html"
    assert alpha.is_file()
    assert "Alpha" in alpha.read_text(encoding="utf-8")
    charts = [site / "index.html", site / "axes" / "size" / "index.html"]
    assert all("<svg" in page.read_text(encoding="utf-8") for page in charts)
    network = (site / "network" / "index.html").read_text(encoding="utf-8")
    assert "eras-network-app" in network
    assert (site / "assets" / "eras" / "network-data.js").is_file()
    assert 'data-root="../"' in network  # the network page's script reaches the site root from network/
    for page in ("index.html", "models/alpha/index.html", "network/index.html", "timeline/index.html"):
        assert broken_links(site, page) == [], page


@pytest.mark.slow
def test_zensical_entry_pages_reach_the_site_root_from_their_network(cli, tmp_path):
    out = tmp_path / "out"
    assert render(cli, out).exit_code == 0
    assert zensical_build(out).returncode == 0
    alpha = (out / "site" / "models" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'class="eras-mini-network" data-root="../../"' in alpha


def test_render_refuses_the_entries_folder(cli, tmp_path, minimal):
    before = sorted(p.relative_to(minimal) for p in minimal.rglob("*"))
    result = render(cli, minimal, entries=minimal)
    assert result.exit_code == 2
    assert "is the entries folder" in result.output and "nothing was written" in result.output
    assert sorted(p.relative_to(minimal) for p in minimal.rglob("*")) == before


def test_render_refuses_a_folder_of_someone_elses_files(cli, tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "todo.txt").write_text("mine\n", encoding="utf-8")
    result = render(cli, out)
    assert result.exit_code == 2
    assert "not empty (todo.txt)" in result.output
    assert [p.name for p in out.iterdir()] == ["todo.txt"]


def test_render_twice_into_the_same_folder_replaces_its_files_and_keeps_dotfiles(cli, tmp_path):
    out = tmp_path / "out"
    assert render(cli, out).exit_code == 0
    (out / ".git").mkdir()
    (out / "docs" / "stale.md").write_text("# From an earlier render\n", encoding="utf-8")
    result = render(cli, out)
    assert result.exit_code == 0, result.output
    assert (out / ".git").is_dir()
    assert not (out / "docs" / "stale.md").exists()
    assert (out / "docs" / "models" / "alpha.md").is_file()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".eras-site", ".git"]  # no staging


def test_invalid_entries_stop_render_before_anything_is_written(cli, tmp_path, minimal):
    (minimal / "models" / "alpha.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out"
    result = render(cli, out, entries=minimal)
    assert result.exit_code == 1
    assert "alpha.yaml" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_an_unknown_marker_stops_render_with_the_page_and_the_known_names(cli, tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n\n<!-- eras:stat -->\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(SITE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = render(cli, out, config=project / "mkdocs.yml")
    assert result.exit_code == 1
    assert "docs/index.md: unknown marker '<!-- eras:stat -->'" in result.output
    assert "stats" in result.output and not out.exists()


def test_the_written_config_keeps_python_name_references():
    text = dump_config({"markdown_extensions": [{"toc": {"slugify": posixpath.join}}]}, Path("mkdocs.yml"))
    assert "!!python/name:posixpath.join" in text
