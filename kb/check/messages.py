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
    """A hint naming the closest choice, or nothing."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.75)
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


def schema_problems(entry: Entry, error: jsonschema.ValidationError) -> Iterator[tuple[tuple, str]]:
    """Turn one jsonschema error into (path, message) pairs a newcomer can act on."""
    path = tuple(error.absolute_path)
    name = field_name(path)
    keyword, schema, value = error.validator, error.schema, error.instance
    if keyword == "required":
        missing = [k for k in error.validator_value if k not in value]
        for key in missing:
            child = schema.get("properties", {}).get(key, {})  # `then: {required: [by]}` has no properties
            where = "" if not path else f" in {name}"
            extra = ""
            if key == "by":
                extra = " (an estimated figure names who estimated it, e.g. 'by: Epoch AI')"
            elif ("enum" in child or "const" in child) and "x-expected" in child:
                extra = f" ({child['x-expected']})"
            elif "description" in child:
                extra = f" ({child['description'][0].lower()}{child['description'][1:].rstrip('.')})"
            yield path, f"missing required field '{key}'{where}{extra}"
    elif keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        what = _container(path)
        for key in value:
            if key in allowed:
                continue
            hint = did_you_mean(key, allowed)
            if what == "relation type" and key in vocab.RELATIONS:
                rel = vocab.RELATIONS[key]
                kinds = " and ".join(sorted({k + "s" for k in rel.sources}))
                msg = (
                    f"relation '{key}' cannot start from {a(entry.kind)}; only {kinds} may use it"
                    f" ({a(entry.kind)} may use: {', '.join(allowed)})"
                )
            elif what == "relation type":
                msg = f"unknown relation type '{key}'{hint} ({a(entry.kind)} may use: {', '.join(allowed)})"
            elif what == "figure":
                msg = f"unknown figure '{key}'{hint} (figures are: {', '.join(allowed)})"
            else:
                where = f" in {name}" if path else ""
                if not hint and not path and "figures" in allowed:
                    figure = did_you_mean(key, vocab.FIGURES)
                    hint = figure.replace("?", " (under figures:)?") if figure else ""
                msg = f"unknown field '{key}'{where}{hint} ({a(entry.kind)} may have: {', '.join(allowed)})"
            yield path + (key,), msg
    elif keyword == "type":
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
    elif keyword in ("enum", "const"):
        choices = schema.get("enum") or [schema.get("const")]
        yield path, f"{name} is {shown(value)}; expected {_expected(schema)}{did_you_mean(value, map(str, choices))}"
    elif "propertyNames" in error.schema_path:
        # jsonschema reports a bad key as an error on the mapping itself; name the key instead
        if keyword == "maxLength":
            yield (
                path + (value,),
                f"{shown(value, 30)} in {name} is {len(value):,} characters long; ids are at most "
                f"{error.validator_value}",
            )
        else:
            yield (
                path + (value,),
                f"'{value}' in {name} is not {_expected(schema)}; ids are lowercase slugs like '{slug(value)}'",
            )
    elif keyword == "pattern":
        if isinstance(value, str) and not value.strip():
            yield path, f"{name} is empty; expected {_expected(schema).replace('text', 'some text', 1)}"
        else:
            yield path, f"{name} is {shown(value)}; expected {_expected(schema)}"
    elif keyword == "minLength":
        yield path, f"{name} is empty; expected {_expected(schema).replace('text', 'some text', 1)}"
    elif keyword == "maxLength":
        yield (
            path,
            (
                f"{name} is {len(value):,} characters long; the limit is {error.validator_value:,}"
                + (" (move detail to 'description' or shorten it)" if path == ("summary",) else "; shorten it")
            ),
        )
    elif keyword == "maximum" and "number" in schema.get("type", ()):
        yield path, f"{name} is {shown(value)}; expected at most {error.validator_value:g}"
    elif keyword in ("exclusiveMinimum", "minimum", "maximum"):
        yield path, f"{name} is {shown(value)}; expected {_expected(schema)}"
    elif keyword == "minItems":
        yield path, f"{name} is an empty list; give at least one item or leave the field out"
    elif keyword == "minProperties":
        yield path, f"{name} is empty; give at least one item or leave the field out"
    elif keyword in ("maxItems", "maxProperties"):
        yield path, f"{name} has {len(value)} items; the limit is {error.validator_value}"
    elif keyword == "uniqueItems":
        seen, dupes = set(), []
        for item in value:
            key = repr(item)
            if key in seen:
                dupes.append(shown(item))
            seen.add(key)
        yield path, f"{name} lists {', '.join(dupes)} more than once; list each item once"
    else:  # pragma: no cover - every keyword the schema uses is handled above
        yield path, f"{name}: {error.message}"
