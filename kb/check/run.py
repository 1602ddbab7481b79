"""Check entries: each file against the schema, then the whole corpus (references, duplicates, cycles)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import fastjsonschema
import jsonschema

from kb import vocab
from kb.check.editorial import MIN_RELATIONS
from kb.check.messages import a, did_you_mean, field_name, schema_problems, shown, slug
from kb.markdown import LINK
from kb.model import Entry, KnowledgeBase
from kb.problems import ERROR, WARNING, Problem, display_path
from kb.read.files import discover, read_entry
from kb.schema import NUMBER, entry_schema
from kb.values import PartialDate, parse_number

TEXT_FIELDS = ("summary", "description")
PLACEHOLDER = re.compile(r"\bTODO\b")  # what `kb new` leaves to fill in


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = entry_schema()
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})


# --------------------------------------------------------------------------- per-file rules


@cache
def _fast_validator(kind: str):
    """The same schema compiled to plain Python: about twenty times faster, but it stops at the first error."""
    schema = entry_schema()
    return fastjsonschema.compile({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})


def check_schema(entry: Entry) -> Iterator[tuple[tuple, str]]:
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


def check_id(entry: Entry) -> Iterator[tuple[tuple, str]]:
    """The file name is the id: a lowercase slug."""
    if entry.id in vocab.RESERVED_IDS:
        yield (), f"'{entry.id}' is reserved for the site's own pages; choose another file name"
    elif not re.fullmatch(vocab.ID_PATTERN, entry.id):
        suggestion = slug(entry.id)
        yield (
            (),
            (
                f"file name '{entry.path.name}' is not a valid id; ids are lowercase slugs "
                f"([a-z0-9][a-z0-9-]*); rename it to '{suggestion}.yaml'"
            ),
        )


def check_values(entry: Entry, today: dt.date) -> Iterator[tuple[tuple, str]]:
    """Dates that exist and are not in the future; figures that make sense together."""
    data = entry.data
    for key in ("date", "start", "end"):
        if key not in data or not isinstance(data[key], (str, int)) or isinstance(data[key], bool):
            continue
        try:
            date = PartialDate.parse(data[key])
        except ValueError as exc:
            if re.fullmatch(vocab.DATE_PATTERN, str(data[key])):
                yield (key,), f"{key} {shown(data[key])} is not a real date: {exc}"
            continue
        if date.year < vocab.MIN_YEAR:
            yield (
                (key,),
                (
                    f"{key} {shown(data[key])} is before {vocab.MIN_YEAR}; expected a year from {vocab.MIN_YEAR} on, "
                    "written in four digits (YYYY, YYYY-MM or YYYY-MM-DD)"
                ),
            )
        elif date.is_after(today):
            yield (key,), f"{key} {shown(data[key])} is in the future (today is {today.isoformat()})"
    if isinstance(data.get("start"), (str, int)) and isinstance(data.get("end"), (str, int)):
        try:
            start, end = PartialDate.parse(data["start"]), PartialDate.parse(data["end"])
        except ValueError:
            pass
        else:
            if end.end < start.start:
                yield ("end",), f"end {shown(data['end'])} is before start {shown(data['start'])}"
    figures = data.get("figures")
    if isinstance(figures, dict):
        values = {}
        for name, fig in figures.items():
            if not isinstance(fig, dict):
                continue
            nums = {k: parse_number(fig.get(k)) for k in ("value", "low", "high") if k in fig}
            for key, num in nums.items():
                raw = fig[key]
                if isinstance(raw, float) and math.isnan(raw):
                    yield (
                        ("figures", name, key),
                        f"figures.{name}.{key} is .nan (not a number); expected a positive number like 70B or 5.76e23",
                    )
                elif (
                    isinstance(raw, str)
                    and re.fullmatch(vocab.NUMBER_PATTERN, raw)
                    and len(raw) <= NUMBER["maxLength"]
                    and (num is None or num > NUMBER["maximum"])  # the schema bounds YAML numbers, not text
                ):
                    yield (
                        ("figures", name, key),
                        f"figures.{name}.{key} is {shown(raw)}; expected at most {NUMBER['maximum']:g}",
                    )
                    nums[key] = None
            if any(v is None for v in nums.values()):
                continue
            for key, num in nums.items():
                if num == 0 and isinstance(fig[key], str):  # a YAML number 0 is reported by the schema
                    yield (
                        ("figures", name, key),
                        f"figures.{name}.{key} is {shown(fig[key])}; expected a positive number",
                    )
            if any(v <= 0 for v in nums.values()):
                continue  # reported above or by the schema; comparing would only add noise
            value = nums.get("value")
            spec = vocab.FIGURES.get(name)
            if spec is not None and spec.integer and value is not None and value != int(value):
                yield (
                    ("figures", name, "value"),
                    f"figures.{name}.value is {shown(fig['value'])}; {spec.title.lower()} are counted in whole numbers",
                )
            values[name] = value
            low, high = nums.get("low"), nums.get("high")
            if low is not None and value is not None and low > value:
                yield ("figures", name, "low"), f"figures.{name}.low ({fig['low']}) is above its value ({fig['value']})"
            if high is not None and value is not None and high < value:
                yield (
                    ("figures", name, "high"),
                    f"figures.{name}.high ({fig['high']}) is below its value ({fig['value']})",
                )
        active, total = values.get("active_parameters"), values.get("parameters")
        if active and total and active > total:
            yield (
                ("figures", "active_parameters", "value"),
                (
                    f"figures.active_parameters ({figures['active_parameters']['value']}) is larger than "
                    f"figures.parameters ({figures['parameters']['value']}); active parameters are a subset"
                ),
            )
    relations = data.get("relations")
    if isinstance(relations, dict):
        for rel, targets in relations.items():
            if isinstance(targets, list) and entry.id in targets:
                yield (
                    ("relations", rel, targets.index(entry.id)),
                    (f"relations.{rel} lists '{entry.id}', the entry itself; an entry cannot relate to itself"),
                )


def check_links(entry: Entry) -> Iterator[tuple]:
    """Markdown links in entry text point only to http(s) URLs or to entry ids (placed at the link itself)."""
    for path, text in text_fields(entry.data):
        for match in LINK.finditer(text):
            target = match.group(2)
            if re.fullmatch(vocab.URL_PATTERN, target) or re.fullmatch(vocab.ID_PATTERN, target):
                continue
            yield (
                path,
                (
                    f"link target {shown(target)} in {field_name(path)} is not allowed; links point to an "
                    "http(s) URL or to an entry id, e.g. [Chinchilla](chinchilla)"
                ),
                entry.doc.find(path, match.group(0)),
            )


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


def check_placeholders(entry: Entry) -> Iterator[tuple[tuple, str]]:
    """No 'TODO' left from the `kb new` template."""

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and PLACEHOLDER.search(key):
                    yield (
                        path + (key,),
                        f"placeholder '{key}' left in {field_name(path) if path else 'the entry'}; "
                        "replace it with a real id",
                    )
                yield from walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, path + (i,))
        elif isinstance(value, str) and PLACEHOLDER.search(value):
            yield path, f"{field_name(path)} still holds the template's placeholder ({shown(value)}); fill it in"

    yield from walk(entry.data, ())


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
_ONE_LINE_LISTS = {"aliases", "authors", "opened_by", "closed_by"}


def _one_line(path: tuple, is_key: bool) -> bool:
    if is_key or not path:
        return is_key
    if isinstance(path[-1], int):
        return len(path) >= 2 and (path[-2] in _ONE_LINE_LISTS or path[0] == "relations")
    return path[-1] in _ONE_LINE or (path[0] == "axes" and len(path) == 2)  # an axis reason is one line


def check_characters(entry: Entry) -> Iterator[tuple[tuple, str]]:
    """No control or text-direction characters, which YAML lets through as escapes ("\\u0000", "\\u202e"),
    and no line breaks in fields that hold one line (names, ids, dates, URLs, figures, keys)."""

    def walk(value, path, is_key=False):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(key, path + (key,), is_key=True)
                yield from walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, path + (i,))
        elif isinstance(value, str) and (match := _INVISIBLE.search(value)):
            yield (
                path,
                f"{field_name(path)} holds the invisible or non-text character U+{ord(match.group()):04X}; "
                "delete it (entries are plain text)",
            )
        elif isinstance(value, str) and "\n" in value and _one_line(path, is_key):
            what = f"the key {shown(value)} in {field_name(path[:-1])}" if is_key else field_name(path)
            yield path, f"{what} holds a line break; write it on one line (with no '|' or '>' block)"

    yield from walk(entry.data, ())


FILE_RULES = (check_id, check_schema, check_values, check_links, check_placeholders, check_characters)


def check_file(entry: Entry, today: dt.date | None = None) -> list[Problem]:
    """Every per-file problem of one entry, in file order."""
    today = today or dt.date.today()
    found, seen = [], set()
    placeholders = {path for path, _ in check_placeholders(entry)}
    for rule in FILE_RULES:
        results = rule(entry, today) if rule is check_values else rule(entry)
        for path, message, *position in results:  # a rule may place a problem inside a long value
            if path in placeholders and rule is not check_placeholders:
                continue  # 'TODO' is not an id, not a date...: say once that the template needs filling in
            problem = Problem(entry.shown_path, *(position[0] if position else entry.at(*path)), ERROR, message)
            if problem not in seen:  # e.g. an empty string breaks both minLength and pattern
                seen.add(problem)
                found.append(problem)
    return found


# --------------------------------------------------------------------------- corpus rules


def references(entry: Entry) -> Iterator[tuple[tuple, str, tuple[str, ...]]]:
    """Every id an entry points at: (path, id, kinds it must be)."""
    data = entry.data
    if isinstance(data.get("organization"), str):
        yield ("organization",), data["organization"], ("organization",)
    if isinstance(data.get("era"), str):
        yield ("era",), data["era"], ("era",)
    if isinstance(data.get("axes"), dict):
        for axis in data["axes"]:
            yield ("axes", axis), axis, ("axis",)
    for key in ("opened_by", "closed_by"):
        if isinstance(data.get(key), list):
            for i, target in enumerate(data[key]):
                if isinstance(target, str):
                    yield (key, i), target, tuple(k for k in vocab.ALL_KINDS if k not in ("era", "axis"))
    if isinstance(data.get("relations"), dict):
        for rel, targets in data["relations"].items():
            if rel in vocab.RELATIONS and isinstance(targets, list):
                for i, target in enumerate(targets):
                    if isinstance(target, str) and target != entry.id:
                        yield ("relations", rel, i), target, vocab.RELATIONS[rel].targets
    for path, text in text_fields(data):
        for match in LINK.finditer(text):
            if re.fullmatch(vocab.ID_PATTERN, match.group(2)):
                yield path + (LinkAt(match.group(0)),), match.group(2), vocab.ALL_KINDS


class LinkAt(str):
    """The last step of a reference's path when the reference is a link inside a text field: the link's text."""


def kinds_phrase(kinds: tuple[str, ...]) -> str:
    """'a model, paper or concept'; 'any entry' for every kind.

    >>> kinds_phrase(("model", "paper", "concept")), kinds_phrase(("axis",))
    ('a model, paper or concept', 'an axis')
    """
    if set(kinds) == set(vocab.ALL_KINDS):
        return "any entry"
    words = ", ".join(kinds[:-1]) + (" or " if len(kinds) > 1 else "") + kinds[-1]
    return ("an " if words[0] in "aeio" else "a ") + words


def check_references(entries: dict[str, Entry]) -> Iterator[Problem]:
    """Every referenced id exists and is of a kind the field accepts."""
    by_kind: dict[str, list[str]] = {}
    for eid, e in entries.items():
        by_kind.setdefault(e.kind, []).append(eid)
    for entry in entries.values():
        for path, target, kinds in references(entry):
            if PLACEHOLDER.search(target):
                continue  # check_placeholders reports what the template left behind
            linked = isinstance(path[-1], LinkAt)
            if linked:
                path, link = path[:-1], path[-1]
                where = entry.doc.find(path, link)
            else:
                where = entry.at(*path)
            name = field_name(path)
            what = f"a link in {name} points to" if linked else f"{name} refers to"
            other = entries.get(target)
            if other is None:
                pool = [i for k in kinds for i in by_kind.get(k, [])]
                yield Problem(
                    entry.shown_path,
                    *where,
                    ERROR,
                    f"{what} '{target}', which is not an entry id{did_you_mean(target, pool)}"
                    f" (expected the id of {kinds_phrase(kinds)})",
                )
            elif other.kind not in kinds:
                yield Problem(
                    entry.shown_path,
                    *where,
                    ERROR,
                    f"{what} '{target}', which is {a(other.kind)} ({other.shown_path}); expected {kinds_phrase(kinds)}",
                )


def check_cycles(entries: dict[str, Entry]) -> Iterator[Problem]:
    """No entry may, through `succeeds` or `builds_on`, come before itself."""
    for rel in (r for r in vocab.RELATIONS.values() if r.acyclic):
        edges = {
            eid: [
                t
                for t in e.data.get("relations", {}).get(rel.name, [])
                if isinstance(t, str) and t in entries and t != eid  # self-reference is reported by check_values
            ]
            for eid, e in entries.items()
            if isinstance(e.data.get("relations"), dict) and isinstance(e.data["relations"].get(rel.name), list)
        }
        for cycle in _cycles(edges):
            first = entries[cycle[0]]
            loop = " -> ".join(cycle + [cycle[0]])
            where = first.at("relations", rel.name, first.data["relations"][rel.name].index(cycle[1 % len(cycle)]))
            yield Problem(
                first.shown_path,
                *where,
                ERROR,
                f"relations.{rel.name} makes a cycle: {loop}; '{rel.name}' must point only to earlier work",
            )


def _cycles(edges: dict[str, list[str]]) -> Iterator[list[str]]:
    """One representative cycle per strongly connected knot, found with an iterative depth-first search."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(edges, WHITE)
    for root in sorted(edges):
        if colour[root] != WHITE:
            continue
        stack = [(root, iter(edges.get(root, [])))]
        trail = [root]
        colour[root] = GREY
        while stack:
            node, children = stack[-1]
            for child in children:
                state = colour.get(child, BLACK if child not in edges else WHITE)
                if state == GREY:
                    yield trail[trail.index(child) :]
                elif state == WHITE:
                    colour[child] = GREY
                    stack.append((child, iter(edges.get(child, []))))
                    trail.append(child)
                    break
            else:
                colour[node] = BLACK
                stack.pop()
                trail.pop()


