"""The options every `kb` command shares, defined once: --entries and --config."""

from __future__ import annotations

from pathlib import Path

import click


def entries_option(func):
    return click.option(
        "--entries",
        "entries_dir",
        default="entries",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of entries to read.",
    )(func)


def config_option(func):
    return click.option(
        "--config",
        "config_file",
        default="mkdocs.yml",
        show_default=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The mkdocs configuration to build with.",
    )(func)
