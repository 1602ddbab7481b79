"""Per-file rules: each looks at one entry and yields (path, message) for every problem in it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import cache

import fastjsonschema
import jsonschema

from kb import vocab
from kb.check.context import Context, Found
from kb.check.messages import field_name, schema_problems, shown, slug
from kb.check.result_rules import check_budgets
from kb.markdown import LINK
from kb.model import Entry
from kb.schema import NUMBER, entry_schema
from kb.values import PartialDate, parse_number

# Every rule is `rule(entry, ctx)`. Rules that do not read the context also accept being called without it.

TEXT_FIELDS = ("summary", "description")
PLACEHOLDER = re.compile(r"\bTODO\b")  # what `kb new` leaves to fill in


def text_fields(data: dict) -> Iterator[tuple[tuple, str]]:
    """The fields of an entry whose text is rendered with links, with their paths."""
    for key in TEXT_FIELDS + ("date_note",):
        if isinstance(data.get(key), str):
            yield (key,), data[key]
    if isinstance(data.get("axes"), dict):
        for axis, reason in data["axes"].items():
            if isinstance(reason, str):
                yield ("axes", axis), reason
    figures = data.get("figures")
    if isinstance(figures, dict):
        for name, fig in figures.items():
            if isinstance(fig, dict) and isinstance(fig.get("note"), str):
                yield ("figures", name, "note"), fig["note"]
    results = data.get("results")
    for i, result in enumerate(results if isinstance(results, list) else []):
        if isinstance(result, dict) and isinstance(result.get("note"), str):
            yield ("results", i, "note"), result["note"]


# --------------------------------------------------------------------------- the file name and the schema


def check_id(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """The file name is the id: a lowercase slug."""
    if entry.id in vocab.RESERVED_IDS:
        yield (), f"'{entry.id}' is reserved for the site's own pages; choose another file name"
    elif not re.fullmatch(vocab.ID_PATTERN, entry.id):
        yield (
            (),
            f"file name '{entry.path.name}' is not a valid id; ids are lowercase slugs "
            f"([a-z0-9][a-z0-9-]*); rename it to '{slug(entry.id)}.yaml'",
        )


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = entry_schema()
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})


@cache
def _fast_validator(kind: str):
    """The same schema compiled to plain Python: about twenty times faster, but it stops at the first error."""
    schema = entry_schema()
    return fastjsonschema.compile({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})


def check_schema(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """Every way the entry breaks the schema.

    Valid entries (nearly all of them) take the compiled fast path; an entry that fails it is checked
    again with jsonschema, which lists every error with its path.
    """
    try:
        _fast_validator(entry.kind)(entry.data)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    for error in _validator(entry.kind).iter_errors(entry.data):
        if error.validator in ("if", "then"):
            continue
        yield from schema_problems(entry, error)


# --------------------------------------------------------------------------- values the schema cannot judge


def check_dates(entry: Entry, ctx: Context) -> Iterator[Found]:
    """Dates that exist, from MIN_YEAR on, and not after `ctx.today`."""
    for key in ("date", "start", "end"):
        raw = entry.data.get(key)
        if not isinstance(raw, (str, int)) or isinstance(raw, bool):
            continue
        try:
            date = PartialDate.parse(raw)
        except ValueError as exc:
            if re.fullmatch(vocab.DATE_PATTERN, str(raw)):
                yield (key,), f"{key} {shown(raw)} is not a real date: {exc}"
            continue
        if date.year < vocab.MIN_YEAR:
            yield (
                (key,),
                f"{key} {shown(raw)} is before {vocab.MIN_YEAR}; expected a year from {vocab.MIN_YEAR} on, "
                "written in four digits (YYYY, YYYY-MM or YYYY-MM-DD)",
            )
        elif date.is_after(ctx.today):
            yield (key,), f"{key} {shown(raw)} is in the future (today is {ctx.today.isoformat()})"


def check_span_order(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """An era does not end before it starts."""
    start, end = entry.data.get("start"), entry.data.get("end")
    if not isinstance(start, (str, int)) or not isinstance(end, (str, int)):
        return
    try:
        if PartialDate.parse(end).end < PartialDate.parse(start).start:
            yield ("end",), f"end {shown(end)} is before start {shown(start)}"
    except ValueError:
        pass


def _numbers(fig: dict) -> dict:
    return {key: parse_number(fig.get(key)) for key in ("value", "low", "high") if key in fig}


def _too_large(raw, number) -> bool:
    """Text that reads as a number above the limit: the schema bounds YAML numbers, not text."""
    return (
        isinstance(raw, str)
        and re.fullmatch(vocab.NUMBER_PATTERN, raw) is not None
        and len(raw) <= NUMBER["maxLength"]
        and (number is None or number > NUMBER["maximum"])
    )


def _sound(fig) -> dict | None:
    """The figure's numbers when every one reads, is in range and is positive; None otherwise."""
    if not isinstance(fig, dict):
        return None
    nums = _numbers(fig)
    if any(num is None or _too_large(fig[key], num) or num <= 0 for key, num in nums.items()):
        return None
    return nums


