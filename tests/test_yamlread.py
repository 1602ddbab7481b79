"""Reading one file: YAML 1.2 scalars, positions, and every way a file can fail to be an entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.read.files import read_entry
from kb.read.safe_yaml import YamlProblem, read_yaml, resolve_plain
from kb.values import parse_number
from kb.vocab import MAX_FILE_BYTES


@pytest.mark.parametrize(
    ("text", "number"),
    [("1e21", 1e21), ("25.6e6", 25.6e6), ("5.76e23", 5.76e23), ("70e9", 70e9), ("50", 50), ("8192", 8192)],
)
def test_numbers_in_scientific_notation_read_as_numbers(text, number):
    value = read_yaml(f"value: {text}\n").data["value"]
    assert isinstance(value, (int, float)) and not isinstance(value, bool)
    assert value == number


@pytest.mark.parametrize(
    ("text", "number"),
    [("70B", 70_000_000_000), ("1.4T", 1_400_000_000_000), ("60M", 60_000_000), ("175B", 175_000_000_000)],
)
def test_numbers_with_a_suffix_stay_text_and_parse_as_figures(text, number):
    value = read_yaml(f"value: {text}\n").data["value"]
    assert value == text
    assert parse_number(value) == number


@pytest.mark.parametrize(
    "text",
    ["no", "yes", "on", "off", "y", "n", "NO", "12:30", "2015-12-10", "2022-03", "0x10", "0o17", "1_000", "~x"],
)
def test_yaml_1_1_look_alikes_stay_text(text):
    """YAML 1.1 would read these as booleans, sexagesimal numbers or dates; entries read them as written."""
    assert read_yaml(f"name: {text}\n").data["name"] == text


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("false", False), ("null", None), ("~", None), ("", None), ("-3", -3), ("+2.5", 2.5)],
)
def test_yaml_1_2_core_scalars(text, value):
    assert read_yaml(f"x: {text}\n").data["x"] == value


def test_quoted_values_are_always_text():
    data = read_yaml("a: '1e21'\nb: \"true\"\nc: '2015'\n").data
    assert data == {"a": "1e21", "b": "true", "c": "2015"}


def test_resolve_plain_agrees_with_read_yaml():
    for text in ("1e21", "no", "12:30", "2015-12-10", "null", "true", "70B", ".inf"):
        assert resolve_plain(text) == read_yaml(f"k: {text}\n").data["k"]


def test_positions_are_one_based_line_and_column():
    doc = read_yaml("name: A\nfigures:\n  parameters:\n    value: 70B\nsources:\n  - title: T\n")
    assert doc.where[("name",)] == (1, 1)
    assert doc.where[("figures", "parameters", "value")] == (4, 5)
    assert doc.where[("sources", 0)] == (6, 5)
    assert doc.locate(("figures", "parameters", "missing")) == (3, 3)
    assert doc.locate(("nowhere", "at", "all")) == (1, 1)


def test_duplicate_keys_are_reported_naming_both_lines():
    doc = read_yaml("name: First\nsummary: s\nname: Second\n")
    assert doc.data["name"] == "First"  # the first one is kept, the second is reported, never silently used
    [(line, col, message)] = doc.problems
    assert (line, col) == (3, 1)
    assert "duplicate key 'name'" in message
    assert "line 1" in message and "line 3" in message


def test_nested_duplicate_keys_name_the_dotted_field():
    doc = read_yaml("figures:\n  parameters: {value: 1}\n  parameters: {value: 2}\n")
    [(line, _, message)] = doc.problems
    assert line == 3 and "duplicate key 'figures.parameters'" in message


def test_every_duplicate_is_reported():
    doc = read_yaml("a: 1\na: 2\na: 3\n")
    assert [p[0] for p in doc.problems] == [2, 3]


# text -> (line, col, fragment of the message)
UNREADABLE = {
    "empty": ("", 1, 1, "the file is empty"),
    "only a comment": ("# nothing here\n", 1, 1, "the file is empty"),
    "bad indentation": ("name: a\n  summary: b\n", 2, 1, "move it to the start of the line, like 'name' on line 1"),
    "dedented field": ("sources:\n  - title: a\n     url: b\n", 3, 1, "indent it 4 spaces, like 'title' on line 2"),
    "outdented key": ("a:\n  b: 1\n c: 2\n", 3, 1, "indent it 2 spaces, like 'b' on line 2; or move it to the start"),
    "tab indent": ("name: a\nfigures:\n\tparameters: 1\n", 3, 1, "YAML indents with spaces, not tabs"),
    "unclosed bracket": ("aliases: [a, b\nname: x\n", 2, 5, "a bracket is not closed"),
    "unclosed brace": ("figures: {a: 1\nname: x\n", 2, 5, "a bracket is not closed"),
    "unclosed quote": ("name: 'abc\n", 2, 1, "YAML syntax"),
    "two documents": ("name: a\n---\nname: b\n", 2, 1, "more than one YAML document"),
    "control character": ("name: a\nsummary: b\x07c\n", 2, 11, "control character U+0007"),
    "NUL": ("name: \x00\n", 1, 7, "control character U+0000"),
    "lone surrogate": ("name: \ud800\n", 1, 7, "lone surrogate"),
    "complex key": ("? [a, b]\n: 1\n", 1, 3, "a mapping key must be plain text"),
    "mapping as key": ("{a: 1}: 2\n", 1, 1, "a mapping key must be plain text"),
}


@pytest.mark.parametrize(("text", "line", "col", "fragment"), UNREADABLE.values(), ids=list(UNREADABLE))
def test_unreadable_text_raises_a_located_yaml_problem(text, line, col, fragment):
    with pytest.raises(YamlProblem) as info:
        read_yaml(text)
    assert (info.value.line, info.value.col) == (line, col)
    assert fragment in info.value.message
    assert "\n" not in info.value.message  # one problem, one line of output


def test_control_characters_after_non_ascii_text_are_placed_by_character():
    with pytest.raises(YamlProblem) as info:
        read_yaml("name: ééé\nsummary: x\x07\n")
    assert (info.value.line, info.value.col) == (2, 11)


def test_top_level_list_and_scalar_read_but_are_not_mappings():
    assert read_yaml("- a\n- b\n").data == ["a", "b"]
    assert read_yaml("just text\n").data == "just text"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "found"),
    [("- a\n- b\n", "found a list"), ("hello\n", "found text"), ("42\n", "found a single value"), ("~\n", "nothing")],
)
def test_read_entry_reports_a_top_level_that_is_not_a_mapping(tmp_path, content, found):
    entry, problems = read_entry(write(tmp_path, "x.yaml", content), "model")
    assert entry is None
    [problem] = problems
    assert "expected a mapping of fields at the top level" in problem.message and found in problem.message


def test_read_entry_reports_non_utf8_bytes_with_their_position(tmp_path):
    entry, [problem] = read_entry(write(tmp_path, "x.yaml", b"name: ok\nsummary: caf\xe9\n"), "model")
    assert entry is None
    assert (problem.line, problem.col) == (2, 13)
    assert "not UTF-8" in problem.message and "0xe9" in problem.message


def test_read_entry_accepts_a_byte_order_mark(tmp_path):
    entry, problems = read_entry(write(tmp_path, "x.yaml", "\ufeffname: A\nsummary: B\n"), "model")
    assert problems == [] and entry.data == {"name": "A", "summary": "B"}


def test_read_entry_refuses_a_file_over_the_size_limit_and_says_the_limit(tmp_path):
    big = "name: A\nsummary: B\n" + "# pad\n" * (MAX_FILE_BYTES // 6 + 1)
    entry, [problem] = read_entry(write(tmp_path, "x.yaml", big), "model")
    assert entry is None
    assert f"{MAX_FILE_BYTES:,} bytes" in problem.message


def test_a_file_exactly_at_the_limit_is_read(tmp_path):
    head = "name: A\nsummary: B\n"
    text = head + "#" * (MAX_FILE_BYTES - len(head) - 1) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    entry, problems = read_entry(write(tmp_path, "x.yaml", text), "model")
    assert problems == [] and entry is not None


def test_read_entry_keeps_duplicate_key_problems_and_the_entry(tmp_path):
    entry, [problem] = read_entry(write(tmp_path, "dup.yaml", "name: A\nname: B\nsummary: s\n"), "model")
    assert entry is not None and entry.data["name"] == "A"
    assert problem.line == 2 and "line 1" in problem.message


def test_read_entry_turns_yaml_problems_into_located_problems(tmp_path):
    entry, [problem] = read_entry(write(tmp_path, "bad.yaml", "name: a\n  summary: b\n"), "model")
    assert entry is None
    assert problem.path.endswith("bad.yaml") and (problem.line, problem.col) == (2, 1)
    assert problem.severity == "error"


def test_read_entry_on_a_missing_file_reports_it(tmp_path):
    entry, [problem] = read_entry(tmp_path / "gone.yaml", "model")
    assert entry is None and "cannot read the file" in problem.message


def test_entry_id_kind_and_positions(tmp_path):
    entry, _ = read_entry(write(tmp_path, "my-model.yaml", "name: A\nsummary: B\n"), "model")
    assert (entry.id, entry.kind) == ("my-model", "model")
    assert entry.at("summary") == (2, 1)


def test_windows_line_endings_read_the_same():
    doc = read_yaml("name: A\r\nsummary: B\r\nfigures:\r\n  parameters: {value: 70B}\r\n")
    assert doc.data == {"name": "A", "summary": "B", "figures": {"parameters": {"value": "70B"}}}
    assert doc.where[("figures", "parameters", "value")] == (4, 16)
