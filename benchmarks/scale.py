"""How validation and the site build scale, as ratios against baselines measured in the same run.

    python benchmarks/scale.py [MODELS]     (default 3000)

Validation is compared with a bare libyaml parse of the same files (the least any loader must do);
the site build with a plain mkdocs + Material build of the same number of trivial pages.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(func, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def bare_parse(entries: Path) -> None:
    for path in entries.rglob("*.yaml"):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def plain_site(root: Path, pages: int) -> Path:
    docs = root / "plain-docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for i in range(pages):
        (docs / f"p{i}.md").write_text(f"# Page {i}\n\nSome text about page {i}.\n", encoding="utf-8")
    config = root / "plain.yml"
    config.write_text(
        "site_name: plain\ndocs_dir: plain-docs\ntheme: {name: material, font: false}\nplugins: [search]\n"
        "nav: [index.md]\nnot_in_nav: '/p*.md'\n",
        encoding="utf-8",
    )
    return config


def build(config: Path, site: Path, entries: Path | None = None) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from kb.mkdocs_build import load

    cfg = (
        load(config, entries, site_dir=str(site))
        if entries is not None
        else load_config(str(config), site_dir=str(site))
    )
    mkdocs_build(cfg)


CHILD = """
import logging, resource, sys
sys.path.insert(0, sys.argv[1])
logging.getLogger("mkdocs").setLevel(logging.ERROR)
from pathlib import Path
from benchmarks.scale import build
build(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]) if sys.argv[4] else None)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def build_in_child(config: Path, site: Path, entries: Path | None) -> tuple[float, int]:
    """Build in a fresh interpreter: (seconds, peak resident memory of that process in bytes)."""
    import subprocess

    args = [sys.executable, "-c", CHILD, str(ROOT), str(config), str(site), str(entries or "")]
    start = time.perf_counter()
    done = subprocess.run(
        args, check=True, capture_output=True, text=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    )
    seconds = time.perf_counter() - start
    return seconds, int(done.stdout.split()[-1]) * 1024  # ru_maxrss is in kilobytes on Linux


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from kb.check.run import load

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        entries = write_corpus(root, models)
        files = sum(1 for _ in entries.rglob("*.yaml"))
        t_parse = timed(lambda: bare_parse(entries))
        kb = load(entries)
        assert kb.ok, kb.problems[:5]
        t_validate = timed(lambda: load(entries))
        print(
            f"{files} entries: bare libyaml parse {t_parse:.2f} s; kb validate {t_validate:.2f} s "
            f"({t_validate / t_parse:.1f}x the bare parse)"
        )
        plain = plain_site(root, files)
        t_plain, m_plain = build_in_child(plain, root / "plain-site", None)
        t_site, m_site = build_in_child(ROOT / "mkdocs.yml", root / "site", entries)
        print(
            f"site build: plain mkdocs with {files} trivial pages {t_plain:.1f} s; Eras {t_site:.1f} s "
            f"({t_site / t_plain:.1f}x the plain build)"
        )
        eras, bare = size_of(root / "site"), size_of(root / "plain-site")
        print(f"site size: Eras {eras / 1e6:.0f} MB; plain mkdocs {bare / 1e6:.0f} MB ({eras / bare:.1f}x)")
        print(
            f"peak memory of the build: Eras {m_site / 1e6:.0f} MB; plain mkdocs {m_plain / 1e6:.0f} MB "
            f"({m_site / m_plain:.1f}x)"
        )


if __name__ == "__main__":
    main()
