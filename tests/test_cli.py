"""The `kb` command line through its real entry point: exit codes, output, and no tracebacks."""

from __future__ import annotations

import re
import shutil

import pytest

from kb import schema as schema_mod
from kb import vocab
from kb.check.run import load

from .conftest import ROOT
from .test_validate import MODEL, add, model

# --------------------------------------------------------------------------- validate


def test_validate_a_valid_corpus_exits_0(cli, minimal):
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 0, result.output
    assert result.output == "9 files checked: no problems.\n"


def test_validate_an_invalid_corpus_exits_1_with_located_problems(cli, minimal, monkeypatch):
    monkeypatch.chdir(minimal.parent)
    add(minimal, "models/delta.yaml", model(organization="organization: labs"))
    result = cli("validate", "--entries", "entries")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "entries/models/delta.yaml:4:1: error: organization refers to 'labs', which is not an entry id; "
        "did you mean 'lab'? (expected the id of an organization)",
        "10 files checked: 1 error, 0 warnings.",
    ]


def test_warnings_alone_exit_0(cli, minimal):
    add(minimal, "models/delta.yaml", model(date='date: "2012"'))
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 0, result.output
    assert ": warning: date 2012 lies outside era 'new-era'" in result.output
    assert result.output.endswith("10 files checked: 0 errors, 1 warning.\n")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["validate", "--entries", "/no/such/folder"], "no entries folder at '/no/such/folder'"),
        (["validate", "--bogus"], "No such option '--bogus'"),
        (["validate", "--format", "xml"], "Invalid value for '--format'"),
        (["show"], "Missing argument 'ENTRY_ID'"),
        (["export", "--entries", "/no/such/folder"], "no entries folder"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["new", "model", "Not_A_Slug"], "'Not_A_Slug' is not a valid id"),
        (["new", "model", "index"], "'index' is not a valid id"),
        (["new", "widget", "x"], "'widget' is not one of 'article'"),
    ],
)
def test_usage_errors_exit_2(cli, args, fragment):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert fragment in result.output, result.output
    assert "Traceback" not in result.output


