"""The vocabulary: kinds, relation types, figure names and limits. One table for each rule."""

from __future__ import annotations

from dataclasses import dataclass

# folder name -> kind
KINDS: dict[str, str] = {
    "models": "model",
    "papers": "paper",
    "concepts": "concept",
    "articles": "article",
    "eras": "era",
    "axes": "axis",
    "organizations": "organization",
    "benchmarks": "benchmark",
}
FOLDERS: dict[str, str] = {kind: folder for folder, kind in KINDS.items()}
ALL_KINDS = tuple(KINDS.values())

# kinds whose entries must cite at least one source
SOURCED_KINDS = ("model", "paper", "concept", "article", "benchmark")

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
RESERVED_IDS = ("index", "assets", "search")
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
MIN_YEAR = 1900  # the earliest year a date may name: deep learning's history starts well after it
URL_PATTERN = r"""^https?://[^\s<>"'`]+$"""  # no backslash before '"': ECMA-262 regexes (editors) refuse it

STATUSES = ("official", "estimated", "rumored")


@dataclass(frozen=True)
class Relation:
    """A relation type: how it reads forwards and backwards, and which kinds it may join."""

    name: str
    label: str
    inverse: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    description: str
    acyclic: bool = False


RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation(
            "builds_on",
            "builds on",
            "built upon by",
            ("model", "paper", "concept", "article"),
            ("model", "paper", "concept"),
            "Directly builds on an earlier entry.",
            acyclic=True,
        ),
        Relation(
            "introduces",
            "introduces",
            "introduced by",
            ("model", "paper"),
            ("concept",),
            "First proposed or popularised a concept.",
        ),
        Relation(
            "uses",
            "uses",
            "used by",
            ("model", "paper", "concept"),
            ("concept",),
            "Uses a concept.",
        ),
        Relation(
            "succeeds",
            "succeeds",
            "succeeded by",
            ("model",),
            ("model",),
            "The previous model in the same line (GPT-3 succeeds GPT-2).",
            acyclic=True,
        ),
        Relation(
            "revises",
            "revises",
            "revised by",
            ("model", "paper", "article"),
            ("model", "paper", "article"),
            "A later result that corrects an earlier one (Chinchilla revises Kaplan).",
        ),
        Relation(
            "discusses",
            "discusses",
            "discussed in",
            ("article",),
            ALL_KINDS,
            "An article about an entry.",
        ),
    )
}

# Structural edges drawn from single fields rather than `relations`.
STRUCTURAL = {"organization": "organization", "era": "era", "axis": "axis", "results": "benchmark"}


@dataclass(frozen=True)
class Figure:
    """A figure an entry may report: its name, fixed unit (if any) and what it means."""

    name: str
    title: str
    unit: str | None
    description: str
    integer: bool = True


FIGURES: dict[str, Figure] = {
    f.name: f
    for f in (
        Figure("parameters", "Parameters", "parameters", "Total number of parameters."),
        Figure(
            "active_parameters",
            "Active parameters",
            "parameters",
            "Parameters used per token (mixture-of-experts models).",
        ),
        Figure(
            "training_compute",
            "Training compute",
            "FLOP",
            "Total compute spent on training, in floating-point operations.",
            integer=False,
        ),
        Figure(
            "training_data",
            "Training data",
            None,
            "Size of the training data, with its unit.",
            integer=False,
        ),
        Figure("context_length", "Context length", "tokens", "Context window in tokens."),
        Figure("layers", "Layers", "layers", "Number of layers."),
        Figure("experts", "Experts", "experts", "Number of experts per mixture-of-experts layer."),
    )
}


@dataclass(frozen=True)
class Aggregation:
    """How the samples drawn for one problem were turned into the one answer that was scored."""

    name: str
    label: str
    description: str
    needs_samples: bool = True


AGGREGATIONS: dict[str, Aggregation] = {
    a.name: a
    for a in (
        Aggregation("single", "one sample", "One sample per problem, scored as it came.", needs_samples=False),
        Aggregation(
            "pass@1",
            "pass@1",
            "The chance that one sample is right, averaged over `samples` samples per problem.",
            needs_samples=False,
        ),
        Aggregation("majority", "majority vote", "The most common answer among `samples` samples (cons@k)."),
        Aggregation("best-of-n", "best of n", "The answer a verifier or reward model ranks first among `samples`."),
        Aggregation("rerank", "re-ranking", "`samples` samples re-ranked by a learned scoring function."),
        Aggregation("coverage", "coverage", "Solved when any of `samples` samples is right (pass@k, coverage@k)."),
        Aggregation(
            "n@k",
            "n@k",
            "`samples` samples filtered and clustered down to `submissions` submissions (AlphaCode's 10@k).",
        ),
        Aggregation("unspecified", "unspecified", "The source does not say how samples were combined.", False),
    )
}

# results that sit on models and papers: what the schema allows besides the benchmark, score and source
RESULT_KINDS = ("model", "paper")
CHART_KINDS = ("model", "paper", "article", "axis")

DATA_UNITS = (
    "tokens",
    "words",
    "images",
    "image-text pairs",
    "examples",
    "sentence pairs",
    "games",
    "frames",
    "timesteps",
)

# Suffixes people write after a number: 70B, 1.4T, 60M.
SUFFIXES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
NUMBER_PATTERN = r"^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\s?[KMBT]?$"

# Limits that keep an entry an entry. Stated in errors.
MAX_FILE_BYTES = 64 * 1024
MAX_LEN = {
    "name": 120,
    "alias": 120,
    "summary": 600,
    "description": 5000,
    "reason": 300,
    "note": 500,
    "title": 300,
    "url": 500,
    "author": 120,
    "unit": 40,
    "setting": 200,
    "metric": 200,
}
MAX_ITEMS = 100  # entries in any one list
MAX_DEPTH = 8  # nesting of YAML collections
