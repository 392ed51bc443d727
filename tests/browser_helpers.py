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

from playwright.sync_api import Browser, Page, sync_playwright

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
