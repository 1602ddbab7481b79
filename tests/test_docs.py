"""Docs tested against code: the CLI reference, the schema reference and the relation table are generated."""

from __future__ import annotations

from kb import vocab
from kb.cli import main
from kb.schema import entry_schema
from kb.site.reference import cli_page, command_help, relations_page, schema_page


def test_every_command_has_help_and_is_in_the_reference():
    page = cli_page()
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"kb {name} has no help"
        assert f"## `kb {name}`" in page


def test_cli_reference_is_the_real_help_output():
    from click.testing import CliRunner

    helps = command_help(main)
    runner = CliRunner()
    for name in main.commands:
        real = runner.invoke(main, [name, "--help"], prog_name="kb", terminal_width=80).output
        assert helps[f"kb {name}"].strip() == real.strip()


def test_schema_reference_lists_every_field_of_every_kind():
    page = schema_page()
    for kind, spec in entry_schema()["$defs"].items():
        assert f"## {kind.capitalize()} " in page
        for field in spec["properties"]:
            assert f"| `{field}` |" in page
    for figure in vocab.FIGURES:
        assert f"| `{figure}` |" in page


def test_relation_table_comes_from_the_vocabulary():
    page = relations_page()
    for rel in vocab.RELATIONS.values():
        assert f"| `{rel.name}` | {rel.label} | {rel.inverse} |" in page


def test_generated_reference_pages_are_in_the_site(shipped_site):
    for page in ("reference/schema", "reference/relations", "reference/cli", "coverage", "figures"):
        assert (shipped_site / page / "index.html").is_file(), page
