"""Epoch AI's Notable AI Models data: `kb check --against`, `kb import epoch`, and the 6·N·D re-check.

The CSVs in tests/fixtures/epoch/ are small: three rows copied from the April 2025 file (three_real_rows.csv), a
kitchen sink that trips every kind of disagreement against tests/fixtures/minimal (kitchen_sink.csv), a file in
another column layout and one without a needed column. Other files are written by the tests themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from kb.check.editorial import compute_vs_6nd
from kb.check.run import load
from kb.outputs.epoch import EpochFileError, match_all, matched_kinds, read_table
from kb.outputs.epoch_check import check_against

from .conftest import ENTRIES, FIXTURES

EPOCH = FIXTURES / "epoch"
KITCHEN_SINK = EPOCH / "kitchen_sink.csv"
REAL_ROWS = EPOCH / "three_real_rows.csv"
TODAY = dt.date(2025, 6, 1)
HEADER = next(csv.reader(REAL_ROWS.read_text(encoding="utf-8").splitlines()))


def write_csv(path: Path, *rows: dict, header: list[str] = HEADER) -> Path:
    """An Epoch-layout CSV with the given rows (missing columns left blank)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_entry(root: Path, eid: str, text: str) -> Path:
    path = root / "models" / f"{eid}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def report_for(entries: Path, csv_file: Path):
    return check_against(load(entries, TODAY), read_table(csv_file))


def how_matched(report) -> dict[str, tuple[str, str]]:
    return {m.entry.id: (m.row.model, m.how) for m in report.matches}


MODEL = """\
name: {name}
{extra}summary: A model.
date: "{date}"
organization: lab
era: new-era
axes:
  size: Big.
figures:
{figures}relations:
  builds_on: [alpha]
  uses: [idea]
sources:
  - title: Paper
    url: https://example.org/paper
"""


def model(name: str, date: str = "2022-01-01", extra: str = "", figures: str = "") -> str:
    return MODEL.format(
        name=name,
        extra=extra,
        date=date,
        figures=figures or "  layers: {value: 2, status: official, source: https://example.org/p}\n",
    )


# --------------------------------------------------------------------------- matching


def test_a_row_matches_by_name_with_case_and_punctuation_ignored(minimal):
    report = report_for(minimal, KITCHEN_SINK)
    assert how_matched(report)["alpha"] == ("ALPHA", "name")


def test_a_row_matches_by_alias(minimal, tmp_path):
    csv_file = write_csv(tmp_path / "e.csv", {"Model": "Alpha 1", "Publication date": "2015-06-01"})
    report = report_for(minimal, csv_file)
    assert how_matched(report) == {"alpha": ("Alpha 1", "alias")}  # the alias is "Alpha-1"
    assert [u.entry.id for u in report.unmatched] == ["beta"]


def test_a_pin_wins_over_the_name(minimal, tmp_path):
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("summary:", 'epoch_name: "Beta (large)"\nsummary:', 1))
    csv_file = write_csv(
        tmp_path / "e.csv",
        {"Model": "Beta", "Publication date": "2021-03-01"},
        {"Model": "Beta (large)", "Publication date": "2021-03-01"},
    )
    assert how_matched(report_for(minimal, csv_file))["beta"] == ("Beta (large)", "pinned")


def test_a_pin_to_a_row_the_file_lacks_matches_nothing_and_says_so(minimal, tmp_path):
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("summary:", "epoch_name: Beta-XL\nsummary:", 1))
    report = report_for(minimal, write_csv(tmp_path / "e.csv", {"Model": "Beta", "Publication date": "2021-03-01"}))
    [unmatched] = [u for u in report.unmatched if u.entry.id == "beta"]
    assert "pinned with epoch_name to 'Beta-XL', which this file does not have" in unmatched.reason


