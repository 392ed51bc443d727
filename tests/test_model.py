"""The document model on Markdown that trips up naive scanners (false positives fixed here)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_workplans.model import yamlmap
from mkdocs_workplans.model.parser import ParseOptions, parse_document

MENTIONS = r"(?<![\w-])ABC-WP-\d{4}(?:-T\d+)?(?![\w-])"


def parse(text: str, **options: object) -> object:
    return parse_document(text, "x.md", ParseOptions(mention_pattern=MENTIONS, **options))  # type: ignore[arg-type]


def test_admonition_bodies_are_markdown_but_code_inside_them_is_not() -> None:
    doc = parse(
        "# T\n\n!!! note\n\n    See [x](x.md), `tools/a.sh` and ABC-WP-0001.\n\n"
        "    ```bash\n    make nope ABC-WP-0002\n    ```\n\n"
        "    ??? tip\n\n        Nested [y](y.md).\n\nIndented code:\n\n    [no](no.md)\n",
        containers=True,
    )
    assert [(link.target, link.line, link.column) for link in doc.links] == [("x.md", 5, 9), ("y.md", 13, 16)]
    assert [(span.text, span.line) for span in doc.code_spans] == [("tools/a.sh", 5)]
    assert [(m.ident, m.line) for m in doc.mentions] == [("ABC-WP-0001", 5)]
    assert [(block.info, block.line) for block in doc.code_blocks] == [("bash", 8), ("", 17)]


def test_without_admonitions_the_indented_body_is_code() -> None:
    doc = parse("!!! note\n\n    See [x](x.md).\n")
    assert doc.links == []


def test_backticks_of_two_paragraphs_never_pair() -> None:
    doc = parse("A stray ` here.\n\nAnd `tools/b.sh` there, ABC-WP-0003.\n")
    assert [(span.text, span.line, span.column) for span in doc.code_spans] == [("tools/b.sh", 3, 5)]
    assert [(m.ident, m.in_code) for m in doc.mentions] == [("ABC-WP-0003", False)]


def test_an_autolink_inside_a_link_target_is_one_link() -> None:
    doc = parse("[docs](<https://example.org/a b>) and <https://example.org/c> [ref]\n\n[ref]: https://example.org/d\n")
    assert [link.target for link in doc.links] == [
        "https://example.org/a b",
        "https://example.org/c",
        "https://example.org/d",
    ]


def test_link_text_does_not_run_across_paragraphs() -> None:
    doc = parse("An [unclosed bracket.\n\nLater](later.md) text.\n")
    assert [link.target for link in doc.links] == []


def test_comments_and_fences_hide_references_and_keep_positions() -> None:
    doc = parse("<!-- [a](a.md) ABC-WP-0001 -->\n```\n[b](b.md)\n```\nText <!-- x --> [c](c.md)\n")
    assert [(link.target, link.line, link.column) for link in doc.links] == [("c.md", 5, 17)]
    assert doc.mentions == []


MARKDOWN_BITS = st.sampled_from(
    [
        "`",
        "``",
        "[",
        "]",
        "(",
        ")",
        "<!--",
        "-->",
        "\n",
        "\n\n",
        "    ",
        "!!! note\n",
        "```task\n",
        "```\n",
        "#",
        "## T01 - x\n",
        "---\n",
        "id: ABC-WP-0001\n",
        ": ",
        "*",
        "&",
        "<a id='x'>",
        "{#y}",
        "ABC-WP-0001-T02",
        "x",
        " ",
    ]
)


@settings(max_examples=300, deadline=2000)
@given(st.lists(MARKDOWN_BITS, max_size=60).map("".join))
def test_any_text_parses_without_error(text: str) -> None:
    """Whatever the bytes, parsing ends and yields positions inside the text."""
    for containers in (False, True):
        doc = parse(text, containers=containers, attr_list=True)
        lines = text.count("\n") + 1
        assert all(1 <= item.line <= lines for item in (*doc.links, *doc.code_spans, *doc.mentions))


FLAT_VALUES = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,12}", fullmatch=True),
    st.from_regex(r'"[A-Za-z0-9 :#-]{0,12}"', fullmatch=True),
    st.from_regex(r"'[A-Za-z0-9 :#-]{0,12}'", fullmatch=True),
    st.sampled_from(["yes", "No", "null", "12", "2026-06-04", "~", "1e3", "x # note", "[a]", '"a\\"b"']),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), FLAT_VALUES, max_size=6))
def test_the_flat_fast_path_reads_what_yaml_reads(block: dict[str, str]) -> None:
    """Task blocks skip PyYAML when they are simple; the result must be exactly PyYAML's."""
    text = "".join(f"{key}: {value}\n" for key, value in block.items())
    fast = yamlmap._flat(text, 7)
    if fast is None or not block:
        return
    loader = yamlmap._Loader(text)
    try:
        node = loader.get_single_node()
        slow = {
            k.value: (loader.construct_object(v), (k.start_mark.line + 7, v.start_mark.column + 1))
            for k, v in node.value
        }
    finally:
        loader.dispose()
    assert {key: (value, fast.value_pos[key]) for key, value in fast.values.items()} == slow
