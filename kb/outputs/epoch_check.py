"""`kb check --against`: where the entries disagree with Epoch AI's Notable AI Models data, as a report.

Five kinds of disagreement, each at the line of the field it concerns:

- value: a figure more than 10% from Epoch's (training compute: more than 2x); training data only where the
  entry's unit can be compared with Epoch's datapoints (tokens or words, images, image-text pairs);
- date: a date more than a month from Epoch's publication date;
- missing: a parameter count or training compute Epoch has and the entry lacks;
- status: a figure marked `official` that Epoch lists as its own estimate, or marked as Epoch's estimate where
  Epoch lists the developer's number; a heuristic on Epoch's estimation-method and notes columns;
- confidence: an Epoch estimate whose note does not record Epoch's confidence level (docs/contributing.md).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from kb.model import Entry, FigureValue, KnowledgeBase
from kb.outputs.epoch import (
    CONFIDENCE_LEVELS,
    FIGURE_COLUMNS,
    Match,
    Row,
    Table,
    Unmatched,
    days_apart,
    match_all,
    matched_kinds,
)
from kb.problems import WARNING, Problem
from kb.values import short

VALUE_TOLERANCE = 1.10  # parameters and training data: more than 10% apart is a disagreement
COMPUTE_TOLERANCE = 2.0  # training compute: more than 2x apart
DATE_TOLERANCE_DAYS = 31  # publication dates: more than a month apart
WORDS_PER_TOKEN = 0.75  # Epoch counts the text of many language models in words, at 0.75 words per token
KINDS = ("value", "date", "missing", "status", "confidence")

# How the entry's training data may be read against Epoch's datapoints: unit -> (reading, factor) pairs.
READINGS = {
    "tokens": (("tokens", 1.0), (f"words at {WORDS_PER_TOKEN} per token", WORDS_PER_TOKEN)),
    "words": (("words", 1.0), (f"tokens at {WORDS_PER_TOKEN} words each", 1 / WORDS_PER_TOKEN)),
    "images": (("images", 1.0),),
    "image-text pairs": (("image-text pairs", 1.0),),
}

# The status heuristic reads Epoch's notes for these words (and, for compute, its estimation-method column).
_ESTIMATED = re.compile(r"\b(estimat\w*|assum\w*|approximat\w*|imputed|we (?:use|take)|6 ?N ?D)\b", re.I)
_REPORTED = re.compile(r"\b(reported|reports|stated|states|disclosed|according to the (?:paper|authors))\b", re.I)


@dataclass(frozen=True)
class Finding:
    """One disagreement: its kind, the message, the path of the field it concerns, and the entry's own note on
    it when that note mentions Epoch (so the report shows the explanation next to the disagreement)."""

    entry: Entry
    kind: str
    message: str
    where: tuple
    note: str | None = None

    def problem(self) -> Problem:
        """The finding as a warning at the line of its field (for text and GitHub output)."""
        return Problem(self.entry.shown_path, *self.entry.at(*self.where), WARNING, self.message)


@dataclass
class Report:
    """What `kb check --against` found: the matching, the disagreements and what could not be compared."""

    table: Table
    compared: list[Entry]
    matches: list[Match]
    unmatched: list[Unmatched]
    findings: list[Finding] = field(default_factory=list)
    uncompared: list[tuple[Entry, str]] = field(default_factory=list)
    shared: list[tuple[Row, list[Entry]]] = field(default_factory=list)


def check_against(kb: KnowledgeBase, table: Table) -> Report:
    """Match the knowledge base's models (and pinned entries) to the table's rows and compare each pair."""
    compared = matched_kinds(kb)
    matches, unmatched = match_all(compared, table.rows)
    report = Report(table, compared, matches, unmatched)
    for match in matches:
        findings, uncompared = compare(match)
        report.findings += findings
        report.uncompared += [(match.entry, text) for text in uncompared]
    claimed: dict[int, tuple[Row, list[Entry]]] = {}
    for match in matches:
        claimed.setdefault(id(match.row), (match.row, []))[1].append(match.entry)
    report.shared = [pair for pair in claimed.values() if len(pair[1]) > 1]
    report.findings.sort(key=lambda f: (f.entry.shown_path, f.entry.at(*f.where)))
    return report


def compare(match: Match) -> tuple[list[Finding], list[str]]:
    """The disagreements of one entry with its row, and notes on what could not be compared."""
    entry, row = match.entry, match.row
    findings, uncompared = [_date(entry, row)], []
    for name in FIGURE_COLUMNS:
        theirs, ours = row.figures.get(name), entry.figures.get(name)
        if theirs is None:
            continue
        if name == "training_data":
            found, text = _data(entry, row, ours, theirs)
            findings.append(found)
            uncompared += [text] if text else []
            if found or text:
                continue  # no value to judge the status and the confidence by
        elif ours is None:
            findings.append(_missing(entry, row, name, theirs))
            continue
        else:
            findings.append(_value(entry, row, ours, theirs))
        findings += [_status(entry, row, ours, theirs), _confidence(entry, row, ours, theirs)]
    return [f for f in findings if f is not None], uncompared


def _ratio(a: float, b: float) -> float:
    return max(a, b) / min(a, b)


def _agrees(ours: FigureValue, theirs: float) -> bool:
    limit = COMPUTE_TOLERANCE if ours.name == "training_compute" else VALUE_TOLERANCE
    if ours.name == "training_data":
        readings = READINGS.get(ours.unit or "", ())
        return any(_ratio(ours.value * factor, theirs) <= limit for _, factor in readings)
    return _ratio(ours.value, theirs) <= limit


def _by_epoch(fig: FigureValue) -> bool:
    return "epoch" in (fig.by or "").lower()


def _epoch_note(fig: FigureValue | None) -> str | None:
    return fig.note if fig is not None and fig.note and "epoch" in fig.note.lower() else None


def _shown(fig: FigureValue) -> str:
    unit = " FLOP" if fig.name == "training_compute" else (f" {fig.unit}" if fig.name == "training_data" else "")
    return f"{short(fig.value)}{unit} ({fig.status})"


def _date(entry: Entry, row: Row) -> Finding | None:
    gap = days_apart(entry.date, row.date)
    if gap <= DATE_TOLERANCE_DAYS or math.isinf(gap):
        return None
    note = entry.data.get("date_note") if isinstance(entry.data.get("date_note"), str) else None
    return Finding(
        entry,
        "date",
        f"date {entry.date} is {gap} days from Epoch AI's publication date {row.date} for '{row.model}', more "
        "than a month apart; check the date, and name the event it marks in date_note",
        ("date",),
        note,
    )


def _value(entry: Entry, row: Row, ours: FigureValue, theirs: float) -> Finding | None:
    if _agrees(ours, theirs):
        return None
    allowed = "2x" if ours.name == "training_compute" else "10%"
    return Finding(
        entry,
        "value",
        f"figures.{ours.name} is {_shown(ours)} but Epoch AI lists {short(theirs)} for '{row.model}': "
        f"{_ratio(ours.value, theirs):.2f}x apart, more than the {allowed} allowed; check both against the primary "
        "source, and say in the figure's note why they differ",
        ("figures", ours.name, "value"),
        _epoch_note(ours),
    )


def _data(entry: Entry, row: Row, ours: FigureValue | None, theirs: float) -> tuple[Finding | None, str | None]:
    """Training data against Epoch's datapoints: a finding, or a note on why it was not compared (or neither)."""
    if ours is None:
        return None, (
            f"Epoch AI lists {short(theirs)} training datapoints for '{row.model}' and the entry has no "
            "training_data; Epoch's file gives the datapoints no unit, so this is not counted as missing"
        )
    readings = READINGS.get(ours.unit or "")
    if readings is None:
        return None, (
            f"training_data is counted in {ours.unit}; Epoch AI's {short(theirs)} datapoints for '{row.model}' "
            f"are compared only with {', '.join(READINGS)}"
        )
    if _agrees(ours, theirs):
        return None, None
    apart = ", ".join(f"{_ratio(ours.value * factor, theirs):.2f}x read as {label}" for label, factor in readings)
    return Finding(
        entry,
        "value",
        f"figures.training_data is {_shown(ours)} but Epoch AI lists {short(theirs)} datapoints for "
        f"'{row.model}' ({apart}), more than 10% apart; check both, and say in the figure's note why they differ",
        ("figures", "training_data", "value"),
        _epoch_note(ours),
    ), None


