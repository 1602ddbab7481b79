"""Find entry files and read each into an Entry: files -> entries."""

from __future__ import annotations

import stat
from pathlib import Path

from kb.model import Entry
from kb.problems import ERROR, WARNING, Problem, display_path
from kb.read.safe_yaml import YamlProblem, read_yaml
from kb.vocab import KINDS, MAX_FILE_BYTES


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every entry file below `root` with its kind, and a problem for every file that is not read.

    Folders and files at the top whose names start with '.' or '_' are skipped on purpose (drafts, notes);
    inside a kind folder nothing is skipped without a word: links that leave `root`, broken links, pipes,
    folders and files with another extension are each reported with the reason.
    """
    found, problems = [], []
    top = Path(root)
    real_root = top.resolve()
    for folder in sorted(top.iterdir()) if top.is_dir() else []:
        if folder.name.startswith(".") or folder.name.startswith("_"):
            continue
        if not folder.is_dir() or folder.is_symlink():
            if folder.suffix.lower() in (".yaml", ".yml"):
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
            problem = _not_an_entry(path, folder.name, real_root)
            if problem is None:
                found.append((kind, path))
            else:
                problems.append(problem)
    return found, problems


def _not_an_entry(path: Path, folder: str, real_root: Path) -> Problem | None:
    """Why `path` (in a kind folder) is not read as an entry, or None when it is an entry file."""
    name = path.name
    if name.startswith("._"):
        return _layout(path, f"'{name}' is a macOS metadata file, not an entry; it was not read (delete it)", WARNING)
    if name.startswith("."):
        return _layout(path, f"hidden file '{name}' is not an entry; it was not read", WARNING)
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if real_root not in target.parents:
                return _layout(
                    path,
                    f"'{name}' is a symbolic link to a file outside the entries folder; it was not read "
                    "(entries are read only from inside the folder: copy the file in)",
                )
            info = target.stat()
    except (OSError, RuntimeError):
        return _layout(path, f"'{name}' is a broken symbolic link (or a loop of links); it was not read")
    if stat.S_ISDIR(info.st_mode):
        return _layout(path, f"folders inside {folder}/ are not read; move the files up")
    suffix = path.suffix
    if not stat.S_ISREG(info.st_mode):
        return _layout(path, f"'{name}' is not a regular file (a pipe, socket or device); it was not read")
    if suffix == ".yaml":
        return None
    if suffix.lower() in (".yaml", ".yml") or not suffix:
        return _layout(path, f"entry files end in '.yaml'; rename '{name}' to '{path.stem}.yaml'")
    return _layout(path, f"'{name}' is not an entry file (entries end in '.yaml'); it was not read", WARNING)


def _layout(path: Path, message: str, severity: str = ERROR) -> Problem:
    return Problem(display_path(path), 1, 1, severity, message)


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
