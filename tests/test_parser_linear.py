"""Parsing stays linear on hostile Markdown (issue 10, class 5).

Each input is parsed at n and at 10·n bytes; the larger may take at most 30 times as
long. Linear work measures 10 to 15 times (markdown-it alone shows up to 15 on these
sizes, from memory effects), quadratic work about 100 times. The best of three runs of
the process's CPU time is compared (not wall time), so other processes on a busy
machine do not make the test flaky.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from mkdocs_workplans.model.parser import ParseOptions, parse_document

OPTIONS = ParseOptions(attr_list=True, footnotes=True, containers=True, mention_pattern=r"(?<![\w-])ABC-WP-\d{4}")
N = 20_000

INPUTS: dict[str, Callable[[int], str]] = {
    "task heading with a long run of spaces": lambda n: "## T01 - a" + " " * n + "b\n",
    "attribute list opened in a heading": lambda n: "# {" + " " * n + "x\n",
    "heading attribute candidates": lambda n: "# a" + " {" * (n // 2) + "}\n",
    "runs of comment openers": lambda n: "<!--" * (n // 4),
    "comment openers in prose": lambda n: "text " + "<!--" * (n // 4),
    "an unclosed comment": lambda n: "text <!--" + "x" * n,
    "one heading repeated": lambda n: "# Same\n\n" * (n // 8),
    "link destinations never closed": lambda n: "[a](" * (n // 4),
    "titles never closed": lambda n: '[a]("' * (n // 5),
    "nested parentheses": lambda n: "[a](" + "(" * n + "x",
    "reference labels": lambda n: "[a][" * (n // 4),
    "definition titles": lambda n: '[x]: a "' + '"' * n + " x\n\n[x]",
    "inline attribute lists": lambda n: "*a*{" * (n // 4) + "}",
    "quoted attribute values": lambda n: '*a*{ id="' * (n // 9) + "}",
    "code spans then braces": lambda n: "`a`{" * (n // 4) + "}",
    "backtick runs": lambda n: "`" * n + " x " + "``" * (n // 2),
    "raw HTML tags": lambda n: "<a id='x'" * (n // 9),
    "mentions in links": lambda n: "[ABC-WP-0001](x.md) " * (n // 20),
    "container openers": lambda n: "!!! note\n\n    " * (n // 14),
}


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        parse_document(text, "x.md", OPTIONS)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", INPUTS)
def test_parsing_is_linear(name: str) -> None:
    make = INPUTS[name]
    small, large = _seconds(make(N)), _seconds(make(10 * N))
    assert large <= 30 * max(small, 0.01), (name, small, large)
