"""`kb diff BASE`: what a change does to the knowledge base, read from git."""

from __future__ import annotations

import re
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
    assert "- `beta` parameters: 70B parameters \\(rumored\\) -> 80B parameters \\(rumored\\)" in result.output


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


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('date: "2021-03"', "date: 2020-13"),  # no month 13
        ("value: 70B", "value: lots"),  # a figure value that is not a number
        (
            '  parameters: {value: 70B, status: rumored, source: "https://example.org/leak", note: A leak.}',
            "  parameters: 5",  # a figure that is not a mapping
        ),
        ("  builds_on: [alpha]", "  builds_on: [alpha]\n  uses: idea"),  # a relation that is not a list
        ("axes:\n  size: Much larger than Alpha.", "axes: [size]"),
    ],
)
def test_entries_that_break_the_schema_are_left_out_not_a_crash(repo, cli, monkeypatch, old, new):
    entries = repo / "entries"
    edit(entries / "models/beta.yaml", old, new)
    edit(entries / "models/alpha.yaml", "era: old-era", "era: new-era")
    monkeypatch.chdir(repo)
    result = cli("diff", "main")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "alpha era: old-era -> new-era" in out  # the valid entries are still compared
    assert "Entries removed" not in out and "beta builds_on" not in out  # beta is not reported as gone
    assert "Left out of the comparison (validation errors): beta" in out
    assert "the working tree has 1 validation error;" in out


def test_errors_are_counted_in_good_grammar(repo, cli, monkeypatch):
    entries = repo / "entries"
    edit(entries / "models/beta.yaml", 'date: "2021-03"', "date: 2020-13")
    edit(entries / "models/alpha.yaml", "value: 60M", "value: lots")
    monkeypatch.chdir(repo)
    out = cli("diff", "main").output
    assert "2 validation errors;" in out and "1 validation errors" not in out
    assert "Left out of the comparison (validation errors): alpha, beta" in out


def test_errors_at_the_base_ref_are_left_out_and_counted(repo, cli, monkeypatch):
    entries = repo / "entries"
    edit(entries / "models/beta.yaml", "value: 70B", "value: lots")
    git(repo, "commit", "-qam", "broken")
    edit(entries / "models/beta.yaml", "value: lots", "value: 70B")
    edit(entries / "models/alpha.yaml", "era: old-era", "era: new-era")
    monkeypatch.chdir(repo)
    result = cli("diff", "main")
    assert result.exit_code == 0, result.output
    assert "alpha era: old-era -> new-era" in result.output
    assert "Entries added" not in result.output  # beta was left out of the base, so it is left out of both
    assert "the entries at main have 1 validation error;" in result.output
    assert "Left out of the comparison (validation errors): beta" in result.output


def test_a_symlink_at_the_base_ref_is_skipped_with_a_note(repo, cli, monkeypatch):
    link = repo / "entries/models/x.yaml"
    link.symlink_to("/etc/passwd")
    (repo / "entries/models/y.yaml").symlink_to("alpha.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    link.unlink()
    (repo / "entries/models/y.yaml").unlink()
    monkeypatch.chdir(repo)
    result = cli("diff", "main")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "skipped entries/models/x.yaml at main: a symbolic link" in result.output
    assert "skipped entries/models/y.yaml at main: a symbolic link" in result.output
    assert "No entries, relations or figures changed." in result.output


HOSTILE = (
    "![x](http://evil/img.png) [link](http://x) @someone <img src=x onerror=alert(1)> `tick` &#64;o *b* _i_ ~~s~~ #1"
)


def assert_inert(markdown: str) -> None:
    assert "](" not in markdown
    assert "<img" not in markdown.lower() and "<" not in markdown
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", markdown), "an @mention GitHub would link"
    assert not re.search(r"(?<!\\)`[^`]*tick", markdown), "a code span opened by entry text"
    assert "&#64;" not in markdown and "#1" not in markdown
    assert not re.search(r"(?<!\\)[*_~]", markdown.replace("### ", "").replace("**", "")), markdown


def test_markdown_escapes_hostile_entry_text(repo, cli, monkeypatch):
    entries = repo / "entries"
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    edit(entries / "models/beta.yaml", "name: Beta", f'name: "{quoted}"')
    edit(entries / "models/beta.yaml", "status: rumored,", f'status: estimated, by: "{quoted}",')
    monkeypatch.chdir(repo)
    result = cli("validate", "--entries", "entries")
    assert result.exit_code == 0, result.output  # hostile text that the schema accepts
    result = cli("diff", "main", "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("- `beta` ")]
    assert len(lines) == 1 and "evil" in lines[0] and "someone" in lines[0], result.output
    body = result.output.split("\n", 1)[1]
    assert_inert(body)


def test_markdown_escapes_a_hostile_unit_and_author_from_compared_graphs():
    import networkx as nx

    from kb.outputs.diff import compare, render

    old, new = nx.MultiDiGraph(), nx.MultiDiGraph()
    fig = {"value": 5, "status": "estimated", "by": "Epoch", "unit": "tokens", "source": "https://e.org/"}
    old.add_node("m", kind="model", name="M", era="e", figures={"training_data": fig})
    hostile = dict(fig, unit=HOSTILE, by=HOSTILE)
    new.add_node("m", kind="model", name="M", era=HOSTILE, figures={"training_data": hostile})
    change = compare(old, new)
    assert [(e, f) for e, f, _, _ in change.figures] == [("m", "training_data")]
    markdown = render(change, "main", markdown=True)
    assert markdown.count("evil") == 3, markdown
    assert_inert(markdown)


def test_render_escapes_every_value_in_markdown_and_keeps_text_plain():
    from kb.outputs.diff import Change, render

    change = Change(
        added=[HOSTILE],
        removed=[HOSTILE],
        renamed=[(HOSTILE, HOSTILE)],
        relations_added=[(HOSTILE, HOSTILE, HOSTILE)],
        relations_removed=[(HOSTILE, "uses", HOSTILE)],
        figures=[(HOSTILE, HOSTILE, HOSTILE, HOSTILE)],
        moves=[(HOSTILE, HOSTILE, HOSTILE, HOSTILE)],
        left_out=[HOSTILE],
        notes=[HOSTILE],
    )
    markdown = render(change, HOSTILE, markdown=True)
    assert markdown.count("evil") == 20
    assert_inert(markdown)
    assert "\n# break" not in render(Change(added=["line\n# break"]), "main", markdown=True)
    text = render(change, HOSTILE)
    assert text.count(HOSTILE) == 20  # plain text is printed as it is


def test_a_new_entry_shows_its_figures_and_sources_for_review(repo, cli, monkeypatch):
    entries = repo / "entries"
    text = (entries / "models" / "beta.yaml").read_text(encoding="utf-8").replace("name: Beta", "name: Delta")
    (entries / "models" / "delta.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(repo)
    result = cli("diff", "main")
    assert result.exit_code == 0, result.output
    assert "New entries' figures and sources" in result.output
    facts = [line for line in result.output.splitlines() if line.strip().startswith("delta ")]
    assert any("parameters:" in line and "https://" in line for line in facts), result.output
    assert any("source:" in line for line in facts), result.output


def test_inert_markdown_escapes_a_table_cells_column_break():
    from kb.outputs.inert_markdown import md_text

    assert md_text("a|b *c* <i>") == "a\\|b \\*c\\* &lt;i&gt;"
