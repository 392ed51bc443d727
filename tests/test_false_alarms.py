"""Issue 9: each kind of false alarm seen on real MkDocs sites, as a small site built for real.

Each test builds a site where the alarm used to appear, asserts it no longer does (in
``mkdocs build`` and in ``workplans check``), and that a real defect next to it is still
found. The build judges anchors on the rendered pages; the CLI, which renders nothing,
reports what the source cannot settle as an unverified info, never as an error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import FIXTURES, MakeSite, Run, run_build, run_cli

REFCHECK = "site_name: T\nplugins:\n  - refcheck\n"


def failing(run: Run) -> set[tuple[str, str, int]]:
    """``(code, path, line)`` of the build's findings (all of them fail or warn)."""
    return set(run.codes)


def check_json(root: Path) -> list[tuple[str, str, str, int]]:
    """``(severity, code, path, line)`` of every finding of ``workplans check``."""
    report = json.loads(run_cli(root, "--format", "json").stdout)
    return [(f["severity"], f["code"], f["path"], f["line"]) for f in report["findings"]]


def assert_cli_within_build(root: Path, build: Run) -> None:
    """What the CLI fails on, the build reports too (the CLI never guesses)."""
    cli = {(code, path, line) for severity, code, path, line in check_json(root) if severity != "info"}
    assert cli <= failing(build)


def test_anchors_made_by_a_hook_are_anchors(make_site: MakeSite) -> None:
    hook = (
        "import re\n\n"
        "def on_page_markdown(markdown, **kwargs):\n"
        "    return re.sub(r'<!-- md:anchor (\\S+) -->', r'<a id=\"\\1\"></a>', markdown)\n"
    )
    root = make_site(
        {
            "hooks/shortcodes.py": hook,
            "docs/options.md": "# Options\n\n<!-- md:anchor theme-locale -->\nLocale.\n",
            "docs/index.md": "# Home\n\n[locale](options.md#theme-locale)\n\n[gone](options.md#theme-nope)\n",
        },
        REFCHECK + "hooks:\n  - hooks/shortcodes.py\n",
    )
    build = run_build(root)
    assert build.located == [("RF002", "docs/index.md", 5, 1)]
    assert build.code == 1
    # The CLI cannot see what the hook makes: both are unverified infos, and it passes.
    assert check_json(root) == [("info", "RF002", "docs/index.md", 3), ("info", "RF002", "docs/index.md", 5)]
    assert run_cli(root).code == 0
    assert_cli_within_build(root, build)


def test_anchors_made_by_mkdocs_click_are_anchors(make_site: MakeSite) -> None:
    tool = (
        'import click\n\n@click.group()\ndef cli():\n    """My tool."""\n\n\n'
        '@cli.command()\ndef build():\n    """Build it."""\n'
    )
    page = "# CLI\n\n::: mkdocs-click\n    :module: tool\n    :command: cli\n    :prog_name: mytool\n    :depth: 1\n"
    root = make_site(
        {
            "tool.py": tool,
            "docs/cli.md": page,
            "docs/index.md": "# Home\n\n[build](cli.md#build)\n\n[gone](cli.md#mytool-nope)\n",
        },
        REFCHECK + "markdown_extensions:\n  - mkdocs-click\n",
    )
    build = run_build(root, env={"PYTHONPATH": str(root)})
    assert build.located == [("RF002", "docs/index.md", 5, 1)]
    cli = check_json(root)
    assert cli == [("info", "RF002", "docs/index.md", 3), ("info", "RF002", "docs/index.md", 5)]
    assert "holds ':::' blocks" in run_cli(root).stdout


def test_anchors_of_included_snippets_are_anchors(make_site: MakeSite) -> None:
    root = make_site(
        {
            "CONTRIBUTING.md": "# Contributing\n\n## Installing for development\n\nRun it.\n",
            "docs/contributing.md": '--8<-- "CONTRIBUTING.md"\n',
            "docs/index.md": "# Home\n\n[dev](contributing.md#installing-for-development)\n\n"
            "[x](contributing.md#nope)\n",
        },
        REFCHECK + "markdown_extensions:\n  - pymdownx.snippets\n",
    )
    build = run_build(root)
    assert build.located == [("RF002", "docs/index.md", 5, 1)]
    assert [finding[0] for finding in check_json(root)] == ["info", "info"]


