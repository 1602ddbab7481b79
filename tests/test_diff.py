"""`kb diff BASE`: what a change does to the knowledge base, read from git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import MINIMAL


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=cwd, check=True, capture_output=True
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "entries")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_says_so(repo, cli, monkeypatch):
    monkeypatch.chdir(repo)
    result = cli("diff", "main")
    assert result.exit_code == 0, result.output
    assert "No entries, relations or figures changed." in result.output


def test_reports_every_kind_of_change(repo, cli, monkeypatch):
    entries = repo / "entries"
    edit(entries / "models/beta.yaml", "value: 70B, status: rumored", "value: 75B, status: estimated, by: Epoch AI")
    edit(entries / "models/beta.yaml", "  builds_on: [alpha]", "  uses: [idea]")
    edit(entries / "models/alpha.yaml", "era: old-era", "era: new-era")
    (entries / "papers/gamma.yaml").rename(entries / "papers/gamma-paper.yaml")
    (entries / "articles/essay.yaml").unlink()
    shutil.copy(entries / "concepts/idea.yaml", entries / "concepts/other-idea.yaml")
    edit(entries / "concepts/other-idea.yaml", "name: Idea", "name: Other idea")
    monkeypatch.chdir(repo)
    result = cli("diff", "main")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Entries added (1):" in out and "other-idea" in out
    assert "Entries removed (1):" in out and "essay" in out
    assert "gamma -> gamma-paper" in out
    assert "beta uses idea" in out.split("Relations added")[1].split("Relations removed")[0]
    assert "beta builds_on alpha" in out.split("Relations removed")[1]
    assert "beta parameters: 70B parameters (rumored) -> 75B parameters (estimated by Epoch AI)" in out
    assert "alpha era: old-era -> new-era" in out


def test_markdown_format_for_pull_requests(repo, cli, monkeypatch):
    edit(repo / "entries/models/beta.yaml", "value: 70B, status: rumored", "value: 80B, status: rumored")
    monkeypatch.chdir(repo)
    result = cli("diff", "main", "--format", "markdown")
    assert result.exit_code == 0
    assert result.output.startswith("### Knowledge-base changes against `main`")
    assert "- `beta` parameters: 70B parameters (rumored) -> 80B parameters (rumored)" in result.output


def test_unknown_ref_is_a_usage_error(repo, cli, monkeypatch):
    monkeypatch.chdir(repo)
    result = cli("diff", "no-such-branch")
    assert result.exit_code == 2
    assert "cannot compare with 'no-such-branch'" in result.output
    assert "Traceback" not in result.output


def test_outside_a_repository_is_a_usage_error(tmp_path, cli, monkeypatch):
    shutil.copytree(MINIMAL, tmp_path / "entries")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cli("diff", "main")
    assert result.exit_code == 2
