"""The report of `kb check --against` as text, Markdown (for a pull request) or GitHub annotations."""

from __future__ import annotations

from collections import Counter

from kb.outputs.epoch import Match
from kb.outputs.epoch_check import KINDS, READINGS, WORDS_PER_TOKEN, Report
from kb.outputs.inert_markdown import md_text as md
from kb.problems import printable

FORMATS = ("text", "markdown", "github")
METHOD = (
    "Figures are compared within 10% (training compute: 2x), dates within a month. Training data is compared only "
    f"where the entry counts {', '.join(list(READINGS)[:-1])} or {list(READINGS)[-1]}, tokens and words each way "
    f"at {WORDS_PER_TOKEN} words per token, as Epoch counts the text of many language models in words. Status is "
    "judged by a heuristic: Epoch's estimation-method column for compute ('Reported' or not), and words such as "
    "'estimate' or 'reported' in its notes columns."
)


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS."""
    return {"text": text, "markdown": markdown, "github": github}[fmt](report)


def summary(report: Report) -> str:
    """One line: what was compared, what matched, and how many disagreements of each kind."""
    counts = Counter(f.kind for f in report.findings)
    kinds = ", ".join(f"{counts[k]} {k}" for k in KINDS if counts[k])
    total = len(report.findings)
    return (
        f"{len(report.compared)} entries compared with {len(report.table.rows)} rows of {report.table.path.name}: "
        f"{len(report.matches)} matched a row, {len(report.unmatched)} matched none; "
        f"{total} disagreement{'s' * (total != 1)}" + (f" ({kinds})" if kinds else "") + "."
    )


def how(match: Match) -> str:
    """How an entry found its row, in words, with the other rows its names also matched."""
    said = {"pinned": "pinned with epoch_name", "name": "by its name", "alias": f"by its alias '{match.key}'"}
    text = said[match.how]
    if match.others:
        others = ", ".join(f"'{row.model}' ({row.date or 'undated'})" for row in match.others)
        text += (
            f"; its names also match {others}: the row nearest its date ({match.row.date or 'undated'}) was "
            "taken, pin another with epoch_name"
        )
    return text


def _file_notes(report: Report) -> list[str]:
    table = report.table
    lines = []
    if table.absent:
        lines.append("optional columns absent, so not used: " + ", ".join(f"'{c}'" for c in table.absent))
    lines += table.unreadable
    lines += [
        f"row '{row.model}' is matched by {len(entries)} entries: " + ", ".join(e.id for e in entries)
        for row, entries in report.shared
    ]
    return lines


def text(report: Report) -> str:
    """The report for a terminal: disagreements as PATH:LINE:COL: warning: MESSAGE, then the matching."""
    out = [f"Disagreements with Epoch AI's Notable AI Models ({len(report.findings)})"]
    for finding in report.findings:
        out.append(finding.problem().format())
        if finding.note:
            out.append(f"    the entry's note: {printable(finding.note)}")
    out += ["", f"Not compared ({len(report.uncompared)})"]
    out += [f"  {entry.id}: {printable(what)}" for entry, what in report.uncompared]
    out += ["", f"How entries matched rows ({len(report.matches)})"]
    width = max((len(m.entry.id) for m in report.matches), default=0)
    out += [
        f"  {m.entry.id:<{width}} -> '{printable(m.row.model)}' (line {m.row.line}), {printable(how(m))}"
        for m in report.matches
    ]
    out += ["", f"Entries that matched no row ({len(report.unmatched)})"]
    out += [f"  {u.entry.id}: {printable(u.reason)}" for u in report.unmatched]
    notes = _file_notes(report)
    if notes:
        out += ["", f"About {report.table.path.name}"] + [f"  {printable(line)}" for line in notes]
    out += ["", METHOD, summary(report)]
    return "\n".join(out) + "\n"


def github(report: Report) -> str:
    """GitHub Actions annotations, one per disagreement at the line of its field, then the summary line."""
    lines = [finding.problem().format("github") for finding in report.findings]
    return "\n".join(lines + [summary(report)]) + "\n"


def markdown(report: Report) -> str:
    """The report as Markdown, for a pull-request comment."""
    out = ["## Cross-check with Epoch AI's Notable AI Models", "", md(summary(report)), ""]
    out += [f"### Disagreements ({len(report.findings)})", ""]
    if report.findings:
        out += ["| entry | line | kind | disagreement | the entry's note |", "|---|---|---|---|---|"]
        for f in report.findings:
            line = f.entry.at(*f.where)[0]
            out.append(f"| {md(f.entry.shown_path)} | {line} | {f.kind} | {md(f.message)} | {md(f.note or '')} |")
        out.append("")
    out += [f"### Not compared ({len(report.uncompared)})", ""]
    out += [f"- {md(entry.id)}: {md(what)}" for entry, what in report.uncompared] + [""]
    out += [f"### How entries matched rows ({len(report.matches)})", ""]
    out += ["| entry | row | how |", "|---|---|---|"]
    out += [f"| {md(m.entry.id)} | {md(m.row.model)} | {md(how(m))} |" for m in report.matches] + [""]
    out += [f"### Entries that matched no row ({len(report.unmatched)})", ""]
    out += [f"- {md(u.entry.id)}: {md(u.reason)}" for u in report.unmatched] + [""]
    notes = _file_notes(report)
    if notes:
        out += [f"### About {md(report.table.path.name)}", ""] + [f"- {md(line)}" for line in notes] + [""]
    out += [md(METHOD), ""]
    return "\n".join(out)
