"""The ids a build reads from each rendered page (:mod:`mkdocs_workplans.references.rendered`)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from mkdocs_workplans.references.rendered import rendered_ids


@pytest.mark.parametrize(
    ("page", "ids"),
    [
        ('<h2 id="setup">Setup</h2>', {"setup"}),
        ("<h2 id='single'>x</h2><a name=old-style></a>", {"single", "old-style"}),
        ('<div\n  class="x"\n  id = "spaced"\n>', {"spaced"}),
        ('<h3 id="a&amp;b">x</h3>', {"a&b"}),
        ('<p>Set id="not-an-id" in prose</p><code> name = "x"</code>', set()),
        ('<p data-id="d" grid="g" data-name="n">x</p>', set()),
        ('<p id="unclosed"', set()),
        ('<p id="cut <b>">x</p>', set()),
        ("<!-- <a id=commented> -->", {"commented"}),  # as before: a comment's tags count (more ids hide, never raise)
        ('<1 id="x"> <é id="y">', set()),
        ('<a title="x" id="one" name="two">', {"one", "two"}),
    ],
)
def test_ids_are_read_from_tags_only(page: str, ids: set[str]) -> None:
    assert rendered_ids(page) == ids


HOSTILE: dict[str, Callable[[int], str]] = {
    "tags never closed": lambda n: "<a id=x " * (n // 8),
    "attributes outside tags": lambda n: "x id=y " * (n // 7),
    "one long tag": lambda n: "<p" + ' id="x"' * (n // 7) + ">",
    "a tag then no closing bracket": lambda n: "<a" + " id=x <" * (n // 7),
    "quotes never closed": lambda n: '<a id="' * (n // 7),
}


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        rendered_ids(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", HOSTILE)
def test_reading_ids_is_linear(name: str) -> None:
    """At n and 10·n characters: linear work measures about 10 times, quadratic about 100 (CPU time, best of 3)."""
    make = HOSTILE[name]
    small, large = _seconds(make(100_000)), _seconds(make(1_000_000))
    assert large <= 30 * max(small, 0.01), (name, small, large)
