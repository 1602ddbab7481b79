"""Generated pages rendered without Markdown (kb/mkdocs_pages.py) are exactly what mkdocs + Markdown would give."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from kb.check.run import load_valid
from kb.mkdocs_build import load as load_config
from kb.mkdocs_pages import FastPages, can_render
from kb.mkdocs_plugin import PART
from kb.site.assemble import render_site

from .conftest import ENTRIES, FIXTURES, ROOT


def _toc(toc) -> list:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in toc]


@pytest.mark.parametrize("entries", [ENTRIES, FIXTURES / "payload"], ids=["shipped", "payload"])
def test_every_page_without_prose_renders_as_markdown_would(entries):
    config = load_config(ROOT / "mkdocs.yml", entries)
    fast = FastPages(config)
    assert fast.usable(config)
    site = render_site(load_valid(entries))
    checked = 0
    for page in site.pages.values():
        if not can_render(page):
            continue
        body = get_data(page.markdown(lambda i, _section: PART.format(i)))[0]
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
        expected = md.convert(body)
        content, tokens, ids = fast.render(page, PART.format)
        assert content == expected, page.src
        assert _toc(get_toc(tokens)) == _toc(get_toc(md.toc_tokens)), page.src
        assert ids == {token["id"] for token in _flat(md.toc_tokens)}, page.src
        checked += 1
    assert checked > 10


def _flat(tokens):
    for token in tokens:
        yield token
        yield from _flat(token["children"])


def test_pages_with_prose_are_left_to_markdown():
    site = render_site(load_valid(ENTRIES))
    assert not can_render(site.pages["coverage.md"]) and can_render(site.pages["models/chinchilla.md"])
