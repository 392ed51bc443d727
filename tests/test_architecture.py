"""The package's shape: no import cycle, a core that imports no adapter, checks true to the registry."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from conftest import FIXTURES, ROOT
from mkdocs_workplans.analysis import analyse, parse_options
from mkdocs_workplans.codes import CODES
from mkdocs_workplans.options.settings import settings_from_mkdocs
from mkdocs_workplans.registry import RULES
from mkdocs_workplans.rules.catalog import CHECKS, INPUT_CODES
from mkdocs_workplans.sources import add_includes, sources

PACKAGE = ROOT / "plugins" / "mkdocs_workplans"
#: The MkDocs plugins, the command line, and the build-event glue they share.
ADAPTERS = (
    "mkdocs_workplans.workplans",
    "mkdocs_workplans.refcheck",
    "mkdocs_workplans.cli",
    "mkdocs_workplans.gate",
    "mkdocs_workplans.markdown",
)
ENTRY = "mkdocs_workplans.__main__"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str, modules: set[str]) -> Iterator[str]:
    """Every package module ``path`` imports: at the top, in functions and under ``TYPE_CHECKING`` alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    yield f"{base}.{alias.name}"
                elif base in modules:
                    yield base


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    return {name: set(_imports(path, name, modules)) - {name} for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _is_adapter(module: str) -> bool:
    return module == ENTRY or any(module == a or module.startswith(a + ".") for a in ADAPTERS)


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_a_cycle_is_detected() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_core_imports_no_adapter() -> None:
    graph = import_graph()
    assert any(_is_adapter(module) for module in graph)  # the names above still exist
    wrong = sorted(
        (module, target)
        for module, targets in graph.items()
        if not _is_adapter(module)
        for target in targets
        if _is_adapter(target)
    )
    assert wrong == []


def test_every_code_has_a_rule_and_an_emitter() -> None:
    assert set(RULES) == CODES
    assert all(rule.code == code for code, rule in RULES.items())
    declared = set(INPUT_CODES).union(*(check.codes for check in CHECKS))
    assert declared == CODES


def test_checks_and_the_registry_agree_on_owners() -> None:
    assert len({check.name for check in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert {code: RULES[code].owner for code in check.codes} == dict.fromkeys(check.codes, check.owner), check.name


def test_checks_emit_only_the_codes_they_declare(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "workspace", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "defects", tmp_path, dirs_exist_ok=True)
    config = load_config(str(tmp_path / "railiance-apps" / "mkdocs.yml"))
    settings = settings_from_mkdocs(config)
    files = get_files(config)
    add_includes(files, config, settings)
    site = analyse(sources(files, settings, config)[0], parse_options(config, settings), settings)
    emitted: set[str] = set()
    for check in CHECKS:
        codes = {finding.code for finding in check.run(site)}
        assert codes <= check.codes, check.name
        emitted |= codes
    assert len(emitted) >= 15  # the planted defects exercise most checks
