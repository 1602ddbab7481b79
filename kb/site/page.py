"""Pages as data: a title, a description and sections of safe HTML, written as Markdown only at the edge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from markupsafe import Markup

from kb.markdown import plain
from kb.site.text import esc, md_text

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter writes the same text, five times faster


@dataclass(frozen=True)
class Section:
    """One part of a page: an optional heading, then prose, then HTML (either may be empty).

    `heading` is plain text (escaped when written) or Markup for a heading with trusted inline HTML; None
    continues the section above without a heading of its own. `prose` is Markdown that Eras itself wrote
    (never entry text), rendered by the static-site tool. `html` must be Markup: rendered from an
    autoescaping template, so a plain string can never reach a page unescaped.
    """

    heading: str | None = None
    html: Markup = Markup("")
    prose: str = ""
    level: int = 2

    def __post_init__(self):
        if not isinstance(self.html, Markup):
            raise TypeError(
                "Section.html must be markupsafe.Markup (safe HTML); render it from a template, or wrap HTML "
                f"you know is safe in Markup(...): got {type(self.html).__name__} {str(self.html)[:60]!r}"
            )


@dataclass(frozen=True)
class SearchDoc:
    """What a site search should find for a page, as plain text; escaped only when written into an index."""

    title: str
    text: tuple[str, ...] = ()  # paragraphs
    tags: tuple[str, ...] = ()  # weighed highest: a search for an alias finds its entry first
    boost: float | None = None


@dataclass
class Page:
    """A generated page: what it says, independent of the tool that turns it into a site.

    `edit` is the repository file to edit (an entry's YAML file). `search` is the page's own search
    document; None leaves the indexing of its rendered text to the site tool.
    """

    src: str
    title: str
    description: str = ""
    sections: list[Section] = field(default_factory=list)
    hide: tuple[str, ...] = ()
    edit: str | None = None
    search: SearchDoc | None = None

    def markdown(self, html: Callable[[int, Section], str] | None = None) -> str:
        """The page as Markdown: front matter with the escaped title, the heading, then each section.

        `html(index, section)` gives the text written in place of a section's HTML (the mkdocs adapter
        writes a placeholder there and puts the HTML back after Markdown); by default the HTML itself.

        >>> page = Page("x.md", "A <b>", sections=[Section("Why *not*", Markup("<p>a</p>"), prose="**1** entry.")])
        >>> print(page.markdown())
        ---
        "title": "A &lt;b&gt;"
        ---
        <BLANKLINE>
        # A &lt;b&gt;
        <BLANKLINE>
        ## Why &#42;not&#42;
        <BLANKLINE>
        **1** entry.
        <BLANKLINE>
        <p>a</p>
        <BLANKLINE>
        """
        out = [front_matter(self.title, self.description, self.hide), f"# {md_text(self.title)}", ""]
        for index, section in enumerate(self.sections):
            if section.heading is not None:
                heading = section.heading if isinstance(section.heading, Markup) else md_text(section.heading)
                out += ["#" * section.level + " " + heading, ""]
            if section.prose:
                out += [section.prose, ""]
            if section.html:
                out += [html(index, section) if html else str(section.html), ""]
        return "\n".join(out)


def front_matter(title: str, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """YAML front matter with an escaped title (mkdocs would un-escape a heading into <title>).

    Written by PyYAML itself, so that mkdocs (which reads it with PyYAML) gets back exactly this text
    whatever characters the entry holds.

    >>> front_matter("A <b> é")
    '---\\n"title": "A &lt;b&gt; é"\\n---\\n'
    """
    meta: dict = {"title": esc(title)}
    if description:
        meta["description"] = esc(plain(description)[:300])
    if hide:
        meta["hide"] = list(hide)
    body = yaml.dump(meta, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000, default_style='"')
    return "---\n" + body + "---\n"
