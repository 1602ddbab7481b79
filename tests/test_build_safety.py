"""Nothing lost: a build never touches docs/ or entries/, and a failed build keeps the previous site."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from .conftest import FIXTURES, ROOT


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_project(tmp_path: Path, entries: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site" / "docs", project / "docs")
    shutil.copy(FIXTURES / "site" / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(entries, project / "entries")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("entries: ../minimal", "entries: entries")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return project


def test_build_leaves_docs_and_entries_untouched(tmp_path, minimal, cli, monkeypatch):
    project = copy_project(tmp_path, minimal)
    before = snapshot(project / "docs"), snapshot(project / "entries")
    monkeypatch.chdir(project)
    monkeypatch.delenv("ERAS_ENTRIES", raising=False)
    result = cli("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    assert (project / "site" / "models" / "alpha" / "index.html").is_file()
    assert (snapshot(project / "docs"), snapshot(project / "entries")) == before


def test_failed_build_keeps_the_previous_site(tmp_path, minimal, cli, monkeypatch):
    project = copy_project(tmp_path, minimal)
    monkeypatch.chdir(project)
    monkeypatch.delenv("ERAS_ENTRIES", raising=False)
    assert cli("build", "--site-dir", "site").exit_code == 0
    site_before = snapshot(project / "site")
    (project / "docs" / "index.md").write_text("# Home\n\n[broken](no-such-page.md)\n", encoding="utf-8")
    result = cli("build", "--site-dir", "site")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert snapshot(project / "site") == site_before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")], "staging folders left behind"


def test_invalid_entries_stop_the_build_before_it_starts(tmp_path, minimal, cli, monkeypatch):
    project = copy_project(tmp_path, minimal)
    (project / "entries" / "models" / "alpha.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.delenv("ERAS_ENTRIES", raising=False)
    result = cli("build", "--site-dir", "site")
    assert result.exit_code == 1
    assert "entries/models/alpha.yaml:" in result.output
    assert not (project / "site").exists()


def test_the_project_docs_folder_holds_only_hand_written_pages():
    generated = {
        "models",
        "papers",
        "concepts",
        "articles",
        "eras",
        "axes",
        "organizations",
        "timeline.md",
        "network.md",
        "figures.md",
        "coverage.md",
        "reference",
    }
    assert not generated & {p.name for p in (ROOT / "docs").iterdir()}
