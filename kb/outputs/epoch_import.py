"""`kb import epoch`: draft model entries from rows of Epoch AI's CSV, and the rows no entry matches yet.

A draft copies numbers, dates, names and URLs, never prose (abstracts, notes). Its figures are marked
`estimated, by: Epoch AI`; what only a curator can write (summary, axes with reasons, relations, the titles
of sources, a check of every figure) is left as `TODO`, which `kb validate` reports as errors, so that a draft
cannot be merged by accident. Nothing is ever overwritten.
"""

from __future__ import annotations

import json
import re
import shlex
import unicodedata
from pathlib import Path

from kb import vocab
from kb.check.messages import did_you_mean
from kb.model import Entry, KnowledgeBase
from kb.outputs.epoch import EPOCH_TITLE, EPOCH_URL, Row, Table, match_all, matched_kinds, names_of, normalize
from kb.values import PartialDate, short


class Refused(Exception):
    """No draft was written; the message says why and what to do."""


def find_row(table: Table, name: str) -> Row:
    """The row whose Model is `name` (exactly, else with case and punctuation ignored); Refused if none."""
    exact = [row for row in table.rows if row.model == name]
    loose = exact or [row for row in table.rows if normalize(row.model) == normalize(name)]
    if not loose:
        hint = did_you_mean(name, [row.model for row in table.rows])
        raise Refused(f"{table.path.name} has no row named '{name}'{hint}; nothing was written")
    return loose[0]


def organization_of(kb: KnowledgeBase, row: Row) -> str | None:
    """The id of the organization entry named first among the row's organizations (by name or alias), or None."""
    known = {}
    for entry in kb.entries.values():
        if entry.kind == "organization":
            for _, name in names_of(entry):
                known.setdefault(normalize(name), entry.id)
    for name in row.organization.split(","):
        if normalize(name) and normalize(name) in known:
            return known[normalize(name)]
    return None


def era_of(kb: KnowledgeBase, date: PartialDate | None) -> str | None:
    """The era whose span holds `date` (the later-starting one where two meet), or None."""
    found = []
    for entry in kb.entries.values():
        if entry.kind != "era" or entry.start is None or date is None:
            continue
        if entry.start.start <= date.start and (entry.end is None or date.start <= entry.end.end):
            found.append((entry.start.start, entry.id))
    return max(found)[1] if found else None


def draft_id(model: str) -> str:
    """The id of a draft: the model's name as a lowercase slug, accents dropped ('' when nothing is left).

    >>> draft_id("CLIP (ViT L/14@336px)"), draft_id("Qwen2.5-Max"), draft_id("文心")
    ('clip-vit-l-14-336px', 'qwen2-5-max', '')
    """
    ascii_name = unicodedata.normalize("NFKD", model).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower())[: vocab.MAX_LEN["name"]].strip("-")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _number(name: str, value: float) -> str:
    if vocab.FIGURES[name].integer:
        return str(round(value))
    return f"{value:.10g}"


def _link(row: Row) -> str | None:
    for part in re.split(r"[\s,]+", row.link):
        if re.fullmatch(vocab.URL_PATTERN, part) and len(part) <= vocab.MAX_LEN["url"]:
            return part
    return None


HEAD = """\
# yaml-language-server: $schema=../../schema/model.schema.json
# DRAFT written by `kb import epoch` from Epoch AI's Notable AI Models data (CC BY 4.0), row {model}.
# It copies the row's name, date, figures and link, never its prose. Every TODO is a curator's: `kb validate`
# reports each one, so the draft cannot be merged as it is. Check every figure against the primary source.
"""

FIGURE = """\
  {name}:
    value: {value}
{unit}    status: estimated
    by: Epoch AI
    source: {url}
    note: {note}
"""

TAIL = """\
relations:  # at least two; ids of other entries
  builds_on: [TODO]
sources:
  - title: {epoch_title}
    url: {epoch_url}
"""


def _figures(row: Row) -> str:
    if not row.figures:
        return ""
    out = "figures:  # copied from Epoch AI; leave out what you cannot confirm\n"
    for name, value in row.figures.items():
        unit = ""
        if name == "training_data":
            unit = "    unit: TODO  # Epoch counts datapoints: tokens or words (0.75 per token) for text, images...\n"
        note = (
            f"Epoch AI's value, copied by kb import epoch. Epoch AI confidence: {row.shown_confidence}. TODO "
            "check it against the primary source; if the developer printed it, mark it official with that source."
        )
        out += FIGURE.format(name=name, value=_number(name, value), unit=unit, url=EPOCH_URL, note=_quoted(note))
    return out


