"""The schema editors read: the ids that exist, readable messages, snippets, and when the files are stale.

check-jsonschema stands in for an editor everywhere; yaml-language-server itself, the server VS Code's and
Neovim's YAML support run, is driven over its stdio protocol when it is installed.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest

from kb import vocab
from kb.check.run import check_schema
from kb.outputs.new_entry import REFERENCE_PAGE, template
from kb.read.catalog import catalog
from kb.read.files import read_entry
from kb.read.safe_yaml import read_yaml
from kb.schema_editor import MAX_LISTED_IDS, editor_schema, stale, write

from .conftest import ENTRIES, MINIMAL

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
MAX_BYTES = 250_000


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """The schema files `kb schema` writes for the shipped entries, in a folder of their own."""
    directory = tmp_path_factory.mktemp("shipped") / "schema"
    write(directory, catalog(ENTRIES))
    return directory


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder: a copy of the minimal entries, and the schema files `kb schema` writes beside them."""
    shutil.copytree(MINIMAL, tmp_path / "entries")
    write(tmp_path / "schema", catalog(tmp_path / "entries"))
    return tmp_path


def rejected(schema_dir: Path, paths: list[Path]) -> str:
    """What check-jsonschema says about `paths` (all of one kind) with that kind's schema; '' when they pass."""
    kind = vocab.KINDS[paths[0].parent.name]
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_dir / f"{kind}.schema.json"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stdout + result.stderr
    return "" if result.returncode == 0 else result.stdout


