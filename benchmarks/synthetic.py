"""Synthetic corpora for benchmarks: N valid, interlinked entries of every kind."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

ERAS = [
    ("wild-west", "2012", "2020-01"),
    ("early-scaling-laws", "2020-01", "2022-11"),
    ("current-scaling-laws", "2022-11", None),
]
AXES = ["parameters", "training-data", "training-compute", "sparsity", "test-time-compute"]


def write_corpus(root: Path, models: int, seed: int = 0) -> Path:
    """Write about `models` models plus papers, concepts, organizations, eras and axes under root/entries."""
    rng = random.Random(seed)
    entries = root / "entries"
    for folder in ("models", "papers", "concepts", "articles", "eras", "axes", "organizations"):
        (entries / folder).mkdir(parents=True, exist_ok=True)

    def dump(folder: str, eid: str, data: dict) -> None:
        (entries / folder / f"{eid}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    for eid, start, end in ERAS:
        data = {"name": eid.replace("-", " ").title(), "summary": f"The {eid} era.", "start": start}
        if end:
            data["end"] = end
        dump("eras", eid, data)
    for axis in AXES:
        dump(
            "axes",
            axis,
            {"name": axis.title(), "summary": f"The {axis} axis.", "unit": "units", "figure": "parameters"},
        )
    orgs = [f"org-{i}" for i in range(max(3, models // 50))]
    for org in orgs:
        dump("organizations", org, {"name": org.title(), "summary": "A lab."})
    concepts = [f"concept-{i}" for i in range(max(5, models // 20))]
    for c in concepts:
        dump(
            "concepts",
            c,
            {"name": c.title(), "summary": "An idea.", "sources": [{"title": "x", "url": "https://example.org/c"}]},
        )
    ids = []
    for i in range(models):
        year = 2012 + (i * 13) // models
        era = "wild-west" if year < 2020 else ("early-scaling-laws" if year < 2022 else "current-scaling-laws")
        eid = f"model-{i}"
        relations = {"uses": rng.sample(concepts, 2)}
        if ids:
            relations["builds_on"] = sorted(set(rng.sample(ids[-50:], min(2, len(ids[-50:])))))
        dump(
            "models",
            eid,
            {
                "name": f"Model {i}",
                "aliases": [f"M{i}"],
                "summary": f"Synthetic model number {i}, with **bold** text and a [link](https://example.org/{i}).",
                "description": "A longer description.\n\n- one point\n- another point\n",
                "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "organization": rng.choice(orgs),
                "era": era,
                "axes": {rng.choice(AXES): "A reason."},
                "figures": {
                    "parameters": {
                        "value": f"{rng.randint(1, 900)}B",
                        "status": "official",
                        "source": "https://example.org/p",
                    },
                    "training_compute": {
                        "value": float(f"{rng.uniform(1, 9):.2f}e{rng.randint(17, 25)}"),
                        "status": "estimated",
                        "by": "Epoch AI",
                        "source": "https://example.org/e",
                    },
                },
                "relations": relations,
                "sources": [{"title": f"Paper {i}", "url": f"https://example.org/{i}"}],
            },
        )
        ids.append(eid)
    return entries
