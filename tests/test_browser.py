"""The fixture site in a real browser: Debian's chromium driven by Playwright.

Never downloads a browser: uses ``$CHROMIUM``, Debian's ``/usr/bin/chromium`` or Ubuntu's
``/usr/bin/chromium-browser`` or ``/snap/bin/chromium`` (as ``.ci/run`` does). Skipped when none is there, unless
``REQUIRE_BROWSER`` is set (as ``make test`` does in CI), which turns a missing
browser into a failure. Screenshots go to ``test-artifacts/``; with
``UPDATE_SCREENSHOTS=1`` the light and dark ones are also copied to
``docs/assets/screenshots/`` for the README and docs (a test run leaves the tree clean).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from render_helpers import build_fixture, serve

CANDIDATES = (os.environ.get("CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium")
CHROMIUM = next((Path(c) for c in CANDIDATES if c and os.access(c, os.X_OK)), Path("/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"
PLAN = "workplans/DEMO-WP-0001/"
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"

if not CHROMIUM.exists() and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip("no chromium (set REQUIRE_BROWSER=1 to fail instead)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402 - only once chromium is known

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
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Base URL of the fixture site per theme, each served from 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser")
    urls: dict[str, str] = {}
    with serve(root) as base:
        for theme in ("material", "mkdocs"):
            _site, result = build_fixture(root / theme, theme)
            assert result.code == 0, result.stderr
            urls[theme] = f"{base}{theme}/site/"
        yield urls


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    opened = context.new_page()
    yield opened
    context.close()


def open_page(browser: Browser, url: str, scheme: str) -> tuple[Page, list[str]]:
    """A page in a fresh context with ``scheme`` preferred; the list collects any dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    opened = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", dismiss)
    opened.goto(url)
    return opened, dialogs


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_header_and_cards_are_visible_with_status_text(browser: Browser, sites: dict[str, str], theme: str) -> None:
    page, _ = open_page(browser, sites[theme] + PLAN, "light")
    header = page.locator("header.wp-header")
    expect(header).to_be_visible()
    expect(header).to_have_attribute("data-workplan", "DEMO-WP-0001")
    expect(header.locator(".wp-badge")).to_have_text("active")
    expect(header).to_contain_text("platform-team")
    expect(header).to_contain_text("1/4 tasks done")
    cards = page.locator("div.wp-task")
    expect(cards).to_have_count(5)
    expected = ["done", "in progress", "blocked", "todo", "cancelled"]
    for index, status in enumerate(expected):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        expect(card).to_be_visible()
        expect(card.locator(".wp-badge")).to_have_text(status)
        expect(card.locator(".wp-task__id")).to_have_text(f"DEMO-WP-0001-T0{index + 1}")
    page.context.close()


def test_clicking_a_mention_lands_on_the_task_card(page: Page, sites: dict[str, str]) -> None:
    page.goto(sites["material"])
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


def test_search_finds_a_task_by_id(page: Page, sites: dict[str, str]) -> None:
    page.goto(sites["material"])
    search(page, "DEMO-WP-0001-T03")
    links = [link.get_attribute("href") or "" for link in page.locator(".md-search-result__item a").all()]
    assert links[0].endswith("workplans/DEMO-WP-0001/")
    assert any(link.endswith("workplans/DEMO-WP-0001/#t03-provision-object-storage") for link in links)


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_hostile_title_runs_nothing(browser: Browser, sites: dict[str, str], theme: str) -> None:
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


def test_hostile_title_in_search_results_runs_nothing(browser: Browser, sites: dict[str, str]) -> None:
    page, dialogs = open_page(browser, sites["material"], "light")
    search(page, "onerror")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_status_text_is_readable(browser: Browser, sites: dict[str, str], theme: str, scheme: str) -> None:
    for path in (PLAN, "tasks/", "runbooks/"):
        page, _ = open_page(browser, sites[theme] + path, scheme)
        elements = page.locator(".wp-badge, .wp-task h2, .wp-task__meta, .wp-meta dd, table.wp-index td")
        assert elements.count() > 0
        for index in range(elements.count()):
            element = elements.nth(index)
            ratio = element.evaluate(CONTRAST_JS)
            assert ratio >= 4.5, f"{theme}/{scheme} {path}: {element.inner_text()!r} has contrast {ratio:.2f}"
        page.context.close()


def test_screenshots(browser: Browser, sites: dict[str, str]) -> None:
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
    for scheme in ("light", "dark"):
        page, _ = open_page(browser, sites["mkdocs"] + PLAN, scheme)
        expect(page.locator("html")).to_have_attribute("data-bs-theme", scheme)
        page.screenshot(path=str(ARTIFACTS / f"mkdocs-theme-{scheme}.png"))
        page.context.close()
