"""Our inline Markdown subset against a real CommonMark renderer (markdown-it-py).

`kb.site.text.inline` renders entry text to HTML and `kb.markdown.plain` reduces it to words. Where the
subset overlaps CommonMark they must agree with markdown-it's `renderInline` (HTML compared after
normalising escapes, attribute order and whitespace; entry-id links are rendered to their id so they
compare as plain links). Every known disagreement is listed below with what each side gives today, so a
change on either side fails a test and the list cannot rot. Entries marked BUG are disagreements we do
not intend; they are pinned here until fixed, then belong in the agreeing corpus.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from kb.markdown import plain
from kb.site.text import inline

MD = MarkdownIt("commonmark", {"html": False})  # raw HTML is text, as in entries


class _Normaliser(HTMLParser):
    """HTML to one canonical spelling: entities decoded then re-escaped, attributes sorted, spaces collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html: list[str] = []
        self.text: list[str] = []

    def _tag(self, tag, attrs, close=""):
        pairs = "".join(f' {k}="{html.escape(v or "")}"' for k, v in sorted(attrs))
        self.html.append(f"<{tag}{pairs}{close}>")

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag):
        self.html.append(f"</{tag}>")

    def handle_data(self, data):
        self.html.append(html.escape(data, quote=False))
        self.text.append(data)


def _normalised(fragment: str) -> tuple[str, str]:
    parser = _Normaliser()
    parser.feed(fragment)
    parser.close()
    markup = re.sub(r"\s+", " ", "".join(parser.html)).strip()  # a run of HTML whitespace shows as one space
    return markup, "".join(parser.text)


def ours(text: str) -> str:
    return _normalised(inline(text, link_for=lambda eid: eid))[0]


def reference(text: str) -> str:
    return _normalised(MD.renderInline(text))[0]


def reference_text(text: str) -> str:
    """The text of markdown-it's rendering, without the markup (spaces as they are)."""
    return _normalised(MD.renderInline(text))[1]


# --------------------------------------------------------------------------- where we agree

AGREES = [
    "***both***",  # bold inside emphasis (was a known bug: a stray * each side)
    "***a** b*",
    "_a *b* c_",  # emphasis of one marker inside the other (was left as typed)
    "plain words",
    "`code`",
    "`a*b*c`",
    "`<b>`",
    "`a` and `b`",
    "**bold**",
    "*em*",
    "_em_",
    "**bold** and *em*",
    "**bold *em* bold**",
    "*em **bold** em*",
    "*a **b***",
    "*a* *b*",
    "**a** **b**",
    "**a**b",
    "**bold**:",
    "(*em*)",
    '*"quoted"*',
    "a _b_ c",
    "snake_case_name",
    "x_y_ z",
    "1 * 2",
    "a * b * c",
    "* a*",
    "** not bold **",
    "**unclosed",
    "`unclosed",
    "[link](https://example.org/)",
    "[a](http://x.y/)",
    "[a](https://a.b/?q=1&r=2)",
    "[wiki](https://en.wikipedia.org/wiki/Foo_(bar))",
    "[a](https://x.y/_b_)",
    "[**bold** link](https://example.org/)",
    "[*em*](https://x.y/)",
    "[`code` link](https://example.org/)",
    "[entry](gpt-4)",
    "[`a`](gpt-4)",
    "*[a](https://x.y/)*",
    "**[b](https://x.y/)**",
    "[link](https://x.y/)[2](https://z.w/)",
    "*a [b* c](https://x.y/)",
    "`**not bold**`",
    "`[a](https://x.y/)`",
    "[brackets] alone",
    "[a] (b)",
    "[a]b](https://x.y/)",
    "<b>raw</b>",
    "AT&T",
    "5 < 6 > 4",
    "\"quoted\" 'single'",
    "https://bare.example.org",
    "~~strike~~",
    "line one\nline two",
]


@pytest.mark.parametrize("text", AGREES)
def test_inline_renders_like_commonmark(text):
    assert ours(text) == reference(text)


# plain() where it does not give the words markdown-it shows: text -> (plain today, what a reader sees, why)
PLAIN_DIFFERS = {
    r"\*not em\*": ("\\not em\\", "*not em*", "backslash escapes are not supported (see DIFFERS)"),
    r"\_not em\_": ("\\not em\\", "_not em_", "backslash escapes are not supported (see DIFFERS)"),
}
PLAIN_CORPUS = AGREES + [r"\*not em\*", r"\_not em\_"]


@pytest.mark.parametrize("text", PLAIN_CORPUS)
def test_plain_gives_the_words_commonmark_shows(text):
    if text in PLAIN_DIFFERS:
        today, seen, why = PLAIN_DIFFERS[text]
        assert (plain(text), reference_text(text)) == (today, seen), f"{why}: changed? update PLAIN_DIFFERS"
        assert today != seen
    else:
        assert plain(text) == reference_text(text)


