"""Citations: BibTeX for an entry's primary source and the entry, with BibTeX's special characters escaped."""

from __future__ import annotations

import re

from kb.outputs.cite import citations, tex


def test_kb_cite_prints_the_source_and_the_entry(cli, minimal):
    result = cli("cite", "alpha", "--entries", minimal)
    assert result.exit_code == 0, result.output
    records = re.findall(r"^@misc\{([^,]+),", result.output, flags=re.M)
    assert records == ["alpha-2015", "eras-alpha"]
    assert "title = {Alpha paper}" in result.output
    assert "url = {https://example.org/alpha}" in result.output
    assert "entries/models/alpha.yaml" in result.output


def test_kb_cite_suggests_an_id(cli, minimal):
    result = cli("cite", "alph", "--entries", minimal)
    assert result.exit_code == 2 and "did you mean 'alpha'?" in result.output


def test_every_bibtex_special_character_is_escaped():
    hostile = r"50% {x} & y_1 ~ #2 \ $ ^"
    assert tex(hostile) == r"50\% \{x\} \& y\_1 \~{} \#2 \textbackslash{} \$ \^{}"


def test_hostile_entry_text_cannot_break_out_of_its_field():
    node = {
        "name": "Evil} , author = {Mallory",
        "path": "models/evil.yaml",
        "authors": ["A}, note = {pwned"],
        "sources": [{"title": "T} @misc{x,", "url": "https://e.org/?q={a}%"}],
    }
    for record in citations("evil", node):
        depth = 0
        for i, ch in enumerate(record):
            if ch == "{" and record[i - 1] != "\\":
                depth += 1
            elif ch == "}" and record[i - 1] != "\\":
                depth -= 1
            assert depth >= 0, record
        assert depth == 0, record
        assert record.count("@misc{") == 1
    assert "https://e.org/?q=%7Ba%7D%25" in citations("evil", node)[0]
