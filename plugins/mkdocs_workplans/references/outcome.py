"""Where a reference leads and what is wrong with it: the reference engine's result type.

Kept apart from :mod:`.links` so that the shared context can cache outcomes without
importing the resolver that computes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_workplans.codes import Code
from mkdocs_workplans.references.pages import AnchorRef


@dataclass(frozen=True, slots=True)
class Problem:
    code: Code
    message: str
    hint: str | None = None


@dataclass(slots=True)
class Outcome:
    rewrite: str | None = None
    problems: list[Problem] = field(default_factory=list)
    anchor: AnchorRef | None = None
    """A fragment on a page of this site, judged by :func:`.pages.judge` (RF002) once ids are known."""

    def add(self, code: Code, message: str, hint: str | None = None) -> Outcome:
        self.problems.append(Problem(code, message, hint))
        return self