# --------------------------------------------------------------------------- where we differ on purpose, or by bug

# text -> (ours today, markdown-it's, why); HTML as normalised above
DIFFERS = {
    # backslash escapes are not part of the subset: the backslash stays and the marker still counts
    r"\*not em\*": (r"\<em>not em\</em>", "*not em*", "backslash escapes are not supported"),
    r"\_not em\_": (r"\<em>not em\</em>", "_not em_", "backslash escapes are not supported"),
    r"\[a](https://x.y/)": (r'\<a href="https://x.y/">a</a>', "[a](https://x.y/)", "backslash escapes"),
    # entities: entry text is text, an ampersand is shown as typed
    "&amp; &lt;": ("&amp;amp; &amp;lt;", "&amp; &lt;", "character references are shown literally"),
    # emphasis: no intraword *, no __strong__, no _ inside _
    "em*in*word": ("em*in*word", "em<em>in</em>word", "no intraword * emphasis (keeps 2*3*4 arithmetic)"),
    "2*3*4": ("2*3*4", "2<em>3</em>4", "no intraword * emphasis"),
    "*a*b": ("*a*b", "<em>a</em>b", "no emphasis ending inside a word"),
    "a*b*": ("a*b*", "a<em>b</em>", "no emphasis starting inside a word"),
    "__bold__": ("__bold__", "<strong>bold</strong>", "__strong__ is not in the subset"),
    "_a_b_": ("_a_b_", "<em>a_b</em>", "_em_ holds no underscore"),
    "**a*": ("**a*", "*<em>a</em>", "unbalanced markers are left as typed"),
    "*a**": ("*a**", "<em>a</em>*", "unbalanced markers are left as typed"),
    "**a *b** c*": ("<strong>a *b</strong> c*", "<em><em>a <em>b</em></em> c</em>", "crossing markers"),
    "*a **b* c**": ("*a <strong>b* c</strong>", "<em>a <em><em>b</em> c</em></em>", "crossing markers"),
    # code spans: one backtick only
    "`` double `tick` ``": (
        "`<code> double </code>tick<code> </code>`",
        "<code>double `tick`</code>",
        "BUG: double-backtick code spans come out mangled",
    ),
    # links: only http(s) URLs and entry ids, written [text](target) with no spaces
    "[x](javascript:alert(1))": ("x", "[x](javascript:alert(1))", "other targets: the text only, no link"),
    "[a](mailto:x@y.z)": ("a", '<a href="mailto:x@y.z">a</a>', "other schemes: the text only"),
    "[a](HTTPS://X.Y/)": ("a", '<a href="HTTPS://X.Y/">a</a>', "the scheme must be lowercase http(s)"),
    "[a](/absolute)": ("a", '<a href="/absolute">a</a>', "site paths are not links; use entry ids"),
    "[a](#anchor)": ("a", '<a href="#anchor">a</a>', "anchors are not links"),
    "[a](models/gpt-4.md)": ("a", '<a href="models/gpt-4.md">a</a>', "file paths are not links; use entry ids"),
    "[a](Gpt-4)": ("a", '<a href="Gpt-4">a</a>', "entry ids are lowercase"),
    "[]()": ("", '<a href=""></a>', "an empty target is no link"),
    "[a](<b>)": ("a", '<a href="b">a</a>', "no <...> destinations"),
    "[a](gpt-4 )": ("[a](gpt-4 )", '<a href="gpt-4">a</a>', "no spaces inside the parentheses"),
    '[a](https://x.y/ "title")': (
        '[a](https://x.y/ "title")',
        '<a href="https://x.y/" title="title">a</a>',
        "no link titles",
    ),
    "[a [b] c](https://x.y/)": ("[a [b] c](https://x.y/)", '<a href="https://x.y/">a [b] c</a>', "no [ ] in a label"),
    "<https://x.y/>": ("&lt;https://x.y/&gt;", '<a href="https://x.y/">https://x.y/</a>', "no autolinks"),
    "![img](https://x.y/z.png)": (
        '!<a href="https://x.y/z.png">img</a>',
        '<img alt="img" src="https://x.y/z.png" />',
        "no images: a link after a !",
    ),
    # one paragraph: a hard break is a space
    "two  \nlines": ("two lines", "two<br /> lines", "no hard line breaks"),
}


@pytest.mark.parametrize("text", list(DIFFERS))
def test_inline_differs_from_commonmark_only_as_listed(text):
    today, theirs, why = DIFFERS[text]
    assert (ours(text), reference(text)) == (today, theirs), f"{why}: changed? update DIFFERS (or move to AGREES)"
    assert today != theirs


def test_the_known_plain_differences_are_in_the_corpus():
    assert set(PLAIN_DIFFERS) <= set(PLAIN_CORPUS)
    assert not set(AGREES) & set(DIFFERS)


def test_the_corpus_is_broad():
    assert len(AGREES) >= 30 and len(DIFFERS) >= 20
