"""The inline Markdown subset entry text may use: its link pattern (read by the checks and the renderers alike)
and text reduced to plain words (for tooltips, titles, search and the terminal)."""

from __future__ import annotations

import re

CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\[([^\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")


BOLD = re.compile(r"\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*")
EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")


def plain(text: str) -> str:
    """Inline Markdown reduced to plain text (for tooltips, titles and search).

    Code spans keep their text as typed, links become their label, and only real emphasis markers go.

    >>> plain("**Chinchilla** builds on [Gopher](gopher) and `**code**`; 2 * 3 * 4")
    'Chinchilla builds on Gopher and **code**; 2 * 3 * 4'
    """
    stash: list[str] = []

    def keep(fragment: str) -> str:
        stash.append(fragment)
        return f"\x00{len(stash) - 1}\x00"

    text = CODE.sub(lambda m: keep(m.group(1)), str(text).replace("\x00", ""))
    text = LINK.sub(lambda m: keep(_unmark(m.group(1))), text)
    return _unstash(_unmark(text), stash)


def _unmark(text: str) -> str:
    text = BOLD.sub(r"\1", text)
    for _ in range(2):  # emphasis of one marker inside the other: '_a *b* c_'
        text = EM.sub(lambda m: m.group(1) or m.group(2), text)
    return text


def _unstash(text: str, stash: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: _unstash(stash[int(m.group(1))], stash), text)
