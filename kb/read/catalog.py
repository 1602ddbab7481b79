"""The ids of the entries in a folder and their names, by kind: what the editor schema offers as completions."""

from __future__ import annotations

import re
from pathlib import Path

from kb import vocab
from kb.read.files import discover, read_entry

PLACEHOLDER = re.compile(r"\bTODO\b")  # a name `kb new` left to fill in is no name yet


def catalog(root: Path) -> dict[str, dict[str, str]]:
    """Every entry id under `root` by kind, with the entry's name ('' when it has none yet), ids sorted.

    An entry whose file YAML cannot read still counts: its id exists. A file name that is not a valid id
    does not (`kb validate` reports it). For tests/fixtures/minimal, the eras are
    ``{'new-era': 'New era', 'old-era': 'Old era'}``.
    """
    found: dict[str, dict[str, str]] = {kind: {} for kind in vocab.ALL_KINDS}
    for kind, path in discover(root)[0]:
        if not re.fullmatch(vocab.ID_PATTERN, path.stem) or path.stem in vocab.RESERVED_IDS:
            continue
        entry, _ = read_entry(path, kind)
        data = entry.data if entry is not None else None
        name = data.get("name") if isinstance(data, dict) else None
        found[kind][path.stem] = name.strip() if isinstance(name, str) and not PLACEHOLDER.search(name) else ""
    return {kind: dict(sorted(ids.items())) for kind, ids in found.items()}
