"""`kb serve`: serves the site on the given address, and editing an entry reloads its page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import FIXTURES


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(check, seconds: float = 90.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    return None


KB = Path(sys.executable).parent / "kb"


@contextmanager
def serving(tmp_path: Path, minimal: Path, log: list | None = None):
    """A project with the minimal entries, served by `kb serve` on a free port: (project, base URL). The
    server's output is appended to `log` when it stops."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site" / "docs", project / "docs")
    shutil.copytree(minimal, project / "entries")
    config = (FIXTURES / "site" / "mkdocs.yml").read_text(encoding="utf-8").replace("../minimal", "entries")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [str(KB), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            out, _ = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            out, _ = server.communicate()
    if log is not None:
        log.append(out)
    assert "Traceback" not in out, out


@pytest.mark.slow
def test_serve_rebuilds_when_an_entry_changes(tmp_path: Path, minimal: Path):
    with serving(tmp_path, minimal) as (project, base):
        url = base + "models/alpha/"
        page = wait_for(lambda: fetch(url))
        assert page and "The first model" in page, "the site was not served"
        entry = project / "entries" / "models" / "alpha.yaml"
        entry.write_text(
            entry.read_text(encoding="utf-8").replace("The first model", "The edited model"), encoding="utf-8"
        )
        assert wait_for(lambda: "The edited model" in (fetch(url) or "")), "the edited entry was not rebuilt"


@pytest.mark.slow
def test_serve_keeps_serving_while_an_entry_is_unfinished(tmp_path: Path, minimal: Path):
    with serving(tmp_path, minimal) as (project, base):
        assert wait_for(lambda: fetch(base + "models/alpha/")), "the site was not served"
        result = subprocess.run([str(KB), "new", "model", "draft"], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        # the unfinished draft is left out; the other pages keep answering and the problems are listed
        problems = wait_for(lambda: fetch(base + "problems/"))
        assert problems and "draft.yaml" in problems and "placeholder" in problems
        assert "The first model" in (fetch(base + "models/alpha/") or "")
        entry = project / "entries" / "models" / "alpha.yaml"
        entry.write_text(entry.read_text(encoding="utf-8").replace("The first model", "Still live"), encoding="utf-8")
        assert wait_for(lambda: "Still live" in (fetch(base + "models/alpha/") or "")), "edits stopped showing"
        # fixed (here: the draft filled in from a valid entry): its page appears and the problems page goes away
        draft = project / "entries" / "models" / "draft.yaml"
        valid = (project / "entries" / "models" / "beta.yaml").read_text(encoding="utf-8")
        draft.write_text(valid.replace("name: Beta\n", "name: Draft Done\n"), encoding="utf-8")
        assert wait_for(lambda: "Draft Done" in (fetch(base + "models/draft/") or "")), "the fixed entry did not show"
        assert wait_for(lambda: fetch(base + "problems/") is None), "the problems page stayed after the fix"


def _without_livereload(html: str) -> str:
    """A page as served, less the live-reload script the server adds before </body>."""
    end = html.rfind("</body>")
    start = html.rfind("<script>", 0, end)
    return html[:start] + html[end:] if start != -1 and "livereload" in html[start:end] else html


@pytest.mark.slow
def test_serve_after_edits_equals_a_full_build(tmp_path: Path, minimal: Path):
    """Edits under `kb serve` re-render only what they touch; every page then equals a fresh full build."""
    import json

    with serving(tmp_path, minimal) as (project, base):
        assert wait_for(lambda: fetch(base + "models/beta/")), "the site was not served"
        alpha = project / "entries" / "models" / "alpha.yaml"
        alpha.write_text(alpha.read_text(encoding="utf-8").replace("name: Alpha\n", "name: Alpha Prime\n"))
        delta = (project / "entries" / "models" / "beta.yaml").read_text(encoding="utf-8")
        delta = delta.replace("name: Beta\n", "name: Delta\n").replace("  succeeds: [alpha]\n", "  succeeds: [beta]\n")
        (project / "entries" / "models" / "delta.yaml").write_text(delta, encoding="utf-8")
        assert wait_for(lambda: "Alpha Prime" in (fetch(base + "models/beta/") or "")), "a neighbour did not update"
        assert wait_for(lambda: "Delta" in (fetch(base + "models/delta/") or "")), "a new entry was not served"
        (project / "entries" / "models" / "delta.yaml").unlink()
        assert wait_for(lambda: fetch(base + "models/delta/") is None), "a removed entry's page stayed"
        time.sleep(1)
        built = tmp_path / "built"
        from kb.mkdocs_build import build_site, load

        config = load(project / "mkdocs.yml", project / "entries", site_url=base)
        build_site(config, built)
        pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("index.html"))
        assert len(pages) > 10
        for rel in pages:
            served = fetch(base + rel.removesuffix("index.html"))
            assert served is not None, rel
            assert _without_livereload(served) == (built / rel).read_text(encoding="utf-8"), rel
        index = json.loads(fetch(base + "search/search_index.json") or "{}")
        expected = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
        key = lambda doc: (doc["location"], doc["title"])  # noqa: E731
        missing = [d["location"] for d in expected["docs"] if d not in index["docs"]]
        extra = [d["location"] for d in index["docs"] if d not in expected["docs"]]
        assert (missing, extra) == ([], []), (missing, extra)
        import collections

        twice = [loc for loc, n in collections.Counter(d["location"] for d in index["docs"]).items() if n > 1]
        assert len(index["docs"]) == len(expected["docs"]), twice
        assert sorted(index["docs"], key=key) == sorted(expected["docs"], key=key)
        api = fetch(base + "api/v1/index.json") or ""
        assert api == (built / "api" / "v1" / "index.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_serve_rebuilds_once_per_edit_and_never_when_idle(tmp_path: Path, minimal: Path):
    """Builds read every entry; the watcher must not take those reads for changes (a rebuild loop)."""
    log: list[str] = []
    with serving(tmp_path, minimal, log) as (project, base):
        assert wait_for(lambda: fetch(base + "models/alpha/")), "the site was not served"
        time.sleep(3)
        entry = project / "entries" / "models" / "alpha.yaml"
        entry.write_text(entry.read_text(encoding="utf-8").replace("The first model", "Edited once"), encoding="utf-8")
        assert wait_for(lambda: "Edited once" in (fetch(base + "models/alpha/") or ""))
        time.sleep(3)
    builds = log[0].count("Building documentation")
    assert 2 <= builds <= 3, log[0][-2000:]  # the first build and the edit's (a save may come as two events)
