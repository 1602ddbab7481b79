"""Shared fixtures: paths, a small valid corpus to copy and break, CLI runner, one built site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = ROOT / "entries"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of the small valid corpus in tests/fixtures/minimal."""
    target = tmp_path / "entries"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def cli():
    """Run `kb` through its real click entry point: cli("validate", "--entries", dir)."""
    from kb.cli import main

    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


def build_site(entries: Path, site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> Path:
    """Build a whole site from `entries` with the project's mkdocs.yml; return the site folder."""
    from kb.mkdocs_build import build_site as build
    from kb.mkdocs_build import load

    build(load(config, entries, strict=True), site_dir)
    return site_dir


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The site built once from the shipped entries."""
    return build_site(ENTRIES, tmp_path_factory.mktemp("shipped") / "site")


# CI runs the property tests on a fixed sequence of examples, so a run can be repeated exactly;
# local runs keep exploring new ones.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
