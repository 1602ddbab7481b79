"""`kb validate --editorial`: the shipped corpus's editorial rules, as warnings a contributor can act on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb.check.editorial import REQUIRED_RULES, RULES, relation_count
from kb.check.run import load
from kb.problems import ERROR

from .conftest import ENTRIES, MINIMAL

TODAY = dt.date(2025, 6, 1)


def test_the_required_rules_are_errors_of_every_validate(minimal, cli):
    """One verdict: what CI rejects (a model with one relation, a paper without an axis), plain `kb validate`
    rejects with the same message and exit code, with or without --editorial."""
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("  builds_on: [alpha]\n", ""), encoding="utf-8")
    gamma = minimal / "papers" / "gamma.yaml"
    gamma.write_text(
        gamma.read_text(encoding="utf-8").replace("axes:\n  size: Measured how loss falls with size.\n", "")
    )
    relations_line = next(
        i for i, t in enumerate(beta.read_text(encoding="utf-8").splitlines(), 1) if t == "relations:"
    )
    plain = cli("validate", "--entries", minimal)
    editorial = cli("validate", "--entries", minimal, "--editorial")
    for result in (plain, editorial):
        assert result.exit_code == 1, result.output
        assert f"{beta}:{relations_line}:1: error: a model needs at least 2 relations" in result.output
        assert (
            "papers/gamma.yaml" in result.output and "error: a paper needs at least one scaling axis" in result.output
        )
    errors = [line for line in plain.output.splitlines() if ": error: " in line]
    assert errors == [line for line in editorial.output.splitlines() if ": error: " in line]


def test_advice_is_a_warning_only_when_asked_and_never_fails(minimal, cli):
    plain = cli("validate", "--entries", minimal)
    assert plain.exit_code == 0 and "warning" not in plain.output, plain.output
    result = cli("validate", "--entries", minimal, "--editorial")
    assert result.exit_code == 0, result.output
    assert "eras/old-era.yaml:1:1: warning: fewer than 5 entries name this era" in result.output
    assert result.output.splitlines()[-1].endswith("0 errors, 3 warnings.")


def test_shipped_corpus_has_no_editorial_warnings(cli):
    result = cli("validate", "--entries", ENTRIES, "--editorial")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("no problems."), result.output


# --------------------------------------------------------------------------- the one rule table

# The minimal corpus's offenders, rule by rule (the coverage page lists the same).
MINIMAL_OFFENDERS = {
    "few-relations": [],
    "unsourced": [],
    "no-axis": [],
    "small-groups": ["new-era", "old-era", "size"],
    "no-compute": ["beta"],
    "no-parameters": [],
    "no-data": ["alpha"],
    "no-description": ["alpha", "beta", "essay", "gamma", "idea"],
    "unused-organizations": [],
}


@pytest.fixture(scope="module")
def minimal_kb():
    return load(MINIMAL, TODAY)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_offenders_in_the_minimal_corpus(minimal_kb, rule):
    assert rule.offenders(minimal_kb) == MINIMAL_OFFENDERS[rule.name]


def test_required_rules_are_the_rules_marked_required():
    assert REQUIRED_RULES == ("few-relations", "unsourced", "no-axis")
    assert [r.name for r in RULES if r.required] == list(REQUIRED_RULES)


def test_relations_count_every_listed_target_of_a_known_relation_type(minimal):
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("  builds_on: [alpha]\n", ""), encoding="utf-8")
    kb = load(minimal, TODAY)
    few = next(r for r in RULES if r.name == "few-relations")
    assert few.offenders(kb) == ["beta"]
    assert relation_count(kb.entries["beta"]) == 1 and relation_count(kb.entries["alpha"]) == 2


def test_an_organization_nobody_names_is_unused(minimal):
    (minimal / "organizations" / "idle.yaml").write_text("name: Idle\nsummary: Nobody's lab.\n", encoding="utf-8")
    unused = next(r for r in RULES if r.name == "unused-organizations")
    assert unused.offenders(load(minimal, TODAY)) == ["idle"]


def test_validate_errors_are_the_offenders_of_the_single_entry_required_rules(minimal):
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("  builds_on: [alpha]\n", ""), encoding="utf-8")
    gamma = minimal / "papers" / "gamma.yaml"
    gamma.write_text(
        gamma.read_text(encoding="utf-8").replace("axes:\n  size: Measured how loss falls with size.\n", "")
    )
    kb = load(minimal, TODAY)
    failed = sorted(Path(p.path).stem for p in kb.problems if p.severity == ERROR)
    expected = sorted(eid for rule in RULES if rule.required and rule.miss for eid in rule.offenders(kb))
    assert failed == expected == ["beta", "gamma"]
