"""Time to first draw of the network page in headless Chromium, as a ratio against a small baseline.

    python benchmarks/network_draw.py [NODES] [BASELINE] [RUNS]     (defaults 3000 100 3)

Writes a synthetic valid corpus of about NODES entries (benchmarks/synthetic.py), validates it, renders the
network page and its data with kb.site.network_page / kb.site.network as the site does, serves it from 127.0.0.1 and
opens it in Debian's headless Chromium (/usr/bin/chromium, driven by the playwright package). The first
'afterDrawing' event of vis-network is the first draw. The same is done for BASELINE entries; the ratio is
what to compare across machines, the absolute times are printed too. Each size is loaded RUNS times with
the HTTP cache off; medians are reported.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write_corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs after vis-network and the data script, before eras.js builds the network: records when the
# network is constructed and when vis first emits 'afterDrawing' (emit is on Network.prototype).
INSTRUMENT = """<script>
(function () {
  var B = window.ERAS_BENCH = {scripts: performance.now()};
  var Network = vis.Network, emit = Network.prototype.emit;
  Network.prototype.emit = function (name) {
    if (name === "afterDrawing" && B.firstDraw === undefined) B.firstDraw = performance.now();
    return emit.apply(this, arguments);
  };
  vis.Network = function (container, data, options) {
    B.construct = performance.now();
    var network = new Network(container, data, options);
    B.constructed = performance.now();
    return network;
  };
  vis.Network.prototype = Network.prototype;
})();
</script>"""


def models_for(nodes: int) -> int:
    """The number of models write_corpus needs for about `nodes` entries in all."""

    def total(m: int) -> int:
        return m + max(3, m // 50) + max(5, m // 20) + 8  # + organizations, concepts, 3 eras and 5 axes

    return min(range(1, nodes + 1), key=lambda m: (abs(total(m) - nodes), m))


def render_network_page(entries: Path, out: Path) -> int:
    """Write out/network/index.html with its assets, as the site would serve them; return the node count."""
    import markdown
    from mkdocs.utils import meta

    from kb.check.run import load
    from kb.graph import build
    from kb.site.assemble import ASSETS
    from kb.site.context import ASSET_DIR, Context
    from kb.site.network import VIS_CSS, VIS_JS, data_script
    from kb.site.network_page import network_page
    from kb.site.urls import Urls

    kb = load(entries)
    assert kb.ok, [p.format() for p in kb.errors()[:5]]
    graph = build(kb)
    urls = Urls()
    body, _ = meta.get_data(network_page(Context(graph, urls)).markdown())
    content = markdown.markdown(body, extensions=["attr_list", "tables"])
    assets = out / ASSET_DIR
    assets.mkdir(parents=True)
    shutil.copy(VIS_JS, assets / "vis-network.min.js")
    shutil.copy(VIS_CSS, assets / "vis-network.css")
    for asset in ASSETS.iterdir():
        shutil.copy(asset, assets / asset.name)
    (assets / "network-data.js").write_text(data_script(graph, urls), encoding="utf-8")
    page = out / "network" / "index.html"
    page.parent.mkdir()
    page.write_text(
        "<!doctype html>\n<html><head><meta charset='utf-8'><title>Network</title>"
        f"<link rel='stylesheet' href='../{ASSET_DIR}/eras.css'>"
        f"<link rel='stylesheet' href='../{ASSET_DIR}/vis-network.css'></head>\n"
        f"<body><main style='width:1200px'>\n{content}\n{INSTRUMENT}\n"
        f"<script src='../{ASSET_DIR}/eras.js'></script></main></body></html>\n",
        encoding="utf-8",
    )
    return graph.number_of_nodes()


class _NoCache(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the signature http.server calls
        pass


@contextmanager
def serve(root: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_NoCache, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(context, url: str) -> dict[str, float]:
    """Load the page once; milliseconds from navigation start, plus the cost of one more redraw."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.ERAS_BENCH && window.ERAS_BENCH.firstDraw !== undefined", timeout=300_000)
    result = page.evaluate(
        """() => {
            const B = window.ERAS_BENCH, net = window.ERAS_NETWORK_VIEW;
            const t0 = performance.now();
            for (let i = 0; i < 5; i++) net.redraw();
            return {scripts: B.scripts, construct: B.construct, firstDraw: B.firstDraw,
                    redraw: (performance.now() - t0) / 5, nodes: net.body.nodeIndices.length};
        }"""
    )
    page.close()
    assert not errors, errors
    return result


def main() -> None:
    nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    baseline = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    if not Path(CHROMIUM).exists():
        sys.exit(f"needs Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sizes = {}
        for label, size in (("baseline", baseline), ("large", nodes)):
            started = time.perf_counter()
            entries = write_corpus(root / label, models_for(size))
            count = render_network_page(entries, root / label / "site")
            sizes[label] = count
            print(f"{label}: {count} entries written, validated and rendered in {time.perf_counter() - started:.1f} s")
        results: dict[str, list[dict]] = {label: [] for label in sizes}
        with serve(root) as base, sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(root / "chromium-profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=ARGS,
                viewport={"width": 1280, "height": 900},
            )
            measure(context, f"{base}baseline/site/network/")  # warm-up: Chromium's own start-up costs
            for _ in range(runs):
                for label in sizes:
                    results[label].append(measure(context, f"{base}{label}/site/network/"))
            context.close()

    def median(label: str, key: str) -> float:
        return statistics.median(r[key] for r in results[label])

    def draw_only(label: str) -> float:
        return statistics.median(r["firstDraw"] - r["construct"] for r in results[label])

    rows = []
    for label, count in sizes.items():
        assert all(r["nodes"] == count for r in results[label]), (label, count, results[label])
        rows.append(
            (
                f"{count} nodes",
                median(label, "firstDraw"),
                draw_only(label),
                median(label, "scripts"),
                median(label, "redraw"),
            )
        )
    print(f"\nheadless Chromium, median of {runs} loads (ms):")
    print(f"{'':>12} {'first draw':>12} {'construct->draw':>16} {'scripts loaded':>15} {'redraw':>8}")
    for name, first, draw, scripts, redraw in rows:
        print(f"{name:>12} {first:12.0f} {draw:16.0f} {scripts:15.0f} {redraw:8.1f}")
    print(
        f"\nratio {sizes['large']} / {sizes['baseline']} nodes: first draw "
        f"{median('large', 'firstDraw') / median('baseline', 'firstDraw'):.1f}x, construct->draw "
        f"{draw_only('large') / draw_only('baseline'):.1f}x, redraw "
        f"{median('large', 'redraw') / median('baseline', 'redraw'):.1f}x"
    )


if __name__ == "__main__":
    main()
