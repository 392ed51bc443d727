"""False alarms seen on real MkDocs sites, each rebuilt as a small site and checked for real.

Every kind of false alarm of issue 9 that comes from reading Markdown (footnotes, attribute
lists, reference definitions, escaped and nested syntax, code spans ending in a backslash,
raw HTML) sits next to a real defect of the same kind: ``workplans check`` and ``mkdocs
build`` must report exactly the real ones, with code, path, line and column.
"""

from __future__ import annotations

import dataclasses

from mkdocs.config import load_config

from conftest import MakeSite, line_of, run_build, run_cli
from mkdocs_workplans.model.parser import ParseOptions, parse_document
from mkdocs_workplans.options.settings import settings_from_mkdocs
from mkdocs_workplans.rules.references_syntax import check_link_syntax

CONFIG = """\
site_name: Test
plugins:
  - refcheck
markdown_extensions:
  - attr_list
  - footnotes
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [snippets]
"""

FOOTNOTES = """\
# Notes

Text with a footnote[^1], [a jump](#fn:1) and [back](#fnref:1), twice[^1] ([again](#fnref2:1)).
A jump to [no footnote](#fn:9).

[^1]: Support for [PEP 517][] builds.

[PEP 517]: https://peps.python.org/pep-0517/
"""

ATTRS = """\
# Attrs

Set **locale**{ #theme-locale } here.

### Navigation path <small>Breadcrumbs</small> { id=navigation-path }

### 2.1.0 { id="2.1.0" }

``` { .sh #example }
echo
```

[](){#ref-to-markup}

Links: [a](#theme-locale), [b](#navigation-path), [c](#2.1.0), [d](#example), [e](#ref-to-markup).
Broken: [f](#not-there).
"""

REFS = """\
# Refs

If you host the source on GitHub, there are two basic
[types of sites]: Project Pages sites, and User and Organization
Pages sites.

See [Using grids], \\[not a link](missing.md), [parentheses](foo(bar).md) and [broken ref].
Install to `C:\\Python38\\` then read [the guide](missing-guide.md).

[Using grids]: attrs.md#gone
[unused]: missing-unused.md
[broken ref]: missing-ref.md

- [ ] a task, and [prose in brackets]
- [Asking with prompts]()
- [setup][instal]
- <a href="#missing-html">raw</a> and <a href="#refs">fine</a>

[Using grids]: attrs.md#theme-locale

<ul>
  <li><a href="#also-missing">in an HTML block</a></li>
</ul>
"""

SNIPPETS = """\
# Included

--8<-- "part.md"
"""

LINKS_TO_SNIPPETS = """\
# Uses

[from the snippet](included.md#made-by-the-snippet) and [a missing page](nowhere.md).
"""


def test_markdown_is_read_as_python_markdown_reads_it(make_site: MakeSite) -> None:
    root = make_site(
        {
            "docs/notes.md": FOOTNOTES,
            "docs/attrs.md": ATTRS,
            "docs/refs.md": REFS,
            "docs/foo(bar).md": "# Parentheses\n",
            "docs/included.md": SNIPPETS,
            "docs/uses.md": LINKS_TO_SNIPPETS,
            "snippets/part.md": "## Made by the snippet\n",
        },
        CONFIG,
    )
    expected = [
        ("RF002", "docs/attrs.md", line_of(ATTRS, "Broken:"), 9),
        ("RF002", "docs/notes.md", line_of(FOOTNOTES, "no footnote"), 11),
        ("RF010", "docs/refs.md", line_of(REFS, "[Asking"), 3),
        ("RF010", "docs/refs.md", line_of(REFS, "[setup]"), 3),
        ("RF001", "docs/refs.md", line_of(REFS, "Install to"), 37),
        ("RF001", "docs/refs.md", line_of(REFS, "[broken ref]:"), 1),
        ("RF002", "docs/refs.md", line_of(REFS, "missing-html"), 3),
        ("RF002", "docs/refs.md", line_of(REFS, "also-missing"), 7),
        ("RF001", "docs/uses.md", 3, 57),
    ]
    cli = run_cli(root)
    # The included page's anchors are the build's to judge: the check says so, as info.
    unverified = ("RF002", "docs/uses.md", 3, 1)
    assert sorted(cli.located) == sorted([*expected, unverified]), cli.stdout + cli.stderr
    assert "1 info" in cli.stdout
    build = run_build(root)
    assert "Traceback" not in build.stderr, build.stderr
    assert sorted(build.located) == sorted(expected), build.stderr


def test_pages_that_other_extensions_expand_say_so() -> None:
    def expanded(text: str, **options: bool) -> str | None:
        return parse_document(text, "x.md", ParseOptions(**options)).expanded_by  # type: ignore[arg-type]

    assert expanded('# A\n\n```\n--8<-- "part.md"\n```\n', snippets=True) == "includes snippets (--8<-- at line 4)"
    assert expanded('# A\n\n;--8<-- "escaped.md"\n', snippets=True) is None
    assert expanded("# A\n\n::: package.module\n    options:\n      x: 1\n") == (
        "holds ':::' blocks that an extension expands (line 3)"
    )
    assert expanded("# A\n\n```\n::: in.code\n```\n") is None
    assert expanded('=== "Setup"\n\n    Text\n', tabbed_ids=True, containers=True) == (
        "has tabs whose ids pymdownx.tabbed makes from their titles (line 1)"
    )
    assert expanded('=== "Setup"\n\n    Text\n', containers=True) is None


def test_with_autorefs_an_undefined_label_is_a_cross_reference(make_site: MakeSite) -> None:
    root = make_site({"docs/page.md": "# P\n\n[`Markup`][markupsafe.Markup] and [empty]()\n"}, CONFIG)
    document = parse_document((root / "docs/page.md").read_text(), "docs/page.md", ParseOptions())
    settings = settings_from_mkdocs(load_config(str(root / "mkdocs.yml")))
    assert [f.code for f in check_link_syntax(document, settings)] == ["RF010", "RF010"]
    with_autorefs = dataclasses.replace(settings, autorefs=True)
    assert [(f.code, f.line, f.column) for f in check_link_syntax(document, with_autorefs)] == [("RF010", 3, 35)]


def test_labels_may_be_defined_by_included_snippets() -> None:
    text = "# A\n\n[setup][install]\n"
    assert parse_document(text, "x.md", ParseOptions()).undefined_references
    assert not parse_document(text, "x.md", ParseOptions(snippets=True, snippets_appended=True)).undefined_references
    included = text + '\n--8<-- "links.md"\n'
    assert not parse_document(included, "x.md", ParseOptions(snippets=True)).undefined_references
