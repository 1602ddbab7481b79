"""The data model: an Entry as read from its file, its typed values (parsed once), and the KnowledgeBase."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from kb import vocab
from kb.problems import ERROR, Problem, display_path
from kb.values import PartialDate, parse_number


class Positions(Protocol):
    """Where each value of a file sits (the reader's Document provides it)."""

    def locate(self, path: tuple) -> tuple[int, int]: ...

    def find(self, path: tuple, fragment: str) -> tuple[int, int]: ...


@dataclass(frozen=True)
class FigureValue:
    """A figure of an entry with its numbers parsed: value, range, unit, status and who said so."""

    name: str
    value: float
    status: str
    source: str
    unit: str | None = None
    by: str | None = None
    low: float | None = None
    high: float | None = None
    note: str | None = None

    def as_dict(self) -> dict:
        """The figure as a mapping without empty parts (for exports and node attributes)."""
        out = {"value": self.value, "status": self.status, "source": self.source, "unit": self.unit}
        for key in ("by", "low", "high", "note"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class Result:
    """A benchmark result at the test-time budget that bought it."""

    benchmark: str
    score: float
    setting: str
    aggregation: str
    source: str
    status: str
    model: str | None = None
    samples: int | None = None
    submissions: int | None = None
    thinking_tokens: float | None = None
    cost_usd: float | None = None
    by: str | None = None
    note: str | None = None

    def as_dict(self) -> dict:
        """The result as a mapping without empty parts (for exports and node attributes)."""
        return {key: value for key, value in self.__dict__.items() if value is not None}


RESULT_FIELDS = ("benchmark", "score", "setting", "aggregation", "source", "status")


@dataclass
class Entry:
    """One entry as read from its file. `data` is the YAML as written (YAML 1.2 reading).

    The typed views (`date`, `start`, `end`, `figures`) are parsed on first use and kept; they are
    meaningful once the entry has passed its checks, and are None or empty where a value cannot be read.
    """

    id: str
    kind: str
    path: Path
    doc: Positions
    data: dict = field(default_factory=dict)

    @cached_property
    def shown_path(self) -> str:
        return display_path(self.path)

    @property
    def name(self) -> str:
        return self.data.get("name") if isinstance(self.data.get("name"), str) else self.id

    def at(self, *path) -> tuple[int, int]:
        """The line and column of a field, or of its nearest parent that has one."""
        return self.doc.locate(path)

    def _date(self, key: str) -> PartialDate | None:
        try:
            return PartialDate.parse(self.data[key]) if self.data.get(key) is not None else None
        except (ValueError, TypeError):
            return None

    @cached_property
    def date(self) -> PartialDate | None:
        return self._date("date")

    @cached_property
    def start(self) -> PartialDate | None:
        return self._date("start")

    @cached_property
    def end(self) -> PartialDate | None:
        return self._date("end")

    @cached_property
    def results(self) -> list[Result]:
        """The results whose required fields are all present, in the order written."""
        found = []
        for item in self.data.get("results") if isinstance(self.data.get("results"), list) else []:
            if not isinstance(item, dict) or not all(key in item for key in RESULT_FIELDS):
                continue
            found.append(
                Result(
                    **{key: item[key] for key in RESULT_FIELDS},
                    model=item.get("model"),
                    samples=item.get("samples"),
                    submissions=item.get("submissions"),
                    thinking_tokens=parse_number(item.get("thinking_tokens")),
                    cost_usd=parse_number(item.get("cost_usd")),
                    by=item.get("by"),
                    note=item.get("note"),
                )
            )
        return found

    @cached_property
    def figures(self) -> dict[str, FigureValue]:
        """The figures whose value reads as a number, in the vocabulary's order."""
        raw = self.data.get("figures") if isinstance(self.data.get("figures"), dict) else {}
        out = {}
        for name, spec in vocab.FIGURES.items():
            fig = raw.get(name)
            if not isinstance(fig, dict) or parse_number(fig.get("value")) is None:
                continue
            out[name] = FigureValue(
                name=name,
                value=parse_number(fig["value"]),
                status=str(fig.get("status", "")),
                source=str(fig.get("source", "")),
                unit=fig.get("unit") or spec.unit,
                by=fig.get("by"),
                low=parse_number(fig.get("low")) if "low" in fig else None,
                high=parse_number(fig.get("high")) if "high" in fig else None,
                note=fig.get("note"),
            )
        return out


@dataclass
class KnowledgeBase:
    """The entries that could be read, by id, with every problem found in them."""

    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    read: set[Path] = field(default_factory=set)  # resolved paths of the files read as entries

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def with_errors(self) -> set[str]:
        """Ids of the entries that have at least one error."""
        paths = {p.path for p in self.problems if p.severity == ERROR}
        return {eid for eid, e in self.entries.items() if e.shown_path in paths}

    def without_errors(self) -> KnowledgeBase:
        """The entries that have no error, with the warnings (what `kb serve` and `kb diff` can still show)."""
        broken = self.with_errors()
        return KnowledgeBase(
            entries={eid: e for eid, e in self.entries.items() if eid not in broken},
            problems=[p for p in self.problems if p.severity != ERROR],
            files=self.files,
            read=self.read,
        )


class InvalidEntries(Exception):
    """The entries have errors; `kb` cannot go on. The CLI and the mkdocs plugin each report it in one place."""

    def __init__(self, kb: KnowledgeBase):
        super().__init__(f"the entries are invalid: {len(kb.errors())} errors")
        self.kb = kb
