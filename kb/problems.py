"""Problems found in entries: where they are, how bad, and how they are printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place in one file."""

    path: str
    line: int
    col: int
    severity: str
    message: str

    def format(self, fmt: str = "text") -> str:
        """Render as ``PATH:LINE:COL: error: MESSAGE`` or as a GitHub Actions annotation.

        Control characters (a file name may hold terminal escape sequences) are shown as escapes.

        >>> Problem("models/\x1b[31mred.yaml", 1, 1, ERROR, "bad").format()
        'models/\\\\x1b[31mred.yaml:1:1: error: bad'
        """
        path, message = printable(self.path), printable(self.message)
        if fmt == "github":
            level = "error" if self.severity == ERROR else "warning"
            msg = printable(self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
            path = path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
            return f"::{level} file={path},line={self.line},col={self.col}::{msg}"
        return f"{path}:{self.line}:{self.col}: {self.severity}: {message}"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters as Python escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it lies below it, as users typed it."""
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def summary(problems: list[Problem], files: int) -> str:
    """The closing line of a validation run."""
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    word = "file" if files == 1 else "files"
    if not problems:
        return f"{files} {word} checked: no problems."
    return f"{files} {word} checked: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."
