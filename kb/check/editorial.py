"""Editorial rules: what the corpus still lacks. One table for the coverage page, `kb validate` and the tests.

One verdict everywhere: a *required* rule (two relations and an axis for every model and paper) is an error
of `kb validate` itself, so the pre-commit hook, CI and a contributor's terminal reject the same entries with
the same message. The other rules are advice: `kb validate --editorial` shows them as warnings (with one
re-check of the figures: training compute more than 3x from 6·N·D, `compute_vs_6nd`), the coverage page lists
their offenders, and they never fail a check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kb import vocab
from kb.check.context import Context
from kb.check.file_rules import PLACEHOLDER
from kb.model import Entry, KnowledgeBase
from kb.problems import ERROR, WARNING, Problem
from kb.values import short

MIN_RELATIONS = 2
MIN_MEMBERS = 5
SIX_ND_LIMIT = 3  # training compute may differ from 6·N·D by up to this factor either way
# A training_compute note that mentions 6·N·D (6·N·D, 6ND, 6*N*D, 6 x N x D) says how compute relates to it.
SIX_ND_NOTE = re.compile(r"(?<![\w.])6\s*[·*x×]?\s*N\s*[·*x×]?\s*D\b", re.IGNORECASE)

# What a single-entry rule finds in one entry: the field to point at and the message, or None.
Miss = Callable[[Entry], tuple[str, str] | None]


@dataclass(frozen=True)
class Rule:
    """An editorial rule: its name, what it asks for, whether the shipped corpus must pass it, and a function
    giving the ids of the entries that miss it (sorted). `miss` is set when the rule concerns one entry's own
    file: it says where and why, for `kb validate --editorial`."""

    name: str
    title: str
    required: bool
    offenders: Callable[[KnowledgeBase], list[str]]
    miss: Miss | None = None


def _of_kind(kb: KnowledgeBase, *kinds: str) -> list[Entry]:
    return [kb.entries[eid] for eid in sorted(kb.entries) if kb.entries[eid].kind in kinds]


def _each(miss: Miss) -> Callable[[KnowledgeBase], list[str]]:
    """The offenders of a single-entry rule: the entries where `miss` finds something."""
    return lambda kb: [e.id for e in _of_kind(kb, *vocab.ALL_KINDS) if miss(e) is not None]


def _lacks(kinds: tuple[str, ...], field: str) -> Callable[[KnowledgeBase], list[str]]:
    """Entries of `kinds` with nothing under `field`."""
    return lambda kb: [e.id for e in _of_kind(kb, *kinds) if not e.data.get(field)]


def _missing_figure(figure: str) -> Callable[[KnowledgeBase], list[str]]:
    def offenders(kb: KnowledgeBase) -> list[str]:
        return [e.id for e in _of_kind(kb, "model") if figure not in (e.data.get("figures") or {})]

    return offenders


def relation_count(entry: Entry) -> int:
    """How many relations an entry lists under `relations:` (of the relation types in the vocabulary)."""
    relations = entry.data.get("relations")
    if not isinstance(relations, dict):
        return 0
    return sum(len(v) for k, v in relations.items() if k in vocab.RELATIONS and isinstance(v, list))


def few_relations(entry: Entry) -> tuple[str, str] | None:
    """A model or paper with fewer than two relations: the network cannot show where it came from."""
    count = relation_count(entry)
    if entry.kind not in ("model", "paper") or count >= MIN_RELATIONS:
        return None
    return "relations", (
        f"a {entry.kind} needs at least {MIN_RELATIONS} relations (builds_on, introduces, "
        f"uses, succeeds, revises) so the network shows where it came from; it has {count}"
    )


def no_axis(entry: Entry) -> tuple[str, str] | None:
    """A model or paper that names no scaling axis."""
    if entry.kind not in ("model", "paper") or entry.data.get("axes"):
        return None
    return (
        "axes",
        f"a {entry.kind} needs at least one scaling axis it pushed under 'axes:', with a one-line reason",
    )


def small_groups(kb: KnowledgeBase) -> list[str]:
    """Eras and axes with fewer than five entries (naming an era under `era:`, an axis under `axes:`)."""
    named: Counter[tuple[str, str]] = Counter()
    for entry in kb.entries.values():
        era, axes = entry.data.get("era"), entry.data.get("axes")
        if isinstance(era, str):
            named["era", era] += 1
        if isinstance(axes, dict):
            named.update(("axis", axis) for axis in axes)
    return [e.id for e in _of_kind(kb, "era", "axis") if named[e.kind, e.id] < MIN_MEMBERS]


def unused_organizations(kb: KnowledgeBase) -> list[str]:
    """Organizations no entry names under `organization:`."""
    named = {e.data.get("organization") for e in kb.entries.values()}
    return [e.id for e in _of_kind(kb, "organization") if e.id not in named]


RULES = (
    Rule(
        "few-relations",
        "Models and papers with fewer than two outgoing relations",
        True,
        _each(few_relations),
        few_relations,
    ),
    Rule("unsourced", "Entries without a source", True, _lacks(vocab.SOURCED_KINDS, "sources")),
    Rule("no-axis", "Models and papers without a scaling axis", True, _each(no_axis), no_axis),
    Rule("small-groups", "Eras and axes with fewer than five entries", False, small_groups),
    Rule("no-compute", "Models without a training compute figure", False, _missing_figure("training_compute")),
    Rule("no-parameters", "Models without a parameter count", False, _missing_figure("parameters")),
    Rule("no-data", "Models without a training data figure", False, _missing_figure("training_data")),
    Rule(
        "no-description",
        "Entries without a longer description",
        False,
        _lacks(("model", "paper", "concept", "article"), "description"),
    ),
    Rule("unused-organizations", "Organizations no entry points to", False, unused_organizations),
)

# The rules the shipped corpus must pass (the others describe gaps to fill, often because figures were never
# disclosed). `unsourced` needs no warning of its own: the schema already makes `sources` an error.
REQUIRED_RULES = tuple(rule.name for rule in RULES if rule.required)


def check_required(ctx: Context) -> Iterator[Problem]:
    """Errors (a corpus rule every `kb validate` runs) for the required rules about one entry's file."""
    for entry in ctx.entries.values():
        for rule in RULES:
            found = rule.miss(entry) if rule.required and rule.miss else None
            if found is not None and not PLACEHOLDER.search(str(entry.data.get(found[0], ""))):
                field, message = found  # (a field the template left unfilled is reported as that, once)
                yield Problem(entry.shown_path, *entry.at(field), ERROR, message)


