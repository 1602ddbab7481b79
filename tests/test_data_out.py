"""Data out (issue 14): the static JSON API, the dates from git, the Atom feeds and the dataset zip."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft202012Validator

from kb.check.run import load_valid
from kb.outputs.dataset import CITATION, DATASET, dataset_zip, describe
from kb.outputs.feeds import FEEDS as FEED_FILES
from kb.read.history import entry_dates, file_dates
from kb.site.assemble import render_site
from tests.conftest import ENTRIES, ROOT

IN_GIT = (ROOT / ".git").exists()


def _api(site: Path, path: str):
    return json.loads((site / "api" / "v1" / path).read_text(encoding="utf-8"))


def _validator(site: Path, name: str) -> Draft202012Validator:
    schema = _api(site, f"schema/{name}")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_api_document_validates_against_the_published_schema(shipped_site):
    index = _api(shipped_site, "index.json")
    _validator(shipped_site, "index.schema.json").validate(index)
    entry_schema = _validator(shipped_site, "entry.schema.json")
    ids = {path.stem for path in ENTRIES.glob("*/*.yaml")}
    assert {row["id"] for row in index["entries"]} == ids and index["count"] == len(ids)
    for row in index["entries"]:
        document = _api(shipped_site, row["api"])
        entry_schema.validate(document)
        assert document["id"] == row["id"] and document["api_version"] == "v1"
        assert (shipped_site / row["page"] / "index.html").is_file(), row["page"]


def test_an_entry_document_holds_its_yaml_and_what_points_at_it(shipped_site):
    document = _api(shipped_site, "entries/chinchilla.json")
    assert document["entry"] == load_valid(ENTRIES).entries["chinchilla"].data  # as kb reads it (YAML 1.2)
    assert document["entry"]["figures"]["training_compute"]["value"] == 5.76e23
    deepmind = _api(shipped_site, "entries/deepmind.json")
    assert "chinchilla" in deepmind["inverse"]["organization"]
    era = _api(shipped_site, "entries/early-scaling-laws.json")
    assert "chinchilla" in era["inverse"]["era"]
    axis = _api(shipped_site, "entries/test-time-compute.json")
    assert "o1" in axis["inverse"]["members"]
    index = {row["id"]: row for row in _api(shipped_site, "index.json")["entries"]}
    compute = index["chinchilla"]["figures"]["training_compute"]
    assert compute["value"] == pytest.approx(5.76e23) and compute["status"] == "official"


def test_the_graph_document_is_the_json_export(shipped_site, cli):
    exported = cli("export", "--entries", ENTRIES, "--format", "json").output
    assert json.loads((shipped_site / "api" / "v1" / "graph.json").read_text(encoding="utf-8")) == json.loads(exported)


def test_a_document_that_breaks_the_schema_is_refused(shipped_site):
    document = _api(shipped_site, "entries/chinchilla.json")
    document["entry"]["era"] = 5
    assert list(_validator(shipped_site, "entry.schema.json").iter_errors(document))
    del document["entry"]
    assert list(_validator(shipped_site, "entry.schema.json").iter_errors(document))


@pytest.mark.skipif(not IN_GIT, reason="the shipped entries' dates come from this checkout's git history")
def test_the_shipped_feeds_parse_and_list_entries(shipped_site):
    for name in ("new", "changes"):
        feed = feedparser.parse((shipped_site / FEED_FILES[name]).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10" and len(feed.entries) >= 20
        for item in feed.entries:
            assert item.id and item.title and item.updated and item.link
            page = (shipped_site / item.link).resolve()
            assert (page / "index.html").is_file(), item.link


def test_every_page_links_the_feeds_from_its_head(shipped_site):
    for page in ("index.html", "models/chinchilla/index.html", "timeline/index.html"):
        head = (shipped_site / page).read_text(encoding="utf-8").split("</head>")[0]
        assert head.count('type="application/atom+xml"') == 2, page


def _git(cwd: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to make a history")
def test_dates_come_from_git_and_are_absent_outside_it(minimal, tmp_path):
    outside = load_valid(minimal)
    assert entry_dates(outside) == {}  # not a checkout: nothing invented
    repo = minimal.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first", when="2024-01-02T03:04:05+00:00")
    model = next((minimal / "models").glob("*.yaml"))
    model.write_text(model.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "edit", when="2024-06-01T00:00:00+00:00")
    dates = entry_dates(load_valid(minimal))
    assert dates[model.stem].added == "2024-01-02T03:04:05+00:00"
    assert dates[model.stem].modified == "2024-06-01T00:00:00+00:00"
    assert len(file_dates(minimal)) == len(list(minimal.glob("*/*.yaml")))
    site = render_site(load_valid(minimal), dates=dates)
    feed = feedparser.parse(site.assets["changes.xml"].encode())
    assert not feed.bozo and feed.entries[0].title.endswith("(changed)")
    assert feed.entries[0].link.endswith(f"/{model.stem}/")
    index = json.loads(site.assets["api/v1/index.json"])
    row = next(r for r in index["entries"] if r["id"] == model.stem)
    assert row["last_modified"] == "2024-06-01T00:00:00+00:00"
    page = site.pages[f"models/{model.stem}.md"].markdown()
    assert 'In Eras since <time datetime="2024-01-02T03:04:05+00:00">2024-01-02</time>' in page
    assert 'last changed <time datetime="2024-06-01T00:00:00+00:00">2024-06-01</time>' in page
    assert "In Eras since" not in render_site(load_valid(minimal)).pages[f"models/{model.stem}.md"].markdown()


def test_entry_text_cannot_break_the_feed(minimal):
    import yaml

    hostile = "A </summary><script>alert(1)</script> ]]> & model"
    model = next((minimal / "models").glob("*.yaml"))
    data = yaml.safe_load(model.read_text(encoding="utf-8"))
    data["name"], data["summary"] = hostile, hostile
    model.write_text(yaml.safe_dump(data), encoding="utf-8")
    kb = load_valid(minimal)
    from kb.read.history import FileDates

    dates = {eid: FileDates("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00") for eid in kb.entries}
    site = render_site(kb, dates=dates, site_url="https://example.org/eras/")
    feed = feedparser.parse(site.assets["feed.xml"].encode())
    assert not feed.bozo
    titles = [item.title for item in feed.entries]
    assert hostile in titles
    assert "<script>" not in site.assets["feed.xml"]
    assert all(item.link.startswith("https://example.org/eras/") for item in feed.entries)


def test_the_dataset_zip_holds_the_tables_readme_licence_and_citation(shipped_site):
    archive = zipfile.ZipFile(shipped_site / DATASET)
    names = set(archive.namelist())
    expected = {"README.md", "CITATION.cff", "entries.csv", "results.csv", "graph.json", "graph.graphml"}
    assert names == {f"eras-dataset/{name}" for name in expected}
    readme = archive.read("eras-dataset/README.md").decode()
    assert "CC BY 4.0" in readme
    for table in ("entries.csv", "results.csv"):
        header = next(csv.reader(io.StringIO(archive.read(f"eras-dataset/{table}").decode())))
        for column in header:
            assert f"| `{column}` |" in readme, (table, column)
    assert archive.read("eras-dataset/CITATION.cff").decode() == (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_every_column_has_a_real_description():
    from kb.graph import build
    from kb.outputs.export import to_csv

    header = next(csv.reader(io.StringIO(to_csv(build(load_valid(ENTRIES))))))
    vague = [column for column in header if describe(column) == "An entry field, as written."]
    assert vague == []


def test_the_dataset_is_the_same_bytes_for_the_same_data(minimal):
    from kb.graph import build

    assert dataset_zip(build(load_valid(minimal))) == dataset_zip(build(load_valid(minimal)))


def test_the_citation_file_is_valid_cff():
    import yaml

    data = yaml.safe_load(CITATION)
    assert data["cff-version"] == "1.2.0" and data["license"] == "CC-BY-4.0" and data["title"] and data["authors"]
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
