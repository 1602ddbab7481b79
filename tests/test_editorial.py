"""`kb validate --editorial`: the shipped corpus's editorial rules, as warnings a contributor can act on."""

from __future__ import annotations

from .conftest import ENTRIES


def test_editorial_warnings_only_when_asked(minimal, cli):
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("  builds_on: [alpha]\n", ""), encoding="utf-8")
    plain = cli("validate", "--entries", minimal)
    assert plain.exit_code == 0 and "warning" not in plain.output, plain.output
    result = cli("validate", "--entries", minimal, "--editorial")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    relations_line = next(
        i for i, t in enumerate(beta.read_text(encoding="utf-8").splitlines(), 1) if t == "relations:"
    )
    assert (
        f"{minimal / 'models' / 'beta.yaml'}:{relations_line}:1: warning: a model should have at least 2 relations"
        in "\n".join(lines)
    )
    assert any("papers/gamma.yaml" in line and "at least one scaling axis" in line for line in lines)
    assert lines[-1].endswith("0 errors, 2 warnings.")


def test_shipped_corpus_has_no_editorial_warnings(cli):
    result = cli("validate", "--entries", ENTRIES, "--editorial")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("no problems."), result.output
