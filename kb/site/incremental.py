"""Which entry pages an edit leaves as they were: `kb serve` re-renders only the others.

An entry's page shows the entry and its neighbours (names, dates, kinds, figures of the entries it links to
and that link to it), so an edit can change the pages of the entries it touches and of their neighbours,
before and after the edit. Pages that draw more than that are always rendered again: eras, axes and
benchmarks (their charts and tables gather many entries), and entries with charts of their own. An edit to
an era or an axis changes colours and groupings everywhere: then every page is rendered again.
tests/test_incremental.py compares the result with a full render for many kinds of edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

ALWAYS = ("era", "axis", "benchmark")  # pages that gather many entries: always rendered again


def changed_entries(old: nx.MultiDiGraph, old_raw: dict, new: nx.MultiDiGraph, new_raw: dict) -> set[str]:
    """Ids added, removed, edited, or moved to another kind."""
    ids = set(old_raw) | set(new_raw)
    changed = {eid for eid in ids if old_raw.get(eid) != new_raw.get(eid)}
    changed |= {eid for eid in set(old) & set(new) if old.nodes[eid]["kind"] != new.nodes[eid]["kind"]}
    return changed


def reusable(old: nx.MultiDiGraph, old_raw: dict, new: nx.MultiDiGraph, new_raw: dict) -> set[str]:
    """The entries whose pages are the same after the edit as before it."""
    changed = changed_entries(old, old_raw, new, new_raw)
    if any(g.nodes[eid]["kind"] in ("era", "axis") for g in (old, new) for eid in changed if eid in g):
        return set()
    dirty = set(changed)
    for graph in (old, new):
        for eid in changed & set(graph):
            dirty.update(graph.predecessors(eid))
            dirty.update(graph.successors(eid))
    return {
        eid
        for eid, attrs in new.nodes(data=True)
        if eid not in dirty and eid in old and attrs["kind"] not in ALWAYS and not attrs.get("charts")
    }