def test_among_several_rows_the_nearest_in_date_is_taken_and_the_others_listed(minimal, tmp_path):
    csv_file = write_csv(
        tmp_path / "e.csv",
        {"Model": "Alpha-1", "Publication date": "2016-12-01"},
        {"Model": "Alpha 1", "Publication date": "2015-06-20"},
    )
    [match] = [m for m in report_for(minimal, csv_file).matches if m.entry.id == "alpha"]
    assert (match.row.model, [r.model for r in match.others]) == ("Alpha 1", ["Alpha-1"])


def test_papers_are_compared_only_when_pinned(minimal):
    kb = load(minimal, TODAY)
    assert [e.id for e in matched_kinds(kb)] == ["alpha", "beta"]
    matches, unmatched = match_all(matched_kinds(kb), read_table(KITCHEN_SINK).rows)
    assert [m.entry.id for m in matches] == ["alpha", "beta"] and unmatched == []


def test_the_report_explains_the_matching(minimal, cli):
    result = cli("check", "--entries", minimal, "--against", KITCHEN_SINK)
    assert result.exit_code == 0, result.output
    assert "  alpha -> 'ALPHA' (line 2), by its name" in result.output
    assert "2 entries compared with 5 rows of kitchen_sink.csv: 2 matched a row, 0 matched none" in result.output


# --------------------------------------------------------------------------- disagreements


def test_the_kitchen_sink_trips_every_kind_of_disagreement_in_order(minimal):
    findings = report_for(minimal, KITCHEN_SINK).findings
    assert [(f.entry.id, f.kind, f.where) for f in findings] == [
        ("alpha", "date", ("date",)),
        ("alpha", "status", ("figures", "parameters", "status")),
        ("alpha", "confidence", ("figures", "training_compute", "by")),
        ("beta", "missing", ("figures",)),
        ("beta", "value", ("figures", "training_data", "value")),
    ]
    messages = [f.message for f in findings]
    assert messages[0].startswith("date 2015-06-01 is 106 days from Epoch AI's publication date 2015-09-15")
    assert "marked official, but Epoch AI lists the same number (60M) as its own estimate" in messages[1]
    assert "add 'Epoch AI confidence: Likely.' to the note" in messages[2]
    assert messages[3].startswith("Epoch AI lists training_compute 3e23 FLOP for 'Beta' (confidence: Speculative)")
    assert "(2.80x read as tokens, 2.10x read as words at 0.75 per token)" in messages[4]


@pytest.mark.parametrize(
    ("figure", "theirs", "disagrees"),
    [
        ("parameters", "66000000", False),  # 10% apart
        ("parameters", "67000000", True),  # 11.7%
        ("training_compute", "1.9e21", False),  # 1.9x
        ("training_compute", "2.1e21", True),
    ],
)
def test_figures_disagree_beyond_ten_percent_and_compute_beyond_2x(minimal, tmp_path, figure, theirs, disagrees):
    column = {"parameters": "Parameters", "training_compute": "Training compute (FLOP)"}[figure]
    csv_file = write_csv(tmp_path / "e.csv", {"Model": "Alpha", "Publication date": "2015-06-01", column: theirs})
    findings = [(f.kind, f.where[1]) for f in report_for(minimal, csv_file).findings if f.entry.id == "alpha"]
    assert (("value", figure) in findings) is disagrees


def test_a_figure_epoch_has_and_the_entry_lacks_is_missing(minimal, tmp_path):
    csv_file = write_csv(
        tmp_path / "e.csv", {"Model": "Beta", "Publication date": "2021-03", "Training compute (FLOP)": "1e24"}
    )
    [finding] = report_for(minimal, csv_file).findings
    assert (finding.kind, finding.entry.id) == ("missing", "beta")


def test_training_data_agrees_read_as_tokens_or_as_words(minimal, tmp_path):
    for datapoints in ("1400000000000", "1050000000000"):  # 1.4T tokens; 1.4T x 0.75 words
        row = {"Model": "Beta", "Publication date": "2021-03", "Training dataset size (datapoints)": datapoints}
        assert report_for(minimal, write_csv(tmp_path / "e.csv", row)).findings == []


