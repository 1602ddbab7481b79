"""Golden files for generated pages: any change to what a page says shows up as a diff in review.

A golden file is a page object written as Markdown (Page.markdown(), what `kb render` writes), so it shows
the title, the headings, the prose and every section's HTML. Regenerate after an intended change with:
ERAS_UPDATE_GOLDEN=1 pytest tests/test_golden_pages.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.check.run import load
from kb.site.assemble import Site, render_site
from kb.site.page import Page, SearchDoc, Section
from kb.site.reference import cli_page

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
    text = rendered.pages[src].markdown()
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
        "benchmarks/index.md",
        "reference/schema.md",
        "reference/relations.md",
        "reference/cli.md",
    }


# --------------------------------------------------------------------------- pages as data


def test_a_section_refuses_html_that_is_a_plain_string():
    with pytest.raises(TypeError, match="Markup"):
        Section("Figures", "<p>never escaped</p>")


def test_no_section_html_holds_a_blank_line(rendered):
    """A blank line ends an HTML block in Markdown (CommonMark): the Markdown form of every page stays whole."""
    found = [(src, s.heading) for src, page in rendered.pages.items() for s in page.sections if "\n\n" in s.html]
    assert not found, found


def test_entry_pages_carry_their_charts_and_neighbourhood_as_sections(rendered):
    def headings(src: str) -> list:
        return [s.heading for s in rendered.pages[src].sections]

    assert headings("models/alpha.md") == [
        None,
        "Figures",
        "Scaling axes",
        "Relations",
        "Neighbourhood",
        "Sources",
        "Cite",
    ]
    assert headings("eras/old-era.md") == [
        None,
        None,
        "Training compute in this era",
        "Entries in this era (1)",
        "Cite",
    ]
    assert headings("axes/size.md") == [None, "Chart", "Entries that pushed this axis (3)", "Cite"]


def test_one_function_writes_a_page_with_its_html_or_with_placeholders(rendered):
    page = rendered.pages["models/alpha.md"]
    stub = page.markdown(lambda index, _section: f"<!-- part {index} -->")
    assert "<table" not in stub and "<!-- part 1 -->" in stub and "## Figures" in stub
    assert stub.split("# Alpha")[0] == page.markdown().split("# Alpha")[0]  # the same front matter


def test_search_documents_are_escaped_when_written():
    page = Page("x.md", "X", search=SearchDoc("<b>x</b>", ("a < b",), ("<i>",), 2))
    [doc] = Site({"x.md": page}).search_documents()
    assert doc == {
        "location": "x/",
        "title": "&lt;b&gt;x&lt;/b&gt;",
        "text": "<p>a &lt; b</p>",
        "tags": ["&lt;i&gt;"],
        "boost": 2,
    }


def test_the_cli_reference_is_rendered_from_the_help_it_is_given(rendered):
    page = cli_page({"kb": "Usage: kb [OPTIONS]", "kb build": "Usage: kb build <x>"})
    assert [str(s.heading) for s in page.sections[1:]] == ["<code>kb</code>", "<code>kb build</code>"]
    assert "```text\nUsage: kb build <x>\n```" in page.markdown()
    assert "reference/cli.md" not in rendered.pages  # rendered without help: no CLI page
