"""Citations in BibTeX: an entry's primary source, and the entry itself (`kb cite ID`, the pages' Cite block)."""

from __future__ import annotations

import re

REPOSITORY = "https://github.com/eras-kb/eras"
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def tex(text) -> str:
    """Text safe inside a BibTeX field: every special character escaped, line breaks as spaces.

    >>> tex("50% of {x} & y_1 ~ #2 \\\\ $")
    '50\\\\% of \\\\{x\\\\} \\\\& y\\\\_1 \\\\~{} \\\\#2 \\\\textbackslash{} \\\\$'
    """
    text = re.sub(r"\s+", " ", str(text)).strip()
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def url(text: str) -> str:
    """A URL for a BibTeX `url` field: braces and percent signs percent-encoded, nothing else touched."""
    return str(text).replace("%", "%25").replace("{", "%7B").replace("}", "%7D")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "entry"


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}"


def source_bibtex(eid: str, node: dict) -> str | None:
    """The entry's primary source (its first source) as @misc; None when it has no source."""
    sources = node.get("sources") or []
    if not sources:
        return None
    first = sources[0]
    date = node.get("date")
    authors = " and ".join(tex(a) for a in node.get("authors") or [])
    fields = [
        ("title", tex(first["title"])),
        ("author", authors),
        ("year", str(date.year) if date else ""),
        ("url", url(first["url"])),
    ]
    return _entry("misc", _key(f"{eid}-{date.year if date else 'source'}"), fields)


def entry_bibtex(eid: str, node: dict) -> str:
    """The knowledge-base entry itself, citing the file it lives in."""
    fields = [
        ("title", tex(f"{node['name']} (Eras knowledge-base entry)")),
        ("author", "{Eras contributors}"),
        ("howpublished", tex("Eras, a knowledge base of deep learning's history")),
        ("url", url(f"{REPOSITORY}/blob/main/entries/{node['path']}")),
        ("note", tex(f"entry {eid}; figures carry their own sources and status")),
    ]
    return _entry("misc", _key(f"eras-{eid}"), fields)


def citations(eid: str, node: dict) -> list[str]:
    """Both BibTeX records, the source's first when there is one."""
    return [b for b in (source_bibtex(eid, node), entry_bibtex(eid, node)) if b]
