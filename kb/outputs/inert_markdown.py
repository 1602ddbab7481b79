"""Text from entries made inert where Markdown is rendered on GitHub (pull-request comments, reports)."""

from __future__ import annotations

import html
import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]()!|~$])")
WORD_JOINER = "\u2060"


def md_text(value) -> str:
    r"""Text from an entry made inert in GitHub Markdown: no link, image, HTML, code span, emphasis,
    @mention or #reference; it reads the same once rendered.

    HTML's <, > and & become entities, Markdown punctuation gets a backslash, and a word joiner
    (U+2060, invisible) after @ and # keeps GitHub from linking a user, team or issue.

    >>> print(md_text("![x](http://e/i.png) <img> @you #1 `a` *b*").replace(WORD_JOINER, "{WJ}"))
    \!\[x\]\(http://e/i.png\) &lt;img&gt; @{WJ}you #{WJ}1 \`a\` \*b\*
    """
    text = html.escape(_CONTROL.sub(" ", str(value)), quote=False)
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    return re.sub("([@#])", "\\1" + WORD_JOINER, text)


def one_line(value) -> str:
    """Text on one line for a plain-text report: control characters and line breaks as spaces."""
    return _CONTROL.sub(" ", str(value))
