"""The static JSON API: an index of every entry, one document per entry, the whole graph, and their schemas.

Every file lives under ``api/v1/`` of the built site, so any static host serves it. Paths inside documents
are relative: ``api`` to the ``api/v1/`` folder, ``page`` to the site root. Dates of change come from git
(`kb.read.history`) and are absent, never guessed, when the build runs outside a git checkout.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from kb import vocab
from kb.outputs.export import to_json
from kb.values import PartialDate

if TYPE_CHECKING:
    import networkx as nx

    from kb.read.history import FileDates

API_VERSION = "v1"
API_ROOT = f"api/{API_VERSION}"
SCHEMA_BASE = "https://eras.invalid/api/v1/schema/"


def _json(data) -> str:
    return inert(json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str) + "\n")


def inert(text: str) -> str:
    """JSON text with <, > and & written as \\u escapes: the same data, and no markup even if a document is
    ever served or pasted as HTML. (Outside strings JSON has none of these characters.)

    >>> inert('{"name": "<b>&</b>"}')
    '{"name": "\\\\u003cb\\\\u003e\\\\u0026\\\\u003c/b\\\\u003e"}'
    """
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _dates(dates: FileDates | None) -> dict:
    return {"added": dates.added, "last_modified": dates.modified} if dates else {}


def _date(value) -> str | None:
    return str(value) if isinstance(value, PartialDate) else value


def inverse(graph: nx.MultiDiGraph, node: str) -> dict[str, list[str]]:
    """The entries that point at `node`, by the relation they use (``builds_on``, ``organization``, ...; the
    entries that pushed an axis under ``members``)."""
    from kb.graph import incoming

    return {("members" if rel == "axis" else rel): ids for rel, ids in sorted(incoming(graph, node).items())}


def index_row(graph: nx.MultiDiGraph, node: str, page: str, dates: FileDates | None) -> dict:
    """One entry in the index: what a client filters on, and where the full document is."""
    attrs = graph.nodes[node]
    row = {
        "id": node,
        "kind": attrs["kind"],
        "name": attrs.get("name", node),
        "date": _date(attrs.get("date") or attrs.get("start")),
        "era": attrs.get("era"),
        "organization": attrs.get("organization"),
        "axes": list(attrs.get("axes") or {}),
        "figures": {
            name: {"value": fig["value"], "status": fig["status"]} for name, fig in (attrs.get("figures") or {}).items()
        },
        **_dates(dates),
        "api": f"entries/{node}.json",
        "page": page,
    }
    if attrs.get("former_ids"):
        row["former_ids"] = list(attrs["former_ids"])
    return {key: value for key, value in row.items() if value is not None}


def entry_document(node: str, data: dict, kind: str, page: str, dates: FileDates | None, points_here: dict) -> dict:
    """One entry's document: its YAML as written under ``entry``, and what points at it (`inverse`) under
    ``inverse``."""
    return {
        "api_version": API_VERSION,
        "id": node,
        "kind": kind,
        "page": page,
        **_dates(dates),
        "entry": data,
        "inverse": points_here,
    }


def api_files(
    graph: nx.MultiDiGraph,
    raw: Mapping[str, dict],
    page_of: Callable[[str], str],
    dates: Mapping[str, FileDates],
    graph_json: str | None = None,
    memo: dict | None = None,
) -> dict[str, str]:
    """Every API file by its path in the site. `raw` is each entry's YAML as written, `page_of` its page URL,
    `graph_json` the graph's node-link JSON when the caller has it already. `memo` (kept by the caller between
    builds) holds each entry document with what it was made from, so that an unchanged one is not written again."""
    files: dict[str, str] = {}
    rows = []
    memo = memo if memo is not None else {}
    for node in sorted(graph):
        page = page_of(node)
        rows.append(index_row(graph, node, page, dates.get(node)))
        made_from = (raw[node], graph.nodes[node]["kind"], page, dates.get(node), inverse(graph, node))
        before = memo.get(node)
        if before is None or before[0][0] is not raw[node] or before[0][1:] != made_from[1:]:
            before = memo[node] = (made_from, _json(entry_document(node, *made_from)))
        files[f"{API_ROOT}/entries/{node}.json"] = before[1]
        for old in graph.nodes[node].get("former_ids") or []:
            files[f"{API_ROOT}/entries/{old}.json"] = _json(
                {"api_version": API_VERSION, "id": old, "renamed_to": node, "api": f"entries/{node}.json"}
            )
    for node in set(memo) - set(graph):
        del memo[node]
    index = {"api_version": API_VERSION, "count": len(rows), "kinds": sorted(vocab.ALL_KINDS), "entries": rows}
    files[f"{API_ROOT}/index.json"] = _json(index)
    files[f"{API_ROOT}/graph.json"] = inert(graph_json if graph_json is not None else to_json(graph))
    for name, schema in api_schemas().items():
        files[f"{API_ROOT}/schema/{name}"] = _json(schema)
    return files


def _figures_schema() -> dict:
    figure = {
        "type": "object",
        "required": ["value", "status"],
        "properties": {"value": {"type": "number"}, "status": {"enum": list(vocab.STATUSES)}},
    }
    return {"type": "object", "propertyNames": {"enum": list(vocab.FIGURES)}, "additionalProperties": figure}


DRAFT = "https://json-schema.org/draft/2020-12/schema"
STAMP = {"type": "string", "format": "date-time"}
IDS = {"type": "array", "items": {"type": "string"}}


def _row_schema() -> dict:
    return {
        "type": "object",
        "required": ["id", "kind", "name", "api", "page"],
        "properties": {
            "id": {"type": "string"},
            "kind": {"enum": list(vocab.ALL_KINDS)},
            "name": {"type": "string"},
            "date": {"type": "string", "description": "As written: YYYY, YYYY-MM or YYYY-MM-DD."},
            "era": {"type": "string"},
            "organization": {"type": "string"},
            "axes": IDS,
            "figures": _figures_schema(),
            "added": STAMP | {"description": "First commit of the entry's file (absent outside git)."},
            "last_modified": STAMP | {"description": "Latest commit of the entry's file (absent outside git)."},
            "former_ids": IDS,
            "api": {"type": "string", "description": "The entry's document, relative to api/v1/."},
            "page": {"type": "string", "description": "The entry's page, relative to the site root."},
        },
        "additionalProperties": False,
    }


def _entry_schema() -> dict:
    from kb.schema import kind_schema

    by_kind = [
        {"properties": {"kind": {"const": kind}, "entry": {"$ref": f"#/$defs/{kind}"}}, "required": ["kind", "entry"]}
        for kind in vocab.ALL_KINDS
    ]
    document = {
        "type": "object",
        "required": ["api_version", "id", "kind", "page", "entry", "inverse"],
        "properties": {
            "api_version": {"const": API_VERSION},
            "id": {"type": "string"},
            "page": {"type": "string"},
            "added": STAMP,
            "last_modified": STAMP,
            "inverse": {"type": "object", "additionalProperties": IDS},
        },
        "oneOf": by_kind,
    }
    moved = {
        "type": "object",
        "required": ["api_version", "id", "renamed_to", "api"],
        "properties": {
            "api_version": {"const": API_VERSION},
            "id": {"type": "string"},
            "renamed_to": {"type": "string"},
        },
    }
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_BASE + "entry.schema.json",
        "title": "Eras API v1: one entry (or, for a former id, where it moved)",
        "$defs": {kind: kind_schema(kind) for kind in vocab.ALL_KINDS},
        "oneOf": [document, moved],
    }


def api_schemas() -> dict[str, dict]:
    """JSON Schemas (draft 2020-12) of the index and of an entry document, published beside them."""
    index = {
        "$schema": DRAFT,
        "$id": SCHEMA_BASE + "index.schema.json",
        "title": "Eras API v1: index of entries",
        "type": "object",
        "required": ["api_version", "count", "entries"],
        "properties": {
            "api_version": {"const": API_VERSION},
            "count": {"type": "integer", "minimum": 0},
            "kinds": IDS,
            "entries": {"type": "array", "items": _row_schema()},
        },
    }
    return {"index.schema.json": index, "entry.schema.json": _entry_schema()}
