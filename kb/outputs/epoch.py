"""Epoch AI's Notable AI Models data: read its CSV (any version of its column layout) and match entries to rows.

Rows are matched to entries by name: the entry's `epoch_name` pin (the exact Model value) first, else its name,
else its aliases, compared with case, accents and punctuation ignored. The comparison itself is in
kb.outputs.epoch_check, drafts from rows in kb.outputs.epoch_import.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.messages import did_you_mean
from kb.model import Entry, KnowledgeBase
from kb.values import PartialDate

EPOCH_URL = "https://epoch.ai/data/notable-ai-models"
EPOCH_TITLE = 'Epoch AI, "Data on Notable AI Models" (CC BY 4.0)'

# Epoch's column names, as its CSV spells them.
MODEL = "Model"
DATE = "Publication date"
ORGANIZATION = "Organization"
LINK = "Link"
CONFIDENCE = "Confidence"
METHOD = "Training compute estimation method"
# figure -> (the column with its value, the column with Epoch's notes on it)
FIGURE_COLUMNS = {
    "parameters": ("Parameters", "Parameters notes"),
    "training_compute": ("Training compute (FLOP)", "Training compute notes"),
    "training_data": ("Training dataset size (datapoints)", "Dataset size notes"),
}
NEEDED = (MODEL, DATE) + tuple(value for value, _ in FIGURE_COLUMNS.values())
OPTIONAL = (ORGANIZATION, LINK, CONFIDENCE, METHOD) + tuple(notes for _, notes in FIGURE_COLUMNS.values())
CONFIDENCE_LEVELS = ("Confident", "Likely", "Speculative")  # Epoch's levels; 'Unknown' and blank say nothing

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class EpochFileError(Exception):
    """The file cannot be read as Epoch AI's Notable AI Models CSV; the message says why."""


@dataclass(eq=False)
class Row:
    """One model in Epoch's file, with its numbers parsed. Prose columns (abstract, notes) are kept only as
    evidence for the status heuristic, never copied into entries."""

    line: int
    model: str
    date: PartialDate | None
    figures: dict[str, float] = field(default_factory=dict)
    organization: str = ""
    link: str = ""
    confidence: str = ""
    method: str = ""
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def shown_confidence(self) -> str:
        """Epoch's confidence level, or a phrase saying it gives none."""
        return self.confidence if self.confidence in CONFIDENCE_LEVELS else "none given"


