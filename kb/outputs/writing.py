"""Writing generated folders and files without destroying anything kb did not create.

The site folder must be one `kb` may write to (see `check_target`): never the project, its config, its
docs or entries, nor a parent of them, nor a folder full of someone else's files. When it already holds
an earlier site, that site's files are replaced and its dotfiles (a `.git` gh-pages checkout, notes) are
kept, as `mkdocs build` keeps them. The swap works on a mount point too, and no temporary folder outlives
the build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".eras-site"  # written into every site kb builds, so a later build knows the folder is its own


class UnsafeTarget(Exception):
    """Writing to the folder could destroy files that kb did not create; nothing was written."""


def looks_like_site(folder: Path) -> bool:
    """True for a folder that holds a site built earlier (by kb, or by mkdocs: index.html and sitemap.xml)."""
    return (folder / MARKER).is_file() or ((folder / "index.html").is_file() and (folder / "sitemap.xml").is_file())


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_target(target: Path, protected: dict[str, Path], kind: str = "site folder") -> Path:
    """The resolved `target`, or UnsafeTarget when writing a generated folder there could destroy anything.

    `protected` names the paths that must survive (the project, its config, docs and entries): the target
    may be none of them, lie inside none of the folders, and contain none of them. An existing target must
    be empty or hold an earlier site.

    >>> check_target(Path("/p/entries"), {"entries folder": Path("/p/entries")})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kb.outputs.writing.UnsafeTarget: the site folder '/p/entries' is the entries folder; choose a separate folder ...
    """
    resolved = Path(os.path.abspath(target)).resolve()
    for name, path in protected.items():
        path = Path(os.path.abspath(path)).resolve()
        if resolved == path:
            raise UnsafeTarget(f"the {kind} '{target}' is the {name}; choose a separate folder such as 'site'")
        if path.is_dir() and _is_within(resolved, path) and name != "project folder":
            raise UnsafeTarget(f"the {kind} '{target}' lies inside the {name} ('{path}'); choose a folder outside it")
        if _is_within(path, resolved):
            raise UnsafeTarget(
                f"the {kind} '{target}' contains the {name} ('{path}'); building there would replace it. "
                "Choose a separate folder such as 'site'"
            )
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        raise UnsafeTarget(f"the {kind} '{target}' is a filesystem root or home folder; choose a separate folder")
    if resolved.exists() and not resolved.is_dir():
        raise UnsafeTarget(f"the {kind} '{target}' is a file; choose a folder")
    if resolved.is_dir() and not looks_like_site(resolved):
        visible = sorted(p.name for p in resolved.iterdir() if not p.name.startswith("."))
        if visible:
            shown = ", ".join(visible[:3]) + (", ..." if len(visible) > 3 else "")
            raise UnsafeTarget(
                f"the {kind} '{target}' is not empty ({shown}) and holds no earlier site; kb replaces only "
                "folders it built. Choose an empty or new folder"
            )
    return resolved


def put_in_place(staging: Path, site_dir: Path) -> None:
    """Move the built files into `site_dir`, replacing the old site's files and keeping its dotfiles."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=".eras-old-", dir=site_dir))
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for item in site_dir.iterdir():
            if not item.name.startswith(".") and item not in (staging, old):
                item.rename(old / item.name)
                moved_out.append(item.name)
        for item in staging.iterdir():
            if item.name != MARKER:
                item.rename(site_dir / item.name)
                moved_in.append(item.name)
        os.replace(staging / MARKER, site_dir / MARKER)
    except OSError as exc:
        for name in moved_in:  # put the old site back as it was
            _remove(site_dir / name)
        for name in moved_out:
            (old / name).rename(site_dir / name)
        raise UnsafeTarget(f"could not move the new site into '{site_dir}': {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_output_file(output: Path, entries_dir: Path, is_earlier_output) -> None:
    """UnsafeTarget unless `output` may be written: outside the entries folder, new or an earlier output."""
    if not output.parent.is_dir():
        raise UnsafeTarget(f"cannot write '{output}': the folder '{output.parent}' does not exist")
    real, root = output.resolve(), entries_dir.resolve()
    if real == root or root in real.parents:
        raise UnsafeTarget(f"cannot write '{output}': it lies inside the entries folder; nothing was written")
    if output.exists() and (not output.is_file() or not is_earlier_output(output)):
        raise UnsafeTarget(
            f"'{output}' exists and is not an earlier export; nothing was written. Choose another file name "
            "or remove it first"
        )


def generate_into(target: Path, produce) -> None:
    """Call `produce(folder)` on a fresh hidden folder, then move what it made into `target` (see put_in_place).

    The caller checks `target` with check_target first. The hidden folder sits inside `target` when it
    exists, so that the swap stays on one filesystem (a mount point works), else beside it; it never
    outlives the call. When `produce` raises, `target` is untouched.
    """
    target = Path(os.path.abspath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".eras-building-", dir=target if target.is_dir() else target.parent))
    try:
        produce(staging)
        (staging / MARKER).write_text("This folder was built by kb; the next build may replace it.\n")
        put_in_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
