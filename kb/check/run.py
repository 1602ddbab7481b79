"""The run: read every entry, apply the per-file rules, then the rules across files, and collect the problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from kb import vocab
from kb.check.context import Context
from kb.check.corpus_rules import CORPUS_RULES, kinds_phrase
from kb.check.editorial import check_editorial, check_required
from kb.check.file_rules import FILE_RULES, check_characters, check_placeholders, check_schema
from kb.model import Entry, InvalidEntries, KnowledgeBase
from kb.problems import ERROR, Problem, display_path, summary
from kb.read.files import discover, read_entry

# check_schema and check_characters are used on their own by tests/test_schema.py; kinds_phrase by the tests
__all__ = [
    "check_characters",
    "check_file",
    "check_paths",
    "check_schema",
    "kinds_phrase",
    "load",
    "load_valid",
    "report",
]


def check_file(entry: Entry, ctx: Context) -> list[Problem]:
    """Every per-file problem of one entry, in file order."""
    found, seen = [], set()
    placeholders = {path for path, _ in check_placeholders(entry, ctx)}
    for rule in FILE_RULES:
        for path, message, *position in rule(entry, ctx):  # a rule may place a problem inside a long value
            if path in placeholders and rule is not check_placeholders:
                continue  # 'TODO' is not an id, not a date...: say once that the template needs filling in
            problem = Problem(entry.shown_path, *(position[0] if position else entry.at(*path)), ERROR, message)
            if problem not in seen:  # e.g. an empty string breaks both minLength and pattern
                seen.add(problem)
                found.append(problem)
    return found


def _duplicate(entry: Entry, other: Entry) -> Problem:
    return Problem(
        entry.shown_path,
        1,
        1,
        ERROR,
        f"duplicate id '{entry.id}': {other.shown_path} has the same id; ids are unique across all folders, "
        "rename one file",
    )


class FileCache(dict):
    """What `load` found in each file, kept between runs (`kb serve`): a file whose size, modification time and
    identity have not changed is not read or checked again. The rules across files always run again."""

    def __init__(self) -> None:
        super().__init__()
        self.real: dict[Path, Path] = {}  # each file's resolved path


def _signature(path: Path, kind: str, today: dt.date) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (kind, stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns, today)


def _read_and_check(path: Path, kind: str, ctx: Context, cache: FileCache | None) -> tuple[Entry | None, list]:
    signature = _signature(path, kind, ctx.today) if cache is not None else None
    if signature is not None and cache.get(path, (None,))[0] == signature:
        return cache[path][1], list(cache[path][2])
    try:
        entry, problems = read_entry(path, kind)
        if entry is not None:
            problems = problems + check_file(entry, ctx)
    except Exception as exc:
        exc.add_note(f"while reading {display_path(path)}")  # the CLI prints it: the user knows which file
        raise
    if signature is not None:
        cache[path] = (signature, entry, tuple(problems))
    return entry, problems


def load(
    root: Path, today: dt.date | None = None, editorial: bool = False, cache: FileCache | None = None
) -> KnowledgeBase:
    """Read and check every entry below `root`: all problems, then the entries that were readable.

    Dates are checked against `today` (the real today when None). The required editorial rules are errors
    (kb.check.editorial); with `editorial`, the advisory ones add warnings. With a `cache` (kept by the
    caller between runs), files that have not changed since the last run are not read again.
    """
    kb = KnowledgeBase()
    found, kb.problems = discover(Path(root))
    kb.files = len(found)
    real = cache.real if cache is not None else {}
    kb.read = {real.get(path) or real.setdefault(path, path.resolve()) for _, path in found}
    ctx = Context(today or dt.date.today())
    if cache is not None:
        for gone in set(cache) - {path for _, path in found}:
            del cache[gone]
    for kind, path in found:
        entry, problems = _read_and_check(path, kind, ctx, cache)
        kb.problems += problems
        if entry is None:
            continue
        if entry.id in kb.entries:
            kb.problems.append(_duplicate(entry, kb.entries[entry.id]))
        else:
            kb.entries[entry.id] = entry
    ctx = Context(ctx.today, kb.entries)
    for rule in CORPUS_RULES + (check_required,) + ((check_editorial,) if editorial else ()):
        kb.problems += rule(ctx)
    kb.problems.sort(key=lambda p: (p.path, p.line, p.col))
    return kb


def load_valid(root: Path, today: dt.date | None = None) -> KnowledgeBase:
    """The checked knowledge base below `root`; raise InvalidEntries when any entry has an error."""
    kb = load(root, today)
    if not kb.ok:
        raise InvalidEntries(kb)
    return kb


def report(kb: KnowledgeBase) -> str:
    """Every problem of `kb`, one per line (PATH:LINE:COL: error: MESSAGE), then the summary line."""
    return "\n".join([p.format() for p in kb.problems] + [summary(kb.problems, kb.files)])


def check_paths(kb: KnowledgeBase, paths: Iterable[Path]) -> list[Problem]:
    """The problems of `kb` that concern the named files only, paths compared once resolved.

    A named file that was not read as an entry is a problem in itself, so that nothing passes unchecked.
    """
    wanted = {Path(p).resolve(): Path(p) for p in paths}
    found = [p for p in kb.problems if Path(p.path).resolve() in wanted]
    mentioned = {Path(p.path).resolve() for p in found}
    for real, given in wanted.items():
        if real not in kb.read and real not in mentioned:
            found.append(
                Problem(
                    display_path(given),
                    1,
                    1,
                    ERROR,
                    "this file was not read as an entry; entries are '.yaml' files directly inside one of "
                    + ", ".join(f + "/" for f in vocab.KINDS)
                    + " in the entries folder",
                )
            )
    return found
