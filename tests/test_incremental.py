"""`kb serve` renders again only the pages an edit can change; the result equals a full render (issue 11)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kb.check.run import FileCache, load, load_valid
from kb.site import charts
from kb.site.assemble import Site, render_site

from .conftest import ENTRIES


def snapshot(site: Site) -> dict[str, str | bytes]:
    """Every page (its Markdown with the HTML of each section) and every asset, as text or bytes."""
    out: dict[str, str | bytes] = {src: page.markdown(lambda _i, s: str(s.html)) for src, page in site.pages.items()}
    for src, asset in site.assets.items():
        out[src] = asset.read_bytes() if isinstance(asset, Path) else asset
    return out


def sub(path: str, pattern: str, repl: str):
    def edit(entries: Path) -> None:
        file = entries / path
        text, count = re.subn(pattern, repl, file.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert count == 1, (path, pattern)
        file.write_text(text, encoding="utf-8")

    return edit


def add_model(entries: Path) -> None:
    text = (entries / "models" / "chinchilla.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Chinchilla\n", "name: Chinchilla Two\n")
    text = re.sub(r"^aliases: .*\n", "", text, flags=re.M)
    (entries / "models" / "chinchilla-two.yaml").write_text(text, encoding="utf-8")


def remove_model(entries: Path) -> None:
    (entries / "models" / "stylegan.yaml").unlink()  # nothing links to it


EDITS = {
    "a figure": sub("models/chinchilla.yaml", r"^    value: 70B$", "    value: 71B"),
    "a name": sub("models/gpt-4.yaml", r"^name: GPT-4$", "name: GPT-4 (March 2023)"),
    "a date": sub("models/gpt-4.yaml", r'^date: "2023-03-14"$', 'date: "2023-03-15"'),
    "a relation added": sub("models/gpt-4.yaml", r"^  uses: \[rlhf, ", "  uses: [kv-cache, rlhf, "),
    "a relation removed": sub(
        "models/chinchilla.yaml", r"^  builds_on: \[gopher, kaplan-scaling-laws\]$", "  builds_on: [gopher]"
    ),
    "an era moved": sub("models/chinchilla.yaml", r"^era: early-scaling-laws$", "era: current-scaling-laws"),
    "a benchmark score": sub("models/o1.yaml", r"^  score: 44.6$", "  score: 44.7"),
    "an organization renamed": sub("organizations/deepmind.yaml", r"^name: DeepMind$", "name: Google DeepMind"),
    "a concept renamed": sub("concepts/kv-cache.yaml", r"^name: KV cache$", "name: Key-value cache"),
    "an era renamed": sub("eras/wild-west.yaml", r"^name: The Wild West era$", "name: The wild west"),
    "an entry added": add_model,
    "an entry removed": remove_model,
}


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    entries = tmp_path_factory.mktemp("before") / "entries"
    shutil.copytree(ENTRIES, entries)
    return entries, render_site(load_valid(entries))


@pytest.mark.parametrize("name", EDITS)
def test_an_incremental_render_equals_a_full_one(before, tmp_path, name):
    original, site = before
    entries = tmp_path / "entries"
    shutil.copytree(original, entries)
    EDITS[name](entries)
    kb = load_valid(entries)
    charts.MEMO.clear()  # the full render remembers nothing
    full = render_site(kb)
    charts.MEMO.clear()
    render_site(load_valid(original))  # the incremental one remembers the site before the edit, charts too
    again = render_site(kb, previous=site)
    assert snapshot(again) == snapshot(full)
    reused = sum(page is site.pages.get(src) for src, page in again.pages.items())
    if name == "an era renamed":
        assert reused == 0  # colours and groupings change everywhere: every page is rendered again
    else:
        assert reused > len(site.pages) // 2, reused  # most pages are untouched by one edit


def test_the_file_cache_reads_only_changed_files(tmp_path, monkeypatch):
    entries = tmp_path / "entries"
    shutil.copytree(ENTRIES, entries)
    cache = FileCache()
    first = load(entries, cache=cache)
    EDITS["a figure"](entries)
    import kb.check.run as run

    read = []
    original = run.read_entry
    monkeypatch.setattr(run, "read_entry", lambda path, kind: read.append(path.name) or original(path, kind))
    second = load(entries, cache=cache)
    assert read == ["chinchilla.yaml"]
    assert second.entries["chinchilla"].data != first.entries["chinchilla"].data
    assert second.problems == load(entries).problems
    (entries / "models" / "stylegan.yaml").unlink()
    assert "stylegan" not in load(entries, cache=cache).entries and len(cache) == len(list(entries.glob("*/*.yaml")))


def test_a_new_commit_renders_the_pages_whose_dates_changed(before):
    from kb.read.history import FileDates

    original, _ = before
    kb = load_valid(original)
    first = {eid: FileDates("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00") for eid in kb.entries}
    site = render_site(kb, dates=first)
    later = dict(first, chinchilla=FileDates("2024-01-01T00:00:00+00:00", "2024-05-01T00:00:00+00:00"))
    charts.MEMO.clear()
    full = render_site(kb, dates=later)
    again = render_site(kb, dates=later, previous=site)
    assert snapshot(again) == snapshot(full)
    assert "2024-05-01" in again.pages["models/chinchilla.md"].markdown(lambda _i, s: str(s.html))
