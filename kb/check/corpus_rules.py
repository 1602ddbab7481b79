"""Rules across files: references that resolve to the right kind, no cycles, dates inside their era."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb import vocab
from kb.check.context import Context
from kb.check.file_rules import PLACEHOLDER, text_fields
from kb.check.messages import a, did_you_mean, field_name
from kb.check.result_rules import check_scores
from kb.markdown import LINK
from kb.model import Entry
from kb.problems import ERROR, WARNING, Problem
from kb.values import PartialDate

# Every rule is `rule(ctx)` and yields Problems; `ctx.entries` holds every entry that could be read.


class LinkAt(str):
    """The last step of a reference's path when the reference is a link inside a text field: the link's text."""


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
    yield from _benchmark_references(data)
    for path, text in text_fields(data):
        for match in LINK.finditer(text):
            if re.fullmatch(vocab.ID_PATTERN, match.group(2)):
                yield path + (LinkAt(match.group(0)),), match.group(2), vocab.ALL_KINDS


def _benchmark_references(data: dict) -> Iterator[tuple[tuple, str, tuple[str, ...]]]:
    """The benchmarks results and charts name, and the models a chart draws."""
    for key in ("results", "charts"):
        items = data.get(key) if isinstance(data.get(key), list) else []
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("benchmark"), str):
                yield (key, i, "benchmark"), item["benchmark"], ("benchmark",)
            models = item.get("models") if isinstance(item, dict) else None
            for j, model in enumerate(models if isinstance(models, list) else []):
                if isinstance(model, str):
                    yield (key, i, "models", j), model, vocab.RESULT_KINDS


def kinds_phrase(kinds: tuple[str, ...]) -> str:
    """'a model, paper or concept'; 'any entry' for every kind.

    >>> kinds_phrase(("model", "paper", "concept")), kinds_phrase(("axis",))
    ('a model, paper or concept', 'an axis')
    """
    if set(kinds) == set(vocab.ALL_KINDS):
        return "any entry"
    words = ", ".join(kinds[:-1]) + (" or " if len(kinds) > 1 else "") + kinds[-1]
    return ("an " if words[0] in "aeio" else "a ") + words


def check_references(ctx: Context) -> Iterator[Problem]:
    """Every referenced id exists and is of a kind the field accepts."""
    by_kind: dict[str, list[str]] = {}
    for eid, e in ctx.entries.items():
        by_kind.setdefault(e.kind, []).append(eid)
    moved = {old: eid for eid, e in ctx.entries.items() for old in _former_ids(e)}
    for entry in ctx.entries.values():
        for path, target, kinds in references(entry):
            if PLACEHOLDER.search(target):
                continue  # check_placeholders reports what the template left behind
            linked = isinstance(path[-1], LinkAt)
            if linked:
                path, link = path[:-1], path[-1]
                where = entry.doc.find(path, link)
            else:
                where = entry.at(*path)
            what = f"a link in {field_name(path)} points to" if linked else f"{field_name(path)} refers to"
            other = ctx.entries.get(target)
            if other is None and target in moved:
                message = f"{what} '{target}', which was renamed to '{moved[target]}'; write '{moved[target]}'"
            elif other is None:
                pool = [i for k in kinds for i in by_kind.get(k, [])]
                hint = did_you_mean(target, pool)
                message = f"{what} '{target}', which is not an entry id{hint} (expected the id of {kinds_phrase(kinds)}"
                message += (_choices(kinds[0], pool, target) if not hint and len(kinds) == 1 else "") + ")"
            elif other.kind not in kinds:
                message = (
                    f"{what} '{target}', which is {a(other.kind)} ({other.shown_path}); expected {kinds_phrase(kinds)}"
                )
            else:
                continue
            yield Problem(entry.shown_path, *where, ERROR, message)


def _former_ids(entry) -> list[str]:
    ids = entry.data.get("former_ids")
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def check_former_ids(ctx: Context) -> Iterator[Problem]:
    """A former id (kept by `kb rename` for redirects) is no live id, and belongs to one entry only."""
    claimed: dict[str, str] = {}
    for entry in ctx.entries.values():
        for i, old in enumerate(_former_ids(entry)):
            where = entry.at("former_ids", i)
            if old in ctx.entries:
                live = ctx.entries[old]
                yield Problem(
                    entry.shown_path,
                    *where,
                    ERROR,
                    f"former_ids holds '{old}', which is the id of {live.shown_path}; both would answer at the same "
                    "address. Remove it from former_ids, or rename the other entry",
                )
            elif old in claimed and claimed[old] != entry.id:
                yield Problem(
                    entry.shown_path,
                    *where,
                    ERROR,
                    f"former_ids holds '{old}', which is already a former id of '{claimed[old]}'; an old address "
                    "can redirect to one entry only",
                )
            else:
                claimed[old] = entry.id


def _choices(kind: str, pool: list[str], target: str, shown: int = 8) -> str:
    """': one of a, b, c ... (N); or add it: kb new KIND TARGET' for a field that names one kind of entry."""
    ids = sorted(pool)
    listed = ", ".join(ids[:shown]) + (f" and {len(ids) - shown} more" if len(ids) > shown else "")
    add = f"kb new {kind} {target}"
    return f": one of {listed}; or add it with '{add}'" if ids else f"; add it with '{add}'"


def check_cycles(ctx: Context) -> Iterator[Problem]:
    """No entry may, through `succeeds` or `builds_on`, come before itself."""
    entries = ctx.entries
    for rel in (r for r in vocab.RELATIONS.values() if r.acyclic):
        edges = {
            eid: [
                t
                for t in e.data["relations"][rel.name]
                if isinstance(t, str) and t in entries and t != eid  # self-reference: check_self_relations
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


def _era_spans(entries: dict[str, Entry]) -> dict[str, tuple[PartialDate, PartialDate | None]]:
    """Each era's start and end (None while it runs), for the eras whose dates read."""
    spans = {}
    for eid, e in entries.items():
        if e.kind == "era":
            try:
                start = PartialDate.parse(e.data.get("start"))
                end = PartialDate.parse(e.data["end"]) if e.data.get("end") is not None else None
            except (ValueError, TypeError, KeyError):
                continue
            spans[eid] = (start, end)
    return spans


def check_era_spans(ctx: Context) -> Iterator[Problem]:
    """A dated entry's date lies inside its era's span (a warning: eras are a framing, not a law).

    Concepts are exempt: their date is when an idea appeared, their era when it came to matter.
    """
    spans = _era_spans(ctx.entries)
    for entry in ctx.entries.values():
        era, date = entry.data.get("era"), entry.data.get("date")
        if not isinstance(era, str) or era not in spans or date is None or entry.kind == "concept":
            continue
        try:
            when = PartialDate.parse(date)
        except ValueError:
            continue
        if when.year < vocab.MIN_YEAR:
            continue  # reported as an error by check_dates
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


CORPUS_RULES = (check_references, check_former_ids, check_cycles, check_era_spans, check_scores)
