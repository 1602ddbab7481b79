"""Entry text to safe HTML: everything escaped, a little inline Markdown, links only to http(s) or entries."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markupsafe import Markup

from kb.markdown import CODE as _CODE
from kb.markdown import LINK
from kb.vocab import ID_PATTERN, URL_PATTERN

LinkFor = Callable[[str], "str | None"]

_BOLD = re.compile(r"\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*")  # '***x***' is bold inside em, not '*x' in bold
# emphasis may hold a whole <strong>...</strong> but never cross one, so tags always nest
_EM_BODY = r"(?:[^{mark}\n<]|<(strong|em)>[^<\n]*?</\{group}>)+?"
_EM = re.compile(
    rf"(?<![\w*])\*(?=\S)(?P<star>{_EM_BODY.format(mark='*', group=2)})(?<=\S)\*(?![\w*])"
    rf"|(?<![\w_])_(?=\S)(?P<under>{_EM_BODY.format(mark='_', group=4)})(?<=\S)_(?![\w_])"
)
_URL = re.compile(URL_PATTERN)
_ID = re.compile(ID_PATTERN)


def esc(text) -> str:
    """Escape text for HTML content and attribute values alike.

    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(str(text), quote=True)


def inline(text: str, link_for: LinkFor = lambda _id: None) -> Markup:
    """Render inline Markdown (`code`, **bold**, *em*, [links]) from untrusted text, as safe HTML.

    Links to http(s) URLs are kept; `[text](entry-id)` becomes a link to that entry when `link_for`
    knows it; any other target is dropped and only its text is shown.

    >>> inline("**MoE** with <b>raw</b> [x](javascript:alert(1)) and [y](https://a.b/?q=1&r=2)")
    Markup('<strong>MoE</strong> with &lt;b&gt;raw&lt;/b&gt; x and <a href="https://a.b/?q=1&amp;r=2">y</a>')
    """
    stash: list[str] = []

    def keep(fragment: str) -> str:
        stash.append(fragment)
        return f"\x00{len(stash) - 1}\x00"

    # one paragraph: line breaks are spaces (a blank line must not end the HTML block it sits in)
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(text).replace("\x00", ""))
    text = _CODE.sub(lambda m: keep(f"<code>{esc(m.group(1))}</code>"), text)

    def link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        inner = _emphasis(esc(label))
        if _URL.fullmatch(target):
            return keep(f'<a href="{esc(target)}">{inner}</a>')
        if _ID.fullmatch(target):
            url = link_for(target)
            if url is not None:
                return keep(f'<a href="{esc(url)}">{inner}</a>')
        return keep(inner)

    text = LINK.sub(link, text)
    text = _emphasis(esc(text))
    return Markup(_unstash(text, stash))  # every character of `text` went through esc() above


def _unstash(text: str, stash: list[str]) -> str:
    """Put stashed fragments back; a fragment may hold earlier ones (`code` inside a link's label)."""

    def put(match: re.Match) -> str:
        return _unstash(stash[int(match.group(1))], stash)

    return re.sub(r"\x00(\d+)\x00", put, text)


def _emphasis(escaped: str) -> str:
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    for _ in range(2):  # a second pass finds emphasis inside emphasis of the other marker ('_a *b* c_')
        escaped = _EM.sub(lambda m: f"<em>{m.group('star') or m.group('under')}</em>", escaped)
    return escaped


def blocks(text: str, link_for: LinkFor = lambda _id: None) -> Markup:
    """Render paragraphs and '- ' bullet lists of untrusted Markdown as safe HTML.

    >>> blocks("One.\\n\\n- a\\n- b")
    Markup('<p>One.</p>\\n<ul>\\n<li>a</li>\\n<li>b</li>\\n</ul>')
    """
    out = []
    for chunk in re.split(r"\n\s*\n", str(text).strip()):
        lines = [line.rstrip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if re.match(r"\s*[-*] ", lines[0]):
            items: list[str] = []
            for line in lines:
                if re.match(r"\s*[-*] ", line):
                    items.append(re.sub(r"^\s*[-*] ", "", line))
                else:
                    items[-1] += " " + line.strip()
            out.append("<ul>\n" + "\n".join(f"<li>{inline(i, link_for)}</li>" for i in items) + "\n</ul>")
        else:
            out.append(f"<p>{inline(' '.join(line.strip() for line in lines), link_for)}</p>")
    return Markup("\n".join(out))  # pieces made by inline() only


def md_text(text: str) -> str:
    """Escape text for a Markdown heading or table cell: HTML-escaped, Markdown characters neutralised.

    >>> md_text("GPT-4 <script> *x* [a](b)")
    'GPT-4 &lt;script&gt; &#42;x&#42; &#91;a&#93;(b)'
    """
    return re.sub(r"[\r\n]+", " ", _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", esc(text)))


_MD_SPECIAL = re.compile(r"[\\*_`\[\]|{}]|(?<!&)#")
