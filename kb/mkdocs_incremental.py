"""`kb serve` at scale: after an edit, only the files that changed are read, and only the pages that changed are
rendered and written again.

Three layers, each checked against doing the whole thing (tests/test_incremental.py, tests/test_serve.py):
reading keeps a cache of every file's checked entry (kb.check.run.FileCache); rendering takes the entry pages an
edit cannot have changed from the previous site (kb.site.incremental); writing lets mkdocs skip, in a "dirty"
build, every generated page and file whose content is what it wrote last time. Hand-written pages, and pages
that Material's search indexes from their HTML, are always built, so navigation and search stay whole. A change
to the mkdocs configuration, or a failed build, starts again from nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from kb.check.run import FileCache
from kb.site.assemble import Site

DIRTY_WARNING = "A 'dirty' build is being performed"


class _QuietDirty(logging.Filter):
    """mkdocs warns on every dirty build, which `strict: true` would turn into a failure; `kb serve` knows."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def _digest(page) -> str:
    text = page.markdown(lambda _i, section: str(section.html))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class Incremental:
    """What one `kb serve` remembers from build to build."""

    def __init__(self) -> None:
        self.cache = FileCache()
        self.previous: Site | None = None
        self.pages: dict[str, tuple[object, str]] = {}  # src -> (the Page rendered last time, its digest)
        self.assets: dict[str, str | bytes] = {}  # src -> the content written last time
        self.outputs: set[str] = set()  # the files generated last time, as paths in the site folder
        self.config_key: str | None = None
        logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())

    def reset(self) -> None:
        self.__init__()

    def start(self, config) -> Site | None:
        """The previous site to render from, or None when the configuration changed since the last build."""
        path = config.config_file_path
        text = Path(path).read_bytes() if path and os.path.isfile(path) else b""
        key = hashlib.blake2b(text, digest_size=16).hexdigest() + repr(config.get("nav"))
        if key != self.config_key:
            self.previous, self.pages, self.assets, self.outputs = None, {}, {}, set()
            self.config_key = key
        return self.previous

    def mark(self, files, site: Site) -> None:
        """Tell mkdocs, file by file, whether it must write it again; remember what this build writes."""
        pages, assets = {}, {}
        for file in files:
            src = file.src_uri
            if src in site.pages:
                page = site.pages[src]
                before = self.pages.get(src)
                digest = before[1] if before is not None and before[0] is page else _digest(page)
                pages[src] = (page, digest)
                unchanged = before is not None and before[1] == digest and page.search is not None
            elif src in site.assets and not isinstance(site.assets[src], Path):
                content = site.assets[src]
                assets[src] = content
                unchanged = self.assets.get(src) == content
            elif file.is_documentation_page():
                unchanged = False  # hand-written: its fragments may have changed, and search indexes it
            else:
                continue  # theme files and assets copied from disk: mkdocs compares their times
            if unchanged and os.path.isfile(file.abs_dest_path):
                file.is_modified = lambda: False
            else:
                file.is_modified = lambda: True
        self.pages, self.assets, self.previous = pages, assets, site

    def remove_stale(self, files, site_dir: str) -> None:
        """Delete what the last build generated that this one no longer has (a removed entry's page)."""
        now = {file.abs_dest_path for file in files if file.src_uri in self.pages or file.src_uri in self.assets}
        for path in self.outputs - now:
            if os.path.isfile(path) and Path(path).resolve().is_relative_to(Path(site_dir).resolve()):
                os.unlink(path)
        self.outputs = now
