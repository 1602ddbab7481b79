"""Indentation mistakes told in words: what libyaml's "did not find expected key" usually means, and where.

libyaml reports where parsing stopped, in its own terms; the mistake is most often one line's indentation,
on that line or the one before. These rules look at the lines themselves and say which line to indent and to
which column, or return None and leave libyaml's message as it is.
"""

from __future__ import annotations

import re

# `key: |` or `- key: >-`: a block of text must follow, indented more than its key
_BLOCK = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s:#][^:#]*?):\s*[|>][-+0-9]*\s*(?:#.*)?$")
# `key: value` with a value on the line (not a block, not an open flow collection)
_VALUE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s:#][^:#]*?):\s+(?P<value>[^\s|>#\[{].*)$")
# where the fields of a line start: after its indentation and any list dashes
_FIELD = re.compile(r"^(?P<lead> *(?:- +)*)(?P<key>[^\s:#-][^:#]*?):(?:\s|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _column(line: str) -> int:
    """Where a line's field starts: after its indentation and any list dashes."""
    field = _FIELD.match(line)
    return len(field["lead"]) if field else _indent(line)


def _before(lines: list[str], number: int) -> int | None:
    """The number of the nearest line before `number` that holds something (not blank, not a comment)."""
    for n in range(number - 1, 0, -1):
        stripped = lines[n - 1].strip()
        if stripped and not stripped.startswith("#"):
            return n
    return None


def _spaces(n: int) -> str:
    return f"{n} space{'s' * (n != 1)}"


def hint(text: str, line: int) -> tuple[str, int] | None:
    """A message naming the line to re-indent and how far, with that line's number; None when unsure."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    previous = _before(lines, line)
    if previous is None:
        return None
    here, there = lines[line - 1], lines[previous - 1]
    if (block := _BLOCK.match(there)) and _indent(here) <= len(block["indent"]):
        need = len(block["indent"]) + 2
        return (
            f"line {line} is the text of '{block['key']}' (the '|' or '>' block that starts on line {previous}), "
            f"so it must be indented more than '{block['key']}': indent it {_spaces(need)}",
            line,
        )
    if (value := _VALUE.match(there)) and _indent(here) > _column(there):
        return (
            _dedented(lines, previous, value["key"])
            or _misaligned(lines, line, previous)
            or (
                f"line {line} is indented more than line {previous} ('{value['key']}: ...'), which holds a value and "
                f"cannot contain fields: indent line {line} {_spaces(_column(there))}, like '{value['key']}'",
                line,
            )
        )
    return _misaligned(lines, line, previous)


def _dedented(lines: list[str], number: int, key: str) -> tuple[str, int] | None:
    """Line `number` sits left of the fields just above it, which the next line continues: it was dedented."""
    above = _before(lines, number)
    if above is None:
        return None
    field = _FIELD.match(lines[above - 1])
    if field is None or len(field["lead"]) <= _indent(lines[number - 1]):
        return None
    column = len(field["lead"])
    return (
        f"line {number} ('{key}') is indented {_spaces(_indent(lines[number - 1]))}, less than '{field['key']}' on "
        f"line {above}, so the fields after it have nothing to belong to: indent it {_spaces(column)}",
        number,
    )


def _open_fields(lines: list[str], previous: int) -> list[tuple[int, str, int]]:
    """(column, key, line) of the field on line `previous` and of each field that encloses it, innermost first."""
    found: list[tuple[int, str, int]] = []
    for number in range(previous, 0, -1):
        field = _FIELD.match(lines[number - 1])
        if field is not None and (not found or len(field["lead"]) < found[-1][0]):
            found.append((len(field["lead"]), field["key"], number))
    return found


def _advice(column: int, key: str, line: int) -> str:
    move = "move it to the start of the line" if column == 0 else f"indent it {_spaces(column)}"
    return f"{move}, like '{key}' on line {line}"


def _misaligned(lines: list[str], line: int, previous: int) -> tuple[str, int] | None:
    """A field indented to no column that an open block uses: say which columns would fit, nearest first."""
    mine = _FIELD.match(lines[line - 1])
    if mine is None:
        return None
    actual = len(mine["lead"])
    fields = _open_fields(lines, previous)
    if not fields or any(column == actual for column, _, _ in fields):
        return None
    ranked = sorted(fields, key=lambda f: abs(f[0] - actual))
    if abs(ranked[0][0] - actual) > 2:
        return None
    advice = _advice(*ranked[0])
    if len(ranked) > 1 and abs(ranked[1][0] - actual) == abs(ranked[0][0] - actual):
        advice += "; or " + _advice(*ranked[1])
    return (
        f"'{mine['key']}' on line {line} is indented {_spaces(actual)}, which lines up with no field above: {advice}",
        line,
    )
