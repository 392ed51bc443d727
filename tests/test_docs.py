"""The project's own documentation: the generated rules reference, the contract's rules table, the site."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from mkdocs.config import load_config

from conftest import ROOT, run_build, run_cli
from mkdocs_workplans.registry import RULES

SPEC = Path(__file__).resolve().parents[2] / "shared" / "SPEC.md"
HOOKS = ROOT / "docs" / "_hooks"
SCRIPT = ROOT / "docs" / "_scripts" / "rules_reference.py"
SPEC_ROW = re.compile(r"^\|\s*([A-Z]{2}\d{3})\s*\|\s*([a-z]+)\s*\|")
PLANNED_ROW = re.compile(r"^\|\s*planned\s*\|\s*([A-Z]{2}\d{3})\s*\|\s*([a-z]+)\s*\|")
SECTION = re.compile(r"^### ([A-Z]{2}\d{3}) \{ #([a-z]{2}\d{3}) \}$", re.MULTILINE)
# Issue 14 asks for WP011 and says the contract lists it with section 10's codes; until it does:
NOT_YET_IN_CONTRACT = {"WP011": "warning"}
TABLE_ROW = re.compile(r"^\| \[([A-Z]{2}\d{3})\]\(#([a-z]{2}\d{3})\) \| `([a-z]+)` \| `([a-z]+)` \|", re.MULTILINE)


def _hook(path: Path = SCRIPT) -> ModuleType:
    """A hook or script of the site, imported the way MkDocs imports a hook."""
    spec = importlib.util.spec_from_file_location(f"hook_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_PAGES = _hook()
FAMILIES, RULES_PAGE = _PAGES.FAMILIES, _PAGES.RULES_PAGE
family, rules_reference = _PAGES.family, _PAGES.rules_reference


def test_generated_page_lists_exactly_the_registry_codes() -> None:
    page = rules_reference()
    sections = SECTION.findall(page)
    assert [code for code, _ in sections] == [code for code, _, _, _ in TABLE_ROW.findall(page)]
    assert sorted(code for code, _ in sections) == sorted(RULES)
    assert len(sections) == len(set(sections))
    assert all(anchor == code.lower() for code, anchor in sections)


def test_generated_page_groups_by_family_with_severity_owner_and_examples() -> None:
    page = rules_reference()
    order = [prefix for prefix, _, _ in FAMILIES]
    codes = [code for code, _ in SECTION.findall(page)]
    assert codes == sorted(codes, key=lambda code: (order.index(family(code)), code))
    family_headings = re.findall(r"^## ([A-Z]{2}): ", page, re.MULTILINE)
    assert family_headings == [prefix for prefix in order if any(family(code) == prefix for code in RULES)]
    for code, _anchor, severity, owner in TABLE_ROW.findall(page):
        rule = RULES[code]
        assert (severity, owner) == (rule.severity.label, rule.owner)
        section = re.split(r"\n#{2,3} (?:[A-Z]{2}\d{3}|[A-Z]{2}:) ", page.split(f"### {code} ", 1)[1])[0]
        assert f"Default severity: `{rule.severity.label}` · Plugin: `{rule.owner}`" in section
        assert rule.explanation in section
        for title, example in (("Bad", rule.bad), ("Good", rule.good)):
            fence = re.search(rf'^(`{{3,}}) [a-z]+ title="{title}"\n(.*?)\n\1$', section, re.MULTILINE | re.DOTALL)
            assert fence is not None, (code, title)
            assert fence.group(2) == example.rstrip()


def test_registry_matches_the_contract_rules_table() -> None:
    """Section 5's codes are all in the registry as graded there; any other code is a planned one.

    Section 10 lists the codes open issues plan (``| planned | CODE | severity |``); the registry
    may hold them before they join section 5. ``NOT_YET_IN_CONTRACT`` holds codes whose issue
    asks for them but that the contract does not list yet, each with its issue.
    """
    if not SPEC.is_file():
        pytest.skip(f"{SPEC} is not available")
    table: dict[str, str] = {}
    planned: dict[str, str] = dict(NOT_YET_IN_CONTRACT)
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        for pattern, rows in ((SPEC_ROW, table), (PLANNED_ROW, planned)):
            match = pattern.match(line)
            if match:
                code, severity = match.groups()
                assert code not in table and code not in planned, f"{code} twice in the contract's tables"
                rows[code] = severity
    assert table, "no rules table found in the contract"
    registry = {code: rule.severity.label for code, rule in RULES.items()}
    # Every code of section 5 is in the registry; a planned code (section 10) may be there once it ships.
    assert {code: registry.get(code) for code in table} == table
    unlisted = {code: severity for code, severity in registry.items() if code not in table}
    assert unlisted == {code: planned.get(code, "not in the contract") for code in unlisted}


def test_rules_page_is_what_the_registry_makes() -> None:
    """The checked-in page is current: every engine builds it as it is, none runs the script."""
    assert RULES_PAGE.read_text(encoding="utf-8") == rules_reference(), "stale: run `make rules-page`"


def test_scripts_and_hooks_are_excluded_from_the_site() -> None:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    assert config.exclude_docs is not None
    for path in (SCRIPT, HOOKS / "nav_order.py"):
        assert path.is_relative_to(Path(config.docs_dir))
        assert config.exclude_docs.match_file(path.relative_to(config.docs_dir).as_posix())


def test_navigation_order_names_existing_pages() -> None:
    """The reading order of ``docs/_hooks/nav_order.py`` does not name pages that are gone."""
    module = _hook(HOOKS / "nav_order.py")
    generated = {"demo/workplans/", "demo/tasks/", "demo/runbooks/"}
    for path in module.ORDER:
        assert path in generated or (ROOT / "docs" / path).exists() or (ROOT / path).exists(), path


def test_project_site_passes_its_own_gate(tmp_path: Path) -> None:
    """``make site`` in miniature: the docs and the demo pass the gate and MkDocs' own checks."""
    check = run_cli(ROOT, "--strict")
    assert check.code == 0, check.stdout + check.stderr
    assert check.findings == []
    build = run_build(ROOT, "--strict", "--site-dir", str(tmp_path / "site"))
    assert build.code == 0, build.stderr
    assert (tmp_path / "site" / "reference" / "rules" / "index.html").is_file()
    assert (tmp_path / "site" / "demo" / "SCOPE" / "index.html").is_file()
    assert "WARNING" not in build.stderr
    # The demo's State Hub export has one drifted task, and its card says so.
    pages = (tmp_path / "site").rglob("*.html")
    drifted = [page.relative_to(tmp_path / "site").as_posix() for page in pages if "wp-badge--hub" in page.read_text()]
    assert drifted == ["demo/workplans/RAILIANCE-WP-0011/index.html"]


def _plain(value: object) -> object:
    """Options as plain data: nested option objects become dicts."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("name", ["workplans", "refcheck"])
def test_configuration_reference_shows_the_declared_defaults(name: str) -> None:
    """The reference's example block of each plugin is exactly what its options declare."""
    from mkdocs_workplans.options.refcheck import RefcheckConfig
    from mkdocs_workplans.options.settings import defaults
    from mkdocs_workplans.options.workplans import WorkplansConfig

    page = (ROOT / "docs/reference/configuration.md").read_text(encoding="utf-8")
    section = page.split(f"## `{name}` plugin", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block is not None
    shown = yaml.safe_load(block.group(1))["plugins"][0][name]
    declared = _plain(defaults(WorkplansConfig if name == "workplans" else RefcheckConfig))
    assert shown == declared
