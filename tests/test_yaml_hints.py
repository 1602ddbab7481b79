"""Indentation mistakes are told in words (kb/read/yaml_hints.py): which line to indent, and how far."""

from __future__ import annotations

import pytest

from kb.read.safe_yaml import YamlProblem, read_yaml
from kb.read.yaml_hints import hint

HEAD = 'name: A\nsummary: x\ndate: "2021"\n'

CASES = {
    "a misaligned field of a list item": (
        HEAD + "sources:\n  - title: T\n   url: https://example.org/a\n",
        6,
        "'url' on line 6 is indented 3 spaces, which lines up with no field above: indent it 4 spaces, like 'title'",
    ),
    "a field one space too far": (
        HEAD + "sources:\n  - title: T\n     url: https://example.org/a\n",
        6,
        "'url' on line 6 is indented 5 spaces, which lines up with no field above: indent it 4 spaces, like 'title'",
    ),
    "an unindented block of text": (
        HEAD + "description: |\nNot indented.\norganization: lab\n",
        5,
        "line 5 is the text of 'description' (the '|' or '>' block that starts on line 4), so it must be "
        "indented more than 'description': indent it 2 spaces",
    ),
    "a dedented field in the middle of a mapping": (
        HEAD + "figures:\n  parameters:\n    value: 7B\n  status: official\n    source: https://e.org/\n",
        7,
        "line 7 ('status') is indented 2 spaces, less than 'value' on line 6, so the fields after it have "
        "nothing to belong to: indent it 4 spaces",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_an_indentation_mistake_names_the_line_and_the_column(name):
    text, line, message = CASES[name]
    with pytest.raises(YamlProblem) as caught:
        read_yaml(text)
    assert (caught.value.line, caught.value.col) == (line, 1)
    assert caught.value.message.startswith(message), caught.value.message


def test_an_unclear_case_keeps_libyamls_words():
    with pytest.raises(YamlProblem) as caught:
        read_yaml(HEAD + "aliases: [a, b\n")
    assert caught.value.message.startswith("YAML syntax:")


def test_hint_returns_none_where_the_lines_look_right():
    assert hint(HEAD + "sources:\n  - title: T\n    url: https://e.org/\n", 6) is None
    assert hint("", 1) is None and hint("a: 1\n", 5) is None
