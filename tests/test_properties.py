"""Properties over generated input: nothing raises but the documented YamlProblem; valid entries round-trip."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kb import vocab
from kb.check.context import Context
from kb.check.corpus_rules import CORPUS_RULES
from kb.check.run import check_file, load
from kb.markdown import LINK
from kb.problems import Problem
from kb.read.files import read_entry
from kb.read.safe_yaml import YamlProblem, read_yaml, resolve_plain
from kb.values import parse_number

from .conftest import MINIMAL

TODAY = dt.date(2025, 6, 1)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENTRIES = settings(FAST, max_examples=100)  # generating a whole entry costs ~15 ms

# --------------------------------------------------------------------------- a corpus to check against


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The minimal corpus, loaded once; each example adds one file and runs every rule on it."""
    root = tmp_path_factory.mktemp("props") / "entries"
    shutil.copytree(MINIMAL, root)
    kb = load(root, TODAY)
    assert kb.ok
    return root, kb.entries


def check_one(corpus, kind: str, text: str | bytes, name: str = "generated") -> list[Problem]:
    """Every problem `kb validate` would report in one new file of the corpus (per-file and cross-entry)."""
    root, entries = corpus
    path = root / vocab.FOLDERS[kind] / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)  # the minimal corpus has no benchmarks/ folder
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    try:
        entry, problems = read_entry(path, kind)
        if entry is None:
            return problems
        problems += check_file(entry, Context(TODAY))
        everything = Context(TODAY, dict(entries) | {entry.id: entry})
        for rule in CORPUS_RULES:
            problems += [p for p in rule(everything) if p.path == entry.shown_path]
        return problems
    finally:
        path.unlink()


# --------------------------------------------------------------------------- arbitrary input

YAML_TOKENS = [
    ":",
    ": ",
    " ",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "  ",
    "\t",
    "#",
    "?",
    "|",
    ">",
    "'",
    '"',
    "\\",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "!!python/object/apply:os.system ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "name",
    "summary",
    "figures",
    "parameters",
    "value",
    "relations",
    "builds_on",
    "alpha",
    "TODO",
    "1e21",
    "70B",
    "no",
    "~",
    "null",
    "true",
    "2023-02-30",
    "12:30",
    ".nan",
    "\ufeff",
    "\x00",
    "\x85",
    "é",
]
yamlish = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=200)  # surrogates included


@FAST
@given(st.one_of(any_text, yamlish))
def test_read_yaml_raises_nothing_but_yaml_problem(text):
    try:
        doc = read_yaml(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.message and "\n" not in problem.message
    else:
        for line, col, message in doc.problems:
            assert line >= 1 and col >= 1 and message


@FAST
@given(st.one_of(st.binary(max_size=300), yamlish.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_read_entry_never_raises(tmp_path_factory, data):
    path = tmp_path_factory.getbasetemp() / "read-entry.yaml"
    path.write_bytes(data)
    entry, problems = read_entry(path, "model")
    assert entry is not None or problems
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1 and "\n" not in problem.message


@FAST
@given(kind=st.sampled_from(vocab.ALL_KINDS), text=st.one_of(yamlish, any_text))
def test_validating_arbitrary_text_never_raises(corpus, kind, text):
    for problem in check_one(corpus, kind, text.encode("utf-8", "surrogatepass")):
        assert problem.severity in ("error", "warning")


def test_load_never_raises_on_a_corpus_of_arbitrary_files(tmp_path):
    """One corpus holding many generated files at once, so cross-entry rules see the garbage too."""
    root = tmp_path / "entries"
    shutil.copytree(MINIMAL, root)

    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(vocab.ALL_KINDS), yamlish), min_size=1, max_size=8))
    def run(files):
        written = []
        for i, (kind, text) in enumerate(files):
            path = root / vocab.FOLDERS[kind] / f"g{i}.yaml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        try:
            load(root, TODAY)
        finally:
            for path in written:
                path.unlink()

    run()


# --------------------------------------------------------------------------- valid entries

SAFE_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn"),
    exclude_characters="[]`\\",  # keeps Markdown links out of generated prose
)


def is_prose(text: str) -> bool:
    return (
        bool(text.strip())
        and "TODO" not in text
        and not LINK.search(text)
        and isinstance(resolve_plain(text), str)  # see test_yaml_1_1_writers_can_be_misread below
    )


def prose(limit: int) -> st.SearchStrategy[str]:
    return st.text(SAFE_CHARS, min_size=1, max_size=min(limit, 80)).filter(is_prose)


urls = st.builds(
    lambda host, path: f"https://{host}.example.org/{path}",
    st.text(string.ascii_lowercase, min_size=1, max_size=10),
    st.text(string.ascii_letters + string.digits + "-_/.", max_size=20),
).filter(lambda url: "TODO" not in url)  # the template's placeholder word is refused on purpose
ids_of = {kind: [] for kind in vocab.ALL_KINDS}
for folder, kind in vocab.KINDS.items():
    ids_of[kind] = sorted(p.stem for p in (MINIMAL / folder).glob("*.yaml"))


