"""The fixture site in a real browser: Debian's chromium driven by Playwright.

Never downloads a browser (see ``browser_helpers``): skipped when there is no chromium, unless
``REQUIRE_BROWSER`` is set (as ``make test`` does in CI), which turns a missing
browser into a failure. Screenshots go to ``test-artifacts/``; with
``UPDATE_SCREENSHOTS=1`` the light and dark ones are also copied to
``docs/assets/screenshots/`` for the README and docs (a test run leaves the tree clean).

Layout is measured in the page, at the widths readers use (1280, 768 and 390 px), and
axe-core (shipped inside the ``axe-playwright-python`` wheel, injected into the page,
nothing fetched) checks what the plugin renders for serious and critical violations.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from browser_helpers import NO_BROWSER, expect_workplan, launched, open_page
from conftest import ROOT, Run
from render_helpers import ENGINES, build_fixture, serve

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"
PLAN = "workplans/DEMO-WP-0001/"
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"

if NO_BROWSER:
    pytest.skip("no chromium (set REQUIRE_BROWSER=1 to fail instead)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402 - drives the browser, so only with one
from playwright.sync_api import Browser, Page, expect  # noqa: E402 - only once chromium is known

INDEXES = ("workplans/", "tasks/", "runbooks/")
WIDTHS = (1280, 768, 390)
SCHEMES = ("light", "dark")
THEMES = ("material", "mkdocs")

# Per title cell of the indexes: its content width and the width of its widest word, set on one line in
# the cell's own font (a Range over the word in the cell's text), and whether anything spills out of it.
TITLE_CELLS_JS = """
() => [...document.querySelectorAll('table.wp-index td.wp-index__title')].map((cell) => {
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  let widest = 0, word = '';
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()];
      // A word the browser broke is on several lines: its width is what it needs on one.
      const width = rects.reduce((sum, rect) => sum + rect.width, 0);
      if (width > widest) { widest = width; word = match[0]; }
    }
  }
  return {title: cell.textContent.trim(), word, widest, inner, spills: cell.scrollWidth > cell.clientWidth};
})
"""

# What the theme renders around the page is the theme's; axe checks the page's content, where all
# that the plugin renders is (the theme's search dialog and footer fail on their own, see the report).
CONTENT = {"material": "article.md-content__inner", "mkdocs": 'div[role="main"]'}

# WCAG contrast of an element's text on its own (or nearest painted ancestor's) background.
CONTRAST_JS = """
(el) => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let bg = el;
  while (bg && rgb(getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement;
  const back = bg ? rgb(getComputedStyle(bg).backgroundColor) : [255, 255, 255];
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(back);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, engine_site: Callable[[str], tuple[Path, Run]]) -> Iterator[Sites]:
    """Base URL of the fixture site per engine (MkDocs per theme, ProperDocs, Zensical), served from 127.0.0.1."""
    root = tmp_path_factory.getbasetemp()
    with serve(root) as base:
        yield Sites(base, root, engine_site)


class Sites:
    """Builds each engine's site on first use (a missing engine skips only its tests)."""

    def __init__(self, base: str, root: Path, build: Callable[[str], tuple[Path, Run]]) -> None:
        self.base, self.root, self.build = base, root, build
        self.instant: tuple[Path, Run] | None = None

    def __getitem__(self, engine: str) -> str:
        if engine == "material-instant":
            # Material navigates instantly only when site_url is the origin it is served from.
            if self.instant is None:
                folder = self.root / "material-instant"
                self.instant = build_fixture(folder, engine, f"{self.base}material-instant/site/")
            site, result = self.instant
        else:
            site, result = self.build(engine)
        assert result.code == 0, result.stdout + result.stderr
        return f"{self.base}{site.relative_to(self.root).as_posix()}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize("theme", ENGINES)
def test_header_and_cards_are_visible_with_status_text(browser: Browser, sites: Sites, theme: str) -> None:
    page, _ = open_page(browser, sites[theme] + PLAN, "light")
    tasks = ["done", "in progress", "blocked", "todo", "cancelled"]
    expect_workplan(page, "DEMO-WP-0001", "active", "platform-team", "1/4 tasks done", tasks)
    page.context.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_clicking_a_mention_lands_on_the_task_card(page: Page, sites: Sites, engine: str) -> None:
    page.goto(sites[engine])
    page.locator('a.wp-ref[href$="#demo-wp-0001-t03"]').click()
    page.wait_for_url("**/workplans/DEMO-WP-0001/#demo-wp-0001-t03")
    card = page.locator("#demo-wp-0001-t03")
    expect(card).to_be_in_viewport()
    expect(card).to_contain_text("Provision object storage")
    expect(card.locator(".wp-badge")).to_have_text("blocked")


def search(page: Page, query: str) -> None:
    """Type into Material's search box as a reader does (it listens to key events)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)


def test_search_finds_a_task_by_id(page: Page, sites: Sites) -> None:
    page.goto(sites["material"])
    search(page, "DEMO-WP-0001-T03")
    # Material re-renders the results while it catches up with the typed query: wait for those of the
    # whole id, then read every href in one step (element handles of an older list would be detached).
    task = page.locator('.md-search-result__item a[href$="#t03-provision-object-storage"]').first
    expect(task).to_be_attached(timeout=15_000)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(r"workplans/DEMO-WP-0001/$"), timeout=15_000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.getAttribute('href') || '')")
    assert any(link.endswith("workplans/DEMO-WP-0001/#t03-provision-object-storage") for link in links)


@pytest.mark.parametrize("theme", ENGINES)
def test_hostile_title_runs_nothing(browser: Browser, sites: Sites, theme: str) -> None:
    for path in ("workplans/DEMO-WP-0003/", "workplans/", "tasks/", "runbooks/", "runbooks/restore/", ""):
        page, dialogs = open_page(browser, sites[theme] + path, "light")
        page.wait_for_load_state("load")
        assert dialogs == [], f"dialog on {path}"
        assert page.evaluate("typeof window.__pwned") == "undefined", f"script ran on {path}"
        assert page.locator('img[src="x"]').count() == 0
        if path == "workplans/DEMO-WP-0003/":
            assert page.title().startswith(HOSTILE_TITLE)
            expect(page.locator("header.wp-header h1")).to_have_text(HOSTILE_TITLE)
            expect(page.get_by_text(HOSTILE_TITLE).first).to_be_attached()
        page.context.close()


def test_hostile_title_in_search_results_runs_nothing(browser: Browser, sites: Sites) -> None:
    page, dialogs = open_page(browser, sites["material"], "light")
    search(page, "onerror")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_status_text_is_readable(browser: Browser, sites: Sites, theme: str, scheme: str) -> None:
    for path in (PLAN, "tasks/", "runbooks/"):
        page, _ = open_page(browser, sites[theme] + path, scheme)
        elements = page.locator(".wp-badge, .wp-task h2, .wp-task__meta, .wp-meta dd, table.wp-index td")
        assert elements.count() > 0
        for index in range(elements.count()):
            element = elements.nth(index)
            ratio = element.evaluate(CONTRAST_JS)
            assert ratio >= 4.5, f"{theme}/{scheme} {path}: {element.inner_text()!r} has contrast {ratio:.2f}"
        page.context.close()


def test_screenshots(browser: Browser, sites: Sites) -> None:
    """Whole-window shots as artifacts; for the docs, the content column of the workplan page."""
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        page, _ = open_page(browser, sites["material"] + PLAN, scheme)
        expected = "slate" if scheme == "dark" else "default"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        page.screenshot(path=str(ARTIFACTS / f"{scheme}.png"))
        box = page.locator("article.md-content__inner").bounding_box()
        assert box is not None
        clip = {"x": box["x"] - 16, "y": box["y"], "width": box["width"] + 32, "height": 820}
        page.screenshot(path=str(ARTIFACTS / f"content-{scheme}.png"), clip=clip)
        if os.environ.get("UPDATE_SCREENSHOTS"):
            shutil.copyfile(ARTIFACTS / f"content-{scheme}.png", SCREENSHOTS / f"{scheme}.png")
        page.goto(sites["material"] + "tasks/")
        page.screenshot(path=str(ARTIFACTS / f"tasks-{scheme}.png"))
        page.context.close()
    # An index at desktop width (light) and a workplan on a phone (dark), for the README and docs.
    page, _ = open_page(browser, sites["material"] + "tasks/?owner=platform-team&sort=priority&order=desc", "light")
    box = page.locator("article.md-content__inner").bounding_box()
    assert box is not None
    clip = {"x": box["x"] - 16, "y": box["y"], "width": box["width"] + 32, "height": 820}
    page.screenshot(path=str(ARTIFACTS / "index-1280.png"), clip=clip)
    page.context.close()
    page, _ = open_page(browser, sites["material"] + PLAN, "dark", 390)
    page.screenshot(path=str(ARTIFACTS / "workplan-390.png"))
    page.context.close()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        for name in ("index-1280.png", "workplan-390.png"):
            shutil.copyfile(ARTIFACTS / name, SCREENSHOTS / name)
    for scheme in ("light", "dark"):
        page, _ = open_page(browser, sites["mkdocs"] + PLAN, scheme)
        expect(page.locator("html")).to_have_attribute("data-bs-theme", scheme)
        page.screenshot(path=str(ARTIFACTS / f"mkdocs-theme-{scheme}.png"))
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", THEMES)
def test_index_titles_never_break_inside_a_word(
    browser: Browser, sites: dict[str, str], theme: str, scheme: str, width: int
) -> None:
    """Every title cell is at least as wide as its widest word; a table too wide scrolls in its wrapper."""
    for path in INDEXES:
        page, _ = open_page(browser, sites[theme] + path, scheme, width)
        cells = page.evaluate(TITLE_CELLS_JS)
        assert len(cells) >= 2, path
        for cell in cells:
            assert cell["widest"] > 0, cell
            assert cell["inner"] + 0.5 >= cell["widest"], f"{theme}/{scheme}/{width} {path}: {cell}"
            assert not cell["spills"], f"{theme}/{scheme}/{width} {path}: {cell}"
        # The page itself never scrolls sideways: only a table's own wrapper may.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (theme, width, path)
        page.context.close()


def visible_ids(page: Page) -> list[str]:
    return page.locator("table.wp-index tbody tr:visible td:first-child").all_inner_texts()


@pytest.mark.parametrize("theme", THEMES)
def test_filters_and_sorting_change_the_rows_and_live_in_the_url(
    browser: Browser, sites: dict[str, str], theme: str
) -> None:
    page, _ = open_page(browser, sites[theme] + "tasks/", "light")
    form = page.get_by_role("search", name="Find tasks")
    expect(form).to_be_visible()
    every = visible_ids(page)
    assert len(every) == 7
    expect(form.get_by_role("status")).to_have_text("Showing all 7 tasks.")
    form.get_by_label("Status").select_option("blocked")
    assert visible_ids(page) == ["DEMO-WP-0001-T03"]
    expect(page.get_by_role("heading", name="Todo")).to_be_hidden()
    expect(page.get_by_role("heading", name="Blocked")).to_be_visible()
    form.get_by_label("Status").select_option("")
    form.get_by_label("Owner").select_option("platform-team")
    form.get_by_label("Priority").select_option("high")
    assert visible_ids(page) == ["DEMO-WP-0001-T04", "DEMO-WP-0001-T01"]
    expect(form.get_by_role("status")).to_have_text("Showing 2 of 7 tasks.")
    form.get_by_label("Find").fill("checklist")  # a word of a title
    assert visible_ids(page) == ["DEMO-WP-0001-T01"]
    form.get_by_label("Find").fill("wp-0001-t0")  # part of an id, any case
    assert visible_ids(page) == ["DEMO-WP-0001-T04", "DEMO-WP-0001-T01"]
    assert "owner=platform-team" in page.url and "priority=high" in page.url and "q=wp-0001-t0" in page.url
    # Sorting: a header button, by keyboard; the order and aria-sort follow, in every group's table.
    form.get_by_role("button", name="Show all").click()
    todo = page.locator("table.wp-index").first
    header = todo.locator("th").first
    header.get_by_role("button", name="ID").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    assert todo.locator("tbody tr td:first-child").all_inner_texts() == ["DEMO-WP-0003-T01", "DEMO-WP-0001-T04"]
    page.keyboard.press("Enter")
    assert todo.locator("tbody tr td:first-child").all_inner_texts() == ["DEMO-WP-0001-T04", "DEMO-WP-0003-T01"]
    # A shared link reloads into the same view.
    shared = sites[theme] + "tasks/?status=done&sort=id&order=desc"
    page.goto(shared)
    assert visible_ids(page) == ["DEMO-WP-0002-T01", "DEMO-WP-0001-T01"]
    expect(page.get_by_label("Status")).to_have_value("done")
    expect(page.locator('th[aria-sort="descending"]').first).to_have_text("ID")
    page.reload()
    assert visible_ids(page) == ["DEMO-WP-0002-T01", "DEMO-WP-0001-T01"]
    # Values no control offers are dropped, not applied behind the reader's back.
    page.goto(sites[theme] + "workplans/?status=nonsense&priority=high")
    assert visible_ids(page) == ["DEMO-WP-0001"]
    expect(page.get_by_label("Status")).to_have_value("")
    page.context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_without_script_the_full_tables_are_there(browser: Browser, sites: dict[str, str], theme: str) -> None:
    page, _ = open_page(browser, sites[theme] + "tasks/?status=blocked", "light", script=False)
    expect(page.locator("form.wp-filters")).to_be_hidden()
    assert len(visible_ids(page)) == 7
    assert page.locator("th button").count() == 0
    page.context.close()


def test_filters_work_after_material_instant_navigation(browser: Browser, sites: dict[str, str]) -> None:
    page, _ = open_page(browser, sites["material-instant"], "light")
    # Material intercepts clicks only once its bundle has run; on a loaded machine that can be after
    # the page is shown, and a click before it is an ordinary (full) navigation.
    ready = "() => typeof window.document$ !== 'undefined' && typeof window.location$ !== 'undefined'"
    page.wait_for_function(ready)
    page.evaluate("window.__notReloaded = true")
    page.locator("a.wp-ref").first.click()  # to a workplan page, then through its navigation
    expect(page.locator("header.wp-header")).to_be_visible()
    # Playwright deems Material's sidebar links hidden after a swap; a click event is what Material listens to.
    page.locator('a.md-nav__link[href$="/tasks/"]').dispatch_event("click")
    page.wait_for_url("**/tasks/")
    expect(page.get_by_role("search", name="Find tasks")).to_be_visible()
    assert page.evaluate("window.__notReloaded") is True, "Material reloaded the page: not an instant navigation"
    page.get_by_label("Status").select_option("blocked")
    assert visible_ids(page) == ["DEMO-WP-0001-T03"]
    assert page.url.endswith("tasks/?status=blocked")
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", THEMES)
def test_no_serious_accessibility_violations(browser: Browser, sites: dict[str, str], theme: str, scheme: str) -> None:
    axe = Axe()
    found = {}
    for path in (PLAN, "runbooks/deploy/", *INDEXES):
        page, _ = open_page(browser, sites[theme] + path, scheme)
        if path in ("workplans/", "tasks/"):
            expect(page.locator("form.wp-filters")).to_be_visible()  # checked as readers with script see it
        results = axe.run(page, context={"include": [[CONTENT[theme]]]}).response
        assert results["testEngine"]["name"] == "axe-core"
        found[path] = [
            f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        page.context.close()
    assert found == {path: [] for path in found}