def test_anchors_on_pages_nothing_changes_are_still_errors_in_the_cli(make_site: MakeSite) -> None:
    root = make_site(
        {"docs/a.md": "# A\n\n## Real\n", "docs/index.md": "# Home\n\n[ok](a.md#real)\n\n[bad](a.md#reel)\n"},
        REFCHECK,
    )
    assert check_json(root) == [("error", "RF002", "docs/index.md", 5)]
    build = run_build(root)
    assert build.located == [("RF002", "docs/index.md", 5, 1)]
    assert "did you mean 'real'?" in build.stderr


def test_code_spans_of_plain_pages_are_not_repository_paths(make_site: MakeSite) -> None:
    runbook = "---\ntype: runbook\nowner: ops\nlast_reviewed: '2026-11-01'\n---\n# Restore\n\nRun `tools/restore.sh`.\n"
    root = make_site(
        {
            "docs/tutorial.md": "# Tutorial\n\nAdd `docs/stylesheets/extra.css` and the icon `material/plus-circle`.\n",
            "docs/restore.md": runbook,
            "tools/backup.sh": "#!/bin/sh\n",
        },
        "site_name: T\nplugins:\n  - workplans\n  - refcheck\n",
    )
    assert run_cli(root).located == [("RF003", "docs/restore.md", 8, 5)]
    assert run_build(root).located == [("RF003", "docs/restore.md", 8, 5)]


def test_home_directory_rule_flags_real_homes_only(make_site: MakeSite) -> None:
    runbook = (
        "---\ntype: runbook\nowner: ops\nlast_reviewed: '2026-11-01'\n---\n# Setup\n\n"
        "Caches live in `~/.cache` (for example `C:\\Python38\\`), not in `/home/<user>/x`.\n\n"
        "Copied from `/home/alice/notes.md`.\n"
    )
    root = make_site({"docs/setup.md": runbook}, "site_name: T\nplugins:\n  - workplans\n  - refcheck\n")
    assert run_cli(root).located == [("RF005", "docs/setup.md", 10, 13)]
    assert run_build(root).located == [("RF005", "docs/setup.md", 10, 13)]


def test_files_the_theme_provides_are_link_targets(make_site: MakeSite) -> None:
    root = make_site({"docs/index.md": "# Home\n\n[icon](img/favicon.ico)\n\n[gone](img/nope.ico)\n"}, REFCHECK)
    assert run_cli(root).located == [("RF001", "docs/index.md", 5, 1)]
    assert run_build(root).located == [("RF001", "docs/index.md", 5, 1)]


def test_a_bare_make_in_prose_is_not_a_target(make_site: MakeSite) -> None:
    runbook = (
        "---\ntype: runbook\nowner: ops\nlast_reviewed: '2026-11-01'\n---\n# Build\n\n"
        "Similar to `make`, run `make nope`.\n"
    )
    config = "site_name: T\nplugins:\n  - workplans\n  - refcheck\n"
    root = make_site({"docs/build.md": runbook, "Makefile": "all:\n\ttrue\n"}, config)
    assert run_cli(root).located == [("RF007", "docs/build.md", 8, 24)]


def test_blog_posts_are_checked_whatever_the_plugin_order(make_site: MakeSite) -> None:
    post = "---\ndate: 2026-11-01\n---\n\n# Hello\n\nSee [setup](../../setup.md#advanced-settings).\n"
    files = {
        "docs/setup.md": "# Setup\n\n## Basic settings\n",
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/posts/hello.md": post,
        "docs/blog/posts/draft.md": "---\ndate: 2026-11-02\ndraft: true\n---\n\n# Draft\n\n[x](../../setup.md#nope)\n",
    }
    for order in ("blog", "refcheck"), ("refcheck", "blog"):
        plugins = "".join(f"  - {name}\n" for name in order)
        config = f"site_name: T\ntheme: material\nplugins:\n{plugins}"
        root = make_site(files, config, name="-".join(order))
        build = run_build(root)
        assert build.located == [("RF002", "docs/blog/posts/hello.md", 7, 5)], order
        assert run_cli(root).located == [("RF002", "docs/blog/posts/hello.md", 7, 5)], order


