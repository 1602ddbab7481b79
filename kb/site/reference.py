"""Reference pages generated from the code, so the docs cannot drift: schema, relation types, CLI."""

from __future__ import annotations

import json

from markupsafe import Markup

from kb import vocab
from kb.schema import entry_schema
from kb.site.page import Page, Section
from kb.site.text import md_text


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


FIELD_TABLE = ["| field | type | required | meaning |", "|---|---|---|---|"]


def _field_rows(spec: dict, required) -> list[str]:
    rows = []
    for field, fspec in spec["properties"].items():
        kind_text = md_text(_type_of(fspec)).replace("&#96;", "`")
        rows.append(f"| `{field}` | {kind_text} | {required(field)} | {md_text(fspec.get('description', ''))} |")
    return rows


def schema_page() -> Page:
    """Every field of every kind: type, whether required, what it means. Generated from the schema."""
    defs = entry_schema()["$defs"]
    intro = (
        "Generated from the schema (`schema/entry.schema.json`, itself generated from `kb/vocab.py` and "
        "`kb/schema.py`), so it always matches what `kb validate` checks.\n\n"
        f"Limits: a file may be at most {vocab.MAX_FILE_BYTES:,} bytes; a list at most {vocab.MAX_ITEMS} items; "
        f"YAML may nest at most {vocab.MAX_DEPTH} levels. Anchors, aliases and tags are not allowed."
    )
    sections = [Section(prose=intro)]
    for kind in vocab.ALL_KINDS:
        spec = defs[kind]
        needed = set(spec["required"])
        heading = Markup("{} (<code>entries/{}/ID.yaml</code>)").format(kind.capitalize(), vocab.FOLDERS[kind])
        rows = _field_rows(spec, lambda field, needed=needed: "yes" if field in needed else "")
        sections.append(Section(heading, prose="\n".join(FIELD_TABLE + rows)))
    figure = defs["model"]["properties"]["figures"]["properties"]["parameters"]
    rows = _field_rows(
        figure, lambda field: "yes" if field in figure["required"] else ("when estimated" if field == "by" else "")
    )
    names = ["| name | unit | meaning |", "|---|---|---|"]
    for fig in vocab.FIGURES.values():
        unit = fig.unit or "required `unit`: " + ", ".join(vocab.DATA_UNITS)
        names.append(f"| `{fig.name}` | {unit} | {md_text(fig.description)} |")
    prose = "Each figure is a mapping with these fields:\n\n" + "\n".join(FIELD_TABLE + rows)
    sections.append(Section("Figures", prose=prose + "\n\nThe figure names:\n\n" + "\n".join(names)))
    sections.append(Section("Example", prose="```yaml\n" + EXAMPLE.strip() + "\n```"))
    return Page("reference/schema.md", "Entry reference", sections=sections)


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


def relations_page() -> Page:
    """The relation vocabulary as a table, generated from kb/vocab.py."""
    table = ["| type | reads | inverse | from | to | meaning |", "|---|---|---|---|---|---|"]
    for rel in vocab.RELATIONS.values():
        table.append(
            f"| `{rel.name}` | {rel.label} | {rel.inverse} | {', '.join(rel.sources)} | "
            f"{'any' if set(rel.targets) == set(vocab.ALL_KINDS) else ', '.join(rel.targets)} | "
            f"{md_text(rel.description)} |"
        )
    data = {r.name: {"inverse": r.inverse, "from": r.sources, "to": r.targets} for r in vocab.RELATIONS.values()}
    prose = [
        "Write only the forward direction in an entry; the inverse is derived for display.",
        "\n".join(table),
        "Structural edges come from single fields: `organization` (to an organization), `era` (to an era) "
        "and each key of `axes` (to an axis, with its one-line reason).",
        "```json\n" + json.dumps(data, indent=1) + "\n```",
    ]
    return Page("reference/relations.md", "Relation types", sections=[Section(prose="\n\n".join(prose))])


def cli_page(commands: dict[str, str]) -> Page:
    """The CLI reference from each command's real --help text, keyed by its full name ("kb build")."""
    sections = [Section(prose="Generated from `kb --help` and each command's `--help`.")]
    for name, text in commands.items():
        heading = Markup("<code>{}</code>").format(name)
        sections.append(Section(heading, prose=f"```text\n{text.rstrip()}\n```"))
    return Page("reference/cli.md", "Command line reference", sections=sections)
