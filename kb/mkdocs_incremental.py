"""`kb serve` at scale: after an edit, only the files that changed are read, and only the pages that changed are
rendered and written again.

Three layers, each checked against doing the whole thing (tests/test_incremental.py, tests/test_serve.py):
reading keeps a cache of every file's checked entry (kb.check.run.FileCache); rendering takes the entry pages an
edit cannot have changed from the previous site (kb.site.incremental); writing lets mkdocs skip, in a "dirty"
build, every generated page and file whose content is what it wrote last time, and every hand-written page
whose text and fragments are unchanged (their search documents are carried over). Generated pages that
Material's search indexes from their HTML are always built, so search stays whole. A change to the mkdocs
configuration, or a failed build, starts again from nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path

from mkdocs.structure.files import File

from kb.check.run import FileCache
from kb.site.assemble import Site

_MARKER = re.compile(r"<!-- eras:([\w-]+) -->")
DIRTY_WARNING = "A 'dirty' build is being performed"


class _QuietDirty(logging.Filter):
    """mkdocs warns on every dirty build, which `strict: true` would turn into a failure; `kb serve` knows."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


_QUIET_DIRTY = _QuietDirty()  # one instance: adding it again is a no-op


def _page(location: str) -> str:
    """The page part of a URL or search location ('./' and '' are both the home page)."""
    page = location.split("#")[0]
    return "" if page in ("./", ".") else page


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
        self.hand: dict[str, str] = {}  # hand-written page -> digest of its text and fragments last time
        self.skipped: set[str] = set()  # URLs of hand-written pages this build did not write again
        self.search_docs: list[dict] = []  # the search documents Material made from hand-written pages
        self.config_key: str | None = None
        logging.getLogger("mkdocs.commands.build").addFilter(_QUIET_DIRTY)

    def reset(self) -> None:
        self.__init__()

    def start(self, config) -> Site | None:
        """The previous site to render from, or None when the configuration changed since the last build."""
        path = config.config_file_path
        text = Path(path).read_bytes() if path and os.path.isfile(path) else b""
        key = hashlib.blake2b(text, digest_size=16).hexdigest() + repr(config.get("nav"))
        if key != self.config_key:
            self.previous, self.pages, self.assets, self.outputs, self.hand = None, {}, {}, set(), {}
            self.config_key = key
        return self.previous

    def mark(self, files, site: Site) -> None:
        """Tell mkdocs, file by file, whether it must write it again; remember what this build writes."""
        pages, assets, hand, skipped = {}, {}, {}, set()
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
            elif file.is_documentation_page():  # hand-written: unchanged if its text and its fragments are
                digest = self._handwritten(file, site)
                hand[src] = digest
                unchanged = self.hand.get(src) == digest and not File.is_modified(file)
                if unchanged:
                    skipped.add(_page(file.url))
            else:
                continue  # theme files and assets copied from disk: mkdocs compares their times
            if unchanged and os.path.isfile(file.abs_dest_path):
                file.is_modified = lambda: False
            else:
                file.is_modified = lambda: True
        self.pages, self.assets, self.hand, self.skipped, self.previous = pages, assets, hand, skipped, site

    @staticmethod
    def _handwritten(file, site: Site) -> str:
        """A digest of a hand-written page's text and of the HTML its ``<!-- eras:NAME -->`` markers get."""
        text = Path(file.abs_src_path).read_text(encoding="utf-8") if file.abs_src_path else ""
        parts = [text] + [
            str(site.fragments[name](file.src_uri)) for name in _MARKER.findall(text) if name in site.fragments
        ]
        return hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=16).hexdigest()

    def search_documents(self, docs: list[dict]) -> list[dict]:
        """The search index's documents, with those of the hand-written pages this build skipped put back; the
        hand-written pages' documents are kept for the next build."""
        present = {_page(doc["location"]) for doc in docs}
        kept = [d for d in self.search_docs if _page(d["location"]) in self.skipped - present]
        self.search_docs = docs + kept
        return list(self.search_docs)

    def remove_stale(self, files, site_dir: str) -> None:
        """Delete what the last build generated that this one no longer has (a removed entry's page)."""
        now = {file.abs_dest_path for file in files if file.src_uri in self.pages or file.src_uri in self.assets}
        for path in self.outputs - now:
            if os.path.isfile(path) and Path(path).resolve().is_relative_to(Path(site_dir).resolve()):
                os.unlink(path)
        self.outputs = now


def _handler(server):
    """A watchdog handler that asks `server` for a rebuild on a change (not on a file being opened or read)."""
    import watchdog.events

    condition = server._rebuild_cond

    def changed(event) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = changed
    return handler


def _scheduler(observer, handler):
    """Schedule a path on `observer`, or, where the system will not watch it natively, on a polling observer."""
    fallback = []

    def schedule(path: str, recursive: bool):
        try:
            return observer.schedule(handler, path, recursive=recursive)
        except OSError:
            import watchdog.observers.polling

            if not fallback:
                fallback.append(watchdog.observers.polling.PollingObserver(timeout=0.5))
                fallback[0].daemon = True
                fallback[0].start()
            return fallback[0].schedule(handler, path, recursive=recursive)

    return schedule


def watch_natively(server) -> None:
    """Move what mkdocs' live-reload server watches to watchdog's native observer (inotify, FSEvents...).

    Only changes count: a native observer also reports files being opened and read, which every build does.
    Where there is no native observer, or the server's internals are not the ones this knows, it stays polling.
    """
    try:
        import watchdog.observers

        paths, refs = list(server._watched_paths), server._watch_refs
        observer, handler = watchdog.observers.Observer(), _handler(server)
    except Exception:  # noqa: BLE001 - an optimisation: polling still works
        return
    if type(observer).__name__ == "PollingObserver" or server.observer.is_alive():
        return
    try:  # every path the native way, or none (a system out of watches keeps mkdocs' polling)
        native = {path: observer.schedule(handler, path, recursive=True) for path in paths}
    except OSError:
        return
    for watched in list(refs.values()):
        server.observer.unschedule(watched)
    server.observer = observer
    refs.update(native)
    original, schedule = server.watch, _scheduler(observer, handler)

    def watch(path: str, func=None, *, recursive: bool = True) -> None:  # what mkdocs watches after on_serve
        path = os.path.abspath(path)
        if path in server._watched_paths:
            server._watched_paths[path] += 1
            return
        if func is not None:
            return original(path, func, recursive=recursive)
        server._watched_paths[path] = 1
        refs[path] = schedule(path, recursive)

    server.watch = watch
