"""What readers get: headers, task cards, linked ids, index pages, escaping.

Golden files hold the rendered fragments of the fixture site (``tests/fixtures/render``)
built with mkdocs-material and with the ``mkdocs`` theme; only our own elements are
compared, so the goldens do not move when a theme changes its chrome. Run with
``UPDATE_GOLDEN=1`` to rewrite them after an intended change, and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from conftest import MakeSite, run_build
from mkdocs_workplans.index import IdTarget
from mkdocs_workplans.model.parser import ParseOptions, parse_document
from mkdocs_workplans.options.workplans import DEFAULT_ID_PATTERN
from mkdocs_workplans.render.links import Linker, fill_links
from mkdocs_workplans.render.rewrite import rewrite
from mkdocs_workplans.settings import mention_pattern
from render_helpers import build_fixture, extract

GOLDEN = Path(__file__).resolve().parent / "golden"
THEMES = ("material", "mkdocs")
HOSTILE = ("<img src=x onerror", "<script>window.__pwned")

# Page, and the elements of it that are ours to compare.
FRAGMENTS = {
    "workplan": ("workplans/DEMO-WP-0001/index.html", ("header.wp-header", "div.wp-task", "a.wp-ref")),
    "runbook": ("runbooks/deploy/index.html", ("header.wp-header", "a.wp-ref")),
    "home": ("index.html", ("a.wp-ref",)),
    "workplans-index": (
        "workplans/index.html",
        ("h1", "h2", "p.wp-index__summary", "form.wp-filters", "div.wp-table-wrap"),
    ),
    "tasks-index": ("tasks/index.html", ("h1", "h2", "p.wp-index__summary", "form.wp-filters", "div.wp-table-wrap")),
    "runbooks-index": ("runbooks/index.html", ("h1", "p.wp-index__summary", "div.wp-table-wrap")),
}


@pytest.fixture(scope="module", params=THEMES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    theme: str = request.param
    site, result = build_fixture(tmp_path_factory.mktemp("render") / theme, theme)
    assert result.code == 0, result.stderr
    return theme, site


def html_of(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_golden(built: tuple[str, Path], name: str) -> None:
    theme, site = built
    page, selectors = FRAGMENTS[name]
    actual = extract(html_of(site, page), *selectors)
    golden = GOLDEN / theme / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}; run with UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")


def test_workplan_header_and_cards(built: tuple[str, Path]) -> None:
    _, site = built
    html = html_of(site, "workplans/DEMO-WP-0001/index.html")
    assert '<header class="wp-header" data-workplan="DEMO-WP-0001" data-status="active">' in html
    assert "1/4 tasks done" in html  # T01 done; T05 cancelled counts for nothing
    assert 'href="https://statehub.example/workstreams/6513270e-269e-4d37-b2a7-4de452e6b438"' in html
    cards = re.findall(r'<div class="wp-task" id="([^"]+)" data-task="[^"]+" data-status="([^"]+)">', html)
    assert cards == [
        ("demo-wp-0001-t01", "done"),
        ("demo-wp-0001-t02", "in_progress"),
        ("demo-wp-0001-t03", "blocked"),
        ("demo-wp-0001-t04", "todo"),
        ("demo-wp-0001-t05", "cancelled"),
    ]
    assert "```task" not in html and "state_hub_task_id:" not in html
    # The heading moved into its card and kept its toc anchor; the card holds the task's body up to the next
    # heading, and a rule between tasks stays between the cards.
    assert re.search(r'data-status="done"><h2 id="t01-write-the-release-checklist"', html)
    assert re.search(
        r'data-status="blocked"><h2 id="t03-provision-object-storage".*?</div><div class="wp-task__body">\s*'
        r"<p>Blocked on the storage team's quota approval.</p>\s*</div></div>\s*<hr />",
        html,
        re.DOTALL,
    )
    # T04 has prose between heading and block: it is in the card too, before the task's state.
    assert re.search(
        r'data-status="todo"><h2 id="t04-production-cut-over">.*?</h2><div class="wp-task__body">\s*'
        r'<p>The cut-over waits for T02 and T03.</p>\s*</div><div class="wp-task__meta">',
        html,
    )
    assert '<p class="wp-task__title">' not in html


def test_mentions_are_linked_only_in_prose(built: tuple[str, Path]) -> None:
    _, site = built
    html = html_of(site, "index.html")
    linked = re.findall(r'<a class="wp-ref" href="([^"]+)"', html)
    assert linked == [
        "workplans/DEMO-WP-0001/",
        "workplans/DEMO-WP-0001/#demo-wp-0001-t02",
        "workplans/DEMO-WP-0001/#demo-wp-0001-t03",
        "workplans/DEMO-WP-0002/#demo-wp-0002-t01",
    ]
    assert re.search(r"<h2 [^>]*>Why DEMO-WP-0001 matters", html)  # headings stay text
    assert ">the plan DEMO-WP-0001</a>" in html  # link text is not nested
    assert "fenced code is never touched: DEMO-WP-0001-T02" in html
    assert "<code>see DEMO-WP-0001-T02</code>" in html


def test_ids_in_attribute_lists_stay_attribute_values(make_site: MakeSite) -> None:
    """An id in ``{ title="..." }`` (a paragraph's last line, or right after an image or emphasis) is the
    value of an attribute: a link there would break the tag. The same id in the prose is still linked."""
    plan = (Path(__file__).parent / "fixtures/render/docs/workplans/DEMO-WP-0002.md").read_text(encoding="utf-8")
    home = (
        '# Home\n\nThe drill DEMO-WP-0002-T01 runs monthly.\n{ title="see DEMO-WP-0002-T01" }\n\n'
        '![Diagram](diagram.png){ alt="DEMO-WP-0002" } and *the plan*{ data-plan="DEMO-WP-0002" } DEMO-WP-0002.\n'
    )
    root = make_site(
        {"docs/index.md": home, "docs/diagram.png": b"", "docs/workplans/DEMO-WP-0002.md": plan},
        "site_name: T\ntheme: {name: mkdocs}\nmarkdown_extensions: [attr_list]\nplugins:\n  - workplans\n",
    )
    assert run_build(root, "--strict").code == 0
    html = html_of(root / "site", "index.html")
    assert (
        '<p title="see DEMO-WP-0002-T01">The drill <a class="wp-ref" href="workplans/DEMO-WP-0002/#demo-wp-0002-t01"'
        in html
    )
    assert '<img alt="DEMO-WP-0002" src="diagram.png" />' in html
    assert '<em data-plan="DEMO-WP-0002">the plan</em> <a class="wp-ref" href="workplans/DEMO-WP-0002/"' in html


def test_runbook_header(built: tuple[str, Path]) -> None:
    _, site = built
    deploy = html_of(site, "runbooks/deploy/index.html")
    assert 'data-review="overdue"' in deploy and ">review overdue</span>" in deploy
    assert '<a class="wp-ref" href="../../workplans/DEMO-WP-0001/#demo-wp-0001-t02"' in deploy
    assert "<dd><code>DEMO-WP-9999</code>" not in deploy and "<code>DEMO-WP-9999</code>" in deploy
    restore = html_of(site, "runbooks/restore/index.html")
    assert 'data-review="current"' in restore and "review overdue" not in restore


def test_hostile_values_are_text_everywhere(built: tuple[str, Path]) -> None:
    _, site = built
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for needle in HOSTILE:
            assert needle not in text, f"{needle!r} unescaped in {page.relative_to(site)}"
    plan = html_of(site, "workplans/DEMO-WP-0003/index.html")
    assert "<title>&lt;img src=x onerror=alert(1)&gt; - Render fixture</title>" in plan
    assert '<h1 class="wp-header__title">&lt;img src=x onerror=alert(1)&gt;</h1>' in plan
    home = html_of(site, "index.html")
    assert home.count("&lt;img src=x onerror=alert(1)&gt;") >= 1  # in the navigation
    assert "&lt;/title&gt;&lt;script&gt;window.__pwned" in home


def test_generated_pages_in_navigation_and_stylesheet(built: tuple[str, Path]) -> None:
    _, site = built
    home = html_of(site, "index.html")
    for url in ("workplans/", "tasks/", "runbooks/"):
        assert f'href="{url}"' in home
    assert 'href="assets/workplans/workplans.css"' in home
    assert (site / "assets/workplans/workplans.css").is_file()
    assert 'src="assets/workplans/workplans.js"' in home
    assert (site / "assets/workplans/workplans.js").is_file()


def test_author_pages_win_and_empty_index_path_disables(make_site: MakeSite) -> None:
    plan = (Path(__file__).parent / "fixtures/render/docs/workplans/DEMO-WP-0002.md").read_text(encoding="utf-8")
    root = make_site(
        {"docs/workplans/DEMO-WP-0002.md": plan, "docs/tasks/index.md": "# Our own task list\n"},
        "site_name: T\nplugins:\n  - workplans:\n      indexes: {workplans: ''}\n",
    )
    assert run_build(root, "--strict").code == 0
    site = root / "site"
    assert "Our own task list" in (site / "tasks/index.html").read_text(encoding="utf-8")
    assert not (site / "workplans/index.html").exists()
    # A configured index exists even when empty: the gate lets pages link to it.
    assert "No runbooks in this site yet." in (site / "runbooks/index.html").read_text(encoding="utf-8")
    # With an explicit nav, generated pages are built but do not nag as "not included in nav".
    config = (
        "site_name: T\nnav: [index.md, workplans/DEMO-WP-0002.md]\n"
        "validation: {nav: {omitted_files: warn}}\nplugins:\n  - workplans\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs/tasks/index.md").unlink()
    built = run_build(root, "--strict")
    assert built.code == 0, built.stderr
    assert (site / "tasks/index.html").is_file()
    # No statehub URLs configured: no State Hub links.
    assert "wp-hub" not in (site / "workplans/DEMO-WP-0002/index.html").read_text(encoding="utf-8")


# Unit level: the Markdown rewrite on its own.

OPTIONS = ParseOptions(mention_pattern=mention_pattern(DEFAULT_ID_PATTERN))
PLAN = IdTarget(
    ident="X-WP-0001",
    kind="workplan",
    path="docs/p.md",
    src_uri="p.md",
    anchor=None,
    status="active",
    title="Plan",
    statehub_id=None,
)
TASK = IdTarget(
    ident="X-WP-0001-T01",
    kind="task",
    path="docs/p.md",
    src_uri="p.md",
    anchor="x-wp-0001-t01",
    status="done",
    title="Task",
    statehub_id=None,
    workplan="X-WP-0001",
)


def linker(siblings: dict[str, IdTarget] | None = None) -> Linker:
    urls = {"p.md": "p/", "other.md": "other/"}
    return Linker({"X-WP-0001": PLAN, "X-WP-0001-T01": TASK}, siblings or {}, "other/", "other.md", urls.get)


def rewrite_text(text: str, markdown: str | None = None, siblings: dict[str, IdTarget] | None = None) -> str:
    document = parse_document(text, "docs/other.md", OPTIONS)
    as_read, _meta = get_data(text)  # what MkDocs hands to plugins
    rewritten, pending = rewrite(markdown if markdown is not None else as_read, as_read, document)
    return fill_links(rewritten, pending, linker(siblings))  # what the plugin does to the rendered page


def test_rewrite_finds_mentions_after_front_matter_and_blank_lines() -> None:
    out = rewrite_text("---\ntitle: x\n---\n\n\nSee X-WP-0001-T01 and ` X-WP-0001 `.\n")
    assert out == (
        'See <a class="wp-ref" href="../p/#x-wp-0001-t01" data-status="done" title="Task &#8211; done">'
        "X-WP-0001-T01</a>"
        ' and <a class="wp-ref" href="../p/" data-status="active" title="Plan &#8211; active">'
        "<code>X-WP-0001</code></a>.\n"
    )


def test_rewrite_relocates_mentions_on_lines_other_plugins_changed() -> None:
    text = "[a](old.md) then X-WP-0001 and X-WP-0001\n"
    out = rewrite_text(text, markdown="[a](https://elsewhere.example/new/) then X-WP-0001 and X-WP-0001\n")
    assert out.startswith("[a](https://elsewhere.example/new/) then <a ")
    assert out.count('href="../p/"') == 2


def test_rewrite_leaves_ids_inside_urls_tags_and_reference_links() -> None:
    text = (
        "Go to https://x.example/X-WP-0001 or <span title=X-WP-0001>here</span> or [X-WP-0001][ref]"
        " or [see X-WP-0001-T01 first][ref].\n"
    )
    assert rewrite_text(text) == text


def test_sibling_ids_link_only_to_http_urls() -> None:
    good = IdTarget(
        ident="Y-WP-0001",
        kind="workplan",
        path="p.md",
        src_uri=None,
        anchor=None,
        status="active",
        title="<b>Sib</b>",
        statehub_id=None,
        repo="sib",
        url="https://s.example/p/",
    )
    bad = IdTarget(
        ident="Y-WP-0002",
        kind="workplan",
        path="p.md",
        src_uri=None,
        anchor=None,
        status=None,
        title=None,
        statehub_id=None,
        repo="sib",
        url="javascript:alert(1)",
    )
    out = rewrite_text("Y-WP-0001 and Y-WP-0002\n", siblings={"Y-WP-0001": good, "Y-WP-0002": bad})
    assert out == (
        '<a class="wp-ref" href="https://s.example/p/" data-status="active" '
        'title="&lt;b&gt;Sib&lt;/b&gt; &#8211; active">'
        "Y-WP-0001</a> and Y-WP-0002\n"
    )


def test_rewrite_holds_when_another_plugin_dropped_the_final_newline() -> None:
    """mkdocs-static-i18n returns every page as ``"\\n".join(markdown.splitlines())``."""
    out = rewrite_text("See X-WP-0001.\n\n", markdown="See X-WP-0001.\n")
    assert out == 'See <a class="wp-ref" href="../p/" data-status="active" title="Plan &#8211; active">X-WP-0001</a>.\n'
    assert rewrite_text("See X-WP-0001.\n", markdown="See X-WP-0001.").endswith("</a>.")
    assert rewrite_text("See X-WP-0001.\n", markdown="See X-WP-0001.\n\n").endswith("</a>.\n\n")  # or added
    assert rewrite_text("See X-WP-0001.\n", markdown="See X-WP-0001.\nMore.\n") == "See X-WP-0001.\nMore.\n"


def test_rewrite_gives_up_when_another_plugin_changed_the_line_count() -> None:
    text = "X-WP-0001\n"
    assert rewrite_text(text, markdown="inserted\nX-WP-0001\n") == "inserted\nX-WP-0001\n"