def test_training_data_in_other_units_or_absent_is_not_compared(minimal, tmp_path):
    csv_file = write_csv(
        tmp_path / "e.csv",
        {"Model": "Alpha", "Publication date": "2015-06-01", "Training dataset size (datapoints)": "5"},
    )
    report = report_for(minimal, csv_file)
    assert report.findings == []
    [(entry, text)] = report.uncompared
    assert entry.id == "alpha" and "the entry has no training_data" in text and "not counted as missing" in text


def test_a_date_within_a_month_agrees(minimal, tmp_path):
    csv_file = write_csv(tmp_path / "e.csv", {"Model": "Beta", "Publication date": "2021-04-30"})
    assert report_for(minimal, csv_file).findings == []  # beta is dated 2021-03: 30 days from its end


def test_an_epoch_estimate_marked_as_the_developers_figure_by_epoch_is_a_status_disagreement(minimal, tmp_path):
    row = {"Model": "Alpha", "Publication date": "2015-06-01", "Training compute (FLOP)": "1e21"}
    row["Training compute estimation method"] = "Reported"
    [finding] = report_for(minimal, write_csv(tmp_path / "e.csv", row)).findings
    assert finding.kind == "status" and "Epoch lists it as the developer's figure" in finding.message


def test_a_note_that_records_the_confidence_satisfies_the_rule(minimal, tmp_path):
    alpha = minimal / "models" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(
            "by: Epoch AI,", 'by: Epoch AI, note: "Epoch AI confidence: Likely.",'
        )
    )
    row = {
        "Model": "Alpha",
        "Publication date": "2015-06-01",
        "Training compute (FLOP)": "1e21",
        "Confidence": "Likely",
    }
    assert report_for(minimal, write_csv(tmp_path / "e.csv", row)).findings == []


def test_github_format_annotates_the_line_of_each_figure(minimal, cli):
    result = cli("check", "--entries", minimal, "--against", KITCHEN_SINK, "--format", "github")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 6 and lines[-1].startswith("2 entries compared")
    alpha_lines = (minimal / "models" / "alpha.yaml").read_text(encoding="utf-8").splitlines()
    parameters_line = next(i for i, line in enumerate(alpha_lines, 1) if line.startswith("  parameters:"))
    assert re.match(
        rf"::warning file=.*alpha\.yaml,line={parameters_line},col=\d+::figures\.parameters is marked official",
        lines[1],
    )


def test_markdown_format_is_a_table_with_every_disagreement(minimal, cli):
    result = cli("check", "--entries", minimal, "--against", KITCHEN_SINK, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "### Disagreements (5)" in result.output
    assert result.output.count("| confidence |") == 1 and "| entry | row | how |" in result.output


def test_strict_exits_1_on_a_disagreement_and_0_without(minimal, cli, tmp_path):
    assert cli("check", "--entries", minimal, "--against", KITCHEN_SINK, "--strict").exit_code == 1
    agreeing = write_csv(tmp_path / "e.csv", {"Model": "Alpha", "Publication date": "2015-06-01"})
    assert cli("check", "--entries", minimal, "--against", agreeing, "--strict").exit_code == 0


# --------------------------------------------------------------------------- the CSV file


def test_a_missing_needed_column_is_named_and_is_a_usage_error(minimal, cli):
    result = cli("check", "--entries", minimal, "--against", EPOCH / "missing_column.csv")
    assert result.exit_code == 2
    assert "lacks the column 'Training compute (FLOP)' that kb needs" in result.output
    assert "Traceback" not in result.output


def test_extra_reordered_and_missing_optional_columns_are_accepted(minimal):
    table = read_table(EPOCH / "other_layout.csv")
    assert "Confidence" in table.absent and "Link" in table.absent
    report = check_against(load(minimal, TODAY), table)
    assert how_matched(report) == {"alpha": ("Alpha", "name"), "beta": ("Beta", "name")}
    assert report.findings == []


def test_values_that_are_not_numbers_or_dates_are_left_out_and_reported():
    table = read_table(KITCHEN_SINK)
    assert table.unreadable == ["line 6 ('Old Model'): Parameters 'not known' is not a positive number; left out"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "lacks the columns"),
        (b"\xff\xfe\x00", "is not UTF-8 text"),
        (",".join(HEADER).encode() + b'\n"' + b"a" * 200_000 + b'"\n', "not a readable CSV"),  # a huge field
    ],
)
def test_a_file_that_is_not_epochs_csv_is_one_clear_line(minimal, cli, tmp_path, content, expected):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(EpochFileError, match=expected):
        read_table(bad)
    result = cli("check", "--entries", minimal, "--against", bad)
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output