@st.composite
def figure_value(draw, integer: bool):
    """A positive value, written as people write it: an int, a float, or text like '70B' or '5.76e23'."""
    if integer:
        number = draw(st.integers(min_value=1, max_value=10**14))
    else:
        number = draw(st.floats(min_value=1.0, max_value=1e30, allow_nan=False, allow_infinity=False))
    style = draw(st.sampled_from(["number", "suffix", "scientific"]))
    if style == "number" or not integer and style == "suffix":
        return number
    if style == "suffix":
        suffix, scale = draw(st.sampled_from(sorted(vocab.SUFFIXES.items())))
        whole = max(1, number // int(scale))
        return f"{whole}{suffix}"
    # 5.76e23 is a YAML number when written plain; as text, PyYAML (YAML 1.1) would write it unquoted
    mantissa = draw(st.integers(min_value=1, max_value=999))
    exponent = draw(st.integers(min_value=3, max_value=12 if integer else 30))
    return float(f"{mantissa}e{exponent}")


@st.composite
def figure(draw, name: str):
    spec = vocab.FIGURES[name]
    value = draw(figure_value(spec.integer))
    fig = {"value": value, "status": draw(st.sampled_from(vocab.STATUSES)), "source": draw(urls)}
    if fig["status"] == "estimated":
        fig["by"] = draw(prose(vocab.MAX_LEN["author"]))
    if spec.unit is None:
        fig["unit"] = draw(st.sampled_from(vocab.DATA_UNITS))
    elif draw(st.booleans()):
        fig["unit"] = spec.unit
    if draw(st.booleans()):
        fig["note"] = draw(prose(vocab.MAX_LEN["note"]))
    number = parse_number(value)
    if draw(st.booleans()):
        fig["low"] = number
    if draw(st.booleans()):
        fig["high"] = number
    return fig


@st.composite
def partial_date(draw, start: int, end: int):
    day = draw(st.dates(min_value=dt.date(start, 1, 1), max_value=dt.date(end, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return {"year": f"{day.year}", "month": f"{day.year}-{day.month:02d}", "day": day.isoformat()}[precision]


@st.composite
def model_entry(draw):
    old = draw(st.booleans())
    entry = {
        "name": draw(prose(vocab.MAX_LEN["name"])),
        "summary": draw(prose(vocab.MAX_LEN["summary"])),
        "date": draw(partial_date(2010, 2019) if old else partial_date(2020, 2024)),
        "organization": "lab",
        "era": "old-era" if old else "new-era",
        "sources": draw(
            st.lists(
                st.fixed_dictionaries({"title": prose(vocab.MAX_LEN["title"]), "url": urls}),
                min_size=1,
                max_size=3,
                unique_by=lambda source: source["url"],
            )
        ),
    }
    if draw(st.booleans()):
        entry["aliases"] = draw(st.lists(prose(vocab.MAX_LEN["alias"]), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        entry["description"] = draw(prose(vocab.MAX_LEN["description"]))
    if draw(st.booleans()):
        entry["axes"] = {"size": draw(prose(vocab.MAX_LEN["reason"]))}
    names = draw(st.lists(st.sampled_from(list(vocab.FIGURES)), unique=True, max_size=4))
    if names:
        entry["figures"] = {name: draw(figure(name)) for name in names}
        figures = entry["figures"]
        if "active_parameters" in figures and "parameters" in figures:
            active = parse_number(figures["active_parameters"]["value"])
            assume(active <= parse_number(figures["parameters"]["value"]))
    relations = {}
    for rel in vocab.RELATIONS.values():
        if "model" in rel.sources and draw(st.booleans()):
            pool = sorted(i for kind in rel.targets for i in ids_of[kind])
            relations[rel.name] = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
    if relations:
        entry["relations"] = relations
    return entry


@ENTRIES
@given(model_entry())
def test_valid_entries_round_trip_through_safe_dump_and_validate_clean(corpus, entry):
    text = yaml.safe_dump(entry, allow_unicode=True)
    assert read_yaml(text).data == entry
    problems = check_one(corpus, "model", text)
    assert problems == [], [p.format() for p in problems] + [text]
    # the other ways a tool might write it: escaped non-ASCII, flow style
    assert read_yaml(yaml.safe_dump(entry, allow_unicode=False, default_flow_style=True)).data == entry


def test_yaml_1_1_writers_can_be_misread():
    """PyYAML writes YAML 1.1, where '1e5' is text; entries are read as YAML 1.2, where it is a number.

    Harmless for figures (both parse to the same value) and the generators above avoid such prose.
    """
    assert yaml.safe_dump({"value": "5.76e23"}) == "value: 5.76e23\n"
    assert read_yaml("value: 5.76e23\n").data["value"] == 5.76e23
    assert parse_number("5.76e23") == parse_number(5.76e23)


# --------------------------------------------------------------------------- invalid mutations

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _required(entry_kind: str = "model") -> list[str]:
    from kb.schema import kind_schema

    return kind_schema(entry_kind)["required"]


MUTATIONS = {
    "drop a required field": lambda e, d: e.pop(d(st.sampled_from(_required()))),
    "unknown field": lambda e, d: e.__setitem__(d(st.sampled_from(["paramters", "organisation", "sumary", "x"])), 1),
    "name not text": lambda e, d: e.__setitem__("name", d(st.integers() | st.lists(st.integers(), max_size=2))),
    "empty summary": lambda e, d: e.__setitem__("summary", d(st.sampled_from(["", " ", "\t"]))),
    "impossible date": lambda e, d: e.__setitem__("date", d(st.sampled_from(["2023-02-30", "2021-13", "May"]))),
    "future date": lambda e, d: e.__setitem__("date", d(st.integers(2026, 9999)).__str__()),
    "unknown id": lambda e, d: e.__setitem__("organization", d(st.sampled_from(["labs", "nobody", "alpha"]))),
    "bad url": lambda e, d: e["sources"][0].__setitem__("url", d(st.sampled_from(["javascript:x", "ftp://a", ""]))),
    "self reference": lambda e, d: e.__setitem__("relations", {"builds_on": ["generated"]}),
    "bad figure": lambda e, d: e.__setitem__(
        "figures",
        {
            "parameters": {
                "value": d(st.sampled_from([0, -1, "0B", "lots", None])),
                "status": "official",
                "source": "https://e.org/",
            }
        },
    ),
    "estimated without by": lambda e, d: e.__setitem__(
        "figures", {"layers": {"value": 12, "status": "estimated", "source": "https://e.org/"}}
    ),
    "javascript link": lambda e, d: e.__setitem__("summary", "See [x](javascript:alert(1))."),
    "placeholder": lambda e, d: e.__setitem__("name", "TODO"),
}


@ENTRIES
@given(entry=model_entry(), mutation=st.sampled_from(sorted(MUTATIONS)), data=st.data())
def test_invalid_mutations_produce_problems_never_exceptions(corpus, entry, mutation, data):
    MUTATIONS[mutation](entry, data.draw)
    problems = check_one(corpus, "model", yaml.safe_dump(entry, allow_unicode=True))
    assert any(p.severity == "error" for p in problems), (mutation, entry)


@ENTRIES
@given(entry=model_entry(), data=st.data())
def test_random_values_in_random_places_never_raise(corpus, entry, data):
    keys = [*entry, "figures", "relations", "axes", "start", "end", "opened_by", "homepage", "unit", "figure"]
    key = data.draw(st.sampled_from(keys))
    entry[key] = data.draw(anything)
    if isinstance(entry.get("figures"), dict) and entry["figures"]:
        name = data.draw(st.sampled_from(sorted(entry["figures"])))
        if isinstance(entry["figures"][name], dict):
            entry["figures"][name][data.draw(st.sampled_from(["value", "low", "high", "unit", "status"]))] = data.draw(
                anything
            )
    text = yaml.safe_dump(entry, allow_unicode=True)
    kind = data.draw(st.sampled_from(vocab.ALL_KINDS))
    for problem in check_one(corpus, kind, text):
        assert re.match(r"^\S", problem.message)


def test_generated_files_are_cleaned_up(corpus):
    root, _ = corpus
    assert not list(Path(root).rglob("generated.yaml"))


# --------------------------------------------------------------------------- every command, never a traceback

COMMANDS = (
    ("validate",),
    ("validate", "--editorial"),
    ("show", "generated"),
    ("show", "alpha"),
    ("export", "--format", "json"),
    ("export", "--format", "graphml"),
    ("export", "--format", "gexf"),
    ("export", "--format", "csv"),
    ("diff", "main"),
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git repository holding the minimal corpus, committed as 'main'; examples change its working tree."""
    import subprocess

    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(MINIMAL, root / "entries")
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "base")):
        subprocess.run(
            ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )
    return root


@settings(FAST, max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    entry=model_entry(),
    mutation=st.sampled_from(sorted(MUTATIONS) + ["random value"]),
    command=st.sampled_from(COMMANDS),
    data=st.data(),
)
def test_every_command_survives_broken_entries(repo, cli, entry, mutation, command, data):
    if mutation == "random value":
        entry[data.draw(st.sampled_from([*entry, "figures", "axes", "date"]))] = data.draw(anything)
    else:
        MUTATIONS[mutation](entry, data.draw)
    target = repo / "entries" / "models" / "generated.yaml"
    target.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(repo)
        result = cli(*command, "--entries", "entries")
    target.unlink()
    assert result.exit_code in (0, 1, 2), (command, result.output)
    assert "Traceback" not in result.output
    assert "unexpected problem" not in result.output, (command, mutation, result.output)
