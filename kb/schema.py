"""The entry schema `kb validate` checks with, built from the vocabulary; kb.schema_editor adds what editors get."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from kb import vocab

SCHEMA_ID = "https://eras.invalid/schema/entry.schema.json"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "entry.schema.json"


def _text(limit_key: str, description: str, expected: str = "text") -> dict:
    return {
        "type": "string",
        "minLength": 1,
        "pattern": r"\S",
        "maxLength": vocab.MAX_LEN[limit_key],
        "description": description,
        "x-expected": expected,
    }


ID_MAX_LEN = vocab.MAX_LEN["name"]  # an id is a slug of a name, so never longer than one
NUMBER_MAX_LEN = 40  # '1.4T', '5.76e23': a figure written as text is short


def _id(description: str) -> dict:
    return {
        "type": "string",
        "pattern": vocab.ID_PATTERN,
        "maxLength": ID_MAX_LEN,
        "description": description,
        "x-expected": "an entry id: a lowercase slug like 'gpt-4'",
    }


def _list(items: dict, description: str, min_items: int = 1) -> dict:
    return {
        "type": "array",
        "items": items,
        "minItems": min_items,
        "maxItems": vocab.MAX_ITEMS,
        "uniqueItems": True,
        "description": description,
    }


URL = {
    "type": "string",
    "pattern": vocab.URL_PATTERN,
    "maxLength": vocab.MAX_LEN["url"],
    "description": "An http(s) URL.",
    "x-expected": "an http(s) URL like 'https://arxiv.org/abs/2203.15556'",
}
DATE = {
    "type": ["string", "integer"],
    "pattern": vocab.DATE_PATTERN,
    "minimum": 1000,
    "maximum": 9999,
    "description": "A date: YYYY, YYYY-MM or YYYY-MM-DD.",
    "x-expected": "a date written YYYY, YYYY-MM or YYYY-MM-DD",
}
NUMBER = {
    "type": ["number", "string"],
    "pattern": vocab.NUMBER_PATTERN,
    "maxLength": NUMBER_MAX_LEN,
    "exclusiveMinimum": 0,
    "maximum": 1e40,
    "description": "A positive number: 70000000000, 70e9, 7.0e10, 70B, 1.4T or 60M.",
    "x-expected": "a positive number like 70e9, 5.76e23, 70B, 1.4T or 60M",
}
SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "url"],
    "properties": {
        "title": _text("title", "What the source is: authors and title, or the page's name."),
        "url": URL,
    },
    "description": "A source: `{title, url}`.",
}


def _figure(fig: vocab.Figure) -> dict:
    if fig.unit is None:
        unit = {
            "enum": list(vocab.DATA_UNITS),
            "description": "The unit the size is counted in.",
            "x-expected": "one of " + ", ".join(vocab.DATA_UNITS),
        }
    else:
        unit = {"const": fig.unit, "description": f"Always '{fig.unit}'.", "x-expected": f"'{fig.unit}'"}
    schema = {
        "type": "object",
        "description": fig.description,
        "additionalProperties": False,
        "required": ["value", "status", "source"] + (["unit"] if fig.unit is None else []),
        "properties": {
            "value": NUMBER,
            "status": STATUS,
            "source": URL | {"description": "Where this exact number can be read."},
            "unit": unit,
            "low": NUMBER | {"description": "Lower bound of the range (same unit)."},
            "high": NUMBER | {"description": "Upper bound of the range (same unit)."},
            "by": _text("author", "Who made the estimate (required when status is estimated)."),
            "note": _text("note", "How the number was obtained, or what it counts."),
        },
        "if": {"properties": {"status": {"const": "estimated"}}, "required": ["status"]},
        "then": {"required": ["by"]},
    }
    return schema


SCORE = {
    "type": "number",
    "minimum": -1e9,
    "maximum": 1e9,
    "description": "A score in the benchmark's unit: 74.4 for 74.4%, 1807 for an Elo rating.",
    "x-expected": "a number in the benchmark's unit, like 74.4",
}
COUNT = {
    "type": "integer",
    "minimum": 1,
    "maximum": 10**9,
    "description": "A whole number of at least 1.",
    "x-expected": "a whole number of at least 1",
}
AGGREGATION = {
    "enum": list(vocab.AGGREGATIONS),
    "description": "How the samples were combined: "
    + "; ".join(f"{a.name}: {a.description}" for a in vocab.AGGREGATIONS.values()),
    "x-expected": "one of " + ", ".join(vocab.AGGREGATIONS),
}
STATUS = {
    "enum": list(vocab.STATUSES),
    "description": "official: published by the developer; estimated: by a third party (say who in `by`); "
    "rumored: from a leak.",
    "x-expected": "one of official, estimated, rumored",
}


def _result() -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["benchmark", "score", "setting", "aggregation", "source", "status"],
        "properties": {
            "benchmark": _id("The benchmark entry's id, e.g. aime-2024."),
            "score": SCORE,
            "model": _text("name", "The model measured, when it is not the entry itself (a variant, a paper's runs)."),
            "setting": _text("setting", "One line: the setting that produced the score, as the source words it."),
            "aggregation": AGGREGATION,
            "samples": COUNT | {"description": "Samples drawn per problem (the k of cons@k, pass@k, best-of-k)."},
            "submissions": COUNT | {"description": "Submissions kept per problem (the n of n@k)."},
            "thinking_tokens": NUMBER | {"description": "Tokens of thought per problem, where published."},
            "cost_usd": NUMBER | {"description": "US dollars of compute per problem (task), where published."},
            "source": URL | {"description": "Where this exact score is printed."},
            "status": STATUS,
            "by": _text("author", "Who measured it, when not the developer (required when status is estimated)."),
            "note": _text("note", "Anything a reader needs to compare the score (subset, date, caveats)."),
        },
        "if": {"properties": {"status": {"const": "estimated"}}, "required": ["status"]},
        "then": {"required": ["by"]},
        "description": "A benchmark result at a test-time budget.",
    }


def _chart() -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["benchmark", "models"],
        "properties": {
            "benchmark": _id("The benchmark whose results are charted."),
            "models": _list(_id("A model or paper with results on that benchmark."), "The series to draw."),
            "title": _text("title", "The chart's title."),
        },
        "description": "A chart of score against test-time budget on one benchmark, for some models.",
    }


COMMON = {
    "name": _text("name", "The entry's name as people know it."),
    "summary": _text("summary", "One to three sentences, plain text with inline Markdown."),
    "aliases": _list(_text("alias", "Another name."), "Other names people search for."),
    "description": _text("description", "Longer Markdown: paragraphs and '- ' lists."),
    "sources": _list(SOURCE, "Where the facts come from; at least one primary source."),
    "former_ids": _list(
        _id("An id this entry had before."), "Ids the entry had before `kb rename`; their old pages redirect here."
    ),
}


def _relations(kind: str) -> dict:
    allowed = {name: rel for name, rel in vocab.RELATIONS.items() if kind in rel.sources}
    return {
        "type": "object",
        "additionalProperties": False,
        "propertyNames": {"x-expected": "a relation type"},
        "properties": {
            name: _list(_id(f"Ids of entries this one {rel.label}."), rel.description) for name, rel in allowed.items()
        },
        "description": "A mapping from relation type to a list of entry ids.",
    }


def _axes() -> dict:
    return {
        "type": "object",
        "propertyNames": {"pattern": vocab.ID_PATTERN, "maxLength": ID_MAX_LEN, "x-expected": "an axis id"},
        "additionalProperties": _text("reason", "One line: why this entry pushed that axis."),
        "minProperties": 1,
        "maxProperties": vocab.MAX_ITEMS,
        "description": "A mapping from axis id to a one-line reason this entry pushed that axis.",
    }


def _figures() -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: _figure(fig) for name, fig in vocab.FIGURES.items()},
        "description": "A mapping from figure name to `{value, status, source, ...}`.",
    }


def _benchmark() -> dict:
    return {
        "organization": _id("The organization that introduced the benchmark."),
        "metric": _text("metric", "What a score means, e.g. '% of the 30 problems solved'."),
        "unit": _text("unit", "The score's unit: %, Elo, points."),
        "higher_is_better": {"type": "boolean", "description": "False when a lower score is better."},
        "range": {
            "type": "object",
            "additionalProperties": False,
            "required": ["min"],
            "properties": {
                "min": SCORE | {"description": "The lowest possible score."},
                "max": SCORE | {"description": "The highest possible score; leave out when there is none (Elo)."},
            },
            "description": "The scores a result may take: `{min: 0, max: 100}`.",
        },
    }


def _work(kind: str) -> dict:
    """The fields of a model or paper beyond the common ones and its date."""
    return {
        "organization": _id("The organization that led the work."),
        "authors": _list(_text("author", "An author."), "Authors, in the paper's order."),
        "era": _id("The era this entry belongs to."),
        "axes": _axes(),
        "figures": _figures(),
        "relations": _relations(kind),
        "results": _list(_result(), "Benchmark results, each at the test-time budget that produced it."),
        "epoch_name": _text(
            "name",
            "The exact Model value of this entry's row in Epoch AI's Notable AI Models data, where its name and "
            "aliases do not find it (`kb check --against`).",
        ),
    }


def kind_schema(kind: str) -> dict:
    """The JSON Schema of one kind of entry."""
    props = dict(COMMON)
    required = ["name", "summary"]
    if kind in vocab.SOURCED_KINDS:
        required.append("sources")
    dated = {
        "date": DATE,
        "date_note": _text("note", "The event the date marks, e.g. 'arXiv v1'."),
    }
    if kind in ("model", "paper"):
        props |= dated | _work(kind)
        required += ["date", "organization", "era"]
    elif kind in ("concept", "article"):
        props |= dated | {
            "era": _id("The era this entry belongs to, where one applies."),
            "relations": _relations(kind),
        }
        if kind == "concept":
            props["axes"] = _axes()
        else:
            props["authors"] = _list(_text("author", "An author."), "Authors.")
            props["organization"] = _id("The organization that published it.")
            required.append("date")
    elif kind == "era":
        props |= {
            "start": DATE | {"description": "When the era begins."},
            "end": DATE | {"description": "When the era ends; leave out for the current era."},
            "opened_by": _list(_id("An entry that marks the era's start."), "Entries that mark its start."),
            "closed_by": _list(_id("An entry that marks the era's end."), "Entries that mark its end."),
        }
        required += ["start"]
    elif kind == "axis":
        props |= {
            "unit": _text("unit", "What the axis is measured in."),
            "figure": {
                "enum": list(vocab.FIGURES),
                "description": "The figure plotted on the axis page.",
                "x-expected": "a figure name: " + ", ".join(vocab.FIGURES),
            },
        }
        required += ["unit"]
    elif kind == "organization":
        props |= {"homepage": URL | {"description": "The organization's home page."}}
    elif kind == "benchmark":
        props |= dated | _benchmark()
        required += ["date", "metric", "range"]
    if kind in vocab.CHART_KINDS:
        props["charts"] = _list(_chart(), "Charts of score against test-time budget shown on the page.")
    return {
        "type": "object",
        "title": f"Eras {kind} entry",
        "description": f"An entry in entries/{vocab.FOLDERS[kind]}/.",
        "additionalProperties": False,
        "required": required,
        "properties": props,
    }


@cache
def entry_schema() -> dict:
    """The whole schema: one definition per kind under ``$defs``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Eras knowledge-base entry",
        "description": "Generated from kb/vocab.py and kb/schema.py by `kb schema`; do not edit by hand.",
        "$defs": {kind: kind_schema(kind) for kind in vocab.ALL_KINDS},
        "anyOf": [{"$ref": f"#/$defs/{kind}"} for kind in vocab.ALL_KINDS],
    }


def kind_wrapper(kind: str) -> dict:
    """A tiny schema that points editors at one kind's definition."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"entry.schema.json#/$defs/{kind}",
    }


def rendered(catalog: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, str]:
    """Every committed schema file's name and its text, for editors: the entry schema with `catalog`'s ids
    (kind -> {id: name}, as `kb.read.catalog` reads an entries folder), messages and snippets."""
    from kb.schema_editor import editor_schema  # builds on this module

    files = {"entry.schema.json": json.dumps(editor_schema(catalog or {}), indent=2) + "\n"}
    for kind in vocab.ALL_KINDS:
        files[f"{kind}.schema.json"] = json.dumps(kind_wrapper(kind), indent=2) + "\n"
    return files
