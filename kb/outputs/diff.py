"""What a change does to the knowledge base: compare the entries at a git ref with the working tree."""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kb import vocab
from kb.check.run import load
from kb.graph import build
from kb.model import KnowledgeBase
from kb.outputs.inert_markdown import md_text, one_line
from kb.values import short


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
    results_added: list[tuple[str, str]] = field(default_factory=list)  # id, the result as text
    results_removed: list[tuple[str, str]] = field(default_factory=list)
    new_facts: list[tuple[str, str]] = field(default_factory=list)  # id, a figure or source of an added entry
    head_errors: int = 0  # validation errors in the working tree
    base_errors: int = 0  # validation errors in the entries at the base ref
    left_out: list[str] = field(default_factory=list)  # ids with errors on either side, compared on neither
    notes: list[str] = field(default_factory=list)  # what could not be read at the base ref, and why

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
                self.results_added,
                self.results_removed,
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


def entries_at(ref: str, entries_dir: Path, into: Path, notes: list[str] | None = None) -> Path:
    """Extract the entries folder as it was at `ref` into `into`; return the extracted folder.

    Only regular files and folders are extracted: links and other special files are skipped, each
    with a line in `notes` (the loader refuses a link in the entries anyway).
    """
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
        _extract(archive, into / "tree", ref, notes if notes is not None else [])
        extracted = into / "tree" / rel
        if extracted.is_dir() and not extracted.is_symlink():
            return extracted
    return target


def _extract(archive: bytes, dest: Path, ref: str, notes: list[str]) -> None:
    """Extract the regular files and folders of a tar archive, one by one, into `dest`."""
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar:
                if not (member.isfile() or member.isdir()):
                    what = (
                        "a symbolic link" if member.issym() else "a hard link" if member.islnk() else "a special file"
                    )
                    notes.append(f"skipped {member.name} at {ref}: {what}, not a file")
                    continue
                try:
                    tar.extract(member, dest, filter="data")
                except tarfile.FilterError as exc:
                    notes.append(f"skipped {member.name} at {ref}: {exc}")
    except (tarfile.TarError, OSError) as exc:
        raise DiffError(f"could not extract the entries at {ref}: {exc}") from None


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
        _compare_results(change, eid, a, b)
        axes_a, axes_b = set(a.get("axes") or {}), set(b.get("axes") or {})
        if axes_a != axes_b:
            change.moves.append(
                (eid, "axes", ", ".join(sorted(axes_a)) or "(none)", ", ".join(sorted(axes_b)) or "(none)")
            )
    for eid in change.added:
        _compare_results(change, eid, {}, new.nodes[eid])
        change.new_facts += [(eid, fact) for fact in _facts(new.nodes[eid])]
    return change


def _facts(node: dict) -> list[str]:
    """What a reviewer checks in a new entry: each figure with its status and source, and each source."""
    facts = [f"{name}: {_figure_text(fig)} {fig['source']}" for name, fig in (node.get("figures") or {}).items()]
    return facts + [f"source: {s['title']} {s['url']}" for s in node.get("sources") or []]


def result_text(result: dict) -> str:
    """A result in one line: benchmark, score, model, setting, budget, status and source."""
    model = f" [{result['model']}]" if result.get("model") else ""
    samples = result.get("samples")
    budget = f", {samples} sample{'s' * (samples != 1)}" if samples else ""
    by = f" by {result['by']}" if result.get("by") else ""
    return (
        f"{result['benchmark']} {result['score']:g}{model} ({result['setting']}; {result['aggregation']}{budget}; "
        f"{result['status']}{by}) {result['source']}"
    )


def _compare_results(change: Change, eid: str, a: dict, b: dict) -> None:
    before = [result_text(r) for r in a.get("results") or []]
    after = [result_text(r) for r in b.get("results") or []]
    change.results_added += [(eid, text) for text in after if text not in before]
    change.results_removed += [(eid, text) for text in before if text not in after]


def _checked(root: Path) -> tuple[KnowledgeBase, set[str]]:
    """The entries below `root`, read and checked, and the ids of those with validation errors."""
    kb = load(root)
    read = {entry.shown_path for entry in kb.entries.values()}
    unreadable = {Path(p.path).stem for p in kb.errors() if p.path not in read and p.path.endswith(".yaml")}
    return kb, kb.with_errors() | unreadable


