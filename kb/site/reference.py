"""Reference pages generated from the code, so the docs cannot drift: schema, relation types, CLI."""

from __future__ import annotations

import json

import click

from kb import vocab
from kb.schema import entry_schema
from kb.site.text import md_text

KIND_ORDER = ("model", "paper", "concept", "article", "era", "axis", "organization")


def _type_of(spec: dict) -> str:
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    types = spec.get("type")
    types = [types] if isinstance(types, str) else (types or [])
    words = {"string": "text", "array": "list", "object": "mapping", "number": "number", "integer": "year"}
    text = " or ".join(words.get(t, t) for t in types)
    if spec.get("type") == "array":
        text = f"list of {_type_of(spec['items'])}"
    if spec.get("pattern") == vocab.ID_PATTERN:
        text = "entry id"
    if spec.get("pattern") == vocab.URL_PATTERN:
        text = "http(s) URL"
    if spec.get("pattern") == vocab.DATE_PATTERN:
        text = "date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if spec.get("pattern") == vocab.NUMBER_PATTERN:
        text = "positive number (70e9, 1.4T, 60M)"
    if "maxLength" in spec and text == "text":
        text += f" (at most {spec['maxLength']:,} characters)"
    return text


def schema_page() -> str:
    """Every field of every kind: type, whether required, what it means. Generated from the schema."""
    defs = entry_schema()["$defs"]
    out = [
        "# Entry reference",
        "",
        "Generated from the schema (`schema/entry.schema.json`, itself generated from `kb/vocab.py` and "
        "`kb/schema.py`), so it always matches what `kb validate` checks.",
        "",
        f"Limits: a file may be at most {vocab.MAX_FILE_BYTES:,} bytes; a list at most {vocab.MAX_ITEMS} items; "
        f"YAML may nest at most {vocab.MAX_DEPTH} levels. Anchors, aliases and tags are not allowed.",
        "",
    ]
    for kind in KIND_ORDER:
        spec = defs[kind]
        required = set(spec["required"])
        out += [f"## {kind.capitalize()} (`entries/{vocab.FOLDERS[kind]}/ID.yaml`)", ""]
        out += ["| field | type | required | meaning |", "|---|---|---|---|"]
        for field, fspec in spec["properties"].items():
            kind_text = md_text(_type_of(fspec)).replace("&#96;", "`")
            needed = "yes" if field in required else ""
            out.append(f"| `{field}` | {kind_text} | {needed} | {md_text(fspec.get('description', ''))} |")
        out.append("")
    out += ["## Figures", "", "Each figure is a mapping with these fields:", ""]
    figure = defs["model"]["properties"]["figures"]["properties"]["parameters"]
    out += ["| field | type | required | meaning |", "|---|---|---|---|"]
    for field, fspec in figure["properties"].items():
        req = "yes" if field in figure["required"] else ("when estimated" if field == "by" else "")
        out.append(
            f"| `{field}` | {md_text(_type_of(fspec)).replace('&#96;', '`')} | {req} | "
            f"{md_text(fspec.get('description', ''))} |"
        )
    out += ["", "The figure names:", "", "| name | unit | meaning |", "|---|---|---|"]
    for fig in vocab.FIGURES.values():
        unit = fig.unit or "required `unit`: " + ", ".join(vocab.DATA_UNITS)
        out.append(f"| `{fig.name}` | {unit} | {md_text(fig.description)} |")
    out += ["", "## Example", "", "```yaml", EXAMPLE.strip(), "```", ""]
    return "\n".join(out)


EXAMPLE = """
name: Chinchilla
aliases: [Chinchilla 70B]
summary: >-
  DeepMind's 70B-parameter model trained on 1.4T tokens with Gopher's compute budget.
date: "2022-03-29"
date_note: arXiv v1
organization: deepmind
era: early-scaling-laws
axes:
  training-data: About 20 tokens per parameter, four times Gopher's data.
figures:
  parameters: {value: 70B, status: official, source: "https://arxiv.org/abs/2203.15556"}
  training_compute:
    value: 5.76e23
    status: official
    source: https://arxiv.org/abs/2203.15556
relations:
  builds_on: [gopher, kaplan-scaling-laws]
  revises: [kaplan-scaling-laws]
sources:
  - title: Training Compute-Optimal Large Language Models (arXiv:2203.15556)
    url: https://arxiv.org/abs/2203.15556
"""


def relations_page() -> str:
    """The relation vocabulary as a table, generated from kb/vocab.py."""
    out = [
        "# Relation types",
        "",
        "Write only the forward direction in an entry; the inverse is derived for display.",
        "",
        "| type | reads | inverse | from | to | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for rel in vocab.RELATIONS.values():
        out.append(
            f"| `{rel.name}` | {rel.label} | {rel.inverse} | {', '.join(rel.sources)} | "
            f"{'any' if set(rel.targets) == set(vocab.ALL_KINDS) else ', '.join(rel.targets)} | "
            f"{md_text(rel.description)} |"
        )
    out += [
        "",
        "Structural edges come from single fields: `organization` (to an organization), `era` (to an era) "
        "and each key of `axes` (to an axis, with its one-line reason).",
        "",
        "```json",
        json.dumps(
            {r.name: {"inverse": r.inverse, "from": r.sources, "to": r.targets} for r in vocab.RELATIONS.values()},
            indent=1,
        ),
        "```",
        "",
    ]
    return "\n".join(out)


def command_help(group: click.Group) -> dict[str, str]:
    """Each command's real --help text, keyed by its full name."""
    helps = {}
    with click.Context(group, info_name="kb", terminal_width=80) as ctx:
        helps["kb"] = group.get_help(ctx)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            with click.Context(command, info_name=name, parent=ctx, terminal_width=80) as sub:
                helps[f"kb {name}"] = command.get_help(sub)
    return helps


def cli_page() -> str:
    """The CLI reference, generated from the real --help output."""
    from kb.cli import main

    out = ["# Command line reference", "", "Generated from `kb --help` and each command's `--help`.", ""]
    for name, text in command_help(main).items():
        out += [f"## `{name}`", "", "```text", text, "```", ""]
    return "\n".join(out)
