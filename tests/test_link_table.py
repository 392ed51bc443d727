"""Which links a page holds, decided as Python-Markdown decides it: a table checked against the renderer.

Each case is Markdown and the links we extract from it (target, line, column). The same
text is rendered with Python-Markdown (the extensions MkDocs sites use); the targets of
its ``<a href>`` and ``<img src>`` must be exactly the targets we found, so that every
row of the table is a fact about the renderer, not only about our reading of it. (Links
Python-Markdown writes inside an HTML comment are left out: no reader sees them.)
"""

from __future__ import annotations

import html
import re

import markdown
import pytest

from mkdocs_workplans.model.parser import ParseOptions, parse_document

Row = tuple[str, list[tuple[str, int, int]]]

CASES: list[Row] = [
    # escapes
    (r"\[not a link](missing.md)", []),
    (r"[a](x\_y.md)", [("x_y.md", 1, 1)]),
    (r"[a](x\$y.md)", [(r"x\$y.md", 1, 1)]),
    (r"[a](x.md\))", [("x.md)", 1, 1)]),
    (r"[a](\<x.md)", [(r"\<x.md", 1, 1)]),
    (r"[a\]](b.md)", [("b.md", 1, 1)]),
    # nesting and parentheses
    ("[a](foo(bar))", [("foo(bar)", 1, 1)]),
    ("[a](foo(bar(baz)))", [("foo(bar(baz))", 1, 1)]),
    ("[a](b)c)", [("b", 1, 1)]),
    ("[a](x(.md)", []),
    ("[a [b] c](x.md)", [("x.md", 1, 1)]),
    ("[![i](i.png)](l.md)", [("l.md", 1, 1), ("i.png", 1, 2)]),
    ("[`a]`](x.md)", [("x.md", 1, 1)]),
    # angle brackets, spaces, whitespace
    ("[a](<x y.md>)", [("x y.md", 1, 1)]),
    ("[a](x y.md)", [("x y.md", 1, 1)]),
    ("[a](<x.md>)", [("x.md", 1, 1)]),
    ("[a](<b)c>)", [("b)c", 1, 1)]),
    ("[a]( x.md )", [("x.md", 1, 1)]),
    ("[a]( <x.md> )", [("x.md", 1, 1)]),
    ("[a](\nx.md)", [("x.md", 1, 1)]),
    ("[a\n b](x.md)", [("x.md", 1, 1)]),
    ("[a] (x.md)", []),
    ("[a]\n(x.md)", []),
    # titles
    ('[a](x.md "t")', [("x.md", 1, 1)]),
    ("[a](x.md 't')", [("x.md", 1, 1)]),
    ("[a](x.md (t))", [("x.md (t)", 1, 1)]),
    ('[a](x.md"t")', [("x.md", 1, 1)]),
    ("[a](x.md 't)", [("x.md 't", 1, 1)]),
    ('[a](<x.md> "t")', [("x.md", 1, 1)]),
    ('[a](x.md  "t"  )', [("x.md", 1, 1)]),
    ('[a](x.md\n"t")', [("x.md", 1, 1)]),
    ('[a](x.md "ti(t)le")', [("x.md", 1, 1)]),
    ('[link](/uri "title")', [("/uri", 1, 1)]),
    # entities, percent, fragments, schemes
    ("[a](x&amp;y.md)", [("x&y.md", 1, 1)]),
    ("[a](%20x.md)", [("%20x.md", 1, 1)]),
    ("[a](x.md#frag)", [("x.md#frag", 1, 1)]),
    ("[a](mailto:x@y)", [("mailto:x@y", 1, 1)]),
    ("[a]()", [("", 1, 1)]),
    ("[a](<>)", [("", 1, 1)]),
    # images
    ("![i](img.png)", [("img.png", 1, 1)]),
    ('Text ![i](img one.png "t") end', [("img one.png", 1, 6)]),
    # emphasis, tables, positions
    ("*[a](e.md)*", [("e.md", 1, 2)]),
    ("**[a](b.md)**", [("b.md", 1, 3)]),
    ("_[a](c.md)_", [("c.md", 1, 2)]),
    ("| [a](t.md) | b |\n|---|---|\n| x | [c](d.md) |", [("t.md", 1, 3), ("d.md", 3, 7)]),
    ("> quoted [a](q.md)", [("q.md", 1, 10)]),
    ("- item\n\n    more [a](m.md)", [("m.md", 3, 10)]),
    ("Some\n  indented [a](i.md) line", [("i.md", 2, 12)]),
    # code spans
    ("`[a](x.md)`", []),
    ("`C:\\Python38\\` and [a](z.md)", [("z.md", 1, 20)]),
    ("``a ` [b](c.md)`` and [d](e.md)", [("e.md", 1, 23)]),
    ("    [indented](code.md)", []),
    ("```\n[fenced](code.md)\n```", []),
    # autolinks
    ("<http://x.org/a>", [("http://x.org/a", 1, 1)]),
    ("<https://e.com/a_b> text", [("https://e.com/a_b", 1, 1)]),
    # raw HTML
    ('<a href="#z">z</a> inline', [("#z", 1, 1)]),
    ('<div>\n<p><a href="#x">o</a></p>\n</div>', [("#x", 2, 4)]),
    ("<!-- [a](hidden.md) -->\n\nText <!-- [b](h.md) --> [c](c.md)", [("c.md", 3, 25)]),
    # reference links: reported once, at the definition that is rendered
    ("[a][b]\n\n[b]: y.md", [("y.md", 3, 1)]),
    ("[b][]\n\n[b]: y.md", [("y.md", 3, 1)]),
    ("[b]\n\n[B]: y.md", [("y.md", 3, 1)]),
    ("[a] [b]\n\n[b]: x.md", [("x.md", 3, 1)]),
    ("[a][b]\n\n[a]: x.md", [("x.md", 3, 1)]),
    ("[x]\n\n[x]: first.md\n[x]: last.md", [("last.md", 4, 1)]),
    ("[x][] and [x]\n\n  [x]: <angle.md>", [("angle.md", 3, 3)]),
    ('[x]\n\n[x]: t.md "title"', [("t.md", 3, 1)]),
    ('[x]\n\n[x]:\n  next.md\n  "title"', [("next.md", 3, 1)]),
    ("[unused]: nowhere.md", []),
    ("[x]\n\n[x]: a.md b c", []),
    ("Text\n[x]: mid.md\nmore [x]", [("mid.md", 2, 1)]),
    ("[types of sites]: Project Pages sites, and more\n\n[a][types of sites]", []),
    ("[x][undefined]", []),
    ("- [ ] task [x]", []),
]


