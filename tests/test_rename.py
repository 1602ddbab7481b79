"""`kb rename` (issue 14): ids that never break. References rewritten in place, the old id kept for redirects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kb.check.run import load, load_valid
from kb.site.assemble import render_site
from tests.conftest import ENTRIES


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml")}


def ids_referenced(folder: Path) -> set[str]:
    from kb.check.corpus_rules import references

    return {target for entry in load(folder).entries.values() for _, target, _ in references(entry)}


def test_rename_rewrites_every_reference_and_keeps_the_old_id(minimal, cli):
    before = snapshot(minimal)
    result = cli("rename", "--entries", minimal, "idea", "big-idea")
    assert result.exit_code == 0, result.output
    after = snapshot(minimal)
    assert "concepts/idea.yaml" not in after and "concepts/big-idea.yaml" in after
    assert "idea" not in ids_referenced(minimal) and "big-idea" in ids_referenced(minimal)
    alpha = after["models/alpha.yaml"]
    assert "built on [the idea](big-idea)." in alpha  # a link in text
    assert "introduces: [big-idea]" in alpha and "uses: [big-idea]" in alpha  # flow lists
    assert after["concepts/big-idea.yaml"].splitlines()[1] == "former_ids: [idea]"
    # only the lines that name the id changed: comments, order and layout are kept
    changed = [
        (old, new)
        for name in before
        if name != "concepts/idea.yaml"
        for old, new in zip(before[name].splitlines(), after[name].splitlines(), strict=True)
        if old != new
    ]
    assert all("idea" in old and "big-idea" in new for old, new in changed) and len(changed) >= 3
    assert load_valid(minimal).entries["big-idea"].data["former_ids"] == ["idea"]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("lab", "the-lab", "organization: the-lab"),
        ("old-era", "first-era", "era: first-era"),
        ("size", "scale", "  scale:"),
    ],
)
def test_rename_rewrites_structural_references(minimal, cli, old, new, field):
    assert cli("rename", "--entries", minimal, old, new).exit_code == 0
    assert field in (minimal / "models" / "alpha.yaml").read_text(encoding="utf-8")
    assert old not in ids_referenced(minimal)
    load_valid(minimal)


def test_renaming_twice_keeps_both_former_ids_and_block_lists_grow_in_their_style(minimal, cli):
    assert cli("rename", "--entries", minimal, "beta", "beta-2").exit_code == 0
    assert cli("rename", "--entries", minimal, "beta-2", "beta-3").exit_code == 0
    assert load_valid(minimal).entries["beta-3"].data["former_ids"] == ["beta", "beta-2"]
    path = minimal / "models" / "beta-3.yaml"
    text = path.read_text(encoding="utf-8").replace("former_ids: [beta, beta-2]", "former_ids:\n  - beta\n  - beta-2")
    path.write_text(text, encoding="utf-8")
    assert cli("rename", "--entries", minimal, "beta-3", "beta-4").exit_code == 0
    text = (minimal / "models" / "beta-4.yaml").read_text(encoding="utf-8")
    assert "former_ids:\n  - beta\n  - beta-2\n  - beta-3\n" in text


def test_the_old_address_redirects_and_the_api_answers_the_old_id(minimal, cli):
    assert cli("rename", "--entries", minimal, "alpha", "alpha-net").exit_code == 0
    site = render_site(load_valid(minimal))
    page = site.assets["models/alpha/index.html"]
    assert 'http-equiv="refresh" content="0; url=../alpha-net/"' in page and "Alpha" in page
    moved = json.loads(site.assets["api/v1/entries/alpha.json"])
    assert moved == {"api_version": "v1", "id": "alpha", "renamed_to": "alpha-net", "api": "entries/alpha-net.json"}
    assert "models/alpha-net.md" in site.pages


def test_the_shipped_corpus_renames_cleanly(tmp_path, cli):
    entries = tmp_path / "entries"
    shutil.copytree(ENTRIES, entries)
    result = cli("rename", "--entries", entries, "chinchilla", "chinchilla-70b")
    assert result.exit_code == 0, result.output
    assert "chinchilla" not in ids_referenced(entries)
    kb = load_valid(entries)
    assert kb.entries["chinchilla-70b"].data["former_ids"] == ["chinchilla"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("alpha", "beta"), "'beta' is already the id of"),
        (("alpha", "Not_An_Id"), "is not a valid id"),
        (("alpah", "alpha-2"), "did you mean 'alpha'"),
    ],
)
def test_a_refused_rename_writes_nothing(minimal, cli, args, expected):
    before = snapshot(minimal)
    result = cli("rename", "--entries", minimal, *args)
    assert result.exit_code == 2 and expected in result.output
    assert "Traceback" not in result.output
    assert snapshot(minimal) == before


def test_a_rename_over_a_stray_file_or_in_a_broken_corpus_writes_nothing(minimal, cli):
    stray = minimal / "models" / "alpha-2.yaml"
    stray.write_text("# someone's notes\n", encoding="utf-8")
    before = snapshot(minimal)
    result = cli("rename", "--entries", minimal, "alpha", "alpha-2")
    assert result.exit_code == 2 and snapshot(minimal) == before
    stray.unlink()
    (minimal / "models" / "beta.yaml").write_text("name: Beta\n", encoding="utf-8")  # now broken
    before = snapshot(minimal)
    result = cli("rename", "--entries", minimal, "alpha", "alpha-2")
    assert result.exit_code == 2 and "fix them first" in result.output and snapshot(minimal) == before


def test_dry_run_says_what_would_change_and_writes_nothing(minimal, cli):
    before = snapshot(minimal)
    result = cli("rename", "--entries", minimal, "idea", "big-idea", "--dry-run")
    assert result.exit_code == 0 and "Would rename" in result.output and "alpha.yaml" in result.output
    assert snapshot(minimal) == before


def test_a_former_id_may_not_be_a_live_id_nor_claimed_twice(minimal, cli):
    alpha = minimal / "models" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("name: Alpha\n", "name: Alpha\nformer_ids: [beta]\n"))
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 1 and "models/alpha.yaml:2:" in result.output and "is the id of" in result.output
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("former_ids: [beta]", "former_ids: [old-alpha]"))
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("name: Beta\n", "name: Beta\nformer_ids: [old-alpha]\n"))
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 1 and "already a former id of 'alpha'" in result.output


def test_a_reference_to_a_former_id_says_what_it_was_renamed_to(minimal, cli):
    assert cli("rename", "--entries", minimal, "alpha", "alpha-net").exit_code == 0
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("succeeds: [alpha-net]", "succeeds: [alpha]"))
    result = cli("validate", "--entries", minimal)
    assert result.exit_code == 1 and "which was renamed to 'alpha-net'; write 'alpha-net'" in result.output


def test_rename_refreshes_the_editor_schema_kb_wrote(tmp_path, cli):
    import shutil as sh

    from tests.conftest import ROOT

    sh.copytree(ENTRIES, tmp_path / "entries")
    sh.copytree(ROOT / "schema", tmp_path / "schema")
    assert cli("rename", "--entries", tmp_path / "entries", "chinchilla", "chinchilla-70b").exit_code == 0
    schema = (tmp_path / "schema" / "entry.schema.json").read_text(encoding="utf-8")
    assert '"chinchilla-70b"' in schema and '"chinchilla"' not in schema


def test_after_a_rename_the_built_site_redirects_the_old_address(minimal, cli, tmp_path):
    from tests.conftest import FIXTURES, build_site

    assert cli("rename", "--entries", minimal, "alpha", "alpha-net").exit_code == 0
    assert cli("validate", "--entries", minimal).exit_code == 0
    config = tmp_path / "mkdocs.yml"
    text = (FIXTURES / "site" / "mkdocs.yml").read_text(encoding="utf-8").replace("../minimal", str(minimal))
    config.write_text(text.replace("docs_dir: docs", f"docs_dir: {FIXTURES / 'site' / 'docs'}"), encoding="utf-8")
    site = build_site(minimal, tmp_path / "site", config)
    old = (site / "models" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../alpha-net/"' in old
    assert "Alpha" in (site / "models" / "alpha-net" / "index.html").read_text(encoding="utf-8")
    moved = json.loads((site / "api" / "v1" / "entries" / "alpha.json").read_text(encoding="utf-8"))
    assert moved["renamed_to"] == "alpha-net"
