"""The mkdocs plugin on its own (plain `mkdocs build`, no `kb` in between): invalid entries stop the build."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .conftest import FIXTURES


def project(tmp_path: Path, entries: Path) -> Path:
    """A copy of the test site whose `eras` plugin reads `entries/` beside its mkdocs.yml."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root)
    shutil.copytree(entries, root / "entries")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      entries: ../minimal\n" in text
    config.write_text(text.replace("      entries: ../minimal\n", "      entries: entries\n"), encoding="utf-8")
    return root


@pytest.fixture
def plain_mkdocs(monkeypatch):
    """mkdocs as its own command runs it: no folder handed over by `kb` through the environment."""
    monkeypatch.delenv("ERAS_ENTRIES", raising=False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def test_invalid_entries_stop_the_build_naming_the_file_line_and_summary(
    tmp_path, minimal, monkeypatch, caplog, plain_mkdocs
):
    alpha = minimal / "models" / "alpha.yaml"
    lines = alpha.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines.index("era: old-era\n") + 1
    lines[line - 1] = "era: no-such-era\n"
    alpha.write_text("".join(lines), encoding="utf-8")
    root = project(tmp_path, minimal)
    monkeypatch.chdir(root)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))

    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort, match="BuildError"):
        build(config)  # mkdocs logs the plugin's PluginError, then aborts

    [message] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert message.startswith("eras: the entries are invalid:\n"), message
    [problem] = [m for m in message.splitlines() if ": error: " in m]
    assert problem.startswith(f"entries/models/alpha.yaml:{line}:"), message
    assert "'no-such-era'" in problem
    assert message.splitlines()[-1] == "9 files checked: 1 error, 0 warnings."
    assert not (tmp_path / "site" / "models").exists()


def test_valid_entries_build_with_the_plugin_option_alone(tmp_path, minimal, monkeypatch, plain_mkdocs):
    root = project(tmp_path, minimal)
    monkeypatch.chdir(tmp_path)  # the option is read relative to mkdocs.yml, not to the working directory
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert (tmp_path / "site" / "models" / "alpha" / "index.html").is_file()
