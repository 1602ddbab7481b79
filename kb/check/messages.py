"""Messages a newcomer can act on: field names, bad values, what was expected, and a likely fix."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

import jsonschema

from kb import vocab
from kb.model import Entry


def field_name(path: Iterable) -> str:
    """The dotted name of a field: ``figures.parameters.value``, ``sources[0].url``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the entry"


def shown(value, limit: int = 60) -> str:
    """A short, readable rendering of a bad value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def kind_of(value) -> str:
    """What YAML read a value as, in a contributor's words."""
    if isinstance(value, bool):
        return f"true/false ({shown(value)})"
    if isinstance(value, (int, float)):
        return f"a number ({shown(value)})"
    if isinstance(value, str):
        return f"text ({shown(value)})"
    if value is None:
        return "nothing (an empty value)"
    return "a list" if isinstance(value, list) else "a mapping"


def a(word: str) -> str:
    """The word with its indefinite article.

    >>> a("model"), a("article"), a("organization")
    ('a model', 'an article', 'an organization')
    """
    return ("an " if word[:1] in "aeiou" else "a ") + word


def slug(text: str) -> str:
    """The nearest lowercase slug to `text`.

    >>> slug("GPT 4"), slug("Training_Data"), slug("!!")
    ('gpt-4', 'training-data', 'my-entry')
    """
    return re.sub(r"[^a-z0-9-]+", "-", str(text).lower()).strip("-") or "my-entry"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice (by spelling, or one id inside the other), or nothing.

    >>> did_you_mean("nemotron", ["nemotron-4-340b", "gpt-4"]), did_you_mean("nvidia-research", ["nvidia"])
    ("; did you mean 'nemotron-4-340b'?", "; did you mean 'nvidia'?")
    """
    choices = list(choices)
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.75)
    if not close and len(str(word)) >= 3:
        close = sorted((c for c in choices if len(c) >= 3 and (c in str(word) or str(word) in c)), key=len)[:1]
    return f"; did you mean '{close[0]}'?" if close else ""


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "number": "a number",
    "integer": "a whole number",
}


def _expected(schema: dict) -> str:
    if "x-expected" in schema:
        return schema["x-expected"]
    types = schema.get("type")
    if isinstance(types, str):
        return _TYPE_WORDS.get(types, types)
    return " or ".join(_TYPE_WORDS.get(t, t) for t in types or ["a value"])


def _container(path: tuple) -> str:
    if not path:
        return "field"
    if path[-1] == "figures" or (len(path) == 1 and path[0] == "figures"):
        return "figure"
    if path[-1] == "relations":
        return "relation type"
    if path[-1] == "axes":
        return "axis"
    return "field"


# --------------------------------------------------------------------------- one handler per schema keyword
# Each takes the entry, the jsonschema error, the error's path and the field's dotted name, and yields
# (path, message) pairs.


def _required(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    for key in [k for k in error.validator_value if k not in error.instance]:
        child = error.schema.get("properties", {}).get(key, {})  # `then: {required: [by]}` has no properties
        where = f" in {name}" if path else ""
        extra = ""
        if key == "by":
            extra = " (an estimated figure names who estimated it, e.g. 'by: Epoch AI')"
        elif ("enum" in child or "const" in child) and "x-expected" in child:
            extra = f" ({child['x-expected']})"
        elif "description" in child:
            extra = f" ({child['description'][0].lower()}{child['description'][1:].rstrip('.')})"
        yield path, f"missing required field '{key}'{where}{extra}"


def _unknown_key(entry: Entry, key: str, allowed: list[str], path: tuple, name: str) -> str:
    """The message for a key the mapping at `path` does not allow."""
    what, hint = _container(path), did_you_mean(key, allowed)
    if what == "relation type" and key in vocab.RELATIONS:
        kinds = " and ".join(sorted({k + "s" for k in vocab.RELATIONS[key].sources}))
        return (
            f"relation '{key}' cannot start from {a(entry.kind)}; only {kinds} may use it"
            f" ({a(entry.kind)} may use: {', '.join(allowed)})"
        )
    if what == "relation type":
        return f"unknown relation type '{key}'{hint} ({a(entry.kind)} may use: {', '.join(allowed)})"
    if what == "figure":
        return f"unknown figure '{key}'{hint} (figures are: {', '.join(allowed)})"
    where = f" in {name}" if path else ""
    if not hint and not path and "figures" in allowed:
        figure = did_you_mean(key, vocab.FIGURES)
        hint = figure.replace("?", " (under figures:)?") if figure else ""
    return f"unknown field '{key}'{where}{hint} ({a(entry.kind)} may have: {', '.join(allowed)})"


def _additional(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    allowed = list(error.schema.get("properties", {}))
    for key in error.instance:
        if key not in allowed:
            yield path + (key,), _unknown_key(entry, key, allowed, path, name)


def _type(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    schema, value = error.schema, error.instance
    hint = ""
    if isinstance(value, (bool, int, float)) and "string" in str(schema.get("type")):
        hint = "; quote it if you mean the text"
    elif isinstance(value, str) and schema.get("type") == "array":
        hint = f"; write a list, e.g. [{value}]"
    elif len(path) == 2 and path[0] == "figures" and schema.get("type") == "object":
        hint = "; write {value: ..., status: ..., source: ...}"
    elif value is None:
        hint = "; fill it in or delete the line"
    yield path, f"{name} must be {_expected(schema)}, but YAML read {kind_of(value)}{hint}"


def _choice(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    choices = error.schema.get("enum") or [error.schema.get("const")]
    hint = did_you_mean(error.instance, map(str, choices))
    yield path, f"{name} is {shown(error.instance)}; expected {_expected(error.schema)}{hint}"


def _bad_key(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    """jsonschema reports a bad key (`propertyNames`) as an error on the mapping itself; name the key instead."""
    key = error.instance
    if error.validator == "maxLength":
        message = f"{shown(key, 30)} in {name} is {len(key):,} characters long; ids are at most {error.validator_value}"
    else:
        message = f"'{key}' in {name} is not {_expected(error.schema)}; ids are lowercase slugs like '{slug(key)}'"
    yield path + (key,), message


def _pattern(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    if isinstance(error.instance, str) and not error.instance.strip():
        yield from _min_length(entry, error, path, name)
    else:
        yield path, f"{name} is {shown(error.instance)}; expected {_expected(error.schema)}"


def _min_length(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    yield path, f"{name} is empty; expected {_expected(error.schema).replace('text', 'some text', 1)}"


def _max_length(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    fix = " (move detail to 'description' or shorten it)" if path == ("summary",) else "; shorten it"
    yield path, f"{name} is {len(error.instance):,} characters long; the limit is {error.validator_value:,}{fix}"


def _bound(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    if error.validator == "maximum" and "number" in error.schema.get("type", ()):
        yield path, f"{name} is {shown(error.instance)}; expected at most {error.validator_value:g}"
    else:
        yield path, f"{name} is {shown(error.instance)}; expected {_expected(error.schema)}"


def _min_items(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    yield path, f"{name} is an empty list; give at least one item or leave the field out"


def _min_properties(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    yield path, f"{name} is empty; give at least one item or leave the field out"


def _too_many(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    yield path, f"{name} has {len(error.instance)} items; the limit is {error.validator_value}"


def _unique(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    seen, dupes = set(), []
    for item in error.instance:
        if repr(item) in seen:
            dupes.append(shown(item))
        seen.add(repr(item))
    yield path, f"{name} lists {', '.join(dupes)} more than once; list each item once"


def _other(entry: Entry, error: jsonschema.ValidationError, path: tuple, name: str) -> Iterator[tuple]:
    yield path, f"{name}: {error.message}"  # pragma: no cover - every keyword the schema uses has a handler


SCHEMA_MESSAGES = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _choice,
    "const": _choice,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "maximum": _bound,
    "minimum": _bound,
    "exclusiveMinimum": _bound,
    "minItems": _min_items,
    "minProperties": _min_properties,
    "maxItems": _too_many,
    "maxProperties": _too_many,
    "uniqueItems": _unique,
}


def schema_problems(entry: Entry, error: jsonschema.ValidationError) -> Iterator[tuple[tuple, str]]:
    """Turn one jsonschema error into (path, message) pairs a newcomer can act on, by the handler for its keyword."""
    path = tuple(error.absolute_path)
    bad_key = "propertyNames" in error.schema_path and error.validator in ("pattern", "maxLength")
    handler = _bad_key if bad_key else SCHEMA_MESSAGES.get(error.validator, _other)
    yield from handler(entry, error, path, field_name(path))