def test_check_without_against_is_a_usage_error(minimal, cli):
    result = cli("check", "--entries", minimal)
    assert result.exit_code == 2 and "--against" in result.output


# --------------------------------------------------------------------------- import


@pytest.fixture
def with_deepmind(minimal: Path) -> Path:
    """The minimal corpus with a DeepMind organization (so one of the three real rows finds its organization)."""
    (minimal / "organizations" / "deepmind.yaml").write_text(
        "name: DeepMind\naliases: [Google DeepMind]\nsummary: A lab.\n", encoding="utf-8"
    )
    return minimal


def test_three_real_rows_become_drafts_that_fail_validation_only_on_placeholders(with_deepmind, cli):
    result = cli("import", "epoch", REAL_ROWS, "EXAONE Deep 32B", "Chinchilla", "AlexNet", "--entries", with_deepmind)
    assert result.exit_code == 0, result.output
    assert "organization 'LG AI Research' matches no organization entry" in result.output
    drafts = {eid: with_deepmind / "models" / f"{eid}.yaml" for eid in ("exaone-deep-32b", "chinchilla", "alexnet")}
    kb = load(with_deepmind, TODAY)
    errors = [p for p in kb.errors()]
    assert {Path(p.path).stem for p in errors} == set(drafts)
    assert all("placeholder" in p.message for p in errors), [p.message for p in errors]
    chinchilla = yaml.safe_load(drafts["chinchilla"].read_text(encoding="utf-8"))
    assert (chinchilla["organization"], chinchilla["era"], chinchilla["epoch_name"]) == (
        "deepmind",
        "new-era",
        "Chinchilla",
    )
    assert chinchilla["date"] == "2022-03-29"
    assert chinchilla["figures"]["training_compute"]["value"] == 5.76e23
    assert chinchilla["figures"]["parameters"] == chinchilla["figures"]["parameters"] | {
        "value": 70_000_000_000,
        "status": "estimated",
        "by": "Epoch AI",
        "source": "https://epoch.ai/data/notable-ai-models",
    }
    assert [s["url"] for s in chinchilla["sources"]] == [
        "https://epoch.ai/data/notable-ai-models",
        "https://arxiv.org/abs/2203.15556",
    ]
    assert yaml.safe_load(drafts["alexnet"].read_text(encoding="utf-8"))["era"] == "old-era"


def test_a_draft_with_its_placeholders_filled_in_is_valid(with_deepmind, cli):
    cli("import", "epoch", REAL_ROWS, "Chinchilla", "--entries", with_deepmind)
    draft = with_deepmind / "models" / "chinchilla.yaml"
    text = draft.read_text(encoding="utf-8")
    text = text.replace("TODO-axis: TODO why", "size: Compute-optimal at 70B.").replace("unit: TODO", "unit: words")
    text = text.replace("builds_on: [TODO]", "builds_on: [alpha, beta]").replace("TODO check", "Checked")
    text = re.sub(r"TODO[^\n\"]*", "Filled in by a curator", text)
    draft.write_text(text, encoding="utf-8")
    assert load(with_deepmind, TODAY).errors() == []


