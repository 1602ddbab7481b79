"""How long `kb serve` takes from saving an entry to serving its changed page, against a full build.

    python benchmarks/serve_reload.py [MODELS]     (default 3000)

Starts `kb serve` on a synthetic corpus (benchmarks/synthetic.py), edits one entry at a time and times how long
until the server answers with the edited page (three edits; the median is printed), and in the same run times a
full `kb build` of the same corpus: the baseline a rebuild of everything would cost.
"""

from __future__ import annotations

import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scale import build  # noqa: E402
from benchmarks.synthetic import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KB = Path(sys.executable).parent / "kb"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def until(check, limit: float = 600.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if check():
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError("the page never showed the edit")


def main() -> None:
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        entries = write_corpus(root, models)
        files = sum(1 for _ in entries.rglob("*.yaml"))
        # the project's configuration and pages, not strict: the hand-written pages link to shipped entries
        config = root / "mkdocs.yml"
        text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("strict: true", "strict: false")
        text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
        config.write_text(text.replace("epoch_csv: data/", f"epoch_csv: {ROOT / 'data'}/"), encoding="utf-8")
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        start = time.perf_counter()
        build(config, root / "site", entries)  # what a rebuild of everything costs, in this process
        full = time.perf_counter() - start
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen(
            [str(KB), "serve", "--config", str(config), "--entries", str(entries), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}/models/"
            first = until(lambda: fetch(base + "model-0/"))
            times = []
            for i in (1, 2, 3):
                path = entries / "models" / f"model-{i * 7}.yaml"
                marker = f"Edited summary number {i}."
                text = path.read_text(encoding="utf-8")
                text = text.replace("summary: ", f"summary: {marker} ", 1)
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                until(lambda: marker in (fetch(base + f"model-{i * 7}/") or ""))  # noqa: B023 - waited on now
                times.append(time.perf_counter() - start)
        finally:
            server.terminate()
            server.wait(30)
    median = statistics.median(times)
    print(
        f"kb serve, {files} entries: first build served in {first:.1f} s; edit to changed page "
        f"{median:.1f} s (median of {', '.join(f'{t:.1f}' for t in times)}); a full kb build {full:.1f} s "
        f"({median / full:.2f}x the full build)"
    )


if __name__ == "__main__":
    main()