def _missing(entry: Entry, row: Row, name: str, theirs: float) -> Finding:
    unit = " FLOP" if name == "training_compute" else ""
    # a note elsewhere in the entry that names Epoch's number says why it was left out
    notes = [fig.note for fig in entry.figures.values() if _epoch_note(fig) and short(theirs) in fig.note]
    return Finding(
        entry,
        "missing",
        f"Epoch AI lists {name} {short(theirs)}{unit} for '{row.model}' (confidence: {row.shown_confidence}) and "
        "the entry has none; under the rule for third-party estimates (docs/contributing.md) add it as status: "
        "estimated, by: Epoch AI, or leave it out on purpose",
        ("figures",) if isinstance(entry.data.get("figures"), dict) else ("name",),
        notes[0] if notes else None,
    )


def epoch_own_estimate(row: Row, figure: str) -> tuple[bool | None, str]:
    """Whether Epoch marks its number for `figure` as its own estimate (True) or the developer's (False), and the
    evidence; (None, "") when the row does not say. A heuristic: for training compute the estimation-method
    column ('Reported' or not), otherwise words in Epoch's notes on the figure ('estimate', 'assume', 'reported').

    >>> epoch_own_estimate(Row(1, "M", None, method="Hardware"), "training_compute")
    (True, "Epoch's estimation method is 'Hardware', not 'Reported'")
    >>> epoch_own_estimate(Row(1, "M", None, notes={"parameters": "Reported in Table 1"}), "parameters")
    (False, "Epoch's notes on it say 'Reported'")
    """
    if figure == "training_compute" and row.method:
        if "reported" in [m.strip().lower() for m in row.method.split(",")]:
            return False, f"Epoch's estimation method is '{row.method}'"
        return True, f"Epoch's estimation method is '{row.method}', not 'Reported'"
    note = row.notes.get(figure, "")
    if (found := _ESTIMATED.search(note)) is not None:
        return True, f"Epoch's notes on it say '{found.group(0)}'"
    if (found := _REPORTED.search(note)) is not None:
        return False, f"Epoch's notes on it say '{found.group(0)}'"
    return None, ""


