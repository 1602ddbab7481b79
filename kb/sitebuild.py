"""Build the site with mkdocs into a fresh folder and swap it into place only on success."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path


class BuildFailed(Exception):
    """The site could not be built; the previous site is left untouched."""


def build_site(config, site_dir: Path) -> float:
    """Build with a loaded mkdocs `config` into `site_dir`; return the seconds it took."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    config["site_dir"] = str(staging)
    started = time.perf_counter()
    try:
        build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc) or type(exc).__name__) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{int(time.time() * 1000)}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return time.perf_counter() - started