def test_pages_of_every_language_are_checked_on_a_multilingual_site(make_site: MakeSite) -> None:
    """mkdocs-static-i18n builds each further language again from the same configuration, with that
    language's pages: a defect on a page of the first language is still reported, once."""
    i18n = (
        "  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - {locale: en, default: true, name: English}\n        - {locale: fr, name: Français}\n"
    )
    files = {
        "docs/index.md": "# Home\n\nSee [setup](setup.md#advanced).\n",
        "docs/index.fr.md": "# Accueil\n\nVoir [réglages](setup.md#avances).\n",
        "docs/setup.md": "# Setup\n\n## Basic\n",
    }
    root = make_site(files, f"site_name: T\nplugins:\n{i18n}  - refcheck\n")
    build = run_build(root)
    assert build.located == [("RF002", "docs/index.fr.md", 3, 6), ("RF002", "docs/index.md", 3, 5)], build.stderr
    assert build.code == 1


def test_a_multilingual_site_with_workplans_renders_every_language(make_site: MakeSite) -> None:
    """mkdocs-static-i18n rebuilds the list of pages from ``docs_dir`` (it crashed on our generated index
    pages), edits every page's Markdown line by line, and builds each further language again with the
    same plugins: every language gets task cards and id links; the index pages are the site's."""
    plan = (FIXTURES / "render/docs/workplans/DEMO-WP-0002.md").read_text(encoding="utf-8")
    i18n = (
        "  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - {locale: en, default: true, name: English}\n        - {locale: fr, name: Français}\n"
    )
    files = {
        "docs/index.md": "# Home\n\nSee DEMO-WP-0002-T01.\n",
        "docs/index.fr.md": "# Accueil\n\nVoir DEMO-WP-0002-T01.\n",
        "docs/workplans/DEMO-WP-0002.md": plan,
    }
    root = make_site(files, f"site_name: T\ntheme: {{name: mkdocs}}\nplugins:\n{i18n}  - workplans\n  - refcheck\n")
    build = run_build(root, "--strict")
    assert build.code == 0, build.stderr
    site = root / "site"
    for page in ("index.html", "fr/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(r'<a class="wp-ref" href="[^"]*workplans/DEMO-WP-0002/#demo-wp-0002-t01"', html), page
    for page in ("workplans/DEMO-WP-0002/index.html", "fr/workplans/DEMO-WP-0002/index.html"):
        assert 'id="demo-wp-0002-t01"' in (site / page).read_text(encoding="utf-8"), page
    assert "DEMO-WP-0002-T01" in (site / "tasks/index.html").read_text(encoding="utf-8")
    # The inventory gives each page the URL its language's build published it at (not `index.fr/`).
    inventory = json.loads((site / "workplans-inventory.json").read_text(encoding="utf-8"))
    urls = {page["path"]: page["url"] for page in inventory["pages"]}
    assert urls == {
        "docs/index.md": "./",
        "docs/index.fr.md": "fr/",
        "docs/workplans/DEMO-WP-0002.md": "workplans/DEMO-WP-0002/",
    }
    assert [task["url"] for task in inventory["tasks"]][:1] == ["workplans/DEMO-WP-0002/"]


def test_no_pages_added_to_a_site_without_workplans(make_site: MakeSite) -> None:
    root = make_site({"docs/about.md": "# About\n"}, "site_name: T\nplugins:\n  - workplans\n  - refcheck\n")
    assert run_build(root, "--strict").code == 0
    site = root / "site"
    assert not (site / "workplans").exists()
    assert not (site / "tasks").exists()
    assert not (site / "runbooks").exists()
    assert not (site / "workplans-inventory.json").exists()
    assert "workplans.css" not in (site / "index.html").read_text(encoding="utf-8")
    forced = make_site(
        {"docs/about.md": "# About\n"},
        "site_name: T\nplugins:\n  - workplans:\n      indexes: {always: true}\n",
        name="forced",
    )
    assert run_build(forced, "--strict").code == 0
    assert (forced / "site/workplans/index.html").is_file()
    assert (forced / "site/workplans-inventory.json").is_file()


def test_raw_html_links_are_urls_of_the_built_page(make_site: MakeSite) -> None:
    """``<a href>`` in raw HTML is relative to the built page's URL: only its fragments mean the same in the source."""
    page = (
        '# Home\n\n<div class="cards">\n<a href="getting-started/">Start</a>\n<a href="#nope">Here</a>\n</div>\n\n'
        '<p><a href="#home">Top</a></p>\n'
    )
    root = make_site({"docs/index.md": page, "docs/getting-started.md": "# Start\n"}, REFCHECK)
    assert run_cli(root).located == [("RF002", "docs/index.md", 5, 1)]
    assert run_build(root).located == [("RF002", "docs/index.md", 5, 1)]
