"""Trust: nothing a command is pointed at is destroyed, no input gets a traceback, nothing passes unchecked."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from kb.check.run import load
from kb.outputs import writing

from .conftest import FIXTURES, MINIMAL


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (dotfiles and .git included) with a hash of its content."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project folder (config, docs, entries, a .git folder and an untracked file), the working directory."""
    root = tmp_path / "work" / "project"
    shutil.copytree(FIXTURES / "site" / "docs", root / "docs")
    shutil.copytree(MINIMAL, root / "entries")
    text = (
        (FIXTURES / "site" / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("entries: ../minimal", "entries: entries")
    )
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "entries" / "untracked-notes.txt").write_text("my notes\n", encoding="utf-8")
    (root / "work-in-progress.md").write_text("uncommitted\n", encoding="utf-8")
    (tmp_path / "work" / "other-project.txt").write_text("a neighbour's file\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("ERAS_ENTRIES", raising=False)
    return root


# --------------------------------------------------------------------------- 1, 2: nothing is destroyed

DANGEROUS = {
    "the entries folder": "entries",
    "a kind folder": "entries/models",
    "the docs folder": "docs",
    "the repository root": ".",
    "its parent": "..",
    "the .git folder": ".git",
    "a folder inside docs": "docs/site",
    "the config file": "mkdocs.yml",
}


@pytest.mark.parametrize("target", DANGEROUS.values(), ids=list(DANGEROUS))
def test_build_refuses_a_dangerous_site_folder_and_every_file_survives(project, cli, target):
    everything = project.parent
    before = snapshot(everything)
    result = cli("build", "--site-dir", target)
    assert result.exit_code == 2, result.output
    assert "nothing was written" in result.output or "is a file" in result.output  # click checks files itself
    assert "Traceback" not in result.output
    assert snapshot(everything) == before


def test_build_refuses_a_folder_of_someone_elses_files(project, cli, tmp_path):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    (other / ".git").mkdir()
    result = cli("build", "--site-dir", other)
    assert result.exit_code == 2
    assert "is not empty (holiday.jpg) and holds no earlier site" in result.output
    assert (other / "holiday.jpg").read_bytes() == b"\xff\xd8" and (other / ".git").is_dir()


@pytest.mark.slow
def test_rebuilding_keeps_the_site_folders_dotfiles_and_leaves_no_temporary_folders(project, cli):
    assert cli("build", "--site-dir", "site").exit_code == 0
    site = project / "site"
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / ".notes").write_text("deploy notes\n", encoding="utf-8")
    (site / "stale.html").write_text("from an old build\n", encoding="utf-8")
    result = cli("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert (site / ".notes").is_file()
    assert not (site / "stale.html").exists(), "the old site's files are replaced"
    assert (site / "models" / "alpha" / "index.html").is_file()
    assert not [p for p in site.iterdir() if p.name.startswith(".eras-") and p.name != writing.MARKER]
    assert not [p for p in project.iterdir() if p.name.startswith(".eras-")]


@pytest.mark.slow
def test_a_site_folder_that_cannot_be_renamed_like_a_mount_point_is_still_replaced(project, cli, monkeypatch):
    site = project / "site"
    assert cli("build", "--site-dir", "site").exit_code == 0
    real_rename = Path.rename

    def rename(self, target):  # a mount point cannot be renamed away: EBUSY
        if Path(self) == site:
            raise OSError(16, "Device or resource busy")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    (project / "entries" / "models" / "alpha.yaml").write_text(
        (project / "entries" / "models" / "alpha.yaml").read_text(encoding="utf-8").replace("Alpha", "Alphonse", 1),
        encoding="utf-8",
    )
    result = cli("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    assert "Alphonse" in (site / "models" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in site.iterdir() if p.name.startswith((".eras-building", ".eras-old"))]


def test_a_failed_swap_puts_the_old_site_back(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    (site / writing.MARKER).write_text("", encoding="utf-8")
    staging = site / ".eras-building-x"
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    (staging / "broken").mkdir()
    (staging / writing.MARKER).write_text("", encoding="utf-8")
    real_rename = Path.rename

    def rename(self, target):
        if Path(self).name == "broken":
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "rename", rename)
        with pytest.raises(writing.UnsafeTarget, match="No space left"):
            writing.put_in_place(staging, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert not [p for p in site.iterdir() if p.name.startswith(".eras-old")]


def test_an_earlier_mkdocs_site_is_recognised(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("", encoding="utf-8")
    (site / "sitemap.xml").write_text("", encoding="utf-8")
    assert writing.check_target(site, {}) == site.resolve()


# --------------------------------------------------------------------------- 3: no traceback for any input


def test_a_number_of_thousands_of_digits_is_an_error_not_a_crash(minimal, cli):
    path = minimal / "models" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 60M", "value: " + "7" * 5000), encoding="utf-8")
    for command in (("validate",), ("show", "alpha"), ("export", "--format", "csv")):
        result = cli(*command, "--entries", minimal)
        assert result.exit_code == 1, result.output
        assert "figures.parameters.value is inf; expected at most 1e+40" in result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize("port", ["99999", "0", "65536"])
def test_serve_refuses_a_port_out_of_range(cli, minimal, port):
    result = cli("serve", "--entries", minimal, "--dev-addr", f"127.0.0.1:{port}")
    assert result.exit_code == 2
    assert f"port {int(port)} is not between 1 and 65535" in result.output


def test_new_says_so_when_the_kind_folder_is_a_file(minimal, cli):
    shutil.rmtree(minimal / "models")
    (minimal / "models").write_text("oops\n", encoding="utf-8")
    result = cli("new", "--entries", minimal, "model", "x")
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output
    assert (minimal / "models").read_text(encoding="utf-8") == "oops\n"


def test_an_unforeseen_error_is_one_line_naming_the_file(minimal, cli, monkeypatch):
    import kb.check.run

    real = kb.check.run.check_file

    def boom(entry, today=None):
        if entry.id == "beta":
            raise KeyError("surprise")
        return real(entry, today)

    monkeypatch.setattr(kb.check.run, "check_file", boom)
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if line.strip()]
    assert line.startswith("error: kb validate stopped on an unexpected problem while reading ")
    assert "models/beta.yaml" in line and "KeyError: 'surprise'" in line


# --------------------------------------------------------------------------- 4: no false pass


def test_validate_refuses_a_path_outside_the_entries_folder(minimal, cli, tmp_path):
    stray = tmp_path / "stray.yaml"
    stray.write_text("name: [broken\n", encoding="utf-8")
    result = cli("validate", "--entries", minimal, stray)
    assert result.exit_code == 2
    assert "is outside the entries folder" in result.output
    assert "no problems" not in result.output


def test_validate_checks_a_path_written_differently(minimal, cli, monkeypatch):
    monkeypatch.chdir(minimal.parent)
    (minimal / "models" / "alpha.yaml").write_text("name: [broken\n", encoding="utf-8")
    for written in (
        "entries/../entries/models/alpha.yaml",
        "./entries/models//alpha.yaml",
        minimal / "models/alpha.yaml",
    ):
        result = cli("validate", "--entries", "entries", written)
        assert result.exit_code == 1, (written, result.output)
        assert "YAML syntax" in result.output


def test_validate_checks_an_absolute_path_through_a_symlinked_working_directory(minimal, cli, tmp_path, monkeypatch):
    link = tmp_path / "linked"
    link.symlink_to(minimal.parent)
    monkeypatch.chdir(link)
    (minimal / "models" / "alpha.yaml").write_text("name: [broken\n", encoding="utf-8")
    result = cli("validate", "--entries", "entries", str(link / "entries" / "models" / "alpha.yaml"))
    assert result.exit_code == 1, result.output
    assert "YAML syntax" in result.output


def test_validate_of_a_file_the_loader_does_not_read_is_an_error(minimal, cli):
    (minimal / "models" / "old").mkdir()
    nested = minimal / "models" / "old" / "delta.yaml"
    nested.write_text("name: [broken\n", encoding="utf-8")
    result = cli("validate", "--entries", minimal, nested)
    assert result.exit_code == 1
    assert "this file was not read as an entry" in result.output


def test_an_id_with_a_trailing_newline_is_refused(minimal):
    shutil.copy(minimal / "models" / "alpha.yaml", minimal / "models" / "delta\n.yaml")
    kb = load(minimal)
    assert not kb.ok
    assert [p for p in kb.errors() if "is not a valid id" in p.message and "rename it to 'delta.yaml'" in p.message]


@pytest.mark.parametrize("date", ['"0202-06-01"', '"1899"', "1066"])
def test_a_year_before_1900_is_an_error(minimal, date):
    path = minimal / "models" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('date: "2015-06-01"', f"date: {date}"), encoding="utf-8")
    kb = load(minimal)
    assert [p.message for p in kb.problems if "is before 1900" in p.message]
    assert not [p for p in kb.problems if "lies outside era" in p.message]


# --------------------------------------------------------------------------- 5: files outside the knowledge base

SECRET = "api_key: s3cr3t-value"


def test_a_symlink_to_a_file_outside_the_entries_folder_is_refused_unread(minimal, tmp_path, cli):
    secret = tmp_path / "secrets.yaml"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (minimal / "models" / "leak.yaml").symlink_to(secret)
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 1
    assert "'leak.yaml' is a symbolic link to a file outside the entries folder; it was not read" in result.output
    assert "s3cr3t" not in result.output and "api_key" not in result.output


def test_a_symlink_inside_the_entries_folder_is_read(minimal):
    (minimal / "models" / "alias.yaml").symlink_to(minimal / "models" / "beta.yaml")
    kb = load(minimal)
    assert "alias" in kb.entries


@pytest.mark.parametrize(
    ("make", "fragment", "severity"),
    [
        (lambda p: p.symlink_to(p.parent / "nowhere.yaml"), "is a broken symbolic link", "error"),
        (lambda p: p.symlink_to(p), "is a broken symbolic link (or a loop of links)", "error"),
        (lambda p: os.mkfifo(p), "is not a regular file", "error"),
        (lambda p: p.with_name("x.YAML").write_text("name: x\n"), "rename 'x.YAML' to 'x.yaml'", "error"),
        (lambda p: p.with_name("gpt5").write_text("name: x\n"), "rename 'gpt5' to 'gpt5.yaml'", "error"),
        (lambda p: p.with_name("._x.yaml").write_bytes(b"\x00\x05\x16\x07"), "macOS metadata file", "warning"),
        (lambda p: p.with_name("notes.md").write_text("# notes\n"), "is not an entry file", "warning"),
    ],
    ids=["broken link", "loop", "fifo", ".YAML", "no extension", "AppleDouble", "other extension"],
)
def test_every_file_the_loader_skips_is_reported(minimal, make, fragment, severity):
    make(minimal / "models" / "x.yaml")
    kb = load(minimal)
    assert [p for p in kb.problems if fragment in p.message and p.severity == severity], kb.problems
    assert "x" not in kb.entries


# --------------------------------------------------------------------------- 8: smaller findings


def test_file_names_with_terminal_escapes_are_printed_escaped(minimal, cli):
    (minimal / "models" / "\x1b[2Jevil.yaml").write_text("name: [broken\n", encoding="utf-8")
    result = cli("validate", "--entries", minimal)
    assert "\x1b" not in result.output
    assert "\\x1b[2Jevil.yaml" in result.output


@pytest.mark.parametrize(
    ("field", "text", "fragment"),
    [
        ("date_note", "date_note: '[x](javascript:alert(1))'", "link target 'javascript:alert(1)' in date_note"),
        ("date_note", "date_note: '[x](no-such-entry)'", "a link in date_note points to 'no-such-entry'"),
        ("axis reason", "axes:\n  size: '[x](javascript:alert(1))'", "link target 'javascript:alert(1)' in axes.size"),
    ],
)
def test_links_in_date_notes_and_axis_reasons_are_checked(minimal, field, text, fragment):
    path = minimal / "models" / "alpha.yaml"
    body = path.read_text(encoding="utf-8").replace("axes:\n  size: Was large for its time.\n", "")
    path.write_text(body + text + "\n", encoding="utf-8")
    kb = load(minimal)
    assert [p for p in kb.errors() if fragment in p.message], [p.format() for p in kb.problems]


def test_a_link_error_in_a_long_description_points_at_its_line(minimal):
    path = minimal / "models" / "alpha.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "description: |\n  First line.\n\n  Then [a bad link](javascript:x).\n",
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    kb = load(minimal)
    [problem] = [p for p in kb.errors() if "javascript:x" in p.message]
    assert lines[problem.line - 1].strip() == "Then [a bad link](javascript:x)."
    assert lines[problem.line - 1][problem.col - 1 :].startswith("[a bad link]")


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u061c", "\ufffe", "\uffff"])
def test_invisible_and_xml_illegal_characters_in_the_middle_of_a_name_are_refused(minimal, char):
    path = minimal / "models" / "alpha.yaml"
    escaped = f"\\u{ord(char):04X}"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Alpha", f'name: "Al{escaped}pha"'), encoding="utf-8"
    )
    kb = load(minimal)
    assert [p for p in kb.errors() if f"U+{ord(char):04X}" in p.message and p.message.startswith("name")]


def test_a_yaml_1_1_directive_is_refused(minimal):
    path = minimal / "models" / "alpha.yaml"
    path.write_text("%YAML 1.1\n---\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    kb = load(minimal)
    assert [p for p in kb.errors() if "declares '%YAML 1.1'" in p.message]


KITCHEN_SINK_COMMANDS = [
    ("validate",),
    ("show", "good-model"),
    ("export", "--format", "json"),
    ("export", "--format", "gexf"),
    ("diff", "main"),
    ("build", "--site-dir", "site"),
    ("new", "model", "fresh-model"),
]


@pytest.mark.parametrize("command", KITCHEN_SINK_COMMANDS, ids=[c[0] + "-" + c[-1] for c in KITCHEN_SINK_COMMANDS])
def test_every_command_on_the_kitchen_sink_fails_cleanly(project, cli, command):
    import subprocess

    shutil.rmtree(project / "entries")
    shutil.copytree(FIXTURES / "broken", project / "entries", symlinks=True)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "base")):
        subprocess.run(
            ["git", "-c", "user.email=t@e.org", "-c", "user.name=t", *args], cwd=project, capture_output=True
        )
    result = cli(*command)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "unexpected problem" not in result.output, result.output


def test_export_never_overwrites_a_file_that_is_not_an_export(minimal, cli, tmp_path):
    precious = tmp_path / "thesis.txt"
    precious.write_text("three years of work\n", encoding="utf-8")
    result = cli("export", "--entries", minimal, "--format", "csv", "-o", precious)
    assert result.exit_code == 2 and "is not an earlier export; nothing was written" in result.output
    assert precious.read_text(encoding="utf-8") == "three years of work\n"


def test_export_refuses_to_write_into_the_entries_folder(minimal, cli):
    entry = minimal / "models" / "alpha.yaml"
    before = entry.read_bytes()
    result = cli("export", "--entries", minimal, "--format", "json", "-o", entry)
    assert result.exit_code == 2 and "inside the entries folder" in result.output
    assert entry.read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "csv"])
def test_export_replaces_its_own_earlier_export(minimal, cli, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    assert cli("export", "--entries", minimal, "--format", fmt, "-o", out).exit_code == 0
    first = out.read_text(encoding="utf-8")
    result = cli("export", "--entries", minimal, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph")] == []
