"""The network page: the shell of the interactive network; its data is the asset built by kb/site/network.py."""

from __future__ import annotations

from kb.site.context import ASSET_DIR, Context
from kb.site.listings import overview_page
from kb.site.page import Page, Section
from kb.site.templating import render

INTRO = (
    "Every entry and how it connects. Left to right is time, each era given the same width; each "
    "band holds the entries that pushed one scaling axis. Colour is the era, shape the kind of entry. "
    "Labels that would overlap give way to the best connected entries: zoom in to see more. "
    "Hover over a node to see its neighbours and summary; click it to open its page. Links to eras, "
    "axes and organizations start hidden: turn them on under Filters."
)
DATA_SCRIPT = f"{ASSET_DIR}/network-data.js"  # written by kb/site/assemble.py
NETWORK_SCRIPT = f"{ASSET_DIR}/network.js"  # kb/site/assets/network.js: draws and searches the network


def network_page(ctx: Context) -> Page:
    """The whole network, drawn in the browser from precomputed positions."""
    here = "network.md"
    html = render(
        "network_page.html",
        root=ctx.root(here),
        scripts=[ctx.href(here, src) for src in (f"{ASSET_DIR}/vis-network.min.js", DATA_SCRIPT, NETWORK_SCRIPT)],
    )
    return overview_page(here, "Network", [Section(prose=INTRO, html=html)], hide=("navigation", "toc"))