def draft(kb: KnowledgeBase, row: Row) -> tuple[str, list[str]]:
    """The text of a draft entry for `row`, and notes for the person who asked for it (what was not found)."""
    notes = []
    organization, era = organization_of(kb, row), era_of(kb, row.date)
    if organization is None:
        notes.append(f"organization '{row.organization}' matches no organization entry: write one, or fix the TODO")
    if era is None:
        notes.append(f"no era spans the date {row.date or '(none)'}: fill in the era")
    date = f'"{row.date}"  # Epoch\'s publication date; check it' if row.date else '"TODO"  # YYYY-MM-DD'
    text = HEAD.format(model=_quoted(row.model))
    text += f"name: {_quoted(row.model)}\n"
    text += f"epoch_name: {_quoted(row.model)}  # pins this entry to its row for kb check --against\n"
    text += "summary: TODO one to three sentences in your own words (never Epoch's abstract).\n"
    text += f"date: {date}\ndate_note: TODO the event the date marks (paper, announcement or weights)\n"
    text += f"organization: {organization or 'TODO'}\nera: {era or 'TODO'}\n"
    text += "axes:  # axis id -> one line on why this model pushed that axis\n  TODO-axis: TODO why\n"
    text += _figures(row)
    text += TAIL.format(epoch_title=_quoted(EPOCH_TITLE), epoch_url=EPOCH_URL)
    link = _link(row)
    if link:
        text += f"  - title: TODO authors and title of the page at this link\n    url: {link}\n"
    else:
        notes.append("the row has no http(s) link: add the model's primary source")
    return text, notes


def _conflicts(kb: KnowledgeBase, entries_dir: Path, ids: list[str]) -> list[str]:
    """Why each id cannot be written: an entry or a file already has it, or two rows give the same id."""
    found = []
    for position, eid in enumerate(ids):
        files = [p for folder in vocab.KINDS for p in [entries_dir / folder / f"{eid}.yaml"] if p.exists()]
        if eid in kb.entries or files:
            where = files[0] if files else kb.entries[eid].shown_path
            found.append(f"an entry '{eid}' already exists at {where}")
        elif eid in ids[:position]:
            found.append(f"two of the rows named would both be written as '{eid}'")
        elif not re.fullmatch(vocab.ID_PATTERN, eid) or eid in vocab.RESERVED_IDS:
            found.append(f"no usable id can be made from the row's name ('{eid}'): write that entry with kb new")
    return found


def write_drafts(kb: KnowledgeBase, table: Table, names: list[str], entries_dir: Path) -> list[tuple[Path, list]]:
    """Write one draft per named row into `entries_dir`/models/; all of them, or none (Refused says why)."""
    rows = [find_row(table, name) for name in names]
    ids = [draft_id(row.model) for row in rows]
    conflicts = _conflicts(kb, entries_dir, ids)
    if conflicts:
        raise Refused("; ".join(conflicts) + "; nothing was written (kb import never overwrites)")
    folder = entries_dir / vocab.FOLDERS["model"]
    if folder.exists() and not folder.is_dir():
        raise Refused(f"'{folder}' is a file, not a folder; nothing was written")
    drafts = [draft(kb, row) for row in rows]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for eid, (text, notes) in zip(ids, drafts, strict=True):
        path = folder / f"{eid}.yaml"
        try:
            with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
                handle.write(text)
        except FileExistsError:
            raise Refused(f"{path} appeared while writing; it was left alone") from None
        written.append((path, notes))
    return written


def known_names(entries: list[Entry]) -> set[str]:
    """Every name, alias and pin of the entries, normalized."""
    names = {normalize(name) for entry in entries for _, name in names_of(entry)}
    return names | {normalize(e.data["epoch_name"]) for e in entries if isinstance(e.data.get("epoch_name"), str)}


def unmatched_rows(kb: KnowledgeBase, table: Table, since: int | None = None) -> list[Row]:
    """The rows no entry matches (by pin, name or alias), newest first."""
    matches, _ = match_all(matched_kinds(kb), table.rows)
    claimed = {id(m.row) for m in matches}
    known = known_names([e for e in kb.entries.values() if e.kind in vocab.RESULT_KINDS])
    rows = [
        row
        for row in table.rows
        if id(row) not in claimed
        and normalize(row.model) not in known
        and (since is None or (row.date is not None and row.date.year >= since))
    ]
    rows.sort(key=lambda row: row.date.start if row.date else (0, 0, 0), reverse=True)
    return rows


def missing_rows(kb: KnowledgeBase, table: Table, since: int | None, limit: int) -> str:
    """The rows no entry matches, newest first, as text: candidates for `kb import epoch`."""
    rows = unmatched_rows(kb, table, since)
    since_text = f" dated {since} or later" if since is not None else ""
    count, shown = len(rows), min(limit, len(rows))
    out = [
        f"{count} row{'s' * (count != 1)} of {table.path.name}{since_text} match{'es' * (count == 1)} no entry"
        + (f"; the {shown} newest:" if count else ".")
    ]
    for row in rows[:limit]:
        figures = ", ".join(f"{name} {short(value)}" for name, value in row.figures.items())
        where = row.organization or "no organization"
        out.append(f"  {row.date or 'undated'}  {row.model}  ({where}; {figures or 'no figures'})")
    if rows:
        out.append(f"Draft one with: kb import epoch {shlex.quote(str(table.path))} {shlex.quote(rows[0].model)}")
    return "\n".join(out) + "\n"