def test_a_draft_copies_no_prose(minimal, cli, tmp_path):
    row = {
        "Model": "Prose Model",
        "Publication date": "2023-05-01",
        "Parameters": "1000000",
        "Abstract": "An abstract written by the authors.",
        "Parameters notes": "A note written by Epoch.",
        "Reference": "A paper title",
    }
    cli("import", "epoch", write_csv(tmp_path / "e.csv", row), "Prose Model", "--entries", minimal)
    text = (minimal / "models" / "prose-model.yaml").read_text(encoding="utf-8")
    for prose in ("abstract written", "note written", "A paper title"):
        assert prose not in text
    assert "the row has no http(s) link" not in text


def test_import_never_overwrites_and_writes_nothing_when_one_name_is_taken(minimal, cli, tmp_path):
    csv_file = write_csv(
        tmp_path / "e.csv",
        {"Model": "Alpha", "Publication date": "2015-06-01"},
        {"Model": "New One", "Publication date": "2023-01-01"},
    )
    before = (minimal / "models" / "alpha.yaml").read_bytes()
    result = cli("import", "epoch", csv_file, "New One", "Alpha", "--entries", minimal)
    assert result.exit_code == 2
    assert "an entry 'alpha' already exists" in result.output and "nothing was written" in result.output
    assert (minimal / "models" / "alpha.yaml").read_bytes() == before
    assert not (minimal / "models" / "new-one.yaml").exists()


def test_importing_the_same_row_twice_is_refused(minimal, cli):
    assert cli("import", "epoch", REAL_ROWS, "AlexNet", "--entries", minimal).exit_code == 0
    written = (minimal / "models" / "alexnet.yaml").read_bytes()
    again = cli("import", "epoch", REAL_ROWS, "AlexNet", "--entries", minimal)
    assert again.exit_code == 2 and (minimal / "models" / "alexnet.yaml").read_bytes() == written


def test_an_unknown_row_name_suggests_the_nearest(minimal, cli):
    result = cli("import", "epoch", REAL_ROWS, "Chinchila", "--entries", minimal)
    assert result.exit_code == 2 and "did you mean 'Chinchilla'?" in result.output


def test_missing_lists_rows_no_entry_matches_newest_first_and_writes_nothing(minimal, cli):
    result = cli("import", "epoch", KITCHEN_SINK, "--missing", "--entries", minimal)
    assert result.exit_code == 0, result.output
    listed = [line.split("  ")[2] for line in result.output.splitlines() if line.startswith("  ")]
    assert listed == ["Omega 7B", "Old Model"]  # ALPHA and Beta match entries; Gamma is a paper's name
    since = cli("import", "epoch", KITCHEN_SINK, "--missing", "--since", "2012", "--limit", "5", "--entries", minimal)
    assert "1 row of kitchen_sink.csv dated 2012 or later matches no entry" in since.output
    assert sorted(p.name for p in (minimal / "models").iterdir()) == ["alpha.yaml", "beta.yaml"]


@pytest.mark.parametrize(
    "args",
    [("--missing", "Alpha"), (), ("Alpha", "--since", "2020"), ("Alpha", "--limit", "3")],
    ids=["names-and-missing", "neither", "since-without-missing", "limit-without-missing"],
)
def test_import_usage_errors(minimal, cli, args):
    result = cli("import", "epoch", KITCHEN_SINK, *args, "--entries", minimal)
    assert result.exit_code == 2, result.output


def test_a_draft_is_matched_by_its_pin(with_deepmind, cli):
    cli("import", "epoch", REAL_ROWS, "Chinchilla", "--entries", with_deepmind)
    report = check_against(load(with_deepmind, TODAY), read_table(REAL_ROWS))
    assert how_matched(report)["chinchilla"] == ("Chinchilla", "pinned")


# --------------------------------------------------------------------------- the 6·N·D re-check