@dataclass
class Table:
    """The rows of one Epoch file, with what it lacks: optional columns, and values that could not be read."""

    path: Path
    rows: list[Row]
    absent: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def read_table(path: Path) -> Table:
    """Read Epoch's CSV; extra columns are ignored, a missing needed column raises EpochFileError.

    Optional columns (organization, link, confidence, estimation method, notes) may be missing; `absent` names
    them. Values that are not numbers or dates are left out of the row and listed in `unreadable`.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise EpochFileError(f"'{path}' is not UTF-8 text; is it Epoch AI's notable_ai_models.csv?") from None
    except OSError as exc:
        raise EpochFileError(f"cannot read '{path}': {exc.strerror or exc}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = [name.strip() for name in reader.fieldnames or []]
        missing = [name for name in NEEDED if name not in columns]
        if missing:
            raise EpochFileError(_missing_columns(path, missing, columns))
        reader.fieldnames = columns
        table = Table(Path(path), [], absent=[name for name in OPTIONAL if name not in columns])
        start = 2
        for record in reader:
            row = _row(record, start, table.unreadable)
            if row is not None:
                table.rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise EpochFileError(f"'{path}', line {reader.line_num}: not a readable CSV file ({exc})") from None
    return table


def _missing_columns(path: Path, missing: list[str], columns: list[str]) -> str:
    names = ", ".join(f"'{name}'" for name in missing)
    found = ", ".join(f"'{name}'" for name in columns[:6]) + (", ..." if len(columns) > 6 else "")
    return (
        f"'{path}' lacks the column{'s' * (len(missing) > 1)} {names} that kb needs; is it Epoch AI's "
        f"Notable AI Models CSV ({EPOCH_URL})? Its columns are: {found or 'none'}"
    )


def _row(record: dict, line: int, unreadable: list[str]) -> Row | None:
    """A Row from one CSV record, or None for a record without a model name."""

    def get(column: str) -> str:
        return (record.get(column) or "").strip()

    model = get(MODEL)
    if not model:
        return None
    row = Row(line, model, _date(get(DATE), line, model, unreadable))
    row.organization, row.link = get(ORGANIZATION), get(LINK)
    row.confidence, row.method = get(CONFIDENCE), get(METHOD)
    for name, (value_column, notes_column) in FIGURE_COLUMNS.items():
        number = _number(get(value_column), line, model, value_column, unreadable)
        if number is not None:
            row.figures[name] = number
        if get(notes_column):
            row.notes[name] = get(notes_column)
    return row


def _number(text: str, line: int, model: str, column: str, unreadable: list[str]) -> float | None:
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        unreadable.append(f"line {line} ('{model}'): {column} {text!r} is not a positive number; left out")
        return None
    return number


def _date(text: str, line: int, model: str, unreadable: list[str]) -> PartialDate | None:
    match = _ISO_DATE.match(text)
    try:
        return PartialDate.parse(match.group(0)) if match else None
    except ValueError:
        pass
    if text:
        unreadable.append(f"line {line} ('{model}'): {DATE} {text!r} is not a date (YYYY-MM-DD); left out")
    return None


# --------------------------------------------------------------------------- matching


def normalize(name: str) -> str:
    """A name with case, accents, spaces and punctuation removed, for matching.

    >>> normalize("CLIP (ViT L/14@336px)") == normalize("clip vit-l/14@336px")
    True
    """
    return "".join(ch for ch in unicodedata.normalize("NFKD", str(name)).casefold() if ch.isalnum())


@dataclass(frozen=True)
class Match:
    """An entry and its row: `how` it matched (pinned, name or alias), by which `key`, and the `others` rows the
    same key level also matched (the row nearest the entry's date is taken)."""

    entry: Entry
    row: Row
    how: str
    key: str
    others: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Unmatched:
    """An entry no row matched, and why."""

    entry: Entry
    reason: str


def matched_kinds(kb: KnowledgeBase) -> list[Entry]:
    """The entries compared with Epoch's rows: every model, and any other entry pinned with `epoch_name`."""
    return [
        kb.entries[eid]
        for eid in sorted(kb.entries)
        if kb.entries[eid].kind == "model" or isinstance(kb.entries[eid].data.get("epoch_name"), str)
    ]


def names_of(entry: Entry) -> list[tuple[str, str]]:
    """The names an entry may be found by, in order: ("name", its name), then ("alias", each alias)."""
    aliases = entry.data.get("aliases")
    found = [("name", entry.name)]
    found += [("alias", a) for a in (aliases if isinstance(aliases, list) else []) if isinstance(a, str)]
    return found


def match_all(entries: Iterable[Entry], rows: list[Row]) -> tuple[list[Match], list[Unmatched]]:
    """Match each entry to at most one row (see the module docstring)."""
    exact: dict[str, list[Row]] = {}
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        exact.setdefault(row.model, []).append(row)
        by_name.setdefault(normalize(row.model), []).append(row)
    matches, unmatched = [], []
    for entry in entries:
        found = match_entry(entry, exact, by_name)
        (matches if isinstance(found, Match) else unmatched).append(found)
    return matches, unmatched


def match_entry(entry: Entry, exact: dict[str, list[Row]], by_name: dict[str, list[Row]]) -> Match | Unmatched:
    """The row of one entry: its pin, else its name, else its aliases; the nearest in date among several."""
    pin = entry.data.get("epoch_name")
    if isinstance(pin, str):
        rows = exact.get(pin.strip(), [])
        if not rows:
            hint = did_you_mean(pin, exact)
            return Unmatched(entry, f"pinned with epoch_name to '{pin}', which this file does not have{hint}")
        return _pick(entry, [(row, pin) for row in rows], "pinned")
    for how in ("name", "alias"):
        found: list[tuple[Row, str]] = []
        for kind, name in names_of(entry):
            for row in by_name.get(normalize(name), []) if kind == how else []:
                if all(row is not seen for seen, _ in found):
                    found.append((row, name))
        if found:
            return _pick(entry, found, how)
    tried = ", ".join(f"'{name}'" for _, name in names_of(entry))
    return Unmatched(entry, f"no row is named {tried}")


def _pick(entry: Entry, found: list[tuple[Row, str]], how: str) -> Match:
    """The candidate nearest the entry's date (the first one on a tie), with the others listed."""
    best = min(range(len(found)), key=lambda i: (days_apart(entry.date, found[i][0].date), i))
    row, key = found[best]
    return Match(entry, row, how, key, tuple(r for r, _ in found if r is not row))


def _span(date: PartialDate) -> tuple[dt.date, dt.date]:
    if date.day:
        day = dt.date(date.year, date.month, date.day)
        return day, day
    if date.month:
        last = calendar.monthrange(date.year, date.month)[1]
        return dt.date(date.year, date.month, 1), dt.date(date.year, date.month, last)
    return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)


def days_apart(a: PartialDate | None, b: PartialDate | None) -> float:
    """Days between two dates known to the day, month or year (0 when their periods overlap; inf if unknown).

    >>> days_apart(PartialDate(2019, 8, 13), PartialDate(2019, 9, 17))
    35
    >>> days_apart(PartialDate(2024, 11), PartialDate(2024, 11, 28))
    0
    """
    if a is None or b is None:
        return math.inf
    (a_first, a_last), (b_first, b_last) = _span(a), _span(b)
    if a_last < b_first:
        return (b_first - a_last).days
    if b_last < a_first:
        return (a_first - b_last).days
    return 0
