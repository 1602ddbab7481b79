"""Read one YAML file safely: YAML 1.2 scalars, no tags, no anchors, no duplicate keys, with positions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from kb.read.yaml_hints import hint
from kb.vocab import MAX_DEPTH

try:  # libyaml is ten times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

Path = tuple  # a path into the document: ("figures", "parameters", "value")

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".Inf": float("inf"),
    "+.Inf": float("inf"),
    "-.Inf": float("-inf"),
    ".INF": float("inf"),
    "+.INF": float("inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
_STR_TAGS = {"!", "tag:yaml.org,2002:str"}
_SURROGATE = re.compile("[\ud800-\udfff]")


class YamlProblem(Exception):
    """A problem that stops the file from being read; carries its 1-based line and column."""

    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


@dataclass
class Document:
    """A parsed file: its data, where each value sits, and problems that did not stop the reading."""

    data: object
    where: dict = field(default_factory=dict)  # Path -> (line, col), 1-based
    problems: list = field(default_factory=list)  # (line, col, message)
    spans: dict = field(default_factory=dict)  # Path -> (first line, last line) of a text value, 1-based
    lines: list = field(default_factory=list)  # the file's lines, to place a fragment inside a long value

    def find(self, path: Path, fragment: str) -> tuple[int, int]:
        """The position of `fragment` inside the text value at `path` (a link in a long description, say).

        >>> doc = read_yaml("a: 1\\nb: |\\n  one\\n  two [x](y)\\n")
        >>> doc.find(("b",), "[x](y)"), doc.find(("b",), "absent")
        ((4, 7), (2, 1))
        """
        first, last = self.spans.get(tuple(path), (0, -1))
        for number in range(first, last + 1):
            line = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
            if fragment in line:
                return number, line.index(fragment) + 1
        return self.locate(path)

    def locate(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.where:
                return self.where[path]
            path = path[:-1]
        return self.where.get((), (1, 1))


def resolve_plain(text: str):
    """Read an unquoted scalar the way YAML 1.2's core schema does.

    >>> resolve_plain("1e21"), resolve_plain("no"), resolve_plain("12:30"), resolve_plain("2015-12-10")
    (1e+21, 'no', '12:30', '2015-12-10')
    """
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        # Python refuses to read integers of more than 4,300 digits; no entry holds one, so read it as a
        # float (infinite), which the schema then refuses as out of range
        return int(text) if len(text) <= 1000 else float(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text]
    return text


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _describe_reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """A character YAML refuses (a control character, say), placed at its line and column."""
    index = exc.position
    if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 encoding, not characters
        index = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore"))
    char = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
    return YamlProblem(
        f"the file holds the {'control' if char < 0xA0 else 'non-text'} character U+{char:04X}, which YAML does "
        "not allow; delete it",
        *_line_col(text, index),
    )


def _describe_yaml_error(exc: yaml.YAMLError, text: str) -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = _pos(mark) if mark is not None else (1, 1)
    at = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if at == "\t" or "'\\t'" in problem:
        message += "; YAML indents with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        message += "; check the indentation, or quote a value that contains ': '"
    elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        message += "; a bracket is not closed"
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        message += "; check the indentation: fields at one level start in the same column"
    if at != "\t" and any(word in problem for word in _INDENTATION):
        context_mark = getattr(exc, "context_mark", None)  # e.g. where the key that never got its ':' began
        found = hint(text, line) or (hint(text, context_mark.line + 1) if context_mark is not None else None)
        if found is not None:  # the indentation mistake in words, at the line to fix
            return YamlProblem(found[0], found[1], 1)
    return YamlProblem(message, line, col)


# libyaml's words for what is, in entries, nearly always one line indented wrongly
_INDENTATION = (
    "did not find expected key",
    "expected <block end>",
    "did not find expected '-' indicator",
    "could not find expected ':'",
    "mapping values are not allowed",
)


class _Builder:
    """Turns the parser's events into plain Python data, refusing what entries never need."""

    def __init__(self, next_event):
        self.next = next_event  # the parser's own get_event: no generator in between (it runs once per value)
        self.doc = Document(None)

    def build(self, event, path: Path, depth: int):
        """The value that starts with `event`, at `path`, `depth` collections deep."""
        line, col = _pos(event.start_mark)
        if isinstance(event, AliasEvent):
            raise YamlProblem(
                f"YAML aliases (*{event.anchor}) are not allowed in entries; write the value out", line, col
            )
        if getattr(event, "anchor", None):
            raise YamlProblem(
                f"YAML anchors (&{event.anchor}) are not allowed in entries; write the value out", line, col
            )
        tag = getattr(event, "tag", None)
        if isinstance(event, ScalarEvent):
            if tag is not None and tag not in _STR_TAGS:
                raise YamlProblem(f"YAML tags ({tag}) are not allowed in entries; remove the tag", line, col)
            return resolve_plain(event.value) if tag is None and event.implicit[0] else event.value
        if tag is not None:
            raise YamlProblem(f"YAML tags ({tag}) are not allowed in entries; remove the tag", line, col)
        if depth >= MAX_DEPTH:
            raise YamlProblem(f"nesting is deeper than {MAX_DEPTH} levels; entries are never this deep", line, col)
        if isinstance(event, SequenceStartEvent):
            return self.sequence(path, depth)
        if isinstance(event, MappingStartEvent):
            return self.mapping(path, depth)
        raise YamlProblem(f"unexpected YAML event {type(event).__name__}", line, col)  # pragma: no cover

    def sequence(self, path: Path, depth: int) -> list:
        items: list = []
        while not isinstance(ev := self.next(), SequenceEndEvent):
            item_path = path + (len(items),)
            self.doc.where[item_path] = _pos(ev.start_mark)
            items.append(self.build(ev, item_path, depth + 1))
        return items

    def mapping(self, path: Path, depth: int) -> dict:
        mapping: dict = {}
        first_line: dict = {}
        while not isinstance(ev := self.next(), MappingEndEvent):
            kline, kcol = _pos(ev.start_mark)
            if not isinstance(ev, ScalarEvent) or getattr(ev, "anchor", None):
                self.build(ev, path + ("?",), depth + 1)  # an alias, anchor or tag is reported as such
                raise YamlProblem("a mapping key must be plain text", kline, kcol)
            if ev.tag is not None and ev.tag not in _STR_TAGS:
                raise YamlProblem(f"YAML tags ({ev.tag}) are not allowed in entries; remove the tag", kline, kcol)
            key, value_event, child = ev.value, self.next(), path + (ev.value,)
            if key in mapping:
                self.doc.problems.append(
                    (
                        kline,
                        kcol,
                        f"duplicate key '{'.'.join(map(str, child))}': defined on line {first_line[key]} "
                        f"and again on line {kline}; YAML would silently keep only the last; keep one",
                    )
                )
                self.build(value_event, path + ("<dup>",), depth + 1)
                continue
            first_line[key] = kline
            self.doc.where[child] = (kline, kcol)
            if isinstance(value_event, ScalarEvent):
                self.doc.spans[child] = (value_event.start_mark.line + 1, value_event.end_mark.line + 1)
            mapping[key] = self.build(value_event, child, depth + 1)
        return mapping


