"""Untrusted entry text never becomes markup: a corpus of XSS payloads, built into a whole site and exported.

The corpus in tests/fixtures/payload is valid: every free-text field (names, aliases, summaries, descriptions,
figure notes and `by`, source titles, date notes, authors, axis reasons) carries a payload. The site is built
with the small test config (plus Material's search suggestions and highlighting), then every built file is
checked: raw payload markup appears nowhere, no HTML page has an event-handler attribute or a script URL, the
JSON islands and the network data parse back to the exact names, Material's search index holds only the few
tags its result list renders with innerHTML, and names read back exactly (escaped once, not twice).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.check.run import load
from kb.markdown import plain
from kb.site.page import front_matter
from kb.site.text import blocks, esc, inline, md_text
from kb.vocab import URL_PATTERN

from .conftest import FIXTURES, build_site

PAYLOAD = FIXTURES / "payload"
SITE_NAME = "Eras test site"

# Markup that must never reach a built file unescaped. Text such as "' onmouseover='alert(1)" is harmless as
# element text or inside a JSON string, so attributes are checked structurally (HTMLPage below) instead.
RAW_PAYLOADS = (
    "<script>alert",
    "</title><script>",
    "<img src=x",
    "<svg onload",
    "<svg/onload",
    "<a href=x",
    '<a href="javascript',
    "<b>bold",
    "<div onmouseover",
    "<!-- <script>",
)
# Files that hold entry text by design as plain data, checked on their own (test_site_csv_is_the_export).
DATA_FILES = {"assets/eras/eras-entries.csv"}
BINARY = {".png", ".gz", ".ico", ".jpg", ".woff", ".woff2", ".zip"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
SCRIPT_SCHEMES = re.compile(r"^(?:javascript|vbscript|data):", re.I)


def payload_config(target: Path, entries: Path = PAYLOAD) -> Path:
    """A copy of tests/fixtures/site pointed at `entries`, with search suggestions and highlighting on."""
    shutil.copytree(FIXTURES / "site", target)
    path = target / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"eras": {"entries": str(entries)}}]
    config["theme"]["features"] = ["content.action.edit", "search.suggest", "search.highlight"]
    config["extra_css"] = ["assets/eras/eras.css", "assets/eras/vis-network.css"]
    config["not_in_nav"] = "/*.md\n/*/*.md\n"  # every generated page, whatever the nav lists
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build_payload_site(target: Path, entries: Path = PAYLOAD) -> Path:
    """Build the payload corpus (or `entries`) with the small site config into target/site."""
    return build_site(entries, target / "site", payload_config(target / "config", entries))


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    return build_payload_site(tmp_path_factory.mktemp("payload"))


@pytest.fixture(scope="module")
def corpus():
    kb = load(PAYLOAD)
    assert kb.ok, [p.format() for p in kb.problems]
    return kb.entries


class HTMLPage(HTMLParser):
    """What a browser would build from a page: elements with attributes, the title, headings, scripts."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.title = ""
        self.h1 = ""
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        if tag not in ("br", "hr", "img", "input", "meta", "link", "source", "col", "wbr", "area", "base"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "script" in self.stack and self.scripts:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif "title" in self.stack and "svg" not in self.stack:
            self.title += data
        elif "h1" in self.stack and not any(t == "a" for t in self.stack[self.stack.index("h1") :]):
            self.h1 += data
        if "script" not in self.stack and "style" not in self.stack:
            self.text.append(data)

    def problems(self) -> list[str]:
        found = []
        for tag, attrs in self.elements:
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"<{tag} {name}={value!r}>")
                if name in URL_ATTRS and value and SCRIPT_SCHEMES.match(re.sub(r"[\x00-\x20]", "", value)):
                    found.append(f"<{tag} {name}={value!r}>")
            if tag in ("img", "iframe", "object", "embed", "base"):
                found.append(f"<{tag} {attrs}>")
        for attrs, body in self.scripts:
            runs = attrs.get("type") in (None, "", "text/javascript", "module")
            if runs and "alert" in body and "src" not in attrs:
                found.append(f"<script {attrs}>{body[:80]}")
        return found


def text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix not in BINARY:
            yield path, path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