def check_editorial(ctx: Context) -> Iterator[Problem]:
    """Warnings (run by `kb validate --editorial`): advice that never fails a check."""
    kb = KnowledgeBase(entries=ctx.entries)
    for rule in RULES:
        if rule.required or rule.name not in ADVICE:
            continue
        for eid in rule.offenders(kb):
            entry = ctx.entries[eid]
            yield Problem(entry.shown_path, 1, 1, WARNING, ADVICE[rule.name](entry))
    for entry in ctx.entries.values():
        if (message := compute_vs_6nd(entry)) is not None:
            yield Problem(entry.shown_path, *entry.at("figures", "training_compute", "value"), WARNING, message)


# What `--editorial` says about an offender of an advisory rule about the corpus (the figure gaps, often never
# disclosed, are on the coverage page only).
ADVICE = {
    "small-groups": lambda e: (
        f"fewer than {MIN_MEMBERS} entries name this {e.kind}; the {e.kind} page will look thin (advice)"
    ),
    "unused-organizations": lambda e: "no entry names this organization under 'organization:' yet (advice)",
}


def compute_vs_6nd(entry: Entry) -> str | None:
    """Training compute more than 3x from 6·N·D, where N is the active parameters (else the parameters) and D the
    training data in tokens, unless the compute's note mentions 6·N·D (an explained exception).

    >>> from kb.model import FigureValue
    >>> class E(Entry):
    ...     figures = {"parameters": FigureValue("parameters", 1.5e9, "official", "u"),
    ...                "training_data": FigureValue("training_data", 1.07e10, "estimated", "u", "tokens"),
    ...                "training_compute": FigureValue("training_compute", 1.92e21, "estimated", "u")}
    >>> print(compute_vs_6nd(E("m", "model", None, None)))  # doctest: +ELLIPSIS
    training compute 1.92e21 FLOP is 19.9x 6·N·D = 6 x 1.5B parameters x 10.7B tokens = 9.63e19 FLOP ...
    """
    figures = entry.figures
    n = figures.get("active_parameters") or figures.get("parameters")
    d, c = figures.get("training_data"), figures.get("training_compute")
    if entry.kind not in ("model", "paper") or not (n and d and c) or d.unit != "tokens":
        return None
    if c.note and SIX_ND_NOTE.search(c.note):
        return None
    expected = 6 * n.value * d.value
    ratio = c.value / expected
    if 1 / SIX_ND_LIMIT <= ratio <= SIX_ND_LIMIT:
        return None
    factor = f"{ratio:.1f}x" if ratio > 1 else f"1/{1 / ratio:.1f} of"
    which = "active parameters" if n.name == "active_parameters" else "parameters"
    return (
        f"training compute {short(c.value)} FLOP is {factor} 6·N·D = 6 x {short(n.value)} {which} x "
        f"{short(d.value)} tokens = {short(expected)} FLOP (more than {SIX_ND_LIMIT}x apart); check the three "
        "figures, and if the gap is real (several epochs, tokens seen other than training_data, compute counted "
        "for another run) say why in figures.training_compute.note, mentioning 6·N·D, which ends this warning"
    )