def check_era_spans(entries: dict[str, Entry]) -> Iterator[Problem]:
    """A dated entry's date lies inside its era's span (a warning: eras are a framing, not a law).

    Concepts are exempt: their date is when an idea appeared, their era when it came to matter.
    """
    spans = {}
    for eid, e in entries.items():
        if e.kind == "era":
            try:
                start = PartialDate.parse(e.data.get("start"))
                end = PartialDate.parse(e.data["end"]) if e.data.get("end") is not None else None
            except (ValueError, TypeError, KeyError):
                continue
            spans[eid] = (start, end)
    for entry in entries.values():
        era, date = entry.data.get("era"), entry.data.get("date")
        if not isinstance(era, str) or era not in spans or date is None or entry.kind == "concept":
            continue
        try:
            when = PartialDate.parse(date)
        except ValueError:
            continue
        if when.year < vocab.MIN_YEAR:
            continue  # reported as an error by check_values
        start, end = spans[era]
        if when.end < start.start or (end is not None and when.start > end.end):
            span = f"{start} to {end if end else 'now'}"
            yield Problem(
                entry.shown_path,
                *entry.at("date"),
                WARNING,
                f"date {when} lies outside era '{era}' ({span}); check the era, or say in the summary why "
                "the entry belongs there",
            )


