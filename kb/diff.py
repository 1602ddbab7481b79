"""What a change does to the knowledge base: compare the entries at a git ref with the working tree."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import vocab
from .graph import build
from .validate import load
from .values import short


class DiffError(Exception):
    """The comparison could not run (not a git repository, unknown ref)."""


@dataclass
class Change:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    relations_added: list[tuple[str, str, str]] = field(default_factory=list)
    relations_removed: list[tuple[str, str, str]] = field(default_factory=list)
    figures: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, figure, old, new
    moves: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, field, old, new
    head_errors: int = 0

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.renamed,
                self.relations_added,
                self.relations_removed,
                self.figures,
                self.moves,
            )
        )


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None
    if result.returncode != 0:
        raise DiffError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def entries_at(ref: str, entries_dir: Path, into: Path) -> Path:
    """Extract the entries folder as it was at `ref` into `into`; return the extracted folder."""
    entries_dir = entries_dir.resolve()
    top = Path(
        _git(["rev-parse", "--show-toplevel"], entries_dir if entries_dir.is_dir() else Path.cwd()).decode().strip()
    )
    rel = entries_dir.relative_to(top).as_posix()
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    target = into / "entries"
    target.mkdir(parents=True)
    listing = _git(["ls-tree", "-r", "--name-only", ref, "--", rel], top).decode().split("\n")
    if any(listing):
        archive = _git(["archive", "--format=tar", ref, rel], top)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into / "tree", filter="data")
        extracted = into / "tree" / rel
        if extracted.is_dir():
            return extracted
    return target


def _edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(s, r, t) for s, t, r in graph.edges(data="relation")}


def _figure_text(fig: dict | None) -> str:
    if not fig:
        return "(none)"
    unit = f" {fig['unit']}" if fig.get("unit") else ""
    by = f" by {fig['by']}" if fig.get("by") else ""
    return f"{short(fig['value'])}{unit} ({fig['status']}{by})"


def compare(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> Change:
    """Everything that differs between two graphs of entries."""
    change = Change()
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    for gone in list(removed):  # a removed and an added entry of the same kind and name: a rename
        match = next(
            (
                a
                for a in added
                if new.nodes[a]["kind"] == old.nodes[gone]["kind"] and new.nodes[a]["name"] == old.nodes[gone]["name"]
            ),
            None,
        )
        if match:
            change.renamed.append((gone, match))
            removed.remove(gone)
            added.remove(match)
    change.added, change.removed = added, removed
    renames = dict(change.renamed)
    old_edges = {(renames.get(s, s), r, renames.get(t, t)) for s, r, t in _edges(old)}
    new_edges = _edges(new)
    change.relations_added = sorted(e for e in new_edges - old_edges if e[1] in vocab.RELATIONS)
    change.relations_removed = sorted(e for e in old_edges - new_edges if e[1] in vocab.RELATIONS)
    for eid in sorted(set(new) & {renames.get(n, n) for n in old}):
        before_id = next((o for o, n in renames.items() if n == eid), eid)
        a, b = old.nodes[before_id], new.nodes[eid]
        for name in vocab.FIGURES:
            fa, fb = (a.get("figures") or {}).get(name), (b.get("figures") or {}).get(name)
            if fa != fb and (
                _figure_text(fa) != _figure_text(fb) or (fa or {}).get("source") != (fb or {}).get("source")
            ):
                old_text, new_text = _figure_text(fa), _figure_text(fb)
                if old_text == new_text:
                    new_text += " (new source)"
                change.figures.append((eid, name, old_text, new_text))
        for key in ("era", "organization", "date"):
            if a.get(key) != b.get(key):
                change.moves.append((eid, key, str(a.get(key) or "(none)"), str(b.get(key) or "(none)")))
        axes_a, axes_b = set(a.get("axes") or {}), set(b.get("axes") or {})
        if axes_a != axes_b:
            change.moves.append(
                (eid, "axes", ", ".join(sorted(axes_a)) or "(none)", ", ".join(sorted(axes_b)) or "(none)")
            )
    return change


def diff(ref: str, entries_dir: Path) -> Change:
    """Compare the entries at git `ref` with the entries in the working tree."""
    with tempfile.TemporaryDirectory(prefix="eras-diff-") as tmp:
        base_dir = entries_at(ref, entries_dir, Path(tmp))
        base = load(base_dir)
        head = load(entries_dir)
        change = compare(build(base), build(head))
        change.head_errors = len(head.errors())
    return change


def render(change: Change, ref: str, markdown: bool = False) -> str:
    """The change as plain text or as Markdown for a pull-request comment."""

    def code(text: str) -> str:
        return f"`{text}`" if markdown else text

    head = f"### Knowledge-base changes against {code(ref)}" if markdown else f"Knowledge-base changes against {ref}"
    lines = [head, ""]
    if change.empty:
        lines.append("No entries, relations or figures changed.")
    bullet = "- " if markdown else "  "
    sections = [
        ("Entries added", [code(e) for e in change.added]),
        ("Entries removed", [code(e) for e in change.removed]),
        ("Entries renamed", [f"{code(a)} -> {code(b)}" for a, b in change.renamed]),
        ("Relations added", [f"{code(s)} {r} {code(t)}" for s, r, t in change.relations_added]),
        ("Relations removed", [f"{code(s)} {r} {code(t)}" for s, r, t in change.relations_removed]),
        ("Figures changed", [f"{code(e)} {f}: {a} -> {b}" for e, f, a, b in change.figures]),
        ("Era, axis, organization and date moves", [f"{code(e)} {k}: {a} -> {b}" for e, k, a, b in change.moves]),
    ]
    for title, items in sections:
        if items:
            lines += [f"**{title}** ({len(items)})" if markdown else f"{title} ({len(items)}):", ""]
            lines += [bullet + item for item in items]
            lines.append("")
    if change.head_errors:
        lines.append(f"Warning: the changed entries have {change.head_errors} validation errors; run kb validate.")
    return "\n".join(lines).rstrip() + "\n"