def _status(entry: Entry, row: Row, ours: FigureValue, theirs: float) -> Finding | None:
    own, evidence = epoch_own_estimate(row, ours.name)
    if own and ours.status == "official" and _agrees(ours, theirs):
        message = (
            f"figures.{ours.name} is marked official, but Epoch AI lists the same number ({short(theirs)}) as its "
            f"own estimate ({evidence}; a heuristic); cite where the developer printed it, or mark it "
            "estimated, by: Epoch AI"
        )
    elif own is False and ours.status == "estimated" and _by_epoch(ours):
        message = (
            f"figures.{ours.name} is marked as Epoch AI's estimate, but Epoch lists it as the developer's figure "
            f"({evidence}; a heuristic); cite where the developer printed it and mark it official"
        )
    else:
        return None
    return Finding(entry, "status", message, ("figures", ours.name, "status"), _epoch_note(ours))


def _confidence(entry: Entry, row: Row, ours: FigureValue, theirs: float) -> Finding | None:
    level = row.confidence
    if ours.status != "estimated" or not _by_epoch(ours) or level not in CONFIDENCE_LEVELS:
        return None
    if not _agrees(ours, theirs) or re.search(rf"confidence\b.{{0,20}}\b{level}\b", ours.note or "", re.I):
        return None
    return Finding(
        entry,
        "confidence",
        f"figures.{ours.name} is Epoch AI's estimate, but its note does not record Epoch's confidence ('{level}'); "
        f"add 'Epoch AI confidence: {level}.' to the note (docs/contributing.md)",
        ("figures", ours.name, "note" if ours.note else "by"),
    )
