"""Helpers for the rendering tests: the fixture site, element extraction, a local server."""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURES, Run, run, run_build, write_tree

RENDER_FIXTURE = FIXTURES / "render"

STATEHUB = """\
      statehub:
        task_url: https://statehub.example/tasks/{id}
        workstream_url: https://statehub.example/workstreams/{id}
"""

MATERIAL = (
    "site_name: Render fixture\n"
    "theme:\n"
    "  name: material\n"
    "  font: false\n"  # no web fonts: the tests stay off the network
    "  palette:\n"
    '    - media: "(prefers-color-scheme: light)"\n'
    "      scheme: default\n"
    "      toggle: {icon: material/brightness-7, name: Dark mode}\n"
    '    - media: "(prefers-color-scheme: dark)"\n'
    "      scheme: slate\n"
    "      toggle: {icon: material/brightness-4, name: Light mode}\n"
    "markdown_extensions:\n"
    "  - toc:\n"
    "      permalink: true\n"
    "  - attr_list\n"
    "  - admonition\n"
    "plugins:\n"
    "  - search\n"
    "  - workplans:\n" + STATEHUB
)

CONFIGS = {
    "material": MATERIAL,
    # Material's instant navigation swaps pages without loading them (scripts must follow), for the
    # pages its sitemap lists at the very origin and path served: build it with that site_url.
    "material-instant": MATERIAL.replace("  name: material\n", "  name: material\n  features: [navigation.instant]\n"),
    "mkdocs": (
        "site_name: Render fixture\n"
        "theme:\n"
        "  name: mkdocs\n"
        "  color_mode: auto\n"
        "plugins:\n"
        "  - search\n"
        "  - workplans:\n" + STATEHUB
    ),
}


#: The same site for Zensical: the extension renders, ``workplans generate`` writes the indexes.
ZENSICAL_TOML = """\
[project]
site_name = "Render fixture"
extra_css = ["assets/workplans/workplans.css"]
extra_javascript = ["assets/workplans/workplans.js"]

[project.markdown_extensions.toc]
permalink = true
[project.markdown_extensions.attr_list]
[project.markdown_extensions.admonition]
[project.markdown_extensions."mkdocs_workplans.markdown"]

[project.plugins.workplans.statehub]
task_url = "https://statehub.example/tasks/{id}"
workstream_url = "https://statehub.example/workstreams/{id}"
"""

#: Every engine the fixture site is built with: MkDocs with either theme, ProperDocs, Zensical.
ENGINES = ("material", "mkdocs", "properdocs", "zensical")


def build_fixture(root: Path, theme: str, site_url: str | None = None) -> tuple[Path, Run]:
    """Copy the render fixture to ``root``, configure ``theme``, run a real ``mkdocs build``."""
    shutil.copytree(RENDER_FIXTURE, root)
    write_tree(root, {"mkdocs.yml": (f"site_url: {site_url}\n" if site_url else "") + CONFIGS[theme]})
    return root / "site", run_build(root)


def build_engine(root: Path, engine: str) -> tuple[Path, Run]:
    """The render fixture built in ``root`` by ``engine`` (one of :data:`ENGINES`), as its CI recipe does."""
    if engine in CONFIGS:
        return build_fixture(root, engine)
    shutil.copytree(RENDER_FIXTURE, root)
    if engine == "properdocs":
        write_tree(root, {"mkdocs.yml": CONFIGS["mkdocs"]})
        return root / "site", run(root, sys.executable, "-m", "properdocs", "build")
    write_tree(root, {"zensical.toml": ZENSICAL_TOML})
    return root / "site", zensical_recipe(root)


def zensical_recipe(
    root: Path, config: str | None = None, *, strict: bool = False, env: dict[str, str] | None = None
) -> Run:
    """The Zensical CI job: the gate, the generated pages, a clean build; the first failure stops it.

    ``config`` is passed to each command with ``-f`` (as the docs' job does), ``strict`` to the gate.
    """
    named = ("-f", config) if config else ()
    steps = (
        (sys.executable, "-m", "mkdocs_workplans", "check", *named, *(("--strict",) if strict else ())),
        (sys.executable, "-m", "mkdocs_workplans", "generate", *named),
        (sys.executable, "-m", "zensical", "build", "--clean", *named),
    )
    done = Run(0, "", "")
    for step in steps:
        result = run(root, *step, env=env)
        done = Run(result.code, done.stdout + result.stdout, done.stderr + result.stderr)
        if result.code:
            break
    return done


_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


class _Extractor(HTMLParser):
    """Collects the exact source of elements chosen by tag and class, outermost only."""

    def __init__(self, source: str, wanted: list[tuple[str, str | None]]) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.wanted = wanted
        self.line_starts = [0]
        self.line_starts.extend(i + 1 for i, ch in enumerate(source) if ch == "\n")
        self.stack: list[tuple[str, int | None]] = []
        self.found: list[str] = []

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        inside = any(start is not None for _, start in self.stack)
        match = not inside and any(t == tag and (c is None or c in classes) for t, c in self.wanted)
        self.stack.append((tag, self.position() if match else None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<hr />`` and the like open nothing, so they close nothing either."""
        if tag not in _VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, start = self.stack.pop()
            if open_tag == tag:
                if start is not None:
                    end = self.source.index(">", self.position()) + 1
                    self.found.append(self.source[start:end])
                return


def extract(html: str, *wanted: str) -> str:
    """The elements matching ``tag`` or ``tag.class`` selectors, in document order, one per line."""
    selectors = [(sel.split(".", 1)[0], sel.split(".", 1)[1] if "." in sel else None) for sel in wanted]
    parser = _Extractor(html, selectors)
    parser.feed(html)
    parser.close()
    return "\n".join(parser.found) + "\n"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
