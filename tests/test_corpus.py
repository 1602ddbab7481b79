"""Editorial rules over the shipped corpus in entries/: counts, coverage, sourcing and the entries the essay needs.

Each rule is its own test and names the offending entries when it fails. The corpus is loaded and turned into a
graph once per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.check.run import load
from kb.graph import build, members, outgoing

ENTRIES = Path(__file__).resolve().parent.parent / "entries"

# Relations that count towards an entry's own outgoing links (articles' `discusses` does not).
OUTGOING = ("builds_on", "introduces", "uses", "succeeds", "revises")
SOURCED = ("model", "paper", "concept", "article")

MIN_COUNTS = {"entries": 100, "model": 50, "paper": 10, "concept": 15, "article": 3}
MIN_ERA_ENTRIES = 5
MIN_AXIS_ENTRIES = 5

REQUIRED = {
    "era": ("wild-west", "early-scaling-laws", "current-scaling-laws"),
    "axis": ("parameters", "training-data", "training-compute", "sparsity", "test-time-compute"),
    "model": ("resnet-50", "chinchilla", "switch-transformer", "gpt-4", "o1"),
    "organization": ("microsoft", "deepmind", "google", "openai"),
    "concept": ("test-time-scaling",),
    "article": ("o1-takes",),
}


@pytest.fixture(scope="module")
def kb():
    return load(ENTRIES)


@pytest.fixture(scope="module")
def graph(kb):
    return build(kb)


def of_kind(kb, *kinds: str) -> list[str]:
    return sorted(eid for eid, entry in kb.entries.items() if entry.kind in kinds)


def offenders(ids: list[str]) -> str:
    return ", ".join(ids)


def test_corpus_loads_without_errors(kb):
    errors = [f"{p.path}:{p.line}: {p.message}" for p in kb.errors()]
    assert not errors, "the shipped corpus has validation errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("kind", ["entries", "model", "paper", "concept", "article"])
def test_minimum_counts(kb, kind):
    found = len(kb.entries) if kind == "entries" else len(of_kind(kb, kind))
    assert found >= MIN_COUNTS[kind], f"{kind}: {found} in the corpus, at least {MIN_COUNTS[kind]} required"


def test_models_and_papers_have_two_outgoing_relations(kb, graph):
    bad = []
    for eid in of_kind(kb, "model", "paper"):
        count = sum(len(targets) for rel, targets in outgoing(graph, eid).items() if rel in OUTGOING)
        if count < 2:
            bad.append(f"{eid} ({count})")
    assert not bad, "models/papers with fewer than 2 outgoing relations: " + offenders(bad)


def test_sourced_kinds_have_a_source(kb):
    bad = [eid for eid in of_kind(kb, *SOURCED) if not kb.entries[eid].data.get("sources")]
    assert not bad, "entries without any source: " + offenders(bad)


def test_every_figure_has_status_and_source(kb):
    bad = []
    for eid, entry in sorted(kb.entries.items()):
        for name, fig in (entry.data.get("figures") or {}).items():
            missing = [key for key in ("status", "source") if not (isinstance(fig, dict) and fig.get(key))]
            if missing:
                bad.append(f"{eid}.{name} (no {'/'.join(missing)})")
    assert not bad, "figures missing status or source: " + offenders(bad)


def test_estimated_figures_name_the_estimator(kb):
    bad = [
        f"{eid}.{name}"
        for eid, entry in sorted(kb.entries.items())
        for name, fig in (entry.data.get("figures") or {}).items()
        if fig.get("status") == "estimated" and not fig.get("by")
    ]
    assert not bad, "estimated figures without `by`: " + offenders(bad)


def test_every_era_has_enough_entries(kb, graph):
    bad = [
        f"{era} ({len(members(graph, era, 'era'))})"
        for era in of_kind(kb, "era")
        if len(members(graph, era, "era")) < MIN_ERA_ENTRIES
    ]
    assert not bad, f"eras with fewer than {MIN_ERA_ENTRIES} entries: " + offenders(bad)


def test_every_axis_has_enough_entries(kb, graph):
    bad = [
        f"{axis} ({len(members(graph, axis, 'axis'))})"
        for axis in of_kind(kb, "axis")
        if len(members(graph, axis, "axis")) < MIN_AXIS_ENTRIES
    ]
    assert not bad, f"axes with fewer than {MIN_AXIS_ENTRIES} entries: " + offenders(bad)


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_required_entries_exist(kb, kind):
    bad = [
        f"{eid} (missing)" if eid not in kb.entries else f"{eid} (is a {kb.entries[eid].kind})"
        for eid in REQUIRED[kind]
        if eid not in kb.entries or kb.entries[eid].kind != kind
    ]
    assert not bad, f"required {kind} entries absent or of the wrong kind: " + offenders(bad)


def test_seed_essay_article_discusses_o1(kb):
    article = kb.entries["o1-takes"]
    discussed = (article.data.get("relations") or {}).get("discusses") or []
    assert "o1" in discussed, f"o1-takes should discuss o1; it discusses: {offenders(discussed)}"


def test_gpt4_parameter_count_is_rumored(kb):
    figures = kb.entries["gpt-4"].data.get("figures") or {}
    assert "parameters" in figures, "gpt-4 should carry the leaked parameter count, marked rumored"
    assert figures["parameters"].get("status") == "rumored", (
        f"gpt-4 parameters must be 'rumored', not {figures['parameters'].get('status')!r}"
    )


def test_o1_has_no_size_or_compute_figure(kb):
    figures = kb.entries["o1"].data.get("figures") or {}
    present = [name for name in ("parameters", "training_compute") if name in figures]
    assert not present, "OpenAI never disclosed these for o1, yet o1 lists: " + offenders(present)


def test_models_and_papers_have_era_and_axis(kb):
    bad = []
    for eid in of_kind(kb, "model", "paper"):
        data = kb.entries[eid].data
        missing = [what for what, ok in (("era", data.get("era")), ("axes", data.get("axes"))) if not ok]
        if missing:
            bad.append(f"{eid} (no {'/'.join(missing)})")
    assert not bad, "models/papers without an era or any axis: " + offenders(bad)


def test_every_organization_is_used(kb, graph):
    bad = [org for org in of_kind(kb, "organization") if not members(graph, org, "organization")]
    assert not bad, "organizations no entry points to: " + offenders(bad)
