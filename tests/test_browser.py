"""The built sites in headless Chromium: payloads never run, and the chart, search, network and timeline work.

Needs Debian's Chromium at /usr/bin/chromium and the `playwright` Python package (installed by the `test`
extra; its own browser download is never used). One browser per module; each site is served from a local
http.server thread on 127.0.0.1. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT
from .test_escaping import build_payload_site

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="needs the playwright Python package (pip install -e '.[test]')",
    ),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature http.server calls
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One Chromium for the module, with a fresh profile folder (a persistent context owns its user data dir)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )
        context.set_default_timeout(10_000)
        yield context
        context.close()


class Watched:
    """A page that records dialogs, console errors, uncaught exceptions and every request."""

    def __init__(self, context):
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: r.status == 404 and self.errors.append(f"not found: {r.url}"))

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message} on {self.page.url}")
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        local = ("data", "blob")
        return [u for u in self.requests if urlsplit(u).scheme not in local and urlsplit(u).hostname != "127.0.0.1"]

    def close(self):
        self.page.close()


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.close()


def search(page, query: str):
    """Type into Material's search box; return the top-level result links once results show."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-search__icon").first.click()
    box.focus()
    # Material's worker loads the index in the background; a query typed before it is ready gets no answer
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && m.textContent.trim() && !/initializ/i.test(m.textContent); }"
    )
    box.fill("")
    page.keyboard.type(query)  # Material reacts to key events; fill() alone does not always start a search
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item > a.md-search-result__link")


def screenshot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


# --------------------------------------------------------------------------- the payload site

PAYLOAD_QUERIES = ["script", "onerror", "title", "onmouseover", "7", "model"]


