"""A build analyses in a forked process while MkDocs renders; what it reports and renders is the same.

The process is real (``fork``), and so are the builds: a page is rendered before the analysis
is complete, an id's link goes in once every id is known (or the id stays as written), the
per-document checks run in the child as each page is parsed, and a failure there fails the build
with the child's traceback rather than hanging it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest

from conftest import FIXTURES, MakeSite, run_build, run_cli
from mkdocs_workplans.pipeline import Forked, ForkFailed, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="builds analyse in the same process without fork")

PLAN = (FIXTURES / "render/docs/workplans/DEMO-WP-0002.md").read_text(encoding="utf-8")
CONFIG = "site_name: T\ntheme: {name: mkdocs}\nplugins:\n  - workplans\n  - refcheck\n"


def _numbers(count: int, then: Callable[[], str] = lambda: "done") -> Callable[[Callable[[int], None]], str]:
    def work(emit: Callable[[int], None]) -> str:
        for number in range(count):
            emit(number * number)
        return then()

    return work


def test_items_arrive_in_order_then_the_result() -> None:
    forked: Forked[int, str] = Forked(_numbers(20))  # more than one message of items
    assert [forked.item(number) for number in (0, 1, 19, 7)] == [0, 1, 361, 49]
    assert forked.result() == "done"


def test_a_failure_in_the_child_comes_back_with_its_traceback() -> None:
    def fail() -> str:
        raise ValueError("no such page")

    forked: Forked[int, str] = Forked(_numbers(3, fail))
    assert forked.item(2) == 4  # what was made before the failure still arrives
    with pytest.raises(ForkFailed, match="ValueError: no such page"):
        forked.result()
    with pytest.raises(ForkFailed, match="no such page"):
        forked.item(3)


def test_a_child_that_dies_ends_the_wait() -> None:
    forked: Forked[int, str] = Forked(_numbers(2, lambda: os._exit(3)))
    with pytest.raises(ForkFailed, match="exit code 3"):
        forked.result()


HOOK = """
from mkdocs.plugins import event_priority

SEEN = []


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    gate = config.plugins["workplans"].gate
    SEEN.append((page.file.src_uri, gate.stream is not None))
    return markdown


def on_post_build(config):
    with open(config.site_dir + "/seen.txt", "w") as out:
        out.write("\\n".join(f"{uri} {waiting}" for uri, waiting in SEEN))
"""


def test_pages_render_while_the_site_is_analysed_and_ids_link_once_all_are_known(make_site: MakeSite) -> None:
    pages = {
        f"docs/notes/note-{n:02d}.md": f"# Note {n}\n\nSee DEMO-WP-0002-T01 and `DEMO-WP-0099`.\n" for n in range(12)
    }
    root = make_site(
        {"docs/index.md": "# Home\n", **pages, "docs/workplans/DEMO-WP-0002.md": PLAN, "hooks/seen.py": HOOK},
        CONFIG.replace("  - workplans\n", "  - workplans:\n      rules: {RF004: warning}\n")
        + "hooks: [hooks/seen.py]\n",
    )
    assert run_build(root).code == 0
    seen = dict(line.split(" ") for line in (root / "site/seen.txt").read_text(encoding="utf-8").splitlines())
    assert seen["index.md"] == "True"  # the first page rendered before the analysis was complete
    # The indexes, read last, come made with the analysis, whose rest is unpacked once they are written.
    assert seen["tasks/index.md"] == "True"
    assert "DEMO-WP-0002-T01" in (root / "site/tasks/index.html").read_text(encoding="utf-8")
    note = (root / "site/notes/note-00/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a class="wp-ref" href="\.\./\.\./workplans/DEMO-WP-0002/#demo-wp-0002-t01"[^>]*>DEMO-WP-0002-T01</a>', note
    )
    assert "<code>DEMO-WP-0099</code>" in note  # an unknown id stays as it was written
    for page in (root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<!-- workplans:" not in html and "\ue000" not in html, page  # every marker filled


def test_the_child_runs_the_per_document_checks_as_the_cli_does(make_site: MakeSite) -> None:
    """RF003, RF006 and RF007 run in the analysing process as each page is parsed: same findings as the CLI."""
    plan = PLAN.replace(
        "## T01", "Run `make deploy-all` and read `docs/nowhere.md`; the old-host is gone.\n\n## T01", 1
    )
    config = CONFIG.replace(
        "  - refcheck\n",
        "  - refcheck:\n      retired:\n        - pattern: old-host\n          message: use new-host\n",
    )
    root = make_site({"docs/workplans/DEMO-WP-0002.md": plan, "Makefile": "deploy:\n\ttrue\n"}, config)
    built, checked = run_build(root), run_cli(root)
    wanted = {"RF003", "RF006", "RF007"}
    assert {code for code, _path, _line in built.codes} >= wanted
    assert [c for c in built.codes if c[0] in wanted] == [c for c in checked.codes if c[0] in wanted]


def test_a_dirty_build_judges_links_to_pages_it_does_not_render_again_by_their_source(make_site: MakeSite) -> None:
    """``mkdocs build --dirty`` renders only changed pages: anchors of the others still come from their source."""
    notes = "# Notes\n\nSee [install](guide.md#install) and [setup](guide.md#setup).\n"
    root = make_site(
        {"docs/index.md": "# Home\n", "docs/guide.md": "# Guide\n\n## Install\n", "docs/notes.md": notes}, CONFIG
    )
    assert run_build(root).codes == [("RF002", "docs/notes.md", 3)]
    changed = root / "docs/notes.md"
    changed.write_text(notes + "\nMore.\n", encoding="utf-8")
    later = (root / "site/notes/index.html").stat().st_mtime + 10
    os.utime(changed, (later, later))
    dirty = run_build(root, "--dirty")
    assert dirty.codes == [("RF002", "docs/notes.md", 3)], dirty.stderr  # guide.md is not rendered again
    assert "More." in (root / "site/notes/index.html").read_text(encoding="utf-8")


FAILING_HOOK = """
import mkdocs_workplans.streamed as streamed


