"""The path a new contributor takes: kb new, fill it in, kb validate points at each mistake, kb diff describes it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .conftest import MINIMAL


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=cwd, check=True, capture_output=True
    )


FILLED_WITH_MISTAKES = """\
name: My Model
summary: A model that a contributor adds.
date: "2023-02-30"
organization: labb
era: new-era
axes:
  size: Bigger than Beta.
figures:
  paramters:
    value: 80B
    status: official
    source: https://example.org/my-model
  training_compute: {value: 2e23, status: estimated, source: "https://example.org/e"}
relations:
  builds_on: [beta]
  succeeds: [beta]
sources:
  - title: My model's paper
    url: javascript:alert(1)
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_new_fill_validate_fix_and_diff(tmp_path, cli, monkeypatch):
    shutil.copytree(MINIMAL, tmp_path / "entries")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    monkeypatch.chdir(tmp_path)

    # 1. the template, in the right folder, with the schema modeline; it does not validate until filled in
    result = cli("new", "model", "my-model")
    assert result.exit_code == 0, result.output
    path = Path("entries/models/my-model.yaml")
    template = path.read_text(encoding="utf-8")
    assert template.startswith("# yaml-language-server: $schema=../../schema/model.schema.json")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "placeholder" in result.output

    # 2. filled in with the usual mistakes: each is reported at its own line, with the field and a fix
    path.write_text(FILLED_WITH_MISTAKES, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    out = result.output
    expected = {
        "date": "does not exist",
        "organization": "did you mean 'lab'",
        "paramters": "did you mean 'parameters'",
        "training_compute": "'by'",
        "url: javascript": "http(s) URL",
    }
    for needle, words in expected.items():
        line = line_of(FILLED_WITH_MISTAKES, needle)
        pattern = rf"^entries/models/my-model\.yaml:{line}:\d+: error: .*{re.escape(words)}"
        assert re.search(pattern, out, re.M), f"no error at line {line} mentioning {words!r}:\n{out}"
    assert out.strip().splitlines()[-1].startswith("1 file checked:")

    # 3. fixed: valid, in the context of the whole knowledge base
    fixed = (
        FILLED_WITH_MISTAKES.replace("2023-02-30", "2023-02-28")
        .replace("labb", "lab")
        .replace("paramters", "parameters")
        .replace("status: estimated,", "status: estimated, by: Epoch AI,")
        .replace("javascript:alert(1)", "https://example.org/my-model")
    )
    path.write_text(fixed, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.output

    # 4. what the change does to the knowledge base
    result = cli("diff", "main")
    assert result.exit_code == 0, result.output
    assert "Entries added (1):" in result.output and "my-model" in result.output
    assert "my-model succeeds beta" in result.output
    assert "my-model builds_on beta" in result.output


def test_new_asks_in_a_terminal(tmp_path, cli, monkeypatch):
    shutil.copytree(MINIMAL, tmp_path / "entries")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("kb.cli._interactive", lambda: True)
    result = cli("new", input="paper\nmy-paper\n")
    assert result.exit_code == 0, result.output
    assert Path("entries/papers/my-paper.yaml").is_file()


ONE_RELATION_NO_AXIS = """\
name: Thin Model
summary: A model with one relation and no axis.
date: "2023-03"
organization: lab
era: new-era
relations:
  builds_on: [beta]
sources:
  - title: Thin paper
    url: https://example.org/thin
"""


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    import sys

    if command[0] == "kb" and shutil.which("kb") is None:
        command = [sys.executable, "-m", "kb.cli", *command[1:]]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def test_validate_the_hook_and_ci_give_one_verdict(tmp_path, cli):
    """An entry only the editorial rules reject fails `kb validate`, the pre-commit hook and CI alike."""
    import yaml

    from .conftest import ROOT

    shutil.copytree(MINIMAL, tmp_path / "entries")
    path = tmp_path / "entries" / "models" / "thin.yaml"
    path.write_text(ONE_RELATION_NO_AXIS, encoding="utf-8")
    relations = f"entries/models/thin.yaml:{line_of(ONE_RELATION_NO_AXIS, 'relations:')}:1: error: a model needs"

    local = _run(["kb", "validate"], tmp_path)
    assert local.returncode == 1 and relations in local.stdout, local.stdout + local.stderr

    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for repo in hooks["repos"] for h in repo["hooks"] if h["id"] == "kb-validate")
    assert re.search(hook["files"], "entries/models/thin.yaml")
    by_hook = _run([*hook["entry"].split(), "entries/models/thin.yaml"], tmp_path)
    assert by_hook.returncode == 1 and relations in by_hook.stdout

    ci_steps = (ROOT / ".ci" / "run").read_text(encoding="utf-8") + (ROOT / ".github/workflows/ci.yml").read_text()
    ci_validate = re.findall(r"^\s*(?:run: )?(kb validate[^\n]*)$", ci_steps, re.M)
    assert ci_validate, "CI runs kb validate"
    for command in ci_validate:
        by_ci = _run(command.split(), tmp_path)
        assert by_ci.returncode == 1, command
        assert "a model needs at least 2 relations" in by_ci.stdout, command

    # the tests' own check of the shipped corpus is the same command, so it fails on this corpus too
    assert cli("validate", "--entries", tmp_path / "entries", "--editorial").exit_code == 1
