"""Rules for benchmark results: a budget that matches how samples were combined, and a score the benchmark allows."""

from __future__ import annotations

from collections.abc import Iterator

from kb import vocab
from kb.check.context import Context, Found
from kb.check.messages import shown
from kb.model import Entry
from kb.problems import ERROR, Problem


def _results(entry: Entry) -> Iterator[tuple[int, dict]]:
    results = entry.data.get("results")
    if isinstance(results, list):
        for i, result in enumerate(results):
            if isinstance(result, dict):
                yield i, result


def check_budgets(entry: Entry, ctx: Context | None = None) -> Iterator[Found]:
    """`majority`, `best-of-n`, `rerank`, `coverage` and `n@k` say how many samples; `n@k` how many submissions."""
    for i, result in _results(entry):
        how = vocab.AGGREGATIONS.get(result.get("aggregation"))
        samples, kept = result.get("samples"), result.get("submissions")
        if how is None or not all(isinstance(v, int) or v is None for v in (samples, kept)):
            continue  # the schema reports it
        where = ("results", i)
        if how.needs_samples and samples is None:
            yield (
                where + ("aggregation",),
                f"results[{i}] combines samples by '{how.name}' but gives no sample count; add `samples:` "
                f"(the k of {how.label} over k samples)",
            )
        if how.name == "single" and samples not in (None, 1):
            yield where + ("samples",), f"results[{i}] takes one sample ('single') but says samples: {samples}"
        if how.name == "n@k" and kept is None:
            yield where + ("aggregation",), f"results[{i}] is n@k but gives no `submissions:` (the n of n@k)"
        if kept is not None and samples is not None and kept > samples:
            yield (
                where + ("submissions",),
                f"results[{i}] keeps {kept} submissions out of {samples} samples; submissions are at most the samples",
            )


def check_scores(ctx: Context) -> Iterator[Problem]:
    """Every score lies in its benchmark's range."""
    for entry in ctx.entries.values():
        for i, result in _results(entry):
            bench = ctx.entries.get(result.get("benchmark"))
            score = result.get("score")
            if bench is None or bench.kind != "benchmark" or not isinstance(score, (int, float)):
                continue
            bounds = bench.data.get("range") if isinstance(bench.data.get("range"), dict) else {}
            low, high = bounds.get("min"), bounds.get("max")
            if (isinstance(low, (int, float)) and score < low) or (isinstance(high, (int, float)) and score > high):
                span = f"{low} to {high}" if high is not None else f"at least {low}"
                yield Problem(
                    entry.shown_path,
                    *entry.at("results", i, "score"),
                    ERROR,
                    f"results[{i}].score is {shown(score)}, outside the range of '{bench.id}' ({span}, "
                    f"{bench.data.get('metric', 'its metric')}); check the number and the benchmark",
                )
