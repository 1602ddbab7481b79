"""Entries come from pull requests: nothing in a file may run code, eat memory or time, or dodge a limit."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from kb import vocab
from kb.check.run import load
from kb.read.files import read_entry
from kb.read.safe_yaml import YamlProblem, read_yaml
from kb.schema import entry_schema

from .test_validate import MODEL, MODEL_BASE, TODAY, add, model, problems_in

NORMAL = (Path(__file__).parent / "fixtures" / "minimal" / "models" / "alpha.yaml").read_text(encoding="utf-8")


def payloads(marker: Path) -> dict[str, str]:
    """Files that would create `marker` if any YAML loader constructed their tags."""
    cmd = f"touch {marker}"
    return {
        "apply os.system": f'name: !!python/object/apply:os.system ["{cmd}"]\n',
        "apply at top level": f'!!python/object/apply:os.system ["{cmd}"]\n',
        "apply in a list": f'aliases:\n  - !!python/object/apply:os.system ["{cmd}"]\n',
        "apply as a key": f'? !!python/object/apply:os.system ["{cmd}"]\n: x\n',
        "new subprocess": (f"name: !!python/object/new:subprocess.check_output [[sh, -c, '{cmd}']]\n"),
        "object with state": (
            "name: !!python/object/new:type\n  args: [z, !!python/tuple [], {}]\n"
            f"  state: {{x: !!python/object/apply:os.system ['{cmd}']}}\n"
        ),
        "python name": "name: !!python/name:os.system\n",
        "python module": "name: !!python/module:os\n",
        "local tag": f"name: !shell '{cmd}'\n",
        "verbatim tag": f"name: !<tag:yaml.org,2002:python/object/apply:os.system> ['{cmd}']\n",
        "tag directive": f"%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\nname: !p!os.system ['{cmd}']\n",
    }


@pytest.mark.parametrize("name", list(payloads(Path("x"))))
def test_python_tags_are_rejected_and_never_constructed(tmp_path, name):
    marker = tmp_path / "pwned"
    text = payloads(marker)[name]
    with pytest.raises(YamlProblem) as info:
        read_yaml(text)
    assert "YAML tags" in info.value.message and "not allowed" in info.value.message
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    entry, [problem] = read_entry(path, "model")
    assert entry is None and "YAML tags" in problem.message
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    [
        "name: !!binary aGVsbG8=\n",
        "name: !!timestamp 2001-12-14\n",
        "name: !!int '5'\n",
        "name: !!float 1\n",
        "name: !!bool yes\n",
        "aliases: !!set {a, b}\n",
        "aliases: !!omap [a: 1]\n",
        "figures: !!map {a: 1}\n",
        "aliases: !!seq [a]\n",
        "name: ! [a]\n",
    ],
)
def test_every_other_tag_is_rejected_too(text):
    with pytest.raises(YamlProblem, match="YAML tags"):
        read_yaml(text)


@pytest.mark.parametrize("text", ["name: !!str plain\n", "name: ! plain\n", "!!str name: plain\n"])
def test_the_string_tag_is_harmless_and_allowed(text):
    assert read_yaml(text).data == {"name": "plain"}


def test_the_cli_rejects_a_tagged_entry_without_running_it(cli, minimal, tmp_path):
    marker = tmp_path / "pwned"
    add(minimal, "models/evil.yaml", payloads(marker)["apply os.system"])
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 1
    assert "YAML tags" in result.output and "Traceback" not in result.output
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    [
        "name: &a Alpha\nsummary: *a\n",
        "a: &x [1, 2]\n",
        "base: &b {value: 1}\nfigures:\n  parameters:\n    <<: *b\n",
        "aliases: [*undefined]\n",
        "&top\nname: x\n",
    ],
)
def test_anchors_and_aliases_are_rejected(text):
    with pytest.raises(YamlProblem, match="(anchors|aliases)"):
        read_yaml(text)


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*lol{i - 1}"] * 9)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(lines) + "\n"


def best_time(func, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _rejects(text: str) -> None:
    with pytest.raises(YamlProblem):
        read_yaml(text)


def test_billion_laughs_is_rejected_about_as_fast_as_a_normal_entry_is_read():
    bomb = billion_laughs()
    assert len(bomb) < 1000  # would expand to 9**10 strings if aliases were followed
    baseline = best_time(lambda: read_yaml(NORMAL))
    bombed = best_time(lambda: _rejects(bomb))
    assert bombed < 50 * baseline, (bombed, baseline)


def test_a_file_that_is_all_aliases_is_rejected_at_the_first_one():
    text = "a: &a x\n" + "".join(f"k{i}: [{', '.join(['*a'] * 50)}]\n" for i in range(200))
    with pytest.raises(YamlProblem) as info:
        read_yaml(text)
    assert info.value.line == 1
    baseline = best_time(lambda: read_yaml(NORMAL))
    assert best_time(lambda: _rejects(text)) < 50 * baseline


def nested_lists(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


def test_nesting_up_to_the_limit_is_read():
    # the top-level mapping is one level; MAX_DEPTH - 1 lists inside it reach the limit exactly
    assert read_yaml(nested_lists(vocab.MAX_DEPTH - 1)).data is not None


@pytest.mark.parametrize("depth", [vocab.MAX_DEPTH, 50, 10_000, 200_000])
def test_deep_flow_nesting_is_rejected(depth):
    with pytest.raises(YamlProblem, match="nesting|depth"):
        read_yaml(nested_lists(depth))


def test_deep_block_nesting_is_rejected():
    text = "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "x\n"
    with pytest.raises(YamlProblem, match=f"deeper than {vocab.MAX_DEPTH} levels"):
        read_yaml(text)


def test_deep_nesting_is_rejected_quickly():
    baseline = best_time(lambda: read_yaml(NORMAL))
    deep = "a: " + "{b: " * 5000 + "c" + "}" * 5000 + "\n"
    assert best_time(lambda: _rejects(deep), repeat=3) < 50 * baseline


def _walk(schema, path=()):
    yield path, schema
    if isinstance(schema, dict):
        for key, value in schema.items():
            if isinstance(value, dict | list):
                yield from _walk(value, path + (key,))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _walk(value, path + (i,))


def _is_a(schema: dict, type_name: str) -> bool:
    types = schema.get("type", ())
    return type_name == types or (isinstance(types, list) and type_name in types)


def _bounded_pattern(node: dict) -> bool:
    """An anchored pattern without repetition (the date) bounds the length on its own."""
    pattern = node.get("pattern", "")
    return pattern.startswith("^") and pattern.endswith("$") and not re.search(r"[*+]|\{\d+,\}", pattern)


def test_every_text_field_in_the_schema_has_a_maximum_length():
    unbounded = [
        "/".join(map(str, path))
        for path, node in _walk(entry_schema())
        if isinstance(node, dict) and _is_a(node, "string") and "maxLength" not in node and not _bounded_pattern(node)
    ]
    assert unbounded == []
    assert _bounded_pattern({"pattern": vocab.DATE_PATTERN}) and not _bounded_pattern({"pattern": vocab.ID_PATTERN})


def test_every_list_and_open_mapping_in_the_schema_has_a_maximum_size():
    for path, node in _walk(entry_schema()):
        if isinstance(node, dict) and _is_a(node, "array"):
            assert node.get("maxItems") == vocab.MAX_ITEMS, path
        if isinstance(node, dict) and isinstance(node.get("additionalProperties"), dict):
            assert node.get("maxProperties") == vocab.MAX_ITEMS, path
        if (
            isinstance(node, dict)
            and isinstance(node.get("propertyNames"), dict)
            and "pattern" in node["propertyNames"]
        ):
            assert "maxLength" in node["propertyNames"], path


def long(n: int) -> str:
    return "x" * n


# field -> (the entry with that field too long, fragment of the message)
TOO_LONG = {
    "name": (model(name=f"name: {long(vocab.MAX_LEN['name'] + 1)}"), "name is 121 characters long"),
    "alias": (MODEL_BASE + f"aliases: [{long(vocab.MAX_LEN['alias'] + 1)}]\n", "aliases[0] is 121 characters long"),
    "summary": (model(summary=f"summary: {long(vocab.MAX_LEN['summary'] + 1)}"), "summary is 601 characters"),
    "description": (MODEL_BASE + f"description: {long(vocab.MAX_LEN['description'] + 1)}\n", "description is 5,001"),
    "date_note": (MODEL_BASE + f"date_note: {long(vocab.MAX_LEN['note'] + 1)}\n", "date_note is 501"),
    "reason": (MODEL_BASE + f"axes:\n  size: {long(vocab.MAX_LEN['reason'] + 1)}\n", "axes.size is 301"),
    "figure note": (
        model(parameters=f'  parameters: {{value: 7B, status: official, source: "https://e.org/", note: {long(501)}}}'),
        "figures.parameters.note is 501",
    ),
    "figure by": (
        model(parameters=f'  parameters: {{value: 7B, status: estimated, by: {long(121)}, source: "https://e.org/"}}'),
        "figures.parameters.by is 121",
    ),
    "source title": (
        MODEL.replace("title: Delta paper", f"title: {long(vocab.MAX_LEN['title'] + 1)}"),
        "sources[0].title is 301",
    ),
    "source url": (MODEL.replace("url: https://example.org/delta", f"url: https://e.org/{long(500)}"), "url is 514"),
    "author": (MODEL_BASE + f"authors: [{long(vocab.MAX_LEN['author'] + 1)}]\n", "authors[0] is 121"),
    "organization id": (model(organization=f"organization: {long(121)}"), "organization is 121"),
    "relation target id": (model(builds_on=f"  builds_on: [{long(121)}]"), "relations.builds_on[0] is 121"),
    "axis id": (MODEL_BASE + f"axes:\n  {long(121)}: why\n", "in axes is 121 characters long"),
    "figure value as text": (
        model(parameters=f'  parameters: {{value: "{"1" * 41}", status: official, source: "https://e.org/"}}'),
        "figures.parameters.value is 41 characters long",
    ),
}


@pytest.mark.parametrize(("text", "fragment"), TOO_LONG.values(), ids=list(TOO_LONG))
def test_every_text_field_has_a_length_limit(minimal, text, fragment):
    add(minimal, "models/delta.yaml", text)
    problems, _ = problems_in(minimal, "models/delta.yaml")
    assert any(fragment in p.message for p in problems), [p.message for p in problems]


@pytest.mark.parametrize("field", ["aliases", "authors", "sources", "relations.uses"])
def test_every_list_has_an_item_limit(minimal, field):
    items = vocab.MAX_ITEMS + 1
    if field == "sources":
        text = MODEL_BASE + "".join(f"  - {{title: t{i}, url: 'https://e.org/{i}'}}\n" for i in range(items - 1))
    elif field == "relations.uses":
        text = model(builds_on="  uses: [" + ", ".join(f"c{i}" for i in range(items)) + "]")
    else:
        text = MODEL_BASE + f"{field}: [" + ", ".join(f"a{i}" for i in range(items)) + "]\n"
    add(minimal, "models/delta.yaml", text)
    problems, _ = problems_in(minimal, "models/delta.yaml")
    assert any(f"{field} has {items} items; the limit is {vocab.MAX_ITEMS}" in p.message for p in problems), [
        p.message for p in problems
    ]


def test_axes_have_an_item_limit(minimal):
    axes = "".join(f"  axis-{i}: why\n" for i in range(vocab.MAX_ITEMS + 1))
    add(minimal, "models/delta.yaml", MODEL_BASE + "axes:\n" + axes)
    problems, _ = problems_in(minimal, "models/delta.yaml")
    assert any(f"axes has {vocab.MAX_ITEMS + 1} items" in p.message for p in problems)


def test_the_size_limit_applies_to_every_file_not_the_corpus(minimal):
    padding = "# " + "x" * 78 + "\n"
    over = MODEL_BASE + padding * (vocab.MAX_FILE_BYTES // len(padding))
    assert len(over.encode()) > vocab.MAX_FILE_BYTES
    add(minimal, "models/delta.yaml", over)
    add(minimal, "models/epsilon.yaml", over)
    half = MODEL_BASE + padding * (vocab.MAX_FILE_BYTES // len(padding) // 2)
    add(minimal, "models/zeta.yaml", half)  # two halves are fine: each file is one entry
    kb = load(minimal, TODAY)
    too_big = sorted(Path(p.path).name for p in kb.problems if "may be at most" in p.message)
    assert too_big == ["delta.yaml", "epsilon.yaml"]
    assert "zeta" in kb.entries


def test_the_size_limit_is_checked_before_the_file_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"name: x\n" + b"#" * vocab.MAX_FILE_BYTES)

    def refuse(*_args, **_kwargs):
        raise AssertionError("an oversized file was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    entry, [problem] = read_entry(path, "model")
    assert entry is None and "may be at most" in problem.message


def test_one_very_long_line_is_refused_by_size_not_parsed(tmp_path):
    path = tmp_path / "line.yaml"
    path.write_text("name: " + "x" * (vocab.MAX_FILE_BYTES * 4) + "\n", encoding="utf-8")
    entry, [problem] = read_entry(path, "model")
    assert entry is None and f"{vocab.MAX_FILE_BYTES:,} bytes" in problem.message


def test_a_named_pipe_posing_as_an_entry_does_not_hang_the_loader(minimal):
    os.mkfifo(minimal / "models" / "pipe.yaml")
    kb = load(minimal, TODAY)
    assert "pipe" not in kb.entries


def test_a_directory_posing_as_an_entry_is_reported(minimal):
    (minimal / "models" / "folder.yaml").mkdir()
    kb = load(minimal, TODAY)
    assert any(p.path.endswith("folder.yaml") and "folders inside models/" in p.message for p in kb.problems)


def test_markup_in_fields_is_kept_as_plain_text(minimal):
    """Markup is data; rendering decides how to escape it. The validator must neither choke on it nor change it."""
    add(minimal, "models/delta.yaml", model(name="name: \"<script>alert('x')</script> & <b>\""))
    problems, kb = problems_in(minimal, "models/delta.yaml")
    assert problems == []
    assert kb.entries["delta"].data["name"] == "<script>alert('x')</script> & <b>"


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\u0000", "U+0000"), ("\\a", "U+0007"), ("\\e", "U+001B"), ("\\u202e", "U+202E"), ("\\u2066", "U+2066")],
)
def test_control_and_direction_characters_written_as_escapes_are_refused(minimal, escape, code):
    add(minimal, "models/delta.yaml", model(name=f'name: "Delta{escape}"'))
    [problem], _ = problems_in(minimal, "models/delta.yaml")
    assert (problem.line, problem.col) == (1, 1)
    assert f"name holds the invisible or non-text character {code}" in problem.message


def test_newlines_and_tabs_in_text_are_fine(minimal):
    add(minimal, "models/delta.yaml", MODEL + 'description: "One.\\n\\nTwo\\tthree."\n')
    problems, _ = problems_in(minimal, "models/delta.yaml")
    assert problems == []


def test_error_messages_quote_hostile_values_on_one_line(minimal):
    add(minimal, "models/delta.yaml", model(date='date: "2021\\n::error file=x::owned"'))
    problems, _ = problems_in(minimal, "models/delta.yaml")
    assert problems
    for problem in problems:
        assert "\n" not in problem.format() and "\n" not in problem.format("github")
