"""The mkdocs side of `kb build` and `kb serve`: configuration with the entries folder, logging, build, serve."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from kb.outputs.writing import UnsafeTarget, generate_into

PLUGIN = "eras"


class BuildFailed(Exception):
    """The site could not be built; the previous site is left untouched."""


class ConfigProblem(Exception):
    """The mkdocs configuration cannot be used."""


def read_config(config_file: Path) -> dict:
    """The mkdocs configuration as plain data, the way mkdocs reads it (`!ENV` values, `INHERIT`ed parents)."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, encoding="utf-8") as handle:
            raw = yaml_load(handle)
    except (OSError, ConfigurationError) as exc:
        raise ConfigProblem(f"{config_file}: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigProblem(f"{config_file}: expected a mapping of settings, got {type(raw).__name__}")
    return raw


def plugins_with_entries(config_file: Path, entries_dir: Path) -> dict:
    """The configuration's plugin list with the eras plugin's `entries` option set to `entries_dir`.

    mkdocs reloads its configuration on every rebuild under `serve`, so the folder is passed as a
    configuration override (never through the environment).
    """
    plugins = read_config(config_file).get("plugins", [])
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    out: dict = {}  # a mapping: mkdocs empties one-key dicts of a list as it reads them, which breaks rebuilds
    for item in plugins:
        name = item if isinstance(item, str) else next(iter(item), "")
        options = dict(item[name] or {}) if isinstance(item, dict) else {}
        out[name] = options | {"entries": str(entries_dir.resolve())} if name == PLUGIN else options
    if PLUGIN not in out:
        raise ConfigProblem(f"{config_file} does not enable the '{PLUGIN}' plugin; add it under 'plugins:'")
    return out


def load(config_file: Path, entries_dir: Path, **overrides):
    """The mkdocs configuration, reading entries from `entries_dir`; ConfigProblem if it cannot be loaded."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        plugins = plugins_with_entries(config_file, entries_dir)
        return load_config(str(config_file), plugins=plugins, **overrides)
    except MkDocsException as exc:
        raise ConfigProblem(f"{config_file}: {exc}") from None
    except (OSError, ValueError) as exc:  # unreadable file, YAML error before mkdocs saw it
        raise ConfigProblem(f"{config_file}: error parsing the configuration file: {exc}") from None


def show_messages(level: int) -> None:
    """Show mkdocs' own messages (warnings, rebuilds) the way the mkdocs command does."""

    class CurrentStderr(logging.StreamHandler):
        """Writes to whatever sys.stderr is at the time (click's test runner swaps it)."""

        @property
        def stream(self):
            return sys.stderr

        @stream.setter
        def stream(self, _value):
            pass

    logger = logging.getLogger("mkdocs")
    if not any(type(h).__name__ == "CurrentStderr" for h in logger.handlers):
        handler = CurrentStderr()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


def build_site(config, site_dir: Path, checked=None) -> float:
    """Build with a loaded mkdocs `config` into `site_dir` (checked by the caller); return the seconds it took.

    The new site is built in a hidden folder and moved into place only when the build succeeds, keeping
    the old site's dotfiles (see kb.outputs.writing). `checked`, the knowledge base the caller has already
    loaded and checked, is handed to the plugin so that the entries are not read and checked twice.
    """
    if checked is not None and PLUGIN in config.plugins:
        config.plugins[PLUGIN].checked = checked
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    def produce(folder: Path) -> None:
        config["site_dir"] = str(folder)
        try:
            build(config)
        except MkDocsException as exc:
            raise BuildFailed(str(exc) or type(exc).__name__) from None

    started = time.perf_counter()
    try:
        generate_into(site_dir, produce)
    except UnsafeTarget as exc:
        raise BuildFailed(str(exc)) from None
    return time.perf_counter() - started


def serve(config_file: Path, entries_dir: Path, dev_addr: str) -> None:
    """Serve the site with live reload; rebuilds read the entries from `entries_dir`."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    plugins = plugins_with_entries(config_file, entries_dir)
    plugins[PLUGIN]["serving"] = True
    # "dirty": the eras plugin then re-renders and rewrites only what an edit changed (kb/mkdocs_incremental.py)
    mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty", plugins=plugins)
