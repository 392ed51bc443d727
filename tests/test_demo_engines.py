"""The project's own site (``mkdocs.yml``, ``docs/``, ``demo/``) built by every engine, then read in chromium.

Each engine builds a copy of the site in a temporary folder, as its CI recipe does (see
``docs/guide/engines.md``): MkDocs 1.6 with Material and with the ``mkdocs`` theme and
ProperDocs 1.6 run ``build --strict`` through the plugins; Zensical reads the same
``mkdocs.yml`` and runs ``workplans check --strict``, ``workplans generate`` and
``zensical build --clean``, each with ``-f mkdocs.yml``. "Today" is the last commit's date,
as for ``make site``, so the demo's review dates do not expire. Themes never fetch web fonts
(``font: false``): the tests stay off the network.

The copy's RAILIANCE-WP-0012 carries markup in its title and owner: the demo shows readers
a realistic repository, and the test, not the documentation, supplies the attack.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from browser_helpers import NO_BROWSER, expect_workplan, launched, open_page
from conftest import ROOT, Run, edit, environment, run, run_build, write_tree
from mkdocs_workplans.registry import RULES
from render_helpers import ENGINES, serve, zensical_recipe

MKDOCS_YML = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
NO_FONTS = ("  name: material\n", "  name: material\n  font: false\n")
MKDOCS_THEME = "theme:\n  name: mkdocs\n  color_mode: auto\n\n"
#: ``mkdocs.yml`` per engine: Material without web fonts, or the ``mkdocs`` theme instead of Material.
CONFIGS = {
    "material": edit(MKDOCS_YML, NO_FONTS),
    "mkdocs": re.sub(r"^theme:\n.*?\n(?=markdown_extensions:)", MKDOCS_THEME, MKDOCS_YML, flags=re.S | re.M),
    "properdocs": re.sub(r"^theme:\n.*?\n(?=markdown_extensions:)", MKDOCS_THEME, MKDOCS_YML, flags=re.S | re.M),
    "zensical": edit(MKDOCS_YML, NO_FONTS),
}

PLAN = "demo/workplans/RAILIANCE-WP-0011/"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HOSTILE = "demo/workplans/RAILIANCE-WP-0012.md"
HOSTILE_TITLE = '<img src=x onerror="window.__pwned = 1">'
HOSTILE_OWNER = "<script>window.__pwned = 'owner'</script>"
HOSTILE_PAGES = ("demo/workplans/RAILIANCE-WP-0012/", "demo/workplans/", "demo/tasks/", "demo/", "")


def today() -> dict[str, str]:
    """``SOURCE_DATE_EPOCH`` as ``make site`` sets it: the last commit's date (the tests' fixed date without git)."""
    found = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    epoch = found.stdout.strip() if found.returncode == 0 else ""
    return {"SOURCE_DATE_EPOCH": epoch or environment()["SOURCE_DATE_EPOCH"]}


def copy_demo(root: Path, engine: str) -> Path:
    """The site's sources in ``root`` (never the repository itself), with the engine's ``mkdocs.yml``."""
    for folder in ("docs", "demo"):
        shutil.copytree(ROOT / folder, root / folder)
    plan = (ROOT / "docs" / HOSTILE).read_text(encoding="utf-8")
    hostile = edit(
        plan,
        ('title: "Onboard fristen-radar as the second S5 app"', f"title: '{HOSTILE_TITLE}'"),
        ("owner: codex", f'owner: "{HOSTILE_OWNER}"'),
    )
    return write_tree(root, {"mkdocs.yml": CONFIGS[engine], f"docs/{HOSTILE}": hostile})


def build_demo(root: Path, engine: str) -> Run:
    """The engine's CI recipe on a copy of the site in ``root``."""
    copy_demo(root, engine)
    if engine == "zensical":
        return zensical_recipe(root, "mkdocs.yml", strict=True, env=today())
    if engine == "properdocs":
        return run(root, sys.executable, "-m", "properdocs", "build", "--strict", env=today())
    return run_build(root, "--strict", env=today())


class Demo:
    """Each engine's build of the site, made on first use (a missing engine skips only its tests)."""

    def __init__(self, root: Path, base: str) -> None:
        self.root, self.base = root, base
        self.built: dict[str, Run] = {}

    def build(self, engine: str) -> tuple[Path, Run]:
        if importlib.util.find_spec(engine if engine in ("zensical", "properdocs") else "mkdocs") is None:
            pytest.skip(f"{engine} is not installed")
        if engine not in self.built:
            self.built[engine] = build_demo(self.root / engine, engine)
        return self.root / engine / "site", self.built[engine]

    def site(self, engine: str) -> Path:
        site, result = self.build(engine)
        assert result.code == 0, result.stdout + result.stderr
        return site

    def url(self, engine: str) -> str:
        return f"{self.base}{self.site(engine).relative_to(self.root).as_posix()}/"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    root = tmp_path_factory.mktemp("demo-engines")
    with serve(root) as base:
        yield Demo(root, base)


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


