"""Debian's chromium driven by Playwright, for every browser test module.

Never downloads a browser: uses ``$CHROMIUM``, Debian's ``/usr/bin/chromium`` or Ubuntu's
``/usr/bin/chromium-browser`` or ``/snap/bin/chromium``. Without one, browser tests skip,
unless ``REQUIRE_BROWSER`` is set (as in CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

CANDIDATES = (os.environ.get("CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium")
CHROMIUM = next((Path(c) for c in CANDIDATES if c and os.access(c, os.X_OK)), Path("/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_BROWSER = not CHROMIUM.exists() and not os.environ.get("REQUIRE_BROWSER")
"""Whether browser tests skip: no chromium, and nobody asked to fail instead."""


@contextmanager
def launched() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def open_page(
    browser: Browser, url: str, scheme: str, width: int = 1280, script: bool = True
) -> tuple[Page, list[str]]:
    """A page in a fresh context with ``scheme`` preferred; the list collects any dialog."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, java_script_enabled=script
    )
    opened = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", dismiss)
    opened.goto(url)
    return opened, dialogs


def expect_workplan(page: Page, plan: str, status: str, owner: str, progress: str, tasks: list[str]) -> Locator:
    """The workplan header and one visible card per task, each with its id and status in words; the cards."""
    header = page.locator("header.wp-header")
    expect(header).to_be_visible()
    expect(header).to_have_attribute("data-workplan", plan)
    expect(header.locator(".wp-badge")).to_have_text(status)
    expect(header).to_contain_text(owner)
    expect(header).to_contain_text(progress)
    cards = page.locator("div.wp-task")
    expect(cards).to_have_count(len(tasks))
    for index, task_status in enumerate(tasks):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        expect(card).to_be_visible()
        expect(card.locator(".wp-badge").first).to_have_text(task_status)
        expect(card.locator(".wp-task__id")).to_have_text(f"{plan}-T0{index + 1}")
    return cards