def entry_pages(site: Path, entries) -> dict[str, Path]:
    from kb.vocab import FOLDERS

    return {eid: site / FOLDERS[e.kind] / eid / "index.html" for eid, e in entries.items()}


# --------------------------------------------------------------------------- the corpus itself


def test_payload_corpus_is_valid(corpus):
    assert len(corpus) >= 14
    kinds = {e.kind for e in corpus.values()}
    assert kinds == {"model", "paper", "concept", "article", "era", "axis", "organization"}


def test_payload_corpus_has_a_payload_in_every_free_text_field(corpus):
    fields = {"name", "aliases", "summary", "description", "date_note", "authors", "sources.title", "axes"}
    fields |= {"figures.note", "figures.by"}
    seen = set()
    for entry in corpus.values():
        data = entry.data
        for key in ("name", "summary", "description", "date_note"):
            if "alert(1)" in str(data.get(key, "")):
                seen.add(key)
        for key in ("aliases", "authors"):
            if any("alert(1)" in a for a in data.get(key, [])):
                seen.add(key)
        if any("alert(1)" in s["title"] for s in data.get("sources", [])):
            seen.add("sources.title")
        if any("alert(1)" in r for r in data.get("axes", {}).values()):
            seen.add("axes")
        for fig in data.get("figures", {}).values():
            for part in ("note", "by"):
                if "alert(1)" in str(fig.get(part, "")):
                    seen.add(f"figures.{part}")
    assert seen == fields


# --------------------------------------------------------------------------- every built file


def test_no_raw_payload_in_any_built_file(payload_site: Path):
    found = []
    checked = 0
    for _path, rel, text in text_files(payload_site):
        if rel in DATA_FILES:
            continue
        checked += 1
        found += [f"{rel}: {p}" for p in RAW_PAYLOADS if p in text]
    assert checked > 30
    assert not found, found


def test_no_html_page_has_handlers_script_urls_or_injected_elements(payload_site: Path):
    found = []
    pages = list(payload_site.rglob("*.html"))
    assert len(pages) > 25
    for path in pages:
        page = HTMLPage(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(payload_site)}: {p}" for p in page.problems()]
    assert not found, found[:20]


def test_svg_and_xml_files_hold_no_markup_from_entries(payload_site: Path):
    for path in [*payload_site.rglob("*.svg"), *payload_site.rglob("*.xml")]:
        root = ET.parse(path).getroot()  # well-formed
        tags = {el.tag.split("}")[-1] for el in root.iter()}
        assert not tags & {"script", "img", "foreignObject", "iframe"}, path


def test_titles_and_headings_read_back_as_the_names(payload_site: Path, corpus):
    """The page title and h1 are exactly the entry's name: escaped once, neither raw nor double-escaped."""
    wrong = []
    for eid, path in entry_pages(payload_site, corpus).items():
        name = corpus[eid].data["name"]
        page = HTMLPage(path.read_text(encoding="utf-8"))
        if page.title.strip() != f"{name} - {SITE_NAME}":
            wrong.append(f"{eid}: title {page.title.strip()!r}")
        if page.h1.strip() != name:
            wrong.append(f"{eid}: h1 {page.h1.strip()!r}")
    assert not wrong, wrong


def test_every_text_field_reads_back_as_text(payload_site: Path, corpus):
    """Aliases, authors, source titles, `by`, axis reasons: present on the page as the very same text."""
    missing = []
    for eid, path in entry_pages(payload_site, corpus).items():
        data = corpus[eid].data
        text = " ".join(" ".join(HTMLPage(path.read_text(encoding="utf-8")).text).split())
        wanted = [*data.get("aliases", []), *(s["title"] for s in data.get("sources", []))]
        wanted += [f.get("by") for f in data.get("figures", {}).values() if f.get("by")]
        if data.get("authors"):
            wanted.append(", ".join(data["authors"]))
        for want in wanted:
            if " ".join(want.split()) not in text:
                missing.append(f"{eid}: {want!r}")
    assert not missing, missing