def _unreadable(name: str, fig: dict) -> Iterator[Found]:
    """Numbers that are .nan, above the limit, or zero written as text."""
    nums = _numbers(fig)
    for key, num in nums.items():
        raw = fig[key]
        if isinstance(raw, float) and math.isnan(raw):
            yield (
                ("figures", name, key),
                f"figures.{name}.{key} is .nan (not a number); expected a positive number like 70B or 5.76e23",
            )
        elif _too_large(raw, num):
            yield (
                ("figures", name, key),
                f"figures.{name}.{key} is {shown(raw)}; expected at most {NUMBER['maximum']:g}",
            )
    if any(num is None or _too_large(fig[key], num) for key, num in nums.items()):
        return
    for key, num in nums.items():
        if num == 0 and isinstance(fig[key], str):  # a YAML number 0 is reported by the schema
            yield ("figures", name, key), f"figures.{name}.{key} is {shown(fig[key])}; expected a positive number"


def _inconsistent(name: str, fig: dict, nums: dict) -> Iterator[Found]:
    """A count with a fraction, or a range that does not hold its value."""
    value, low, high = nums.get("value"), nums.get("low"), nums.get("high")
    spec = vocab.FIGURES.get(name)
    if spec is not None and spec.integer and value is not None and value != int(value):
        yield (
            ("figures", name, "value"),
            f"figures.{name}.value is {shown(fig['value'])}; {spec.title.lower()} are counted in whole numbers",
        )
    if low is not None and value is not None and low > value:
        yield ("figures", name, "low"), f"figures.{name}.low ({fig['low']}) is above its value ({fig['value']})"
    if high is not None and value is not None and high < value:
        yield ("figures", name, "high"), f"figures.{name}.high ({fig['high']}) is below its value ({fig['value']})"


