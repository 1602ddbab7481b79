"""Site search puts the entry whose name or alias is the query first (kb/site/assets/eras-search.js)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.test_browser import Watched, browser, search, shipped_url  # noqa: F401 - fixtures
from tests.test_browser import pytestmark as browser_marks

pytestmark = browser_marks  # skipped, with the reason, where Debian's Chromium is missing


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("phi-1", "/models/phi-1/"),
        ("GPT-4", "/models/gpt-4/"),
        ("gpt 4", "/models/gpt-4/"),
        ("o1-preview", "/models/o1/"),
        ("GPT-4o", "/models/gpt-4o/"),
        ("Chinchilla", "/models/chinchilla/"),
    ],
)
def test_an_exact_name_or_alias_is_the_first_result(browser, shipped_url, query, page):  # noqa: F811
    watched = Watched(browser)
    try:
        watched.page.goto(shipped_url)
        results = search(watched.page, query)
        watched.page.wait_for_function(
            "(want) => { const a = document.querySelector('.md-search-result__list > li > a');"
            " return a && new URL(a.href).pathname.endsWith(want); }",
            arg=page,
        )
        assert urlsplit(results.first.get_attribute("href")).path.endswith(page)
        assert not watched.errors, watched.errors
    finally:
        watched.close()


def test_a_query_that_names_nothing_leaves_materials_results_alone(browser, shipped_url):  # noqa: F811
    watched = Watched(browser)
    try:
        watched.page.goto(shipped_url)
        search(watched.page, "bigger models")
        watched.page.wait_for_timeout(300)
        assert watched.page.locator(".eras-exact").count() == 0
    finally:
        watched.close()
