"""Generated pages without a Markdown run each: their headings and table of contents are known from the page.

mkdocs renders every page with a new Python-Markdown instance, then the toc extension walks the tree for
headings. A generated page that carries no prose (every entry page) is only headings and blocks of HTML, so
its content and table of contents are built here directly: the same HTML, ids and permalinks the toc extension
writes (each distinct heading is run through Markdown once, and cached), at a fraction of the cost. A test
compares both renderings for every page of the shipped corpus and of the hostile-text corpus.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from mkdocs.structure.toc import get_toc

from kb.site.page import Page
from kb.site.text import md_text

# Text Markdown leaves as it is in a heading: no markup characters, entities only of the kinds md_text writes.
_PLAIN = re.compile(r"(?:[^\\*_`\[\]|{}<>!&#\n]|&(?:amp|lt|gt|quot|#\d+|#x27);)*")
_INNER = re.compile(r"^<h(\d)>(.*)</h\1>$", re.S)
# Elements whose whitespace is content (or code): left exactly as they are.
_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def tighten(page_html: str) -> str:
    """The page with each line break's indentation and blank lines removed (outside pre, textarea, script
    and style): the same document to a browser, and about a quarter smaller, since the theme indents deeply.

    >>> tighten("<div>\\n    <p>a  b</p>\\n\\n  </div><pre>\\n  x</pre>")
    '<div>\\n<p>a  b</p>\\n</div><pre>\\n  x</pre>'
    """
    parts = _KEEP.split(page_html)
    # split() with two groups gives: text, kept element, its tag name, text, ...
    kept = (part if i % 3 == 1 else "" if i % 3 == 2 else _INDENT.sub("\n", part) for i, part in enumerate(parts))
    return "".join(kept)


def can_render(page: Page) -> bool:
    """Pages whose sections hold no prose: Markdown would only turn their headings into HTML."""
    return all(not section.prose for section in page.sections)


class FastPages:
    """Renders generated pages the way mkdocs + the toc extension would, for one build's configuration."""

    def __init__(self, config):
        names = [ext for ext in config["markdown_extensions"] if ext != "toc"]
        configs = {k: v for k, v in (config["mdx_configs"] or {}).items() if k != "toc"}
        self.md = markdown.Markdown(extensions=names, extension_configs=configs)
        toc = (config["mdx_configs"] or {}).get("toc", {})
        permalink = toc.get("permalink", False)
        self.permalink = "&para;" if permalink is True else (permalink or None)
        self.permalink_title = toc.get("permalink_title", "Permanent link")
        self.permalink_class = toc.get("permalink_class", "headerlink")
        self.slugify = toc.get("slugify", slugify)
        self.separator = toc.get("separator", "-")
        self.cache: dict[str, str] = {}

    def usable(self, config) -> bool:
        """True when the toc settings are ones this renderer reproduces (otherwise mkdocs renders as usual)."""
        toc = (config["mdx_configs"] or {}).get("toc", {})
        known = {"permalink", "permalink_title", "permalink_class", "slugify", "separator"}
        return "toc" in config["markdown_extensions"] and set(toc) <= known and not toc.get("permalink_leading")

    def heading(self, level: int, text: str) -> str:
        """The inner HTML Markdown gives a heading line (cached: entry pages share most of their headings).

        Text that `md_text` escaped holds nothing Markdown acts on (its special characters are entities), so
        it comes out as it went in: only other text goes through Markdown.
        """
        if _PLAIN.fullmatch(text):
            return text.strip()
        line = "#" * level + " " + text
        if line not in self.cache:
            self.md.reset()
            match = _INNER.match(self.md.convert(line).strip())
            self.cache[line] = match.group(2) if match else html.escape(text)
        return self.cache[line]

    def render(self, page: Page, part: Callable[[int], str]) -> tuple[str, list[dict], set[str]]:
        """The page's content (each section's HTML left as `part(index)`), toc tokens and heading ids."""
        out, tokens, ids, counters = [], [], set(), {}

        def add(level: int, text: str) -> None:
            inner = self.heading(level, text)
            name = strip_tags(inner)
            anchor = unique(self.slugify(html.unescape(name), self.separator), ids, counters)
            link = ""
            if self.permalink:
                link = f'<a class="{self.permalink_class}" href="#{anchor}" title="{self.permalink_title}">'
                link += f"{self.permalink}</a>"
            out.append(f'<h{level} id="{anchor}">{inner}{link}</h{level}>')
            tokens.append({"level": level, "id": html.unescape(anchor), "name": name, "html": inner})

        add(1, md_text(page.title))
        for index, section in enumerate(page.sections):
            if section.heading is not None:
                trusted = hasattr(section.heading, "__html__")  # Markup: inline HTML Eras wrote
                add(section.level, section.heading if trusted else md_text(section.heading))
            if section.html:
                out.append(part(index) + "\n")  # Markdown leaves a blank line after a block of raw HTML
        return "\n".join(out).rstrip("\n"), nest_toc_tokens(tokens), ids

    def install(self, mkdocs_page, page: Page, part: Callable[[int], str]) -> None:
        """Make `mkdocs_page.render` produce the content here instead of running Markdown."""

        def render(config, files) -> None:
            content, tokens, ids = self.render(page, part)
            mkdocs_page.content = content
            mkdocs_page.toc = get_toc(tokens)
            mkdocs_page._title_from_render = strip_tags(tokens[0]["html"]) if tokens else None
            mkdocs_page.present_anchor_ids = ids
            mkdocs_page.links_to_anchors = {}

        mkdocs_page.render = render