def test_links_to_script_urls_are_dropped_to_their_text(payload_site: Path):
    page = HTMLPage((payload_site / "models" / "script-model" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(page.text)
    hrefs = [a.get("href") or "" for tag, a in page.elements if tag == "a"]
    assert not [h for h in hrefs if "javascript" in h.lower()]
    # date_note carries [x](payload-paper) beside a script tag: the link keeps its text, the tag is text
    assert "Date: 2015-06, x <script>alert(1)</script> arXiv v1" in " ".join(text.split())
    assert "https://example.org/?q=1&r=2" in hrefs  # a real link in the summary stays, its '&' escaped once


def test_legit_angle_brackets_still_read_as_text(payload_site: Path):
    html = (payload_site / "models" / "small-model" / "index.html").read_text(encoding="utf-8")
    assert "Models with &lt; 1B parameters &amp; fewer than 12 &gt; 6 layers." in html
    assert "<code>a &lt; b &amp;&amp; c &gt; d</code>" in html
    text = " ".join(" ".join(HTMLPage(html).text).split())
    assert "Models with < 1B parameters & fewer than 12 > 6 layers." in text
    assert "Small models: < 1B parameters & friends" in text
    timeline = " ".join(" ".join(HTMLPage((payload_site / "timeline" / "index.html").read_text()).text).split())
    assert "Models with < 1B parameters & fewer than 12 > 6 layers." in timeline


def test_template_syntax_stays_text(payload_site: Path):
    page = HTMLPage((payload_site / "models" / "template-model" / "index.html").read_text(encoding="utf-8"))
    assert page.h1.strip() == "{{ 7*7 }}"
    assert page.title.strip() == f"{{{{ 7*7 }}}} - {SITE_NAME}"
    text = " ".join(" ".join(page.text).split())
    assert "Template syntax {{ 7*7 }} {% if true %}yes{% endif %} ${7*7} must stay text." in text
    assert "{{ config.site_name }}" in text
    assert SITE_NAME not in page.h1 and "49" not in page.h1


# --------------------------------------------------------------------------- data islands and scripts


def test_network_data_parses_back_to_the_names(payload_site: Path, corpus):
    script = (payload_site / "assets" / "eras" / "network-data.js").read_text(encoding="utf-8")
    assert not set(script) & set("<>&\u2028\u2029")
    prefix = "window.ERAS_NETWORK = "
    assert script.startswith(prefix) and script.rstrip().endswith(";")
    data = json.loads(script[len(prefix) :].rstrip().rstrip(";"))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels == {eid: e.data["name"] for eid, e in corpus.items()}
    for node in data["nodes"]:
        assert node["title"].startswith(corpus[node["id"]].data["name"])  # vis shows a string title as text
        assert not re.match(r"^[a-z]+:|^//", node["url"]), node["url"]  # eras.js refuses anything else anyway


def test_neighbourhood_json_islands_cannot_close_their_script(payload_site: Path, corpus):
    found = 0
    for eid, path in entry_pages(payload_site, corpus).items():
        page = HTMLPage(path.read_text(encoding="utf-8"))
        for attrs, body in page.scripts:
            if attrs.get("type") != "application/json" or attrs.get("id") == "__config":
                continue
            found += 1
            assert "<" not in body and ">" not in body, eid
            data = json.loads(body)
            for node in data["nodes"]:
                assert node["label"] == corpus[node["id"]].data["name"]
    assert found >= 5


def test_charts_are_well_formed_svg_with_the_names_as_text(payload_site: Path, corpus):
    pages = [payload_site / "index.html", *(payload_site / "axes").glob("*/index.html")]
    charts = 0
    for path in pages:
        for svg in re.findall(r'<svg class="eras-chart".*?</svg>', path.read_text(encoding="utf-8"), re.S):
            charts += 1
            root = ET.fromstring(svg)
            tags = {el.tag.split("}")[-1] for el in root.iter()}
            assert tags <= {"svg", "title", "rect", "a", "text", "line", "circle", "path", "g"}, tags
            for el in root.iter():
                assert not [k for k in el.attrib if k.lower().startswith("on")]
                href = el.get("href") or el.get("{http://www.w3.org/1999/xlink}href")
                if href:
                    assert not re.match(r"^[a-z]+:|^//", href), href
            texts = {el.text for el in root.iter() if el.tag.endswith("text")}
            assert "<script>alert(1)</script>" in texts or path.parent.name != "payload-axis"
    assert charts >= 3


def test_search_index_holds_only_tags_materials_results_render(payload_site: Path):
    """Material renders search titles and text with innerHTML, so the index must be escaped HTML.

    Material's own search plugin re-escapes the page text it indexes and keeps only p, code, pre, li, ol, ul,
    sub and sup; this checks that it stays so for our pages (titles come from the escaped front matter).
    """
    index = json.loads((payload_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    allowed = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
    bad = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            fragment = HTMLPage(doc[key])
            tags = {tag for tag, _ in fragment.elements}
            attrs = [a for _, a in fragment.elements if a]
            if tags - allowed or attrs:
                bad.append(f"{doc['location']} {key}: {sorted(tags - allowed)} {attrs}")
    assert not bad, bad[:10]
    script_model = next(d for d in index["docs"] if d["location"] == "models/script-model/")
    assert "".join(HTMLPage(script_model["title"]).text) == "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" in "".join(HTMLPage(script_model["text"]).text)


# --------------------------------------------------------------------------- exports


def test_site_csv_is_the_export(payload_site: Path, cli, tmp_path: Path):
    out = tmp_path / "export.csv"
    assert cli("export", "--entries", PAYLOAD, "--format", "csv", "-o", out).exit_code == 0
    site_csv = (payload_site / "assets" / "eras" / "eras-entries.csv").read_text(encoding="utf-8")
    assert site_csv == out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "csv"])
def test_export_keeps_payloads_as_data(fmt: str, cli, corpus, tmp_path: Path):
    out = tmp_path / f"graph.{fmt}"
    result = cli("export", "--entries", PAYLOAD, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    names = {eid: e.data["name"] for eid, e in corpus.items()}
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert {n["id"]: n["name"] for n in data["nodes"]} == names
    elif fmt in ("graphml", "gexf"):
        root = ET.parse(out).getroot()
        namespaces = {el.tag.split("}")[0] for el in root.iter()}
        assert len(namespaces) == 1, namespaces  # no element that came from entry text
        graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert {n: d["name"] for n, d in graph.nodes(data=True)} == names
        assert graph.nodes["template-model"]["aliases"].startswith('=HYPERLINK("https://example.org"')
    else:
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert {r["id"]: r["name"] for r in rows} == names
        for row in rows:
            for key, cell in row.items():
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (row["id"], key, cell)
        aliases = {r["id"]: r["aliases"] for r in rows}
        assert aliases["template-model"].startswith("'=HYPERLINK(")


# --------------------------------------------------------------------------- links the validator refuses


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "javascript:alert(1)//https://example.org",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example.org",
        'https://example.org/"onmouseover="alert(1)',
    ],
)
@pytest.mark.parametrize("where", ["summary", "description", "note"])
def test_validator_rejects_script_links_in_text(minimal: Path, target: str, where: str):
    path = minimal / "models" / "beta.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = f"Click [here]({target})."
    if where == "note":
        data["figures"]["parameters"]["note"] = text
    else:
        data[where] = text
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    kb = load(minimal)
    assert not kb.ok
    assert any("link target" in p.message for p in kb.errors()), [p.format() for p in kb.problems]


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](data:text/html,alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](//evil.example.org)",
        '[x](https://a.b/"onmouseover="alert(1))',
        "[<img src=x onerror=alert(1)>](https://a.b)",
        "[`<script>alert(1)</script>`](https://a.b)",
        "**<script>alert(1)</script>**",
        "*<svg onload=alert(1)>*",
        "`</code><script>alert(1)</script>`",
        '"><script>alert(1)</script>',
        "' onmouseover='alert(1)",
        "[x](unknown-id)",
        "\x000\x00",
        "[a](https://a.b)\x00[b](javascript:alert(1))",
    ],
)
def test_inline_drops_unsafe_links_and_escapes_everything(text: str):
    out = inline(text, lambda eid: f"../{eid}/" if eid == "known" else None)
    assert "\x00" not in out
    page = HTMLPage(f"<p>{out}</p>")
    for tag, attrs in page.elements:
        assert tag in ("p", "a", "strong", "em", "code"), out
        if tag == "a":
            assert list(attrs) == ["href"] and re.match(URL_PATTERN, attrs["href"]), out
        else:
            assert not attrs, out


