"""The inline Markdown subset entry text may use: its link pattern (read by the checks and the renderers alike)
and text reduced to plain words (for tooltips, titles, search and the terminal)."""

from __future__ import annotations

import re

CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\[([^\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")


def plain(text: str) -> str:
    """Inline Markdown reduced to plain text (for tooltips, titles and search).

    >>> plain("**Chinchilla** builds on [Gopher](gopher) and `code`")
    'Chinchilla builds on Gopher and code'
    """
    text = LINK.sub(lambda m: m.group(1), str(text))
    text = CODE.sub(lambda m: m.group(1), text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return re.sub(r"(?<![\w*])\*([^*\n]+?)\*(?![\w*])", r"\1", text)