def on_config(config):
    def fail(site, document):
        raise RuntimeError("a bug in a per-document check")

    streamed.document_findings = fail  # the analysing process is forked after this
    return config
"""


def test_a_failed_analysis_fails_the_build_with_the_childs_traceback(make_site: MakeSite) -> None:
    root = make_site(
        {"docs/workplans/DEMO-WP-0002.md": PLAN, "hooks/fail.py": FAILING_HOOK}, CONFIG + "hooks: [hooks/fail.py]\n"
    )
    build = run_build(root)
    assert build.code != 0
    assert "the analysis failed" in build.stderr
    assert "RuntimeError: a bug in a per-document check" in build.stderr


def test_rendered_pages_are_latin_1_and_show_their_ids_until_the_links_go_in(make_site: MakeSite) -> None:
    """Markers beyond Latin-1 would make Python hold every page's HTML in two bytes per character; and
    a plugin that reads the HTML before the links go in (an excerpt, a feed) still sees the ids."""
    hook = """
from mkdocs.plugins import event_priority

WIDE = []
SEEN = []


@event_priority(-200)
def on_page_content(html, page, config, files):
    if any(ord(char) > 255 for char in html):
        WIDE.append(page.file.src_uri)
    if page.file.src_uri == "about.md":
        SEEN.append(html)
    return html


def on_post_build(config):
    open(config.site_dir + "/wide.txt", "w").write(" ".join(WIDE))
    open(config.site_dir + "/seen.txt", "w").write(SEEN[0])
"""
    root = make_site(
        {
            "docs/about.md": "# About\n\nDEMO-WP-0002-T01 is next.\n",
            "docs/workplans/DEMO-WP-0002.md": PLAN,
            "hooks/wide.py": hook,
        },
        CONFIG + "hooks: [hooks/wide.py]\n",
    )
    assert run_build(root).code == 0
    assert (root / "site/wide.txt").read_text(encoding="utf-8") == ""
    seen = (root / "site/seen.txt").read_text(encoding="utf-8")
    assert re.sub(r"<!--[^>]*-->", "", seen) == '<h1 id="about">About</h1>\n<p>DEMO-WP-0002-T01 is next.</p>'
    assert 'class="wp-ref"' in (root / "site/about/index.html").read_text(encoding="utf-8")


def test_whether_the_site_has_workplans_is_known_from_front_matter_before_the_pages_are_parsed(
    make_site: MakeSite,
) -> None:
    """Index pages are added before MkDocs reads a page: a ``type`` spelled with a YAML escape still makes a
    workplan, and pages that only mention workplans, or hold backslashes, add none."""
    prose = "# Notes\n\nA workplan, a runbook, and a path: `C:\\Temp\\x`.\n"
    plain = make_site({"docs/index.md": prose, "docs/more.md": "---\ntitle: 'work\\plan'\n---\n# More\n"}, CONFIG)
    assert run_build(plain).code == 0
    assert not (plain / "site/tasks").exists()
    escaped = PLAN.replace("type: workplan", 'type: "work\\x70lan"', 1)
    assert escaped != PLAN
    root = make_site({"docs/index.md": prose, "docs/workplans/DEMO-WP-0002.md": escaped}, CONFIG, name="escaped")
    assert run_build(root).code == 0
    assert "DEMO-WP-0002-T01" in (root / "site/tasks/index.html").read_text(encoding="utf-8")