def test_validate_a_missing_file_is_a_usage_error(cli, minimal):
    result = cli("validate", "--entries", minimal, minimal / "models" / "nope.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.output and "nope.yaml" in result.output


def test_validate_path_reports_only_that_file_but_checks_references_against_everything(cli, minimal, monkeypatch):
    monkeypatch.chdir(minimal.parent)
    add(minimal, "models/delta.yaml", MODEL)  # refers to lab, new-era and alpha: all in other files
    add(minimal, "models/broken.yaml", model(organization="organization: labs"))
    good = cli("validate", "--entries", "entries", "entries/models/delta.yaml")
    assert good.exit_code == 0, good.output
    assert good.output == "1 file checked: no problems.\n"
    bad = cli("validate", "--entries", "entries", "entries/models/broken.yaml", "entries/models/delta.yaml")
    assert bad.exit_code == 1
    assert [line.split(":")[0] for line in bad.output.splitlines()[:-1]] == ["entries/models/broken.yaml"]
    assert bad.output.splitlines()[-1] == "2 files checked: 1 error, 0 warnings."


def test_validate_path_accepts_an_absolute_path(cli, minimal):
    add(minimal, "models/broken.yaml", model(organization="organization: labs"))
    result = cli("validate", "--entries", minimal, (minimal / "models" / "broken.yaml").resolve())
    assert result.exit_code == 1
    assert "organization refers to 'labs'" in result.output


def test_validate_path_of_an_unreadable_file_reports_it(cli, minimal, monkeypatch):
    monkeypatch.chdir(minimal.parent)
    add(minimal, "models/tabs.yaml", "name: a\n\tsummary: b\n")
    result = cli("validate", "--entries", "entries", "entries/models/tabs.yaml")
    assert result.exit_code == 1
    assert result.output.startswith("entries/models/tabs.yaml:2:1: error: YAML syntax")


def test_github_format_prints_annotations(cli, minimal, monkeypatch):
    monkeypatch.chdir(minimal.parent)
    add(minimal, "models/delta.yaml", model(organization="organization: labs", date='date: "2012"'))
    result = cli("validate", "--entries", "entries", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        lines[0] == "::warning file=entries/models/delta.yaml,line=3,col=1::date 2012 lies outside era 'new-era' "
        "(2020 to now); check the era, or say in the summary why the entry belongs there"
    )
    assert lines[1].startswith("::error file=entries/models/delta.yaml,line=4,col=1::organization refers to 'labs'")
    for line in lines[:-1]:
        assert re.fullmatch(r"::(error|warning) file=[^,:]+,line=\d+,col=\d+::.+", line), line


def test_github_format_escapes_what_would_break_an_annotation(minimal):
    from kb.problems import Problem

    problem = Problem("a,b:c.yaml", 1, 2, "error", "100% wrong\nsecond line")
    assert problem.format("github") == "::error file=a%2Cb%3Ac.yaml,line=1,col=2::100%25 wrong%0Asecond line"


HOSTILE_FILES = {
    "empty": "",
    "tabs": "name: a\n\tsummary: b\n",
    "list": "- a\n",
    "scalar": "42\n",
    "null": "~\n",
    "tag": "name: !!python/name:os.system\n",
    "alias": "a: &x 1\nb: *x\n",
    "deep": "a: " + "[" * 100 + "]" * 100 + "\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
    "latin-1": b"name: caf\xe9\n",
    "nul": b"name: a\x00\n",
    "bom only": b"\xef\xbb\xbf",
    "weird types": "name: {a: [1, {b: null}]}\nsummary: [true, 1.5, ~]\nfigures: [1]\nrelations: 7\naxes: [a]\n",
    "relations of lists": "name: x\nsummary: y\nrelations: {builds_on: [[a]], uses: [{b: 1}]}\nera: [a]\n",
    "figure garbage": "name: x\nsummary: y\nfigures: {parameters: {value: [1], low: {}, high: true}}\n",
    "nan figures": "name: x\nsummary: y\nfigures: {parameters: {value: .nan, low: .inf, high: -.inf}}\n",
    "dates of every type": "name: x\nsummary: y\ndate: [2020]\nstart: {a: 1}\nend: true\n",
    "many keys": "".join(f"k{i}: {i}\n" for i in range(2000)),
}


@pytest.mark.parametrize("content", HOSTILE_FILES.values(), ids=list(HOSTILE_FILES))
@pytest.mark.parametrize("folder", ["models", "eras", "articles"])
def test_no_input_produces_a_traceback(cli, minimal, folder, content):
    path = minimal / folder / "hostile.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    for args in (["validate"], ["show", "alpha"]):  # export and build load the same way as show
        result = cli(*args, "--entries", minimal)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        assert "hostile.yaml" in result.output


# --------------------------------------------------------------------------- show


def test_show_a_known_entry(cli, minimal):
    result = cli("show", "beta", "--entries", minimal)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Beta  [model: beta]")
    assert "organization: Lab (lab)" in out and "era: New era (new-era)" in out
    assert "parameters: 70B parameters (rumored) https://example.org/leak" in out
    assert "training_data: 1.4T tokens (official)" in out
    assert "succeeds: Alpha (alpha)" in out and "builds on: Alpha (alpha)" in out
    assert "discussed in: Essay (essay)" in out
    assert "Size (size): Much larger than Alpha." in out


def test_show_lists_inverse_relations_and_members(cli, minimal):
    alpha = cli("show", "alpha", "--entries", minimal).output
    assert "succeeded by: Beta (beta)" in alpha and "revised by: Gamma (gamma)" in alpha
    assert "training_compute: 1e21 FLOP (estimated by Epoch AI)" in alpha
    lab = cli("show", "lab", "--entries", minimal).output
    assert "Entries (organization): 3" in lab


def test_show_an_unknown_id_suggests_the_closest_and_exits_2(cli, minimal):
    result = cli("show", "alpah", "--entries", minimal)
    assert result.exit_code == 2
    assert "no entry 'alpah'; did you mean 'alpha'?" in result.output


def test_show_every_shipped_entry():
    from kb.graph import build
    from kb.outputs.show import describe

    from .conftest import ENTRIES

    graph = build(load(ENTRIES))
    for node in graph.nodes:
        text = describe(graph, node)
        assert text.splitlines()[0].endswith(f"{graph.nodes[node]['kind']}: {node}]")


# --------------------------------------------------------------------------- new

FILL = {
    "name": "New Entry",
    "date": '"2021-05"',
    "date_note": "arXiv v1",
    "era": "new-era",
    "organization": "lab",
    "value": "7B",
    "source": "https://example.org/new",
    "url": "https://example.org/new",
    "title": "New paper",
    "builds_on": "[alpha, beta]",
    "uses": "[idea]",
    "discusses": "[alpha]",
    "opened_by": "[alpha]",
    "start": '"2023"',
    "unit": "parameters",
    "homepage": "https://example.org/",
    "metric": "'% of the problems solved'",
    "authors": "[A. Author]",
}
KEY = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[\w-]+):(?P<rest>.*)$")


def fill_template(text: str) -> str:
    """Replace every TODO the way a contributor would: real values for each field, comments kept."""
    out = []
    for line in text.splitlines():
        code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        if "TODO" not in code:
            out.append(line)
            continue
        match = KEY.match(line)
        if match is None:  # a continuation line of the folded summary
            out.append("  A new entry, written for the tests.")
        elif match["key"] == "TODO-axis":
            out.append(f"{match['indent']}size: Bigger than before.")
        else:
            out.append(f"{match['indent']}{match['key']}: {FILL[match['key']]}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", vocab.ALL_KINDS)
