"""The JSON Schema is one source of truth: committed files match the code, and a stock validator agrees."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from kb import schema as schema_mod
from kb import vocab
from kb.check.run import check_characters, check_schema
from kb.read.catalog import catalog
from kb.read.files import read_entry
from kb.schema_editor import stale, write

from .conftest import ENTRIES, FIXTURES, MINIMAL, ROOT

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
BROKEN = FIXTURES / "broken"

# Files of the kitchen sink that YAML can read, by whether they satisfy the schema. The schema-valid ones
# break rules the schema cannot express: references, cycles, real dates, ids, duplicates.
SCHEMA_INVALID = [
    "models/typos.yaml",
    "models/types.yaml",
    "models/empty.yaml",
    "models/missing.yaml",
    "models/figures.yaml",
    "models/more-figures.yaml",
    "models/urls.yaml",
    "models/vague-date.yaml",
    "models/refs.yaml",
    "papers/limits.yaml",
    "papers/wrong-relation.yaml",
    "articles/essay.yaml",
    "axes/no-unit.yaml",
    "organizations/bad-home.yaml",
    "organizations/block-url.yaml",  # a `|` block ends in a line break, which `$` in a Python regex allows
    "concepts/leftover.yaml",
]
SCHEMA_VALID = [
    "models/good-model.yaml",
    "models/impossible-date.yaml",
    "models/future-date.yaml",
    "models/wrong-era.yaml",
    "models/succ-a.yaml",
    "models/Bad_Name.yaml",
    "papers/attention.yaml",
    "concepts/loop-a.yaml",
    "eras/backwards.yaml",
    "eras/bad-month.yaml",
    "organizations/index.yaml",
    "axes/size.yaml",
]


@pytest.fixture(scope="module")
def idless(tmp_path_factory) -> Path:
    """The schema files as `kb schema` writes them for a folder without entries: the code's rules, the messages
    and snippets, and no ids (which the fixtures do not share with the shipped entries)."""
    directory = tmp_path_factory.mktemp("idless")
    write(directory, {})
    return directory


def kind_of(path: Path) -> str:
    return vocab.KINDS[path.parent.name]


def check_jsonschema(paths: list[Path], schema_dir: Path) -> set[Path]:
    """The files check-jsonschema rejects, run once per kind with that kind's wrapper schema in `schema_dir`,
    with its default regex variant (ECMA-262 with the `u` flag), as editors use."""
    failed: set[Path] = set()
    by_kind: dict[str, list[Path]] = {}
    for path in paths:
        by_kind.setdefault(kind_of(path), []).append(path)
    for kind, group in sorted(by_kind.items()):
        result = subprocess.run(
            [
                str(CHECK_JSONSCHEMA),
                "--schemafile",
                str(schema_dir / f"{kind}.schema.json"),
                *(str(p.relative_to(ROOT)) for p in group),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode in (0, 1), result.stdout + result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        for line in result.stdout.splitlines():
            match = re.match(r"^\s+(\S+?)::", line)
            if match:
                failed.add(ROOT / match.group(1))
        assert (result.returncode == 1) == any(p in failed for p in group), result.stdout
    return failed


def kb_schema_rejects(path: Path) -> bool:
    """Whether kb's schema-level rules refuse the file: the schema, plus the one-line check that stands in
    for ECMA-262's `$` (which, unlike Python's, never matches before a final line break)."""
    entry, problems = read_entry(path, kind_of(path))
    assert entry is not None and not problems, problems
    return bool(list(check_schema(entry)) or list(check_characters(entry)))


def test_committed_schema_files_are_what_kb_schema_writes_for_the_shipped_entries():
    found = stale(ROOT / "schema", catalog(ENTRIES))
    assert not found, "run 'kb schema' and commit schema/: " + "; ".join(f"{n}: {why}" for n, why in found.items())
    assert sorted(p.name for p in (ROOT / "schema").glob("*.json")) == sorted(schema_mod.rendered())


def test_the_entry_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema_mod.entry_schema())
    assert set(schema_mod.entry_schema()["$defs"]) == set(vocab.ALL_KINDS)


def test_each_wrapper_points_at_its_kind():
    for kind in vocab.ALL_KINDS:
        wrapper = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert wrapper["$ref"] == f"entry.schema.json#/$defs/{kind}"


def test_the_schema_knows_every_figure_relation_and_unit():
    model = schema_mod.entry_schema()["$defs"]["model"]
    assert list(model["properties"]["figures"]["properties"]) == list(vocab.FIGURES)
    article = schema_mod.entry_schema()["$defs"]["article"]
    assert list(article["properties"]["relations"]["properties"]) == [
        r.name for r in vocab.RELATIONS.values() if "article" in r.sources
    ]
    unit = model["properties"]["figures"]["properties"]["training_data"]["properties"]["unit"]
    assert unit["enum"] == list(vocab.DATA_UNITS)


def test_check_jsonschema_and_kb_agree_on_the_fixtures(idless):
    valid = sorted(MINIMAL.rglob("*.yaml")) + [BROKEN / p for p in SCHEMA_VALID]
    invalid = [BROKEN / p for p in SCHEMA_INVALID]
    rejected = check_jsonschema(valid + invalid, idless)
    assert rejected == set(invalid), sorted(str(p) for p in rejected ^ set(invalid))
    for path in valid:
        assert not kb_schema_rejects(path), path
    for path in invalid:
        assert kb_schema_rejects(path), path


def test_kb_validate_passes_the_minimal_files_and_fails_the_schema_invalid_ones(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    good = cli("validate", "--entries", "tests/fixtures/minimal", *sorted(MINIMAL.rglob("*.yaml")))
    assert good.exit_code == 0, good.output
    for relative in SCHEMA_INVALID:
        bad = cli("validate", "--entries", "tests/fixtures/broken", f"tests/fixtures/broken/{relative}")
        assert bad.exit_code == 1, relative
        assert bad.output.startswith(f"tests/fixtures/broken/{relative}:"), bad.output


# What a YAML 1.1-style reader (ruamel, used by check-jsonschema) and the entries' YAML 1.2 reading
# disagree on, pinned so that a change on either side is noticed. value -> (check-jsonschema ok, kb ok).
READINGS_DIFFER = {
    "0x10": (True, False),  # hex: a number to ruamel; text to kb, which a figure refuses
    "0o17": (True, False),
    "1_000": (True, False),  # underscores: YAML 1.1 digit groups
    ".5e10": (False, True),  # a float in YAML 1.2's core schema; text to ruamel
}


@pytest.mark.parametrize(("value", "verdicts"), READINGS_DIFFER.items(), ids=list(READINGS_DIFFER))
def test_where_yaml_readings_differ(tmp_path, idless, value, verdicts):
    folder = tmp_path / "models"
    folder.mkdir()
    path = folder / "reading.yaml"
    path.write_text(
        "name: Reading\nsummary: s\ndate: '2021'\norganization: lab\nera: new-era\n"
        f"figures:\n  layers: {{value: {value}, status: official, source: 'https://example.org/'}}\n"
        "sources: [{title: t, url: 'https://example.org/'}]\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--schemafile",
            str(idless / "model.schema.json"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode == 0, not kb_schema_rejects(path)) == verdicts, result.stdout


def test_url_pattern_is_portable_to_unicode_regexes():
    """vocab.URL_PATTERN must compile as an ECMA-262 regex with the `u` flag (check-jsonschema's default and
    editors'), and mean the same there as in Python."""
    import regress

    regex = regress.Regex(vocab.URL_PATTERN, flags="u")
    for url in ("https://example.org/a", 'https://e.org/"x', "https://e.org/a b", "javascript:alert(1)"):
        assert bool(re.match(vocab.URL_PATTERN, url)) == (regex.find(url) is not None)


def test_every_other_schema_pattern_is_a_valid_unicode_regex():
    import regress

    patterns = {
        node["pattern"]
        for _, node in _walk(schema_mod.entry_schema())
        if isinstance(node, dict) and isinstance(node.get("pattern"), str)
    }
    for pattern in patterns - {vocab.URL_PATTERN}:
        regress.Regex(pattern, flags="u")


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, path + (i,))
