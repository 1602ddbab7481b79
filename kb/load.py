"""Find entry files and read each into an Entry: files -> entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .problems import ERROR, Problem, display_path
from .vocab import KINDS, MAX_FILE_BYTES
from .yamlread import Document, YamlProblem, read_yaml


@dataclass
class Entry:
    """One entry as read from its file. `data` is the YAML as written (YAML 1.2 reading)."""

    id: str
    kind: str
    path: Path
    doc: Document
    data: dict = field(default_factory=dict)

    @property
    def shown_path(self) -> str:
        return display_path(self.path)

    def at(self, *path) -> tuple[int, int]:
        """The line and column of a field, or of its nearest parent that has one."""
        return self.doc.locate(path)


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every entry file below `root` with its kind, and problems with the layout itself."""
    found, problems = [], []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.name.startswith(".") or folder.name.startswith("_"):
            continue
        if folder.is_file():
            if folder.suffix in (".yaml", ".yml"):
                problems.append(
                    _layout(
                        folder,
                        f"entry file '{folder.name}' is outside a kind folder; move it to "
                        f"one of: {', '.join(f + '/' for f in KINDS)}",
                    )
                )
            continue
        kind = KINDS.get(folder.name)
        if kind is None:
            if any(folder.glob("*.yaml")):
                problems.append(
                    _layout(
                        folder,
                        f"unknown folder '{folder.name}'; entries live in one of: {', '.join(f + '/' for f in KINDS)}",
                    )
                )
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix == ".yaml" and path.is_file():
                found.append((kind, path))
            elif path.suffix == ".yml":
                problems.append(
                    _layout(path, f"entry files end in '.yaml'; rename '{path.name}' to '{path.stem}.yaml'")
                )
            elif path.is_dir() and not path.name.startswith("."):
                problems.append(_layout(path, f"folders inside {folder.name}/ are not read; move the files up"))
    return found, problems


def _layout(path: Path, message: str) -> Problem:
    return Problem(display_path(path), 1, 1, ERROR, message)


def read_entry(path: Path, kind: str) -> tuple[Entry | None, list[Problem]]:
    """Read one file; return the entry (None if it cannot be read) and the problems met on the way."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    shown,
                    1,
                    1,
                    ERROR,
                    f"the file is {size:,} bytes; an entry may be at most "
                    f"{MAX_FILE_BYTES:,} bytes (is this really one entry?)",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, 1, ERROR, f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                shown,
                line,
                col,
                ERROR,
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read); save it as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff")
    try:
        doc = read_yaml(text)
    except YamlProblem as exc:
        return None, [Problem(shown, exc.line, exc.col, ERROR, exc.message)]
    problems = [Problem(shown, line, col, ERROR, msg) for line, col, msg in doc.problems]
    entry = Entry(id=path.stem, kind=kind, path=path, doc=doc)
    if not isinstance(doc.data, dict):
        found = {list: "a list", str: "text", type(None): "nothing"}.get(type(doc.data), "a single value")
        problems.append(
            Problem(
                shown,
                *doc.locate(()),
                ERROR,
                f"expected a mapping of fields at the top level (name: ..., summary: ...), found {found}",
            )
        )
        return None, problems
    entry.data = doc.data
    return entry, problems
