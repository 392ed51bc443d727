"""What the rules need to know, independent of where it was configured.

Rules read a :class:`Settings`, never MkDocs config objects, so they stay plain
functions that the CLI, the plugins and the tests call the same way. Nothing here has
a default: every default is declared once, in the typed options of
:mod:`mkdocs_workplans.options`, and :mod:`mkdocs_workplans.options.settings` builds
these objects from them with explicit keyword arguments.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mkdocs_workplans.codes import Code
from mkdocs_workplans.external.headers import HeaderRule
from mkdocs_workplans.findings import Severity
from mkdocs_workplans.registry import RULES

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def today_from_env(override: dt.date | None = None) -> dt.date:
    """``--today``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else the clock."""
    if override is not None:
        return override
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def mention_pattern(id_pattern: str) -> str:
    """A search pattern for workplan and task ids in prose, from the anchored id pattern."""
    core = id_pattern.removeprefix("^").removesuffix("$")
    return rf"(?<![\w-])(?:{core})(?:-T\d+)?(?![\w-])"


@dataclass(frozen=True)
class Repo:
    """A sibling repository of ``refcheck.repos``; paths are absolute."""

    name: str
    path: Path | None = None
    site_url: str | None = None
    source_url: str | None = None
    inventory: str | None = None
    """An http(s) URL, or an absolute file path."""


@dataclass(frozen=True)
class Retired:
    pattern: str
    message: str
    applies_to: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class External:
    timeout: float
    concurrency: int
    per_host: int
    retries: int
    backoff: float
    """Seconds before the first retry (doubling after), unless the server sends ``Retry-After``."""
    cache: Path | None
    """Absolute path of the results cache; ``None`` disables it."""
    cache_ttl_days: int
    ignore: tuple[str, ...]
    allow_private: bool
    headers: tuple[HeaderRule, ...]
    """Extra headers per URL prefix; their values are :class:`Secret` and never printed."""


@dataclass(frozen=True, kw_only=True)
class StateHub:
    """Where the State Hub export comes from, and how to read it (``statehub.export`` and friends)."""

    export: str
    """An ``http(s)`` URL as configured, or an absolute file path."""
    shown: str
    """The export as the configuration writes it, for messages (credentials in a URL are redacted there)."""
    token_env: str | None
    """The name of the variable holding the bearer token; the token itself is read when fetching, never kept."""
    status_map: dict[str, str]
    max_age: float
    """Seconds a fetched export is reused from the cache; 0 turns the cache off."""
    timeout: float
    cache: Path | None
    """The directory of cached exports (the user's cache directory); ``None``: no cache."""
    config_path: str
    """Where SH001 is reported: the configuration file, relative to the root, and the line and column of ``export:``."""
    config_line: int
    config_column: int

    @property
    def is_url(self) -> bool:
        return "://" in self.export


@dataclass(frozen=True, kw_only=True)
class Settings:
    root: Path
    docs_dir: Path
    workplans: bool
    """Whether the ``workplans`` plugin is configured (and enabled)."""
    refcheck: bool
    """Whether the ``refcheck`` plugin is configured (and enabled)."""
    id_pattern: str
    statuses: tuple[str, ...]
    terminal_statuses: tuple[str, ...]
    task_statuses: tuple[str, ...]
    terminal_task_statuses: tuple[str, ...]
    priorities: tuple[str, ...]
    statehub_pattern: str
    task_url: str | None
    workstream_url: str | None
    statehub: StateHub | None
    """The State Hub export to verify against; ``None`` when ``statehub.export`` is not configured."""
    required_sections: tuple[str, ...]
    review_max_age_days: int
    stale_after_days: int
    """Days after a non-terminal workplan's ``updated`` date when it counts as stale (WP011)."""
    include: tuple[str, ...]
    indexes: tuple[str, ...]
    """Where the generated index pages go (``src_uri`` in the site), the disabled ones left out."""
    always_generate: bool
    """Index pages and inventory even in a site without workplans and runbooks (else only with them)."""
    severities: dict[Code, Severity | None]
    today: dt.date
    use_directory_urls: bool
    site_url: str | None
    history: Literal["relaxed", "strict"]
    offline: bool
    external: bool
    external_options: External
    repos: dict[str, Repo]
    source_url: str | None
    """Where this repository's files are browsable, for links to files that are not pages."""
    retired: tuple[Retired, ...]
    path_scope: tuple[str, ...]
    """Kinds of page (workplan, runbook, page) whose code spans and blocks RF003, RF005 and RF007 check."""
    page_changers: tuple[str, ...]
    """Plugins and hooks of the site that may change any page's content (and so its anchors) in a build.

    ``workplans check`` does not render, so while this is not empty it does not report an anchor
    as missing: it says, as info, that the build verifies it.
    """
    theme_dirs: tuple[Path, ...]
    """The theme's folders: MkDocs copies their files into the site, so links to them resolve."""
    autorefs: bool = False
    """mkdocs-autorefs runs (itself or through mkdocstrings): ``[text][identifier]`` are its cross-references."""

    def severity(self, code: Code) -> Severity | None:
        """The effective severity of ``code``; ``None`` means ignored."""
        if code in self.severities:
            return self.severities[code]
        return RULES[code].severity

    @property
    def mention_pattern(self) -> str | None:
        return mention_pattern(self.id_pattern) if self.workplans else None

    def matches_statehub(self, value: str) -> bool:
        return re.fullmatch(self.statehub_pattern, value) is not None
