"""What every rule is given: the day dates are checked against, and the entries read so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from kb.model import Entry
from kb.problems import Problem

# What a per-file rule yields: (path, message), or (path, message, (line, col)) to place the problem inside a
# long value (a link in a description). The run turns it into a Problem at the path's position.
Found = tuple


@dataclass(frozen=True)
class Context:
    """The shared input of the rules: `today` for dates, and `entries` by id for the rules across files.

    Per-file rules run while the files are still being read, so they look only at their own entry.
    """

    today: dt.date
    entries: Mapping[str, Entry] = field(default_factory=dict)


FileRule = Callable[[Entry, Context], Iterator[Found]]
CorpusRule = Callable[[Context], Iterator[Problem]]