def check_editorial(entries: dict[str, Entry]) -> Iterator[Problem]:
    """Warnings for what the editorial rules ask of models and papers: two relations and an axis.

    The shipped corpus must follow these rules (its tests say so); a contributor's draft only hears about them.
    """
    for entry in entries.values():
        if entry.kind not in ("model", "paper"):
            continue
        relations = entry.data.get("relations")
        count = (
            sum(len(v) for k, v in relations.items() if k in vocab.RELATIONS and isinstance(v, list))
            if isinstance(relations, dict)
            else 0
        )
        if count < MIN_RELATIONS:
            yield Problem(
                entry.shown_path,
                *entry.at("relations"),
                WARNING,
                f"a {entry.kind} should have at least {MIN_RELATIONS} relations (builds_on, introduces, "
                f"uses, succeeds, revises) so the network shows where it came from; it has {count}",
            )
        if not entry.data.get("axes"):
            yield Problem(
                entry.shown_path,
                *entry.at("axes"),
                WARNING,
                f"a {entry.kind} should name at least one scaling axis it pushed under 'axes:', with a one-line reason",
            )


CORPUS_RULES = (check_references, check_cycles, check_era_spans)


# --------------------------------------------------------------------------- the run


def load(root: Path, today: dt.date | None = None, editorial: bool = False) -> KnowledgeBase:
    """Read and check every entry below `root`: all problems, then the entries that were readable."""
    root = Path(root)
    kb = KnowledgeBase()
    found, kb.problems = discover(root)
    kb.files = len(found)
    kb.read = {path.resolve() for _, path in found}
    first_seen: dict[str, Entry] = {}
    for kind, path in found:
        try:
            entry, problems = read_entry(path, kind)
            kb.problems += problems
            if entry is None:
                continue
            kb.problems += check_file(entry, today)
        except Exception as exc:
            exc.add_note(f"while reading {display_path(path)}")  # the CLI prints it: the user knows which file
            raise
        if entry.id in first_seen:
            other = first_seen[entry.id]
            kb.problems.append(
                Problem(
                    entry.shown_path,
                    1,
                    1,
                    ERROR,
                    f"duplicate id '{entry.id}': {other.shown_path} has the same id; ids are "
                    "unique across all folders, rename one file",
                )
            )
            continue
        first_seen[entry.id] = entry
    kb.entries = first_seen
    for rule in CORPUS_RULES + ((check_editorial,) if editorial else ()):
        kb.problems += rule(kb.entries)
    kb.problems.sort(key=lambda p: (p.path, p.line, p.col))
    return kb


def check_paths(kb: KnowledgeBase, paths: Iterable[Path]) -> list[Problem]:
    """The problems of `kb` that concern the named files only, paths compared once resolved.

    A named file that was not read as an entry is a problem in itself, so that nothing passes unchecked.
    """
    wanted = {Path(p).resolve(): Path(p) for p in paths}
    found = [p for p in kb.problems if Path(p.path).resolve() in wanted]
    mentioned = {Path(p.path).resolve() for p in found}
    for real, given in wanted.items():
        if real not in kb.read and real not in mentioned:
            found.append(
                Problem(
                    display_path(given),
                    1,
                    1,
                    ERROR,
                    "this file was not read as an entry; entries are '.yaml' files directly inside one of "
                    + ", ".join(f + "/" for f in vocab.KINDS)
                    + " in the entries folder",
                )
            )
    return found
