"""`kb rename OLD NEW`: give an entry a new id without breaking anything that points at the old one.

The entry's file is renamed, every reference to the old id in every entry (organization, era, axes,
relations, results and charts, links in text) is rewritten in place, keeping the files' comments and layout,
and the old id is recorded in the entry's `former_ids`, so that the old page redirects and the API answers the
old id with the new one. The knowledge base must be valid before, and is checked again after.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb import vocab
from kb.check.corpus_rules import LinkAt, references
from kb.model import KnowledgeBase
from kb.outputs.writing import write_atomically

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as Loader


class Refused(Exception):
    """The rename cannot be done safely; nothing was written."""


@dataclass
class Plan:
    """What a rename writes: the renamed entry's new file and the new text of every other file that changes."""

    old_path: Path
    new_path: Path
    texts: dict[Path, str] = field(default_factory=dict)  # the renamed entry's text is under new_path
    references: int = 0


@dataclass
class Spans:
    """Where each value and each mapping key of a YAML text sits (character offsets), by path."""

    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    flow: dict[tuple, bool] = field(default_factory=dict)  # sequences: written [a, b] (True) or as '- a' lines


def spans(text: str) -> Spans:
    """Offsets of every value and key of a YAML text, read from the parser's events."""
    found = Spans()
    events = iter(yaml.parse(text, Loader=Loader))

    def value(event, path: tuple) -> None:
        start = event.start_mark.index
        if isinstance(event, yaml.SequenceStartEvent):
            found.flow[path] = bool(event.flow_style)
            index = 0
            while not isinstance(event := next(events), yaml.SequenceEndEvent):
                value(event, path + (index,))
                index += 1
        elif isinstance(event, yaml.MappingStartEvent):
            while not isinstance(key := next(events), yaml.MappingEndEvent):
                found.keys[path + (key.value,)] = (key.start_mark.index, key.end_mark.index)
                value(next(events), path + (key.value,))
        found.values[path] = (start, event.end_mark.index)

    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.ScalarEvent)):
            value(event, ())
    return found


def _edits(text: str, where: Spans, entry_refs: list[tuple], old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each reference to `old` in one file."""
    edits = []
    for path in entry_refs:
        if isinstance(path[-1], LinkAt):
            start, end = where.values[path[:-1]]
            token = text[start:end].replace(f"]({old})", f"]({new})")
        elif path[:1] == ("axes",):
            start, end = where.keys[path]
            token = text[start:end].replace(old, new)
        else:
            start, end = where.values[path]
            token = text[start:end].replace(old, new)
        edits.append((start, end, token))
    return edits


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, token in sorted(set(edits), reverse=True):
        text = text[:start] + token + text[end:]
    return text


def _with_former_id(text: str, where: Spans, data: dict, old: str) -> str:
    """`text` with `old` added to `former_ids` (the field is added after `name` when it is not there yet)."""
    if "former_ids" not in data:
        end = where.values[("name",)][1]
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end + 1
        prefix = "" if text[line_end - 1 : line_end] == "\n" else "\n"
        return text[:line_end] + prefix + f"former_ids: [{old}]\n" + text[line_end:]
    start, end = where.values[("former_ids",)]
    if where.flow.get(("former_ids",)):
        closing = text.rindex("]", start, end)
        separator = ", " if data["former_ids"] else ""
        return text[:closing] + separator + old + text[closing:]
    last = where.values[("former_ids", len(data["former_ids"]) - 1)]
    line_start = text.rfind("\n", 0, last[0]) + 1
    indent = text[line_start : last[0]]  # '  - ' or '- '
    line_end = text.find("\n", last[1])
    line_end = len(text) if line_end < 0 else line_end
    return text[:line_end] + "\n" + indent + old + text[line_end:]


def plan(kb: KnowledgeBase, old: str, new: str) -> Plan:
    """What renaming `old` to `new` would write, or Refused saying why it cannot be done."""
    if not kb.ok:
        raise Refused("the entries have errors; fix them first (kb validate), so that no reference is missed")
    if old not in kb.entries:
        raise Refused(f"'{old}' is not an entry id")
    if not re.fullmatch(vocab.ID_PATTERN, new) or len(new) > vocab.MAX_LEN["name"]:
        raise Refused(f"'{new}' is not a valid id (expected lowercase letters, digits and '-', like 'gpt-4')")
    if new in kb.entries:
        raise Refused(f"'{new}' is already the id of {kb.entries[new].shown_path}; choose another id")
    for entry in kb.entries.values():
        if new in (entry.data.get("former_ids") or []) and entry.id != old:
            raise Refused(f"'{new}' is a former id of {entry.id} ({entry.shown_path}); its old links lead there")
    entry = kb.entries[old]
    result = Plan(entry.path, entry.path.with_name(f"{new}.yaml"))
    if result.new_path.exists():
        raise Refused(f"{result.new_path} already exists; move it away or choose another id")
    for other in kb.entries.values():
        paths = [path for path, target, _ in references(other) if target == old]
        if not paths and other.id != old:
            continue
        text = other.path.read_text(encoding="utf-8")
        where = spans(text)
        text = _apply(text, _edits(text, where, paths, old, new))
        result.references += len(paths)
        if other.id == old:
            text = _with_former_id(text, spans(text), other.data, old)
            result.texts[result.new_path] = text
        else:
            result.texts[other.path] = text
    return result


def carry_out(result: Plan) -> None:
    """Write the plan: the renamed file first (never over an existing file), then the others, each atomically."""
    renamed = result.texts[result.new_path]
    try:
        with open(result.new_path, "x", encoding="utf-8") as handle:
            handle.write(renamed)
    except FileExistsError:
        raise Refused(f"{result.new_path} appeared meanwhile; nothing was changed") from None
    os.unlink(result.old_path)
    for path, text in result.texts.items():
        if path != result.new_path:
            write_atomically(path, text)
