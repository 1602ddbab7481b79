"""The package's shape: imports point down the stages, heavy libraries stay where they belong, modules stay small.

The checker is a plain function over a folder and a layer map, so it is tested on a small fake package
with a deliberate back-import before it is trusted with `kb/`.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .conftest import ENTRIES, ROOT

# Lowest first. A module may import modules of its own layer or of a lower one, never of a higher one.
# A path ending in "/" is a folder (every module under it); any other path is one file.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "base",
        [
            "kb/__init__.py",
            "kb/vocab.py",
            "kb/values.py",
            "kb/problems.py",
            "kb/schema.py",
            "kb/schema_editor.py",
            "kb/markdown.py",
        ],
    ),
    ("model", ["kb/model.py"]),
    ("read", ["kb/read/"]),
    ("check", ["kb/check/"]),
    ("graph", ["kb/graph.py"]),
    ("outputs", ["kb/outputs/"]),
    ("site", ["kb/site/"]),
    (
        "top",
        [
            "kb/cli.py",
            "kb/cli_options.py",
            "kb/cli_cite.py",
            "kb/cli_epoch.py",
            "kb/cli_rename.py",
            "kb/render_files.py",
            "kb/mkdocs_plugin.py",
            "kb/mkdocs_build.py",
            "kb/mkdocs_pages.py",
            "kb/mkdocs_theme.py",
            "kb/mkdocs_incremental.py",
        ],
    ),
]

HEAVY = ("networkx", "pyvis", "mkdocs")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


@dataclass(frozen=True)
class Import:
    """One import statement found in a module: the module it names and the line it is on."""

    module: str  # dotted name, relative imports resolved
    names: tuple[str, ...]  # for `from X import a, b`: ("a", "b"); for `import X`: ()
    line: int


def modules(root: Path, package: str) -> list[Path]:
    """Every Python module of `package` under `root`, as paths relative to `root`."""
    return sorted(p.relative_to(root) for p in (root / package).rglob("*.py"))


def module_name(path: Path) -> str:
    """kb/site/urls.py -> kb.site.urls; kb/site/__init__.py -> kb.site."""
    parts = list(path.with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path, path: Path) -> list[Import]:
    """Every import in a module, in line order, wherever it is: top level, in functions, under `if TYPE_CHECKING:`.

    Also counts `importlib.import_module("x")` and `__import__("x")` with a literal name.
    """
    return sorted(_imports(root, path), key=lambda imp: imp.line)


def _imports(root: Path, path: Path) -> Iterator[Import]:
    tree = ast.parse((root / path).read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            yield Import(base, tuple(a.name for a in node.names), node.lineno)
        elif isinstance(node, ast.Call) and _dynamic_import(node):
            yield Import(node.args[0].value, (), node.lineno)


def _dynamic_import(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return (
        name in ("import_module", "__import__")
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def module_file(root: Path, dotted: str) -> Path | None:
    """The file (relative to root) that defines a dotted module, if there is one under root."""
    base = Path(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if (root / candidate).is_file():
            return candidate
    return None


def imported_files(root: Path, imp: Import) -> list[Path]:
    """The files under root an import loads: `from kb import vocab` is kb/vocab.py, not just kb/__init__.py."""
    files = []
    for name in imp.names or ("",):
        target = module_file(root, f"{imp.module}.{name}") if name and name != "*" else None
        target = target or module_file(root, imp.module)
        if target is not None:
            files.append(target)
    return files


def layer_of(path: Path, layers: list[tuple[str, list[str]]]) -> int | None:
    """The index of the layer a file belongs to (None when no layer claims it)."""
    posix = path.as_posix()
    for index, (_name, members) in enumerate(layers):
        if any(posix == m or (m.endswith("/") and posix.startswith(m)) for m in members):
            return index
    return None


def back_imports(root: Path, package: str, layers: list[tuple[str, list[str]]]) -> list[str]:
    """Every import of `package` that points up the layers, and every module no layer claims."""
    found = []
    for path in modules(root, package):
        here = layer_of(path, layers)
        if here is None:
            found.append(f"{path.as_posix()} is in no layer; add it to the layer map")
            continue
        for imp in imports(root, path):
            for target in imported_files(root, imp):
                there = layer_of(target, layers)
                if there is not None and there > here:
                    found.append(
                        f"{path.as_posix()}:{imp.line} imports {module_name(target)} ({layers[there][0]} layer) "
                        f"from the {layers[here][0]} layer"
                    )
    return found


def third_party(root: Path, path: Path) -> dict[str, int]:
    """Top-level names of the modules a file imports (first line each), e.g. {"networkx": 8}."""
    found: dict[str, int] = {}
    for imp in imports(root, path):
        if imp.module:
            found.setdefault(imp.module.split(".")[0], imp.line)
    return found


def heavy_imports(root: Path, package: str, allowed: dict[str, list[str]]) -> list[str]:
    """Imports of HEAVY libraries from a module not in that library's `allowed` paths (files or "dir/")."""
    found = []
    for path in modules(root, package):
        posix = path.as_posix()
        for lib, line in third_party(root, path).items():
            if lib not in allowed:
                continue
            if not any(posix == a or (a.endswith("/") and posix.startswith(a)) for a in allowed[lib]):
                found.append(f"{posix}:{line} imports {lib}")
    return found


def top_layer() -> list[str]:
    return dict(LAYERS)["top"]


# --------------------------------------------------------------------------- the checker itself


def write_package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")


