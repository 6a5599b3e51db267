"""The package's layers: no module imports from a layer above its own, no cycles.

The layers and what each may import are written down in docs/architecture.md;
these tests read every module's imports with ``ast`` (imports inside functions
and under ``TYPE_CHECKING`` included) and hold the code to that page.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sli_cli"
DOC = ROOT / "docs" / "architecture.md"

# Lowest first: a module may import from its own layer and the layers before it.
LAYERS = ("core", "plan", "records", "recording", "views", "render", "cli")
# Outside the layers: the package root (its version string, below everything)
# and ``python -m sli_cli`` (above everything).
ROOT_MODULES = {"sli_cli": -1, "sli_cli.__main__": len(LAYERS)}

# Import cycles known today, each to be broken by the work named beside it.
# When one is broken this test fails until its entry is removed here.
KNOWN_CYCLES: set[frozenset[str]] = set()


def module_name(path: Path, package_dir: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The ``sli_cli`` modules that ``source`` imports, wherever the import is.

    ``from sli_cli.core import clock`` names the module ``sli_cli.core.clock``
    when that is a module in ``known``, else the package itself.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.add(child if child in known else target)
    return {name for name in found if name == "sli_cli" or name.startswith("sli_cli.")}


def layer_of(module: str) -> int:
    if module in ROOT_MODULES:
        return ROOT_MODULES[module]
    return LAYERS.index(module.split(".")[1])


def import_graph(package_dir: Path = PACKAGE) -> dict[str, set[str]]:
    files = {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}
    known = set(files)
    return {name: imports_of(path.read_text(encoding="utf-8"), name,
                             path.name == "__init__.py", known) - {name}
            for name, path in files.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{module} imports {target} ({LAYERS[layer_of(target)]} is above "
                  f"{LAYERS[layer_of(module)]})"
                  for module, targets in graph.items() for target in targets
                  if layer_of(target) > layer_of(module))


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_package_is_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LAYERS)
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py"}


def test_no_module_imports_from_a_layer_above() -> None:
    assert upward_imports(import_graph()) == []


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == KNOWN_CYCLES


def test_imports_are_found_anywhere_in_a_module(tmp_path: Path) -> None:
    package = tmp_path / "sli_cli"
    for folder in ("core", "plan", "cli"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "core" / "clock.py").write_text(
        "def today():\n    from sli_cli.plan import model\n    return model\n")
    (package / "core" / "dates.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..cli.main import app\n"
        "from . import clock\n")
    (package / "plan" / "model.py").write_text("import sli_cli.core.clock\n")
    (package / "cli" / "main.py").write_text("from sli_cli.plan.model import x\n")
    graph = import_graph(package)
    assert graph["sli_cli.core.clock"] == {"sli_cli.plan.model"}
    assert graph["sli_cli.core.dates"] == {"sli_cli.cli.main", "sli_cli.core.clock"}
    assert upward_imports(graph) == [
        "sli_cli.core.clock imports sli_cli.plan.model (plan is above core)",
        "sli_cli.core.dates imports sli_cli.cli.main (cli is above core)",
    ]
    assert cycles(graph) == {frozenset({"sli_cli.core.clock", "sli_cli.plan.model"})}


def test_cycles_are_found_through_several_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == {frozenset({"a", "b", "c"})}


def test_the_architecture_page_names_the_layers_in_order() -> None:
    text = DOC.read_text(encoding="utf-8")
    headings = re.findall(r"^### \d+\. `(\w+)/`", text, flags=re.MULTILINE)
    assert tuple(headings) == LAYERS


def test_every_module_the_architecture_page_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:sli_cli/)?(?:\w+/)+\w+\.py)`", text))
    assert named, "the page names modules"
    missing = sorted(n for n in named if not (ROOT / n).exists()
                     and not (PACKAGE / n).exists())
    assert missing == []


def test_the_architecture_page_names_every_module_below_cli() -> None:
    """Each module (or sub-package) of a layer below ``cli/`` is named in its
    layer's section, so the page stays the map of the code."""
    text = DOC.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### \d+\. `(\w+)/`\n(.*?)(?=^### |^## )", text,
                               flags=re.MULTILINE | re.DOTALL))
    missing = []
    for layer in LAYERS[:-1]:
        for child in sorted((PACKAGE / layer).iterdir()):
            if child.name == "__init__.py" or child.name.startswith(("_", ".")):
                continue
            name = f"{child.name}/" if child.is_dir() else child.name
            if child.suffix != ".py" and not child.is_dir():
                continue
            if f"`{name}`" not in sections[layer] and f"{layer}/{name}" not in sections[layer]:
                missing.append(f"{layer}/{name}")
    assert missing == []


def test_command_modules_keep_their_types_as_objects() -> None:
    """Typer evaluates the type of every parameter of every command: kept as
    text (``from __future__ import annotations``), each is compiled again by
    ``eval`` when the command tree is built."""
    import importlib

    from sli_cli.cli.app import COMMANDS

    # meeting: its helpers' types name the recording workflow, which --help
    # does not load.
    for module_name in {module for module, _, _ in COMMANDS.values()} - {"meeting"}:
        module = importlib.import_module(f"sli_cli.cli.{module_name}")
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        assert "from __future__ import annotations" not in source, module_name
