"""Findings: what every rule produces and every reporter prints.

A finding is created with its code only; its severity is resolved later from the
rule registry and the user's ``rules:`` overrides, so rules never need to know
about configuration of severities.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from mkdocs_workplans.codes import Code
from mkdocs_workplans.controls import printable
from mkdocs_workplans.redact import redact_credentials


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` over findings gives the worst one."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place of one file.

    ``path`` is relative to the directory of ``mkdocs.yml`` with ``/`` separators;
    ``line`` and ``column`` are 1-based.
    """

    code: Code
    path: str
    line: int
    column: int
    message: str
    hint: str | None = None
    unverified: bool = False
    """The source could not settle it and nothing was rendered: reported as info, the build decides."""

    def __post_init__(self) -> None:
        """Findings quote URLs that may carry credentials, and text that may carry control characters:
        redact and escape them here, once for every output (see :mod:`.controls`)."""
        object.__setattr__(self, "message", printable(redact_credentials(self.message)))
        if self.hint is not None:
            object.__setattr__(self, "hint", printable(redact_credentials(self.hint)))

    @property
    def location(self) -> str:
        """The path is kept as found (it is a key of documents and suppressions), so it is escaped here."""
        return f"{printable(self.path)}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def render(self) -> str:
        """The one-line form shared by the build log and ``--format text``."""
        text = f"{self.location} {self.code} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True, slots=True)
class Reported:
    """A finding with the severity it ends up with after overrides and policies."""

    finding: Finding
    severity: Severity