def test_new_writes_a_template_that_fails_until_filled_in(cli, minimal, kind):
    result = cli("new", kind, "fresh", "--entries", minimal)
    assert result.exit_code == 0, result.output
    path = minimal / vocab.FOLDERS[kind] / "fresh.yaml"
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
    assert f"Wrote {path}" in result.output

    before = cli("validate", "--entries", minimal, path)
    assert before.exit_code == 1
    assert "still holds the template's placeholder" in before.output

    path.write_text(fill_template(text), encoding="utf-8")
    after = cli("validate", "--entries", minimal, path)
    assert after.exit_code == 0, after.output + path.read_text(encoding="utf-8")


def test_the_modeline_points_at_the_committed_schema():
    from kb.outputs.new_entry import template

    for kind in vocab.ALL_KINDS:
        modeline = template(kind, "x").splitlines()[0]
        relative = modeline.split("$schema=")[1]
        assert (ROOT / "entries" / vocab.FOLDERS[kind] / relative).resolve() == ROOT / "schema" / f"{kind}.schema.json"


def test_new_accepts_the_folder_name_as_kind(cli, minimal):
    result = cli("new", "papers", "fresh", "--entries", minimal)
    assert result.exit_code == 0, result.output
    assert (minimal / "papers" / "fresh.yaml").is_file()


def test_new_refuses_to_overwrite_an_existing_file(cli, minimal):
    path = minimal / "models" / "alpha.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli("new", "model", "alpha", "--entries", minimal)
    assert result.exit_code == 2
    assert "already exists" in result.output and "nothing was written" in result.output
    assert path.read_text(encoding="utf-8") == before


def test_new_refuses_an_id_used_in_another_folder(cli, minimal):
    result = cli("new", "paper", "alpha", "--entries", minimal)
    assert result.exit_code == 2
    assert "an entry 'alpha' already exists" in result.output and "models/alpha.yaml" in result.output
    assert not (minimal / "papers" / "alpha.yaml").exists()


def test_new_without_arguments_outside_a_terminal_is_a_usage_error(cli, minimal):
    result = cli("new", "--entries", minimal)
    assert result.exit_code == 2
    assert "give KIND and ID" in result.output


def test_new_creates_a_missing_kind_folder(cli, minimal):
    shutil.rmtree(minimal / "axes")
    result = cli("new", "axis", "fresh", "--entries", minimal)
    assert result.exit_code == 0, result.output
    assert (minimal / "axes" / "fresh.yaml").is_file()


# --------------------------------------------------------------------------- schema


def test_schema_check_passes_on_the_committed_files(cli):
    result = cli("schema", "--check")
    assert result.exit_code == 0, result.output


def test_schema_check_fails_on_a_stale_copy(cli, tmp_path):
    for name in schema_mod.rendered():
        shutil.copy(ROOT / "schema" / name, tmp_path / name)
    stale = tmp_path / "entry.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"maxLength": 600', '"maxLength": 6000'))
    result = cli("schema", "--check", "--dir", tmp_path)
    assert result.exit_code == 1
    assert f"{stale}: out of date; run 'kb schema'" in result.output


def test_schema_check_fails_when_a_file_is_missing(cli, tmp_path):
    for name in schema_mod.rendered():
        shutil.copy(ROOT / "schema" / name, tmp_path / name)
    (tmp_path / "era.schema.json").unlink()
    result = cli("schema", "--check", "--dir", tmp_path)
    assert result.exit_code == 1
    assert "era.schema.json: out of date" in result.output


def test_schema_writes_files_that_then_pass_the_check(cli, tmp_path):
    written = cli("schema", "--dir", tmp_path)
    assert written.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(schema_mod.rendered())
    assert cli("schema", "--check", "--dir", tmp_path).exit_code == 0


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("command", ["validate", "build", "serve", "show", "export", "new", "schema"])
def test_every_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert re.search(rf"Usage: \S+ {command} ", result.output), result.output
    assert "--entries" in result.output or command == "schema"


def test_show_suggests_an_id_that_contains_what_was_typed(cli, minimal):
    result = cli("show", "alp", "--entries", minimal)
    assert result.exit_code == 2
    assert "did you mean 'alpha'?" in result.output


def test_new_offers_the_slug_of_an_invalid_id(cli, minimal):
    result = cli("new", "concept", "Synthetic_Data", "--entries", minimal)
    assert result.exit_code == 2
    assert "try 'kb new concept synthetic-data'" in result.output
    assert not (minimal / "concepts" / "Synthetic_Data.yaml").exists()


def test_an_unknown_organization_lists_the_ids_and_how_to_add_one(cli, minimal):
    path = minimal / "models" / "alpha.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("organization: lab", "organization: zzz"), encoding="utf-8"
    )
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 1
    assert "(expected the id of an organization: one of lab; or add it with 'kb new organization zzz')" in result.output
