"""Docs tested against code: the CLI reference, the schema reference and the relation table are generated."""

from __future__ import annotations

import re
import shlex
import shutil

from click.testing import CliRunner

from kb import vocab
from kb.cli import main
from kb.mkdocs_plugin import command_help
from kb.schema import entry_schema
from kb.site.reference import cli_page, relations_page, schema_page

from .conftest import ENTRIES, ROOT

README = ROOT / "README.md"
CONTRIBUTING = ROOT / "docs" / "contributing.md"


def test_every_command_has_help_and_is_in_the_reference():
    page = cli_page(command_help(main)).markdown()
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"kb {name} has no help"
        assert f"## <code>kb {name}</code>" in page


def test_cli_reference_is_the_real_help_output():
    from click.testing import CliRunner

    helps = command_help(main)
    runner = CliRunner()
    for name in main.commands:
        real = runner.invoke(main, [name, "--help"], prog_name="kb", terminal_width=80).output
        assert helps[f"kb {name}"].strip() == real.strip()


def test_schema_reference_lists_every_field_of_every_kind():
    page = schema_page().markdown()
    for kind, spec in entry_schema()["$defs"].items():
        assert f"## {kind.capitalize()} " in page
        for field in spec["properties"]:
            assert f"| `{field}` |" in page
    for figure in vocab.FIGURES:
        assert f"| `{figure}` |" in page


def test_relation_table_comes_from_the_vocabulary():
    page = relations_page().markdown()
    for rel in vocab.RELATIONS.values():
        assert f"| `{rel.name}` | {rel.label} | {rel.inverse} |" in page


def test_generated_reference_pages_are_in_the_site(shipped_site):
    for page in ("reference/schema", "reference/relations", "reference/cli", "coverage", "figures"):
        assert (shipped_site / page / "index.html").is_file(), page


def readme_commands() -> dict[str, str]:
    """The README's command table: command name -> its whole row."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The command line", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `kb ")]
    names = [re.split(r"(?<!\\)\|", row)[1].strip().strip("`").split()[1] for row in rows]
    assert len(names) == len(set(names)), f"a command is listed twice: {names}"
    return dict(zip(names, rows, strict=True))


def test_the_readme_lists_every_command_and_nothing_else():
    assert sorted(readme_commands()) == sorted(main.commands)


def test_the_options_the_readme_names_exist():
    for name, row in readme_commands().items():
        options = {opt for param in main.commands[name].params for opt in param.opts}
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", row):
            assert option in options, f"README: kb {name} has no {option}"


def test_every_command_but_schema_takes_entries_as_the_readme_says():
    assert "Every command but `kb schema` takes `--entries DIR`" in README.read_text(encoding="utf-8")
    without = {name for name, cmd in main.commands.items() if "entries_dir" not in {p.name for p in cmd.params}}
    assert without == {"schema"}


def code_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.M | re.S)


def test_the_contributing_example_is_what_kb_validate_prints(tmp_path, monkeypatch):
    text = CONTRIBUTING.read_text(encoding="utf-8")
    [entry] = [block for block in code_blocks(text, "yaml") if "paramters" in block]
    [session] = [block for block in code_blocks(text, "console") if block.startswith("$ kb validate ")]
    command, *shown = session.splitlines()
    args = shlex.split(command.removeprefix("$ kb "))
    target = args[-1]
    assert target.startswith("entries/") and target.endswith(".yaml"), command
    project = tmp_path / "project"
    shutil.copytree(ENTRIES, project / "entries")
    (project / target).write_text(entry, encoding="utf-8")
    monkeypatch.chdir(project)

    result = CliRunner().invoke(main, args, prog_name="kb")

    assert result.output.splitlines() == shown
    assert result.exit_code == 1 and "exits with 1" in text
