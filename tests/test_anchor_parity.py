"""The anchors computed from source are exactly the ids MkDocs renders.

RF002 and XR003 are only as good as this equality, so it is checked on every page of
the fixtures and of the project's own documentation, with the ``mkdocs`` theme and
with mkdocs-material and a configured ``slugify``.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from conftest import FIXTURES, ROOT, run_build
from mkdocs_workplans.analysis import analyse, parse_options
from mkdocs_workplans.options.settings import settings_from_mkdocs
from mkdocs_workplans.references.context import anchors_of
from mkdocs_workplans.references.siblings import page_url
from mkdocs_workplans.sources import add_includes, sources

#: The element holding the rendered page content, per theme.
CONTENT = {"mkdocs": ("div", "role", "main"), "material": ("article", "class", "md-content__inner md-typeset")}


class _Ids(HTMLParser):
    """Collects ``id`` attributes, and ``name`` of anchors, inside the content element."""

    def __init__(self, container: tuple[str, str, str]) -> None:
        super().__init__()
        self.container = container
        self.depth = 0
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        name, key, value = self.container
        if self.depth == 0:
            if tag == name and values.get(key) == value:
                self.depth = 1
            return
        if tag not in ("br", "img", "hr", "input", "meta", "link"):
            self.depth += 1
        for attr in ("id", "name") if tag == "a" else ("id",):
            if values.get(attr):
                self.ids.add(str(values[attr]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            for key, value in attrs:
                if key == "id" and value:
                    self.ids.add(value)

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("br", "img", "hr", "input", "meta", "link"):
            self.depth -= 1


def rendered_ids(html: str, theme: str) -> set[str]:
    parser = _Ids(CONTENT[theme])
    parser.feed(html)
    return parser.ids


def computed(root: Path) -> tuple[dict[str, set[str]], bool, str]:
    config = load_config(str(root / "mkdocs.yml"))
    settings = settings_from_mkdocs(config)
    files = get_files(config)
    add_includes(files, config, settings)
    site = analyse(sources(files, settings, config)[0], parse_options(config, settings), settings)
    anchors = {src_uri: set(anchors_of(doc, settings.workplans)) for src_uri, doc in site.pages.items()}
    return anchors, config.use_directory_urls, str(config.theme.name)


SITES = [
    FIXTURES / "anchors/default",
    FIXTURES / "anchors/material",
    FIXTURES / "workspace/railiance-apps",
    FIXTURES / "workspace/railiance-forge",
]


@pytest.mark.parametrize("source", [*SITES, ROOT], ids=lambda p: str(p.relative_to(ROOT)) or "project-docs")
def test_anchor_parity(source: Path, tmp_path: Path) -> None:
    if source == ROOT and not (ROOT / "mkdocs.yml").is_file():
        pytest.skip("the project has no docs site yet")
    root = tmp_path / "site-src"
    if source == ROOT:
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", "tests", "bench", ".*cache"))
    else:
        shutil.copytree(source.parent, tmp_path, dirs_exist_ok=True)
        root = tmp_path / source.name
    built = run_build(root, "-d", str(tmp_path / "out"))
    assert "Traceback" not in built.stderr, built.stderr
    anchors, directory_urls, theme = computed(root)
    assert anchors
    for src_uri, expected in anchors.items():
        url = page_url(src_uri, directory_urls)
        html_path = tmp_path / "out" / (url + "index.html" if url.endswith("/") or url == "" else url)
        if url == "./":
            html_path = tmp_path / "out/index.html"
        ids = rendered_ids(html_path.read_text(encoding="utf-8"), theme)
        assert expected == ids, src_uri