def read_yaml(text: str) -> Document:
    """Parse one YAML document into plain data plus positions; raise YamlProblem if it cannot be read.

    >>> doc = read_yaml("name: no\\nvalue: 1e21\\n")
    >>> doc.data, doc.where[("value",)]
    ({'name': 'no', 'value': 1e+21}, (2, 1))
    """
    bad = _SURROGATE.search(text)
    if bad:  # only reachable from Python: a decoded file never holds a lone surrogate
        raise YamlProblem(
            "the text holds a lone surrogate, which is not a character; save the file as UTF-8",
            *_line_col(text, bad.start()),
        )
    loader = _Loader(text)
    try:
        builder = _Builder(loader.get_event)
        builder.doc.lines = text.split("\n")
        builder.next()  # StreamStart
        first = builder.next()
        if type(first).__name__ == "StreamEndEvent":
            raise YamlProblem("the file is empty; an entry is a mapping of fields such as 'name:' and 'summary:'", 1, 1)
        version = getattr(first, "version", None)
        if version is not None and tuple(version) != (1, 2):
            raise YamlProblem(
                f"the file declares '%YAML {'.'.join(map(str, version))}'; entries are read as YAML 1.2 "
                "(1e21 is a number, no is text): delete the '%YAML' line",
                *_pos(first.start_mark),
            )
        start = builder.next()  # first node after DocumentStart
        builder.doc.where[()] = _pos(start.start_mark)
        builder.doc.data = builder.build(start, (), 0)
        builder.next()  # DocumentEnd
        after = builder.next()
        if type(after).__name__ != "StreamEndEvent":
            line, col = _pos(after.start_mark)
            raise YamlProblem("the file holds more than one YAML document ('---'); an entry is one document", line, col)
        return builder.doc
    except yaml.reader.ReaderError as exc:
        raise _describe_reader_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise _describe_yaml_error(exc, text) from None
    finally:
        loader.dispose()