def write_entry(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def nodes(node, path=()):
    """Every mapping in a JSON value with its path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from nodes(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from nodes(value, path + (i,))


# --------------------------------------------------------------------------- the shipped entries and the ids


def test_every_shipped_entry_validates_against_the_written_schema(shipped):
    by_kind: dict[str, list[Path]] = {}
    for path in sorted(ENTRIES.rglob("*.yaml")):
        by_kind.setdefault(path.parent.name, []).append(path)
    for folder, paths in by_kind.items():
        assert rejected(shipped, paths) == "", folder


def test_a_misspelled_era_fails_the_written_schema(shipped, tmp_path):
    text = (ENTRIES / "models" / "chinchilla.yaml").read_text(encoding="utf-8")
    assert "\nera: early-scaling-laws\n" in text
    path = write_entry(tmp_path / "models", "chinchilla.yaml", text.replace("era: early-", "era: erly-"))
    out = rejected(shipped, [path])
    assert "'erly-scaling-laws' is not one of" in out, out


def test_an_unknown_axis_fails_and_a_new_organization_passes(project, tmp_path):
    alpha = (MINIMAL / "models" / "alpha.yaml").read_text(encoding="utf-8")
    axis = write_entry(tmp_path / "a" / "models", "alpha.yaml", alpha.replace("  size:", "  sise:"))
    assert "'sise' is not one of ['size']" in rejected(project / "schema", [axis])
    new = write_entry(
        tmp_path / "b" / "models", "alpha.yaml", alpha.replace("organization: lab", "organization: lab-2")
    )
    assert rejected(project / "schema", [new]) == ""  # a valid id of an organization this change may add
    bad = write_entry(tmp_path / "c" / "models", "alpha.yaml", alpha.replace("organization: lab", "organization: Lab"))
    assert "does not match" in rejected(project / "schema", [bad])


def test_ids_are_listed_once_by_kind_with_their_names():
    schema = editor_schema(catalog(MINIMAL))
    defs = schema["$defs"]
    assert defs["era-id"]["enum"] == ["new-era", "old-era"]
    assert defs["era-id"]["enumDescriptions"] == ["New era (era)", "Old era (era)"]
    assert defs["organization-id"]["anyOf"] == [{"const": "lab", "description": "Lab (organization)"}]
    model = defs["model"]["properties"]
    assert model["era"] == {"$ref": "#/$defs/era-id", "description": "The era this entry belongs to."}
    builds_on = [ref["$ref"] for ref in model["relations"]["properties"]["builds_on"]["items"]["anyOf"][:-1]]
    assert builds_on == ["#/$defs/model-id", "#/$defs/paper-id", "#/$defs/concept-id"]
    listed = [path for path, node in nodes(schema) if node.get("const") == "alpha"]
    assert listed == [("$defs", "model-id", "anyOf", 0)]


def test_the_schema_stays_small_and_stops_listing_relation_ids_past_the_limit(shipped):
    assert (shipped / "entry.schema.json").stat().st_size < MAX_BYTES
    many = catalog(MINIMAL) | {"model": {f"model-{i}": f"Model {i}" for i in range(3000)}}
    big = editor_schema(many)
    assert len(json.dumps(big, indent=2)) < MAX_BYTES
    assert "model-id" not in big["$defs"] and "organization-id" in big["$defs"]
    assert sum(len(ids) for ids in catalog(ENTRIES).values()) <= MAX_LISTED_IDS, "shipped relations go unlisted"


# --------------------------------------------------------------------------- messages


def test_the_editor_message_is_x_expected_wherever_a_field_has_one(shipped):
    schema = json.loads((shipped / "entry.schema.json").read_text(encoding="utf-8"))
    found = [node for _, node in nodes(schema) if "x-expected" in node]
    assert len(found) > 50
    for node in found:
        assert node["patternErrorMessage"] == node["errorMessage"] == node["x-expected"]
    raw = [path for path, node in nodes(schema) if "pattern" in node and "patternErrorMessage" not in node]
    assert raw == [], "an editor would show these regular expressions raw"


# --------------------------------------------------------------------------- snippets

TAB_STOP = re.compile(r"\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|}]*)[^}]*\|\}|\$\d+")


def filled(text: str) -> str:
    """Snippet text with every tab stop replaced by its default (the first choice of a choice)."""
    return TAB_STOP.sub(lambda m: m.group(1) if m.group(1) is not None else (m.group(2) or ""), text)


def as_yaml(value, indent: str = "") -> str:
    """The YAML an editor inserts for a snippet body: block mappings and lists, plain scalars, and strings that
    start with '^' as written."""
    lines = []
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        lead = f"{indent}{key}:" if isinstance(value, dict) else f"{indent}-"
        if isinstance(item, dict | list):
            inner = as_yaml(item, indent + "  ")
            lines.append(f"{lead}\n{inner}" if isinstance(value, dict) else f"{lead} {inner.lstrip()}")
        else:
            lines.append(f"{lead} {item[1:] if str(item).startswith('^') else item}")
    return "\n".join(lines)


def snippets(schema: dict):
    for path, node in nodes(schema):
        for snippet in node.get("defaultSnippets", []):
            yield path, node, snippet


def test_snippets_sit_on_a_figure_a_source_a_relation_block_and_a_model(shipped):
    schema = json.loads((shipped / "entry.schema.json").read_text(encoding="utf-8"))
    labels = {snippet["label"] for _, _, snippet in snippets(schema)}
    assert {"parameters: official", "training_data: estimated by Epoch AI", "source", "relations"} <= labels
    assert "model entry" in labels


def test_every_snippet_filled_in_is_yaml_that_the_schema_accepts(shipped):
    schema = json.loads((shipped / "entry.schema.json").read_text(encoding="utf-8"))
    count = 0
    for path, node, snippet in snippets(schema):
        body = [snippet["body"]] if node.get("type") == "array" else snippet["body"]  # inserted as a list item
        text = filled(as_yaml(body))
        assert "$" not in text, text
        value = read_yaml(text + "\n").data  # read as kb reads entries
        errors = list(jsonschema.Draft202012Validator({"$defs": schema["$defs"]} | node).iter_errors(value))
        assert not errors, f"{'/'.join(map(str, path))}: {snippet['label']}: {errors[0].message}\n{text}"
        count += 1
    assert count >= 20  # seven figures two ways, a source, four relation blocks, a model


def test_the_model_snippet_filled_in_passes_check_jsonschema_and_kb(shipped, tmp_path):
    schema = json.loads((shipped / "entry.schema.json").read_text(encoding="utf-8"))
    [body] = [snippet["body"] for _, _, snippet in snippets(schema) if snippet["label"] == "model entry"]
    path = write_entry(tmp_path / "models", "snippet.yaml", filled(as_yaml(body)) + "\n")
    assert rejected(shipped, [path]) == ""
    entry, problems = read_entry(path, "model")
    assert not problems and list(check_schema(entry)) == []


# --------------------------------------------------------------------------- staleness


def test_an_entry_added_by_hand_makes_the_check_name_it_and_the_command(cli, project):
    write_entry(project / "entries" / "organizations", "new-lab.yaml", "name: New Lab\nsummary: s\n")
    result = cli("schema", "--check", "--dir", project / "schema")
    assert result.exit_code == 1
    assert result.output == (
        f"{project / 'schema' / 'entry.schema.json'}: out of date; run 'kb schema' to rewrite it "
        "(new entries it does not list: organization new-lab)\n"
    )
    assert cli("schema", "--dir", project / "schema").exit_code == 0
    assert cli("schema", "--check", "--dir", project / "schema").exit_code == 0


def test_kb_new_rewrites_the_schema_beside_the_entries_and_a_later_name_keeps_it_current(cli, project):
    result = cli("new", "organization", "new-lab", "--entries", project / "entries")
    assert result.exit_code == 0, result.output
    schema = json.loads((project / "schema" / "entry.schema.json").read_text(encoding="utf-8"))
    assert {"const": "new-lab", "description": "organization"} in schema["$defs"]["organization-id"]["anyOf"]
    assert cli("schema", "--check", "--dir", project / "schema").exit_code == 0
    path = project / "entries" / "organizations" / "new-lab.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("TODO name as people know it", "New Lab"), "utf-8")
    assert cli("schema", "--check", "--dir", project / "schema").exit_code == 0  # names are labels only


def test_kb_new_leaves_schema_files_kb_did_not_write_alone(cli, tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "entries")
    assert cli("new", "concept", "fresh", "--entries", tmp_path / "entries").exit_code == 0
    assert not (tmp_path / "schema").exists()
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "entry.schema.json").write_text('{"title": "someone else\'s"}\n', encoding="utf-8")
    assert cli("new", "concept", "fresher", "--entries", tmp_path / "entries").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == ["entry.schema.json"]


def test_a_change_in_the_code_is_told_apart_from_new_ids(project):
    path = project / "schema" / "entry.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"maxLength": 600', '"maxLength": 6000'), "utf-8")
    assert stale(project / "schema", catalog(project / "entries")) == {
        "entry.schema.json": "it differs from what kb/vocab.py and kb/schema.py produce"
    }


VALIDATE_LOADS = """
import json, sys
from kb.cli import main
try:
    main(["validate", "--entries", sys.argv[1]], standalone_mode=False)
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(sys.modules)))
"""


def test_kb_validate_needs_no_schema_files_and_loads_no_editor_code(cli, project):
    shutil.rmtree(project / "schema")
    assert cli("validate", "--entries", project / "entries").exit_code == 0
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE_LOADS, str(project / "entries")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert not {"kb.schema_editor", "kb.read.catalog"} & loaded


# --------------------------------------------------------------------------- the template


def test_the_template_points_at_the_entry_reference_page_and_keeps_the_modeline():
    from kb.site.reference import schema_page
    from kb.site.urls import Urls

    assert Urls().url(schema_page().src) == REFERENCE_PAGE
    for kind in vocab.ALL_KINDS:
        text = template(kind, "x")
        assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n")
        assert f"Entry reference page of the site, {REFERENCE_PAGE}" in text
        assert "entry.schema.json" not in text


# --------------------------------------------------------------------------- yaml-language-server itself


def yaml_language_server() -> tuple[list[str] | None, str]:
    """The command that starts yaml-language-server on stdio ($YAML_LANGUAGE_SERVER, or the one on PATH), or
    None and why not."""
    found = os.environ.get("YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")
    if not shutil.which("node"):
        return None, "node is not installed, so yaml-language-server cannot run"
    if not found:
        return None, (
            "yaml-language-server is not installed: `npm install yaml-language-server`, then put node_modules/.bin "
            "on PATH or set YAML_LANGUAGE_SERVER=node_modules/yaml-language-server/bin/yaml-language-server"
        )
    return ["node", found, "--stdio"], ""


class LanguageServer:
    """A minimal Language Server Protocol client: requests, notifications, and the server's own requests."""

    def __init__(self, command: list[str], root: Path):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        self.last = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        client = {
            "textDocument": {
                "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["plaintext"]}},
                "hover": {"contentFormat": ["markdown"]},
            },
            "workspace": {"configuration": True},
        }
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": client})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": self.settings}})

    settings = {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while line := stream.readline():  # headers, up to a blank line
                if not line.strip():
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return  # the server has exited
            if length is not None:
                self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params) -> None:
        self._send({"method": method, "params": params})

    def wait(self, wanted, timeout: float = 30) -> dict:
        """The next message `wanted` accepts, answering the server's requests (its settings) meanwhile."""
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                break
            if "method" in message and "id" in message:
                items = message["params"].get("items", []) if message["method"] == "workspace/configuration" else []
                answer = [self.settings if item.get("section") == "yaml" else None for item in items]
                self._send({"id": message["id"], "result": answer or None})
            elif wanted(message):
                return message
        raise TimeoutError("yaml-language-server did not answer")

    def request(self, method: str, params) -> dict:
        self.last += 1
        number = self.last
        self._send({"id": number, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == number and "method" not in m).get("result")

    def open(self, path: Path, text: str) -> list[dict]:
        """Open a document (it need not exist on disk) and return the diagnostics the server publishes for it."""
        return self.open_all({path: text})[path]

    def open_all(self, documents: dict[Path, str]) -> dict[Path, list[dict]]:
        """Open documents at once (the server waits 200 ms before it checks each) and collect their diagnostics."""
        uris = {path.as_uri(): path for path in documents}
        for path, text in documents.items():
            document = {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}
            self.notify("textDocument/didOpen", {"textDocument": document})
        found: dict[Path, list[dict]] = {}
        while len(found) < len(uris):
            message = self.wait(
                lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] in uris
            )
            found[uris[message["params"]["uri"]]] = message["params"]["diagnostics"]
        return found

    def complete(self, path: Path, line: int, character: int) -> list[dict]:
        position = {"line": line, "character": character}
        result = self.request("textDocument/completion", {"textDocument": {"uri": path.as_uri()}, "position": position})
        return result["items"] if isinstance(result, dict) else result

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.reader.join(timeout=5)
        self.proc.stdin.close()
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """yaml-language-server, started in a project of the minimal entries with the schema `kb schema` writes."""
    command, why_not = yaml_language_server()
    if command is None:
        pytest.skip(why_not)
    root = tmp_path_factory.mktemp("lsp")
    shutil.copytree(MINIMAL, root / "entries")
    write(root / "schema", catalog(root / "entries"))
    client = LanguageServer(command, root)
    client.root = root
    yield client
    client.close()