def test_inline_keeps_code_inside_a_link_label():
    assert inline("[`x < y` here](https://a.b)") == '<a href="https://a.b"><code>x &lt; y</code> here</a>'


def test_inline_emphasis_always_nests():
    assert inline("**a *b** c*") == "<strong>a *b</strong> c*"
    assert inline("*a **b** c*") == "<em>a <strong>b</strong> c</em>"


ALPHABET = st.sampled_from(
    list("ab <>&\"'`*_[]()\n:/.=") + ["javascript:", "https://a.b", "known", "onerror=", "<script>", "\x00"]
)


class Nesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_inline_and_blocks_emit_only_safe_well_nested_markup(text: str):
    def link_for(eid: str) -> str | None:
        return "../known/" if eid == "known" else None

    inline_tags = {"a", "strong", "em", "code"}
    for out, allowed in (
        (inline(text, link_for), inline_tags),
        (blocks(text, link_for), inline_tags | {"p", "ul", "li"}),
    ):
        assert "\x00" not in out
        parser = Nesting()
        parser.feed(out)
        parser.close()
        assert parser.ok and not parser.stack, out
        for tag, attrs in parser.tags:
            assert tag in allowed, out
            if tag == "a":
                assert list(attrs) == ["href"], out
                assert re.match(URL_PATTERN, attrs["href"]) or attrs["href"] == "../known/", out
            else:
                assert not attrs, out


