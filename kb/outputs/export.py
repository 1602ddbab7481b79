"""Export the graph: node-link JSON, GraphML, GEXF or a CSV table of entries."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
from typing import TYPE_CHECKING

from kb import vocab
from kb.values import PartialDate

if TYPE_CHECKING:  # networkx is imported where it is used, so `kb` starts fast for commands that never export
    import networkx as nx

FORMATS = ("json", "graphml", "gexf", "csv", "results-csv")
RESULT_COLUMNS = (
    "entry",
    "model",
    "benchmark",
    "score",
    "setting",
    "aggregation",
    "samples",
    "submissions",
    "budget",
    "thinking_tokens",
    "cost_usd",
    "status",
    "by",
    "source",
    "note",
)
LIST_SEPARATOR = ";"  # between the items of a list in one GraphML/GEXF attribute or CSV cell

# Characters XML 1.0 forbids (controls other than tab, line feed and carriage return; lone surrogates;
# U+FFFE and U+FFFF); GraphML and GEXF files holding one are refused by XML parsers.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_json(graph: nx.MultiDiGraph, compact: bool = False) -> str:
    """Node-link JSON: nodes carry the entry fields (with ``kind``), edges carry ``relation``. Indented for
    people by default; `compact` (the site's API and dataset) is the same data on one line, several times faster
    to write."""
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    data["edges"] = [{k: v for k, v in e.items() if k != "key"} for e in data["edges"]]
    layout = {"separators": (",", ":")} if compact else {"indent": 1}
    return json.dumps(data, ensure_ascii=False, sort_keys=False, default=_text, **layout) + "\n"


def _text(value) -> str:
    """Typed values (dates with their precision) as the text they were written as."""
    if isinstance(value, PartialDate):
        return str(value)
    raise TypeError(f"cannot export a {type(value).__name__}")


def flat_attributes(attrs: dict) -> dict[str, str | int | float | bool]:
    """Node attributes as scalars, for formats that hold no lists or mappings (GraphML, GEXF, CSV)."""
    flat: dict[str, str | int | float | bool] = {}
    for key, value in attrs.items():
        if key in ("results", "charts"):
            continue  # tables of their own: see to_results_csv
        if key == "figures":
            for name, fig in value.items():
                flat[name] = fig["value"]
                for part in ("status", "source", "unit", "by", "low", "high", "note"):
                    if part in fig and fig[part] is not None:
                        flat[f"{name}_{part}"] = fig[part]
        elif key == "relations":
            for rel, targets in value.items():
                flat[rel] = LIST_SEPARATOR.join(targets)
        elif key == "axes":
            flat["axes"] = LIST_SEPARATOR.join(value)
        elif key == "sources":
            flat["sources"] = LIST_SEPARATOR.join(s["url"] for s in value)
        elif isinstance(value, list):
            flat[key] = LIST_SEPARATOR.join(map(str, value))
        elif isinstance(value, dict):
            flat[key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, PartialDate):
            flat[key] = str(value)
        elif value is not None:
            flat[key] = value
    return flat


def xml_text(value):
    """`value` with every character XML 1.0 forbids replaced by U+FFFD; other values unchanged.

    >>> xml_text("a\\x00b\\uffff"), xml_text(5)
    ('a\ufffdb\ufffd', 5)
    """
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def one_type(records: list[dict]) -> None:
    """Give each attribute one type across `records` (in place), as GraphML and GEXF declare one per name.

    An attribute seen as int and float becomes float everywhere; any other mix (numbers and text,
    booleans and numbers) becomes text everywhere.

    >>> rows = [{"a": 1, "b": 2, "c": True}, {"a": 2.5, "b": "x", "c": False}]
    >>> one_type(rows); rows
    [{'a': 1.0, 'b': '2', 'c': True}, {'a': 2.5, 'b': 'x', 'c': False}]
    """
    types: dict[str, set[type]] = {}
    for record in records:
        for key, value in record.items():
            types.setdefault(key, set()).add(type(value))
    for key, seen in types.items():
        if len(seen) < 2:
            continue
        cast = float if seen <= {int, float} else str
        for record in records:
            if key in record:
                record[key] = cast(record[key])


def _flat_records(graph: nx.MultiDiGraph) -> tuple[list[tuple[str, dict]], list[tuple[str, str, str, dict]]]:
    """Nodes and edges with scalar attributes only, one type per attribute, and no character XML forbids.

    Characters that XML 1.0 does not allow (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, lone
    surrogates, U+FFFE, U+FFFF) are replaced by U+FFFD in ids, attribute names and values.
    """
    nodes = [
        (xml_text(n), {xml_text(k): xml_text(v) for k, v in flat_attributes(a).items()})
        for n, a in graph.nodes(data=True)
    ]
    edges = [
        (xml_text(s), xml_text(t), xml_text(key), {xml_text(k): xml_text(v) for k, v in a.items() if v is not None})
        for s, t, key, a in graph.edges(keys=True, data=True)
    ]
    one_type([attrs for _, attrs in nodes])
    one_type([attrs for *_, attrs in edges])
    return nodes, edges


def _flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with the attributes of `_flat_records`, for networkx's GEXF writer."""
    import networkx as nx

    nodes, edges = _flat_records(graph)
    flat = nx.MultiDiGraph()
    for node, attrs in nodes:
        flat.add_node(node, **attrs)
    for source, target, key, attrs in edges:
        flat.add_edge(source, target, key=key, **attrs)
    return flat


_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEAD = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def _graphml_value(value) -> str:
    from xml.sax.saxutils import escape

    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML: flat attributes (see `_flat_records`), one declared type per attribute; dates stay text as
    written (2012, 2012-06). Written directly (networkx's writer builds an element tree first: several times
    slower on thousands of entries); tests/test_export_roundtrip.py reads it back with networkx and igraph."""
    from xml.sax.saxutils import quoteattr

    nodes, edges = _flat_records(graph)
    keys: dict[tuple[str, str], str] = {}
    lines = [_GRAPHML_HEAD]
    for where, records in (("node", [a for _, a in nodes]), ("edge", [a for *_, a in edges])):
        for attrs in records:
            for name, value in attrs.items():
                if (where, name) not in keys:
                    keys[where, name] = f"d{len(keys)}"
                    kind = _GRAPHML_TYPES.get(type(value), "string")
                    key = keys[where, name]
                    lines.append(f'  <key id="{key}" for="{where}" attr.name={quoteattr(name)} attr.type="{kind}" />')
    lines.append('  <graph edgedefault="directed">')
    for node, attrs in nodes:
        lines.append(f"    <node id={quoteattr(node)}>")
        lines += [f'      <data key="{keys["node", k]}">{_graphml_value(v)}</data>' for k, v in attrs.items()]
        lines.append("    </node>")
    for source, target, key, attrs in edges:
        lines.append(f"    <edge source={quoteattr(source)} target={quoteattr(target)} id={quoteattr(key)}>")
        lines += [f'      <data key="{keys["edge", k]}">{_graphml_value(v)}</data>' for k, v in attrs.items()]
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def gexf_span(attrs: dict) -> dict[str, str]:
    """GEXF `start`/`end` (YYYY-MM-DD, as timeformat="date" requires) for a dated entry.

    An era spans its start to its end; another entry starts at its date. A partial start is its
    first day, a partial end its last day.

    >>> gexf_span({"start": "2010", "end": "2019-02"}), gexf_span({"date": "2021-03"}), gexf_span({})
    ({'start': '2010-01-01', 'end': '2019-02-28'}, {'start': '2021-03-01'}, {})
    >>> gexf_span({"start": "2024", "end": "2024-02"}), gexf_span({"date": "someday"})
    ({'start': '2024-01-01', 'end': '2024-02-29'}, {})
    """
    span = {}
    start, end = attrs.get("start") or attrs.get("date"), attrs.get("end")
    try:
        if start:
            span["start"] = _iso(*PartialDate.parse(start).start)
        if end:
            span["end"] = _iso(*PartialDate.parse(end).end)
    except ValueError:  # not a date (the graph of a checked corpus has none): no span rather than a bad one
        return {}
    return span


def _iso(year: int, month: int, day: int) -> str:
    """YYYY-MM-DD, with a day past the month's end (PartialDate.end says 31) moved to its last day."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1])).isoformat()


def to_gexf(graph: nx.MultiDiGraph) -> str:
    """GEXF, dynamic: dated entries carry `start`/`end` in YYYY-MM-DD (see `gexf_span`), so Gephi's
    timeline shows each entry from its date and each era over its span; `date` stays text as written.
    """
    import networkx as nx

    flat = _flat_graph(graph)
    for node, attrs in graph.nodes(data=True):
        flat_attrs = flat.nodes[xml_text(node)]
        flat_attrs.pop("start", None)  # networkx writes these as the node's GEXF start and end
        flat_attrs.pop("end", None)
        flat_attrs.update(gexf_span(attrs))
        flat_attrs["label"] = xml_text(str(attrs.get("name") or node))  # Gephi shows the label: the name
    return "\n".join(nx.generate_gexf(flat)) + "\n"


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula.

    Every part after a ';' is neutralised too: a spreadsheet whose CSV separator is ';' (many
    locales) splits the cell there, so each list item can start a cell of its own.

    >>> _cell("=1+1"), _cell("a;=cmd|' /C calc'!A0;-2"), _cell("a; -b")
    ("'=1+1", "a;'=cmd|' /C calc'!A0;'-2", 'a; -b')
    """
    text = "" if value is None else str(value)
    return ";".join("'" + part if part[:1] in ("=", "+", "-", "@", "\t", "\r") else part for part in text.split(";"))


def to_csv(graph: nx.MultiDiGraph) -> str:
    """One row per entry; figures as value/unit/status/by/source/note columns; lists (relations, aliases,
    sources) as ';'-joined items. `date` is as written (2021, 2021-03, 2021-03-29); `date_start` is the first
    day of that period in YYYY-MM-DD, which any CSV reader parses, and `date_precision` says which it was."""
    rows = [{"id": node, **flat_attributes(attrs), **_date_columns(attrs)} for node, attrs in graph.nodes(data=True)]
    first = ["id", "kind", "name", "date", "date_start", "date_precision", "organization", "era", "axes", "summary"]
    parts = ("", "_unit", "_status", "_by", "_source", "_note", "_low", "_high")
    figure_cols = [f"{f}{suffix}" for f in vocab.FIGURES for suffix in parts]
    seen = {k for row in rows for k in row}
    columns = [c for c in first if c in seen] + [c for c in figure_cols if c in seen]
    columns += sorted(seen - set(columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _date_columns(attrs: dict) -> dict:
    date = attrs.get("date")
    if not isinstance(date, PartialDate):
        return {}
    precision = "day" if date.day else "month" if date.month else "year"
    return {"date_start": _iso(*date.start), "date_precision": precision}


def to_results_csv(graph: nx.MultiDiGraph) -> str:
    """One row per benchmark result: the entry, the model measured, score, setting and test-time budget."""
    from kb.graph import budget

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RESULT_COLUMNS)
    for node, attrs in graph.nodes(data=True):
        for result in attrs.get("results") or []:
            row = {"entry": node, "model": result.get("model") or attrs["name"], "budget": budget(result), **result}
            writer.writerow([_cell(row.get(column)) for column in RESULT_COLUMNS])
    return buffer.getvalue()


def export(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in one of FORMATS."""
    writers = {"json": to_json, "graphml": to_graphml, "gexf": to_gexf, "csv": to_csv, "results-csv": to_results_csv}
    return writers[fmt](graph)


def looks_like_export(path) -> bool:
    """True when the file at `path` starts the way one of the exports starts (so overwriting it loses nothing)."""
    with open(path, "rb") as handle:
        head = handle.read(512).decode("utf-8", "replace")
    return (
        head.startswith('{\n "directed"')
        or head.startswith(("id,", "entry,model,benchmark,"))
        or head.lstrip().startswith(("<graphml", "<gexf", "<?xml"))
        and ("<graphml" in head or "<gexf" in head)
    )
