"""The import picture of DESIGN.md, checked: no module imports from a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kdnet_calendar"

#: The layers of DESIGN.md, lowest first; a module may import from its own layer or below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("limits", "policy", "_version"),
    ("exceptions", "inputs", "tomltext"),
    ("periods", "days"),
    ("model", "account", "danish"),
    ("datafile", "readers"),
    ("rules",),
    ("writers", "report", "diff", "feeds", "compat", "overview", "pages", "tracking", "scheduler"),
    ("publish", "web", "cli", "__main__", "__init__"),
)


def _layer(module: str) -> int:
    top = module.split(".", maxsplit=1)[0]
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module} is in no layer of DESIGN.md")


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        out.append((".".join(parts), path))
    return out


def _imports(module: str, path: Path) -> set[str]:
    """The package's modules ``module`` imports, at the top or inside functions."""
    package = module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            if node.module:
                found.add(".".join([*base, node.module]))
            else:
                found.update(".".join([*base, a.name]) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kdnet_calendar."):
            found.add((node.module or "").removeprefix("kdnet_calendar."))
    return {f for f in found if f and f.split(".")[0] != "__init__"}


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_no_import_runs_up_a_layer(module: str, path: Path) -> None:
    mine = _layer(module)
    upward = sorted(i for i in _imports(module, path) if _layer(i) > mine)
    assert upward == [], f"{module} (layer {mine}) imports from higher layers: {upward}"


def test_every_module_has_a_layer() -> None:
    for module, _ in _modules():
        _layer(module)


def test_the_import_reader_sees_relative_imports_at_every_depth() -> None:
    """A check that sees no imports passes everything: make sure it sees them."""
    paths = dict(_modules())
    assert {"policy", "periods"} <= _imports("model", paths["model"])
    assert "rules.settings" in _imports("scheduler", paths["scheduler"])
    assert "model" in _imports("rules.check", paths["rules.check"])
    assert "readers.dates" in _imports("readers.names", paths["readers.names"])