# --- The builds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_builds_the_site_through_the_gate(demo: Demo, engine: str) -> None:
    _, result = demo.build(engine)
    assert result.code == 0, result.stdout + result.stderr
    assert result.findings == []
    if engine == "zensical":
        assert "All checks passed: 23 files, 3 workplans, 13 tasks." in result.stdout
        # Zensical checks links in the Markdown as written, before extensions run: the two links into
        # the sibling, which the extension rewrites to the sibling's site, are "missing" pages to it.
        said = ANSI.sub("", result.stderr)
        assert re.findall(r"Warning: (.*)\n\s*╭─\[ (\S+) \]", said) == [
            ("page does not exist", "demo/sibling-links.md:22:34"),
            ("page does not exist", "demo/sibling-links.md:24:21"),
        ]
        assert "2 issues found" in said
    else:
        assert "WARNING" not in result.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_the_rules_reference_is_built_by_every_engine(demo: Demo, engine: str) -> None:
    page = html(demo.site(engine), "reference/rules")
    assert sorted(re.findall(r'<h3 id="([a-z]{2}\d{3})"', page)) == sorted(code.lower() for code in RULES)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_drifted_task_shows_state_hubs_status_under_every_engine(demo: Demo, engine: str) -> None:
    site = demo.site(engine)
    pages = [path for path in site.rglob("*.html") if "wp-badge--hub" in path.read_text(encoding="utf-8")]
    assert [path.relative_to(site).as_posix() for path in pages] == [f"{PLAN}index.html"]


@pytest.mark.parametrize("engine", ENGINES)
def test_links_into_the_sibling_lead_to_its_published_pages(demo: Demo, engine: str) -> None:
    page = html(demo.site(engine), "demo/sibling-links")
    hrefs = re.findall(r'<a href="([^"]*)"[^>]*>(?:registry retention|package storage)<', page)
    assert hrefs == [
        "https://docs.example/forge/initial-operating-contracts/#retention",
        "https://docs.example/forge/initial-operating-contracts/#storage",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_scope_from_outside_docs_dir_is_published_by_the_plugin_only(demo: Demo, engine: str) -> None:
    """``include`` is the plugin's: Zensical 0.0.73 publishes ``docs_dir`` alone (the engines table says ✗)."""
    published = (demo.site(engine) / "demo" / "SCOPE" / "index.html").is_file()
    assert published == (engine != "zensical")


# --- In the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if NO_BROWSER:
        pytest.skip("no chromium (set REQUIRE_BROWSER=1 to fail instead)")
    with launched() as opened:
        yield opened


@pytest.mark.parametrize("engine", ENGINES)
def test_demo_workplan_header_and_cards_are_visible_with_status_text(browser: Browser, demo: Demo, engine: str) -> None:
    page, _ = open_page(browser, demo.url(engine) + PLAN, "light")
    tasks = ["done", "in progress", "blocked", "todo", "todo"]
    cards = expect_workplan(page, "RAILIANCE-WP-0011", "active", "platform-oncall", "1/5 tasks done", tasks)
    expect(cards.nth(3).locator(".wp-badge--hub")).to_have_text("State Hub: in progress")
    page.context.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_clicking_a_mention_in_a_runbook_lands_on_the_task_card(browser: Browser, demo: Demo, engine: str) -> None:
    page, _ = open_page(browser, demo.url(engine) + "demo/runbooks/apps-pg-restore-drill/", "light")
    page.locator('a.wp-ref[href$="#railiance-wp-0011-t03"]').first.click()
    page.wait_for_url(f"**/{PLAN}#railiance-wp-0011-t03")
    card = page.locator("#railiance-wp-0011-t03")
    expect(card).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "railiance-wp-0011-t03"
    expect(card.locator(".wp-task__id")).to_have_text("RAILIANCE-WP-0011-T03")
    expect(card.locator(".wp-badge").first).to_have_text("blocked")
    page.context.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_hostile_front_matter_runs_nothing_and_reads_as_text(browser: Browser, demo: Demo, engine: str) -> None:
    for path in HOSTILE_PAGES:
        page, dialogs = open_page(browser, demo.url(engine) + path, "light")
        page.wait_for_load_state("load")
        assert dialogs == [], f"dialog on {path}"
        assert page.evaluate("typeof window.__pwned") == "undefined", f"script ran on {path}"
        assert page.locator('img[src="x"]').count() == 0, path
        if path == "demo/workplans/":  # the index shows the front matter's title and owner as text
            row = page.locator("table.wp-index tr", has_text="RAILIANCE-WP-0012")
            expect(row.get_by_text(HOSTILE_TITLE, exact=True)).to_be_visible()
            expect(row.get_by_text(HOSTILE_OWNER, exact=True)).to_be_visible()
        if path == HOSTILE_PAGES[0]:  # the page's own <h1> is its heading; the front matter's title names it
            assert page.title().startswith(HOSTILE_TITLE)
            expect(page.locator("header.wp-header")).to_contain_text(HOSTILE_OWNER)
        page.context.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_demo_tasks_index_filters(browser: Browser, demo: Demo, engine: str) -> None:
    """The indexes' script is there under every engine (``workplans generate`` writes it for Zensical)."""
    page, _ = open_page(browser, demo.url(engine) + "demo/tasks/", "light")
    form = page.get_by_role("search", name="Find tasks")
    expect(form).to_be_visible()
    form.get_by_label("Status").select_option("blocked")
    rows = page.locator("table.wp-index tbody tr:visible td:first-child")
    assert rows.all_inner_texts() == ["RAILIANCE-WP-0011-T03"]
    assert page.url.endswith("demo/tasks/?status=blocked")
    page.context.close()