def test_md_text_keeps_a_heading_on_one_line():
    assert md_text("a\r\nb\rc\nd") == "a b c d"
    assert "[" not in md_text("[x](javascript:alert(1))") and "{" not in md_text("{: onclick=alert(1) }")


# --------------------------------------------------------------------------- front matter

ODD_NAMES = [
    "GPT 😀",  # astral: json.dumps wrote a surrogate pair, which YAML cannot read
    "a\x7fb",  # DEL: YAML refuses it raw
    "a\x85b",  # NEL: a line break to YAML 1.1
    "[x](javascript:alert(1)) 😀",
    "line\u2028break",
    'quote " and \\ backslash',
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_front_matter_reads_back_for_any_name(name: str):
    """mkdocs must read the front matter back; otherwise it is rendered as Markdown in the page body.

    kb/pages.py front_matter() once wrote it with json.dumps(), which is not always YAML: a character beyond
    U+FFFF (an emoji) became a surrogate-pair escape that PyYAML refuses. mkdocs then ignored the whole front
    matter, showed it as a paragraph and rendered it as Markdown: a name "[x](javascript:alert(1)) 😀"
    became a javascript: link (test_a_name_with_an_emoji_cannot_smuggle_a_script_link).
    """
    from mkdocs.utils import meta

    body, data = meta.get_data(front_matter(name, name) + "# body\n")
    assert body.strip() == "# body"
    assert data == {"title": esc(name), "description": esc(plain(name))}


def test_a_name_with_an_emoji_cannot_smuggle_a_script_link(minimal: Path, tmp_path: Path):
    path = minimal / "models" / "alpha.yaml"
    text = path.read_text(encoding="utf-8").replace("name: Alpha\n", 'name: "[x](javascript:alert(1)) 😀"\n')
    path.write_text(text, encoding="utf-8")
    site = build_payload_site(tmp_path, minimal)
    page = HTMLPage((site / "models" / "alpha" / "index.html").read_text(encoding="utf-8"))
    assert not page.problems(), page.problems()
    assert page.title.strip() == f"[x](javascript:alert(1)) 😀 - {SITE_NAME}"


def test_reusing_theme_parts_changes_no_page_with_hostile_titles(payload_site: Path, tmp_path: Path):
    """Titles full of markup go into the reused header exactly as Material would write them (kb/mkdocs_theme.py)."""
    from kb.mkdocs_build import PLUGIN

    config = payload_config(tmp_path / "config")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["plugins"] = ["search", {PLUGIN: {"entries": str(PAYLOAD), "reuse_theme_parts": False}}]
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    whole = build_site(PAYLOAD, tmp_path / "site", config)
    pages = sorted(p.relative_to(whole) for p in whole.rglob("*.html"))
    assert len(pages) > 20
    assert [str(p) for p in pages if (whole / p).read_bytes() != (payload_site / p).read_bytes()] == []