def extracted(text: str) -> list[tuple[str, int, int]]:
    document = parse_document(text, "x.md", ParseOptions(attr_list=True))
    return [(link.target, link.line, link.column) for link in document.links]


def rendered(text: str, extensions: list[str]) -> set[str]:
    out = re.sub(r"<!--.*?-->", "", markdown.markdown(text, extensions=extensions), flags=re.DOTALL)
    found = re.findall(r'<(?:a [^>]*?href|img [^>]*?src)="([^"]*)"', out)
    return {html.unescape(value) for value in found}


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(text)[:40] for text, _ in CASES])
def test_links_are_read_as_python_markdown_renders_them(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert extracted(text) == expected
    assert {target for target, _line, _column in expected} == rendered(text, ["tables", "attr_list"])


FOOTNOTES = (
    "Text[^1] and again[^1], [Jump](#fn:1).[^note]\n\n"
    "[^1]: Support for [PEP 517][] in hatch.\n[^note]: One\n\n[PEP 517]: https://peps.python.org/pep-0517/\n"
)


def test_footnotes_are_not_links_and_their_ids_are_anchors() -> None:
    document = parse_document(FOOTNOTES, "x.md", ParseOptions(footnotes=True))
    assert [(link.target, link.line, link.column) for link in document.links] == [
        ("#fn:1", 1, 25),
        ("https://peps.python.org/pep-0517/", 6, 1),
    ]
    assert {"fn:1", "fnref:1", "fnref2:1", "fn:note", "fnref:note"} <= document.anchors
    out = markdown.markdown(FOOTNOTES, extensions=["footnotes"])
    assert set(re.findall(r' id="([^"]+)"', out)) == document.anchors


def test_without_the_extension_a_footnote_line_is_plain_text() -> None:
    assert extracted("Text[^1]\n\n[^1]: Support for it.\n") == []
    assert rendered("Text[^1]\n\n[^1]: Support for it.\n", []) == set()


ID_CASES = [
    "Set **locale**{ #mkdocs-locale } and *x*{: #em-id .cls } here.",
    "### Navigation path <small>Breadcrumbs</small> { id=navigation-path }",
    '### 2.1.0 { id="2.1.0" }',
    "### Quoted { id='single' .c key=\"v w\" }",
    "## Not {} then {#x}",
    "## Stray { #a } } end",
    "## Kept {#no-space-before}x",
    "```{ .sh .no-copy #example }\necho\n```",
    '[](){#ref-to-markup}\n\n[`Markup`](#ref-to-markup){ .external title="markupsafe.Markup" }',
    "A paragraph\n{: #para }",
    "{: #alone }",
    "# A\n\n# A\n\n# A_1\n\n# A",
    "# a_2\n\n# a\n\n# a\n\n# a",
    "## Title[^1]\n\nText[^1] and[^1] again.\n\n[^1]: Note.",
    "# Café & *Co*",
    "# Used {#taken}\n\n# taken",
]


@pytest.mark.parametrize("text", ID_CASES, ids=[repr(text)[:40] for text in ID_CASES])
def test_ids_are_those_python_markdown_renders(text: str) -> None:
    document = parse_document(text, "x.md", ParseOptions(attr_list=True, footnotes=True))
    out = markdown.markdown(text, extensions=["toc", "attr_list", "footnotes", "fenced_code", "tables"])
    assert document.anchors == set(re.findall(r' id="([^"]*)"', out))
