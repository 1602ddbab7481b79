"""Golden files for generated pages: any change to what a page says shows up as a diff in review.

Regenerate after an intended change with:  ERAS_UPDATE_GOLDEN=1 pytest tests/test_golden_pages.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.check.run import load
from kb.site.assemble import render_site

from .conftest import MINIMAL

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "models/alpha.md",
    "models/beta.md",
    "papers/gamma.md",
    "concepts/idea.md",
    "articles/essay.md",
    "eras/old-era.md",
    "axes/size.md",
    "organizations/lab.md",
    "models/index.md",
    "timeline.md",
    "figures.md",
    "coverage.md",
    "network.md",
]


@pytest.fixture(scope="module")
def rendered():
    kb = load(MINIMAL)
    assert kb.ok, kb.problems
    return render_site(kb)


@pytest.mark.parametrize("src", PAGES)
def test_page_matches_golden(rendered, src):
    golden = GOLDEN / (src.replace("/", "__"))
    text = rendered.pages[src]
    if os.environ.get("ERAS_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}; run with ERAS_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_every_generated_page_is_listed_or_an_entry(rendered):
    listed = set(PAGES) | {p for p in rendered.pages if p.count("/") == 1 and not p.endswith("index.md")}
    assert set(rendered.pages) - listed <= {
        "eras/index.md",
        "axes/index.md",
        "papers/index.md",
        "concepts/index.md",
        "articles/index.md",
        "organizations/index.md",
        "reference/schema.md",
        "reference/relations.md",
        "reference/cli.md",
    }
