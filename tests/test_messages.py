"""The kitchen-sink corpus in tests/fixtures/broken trips every rule; one test pins the exact output.

Run from the repository root, `kb validate --entries tests/fixtures/broken --today 2025-06-01` must print exactly
tests/fixtures/broken.expected: every problem as PATH:LINE:COL: severity: message, in order, then the
summary line. When a message is improved on purpose, update the golden file in the same change.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken"
EXPECTED = FIXTURES / "broken.expected"
TODAY = dt.date(2025, 6, 1)
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$")


@pytest.fixture(scope="module")
def broken_output():
    """The output of `kb validate` on the kitchen sink, run once from the repository root."""
    from click.testing import CliRunner

    from kb.cli import main

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        # 'today' is fixed, so the future-date message never changes
        result = CliRunner().invoke(
            main,
            ["validate", "--entries", "tests/fixtures/broken", "--today", TODAY.isoformat()],
            catch_exceptions=False,
        )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output.splitlines()


def test_broken_corpus_prints_exactly_the_expected_messages(broken_output):
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    assert broken_output == expected


def test_every_problem_line_has_path_line_column_severity_and_message(broken_output):
    *problems, summary = broken_output
    assert re.fullmatch(r"\d+ files checked: \d+ errors, \d+ warnings?\.", summary)
    for line in problems:
        match = LINE.match(line)
        assert match, line
        assert match["path"].startswith("tests/fixtures/broken/"), line
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1


def test_problems_are_sorted_by_file_then_position(broken_output):
    keys = [(m["path"], int(m["line"]), int(m["col"])) for m in map(LINE.match, broken_output[:-1])]
    assert keys == sorted(keys)


# Entries that are valid on purpose: the others point at them. Cycles are reported on their first member.
SILENT = {
    "organizations/lab.yaml",
    "eras/early.yaml",
    "eras/late.yaml",
    "axes/size.yaml",
    "concepts/attention.yaml",
    "concepts/loop-b.yaml",
    "models/good-model.yaml",
    "models/succ-b.yaml",
    "benchmarks/exam.yaml",
}


def test_every_file_in_the_broken_corpus_is_reported(broken_output):
    """Every other file (or its folder) in the kitchen sink exists to break something; none passes silently."""
    reported = {LINE.match(line)["path"] for line in broken_output[:-1]}
    for path in sorted(p for p in BROKEN.rglob("*") if p.is_file()):
        inside = path.relative_to(BROKEN).as_posix()
        if inside in SILENT:
            assert not any(r.endswith(inside) for r in reported), inside
            continue
        unread_folder = path.parent if path.parent.name in ("drafts", "notes") else path
        assert str(unread_folder.relative_to(ROOT)) in reported, inside


# Every rule, named by a fragment of its message: the kitchen sink must trip each at least once.
RULES = {
    # layout
    "outside a kind folder": "stray.yaml",
    "unknown folder 'notes'": "notes",
    "entry files end in '.yaml'": "old.yml",
    "folders inside models/ are not read": "drafts",
    "a model needs at least 2 relations": "succ-a.yaml",
    "a model needs at least one scaling axis": "succ-a.yaml",
    "a paper needs at least one scaling axis": "wrong-relation.yaml",
    # reading
    "the file is empty": "empty.yaml",
    "expected a mapping of fields at the top level": "top-list.yaml",
    "found text": "scalar.yaml",
    "YAML indents with spaces, not tabs": "tabs.yaml",
    "a bracket is not closed": "unclosed.yaml",
    "which lines up with no field above": "indent.yaml",
    "is not UTF-8 text": "latin1.yaml",
    "more than one YAML document": "two-docs.yaml",
    "YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed": "python-tag.yaml",
    "YAML anchors (&n) are not allowed": "anchors.yaml",
    "duplicate key 'summary': defined on line 2 and again on line 5": "dup-keys.yaml",
    "nesting is deeper than 8 levels": "deep.yaml",
    "an entry may be at most 65,536 bytes": "huge.yaml",
    # ids
    "'index' is reserved": "index.yaml",
    "is not a valid id; ids are lowercase slugs": "Bad_Name.yaml",
    "duplicate id 'attention'": "papers/attention.yaml",
    # schema
    "missing required field 'name'": "missing.yaml",
    "missing required field 'unit'": "no-unit.yaml",
    "unknown field 'paramters'; did you mean 'parameters' (under figures:)?": "typos.yaml",
    "unknown field 'organisation'; did you mean 'organization'?": "typos.yaml",
    "unknown figure 'context_lenght'; did you mean 'context_length'?": "typos.yaml",
    "unknown figure 'flops'": "typos.yaml",
    "unknown relation type 'buildson'; did you mean 'builds_on'?": "typos.yaml",
    "relation 'discusses' cannot start from a model": "typos.yaml",
    "relation 'succeeds' cannot start from a paper": "wrong-relation.yaml",
    "figures.parameters.status is 'oficial'; expected one of official, estimated, rumored; did you mean 'official'?": (
        "typos.yaml"
    ),
    "figure is 'paramters'; expected a figure name": "no-unit.yaml",
    "name must be text, but YAML read a list": "types.yaml",
    "summary must be text, but YAML read a number (42); quote it": "types.yaml",
    "aliases must be a list, but YAML read text ('Types-1'); write a list": "types.yaml",
    "figures.parameters must be a mapping": "types.yaml",
    "name is empty": "empty.yaml",
    "summary is empty": "empty.yaml",
    "sources[0].url is empty": "empty.yaml",
    "aliases is an empty list": "empty.yaml",
    "axes is empty": "empty.yaml",
    "description must be text, but YAML read nothing": "empty.yaml",
    "figures.context_length.value is -2048; expected a positive number": "figures.yaml",
    "figures.layers.value is 0; expected a positive number": "figures.yaml",
    "figures.parameters.value is '0B'; expected a positive number": "more-figures.yaml",
    "figures.training_compute.value is .nan": "more-figures.yaml",
    "figures.layers.value is '1e999'; expected at most 1e+40": "more-figures.yaml",
    "figures.experts.value is 1e+41; expected at most 1e+40": "more-figures.yaml",
    "figures.context_length.value is 'about 2k'": "more-figures.yaml",
    "figures.training_data.unit is 'bytes'; expected one of tokens": "more-figures.yaml",
    "figures.layers.unit is 'tokens'; expected 'layers'": "figures.yaml",
    "missing required field 'by' in figures.training_compute": "figures.yaml",
    "missing required field 'unit' in figures.training_data": "figures.yaml",
    "figures.training_compute.low (5e+23) is above its value (1e+23)": "figures.yaml",
    "figures.training_compute.high (1e+22) is below its value (1e+23)": "figures.yaml",
    "figures.active_parameters (13B) is larger than figures.parameters (7B)": "figures.yaml",
    "figures.experts.value is 0.5; experts are counted in whole numbers": "figures.yaml",
    "name is 121 characters long; the limit is 120": "limits.yaml",
    "summary is 619 characters long; the limit is 600": "limits.yaml",
    "sources[0].url is 520 characters long; the limit is 500": "limits.yaml",
    "authors has 101 items; the limit is 100": "limits.yaml",
    "aliases lists 'Limits' more than once": "limits.yaml",
    # values
    "date '2023-02-30' is not a real date": "impossible-date.yaml",
    "start '2019-13' is not a real date: there is no month 13": "bad-month.yaml",
    "date '2999-01' is in the future (today is 2025-06-01)": "future-date.yaml",
    "date is 'Spring 2021'; expected a date written YYYY, YYYY-MM or YYYY-MM-DD": "vague-date.yaml",
    "date is '2021-1-5'": "types.yaml",
    "end '2015' is before start '2020'": "backwards.yaml",
    "relations.uses lists 'refs', the entry itself": "refs.yaml",
    # links and URLs
    "figures.parameters.source is 'javascript:alert(document.cookie)'; expected an http(s) URL": "urls.yaml",
    "sources[0].url is 'data:text/html": "urls.yaml",
    "sources[1].url is 'file:///etc/passwd'": "urls.yaml",
    "homepage is 'file:///etc/passwd'": "bad-home.yaml",
    "link target 'javascript:alert(1)' in summary is not allowed": "urls.yaml",
    "link target 'data:text/html,hi' in summary is not allowed": "urls.yaml",
    "link target 'file:///etc/passwd' in description is not allowed": "urls.yaml",
    "link target 'vbscript:msgbox' in figures.parameters.note is not allowed": "urls.yaml",
    "homepage holds a line break; write it on one line": "block-url.yaml",
    # placeholders
    "name still holds the template's placeholder": "leftover.yaml",
    "relations.uses[0] still holds the template's placeholder ('TODO')": "leftover.yaml",
    # references
    "organization refers to 'labb', which is not an entry id; did you mean 'lab'?": "refs.yaml",
    "relations.builds_on[0] refers to 'good-modle', which is not an entry id; did you mean 'good-model'?": "refs.yaml",
    "a link in summary points to 'gost-model', which is not an entry id; did you mean 'good-model'?": "refs.yaml",
    "era refers to 'attention', which is a concept": "refs.yaml",
    "relations.builds_on[1] refers to 'lab', which is an organization": "refs.yaml",
    "relations.introduces[0] refers to 'good-model', which is a model": "refs.yaml",
    "'Size' in axes is not an axis id; ids are lowercase slugs like 'size'": "refs.yaml",
    "opened_by[0] refers to 'goood-model', which is not an entry id; did you mean 'good-model'?": "backwards.yaml",
    "closed_by[0] refers to 'late', which is an era": "backwards.yaml",
    # cycles
    "relations.succeeds makes a cycle: succ-a -> succ-b -> succ-a": "succ-a.yaml",
    "relations.builds_on makes a cycle: loop-a -> loop-b -> loop-a": "loop-a.yaml",
    # trust (issue 9): years, invisible and non-text characters, links in every rendered field, YAML 1.1
    "date '0202-06-01' is before 1900": "trust.yaml",
    "name holds the invisible or non-text character U+200B": "trust.yaml",
    "summary holds the invisible or non-text character U+FFFE": "trust.yaml",
    "link target 'javascript:alert(1)' in date_note is not allowed": "trust.yaml",
    "a link in axes.size points to 'gost-model'": "trust.yaml",
    "trust.yaml:13:12: error: a link in description points to 'missing-entry'": "trust.yaml",
    "the file declares '%YAML 1.1'; entries are read as YAML 1.2": "yaml11.yaml",
    # benchmark results at a test-time budget
    "results[0].benchmark refers to 'exma', which is not an entry id; did you mean 'exam'?": "results.yaml",
    "results[1].score is 134, outside the range of 'exam' (0 to 100": "results.yaml",
    "results[2] combines samples by 'majority' but gives no sample count": "results.yaml",
    "results[3] is n@k but gives no `submissions:`": "results.yaml",
    "results[4].aggregation is 'cons@64'; expected one of single, pass@1, majority": "results.yaml",
    # files that are not read are each reported
    "rename 'noext' to 'noext.yaml'": "noext",
    "rename 'upper.YAML' to 'upper.yaml'": "upper.YAML",
    "'._good-model.yaml' is a macOS metadata file, not an entry": "._good-model.yaml",
    # warnings
    "date 2022-05 lies outside era 'early' (2010 to 2019-12)": "wrong-era.yaml",
}


@pytest.mark.parametrize(("fragment", "file"), RULES.items(), ids=list(RULES))
def test_the_broken_corpus_trips_this_rule(broken_output, fragment, file):
    hits = [line for line in broken_output if fragment in line]
    assert hits, f"no message contains {fragment!r}"
    assert any(LINE.match(h)["path"].endswith(file) for h in hits), hits


def test_the_era_span_and_skipped_metadata_files_are_warnings_and_the_rest_are_errors(broken_output):
    warnings = [line for line in broken_output if ": warning: " in line]
    assert len(warnings) == 2
    assert "lies outside era" in warnings[1] and "macOS metadata file" in warnings[0]


def test_messages_never_span_lines_or_leak_python_reprs(broken_output):
    for line in broken_output:
        assert "Traceback" not in line
        assert "<unicode string>" not in line
        assert "jsonschema" not in line.lower()
        assert "is not of type" not in line  # jsonschema's own wording; ours says what YAML read
        assert "None" not in line