def check_figures(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """Figures that make sense: readable, positive, whole where counted, inside their range, active <= total."""
    figures = entry.data.get("figures")
    if not isinstance(figures, dict):
        return
    for name, fig in figures.items():
        if isinstance(fig, dict):
            yield from _unreadable(name, fig)
            nums = _sound(fig)
            if nums is not None:  # otherwise reported above or by the schema; comparing would only add noise
                yield from _inconsistent(name, fig, nums)
    active = (_sound(figures.get("active_parameters")) or {}).get("value")
    total = (_sound(figures.get("parameters")) or {}).get("value")
    if active and total and active > total:
        yield (
            ("figures", "active_parameters", "value"),
            f"figures.active_parameters ({figures['active_parameters']['value']}) is larger than "
            f"figures.parameters ({figures['parameters']['value']}); active parameters are a subset",
        )


def check_self_relations(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """An entry does not relate to itself."""
    relations = entry.data.get("relations")
    if not isinstance(relations, dict):
        return
    for rel, targets in relations.items():
        if isinstance(targets, list) and entry.id in targets:
            yield (
                ("relations", rel, targets.index(entry.id)),
                f"relations.{rel} lists '{entry.id}', the entry itself; an entry cannot relate to itself",
            )


# --------------------------------------------------------------------------- text


def check_links(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """Markdown links in entry text point only to http(s) URLs or to entry ids (placed at the link itself)."""
    for path, text in text_fields(entry.data):
        for match in LINK.finditer(text):
            target = match.group(2)
            if re.fullmatch(vocab.URL_PATTERN, target) or re.fullmatch(vocab.ID_PATTERN, target):
                continue
            yield (
                path,
                f"link target {shown(target)} in {field_name(path)} is not allowed; links point to an "
                "http(s) URL or to an entry id, e.g. [Chinchilla](chinchilla)",
                entry.doc.find(path, match.group(0)),
            )


def _walk(value, path: tuple = (), is_key: bool = False) -> list[tuple[object, tuple, bool]]:
    """Every key and value in an entry's data, depth first, with its path and whether it is a key.

    >>> _walk({"a": [1, {"b": "c"}], "d": 2})  # doctest: +NORMALIZE_WHITESPACE
    [('a', ('a',), True), (1, ('a', 0), False), ('b', ('a', 1, 'b'), True), ('c', ('a', 1, 'b'), False),
     ('d', ('d',), True), (2, ('d',), False)]
    """
    found: list[tuple[object, tuple, bool]] = []
    stack: list[tuple[object, tuple, bool]] = [(value, path, is_key)]
    while stack:  # a loop rather than nested generators: this runs over every value of every entry
        item, where, key = stack.pop()
        if isinstance(item, dict):
            for name, child in reversed(list(item.items())):
                stack.append((child, where + (name,), False))
                stack.append((name, where + (name,), True))
        elif isinstance(item, list):
            for index in range(len(item) - 1, -1, -1):
                stack.append((item[index], where + (index,), False))
        else:
            found.append((item, where, key))
    return found


def check_placeholders(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """No 'TODO' left from the `kb new` template."""
    lines = getattr(entry.doc, "lines", None)
    if lines is not None and not any("TODO" in line for line in lines):
        return  # the common case, found without walking the data
    for value, path, is_key in _walk(entry.data):
        if not isinstance(value, str) or not PLACEHOLDER.search(value):
            continue
        if is_key:
            where = field_name(path[:-1]) if path[:-1] else "the entry"
            yield path, f"placeholder '{value}' left in {where}; replace it with a real id"
        else:
            yield path, f"{field_name(path)} still holds the template's placeholder ({shown(value)}); fill it in"


# control and text-direction characters, zero-width ones (U+200B to U+200D, U+2060 to U+2064, U+FEFF, the Arabic
# letter mark U+061C) and the noncharacters XML refuses (U+FFFE, U+FFFF, U+FDD0 to U+FDEF)
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufdd0-\ufdef\ufffe\uffff]"
)

# Fields that hold one line. Their schema patterns end in `$`, which Python (and so jsonschema) lets match
# before a final line break, so "lab\n" or "https://a.org/\n" (from a `|` block) would pass the schema here
# while editors and check-jsonschema refuse them.
_ONE_LINE = {"name", "date", "start", "end", "organization", "era", "url", "source", "homepage", "value", "low"}
_ONE_LINE |= {"high", "unit", "status", "by", "title", "figure"}
_ONE_LINE |= {"benchmark", "setting", "aggregation", "metric", "model"}
_ONE_LINE_LISTS = {"aliases", "authors", "opened_by", "closed_by"}


def _one_line(path: tuple, is_key: bool) -> bool:
    if is_key or not path:
        return is_key
    if isinstance(path[-1], int):
        return len(path) >= 2 and (path[-2] in _ONE_LINE_LISTS or path[0] == "relations")
    return path[-1] in _ONE_LINE or (path[0] == "axes" and len(path) == 2)  # an axis reason is one line


def check_characters(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """No control or text-direction characters, which YAML lets through as escapes ("\\u0000", "\\u202e"),
    and no line breaks in fields that hold one line (names, ids, dates, URLs, figures, keys)."""
    lines = getattr(entry.doc, "lines", None)
    text = "\n".join(lines) if lines is not None else None
    # A file with no such character and no escape cannot produce one: then only line breaks are looked for.
    clean = text is not None and "\\" not in text and not _INVISIBLE.search(text)
    for value, path, is_key in _walk(entry.data):
        if not isinstance(value, str):
            continue
        if not clean and (match := _INVISIBLE.search(value)):
            yield (
                path,
                f"{field_name(path)} holds the invisible or non-text character U+{ord(match.group()):04X}; "
                "delete it (entries are plain text)",
            )
        elif "\n" in value and _one_line(path, is_key):
            what = f"the key {shown(value)} in {field_name(path[:-1])}" if is_key else field_name(path)
            yield path, f"{what} holds a line break; write it on one line (with no '|' or '>' block)"


FILE_RULES = (
    check_id,
    check_schema,
    check_dates,
    check_span_order,
    check_figures,
    check_self_relations,
    check_links,
    check_placeholders,
    check_characters,
    check_budgets,
)