SIX_ND = """\
  parameters: {{value: 1B, status: official, source: "https://example.org/p"}}
  {active}training_data: {{value: 100B, unit: {unit}, status: official, source: "https://example.org/p"}}
  training_compute: {{value: {compute}, status: official, source: "https://example.org/p"{note}}}
"""


def six_nd_warnings(root: Path, compute: str, unit: str = "tokens", active: str = "", note: str = "") -> list[str]:
    figures = SIX_ND.format(compute=compute, unit=unit, active=active, note=note)
    write_entry(root, "delta", model("Delta", figures=figures))
    kb = load(root, TODAY, editorial=True)
    return [p.message for p in kb.problems if p.path.endswith("delta.yaml")]


def test_compute_more_than_3x_from_6nd_is_a_warning_naming_the_three_numbers(minimal):
    [message] = six_nd_warnings(minimal, "2e21")  # 6 x 1B x 100B = 6e20
    assert message.startswith("training compute 2e21 FLOP is 3.3x 6·N·D = 6 x 1B parameters x 100B tokens = 6e20 FLOP")
    assert six_nd_warnings(minimal, "1.8e21") == []  # 3x exactly
    [below] = six_nd_warnings(minimal, "1e20")
    assert "is 1/6.0 of 6·N·D" in below


def test_6nd_uses_the_active_parameters_of_a_mixture_of_experts(minimal):
    active = 'active_parameters: {value: 100M, status: official, source: "https://example.org/p"}\n  '
    assert six_nd_warnings(minimal, "6e19", active=active) == []  # 6 x 100M x 100B
    [message] = six_nd_warnings(minimal, "6e20", active=active)
    assert "6 x 100M active parameters x 100B tokens" in message


def test_a_compute_note_that_mentions_6nd_explains_the_exception(minimal):
    for spelling in ("6·N·D", "6ND", "6*N*D"):
        note = f', note: "Not {spelling}: ten passes over the data."'
        assert six_nd_warnings(minimal, "6e21", note=note) == []
    assert len(six_nd_warnings(minimal, "6e21", note=', note: "16 nodes."')) == 1


def test_6nd_is_checked_only_for_training_data_in_tokens(minimal):
    assert six_nd_warnings(minimal, "6e23", unit="words") == []


def test_the_shipped_models_pass_the_6nd_recheck_or_explain_it():
    kb = load(ENTRIES)
    offenders = {eid: compute_vs_6nd(e) for eid, e in sorted(kb.entries.items()) if compute_vs_6nd(e)}
    assert not offenders, offenders


# --------------------------------------------------------------------------- the coverage page's list


def test_the_shipped_coverage_page_lists_epochs_models_that_eras_lacks(shipped_site):
    page = (shipped_site / "coverage" / "index.html").read_text(encoding="utf-8")
    listed = page.split('class="eras-missing"')[1]
    assert ">EXAONE Deep 32B</a>" in listed  # in Epoch's file, not (yet) an entry
    assert ">Chinchilla</a>" not in listed and ">AlexNet</a>" not in listed  # entries match them by name


def test_the_missing_models_table_escapes_every_cell_and_links_only_http(minimal, tmp_path):
    from kb.check.run import load_valid
    from kb.site.assemble import render_site

    hostile = write_csv(
        tmp_path / "epoch.csv",
        {"Model": "<script>alert(1)</script>", "Publication date": "2024-01-01", "Link": "javascript:alert(1)"},
        {"Model": "Plain", "Publication date": "2023-01-01", "Organization": "<b>Org</b>", "Link": "https://e.org/x"},
    )
    site = render_site(load_valid(minimal), epoch=read_table(hostile))
    html = "".join(str(section.html) for section in site.pages["coverage.md"].sections)
    assert "<script>" not in html and "javascript:" not in html and "<b>Org" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and '<a href="https://e.org/x">Plain</a>' in html
    assert html.index("&lt;script&gt;") < html.index("Plain")  # newest first