FAKE_LAYERS = [
    ("base", ["fake/__init__.py", "fake/vocab.py"]),
    ("check", ["fake/check/"]),
    ("site", ["fake/site/"]),
    ("top", ["fake/cli.py"]),
]


def test_the_checker_reports_every_kind_of_back_import(tmp_path):
    write_package(
        tmp_path,
        {
            "fake/__init__.py": '"""Fake."""\n',
            "fake/vocab.py": '"""Words."""\n',
            "fake/cli.py": '"""Top."""\nfrom fake.site import pages\n',
            "fake/check/__init__.py": '"""Checks."""\n',
            "fake/check/x.py": '''\
                """A check that reaches up four ways."""
                from typing import TYPE_CHECKING

                from fake import vocab
                from fake.site import pages

                if TYPE_CHECKING:
                    import fake.cli

                def late():
                    from ..site.pages import render
                    from fake import site
                ''',
            "fake/site/__init__.py": '"""Pages."""\n',
            "fake/site/pages.py": '"""Pages."""\nfrom fake.check import x\nfrom . import charts\n',
            "fake/site/charts.py": '"""Charts."""\n',
            "fake/stray.py": '"""Nobody claims me."""\n',
        },
    )
    assert back_imports(tmp_path, "fake", FAKE_LAYERS) == [
        "fake/check/x.py:5 imports fake.site.pages (site layer) from the check layer",
        "fake/check/x.py:8 imports fake.cli (top layer) from the check layer",
        "fake/check/x.py:11 imports fake.site.pages (site layer) from the check layer",
        "fake/check/x.py:12 imports fake.site (site layer) from the check layer",
        "fake/stray.py is in no layer; add it to the layer map",
    ]


def test_the_checker_finds_heavy_imports_inside_functions(tmp_path):
    write_package(
        tmp_path,
        {
            "fake/__init__.py": '"""Fake."""\n',
            "fake/check/x.py": '"""Check."""\n\ndef f():\n    import networkx.algorithms\n',
            "fake/site/net.py": (
                '"""Net."""\nfrom pyvis.network import Network\nimport importlib\nimportlib.import_module("mkdocs")\n'
            ),
        },
    )
    allowed = {"networkx": ["fake/site/"], "pyvis": ["fake/site/net.py"], "mkdocs": ["fake/cli.py"]}
    assert heavy_imports(tmp_path, "fake", allowed) == [
        "fake/check/x.py:4 imports networkx",
        "fake/site/net.py:4 imports mkdocs",
    ]


# --------------------------------------------------------------------------- the rules, on kb/


def test_imports_never_point_back_up_the_stages():
    found = back_imports(ROOT, "kb", LAYERS)
    assert not found, "imports against the flow (read -> check -> graph -> outputs -> site -> top):\n" + "\n".join(
        found
    )


def test_the_vocabulary_imports_nothing_from_kb():
    found = [imp for imp in imports(ROOT, Path("kb/vocab.py")) if imp.module.split(".")[0] == "kb"]
    assert found == []


def test_networkx_stays_out_of_reading_and_checking():
    lower = dict(LAYERS)
    allowed_everywhere_above = [m for name in ("graph", "outputs", "site", "top") for m in lower[name]]
    found = heavy_imports(ROOT, "kb", {"networkx": allowed_everywhere_above})
    assert not found, "networkx outside graph/outputs/site/top:\n" + "\n".join(found)


def test_only_the_top_layer_imports_mkdocs():
    found = heavy_imports(ROOT, "kb", {"mkdocs": top_layer()})
    assert not found, "mkdocs outside cli.py, mkdocs_plugin.py, mkdocs_build.py:\n" + "\n".join(found)


def test_only_the_network_page_and_the_top_layer_import_pyvis():
    found = heavy_imports(ROOT, "kb", {"pyvis": ["kb/site/network.py", *top_layer()]})
    assert not found, "pyvis outside kb/site/network.py and the top layer:\n" + "\n".join(found)


VALIDATE_AND_LIST_MODULES = """
import json, sys
from kb.cli import main
try:
    main(["validate", "--entries", sys.argv[1]], standalone_mode=False)
    code = 0
except SystemExit as exc:
    code = exc.code
loaded = sorted(sys.modules)
top = sorted({name.split(".")[0] for name in loaded})
print(json.dumps({"code": code, "top": top, "kb": [name for name in loaded if name.startswith("kb.")]}))
"""


def test_kb_validate_loads_no_graph_site_or_mkdocs_library():
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE_AND_LIST_MODULES, str(ENTRIES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, result.stdout
    assert "kb" in report["top"]
    heavy = sorted(set(HEAVY) & set(report["top"]))
    assert heavy == [], f"kb validate loaded {heavy}; the kb modules it loaded: {report['kb']}"


def test_kb_cli_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "kb.cli", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_module_is_over_400_lines():
    found = []
    for path in modules(ROOT, "kb"):
        lines = len((ROOT / path).read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{path.as_posix()}: {lines} lines")
    assert not found, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(found)


def test_no_function_is_over_60_lines():
    found = []
    for path in modules(ROOT, "kb"):
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        for func in functions(tree):
            length = func.end_lineno - func.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.as_posix()}:{func.lineno} {func.name}: {length} lines")
    assert not found, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(found)


def test_every_module_starts_with_a_docstring():
    found = []
    for path in modules(ROOT, "kb"):
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree)
        if not (docstring and docstring.strip()):
            found.append(path.as_posix())
    assert not found, "modules without a docstring:\n" + "\n".join(found)
