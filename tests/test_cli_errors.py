"""Errors from the site commands are one clear line and an exit code, never a traceback."""

from __future__ import annotations

import socket

from .conftest import ENTRIES


def test_build_with_a_broken_mkdocs_config(tmp_path, cli):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    result = cli("build", "--entries", ENTRIES, "--config", config, "--site-dir", tmp_path / "site")
    assert result.exit_code == 1
    assert "error parsing the configuration file" in result.output
    assert "Traceback" not in result.output


def test_build_with_a_missing_config_is_a_usage_error(tmp_path, cli):
    result = cli("build", "--entries", ENTRIES, "--config", tmp_path / "nope.yml")
    assert result.exit_code == 2
    assert "no mkdocs configuration" in result.output


def test_serve_rejects_a_malformed_address(cli):
    result = cli("serve", "--entries", ENTRIES, "--dev-addr", "nonsense")
    assert result.exit_code == 2
    assert "is not HOST:PORT" in result.output


def test_serve_on_a_busy_port_says_so(cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--entries", ENTRIES, "--dev-addr", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