MODELINE = "# yaml-language-server: $schema=../../schema/model.schema.json\n"
MISTAKES = """\
name: Delta
summary: A model with the usual mistakes.
date: "2021-3"
organization: a-lab-added-in-this-change
era: new-eraa
axes:
  sise: Bigger.
figures:
  parameters: {value: 70B, status: offical, source: "https://example.org/"}
relations:
  builds_on: [alpha, Beta]
sources:
  - {title: A paper, url: "ftp://example.org/"}
"""


def test_yaml_language_server_shows_each_mistake_with_the_readable_message(server):
    """Line 4 names an organization that does not exist yet: a valid id, so not underlined."""
    diagnostics = server.open(server.root / "entries" / "models" / "delta.yaml", MODELINE + MISTAKES)
    found = sorted((d["range"]["start"]["line"], d["message"]) for d in diagnostics)
    assert found == [
        (3, "a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        (5, "an era id: one of new-era, old-era"),
        (7, "an axis id: one of size"),
        (9, "one of official, estimated, rumored"),
        (11, "an entry id: a lowercase slug like 'gpt-4'"),
        (13, "an http(s) URL like 'https://arxiv.org/abs/2203.15556'"),
    ]


def test_yaml_language_server_accepts_a_valid_entry(server):
    text = (MINIMAL / "models" / "beta.yaml").read_text(encoding="utf-8")
    assert server.open(server.root / "entries" / "models" / "beta-copy.yaml", MODELINE + text) == []


def test_yaml_language_server_completes_eras_organizations_and_related_ids(server):
    path = server.root / "entries" / "models" / "epsilon.yaml"
    server.open(path, MODELINE + "name: Epsilon\nera: \norganization: \nrelations:\n  builds_on:\n    - \n")
    eras = server.complete(path, 2, 5)
    assert [(item["label"], item.get("documentation")) for item in eras] == [
        ("new-era", "New era (era)"),
        ("old-era", "Old era (era)"),
    ]
    assert {item["label"] for item in server.complete(path, 3, 14)} >= {"lab"}
    assert {item["label"] for item in server.complete(path, 6, 6)} >= {"alpha", "beta", "gamma", "idea"}


def test_the_model_snippet_yaml_language_server_inserts_is_a_valid_entry_when_filled(server):
    path = server.root / "entries" / "models" / "zeta.yaml"
    server.open(path, MODELINE)
    [item] = [item for item in server.complete(path, 1, 0) if item["label"] == "model entry"]
    text = filled(item["insertText"]) + "\n"
    target = write_entry(server.root / "snippet" / "models", "zeta.yaml", text)
    entry, problems = read_entry(target, "model")
    assert not problems and list(check_schema(entry)) == [], text
    assert server.open(path.with_name("zeta-filled.yaml"), MODELINE + text) == []


def test_yaml_language_server_finds_nothing_wrong_in_the_shipped_entries(server, shipped):
    documents = {}
    for path in sorted(ENTRIES.rglob("*.yaml")):
        modeline = f"# yaml-language-server: $schema=../../schema/{vocab.KINDS[path.parent.name]}.schema.json\n"
        beside = shipped.parent / "entries" / path.parent.name / path.name  # where ../../schema is `shipped`
        documents[beside] = modeline + path.read_text(encoding="utf-8")
    flagged = {path.name: [d["message"] for d in found] for path, found in server.open_all(documents).items() if found}
    assert flagged == {}