@pytest.fixture(scope="module")
def payload_url(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    site = build_payload_site(tmp_path_factory.mktemp("payload-browser"))
    with serve(site) as url:
        yield url, site


def test_no_payload_page_runs_anything(browser, payload_url):
    base, site = payload_url
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 25
    watch = Watched(browser)
    try:
        for rel in pages:
            path = "" if rel == "." else rel + "/"
            watch.page.goto(base + path, wait_until="load")
            if watch.page.locator(".eras-mini-network").count():
                watch.page.wait_for_selector(".eras-mini-network[data-ready] canvas")
            # an injected onmouseover/onfocus handler would run now
            watch.page.evaluate(
                """() => document.querySelectorAll("body *").forEach(e => {
                    e.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
                    e.dispatchEvent(new FocusEvent("focus"));
                })"""
            )
        watch.page.goto(base + "404.html", wait_until="load")
        assert not watch.dialogs, watch.dialogs
        assert not watch.errors, watch.errors
        assert not watch.foreign_requests(), watch.foreign_requests()
    finally:
        watch.close()


def test_payload_network_tooltips_and_panel_stay_text(watched, payload_url):
    base, _ = payload_url
    page = watched.page
    page.goto(base + "network/")
    page.wait_for_selector(".eras-network-app[data-ready] canvas")
    ids = page.evaluate("window.ERAS_NETWORK.nodes.map(n => n.id)")
    page.locator("#eras-network").scroll_into_view_if_needed()
    for node in ids:
        x, y = _node_point(page, node, navigate=False)
        page.mouse.move(x, y)
        page.wait_for_timeout(200)  # tooltipDelay is 150 ms
    tooltip = page.locator("div.vis-tooltip")
    # text only: innerText turns line breaks into <br>, and nothing else becomes an element
    assert tooltip.count() == 1
    assert tooltip.evaluate("t => [...t.querySelectorAll('*')].every(e => e.tagName === 'BR')")
    panel_name = page.locator(".eras-network-panel h3").inner_text()
    assert panel_name in page.evaluate("window.ERAS_NETWORK.nodes.map(n => n.label)")
    page.locator(".eras-network-search").fill("<script>alert(1)</script>")
    page.locator(".eras-network-search").dispatch_event("change")
    page.wait_for_timeout(500)
    assert page.locator(".eras-network-panel h3").inner_text() == "<script>alert(1)</script>"
    assert not watched.dialogs, watched.dialogs
    assert not watched.errors, watched.errors


def test_payload_search_results_stay_text(watched, payload_url):
    base, _ = payload_url
    page = watched.page
    page.goto(base)
    titles: set[str] = set()
    for query in PAYLOAD_QUERIES:
        results = search(page, query)
        assert results.count() >= 1, query
        page.wait_for_timeout(150)
        titles.update(page.locator(".md-search-result__item h1").all_inner_texts())
    # the titles are entry names shown as text, markup and all
    assert {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>"} <= titles
    assert not page.locator(".md-search-result img, .md-search-result script").count()
    results = search(page, "onerror")
    page.wait_for_timeout(150)
    href = next(
        results.nth(i).get_attribute("href")
        for i in range(results.count())
        if "/models/script-model/" in results.nth(i).get_attribute("href")
    )
    page.goto(href)  # ?h=... : Material highlights the terms on the page
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.locator("h1").first.inner_text() == "<script>alert(1)</script>"
    assert not watched.dialogs, watched.dialogs
    assert not watched.errors, watched.errors


# --------------------------------------------------------------------------- the shipped site


@pytest.fixture(scope="module")
def shipped_url(shipped_site: Path) -> Iterator[str]:
    with serve(shipped_site) as url:
        yield url


def _node_point(page, node: str, navigate: bool = True) -> tuple[float, float]:
    """The page coordinates of a node's centre, after focusing the view on it."""
    point = page.evaluate(
        """([id, scale]) => {
            const net = window.ERAS_NETWORK_VIEW;
            net.focus(id, {scale: scale, animation: false});
            net.redraw();
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById("eras-network").getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y, at: net.getNodeAt(p)};
        }""",
        [node, 1.5 if navigate else 1.0],
    )
    assert point["at"] == node, point
    return point["x"], point["y"]


def test_home_shows_the_compute_chart(watched, shipped_url, shipped_site):
    page = watched.page
    page.goto(shipped_url)
    chart = page.locator("svg.eras-chart").first
    assert chart.is_visible()
    points = chart.locator("a.eras-point")
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    first_chart = html[html.index('<svg class="eras-chart"') :].split("</svg>", 1)[0]
    expected = first_chart.count('class="eras-point"')
    assert points.count() == expected > 10
    assert chart.bounding_box()["width"] > 400
    screenshot(page, "home")
    assert not watched.errors, watched.errors
    assert not watched.foreign_requests(), watched.foreign_requests()


@pytest.mark.parametrize("path", ["models/o1/", "axes/test-time-compute/", "articles/o1-takes/", ""])
def test_the_test_time_chart_links_its_points_and_names_each_setting(watched, shipped_url, path):
    """The essay's missing chart: o1 against GPT-4o on AIME 2024, on o1's page, the axis, the essay and home."""
    page = watched.page
    page.goto(shipped_url + path)
    chart = page.locator("svg.eras-budget-chart").first
    assert chart.is_visible() and chart.bounding_box()["width"] > 400
    points = chart.locator("a.eras-point")
    assert points.count() >= 4
    tips = [points.nth(i).locator("title").text_content() for i in range(points.count())]
    assert any("consensus" in t and "64 samples" in t for t in tips), tips
    assert all(points.nth(i).get_attribute("href").startswith("https://") for i in range(points.count()))
    labels = chart.locator("a.eras-series-label")
    assert {labels.nth(i).text_content() for i in range(labels.count())} >= {"OpenAI o1", "GPT-4o"}
    labels.filter(has_text="GPT-4o").first.click()
    page.wait_for_url("**/models/gpt-4o/")
    assert not watched.errors, watched.errors
    assert not watched.foreign_requests(), watched.foreign_requests()


def test_search_finds_chinchilla_by_its_alias(watched, shipped_url):
    page = watched.page
    page.goto(shipped_url)
    results = search(page, "Chinchilla 70B")
    page.wait_for_timeout(300)  # let every result render
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    hits = [i for i, h in enumerate(hrefs) if urlsplit(h).path.endswith("/models/chinchilla/")]
    assert hits, hrefs
    hit = page.locator(".md-search-result__item").nth(hits[0])
    assert hit.locator("h1").first.inner_text() == "Chinchilla"
    assert "Chinchilla 70B" in hit.inner_text()
    # the page's own result matched both words: no "Missing: ..." line
    assert not hit.locator(":scope > a.md-search-result__link .md-search-result__terms").count()
    assert not watched.errors, watched.errors


def test_network_draws_every_node_offline(watched, shipped_url):
    page = watched.page
    page.goto(shipped_url + "network/")
    page.wait_for_selector(".eras-network-app[data-ready] #eras-network canvas")
    counts = page.evaluate(
        """() => new Promise(resolve => {
            const net = window.ERAS_NETWORK_VIEW;
            net.once("afterDrawing", ctx => {
                const c = ctx.canvas, pixels = ctx.getImageData(0, 0, c.width, c.height).data;
                let inked = 0;
                for (let i = 3; i < pixels.length; i += 4 * 16) if (pixels[i] > 0) inked++;
                resolve({data: window.ERAS_NETWORK.nodes.length, dataset: net.body.data.nodes.length,
                         placed: Object.keys(net.getPositions()).length, drawn: net.body.nodeIndices.length,
                         inked: inked});
            });
            net.redraw();
        })"""
    )
    assert counts["data"] == counts["dataset"] == counts["placed"] == counts["drawn"] > 50, counts
    assert counts["inked"] > 100, counts
    page.locator("#eras-network").scroll_into_view_if_needed()
    screenshot(page, "network")
    assert not watched.errors, watched.errors
    assert not watched.foreign_requests(), watched.foreign_requests()


def test_clicking_a_node_opens_its_page(watched, shipped_url):
    page = watched.page
    page.goto(shipped_url + "network/")
    page.wait_for_selector(".eras-network-app[data-ready] canvas")
    page.locator("#eras-network").scroll_into_view_if_needed()
    x, y = _node_point(page, "chinchilla")
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url("**/models/chinchilla/")
    assert page.title().startswith("Chinchilla - ")
    assert not watched.errors, watched.errors


# The labels network.js drew in its last frame, each measured again here from the data (the entry's name), the
# node's position (vis-network's getPositions and canvasToDOM) and the font it was drawn in: network.js draws a
# label centred under its node, 4 px below the node's edge. Returns the text's boxes and every overlapping pair.
LABEL_BOXES = """() => new Promise(resolve => {
    const net = window.ERAS_NETWORK_VIEW;
    net.once("afterDrawing", () => {
        const drawn = window.ERAS_NETWORK_LABELS, scale = net.getScale();
        const nodes = Object.fromEntries(window.ERAS_NETWORK.nodes.map(n => [n.id, n]));
        const positions = net.getPositions(drawn.map(l => l.id));
        const ctx = document.createElement("canvas").getContext("2d");
        const boxes = drawn.map(l => {
            const n = nodes[l.id], at = net.canvasToDOM(positions[l.id]), top = at.y + n.size * scale + 4;
            ctx.font = l.font;
            const width = ctx.measureText(n.label).width, size = parseFloat(l.font.match(/([0-9.]+)px/)[1]);
            return {id: l.id, text: l.text, name: n.label, left: at.x - width / 2, right: at.x + width / 2,
                    top: top, bottom: top + size};
        });
        const overlaps = [];
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
            const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
            if (!apart) overlaps.push([a.id, b.id]);
        }));
        resolve({boxes: boxes, overlaps: overlaps, ids: boxes.map(b => b.id)});
    });
    net.redraw();
})"""

# A node whose label is not drawn at the current view, at a point where the mouse finds that node.
UNLABELLED_NODE = """labelled => {
    const net = window.ERAS_NETWORK_VIEW, box = document.getElementById("eras-network").getBoundingClientRect();
    for (const n of window.ERAS_NETWORK.nodes) {
        const p = net.canvasToDOM({x: n.x, y: n.y});
        const inside = p.x > 100 && p.y > 100 && p.x < box.width - 100 && p.y < box.height - 100;
        if (labelled.includes(n.id) || !inside) continue;
        if (net.getNodeAt(p) === n.id) return {id: n.id, x: box.left + p.x, y: box.top + p.y};
    }
    return null;
}"""


def _open_network(page, url: str):
    page.goto(url + "network/")
    page.wait_for_selector(".eras-network-app[data-ready] #eras-network canvas")
    page.locator("#eras-network").scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the first frame fits the view


def test_network_labels_do_not_overlap_at_the_default_view(watched, shipped_url):
    page = watched.page
    _open_network(page, shipped_url)
    labels = page.evaluate(LABEL_BOXES)
    assert not labels["overlaps"], labels["overlaps"]
    assert all(b["text"] == b["name"] for b in labels["boxes"])  # the entry's name, as text
    names = {b["text"] for b in labels["boxes"]}
    assert {"The Wild West era", "Parameters", "Chinchilla", "Transformer"} <= names, sorted(names)
    assert len(names) > 40, len(names)
    screenshot(page, "network-labels")
    assert not watched.errors, watched.errors


def test_network_shows_the_other_labels_on_zoom_and_on_hover(watched, shipped_url):
    page = watched.page
    _open_network(page, shipped_url)
    default = page.evaluate(LABEL_BOXES)
    node = page.evaluate(UNLABELLED_NODE, default["ids"])
    assert node, "no unlabelled node to hover"
    page.mouse.move(node["x"], node["y"])
    page.wait_for_timeout(300)
    hovered = page.evaluate(LABEL_BOXES)
    assert hovered["ids"][0] == node["id"] and not hovered["overlaps"], hovered["ids"][:5]
    assert page.locator(".eras-network-panel h3").inner_text() == hovered["boxes"][0]["name"]
    page.mouse.move(5, 5)
    page.evaluate("() => { const net = window.ERAS_NETWORK_VIEW; net.moveTo({scale: net.getScale() * 3}); }")
    zoomed = page.evaluate(LABEL_BOXES)
    assert not zoomed["overlaps"], zoomed["overlaps"]
    assert set(zoomed["ids"]) - set(default["ids"]), "zooming in showed no new label"
    assert not watched.errors, watched.errors


def test_network_canvas_uses_the_page_width(watched, shipped_url):
    page = watched.page
    _open_network(page, shipped_url)
    width = page.evaluate("document.getElementById('eras-network').getBoundingClientRect().width")
    assert width > 0.9 * page.viewport_size["width"], width
    assert not watched.errors, watched.errors


def _find(page, query: str) -> list[str]:
    """Type `query` into the network's search box; return the candidates it lists."""
    box = page.locator(".eras-network-search")
    box.fill("")
    box.click()
    page.keyboard.type(query)
    return page.locator(".eras-network-options:not([hidden]) .eras-network-option").all_inner_texts()


def _selected(page) -> list[str]:
    return page.evaluate("window.ERAS_NETWORK_VIEW.getSelectedNodes()")


def test_network_search_finds_an_entry_by_alias_and_by_prefix(watched, shipped_url):
    page = watched.page
    _open_network(page, shipped_url)
    candidates = _find(page, "Nemotron")
    assert candidates and candidates[0].startswith("Nemotron-4 340B"), candidates
    page.keyboard.press("Enter")
    assert _selected(page) == ["nemotron-4-340b"]
    assert page.locator(".eras-network-panel h3").inner_text() == "Nemotron-4 340B"
    candidates = _find(page, "chinchilla-70b")  # the alias is "Chinchilla 70B"
    assert len(candidates) == 1 and candidates[0].startswith("Chinchilla\n") and "Chinchilla 70B" in candidates[0]
    page.keyboard.press("Enter")
    assert _selected(page) == ["chinchilla"]
    assert page.locator(".eras-network-search").input_value() == "Chinchilla"
    candidates = _find(page, "bitter")  # an article, by its alias "Bitter Lesson"
    page.locator(".eras-network-option").first.click()
    assert _selected(page) == ["bitter-lesson"], candidates
    assert not page.locator(".eras-network-status").inner_text()
    assert not watched.errors, watched.errors


def test_network_search_says_when_nothing_matches(watched, shipped_url):
    page = watched.page
    _open_network(page, shipped_url)
    _find(page, "GPT-3")
    page.keyboard.press("Enter")
    assert _selected(page) == ["gpt-3"]
    assert not _find(page, "no such model xyz")
    status = page.locator(".eras-network-status")
    assert (
        status.is_visible() and "No entry matches" in status.inner_text() and "no such model xyz" in status.inner_text()
    )
    page.keyboard.press("Enter")
    assert _selected(page) == []  # the previous selection is not kept
    assert page.locator(".eras-network-panel").is_hidden()
    assert not watched.errors, watched.errors


def _neighbourhood_boxes(page, url: str) -> list[dict]:
    """Open an entry page; each node of its neighbourhood with vis-network's bounding box (label included)."""
    page.goto(url)
    page.wait_for_selector(".eras-mini-network[data-ready] canvas")
    page.wait_for_timeout(300)
    return page.evaluate(
        """() => { const net = window.ERAS_MINI_NETWORKS[0];
            net.redraw();  // a node's bounding box, its label included, is measured as it is drawn
            return Object.keys(net.getPositions()).map(id => ({id: id, box: net.getBoundingBox(id)})); }"""
    )


NEIGHBOURHOODS = [
    "models/chinchilla/",
    "models/gpt-3/",
    "models/transformer/",
    "papers/kaplan-scaling-laws/",
    "concepts/self-supervised-pretraining/",  # 90 neighbours
]


@pytest.mark.parametrize("path", NEIGHBOURHOODS)
def test_entry_neighbourhood_labels_do_not_overlap(watched, shipped_url, path):
    boxes = _neighbourhood_boxes(watched.page, shipped_url + path)
    assert len(boxes) > 5
    overlaps = [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["box"]["left"] < b["box"]["right"]
        and b["box"]["left"] < a["box"]["right"]
        and a["box"]["top"] < b["box"]["bottom"]
        and b["box"]["top"] < a["box"]["bottom"]
    ]
    assert not overlaps, overlaps
    assert not watched.errors, watched.errors


@pytest.mark.parametrize("path", NEIGHBOURHOODS[:3])
def test_entry_neighbourhood_labels_are_drawn_near_full_size(watched, shipped_url, path):
    _neighbourhood_boxes(watched.page, shipped_url + path)
    scale = watched.page.evaluate("window.ERAS_MINI_NETWORKS[0].getScale()")
    assert scale > 0.75, scale  # the labels' 12 px, wrapped and laid out in columns, not shrunk to fit
    assert not watched.errors, watched.errors


def test_timeline_filter_hides_and_shows_entries(watched, shipped_url):
    page = watched.page
    page.goto(shipped_url + "timeline/")
    page.wait_for_selector(".eras-timeline-filters")
    above_first_year = page.evaluate(
        "() => !!(document.querySelector('.eras-timeline-filters').compareDocumentPosition("
        "document.querySelector('article h2')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert above_first_year, "the filters sit under the first year's heading"
    items = page.locator("li.eras-tl-item")
    total = items.count()
    models = page.locator("li.eras-tl-item[data-kind=model]").count()
    assert 0 < models < total

    def visible() -> dict[str, int]:
        return page.evaluate(
            """() => { const out = {}; document.querySelectorAll("li.eras-tl-item").forEach(li => {
                if (li.offsetParent !== null) out[li.dataset.kind] = (out[li.dataset.kind] || 0) + 1; });
                return out; }"""
        )

    assert sum(visible().values()) == total
    box = page.locator(".eras-timeline-filters input[type=checkbox][value=model]")
    box.uncheck()
    shown = visible()
    assert "model" not in shown and sum(shown.values()) == total - models, shown
    box.check()
    assert sum(visible().values()) == total
    assert not watched.errors, watched.errors


def test_timeline_filters_by_era(watched, shipped_url):
    page = watched.page
    page.goto(shipped_url + "timeline/")
    page.wait_for_selector(".eras-timeline-filters")
    in_era = page.locator("li.eras-tl-item[data-era=wild-west]").count()
    assert in_era > 0
    page.locator(".eras-timeline-filters input[type=checkbox][value=wild-west]").uncheck()
    hidden = page.evaluate(
        """() => Array.from(document.querySelectorAll("li.eras-tl-item"))
            .filter(li => li.offsetParent === null).map(li => li.dataset.era)"""
    )
    assert len(hidden) == in_era and set(hidden) == {"wild-west"}
    headings = page.evaluate(
        """() => Array.from(document.querySelectorAll("ul.eras-timeline")).map(ul => ({
            onlyWildWest: Array.from(ul.children).every(li => li.dataset.era === "wild-west"),
            headingHidden: ul.previousElementSibling.offsetParent === null }))"""
    )
    assert any(h["onlyWildWest"] for h in headings)
    assert all(h["headingHidden"] == h["onlyWildWest"] for h in headings)  # years left empty lose their heading
    assert not watched.errors, watched.errors


def test_entry_page_shows_its_neighbourhood(watched, shipped_url):
    page = watched.page
    page.goto(shipped_url + "models/chinchilla/")
    page.wait_for_selector(".eras-mini-network[data-ready] canvas")
    box = page.locator(".eras-mini-network[data-ready]")
    assert box.bounding_box()["height"] > 100
    box.scroll_into_view_if_needed()
    screenshot(page, "entry-chinchilla")
    assert not watched.errors, watched.errors
    assert not watched.foreign_requests(), watched.foreign_requests()


def test_artifacts_folder_is_ignored_by_git():
    ignore = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/test-artifacts/" in ignore or "test-artifacts/" in ignore
