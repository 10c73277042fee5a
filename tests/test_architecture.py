"""The one-way dependencies of ARCHITECTURE.md, checked two independent ways.

1. import-linter's contracts from pyproject.toml, run as the CI runs them.
2. A direct reading of every module's import statements (the AST, so nothing
   is imported), in case a contract is loosened or misconfigured.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

QT = ("PySide6", "pyqtgraph", "shiboken6")
WEB = ("fastapi", "starlette", "uvicorn")
CORE_FORBIDDEN = (*QT, *WEB, "cmms_desktop", "sync_server")
# The only places of the desktop client that may talk to Qt.
QT_ALLOWED_IN_DESKTOP = ("cmms_desktop/ui/", "cmms_desktop/app.py", "cmms_desktop/__main__.py")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> Iterator[str]:
    """Absolute names of every module ``source`` imports, wherever the statement is."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                # relative: resolve against the importing module's package
                package = module.split(".")
                if not is_package:
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            yield base
            # "from package import submodule" imports the submodule too
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _matches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)


def _is_allowed(relative: str, allowed: tuple[str, ...]) -> bool:
    """``allowed`` holds file paths, and folders ending with "/"."""
    return any(relative.startswith(a) if a.endswith("/") else relative == a for a in allowed)


def violations(
    package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = (), root: Path = ROOT
) -> list[str]:
    """ "path imports module" for every forbidden import in ``package``'s files."""
    found: list[str] = []
    for path in sorted((root / package).rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if _is_allowed(relative, allowed):
            continue
        module = _module_name(path, root)
        source = path.read_text(encoding="utf-8")
        names = set(imported_modules(source, module, is_package=path.name == "__init__.py"))
        bad = {name for name in names if _matches(name, forbidden)}
        # "from PySide6.QtCore import QObject": report the module, not also the name in it
        outermost = [n for n in sorted(bad) if not _matches(n, tuple(bad - {n}))]
        found += [f"{relative} imports {name}" for name in outermost]
    return found


def _python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


# ------------------------------------------------------------------ the checks


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists(), f"{lint_imports} is missing: run scripts/bootstrap.sh"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cmms_core_imports_no_qt_no_web_and_no_sibling() -> None:
    assert _python_files("cmms_core"), "no module found: the check would prove nothing"
    assert violations("cmms_core", CORE_FORBIDDEN) == []


def test_only_the_ui_and_the_composition_root_import_qt() -> None:
    assert _python_files("cmms_desktop")
    assert violations("cmms_desktop", QT, allowed=QT_ALLOWED_IN_DESKTOP) == []


def test_desktop_and_server_never_import_each_other() -> None:
    assert violations("cmms_desktop", ("sync_server",)) == []
    assert violations("sync_server", ("cmms_desktop", *QT)) == []


# --------------------------------------------------- the reader itself can fail


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import PySide6", "PySide6"),
        ("import PySide6.QtCore as qc", "PySide6.QtCore"),
        ("from PySide6.QtWidgets import QWidget", "PySide6.QtWidgets"),
        ("def f():\n    from fastapi import FastAPI", "fastapi"),
        ("if TYPE_CHECKING:\n    import pyqtgraph", "pyqtgraph"),
        ("from .. import ui", "cmms_desktop.ui"),
        ("from ..ui.widgets import Table", "cmms_desktop.ui.widgets"),
    ],
)
def test_the_reader_sees_every_kind_of_import(source: str, expected: str) -> None:
    names = set(imported_modules(source, "cmms_desktop.store.replica"))
    assert expected in names


def test_relative_imports_in_a_package_init_resolve_from_the_package() -> None:
    names = set(imported_modules("from .replica import open_engine", "cmms_desktop.store", True))
    assert "cmms_desktop.store.replica" in names


def test_a_violation_is_reported(tmp_path: Path) -> None:
    package = tmp_path / "cmms_core"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text("from cmms_desktop.ui import main_window\n")
    assert violations("cmms_core", CORE_FORBIDDEN, root=tmp_path) == [
        "cmms_core/bad.py imports cmms_desktop.ui",
    ]


def test_allowed_places_are_skipped(tmp_path: Path) -> None:
    for relative in ("cmms_desktop/ui/pages/x.py", "cmms_desktop/app.py", "cmms_desktop/sync/y.py"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("from PySide6.QtCore import QObject\n")
    found = violations("cmms_desktop", QT, allowed=QT_ALLOWED_IN_DESKTOP, root=tmp_path)
    assert found == ["cmms_desktop/sync/y.py imports PySide6.QtCore"]
