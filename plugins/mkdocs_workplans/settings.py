"""What the rules need to know, independent of where it was configured.

Rules read a :class:`Settings`, never MkDocs config objects, so they stay plain
functions that the CLI, the plugins and the tests call the same way.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_workplans.external.headers import HeaderRule, Prefix, Secret
from mkdocs_workplans.findings import Severity
from mkdocs_workplans.refcheck.config import DEFAULT_EXTERNAL_CACHE
from mkdocs_workplans.registry import RULES, severity_from_name
from mkdocs_workplans.workplans.config import DEFAULT_ID_PATTERN

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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


@dataclass(frozen=True)
class External:
    timeout: float = 10
    concurrency: int = 32
    per_host: int = 4
    retries: int = 2
    backoff: float = 0.5
    """Seconds before the first retry (doubling after), unless the server sends ``Retry-After``."""
    cache: Path | None = None
    """Absolute path of the results cache; ``None`` disables it."""
    cache_ttl_days: int = 7
    ignore: tuple[str, ...] = ()
    allow_private: bool = False
    headers: tuple[HeaderRule, ...] = ()
    """Extra headers per URL prefix; their values are :class:`Secret` and never printed."""


def external_cache(root: Path, configured: str | None) -> Path | None:
    """Where the external-link cache lives, or ``None`` when it must not be written.

    A path the user configured is theirs to choose (``""`` turns the cache off); the
    default one is used only while it stays inside the repository, so a ``.cache``
    symlink cannot make the checker write elsewhere.
    """
    if configured is not None:
        return (root / configured).resolve() if configured else None
    default = (root / DEFAULT_EXTERNAL_CACHE).resolve()
    return default if default.is_relative_to(root) else None


@dataclass(frozen=True)
class Settings:
    root: Path
    docs_dir: Path
    workplans: bool = True
    refcheck: bool = False
    id_pattern: str = DEFAULT_ID_PATTERN
    statuses: tuple[str, ...] = ("proposed", "planned", "active", "blocked", "finished", "cancelled", "superseded")
    terminal_statuses: tuple[str, ...] = ("finished", "cancelled", "superseded")
    task_statuses: tuple[str, ...] = ("todo", "in_progress", "blocked", "done", "cancelled")
    terminal_task_statuses: tuple[str, ...] = ("done", "cancelled")
    priorities: tuple[str, ...] = ("low", "medium", "high", "critical")
    statehub_pattern: str = UUID_PATTERN
    task_url: str | None = None
    workstream_url: str | None = None
    required_sections: tuple[str, ...] = ()
    review_max_age_days: int = 180
    stale_after_days: int = 60
    """Days after a non-terminal workplan's ``updated`` date when it counts as stale (WP011)."""
    include: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()
    """Where the generated index pages go (``src_uri`` in the site), the disabled ones left out."""
    severities: dict[str, Severity | None] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    use_directory_urls: bool = True
    site_url: str | None = None
    history: str = "relaxed"
    offline: bool = False
    external: bool = False
    external_options: External = field(default_factory=External)
    repos: dict[str, Repo] = field(default_factory=dict)
    source_url: str | None = None
    """Where this repository's files are browsable, for links to files that are not pages."""
    retired: tuple[Retired, ...] = ()

    def severity(self, code: str) -> Severity | None:
        """The effective severity of ``code``; ``None`` means ignored."""
        if code in self.severities:
            return self.severities[code]
        return RULES[code].severity

    @classmethod
    def from_mkdocs(
        cls, config: MkDocsConfig, today: dt.date | None = None, offline: bool = False, external: bool = False
    ) -> Settings:
        """Settings from whichever of the two plugins ``mkdocs.yml`` configures."""
        plugins = config.plugins
        workplans = plugins.get("workplans")
        refcheck = plugins.get("refcheck")
        values: dict[str, Any] = {}
        overrides: dict[str, str] = {}
        root = Path(config.config_file_path).resolve().parent
        if refcheck is not None:
            rc = refcheck.config
            ext = rc.external
            values.update(
                history=rc.history,
                offline=rc.offline,
                external=ext.enabled,
                external_options=External(
                    timeout=ext.timeout,
                    concurrency=ext.concurrency,
                    per_host=ext.per_host,
                    retries=ext.retries,
                    backoff=ext.backoff,
                    cache=external_cache(root, ext.cache),
                    cache_ttl_days=ext.cache_ttl_days,
                    ignore=tuple(ext.ignore),
                    allow_private=ext.allow_private,
                    headers=tuple(
                        HeaderRule(Prefix.parse(prefix), tuple((name, Secret(value)) for name, value in fields.items()))
                        for prefix, fields in ext.headers.items()
                    ),
                ),
                repos={
                    name: Repo(
                        name,
                        path=(root / repo.path).resolve() if repo.path else None,
                        site_url=repo.site_url,
                        source_url=repo.source_url,
                        inventory=repo.inventory
                        if not repo.inventory or "://" in repo.inventory
                        else str((root / repo.inventory).resolve()),
                    )
                    for name, repo in rc.repos.items()
                },
                source_url=rc.source_url,
                retired=tuple(Retired(r.pattern, r.message, tuple(r.applies_to)) for r in rc.retired),
            )
            overrides.update(rc.rules)
        if workplans is not None:
            wp = workplans.config
            hub = wp.statehub
            values.update(
                id_pattern=wp.id_pattern,
                statuses=tuple(wp.statuses),
                terminal_statuses=tuple(wp.terminal_statuses),
                task_statuses=tuple(wp.task_statuses),
                terminal_task_statuses=tuple(wp.terminal_task_statuses),
                priorities=tuple(wp.priorities),
                statehub_pattern=UUID_PATTERN if hub.id_pattern == "uuid" else hub.id_pattern,
                task_url=hub.task_url,
                workstream_url=hub.workstream_url,
                required_sections=tuple(wp.runbooks.required_sections),
                review_max_age_days=wp.runbooks.review_max_age_days,
                stale_after_days=wp.stale_after_days,
                include=tuple(wp.include),
                indexes=tuple(uri for uri in (wp.indexes.workplans, wp.indexes.tasks, wp.indexes.runbooks) if uri),
            )
            overrides.update(wp.rules)
        # Command-line flags can only turn these on, never off what mkdocs.yml asks for.
        values["offline"] = offline or values.get("offline", False)
        values["external"] = external or values.get("external", False)
        return cls(
            root=root,
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url or None,
            docs_dir=Path(config.docs_dir).resolve(),
            workplans=workplans is not None,
            refcheck=refcheck is not None,
            severities={code: severity_from_name(name) for code, name in overrides.items()},
            today=today_from_env(today),
            **values,
        )

    @property
    def mention_pattern(self) -> str | None:
        return mention_pattern(self.id_pattern) if self.workplans else None

    def matches_statehub(self, value: str) -> bool:
        return re.fullmatch(self.statehub_pattern, value) is not None
