"""Validation rule by rule: one small entry written into the minimal corpus, one expected problem.

Every case checks the file, the line and column, and that the message names the field, the bad value
and what was expected, so that a newcomer can act on it without reading the code.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from kb.check.corpus_rules import kinds_phrase
from kb.check.messages import did_you_mean, field_name, shown
from kb.check.run import check_paths, load, load_valid, report
from kb.model import InvalidEntries
from kb.problems import ERROR, WARNING, summary

from .conftest import ROOT

TODAY = dt.date(2025, 6, 1)

MODEL = """\
name: Delta
summary: A model for the tests.
date: "2021-05"
organization: lab
era: new-era
figures:
  parameters: {value: 7B, status: official, source: "https://example.org/delta"}
relations:
  builds_on: [alpha, beta]
sources:
  - title: Delta paper
    url: https://example.org/delta
axes:
  size: Bigger than Beta.
"""
# MODEL without its axes (the last lines), for tests that append fields of their own after line 12
MODEL_BASE = MODEL.removesuffix("axes:\n  size: Bigger than Beta.\n")


def problems_in(root: Path, relative: str, today: dt.date = TODAY):
    """Every problem `load` finds in one file of the corpus at `root`."""
    kb = load(root, today)
    return [p for p in kb.problems if p.path.endswith(relative)], kb


def add(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def model(**replace: str) -> str:
    """The valid MODEL with some lines replaced: model(date='date: "2023-02-30"')."""
    lines = MODEL.splitlines()
    for key, new in replace.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:") or line.startswith(f"  {key}:"))
        lines[index] = new
    return "\n".join(lines) + "\n"


def test_the_minimal_corpus_is_valid(minimal):
    kb = load(minimal, TODAY)
    assert kb.problems == []
    assert kb.ok and kb.files == 9
    assert set(kb.entries) == {"alpha", "beta", "gamma", "idea", "essay", "lab", "old-era", "new-era", "size"}


def test_the_valid_model_used_below_is_valid(minimal):
    add(minimal, "models/delta.yaml", MODEL)
    problems, kb = problems_in(minimal, "models/delta.yaml")
    assert problems == [] and kb.ok


# name -> (file text, line, col, fragments the message must contain)
CASES = {
    "missing required field": (
        model(name="description: no name"),
        1,
        1,
        ["missing required field 'name'", "name as people know it"],
    ),
    "unknown field with did-you-mean": (
        MODEL_BASE + "sumary: typo\n",
        13,
        1,
        ["unknown field 'sumary'", "did you mean 'summary'?", "a model may have: name, summary"],
    ),
    "top-level figure name points under figures": (
        MODEL_BASE + "paramters: 7B\n",
        13,
        1,
        ["unknown field 'paramters'", "did you mean 'parameters' (under figures:)?"],
    ),
    "unknown figure": (
        model(parameters='  paramters: {value: 7B, status: official, source: "https://example.org/d"}'),
        7,
        3,
        ["unknown figure 'paramters'", "did you mean 'parameters'?", "figures are: parameters"],
    ),
    "wrong type: number for text": (
        model(summary="summary: 42"),
        2,
        1,
        ["summary must be text", "YAML read a number (42)", "quote it"],
    ),
    "wrong type: text for a list": (
        model(builds_on="  builds_on: alpha"),
        9,
        3,
        ["relations.builds_on must be a list", "text ('alpha')", "write a list, e.g. [alpha]"],
    ),
    "wrong type: boolean for an id": (
        model(organization="organization: true"),
        4,
        1,
        ["organization must be an entry id", "true/false (true)", "quote it"],
    ),
    "wrong type: figure that is not a mapping": (
        model(parameters="  parameters: 7B"),
        7,
        3,
        ["figures.parameters must be a mapping", "'7B'", "{value: ..., status: ..., source: ...}"],
    ),
    "empty string": (
        model(name='name: ""'),
        1,
        1,
        ["name is empty", "expected some text"],
    ),
    "blank string": (
        model(name='name: "   "'),
        1,
        1,
        ["name is empty", "expected some text"],
    ),
    "empty value": (
        model(summary="summary:"),
        2,
        1,
        ["summary must be text", "nothing (an empty value)", "fill it in or delete the line"],
    ),
    "negative figure": (
        model(parameters='  parameters: {value: -7, status: official, source: "https://example.org/d"}'),
        7,
        16,
        ["figures.parameters.value is -7", "expected a positive number"],
    ),
    "zero figure": (
        model(parameters='  parameters: {value: 0, status: official, source: "https://example.org/d"}'),
        7,
        16,
        ["figures.parameters.value is 0", "expected a positive number"],
    ),
    "zero figure written with a suffix": (
        model(parameters='  parameters: {value: 0B, status: official, source: "https://example.org/d"}'),
        7,
        16,
        ["figures.parameters.value is '0B'", "expected a positive number"],
    ),
    "figure that is not a number": (
        model(parameters='  parameters: {value: seven billion, status: official, source: "https://example.org/d"}'),
        7,
        16,
        ["figures.parameters.value is 'seven billion'", "expected a positive number like 70e9"],
    ),
    "figure too large": (
        model(parameters='  parameters: {value: 1e50, status: official, source: "https://example.org/d"}'),
        7,
        16,
        ["figures.parameters.value is 1e+50", "expected at most 1e+40"],
    ),
    "figure too large, written as text": (
        model(parameters='  parameters: {value: "1e99", status: official, source: "https://example.org/d"}'),
        7,
        16,
        ["figures.parameters.value is '1e99'", "expected at most 1e+40"],
    ),
    "figure that is not a number at all": (
        model(parameters='  parameters: {value: .nan, status: official, source: "https://example.org/d"}'),
        7,
        16,
        ["figures.parameters.value is .nan", "expected a positive number"],
    ),
    "fractional count": (
        model(parameters='  layers: {value: 12.5, status: official, source: "https://example.org/d"}'),
        7,
        12,
        ["figures.layers.value is 12.5", "whole numbers"],
    ),
    "unknown status with did-you-mean": (
        model(parameters='  parameters: {value: 7B, status: oficial, source: "https://example.org/d"}'),
        7,
        27,
        ["figures.parameters.status is 'oficial'", "one of official, estimated, rumored", "did you mean 'official'?"],
    ),
    "estimated without by": (
        model(parameters='  parameters: {value: 7B, status: estimated, source: "https://example.org/d"}'),
        7,
        3,
        ["missing required field 'by' in figures.parameters", "names who estimated it", "by: Epoch AI"],
    ),
    "training_data without unit": (
        model(parameters='  training_data: {value: 1T, status: official, source: "https://example.org/d"}'),
        7,
        3,
        ["missing required field 'unit' in figures.training_data", "one of tokens, words"],
    ),
    "unknown data unit": (
        model(
            parameters='  training_data: {value: 1T, unit: token, status: official, source: "https://example.org/d"}'
        ),
        7,
        30,
        ["figures.training_data.unit is 'token'", "one of tokens", "did you mean 'tokens'?"],
    ),
    "wrong fixed unit": (
        model(parameters='  parameters: {value: 7B, unit: tokens, status: official, source: "https://example.org/d"}'),
        7,
        27,
        ["figures.parameters.unit is 'tokens'", "expected 'parameters'"],
    ),
    "low above value": (
        model(parameters='  parameters: {value: 7B, low: 8B, status: official, source: "https://example.org/d"}'),
        7,
        27,
        ["figures.parameters.low (8B)", "is above its value (7B)"],
    ),
    "high below value": (
        model(parameters='  parameters: {value: 7B, high: 6B, status: official, source: "https://example.org/d"}'),
        7,
        27,
        ["figures.parameters.high (6B)", "is below its value (7B)"],
    ),
    "active parameters above parameters": (
        model(
            parameters='  parameters: {value: 7B, status: official, source: "https://example.org/d"}\n'
            '  active_parameters: {value: 8B, status: official, source: "https://example.org/d"}'
        ),
        8,
        23,
        ["figures.active_parameters (8B)", "larger than figures.parameters (7B)", "subset"],
    ),
    "impossible date": (
        model(date='date: "2023-02-30"'),
        3,
        1,
        ["date '2023-02-30'", "not a real date", "no day 30 in 2023-02"],
    ),
    "impossible month": (
        model(date='date: "2021-13"'),
        3,
        1,
        ["date '2021-13'", "no month 13"],
    ),
    "future date": (
        model(date='date: "2030-01-01"'),
        3,
        1,
        ["date '2030-01-01' is in the future", "today is 2025-06-01"],
    ),
    "unparseable date": (
        model(date="date: May 2021"),
        3,
        1,
        ["date is 'May 2021'", "expected a date written YYYY, YYYY-MM or YYYY-MM-DD"],
    ),
    "unquoted date stays text and is checked": (
        model(date="date: 2021-02-30"),
        3,
        1,
        ["date '2021-02-30'", "no day 30"],
    ),
    "unknown id with did-you-mean": (
        model(builds_on="  builds_on: [alpah]"),
        9,
        15,
        ["relations.builds_on[0] refers to 'alpah'", "not an entry id", "did you mean 'alpha'?", "a model, paper or"],
    ),
    "unknown organization": (
        model(organization="organization: labs"),
        4,
        1,
        ["organization refers to 'labs'", "did you mean 'lab'?", "the id of an organization"],
    ),
    "reference to the wrong kind": (
        model(era="era: lab"),
        5,
        1,
        ["era refers to 'lab'", "which is an organization", "organizations/lab.yaml", "expected an era"],
    ),
    "relation to the wrong kind": (
        model(builds_on="  introduces: [alpha]"),
        9,
        16,
        ["relations.introduces[0] refers to 'alpha'", "which is a model", "expected a concept"],
    ),
    "relation not allowed from this kind": (
        model(builds_on="  discusses: [alpha]"),
        9,
        3,
        ["relation 'discusses' cannot start from a model", "only articles may use it", "a model may use: builds_on"],
    ),
    "unknown relation type": (
        model(builds_on="  buildson: [alpha]"),
        9,
        3,
        ["unknown relation type 'buildson'", "did you mean 'builds_on'?"],
    ),
    "self-reference": (
        model(builds_on="  builds_on: [alpha, delta]"),
        9,
        22,
        ["relations.builds_on lists 'delta', the entry itself", "cannot relate to itself"],
    ),
    "same id twice in a list": (
        model(builds_on="  builds_on: [alpha, alpha]"),
        9,
        3,
        ["relations.builds_on lists 'alpha' more than once", "list each item once"],
    ),
    "javascript: source URL": (
        model(parameters='  parameters: {value: 7B, status: official, source: "javascript:alert(1)"}'),
        7,
        45,
        ["figures.parameters.source is 'javascript:alert(1)'", "an http(s) URL"],
    ),
    "data: source URL": (
        model(parameters='  parameters: {value: 7B, status: official, source: "data:text/html,x"}'),
        7,
        45,
        ["figures.parameters.source is 'data:text/html,x'", "an http(s) URL"],
    ),
    "file: source URL": (
        MODEL.replace("url: https://example.org/delta", "url: file:///etc/passwd"),
        12,
        5,
        ["sources[0].url is 'file:///etc/passwd'", "an http(s) URL"],
    ),
    "markdown link to javascript:": (
        model(summary="summary: Click [here](javascript:alert(1))."),
        2,
        16,
        ["link target 'javascript:alert(1)' in summary is not allowed", "http(s) URL or to an entry id"],
    ),
    "markdown link to an unknown entry": (
        model(summary="summary: Built on [Alpha](alpah)."),
        2,
        19,
        ["a link in summary points to 'alpah'", "did you mean 'alpha'?"],
    ),
    "summary too long": (
        model(summary="summary: " + "word " * 130),
        2,
        1,
        ["summary is 649 characters long", "the limit is 600", "description"],
    ),
    "note too long": (
        model(
            parameters='  parameters: {value: 7B, status: official, source: "https://example.org/d", note: '
            + "n" * 501
            + "}"
        ),
        7,
        78,
        ["figures.parameters.note is 501 characters long", "the limit is 500"],
    ),
    "id too long": (
        model(organization="organization: " + "a" * 121),
        4,
        1,
        ["organization is 121 characters long", "the limit is 120"],
    ),
    "leftover TODO": (
        model(name="name: TODO the name"),
        1,
        1,
        ["name still holds the template's placeholder", "'TODO the name'", "fill it in"],
    ),
    "leftover TODO id": (
        model(builds_on="  builds_on: [TODO]"),
        9,
        15,
        ["relations.builds_on[0] still holds the template's placeholder ('TODO')"],
    ),
    "line break in a one-line field": (
        MODEL.replace("url: https://example.org/delta", "url: |\n      https://example.org/delta"),
        12,
        5,
        ["sources[0].url holds a line break", "write it on one line"],
    ),
    "control character written as an escape": (
        model(name='name: "Del\\u0007ta"'),
        1,
        1,
        ["name holds the invisible or non-text character U+0007", "delete it"],
    ),
    "axis id that is not a slug": (
        MODEL_BASE + "axes:\n  Size: Big.\n",
        14,
        3,
        ["'Size' in axes is not an axis id", "lowercase slugs like 'size'"],
    ),
}


@pytest.mark.parametrize(("text", "line", "col", "fragments"), CASES.values(), ids=list(CASES))
def test_rule(minimal, text, line, col, fragments):
    add(minimal, "models/delta.yaml", text)
    problems, _ = problems_in(minimal, "models/delta.yaml")
    matching = [p for p in problems if fragments[0] in p.message]
    assert matching, [p.format() for p in problems]
    problem = matching[0]
    assert problem.path.endswith("models/delta.yaml")
    assert (problem.line, problem.col) == (line, col), problem.format()
    for fragment in fragments:
        assert fragment in problem.message, problem.format()
    assert problem.severity == ERROR
    assert "\n" not in problem.message


@pytest.mark.parametrize(("text", "line", "col", "fragments"), CASES.values(), ids=list(CASES))
def test_rule_reports_the_problem_once(minimal, text, line, col, fragments):
    add(minimal, "models/delta.yaml", text)
    problems, _ = problems_in(minimal, "models/delta.yaml")
    assert len({(p.line, p.col, p.message) for p in problems}) == len(problems), [p.format() for p in problems]


def test_date_outside_its_era_is_a_warning_not_an_error(minimal):
    add(minimal, "models/delta.yaml", model(date='date: "2012"'))
    problems, kb = problems_in(minimal, "models/delta.yaml")
    [problem] = problems
    assert problem.severity == WARNING and (problem.line, problem.col) == (3, 1)
    assert "date 2012 lies outside era 'new-era' (2020 to now)" in problem.message
    assert kb.ok  # a warning alone does not make the corpus invalid


def test_concepts_may_predate_their_era(minimal):
    add(
        minimal,
        "concepts/old-idea.yaml",
        "name: Old\nsummary: s\ndate: '1990'\nera: new-era\nsources: [{title: t, url: 'https://example.org/'}]\n",
    )
    problems, _ = problems_in(minimal, "concepts/old-idea.yaml")
    assert problems == []


def test_era_end_before_start(minimal):
    add(minimal, "eras/odd.yaml", "name: Odd\nsummary: s\nstart: '2020'\nend: '2019-06'\n")
    [problem], _ = problems_in(minimal, "eras/odd.yaml")
    assert (problem.line, problem.col) == (4, 1)
    assert "end '2019-06' is before start '2020'" in problem.message


def test_duplicate_id_across_folders(minimal):
    add(minimal, "papers/alpha.yaml", "name: A\nsummary: s\n")
    problems, kb = problems_in(minimal, "papers/alpha.yaml")
    assert any("duplicate id 'alpha'" in p.message and "models/alpha.yaml" in p.message for p in problems)
    assert kb.entries["alpha"].kind == "model"  # the first one found is kept


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("Delta.yaml", "rename it to 'delta.yaml'"),
        ("my_model.yaml", "rename it to 'my-model.yaml'"),
        ("-x.yaml", "rename it to 'x.yaml'"),
        ("index.yaml", "'index' is reserved"),
        ("search.yaml", "'search' is reserved"),
    ],
)
def test_file_name_must_be_a_usable_id(minimal, name, fragment):
    add(minimal, f"models/{name}", MODEL)
    problems, _ = problems_in(minimal, f"models/{name}")
    assert any(fragment in p.message and (p.line, p.col) == (1, 1) for p in problems), problems


def test_succeeds_cycle(minimal):
    alpha = minimal / "models/alpha.yaml"
    alpha.write_text(alpha.read_text().replace("relations:\n", "relations:\n  succeeds: [beta]\n"))
    kb = load(minimal, TODAY)
    [cycle] = [p for p in kb.problems if "cycle" in p.message]
    assert cycle.path.endswith("models/alpha.yaml")
    assert "relations.succeeds makes a cycle: alpha -> beta -> alpha" in cycle.message


def test_builds_on_cycle_through_three_entries(minimal):
    for name, target in (("a", "b"), ("b", "c"), ("c", "a")):
        add(
            minimal,
            f"concepts/{name}.yaml",
            f"name: {name}\nsummary: s\nrelations:\n  builds_on: [{target}]\n"
            "sources: [{title: t, url: 'https://example.org/'}]\n",
        )
    kb = load(minimal, TODAY)
    [cycle] = [p for p in kb.problems if "cycle" in p.message]
    assert "relations.builds_on makes a cycle: a -> b -> c -> a" in cycle.message
    assert (cycle.line, cycle.col) == (4, 15)


def test_a_self_reference_is_not_also_reported_as_a_cycle(minimal):
    add(minimal, "models/delta.yaml", model(builds_on="  builds_on: [delta]"))
    problems, _ = problems_in(minimal, "models/delta.yaml")
    assert [p.message for p in problems if "delta" in p.message] == [
        "relations.builds_on lists 'delta', the entry itself; an entry cannot relate to itself"
    ]


def test_relations_that_may_loop_do_not_count_as_cycles(minimal):
    """Only `succeeds` and `builds_on` must be acyclic; two papers may revise each other."""
    alpha = minimal / "models/alpha.yaml"
    alpha.write_text(alpha.read_text().replace("relations:\n", "relations:\n  revises: [gamma]\n"))
    kb = load(minimal, TODAY)
    assert kb.ok, [p.format() for p in kb.problems]


LAYOUT = {
    "a .yml file": ("models/delta.yml", "models/delta.yml", "rename 'delta.yml' to 'delta.yaml'"),
    "outside kind folders": ("delta.yaml", "delta.yaml", "outside a kind folder"),
    "unknown folder": ("modles/delta.yaml", "modles", "unknown folder 'modles'"),
    "folder inside a kind folder": ("models/old/delta.yaml", "models/old", "folders inside models/ are not read"),
}


@pytest.mark.parametrize(("write", "where", "fragment"), LAYOUT.values(), ids=list(LAYOUT))
def test_layout_problems(minimal, write, where, fragment):
    add(minimal, write, MODEL)
    problems, kb = problems_in(minimal, where)
    assert [p.message for p in problems if fragment in p.message], [p.format() for p in kb.problems]
    assert "delta" not in kb.entries


def test_hidden_and_underscore_folders_are_ignored(minimal):
    add(minimal, ".drafts/delta.yaml", "not: [valid")
    add(minimal, "_scratch/delta.yaml", "not: [valid")
    add(minimal, "README.md", "# notes")
    assert load(minimal, TODAY).problems == []


def test_every_problem_is_collected_not_just_the_first(minimal):
    add(
        minimal,
        "models/delta.yaml",
        model(name='name: ""', date='date: "2023-02-30"', organization="organization: labs"),
    )
    add(minimal, "models/epsilon.yaml", "name: [x\n")
    kb = load(minimal, TODAY)
    assert len(kb.errors()) == 4
    assert not kb.ok


def test_an_unreadable_file_does_not_hide_the_others(minimal):
    add(minimal, "models/delta.yaml", "name: a\n\tsummary: b\n")
    kb = load(minimal, TODAY)
    assert len(kb.problems) == 1 and "alpha" in kb.entries and "delta" not in kb.entries


def test_check_paths_keeps_only_the_named_files(minimal, monkeypatch):
    monkeypatch.chdir(minimal.parent)
    add(minimal, "models/delta.yaml", model(organization="organization: labs"))
    add(minimal, "models/epsilon.yaml", model(name='name: ""'))
    kb = load(Path("entries"), TODAY)
    only = check_paths(kb, [Path("entries/models/delta.yaml")])
    assert [p.path for p in only] == ["entries/models/delta.yaml"]
    assert len(kb.problems) == 2


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ((), "the entry"),
        (("name",), "name"),
        (("figures", "parameters", "value"), "figures.parameters.value"),
        (("sources", 0, "url"), "sources[0].url"),
        (("relations", "uses", 2), "relations.uses[2]"),
    ],
)
def test_field_name(path, name):
    assert field_name(path) == name


def test_shown_values_are_short_and_readable():
    assert shown(True) == "true" and shown(None) == "nothing" and shown({}) == "a mapping" and shown([]) == "a list"
    assert shown("x" * 100).endswith("...") and len(shown("x" * 100)) == 60


def test_did_you_mean_only_suggests_close_words():
    assert did_you_mean("paramters", ["parameters", "layers"]) == "; did you mean 'parameters'?"
    assert did_you_mean("zzz", ["parameters"]) == ""


def test_kinds_phrase_reads_as_english():
    assert kinds_phrase(("organization",)) == "an organization"
    assert kinds_phrase(("model", "paper")) == "a model or paper"


# --------------------------------------------------------------------------- the run's API


def test_load_valid_returns_the_knowledge_base_of_valid_entries(minimal):
    kb = load_valid(minimal, TODAY)
    assert kb.ok and "alpha" in kb.entries


def test_load_valid_raises_invalid_entries_carrying_every_problem(minimal):
    add(minimal, "models/delta.yaml", model(organization="organization: labs"))
    with pytest.raises(InvalidEntries) as caught:
        load_valid(minimal, TODAY)
    assert [p.path for p in caught.value.kb.errors()] == [str(minimal / "models" / "delta.yaml")]


def test_report_lists_every_problem_then_the_summary(minimal):
    add(minimal, "models/delta.yaml", model(organization="organization: labs", date='date: "2012"'))
    kb = load(minimal, TODAY)
    lines = report(kb).splitlines()
    assert lines[:-1] == [p.format() for p in kb.problems] and len(lines) == 3
    assert ": warning: date 2012 lies outside era 'new-era'" in lines[0] and ": error: organization" in lines[1]
    assert lines[-1] == summary(kb.problems, kb.files) == "10 files checked: 1 error, 1 warning."


def test_today_decides_what_is_in_the_future(minimal):
    add(minimal, "models/delta.yaml", model(date='date: "2025-07"'))
    assert load(minimal, dt.date(2025, 8, 1)).problems == []
    [problem] = load(minimal, dt.date(2025, 6, 1)).problems
    assert problem.message == "date '2025-07' is in the future (today is 2025-06-01)"


def test_validate_loads_neither_networkx_nor_pyvis_nor_mkdocs():
    code = (
        "import sys, kb.check.run; kb.check.run.load('tests/fixtures/minimal', editorial=True); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'networkx', 'pyvis', 'mkdocs'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
