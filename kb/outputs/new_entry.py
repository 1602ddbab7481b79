"""Commented templates for new entries, one per kind (`kb new KIND ID`)."""

from __future__ import annotations

import re
from pathlib import Path

from kb import vocab
from kb.check.messages import slug
from kb.read.catalog import catalog
from kb.schema_editor import GENERATED, write

REFERENCE_PAGE = "reference/schema/"  # the site's Entry reference page (kb/site/reference.py), every field explained

HEAD = """# yaml-language-server: $schema=../../schema/{kind}.schema.json
# A new {kind} entry. Fill in every TODO, delete the comments you do not need, then run:
#   kb validate {path}
# Field reference: the Entry reference page of the site, {reference} (with `kb serve`:
# http://127.0.0.1:8000/{reference}). Editors with a YAML extension complete and check fields (line 1).
name: TODO name as people know it
# aliases: [Other Name]  # other names people search for
summary: >-
  TODO one to three sentences in your own words: what it is and why it matters for where the
  compute went.
"""

SOURCES = """sources:  # at least one primary source: arXiv abstract, official post or model card
  - title: TODO authors and title
    url: https://TODO.example.org/
"""

DATED = """# date: first public release (paper, post or weights, whichever came first)
date: "TODO"  # YYYY, YYYY-MM or YYYY-MM-DD
date_note: TODO the event the date marks, e.g. arXiv v1  # optional
"""

ERA = """era: TODO  # one of: wild-west, early-scaling-laws, current-scaling-laws
"""

MODEL = """organization: TODO  # id of the lead organization, e.g. openai, google, deepmind, meta
axes:  # axis id -> one line on why this entry pushed that axis
  TODO-axis: TODO why  # parameters, training-data, training-compute, sparsity, test-time-compute
figures:  # leave out what was never disclosed; never guess
  parameters:
    value: TODO  # 70B, 1.4T, 60M, 175e9 ...
    status: official  # official (the developer said so), estimated (add `by:`), rumored (name the leak in `note:`)
    source: https://TODO.example.org/  # where this exact number is printed
  # training_compute: {value: 5.76e23, status: estimated, by: Epoch AI, source: https://epoch.ai/data/ai-models}
  # training_data: {value: 1.4T, unit: tokens, status: official, source: https://arxiv.org/abs/...}
relations:  # at least two; ids of other entries
  builds_on: [TODO]
  # introduces: [a-concept]   uses: [a-concept]   succeeds: [previous-model]   revises: [earlier-result]
"""

PAPER = """organization: TODO  # id of the lead authors' organization
authors: [TODO First Author, et al.]
axes:
  TODO-axis: TODO why
relations:  # at least two; ids of other entries
  builds_on: [TODO]
  # introduces: [a-concept]   uses: [a-concept]   revises: [earlier-result]
"""

CONCEPT = """date: "TODO"  # optional: when the idea was introduced
# era: early-scaling-laws  # optional: the era where the idea came to matter
# axes: {sparsity: why this idea pushes that axis}
relations:
  uses: [TODO]  # other concepts it relies on; builds_on: [earlier work]
"""

ARTICLE = """date: "TODO"  # publication date
authors: [TODO]
# organization: TODO  # optional
relations:
  discusses: [TODO]  # the entries it is about
"""

ERA_BODY = """start: "TODO"  # YYYY or YYYY-MM
# end: "TODO"  # leave out for the current era
opened_by: [TODO]  # entries that mark the start
# closed_by: [TODO]
"""

AXIS_BODY = """unit: TODO  # what the axis is measured in
# figure: parameters  # the figure plotted on the axis page
"""

ORGANIZATION_BODY = """homepage: https://TODO.example.org/
"""

BENCHMARK_BODY = """date: "TODO"  # when the benchmark was introduced (paper or release)
organization: TODO  # optional: id of the organization that introduced it
metric: TODO  # what a score means, e.g. "% of the 30 problems answered correctly"
unit: "%"  # the score's unit: %, Elo, points
higher_is_better: true
range: {min: 0, max: 100}  # leave out max when there is none (an Elo rating)
"""


def template(kind: str, eid: str, path=None) -> str:
    """The commented starting text of a new entry of `kind` with id `eid` (to be written at `path`)."""
    path = path.as_posix() if path is not None else f"entries/{vocab.FOLDERS[kind]}/{eid}.yaml"
    text = HEAD.format(kind=kind, path=path, reference=REFERENCE_PAGE)
    body = {
        "model": DATED + ERA + MODEL + SOURCES,
        "paper": DATED + ERA + PAPER + SOURCES,
        "concept": CONCEPT + SOURCES,
        "article": ARTICLE + SOURCES,
        "era": ERA_BODY,
        "axis": AXIS_BODY,
        "organization": ORGANIZATION_BODY,
        "benchmark": BENCHMARK_BODY + SOURCES,
    }[kind]
    return text + body


class Refused(Exception):
    """The entry was not written; the message says why and what to do."""


def write_new_entry(entries_dir: Path, kind: str, entry_id: str) -> Path:
    """Write the template of a new `kind` entry as `entries_dir/<folder>/<entry_id>.yaml`; never overwrite.

    Then rewrite the editor schema beside the entries folder (`refresh_schema`), which lists every id, so
    that editors complete the new one and `kb schema --check` still passes.
    Raises Refused for an invalid or taken id, or a kind folder that is not a folder.
    """
    kind = vocab.KINDS.get(kind, kind)
    if not re.fullmatch(vocab.ID_PATTERN, entry_id) or entry_id in vocab.RESERVED_IDS:
        suggestion = slug(entry_id)
        raise Refused(
            f"'{entry_id}' is not a valid id; ids are lowercase slugs: try 'kb new {kind} {suggestion}'"
            if entry_id not in vocab.RESERVED_IDS
            else f"'{entry_id}' is not a valid id: it is reserved for the site's own pages; choose another id"
        )
    existing = {p.stem: p for folder in vocab.KINDS for p in (entries_dir / folder).glob("*.yaml")}
    if entry_id in existing:
        raise Refused(f"an entry '{entry_id}' already exists at {existing[entry_id]}; nothing was written")
    path = entries_dir / vocab.FOLDERS[kind] / f"{entry_id}.yaml"
    if path.parent.exists() and not path.parent.is_dir():
        raise Refused(f"'{path.parent}' is a file, not a folder; entries of kind {kind} live in that folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(template(kind, entry_id, path))
    except FileExistsError:
        raise Refused(f"{path} already exists; nothing was written") from None
    refresh_schema(entries_dir)
    return path


def refresh_schema(entries_dir: Path) -> list[Path]:
    """Rewrite the schema files where the entries' modelines point (../schema beside `entries_dir`) with the
    ids as they are now, if `kb schema` wrote them: they are kb's own output. Return the paths written."""
    directory = entries_dir.parent / "schema"
    try:
        ours = GENERATED in (directory / "entry.schema.json").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return write(directory, catalog(entries_dir)) if ours else []
