"""The network page in headless Chromium: first draw, and the frames of panning and zooming.

    python benchmarks/network_draw.py [NODES] [BASELINE] [RUNS]     (defaults 3000 100 3)

Writes a synthetic valid corpus of about NODES entries (benchmarks/synthetic.py), validates it, renders the
network page and its data with kb.site.network_page / kb.site.network as the site does, serves it from 127.0.0.1 and
opens it in Debian's headless Chromium (/usr/bin/chromium, driven by the playwright package). The same is
done for BASELINE entries; each figure is printed for both sizes side by side, with the ratio (what compares
across machines) and the goal for a frame. Each size is loaded RUNS times with the HTTP cache off.

- first draw: navigation start to the end of vis-network's first frame ('afterDrawing' and its handlers);
- construct->draw: `new vis.Network(...)` to that same point;
- redraw: one more `network.redraw()` at the whole-network view (median of 5);
- pan/zoom: every frame drawn while the view zooms from the whole network to 8x in 12 steps and back, pans
  across in 12 steps (programmatic `moveTo`, one step per animation frame), then while the mouse wheel zooms in
  and out and the mouse drags the view; a frame is vis-network's own redraw, from its 'initRedraw' event to
  the end of 'afterDrawing', so it includes what eras' scripts draw on the canvas. Median and 95th percentile
  over all frames of all loads, and the slowest.
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

GOAL_MS = 40  # a pan/zoom frame at 3,000 nodes (issue 11: smooth at 25 frames a second)

# Runs after vis-network and the data script, before network.js builds the network (it waits for the DOM):
# records when the network is constructed, when its first frame ends, and how long each frame takes from
# vis-network's 'initRedraw' to the end of 'afterDrawing' (emit is on Network.prototype).
INSTRUMENT = """<script>
(function () {
  var B = window.ERAS_BENCH = {scripts: performance.now(), frames: []};
  var Network = vis.Network, emit = Network.prototype.emit;
  Network.prototype.emit = function (name) {
    if (name === "initRedraw") B.frameStart = performance.now();
    var result = emit.apply(this, arguments);
    if (name === "afterDrawing") {
      var now = performance.now();
      if (B.firstDraw === undefined) B.firstDraw = now;
      B.frames.push(now - B.frameStart);
    }
    return result;
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
        "<!doctype html>\n<html><head><meta charset='utf-8'><title>Network</title><link rel='icon' href='data:,'>"
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


# Zoom from the whole network to 8x and back, then pan across at the whole-network zoom and at 3x, one view
# per animation frame; end at the whole network again for the mouse.
PAN_ZOOM = """async () => {
    const net = window.ERAS_NETWORK_VIEW, B = window.ERAS_BENCH;
    const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    await frame();
    const fit = net.getScale(), centre = net.getViewPosition();
    const width = document.getElementById("eras-network").clientWidth;
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) net.redraw();
    const redraw = (performance.now() - t0) / 5;
    B.frames = [];
    for (let i = 1; i <= 24; i++) {
        net.moveTo({scale: fit * Math.pow(8, (i <= 12 ? i : 24 - i) / 12)});
        await frame();
    }
    for (const zoom of [1, 3]) {
        for (let i = 0; i <= 12; i++) {
            net.moveTo({scale: fit * zoom, position: {x: centre.x + (i - 6) * width / 12 / fit / zoom, y: centre.y}});
            await frame();
        }
    }
    net.moveTo({scale: fit, position: centre});
    await frame();
    return {redraw: redraw};
}"""


def pan_and_zoom(page) -> tuple[float, list[float]]:
    """One fit-view redraw time and the frame times of panning and zooming, by script and then by mouse."""
    redraw = page.evaluate(PAN_ZOOM)["redraw"]
    box = page.locator("#eras-network").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    for delta in [-100] * 6 + [100] * 3:
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(40)
    page.mouse.down()
    for i in range(1, 13):
        page.mouse.move(x - 25 * i, y + 8 * i)
        page.wait_for_timeout(20)
    page.mouse.up()
    page.wait_for_timeout(400)  # vis-network redraws once more when a zoom ends
    return redraw, page.evaluate("window.ERAS_BENCH.frames.slice()")


def measure(context, url: str) -> dict:
    """Load the page once; milliseconds from navigation start, the fit-view redraw and the pan/zoom frames."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.ERAS_BENCH && window.ERAS_BENCH.firstDraw !== undefined", timeout=300_000)
    page.wait_for_function("window.ERAS_NETWORK_VIEW !== undefined")
    result = page.evaluate(
        """() => { const B = window.ERAS_BENCH, net = window.ERAS_NETWORK_VIEW;
            return {scripts: B.scripts, construct: B.construct, firstDraw: B.firstDraw,
                    nodes: net.body.nodeIndices.length}; }"""
    )
    result["redraw"], result["frames"] = pan_and_zoom(page)
    page.close()
    assert not errors, errors
    return result


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


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

    report(sizes, results, runs)


def report(sizes: dict[str, int], results: dict[str, list[dict]], runs: int) -> None:
    """Each measure for both sizes, side by side, then the ratios and the goal."""

    def figures(label: str) -> dict[str, float]:
        rows, frames = results[label], [f for r in results[label] for f in r["frames"]]
        return {
            "first draw": statistics.median(r["firstDraw"] for r in rows),
            "construct->draw": statistics.median(r["firstDraw"] - r["construct"] for r in rows),
            "scripts loaded": statistics.median(r["scripts"] for r in rows),
            "redraw": statistics.median(r["redraw"] for r in rows),
            "pan/zoom median": statistics.median(frames),
            "pan/zoom p95": percentile(frames, 0.95),
            "pan/zoom max": max(frames),
            "frames": len(frames),
        }

    for label, count in sizes.items():
        assert all(r["nodes"] == count for r in results[label]), (label, count, results[label])
    base, large = figures("baseline"), figures("large")
    print(f"\nheadless Chromium, {runs} loads per size (ms; pan/zoom over {large['frames']} frames):")
    print(f"{'':>16} {sizes['baseline']:>6} nodes {sizes['large']:>6} nodes {'ratio':>7}")
    for name in [name for name in large if name != "frames"]:
        print(f"{name:>16} {base[name]:12.1f} {large[name]:12.1f} {large[name] / base[name]:6.1f}x")
    verdict = "met" if large["pan/zoom p95"] <= GOAL_MS else "NOT met"
    print(
        f"\ngoal: a pan/zoom frame at {sizes['large']} nodes <= {GOAL_MS} ms: {verdict} "
        f"(median {large['pan/zoom median']:.1f} ms, 95th percentile {large['pan/zoom p95']:.1f} ms)"
    )


if __name__ == "__main__":
    main()