def _graph(kb: KnowledgeBase, leave_out: set[str]) -> nx.MultiDiGraph:
    """The graph of the entries of `kb` that are not in `leave_out`: build() assumes valid entries."""
    return build(KnowledgeBase(entries={eid: e for eid, e in kb.entries.items() if eid not in leave_out}))


def diff(ref: str, entries_dir: Path) -> Change:
    """Compare the entries at git `ref` with the entries in the working tree.

    Entries with validation errors (on either side) are left out of both sides, so that a broken entry
    is neither compared nor reported as added or removed; they are listed in `left_out`.
    """
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="eras-diff-") as tmp:
        base_dir = entries_at(ref, entries_dir, Path(tmp), notes)
        base, base_bad = _checked(base_dir)
        head, head_bad = _checked(entries_dir)
        left_out = base_bad | head_bad
        change = compare(_graph(base, left_out), _graph(head, left_out))
    change.head_errors, change.base_errors = len(head.errors()), len(base.errors())
    change.left_out, change.notes = sorted(left_out), notes
    return change


_CODE_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:^~+-]*")


def _plural(count: int, word: str) -> str:
    """'1 validation error', '2 validation errors'."""
    return f"{count} {word}{'s' * (count != 1)}"


def render(change: Change, ref: str, markdown: bool = False) -> str:
    """The change as plain text or as Markdown for a pull-request comment.

    In Markdown every value that comes from the entries (or the ref) is escaped (see `md_text`); ids
    that are plain slugs are shown as code.
    """
    text = md_text if markdown else one_line

    def code(value: str) -> str:
        return f"`{value}`" if markdown and _CODE_SAFE.fullmatch(str(value)) else text(value)

    head = (
        f"### Knowledge-base changes against {code(ref)}" if markdown else f"Knowledge-base changes against {text(ref)}"
    )
    lines = [head, ""]
    if change.empty:
        lines.append("No entries, relations or figures changed.")
    bullet = "- " if markdown else "  "
    sections = [
        ("Entries added", [code(e) for e in change.added]),
        ("Entries removed", [code(e) for e in change.removed]),
        ("Entries renamed", [f"{code(a)} -> {code(b)}" for a, b in change.renamed]),
        ("Relations added", [f"{code(s)} {text(r)} {code(t)}" for s, r, t in change.relations_added]),
        ("Relations removed", [f"{code(s)} {text(r)} {code(t)}" for s, r, t in change.relations_removed]),
        ("Figures changed", [f"{code(e)} {text(f)}: {text(a)} -> {text(b)}" for e, f, a, b in change.figures]),
        ("New entries' figures and sources", [f"{code(e)} {text(f)}" for e, f in change.new_facts]),
        ("Results added", [f"{code(e)} {text(r)}" for e, r in change.results_added]),
        ("Results removed", [f"{code(e)} {text(r)}" for e, r in change.results_removed]),
        (
            "Era, axis, organization and date moves",
            [f"{code(e)} {text(k)}: {text(a)} -> {text(b)}" for e, k, a, b in change.moves],
        ),
    ]
    for title, items in sections:
        if items:
            lines += [f"**{title}** ({len(items)})" if markdown else f"{title} ({len(items)}):", ""]
            lines += [bullet + item for item in items]
            lines.append("")
    notes = _warnings(change, code(ref), code, text)
    if markdown:  # one paragraph each, or Markdown joins the lines
        notes = [part for note in notes for part in (note, "")]
    return "\n".join(lines + notes).rstrip() + "\n"


def _warnings(change: Change, ref: str, code, text) -> list[str]:
    """The closing lines: what was left out of the comparison, and why."""
    lines = []
    if change.left_out:
        shown = ", ".join(code(eid) for eid in change.left_out[:20])
        more = f" and {len(change.left_out) - 20} more" if len(change.left_out) > 20 else ""
        lines.append(f"Left out of the comparison (validation errors): {shown}{more}")
    if change.head_errors:
        errors = _plural(change.head_errors, "validation error")
        lines.append(f"Warning: the working tree has {errors}; entries with errors are left out. Run kb validate.")
    if change.base_errors:
        errors = _plural(change.base_errors, "validation error")
        lines.append(f"Note: the entries at {ref} have {errors}; entries with errors are left out.")
    lines += [f"Note: {text(note)}" for note in change.notes]
    return lines
