"""The one Jinja2 environment: the HTML templates in kb/site/templates, autoescaped and compiled once."""

from __future__ import annotations

import functools
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


class _Environment(Environment):
    """Reads `row.date` from a dict as its key first (Jinja tries the attribute first and fails each time).

    Renderers hand templates plain dicts by the hundred thousand; the failed attribute lookups Jinja makes
    before the key lookup cost a tenth of a site build. Dict methods (`fig.get("by")`) still work.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@functools.cache
def environment() -> Environment:
    """Autoescaping on for every template, whatever its name: a plain string can only ever appear as text.

    Values that already are safe HTML (rendered entry text from kb.site.text, SVG charts) reach a template
    as markupsafe.Markup, explicitly. Templates are compiled once and never re-read (auto_reload off).
    """
    return _Environment(
        loader=PackageLoader("kb.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        keep_trailing_newline=False,
    )


def render(template: str, /, **context) -> Markup:
    """Render one template to safe HTML; every plain string in `context` is escaped.

    >>> render("chart.svg", points=[], empty="<b>size</b>")
    Markup('<p class="eras-chart-empty">No entry reports &lt;b&gt;size&lt;/b&gt; yet.</p>')
    """
    return Markup(environment().get_template(template).render(**context).strip())


@functools.cache
def macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a template, callable from Python like a function; it returns safe HTML without the
    whitespace around it.

    >>> macro("macros.html", "badge")("model")
    Markup('<span class="eras-badge eras-kind-model">Model</span>')
    """
    body = getattr(environment().get_template(template).module, name)
    return lambda *args, **kwargs: Markup(body(*args, **kwargs).strip())
