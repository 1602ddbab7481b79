"""When each entry file was added and last changed, read from the git history of the checkout (if any)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_SEEN: dict[tuple[Path, str], dict] = {}  # the last history read, by folder and commit
COMMIT = "\x1ecommit "  # starts each commit's block in the log below; no file name holds U+001E


@dataclass(frozen=True)
class FileDates:
    """The committer dates (ISO 8601 with offset) of the first and the latest commit that touched a file."""

    added: str
    modified: str


def file_dates(folder: Path) -> dict[Path, FileDates]:
    """The dates of every file under `folder` that git has history for, by path below the (real) top folder.

    Empty, never guessed, when git is missing, `folder` is not in a git checkout, or the history is shallow
    to the point of holding nothing. Uncommitted edits have no date: the dates are those of commits.
    One `git log` call reads the whole history of the folder, so the cost does not grow with the file count.
    """
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return {}
    run = {"capture_output": True, "text": True, "encoding": "utf-8", "errors": "replace", "timeout": 60}
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        top = subprocess.run([git, "rev-parse", "--show-toplevel", "HEAD"], cwd=folder, env=env, **run)
        if top.returncode != 0:
            return {}
        root, _, head = top.stdout.strip().partition("\n")
        if (folder.resolve(), head) in _SEEN:  # the same commit: the same history (`kb serve` rebuilds often)
            return _SEEN[folder.resolve(), head]
        log = subprocess.run(
            [git, "log", "--no-renames", "-z", f"--format={COMMIT}%cI", "--name-only", "--", "."],
            cwd=folder,
            env=env,
            **run,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    _SEEN.clear()
    _SEEN[folder.resolve(), head] = dates = _parse(log.stdout, Path(root))
    return dates


def entry_dates(kb) -> dict[str, FileDates]:
    """The git dates of each entry of a knowledge base, by id (see `file_dates`)."""
    by_folder: dict[Path, list] = {}
    for eid, entry in kb.entries.items():
        by_folder.setdefault(entry.path.parent.parent, []).append((eid, entry.path))
    dates = {}
    for folder, items in by_folder.items():
        found, real = file_dates(folder), folder.resolve()  # one resolve per folder, not per entry
        for eid, path in items:
            if (hit := found.get(real / path.relative_to(folder))) is not None:
                dates[eid] = hit
    return dates


def _parse(out: str, root: Path) -> dict[Path, FileDates]:
    """Read `git log -z --name-only` output (newest commit first) into first and latest dates per file.

    >>> head = "\\x1ecommit 2024-0{}-01T00:00:00+00:00\\n\\n"
    >>> log = head.format(2) + "a.yaml\\x00" + head.format(1) + "a.yaml\\x00b.yaml\\x00"
    >>> for path, dates in sorted(_parse(log, Path("/r")).items()):
    ...     print(path.name, dates.added[:10], dates.modified[:10])
    a.yaml 2024-01-01 2024-02-01
    b.yaml 2024-01-01 2024-01-01
    """
    latest: dict[str, str] = {}
    first: dict[str, str] = {}
    for block in out.split(COMMIT)[1:]:
        head, _, names = block.partition("\n")
        date = head.strip().strip("\x00")
        for name in names.split("\x00"):
            name = name.strip("\n")
            if not name:
                continue
            latest.setdefault(name, date)
            first[name] = date  # the log runs newest first: the last date seen is the first commit
    return {root / name: FileDates(first[name], latest[name]) for name in latest}
