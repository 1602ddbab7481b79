"""Editorial rules over the shipped corpus in entries/: counts, coverage, sourcing and the entries the essay needs.

Each rule is its own test and names the offending entries when it fails. The required rules are the ones in
kb.check.editorial (also shown on the coverage page and warned about by `kb validate --editorial`). The corpus
is loaded once per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.check.editorial import RULES
from kb.check.run import load

ENTRIES = Path(__file__).resolve().parent.parent / "entries"

MIN_COUNTS = {"entries": 100, "model": 50, "paper": 10, "concept": 15, "article": 3}

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


def of_kind(kb, *kinds: str) -> list[str]:
    return sorted(eid for eid, entry in kb.entries.items() if entry.kind in kinds)


def offenders(ids: list[str]) -> str:
    return ", ".join(ids)


def test_corpus_loads_without_errors(kb):
    errors = [f"{p.path}:{p.line}: {p.message}" for p in kb.errors()]
    assert not errors, "the shipped corpus has validation errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("rule", [r for r in RULES if r.required], ids=lambda r: r.name)
def test_required_editorial_rule_has_no_offenders(kb, rule):
    bad = rule.offenders(kb)
    assert not bad, f"{rule.title.lower()} ({rule.name}): " + offenders(bad)


@pytest.mark.parametrize("kind", ["entries", "model", "paper", "concept", "article"])
def test_minimum_counts(kb, kind):
    found = len(kb.entries) if kind == "entries" else len(of_kind(kb, kind))
    assert found >= MIN_COUNTS[kind], f"{kind}: {found} in the corpus, at least {MIN_COUNTS[kind]} required"


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


def test_models_and_papers_name_an_era(kb):
    bad = [eid for eid in of_kind(kb, "model", "paper") if not kb.entries[eid].data.get("era")]
    assert not bad, "models/papers without an era: " + offenders(bad)
