"""From the typed options of both plugins to the :class:`~mkdocs_workplans.settings.Settings` rules read.

Every field is passed by keyword so that mypy checks this translation, the one place
where an option and the setting it becomes could drift apart. A plugin that is not
configured (or has ``enabled: false``) contributes its options' declared defaults and
turns its checks off.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TypeVar

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_workplans.external.cache import user_cache_dir
from mkdocs_workplans.external.headers import HeaderRule, Prefix, Secret
from mkdocs_workplans.options.page_changers import page_changers as changers_of
from mkdocs_workplans.options.refcheck import ExternalConfig, RefcheckConfig
from mkdocs_workplans.options.types import rule_codes
from mkdocs_workplans.options.workplans import StatehubConfig, WorkplansConfig
from mkdocs_workplans.registry import severity_from_name
from mkdocs_workplans.settings import UUID_PATTERN, External, Repo, Retired, Settings, StateHub, today_from_env

C = TypeVar("C", bound=base.Config)


def defaults(kind: type[C]) -> C:
    """An options object holding only the defaults its class declares."""
    options = kind()
    options.load_dict({})
    failed, _warnings = options.validate()
    assert not failed, f"the defaults of {kind.__name__} must validate: {failed}"
    return options


def external_cache(root: Path | None, configured: str | None) -> Path | None:
    """Where the external-link cache lives, or ``None`` when it must not be written.

    A path the user configured is theirs to choose (``""`` turns the cache off); by
    default it is in the user's cache directory, outside the repository, where a pull
    request cannot plant one. Without a repository (``root`` is ``None``) there is no cache.
    """
    if root is None:
        return None
    if configured is not None:
        return (root / configured).resolve() if configured else None
    return user_cache_dir() / "external.json"


def external_from(options: ExternalConfig, root: Path | None) -> External:
    return External(
        timeout=options.timeout,
        concurrency=options.concurrency,
        per_host=options.per_host,
        retries=options.retries,
        backoff=options.backoff,
        cache=external_cache(root, options.cache),
        cache_ttl_days=options.cache_ttl_days,
        ignore=tuple(options.ignore),
        allow_private=options.allow_private,
        headers=tuple(
            HeaderRule(Prefix.parse(prefix), tuple((name, Secret(value)) for name, value in fields.items()))
            for prefix, fields in options.headers.items()
        ),
    )


def default_external() -> External:
    """The external checker's declared defaults, without a cache: for callers with no repository."""
    return external_from(defaults(ExternalConfig), None)


def _inventory(root: Path, location: str | None) -> str | None:
    """A URL as it is; a file path made absolute against the directory of ``mkdocs.yml``."""
    if not location or "://" in location:
        return location
    return str((root / location).resolve())


def option_position(config_file: Path, section: str, key: str) -> tuple[int, int]:
    """Line and column of ``key`` under ``section`` in a YAML or TOML configuration file, or ``(1, 1)``.

    MkDocs keeps no positions of options; a finding about an option (SH001) points at it
    all the same, so the reader lands on the line to change.
    """
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    opened = re.compile(rf"^\s*(?:{re.escape(section)}\s*:|\[[^\]]*\b{re.escape(section)}\])")
    wanted = re.compile(rf"(?<![\w-]){re.escape(key)}\s*[:=]")
    start = next((number for number, line in enumerate(lines) if opened.match(line)), None)
    if start is None:
        return 1, 1
    for number in range(start, len(lines)):
        found = wanted.search(lines[number], lines[number].index(section) + len(section) if number == start else 0)
        if found:
            return number + 1, found.start() + 1
    return start + 1, len(lines[start]) - len(lines[start].lstrip()) + 1


def statehub_from(options: StatehubConfig, root: Path, config_file: Path | None) -> StateHub | None:
    """The State Hub export to verify against, or ``None`` when ``export`` is not configured."""
    export = options.export
    if not export:
        return None
    config = config_file or root / "mkdocs.yml"
    line, column = option_position(config, "statehub", "export")
    return StateHub(
        export=export if "://" in export else str((root / export).resolve()),
        shown=export,
        token_env=options.token_env,
        status_map=dict(options.status_map),
        max_age=options.max_age,
        timeout=options.timeout,
        cache=user_cache_dir() / "statehub" if options.max_age > 0 else None,
        config_path=config.name,
        config_line=line,
        config_column=column,
    )


def build_settings(
    *,
    workplans: WorkplansConfig | None,
    refcheck: RefcheckConfig | None,
    root: Path,
    docs_dir: Path,
    use_directory_urls: bool,
    site_url: str | None,
    today: dt.date | None = None,
    offline: bool = False,
    external: bool = False,
    page_changers: tuple[str, ...] = (),
    theme_dirs: tuple[Path, ...] = (),
    config_file: Path | None = None,
    autorefs: bool = False,
) -> Settings:
    """Settings for a site; ``None`` for a plugin that is not configured or not enabled.

    Command-line flags (``offline``, ``external``) can only turn these on, never off
    what the options ask for.
    """
    wp = workplans if workplans is not None else defaults(WorkplansConfig)
    rc = refcheck if refcheck is not None else defaults(RefcheckConfig)
    hub = wp.statehub
    overrides = {**(rule_codes(rc.rules) if refcheck is not None else {}), **rule_codes(wp.rules)}
    return Settings(
        root=root,
        docs_dir=docs_dir,
        workplans=workplans is not None,
        refcheck=refcheck is not None,
        id_pattern=wp.id_pattern,
        statuses=tuple(wp.statuses),
        terminal_statuses=tuple(wp.terminal_statuses),
        task_statuses=tuple(wp.task_statuses),
        terminal_task_statuses=tuple(wp.terminal_task_statuses),
        priorities=tuple(wp.priorities),
        statehub_pattern=UUID_PATTERN if hub.id_pattern == "uuid" else hub.id_pattern,
        task_url=hub.task_url,
        workstream_url=hub.workstream_url,
        statehub=statehub_from(hub, root, config_file) if workplans is not None else None,
        required_sections=tuple(wp.runbooks.required_sections),
        review_max_age_days=wp.runbooks.review_max_age_days,
        stale_after_days=wp.stale_after_days,
        include=tuple(wp.include),
        indexes=tuple(uri for uri in (wp.indexes.workplans, wp.indexes.tasks, wp.indexes.runbooks) if uri)
        if workplans is not None
        else (),
        always_generate=wp.indexes.always,
        severities={code: severity_from_name(name) for code, name in overrides.items()},
        today=today_from_env(today),
        use_directory_urls=use_directory_urls,
        site_url=site_url,
        history="strict" if rc.history == "strict" else "relaxed",
        offline=offline or rc.offline,
        external=external or rc.external.enabled,
        external_options=external_from(rc.external, root),
        repos={
            name: Repo(
                name,
                path=(root / repo.path).resolve() if repo.path else None,
                site_url=repo.site_url,
                source_url=repo.source_url,
                inventory=_inventory(root, repo.inventory),
            )
            for name, repo in rc.repos.items()
        },
        source_url=rc.source_url,
        retired=tuple(Retired(r.pattern, r.message, tuple(r.applies_to)) for r in rc.retired),
        path_scope=tuple(rc.paths.scope),
        page_changers=page_changers,
        theme_dirs=theme_dirs,
        autorefs=autorefs,
    )


def plugin_options(config: MkDocsConfig, name: str, kind: type[C]) -> C | None:
    """The validated options of our plugin ``name``, or ``None`` when absent or not enabled."""
    plugin = config.plugins.get(name)
    options = getattr(plugin, "config", None)
    if not isinstance(options, kind) or options.get("enabled") is False:
        return None
    return options


def settings_from_mkdocs(
    config: MkDocsConfig, today: dt.date | None = None, offline: bool = False, external: bool = False
) -> Settings:
    """Settings from whichever of the two plugins ``mkdocs.yml`` configures."""
    return build_settings(
        workplans=plugin_options(config, "workplans", WorkplansConfig),
        refcheck=plugin_options(config, "refcheck", RefcheckConfig),
        root=Path(config.config_file_path).resolve().parent,
        docs_dir=Path(config.docs_dir).resolve(),
        use_directory_urls=config.use_directory_urls,
        site_url=config.site_url or None,
        today=today,
        offline=offline,
        external=external,
        page_changers=changers_of(config),
        theme_dirs=tuple(Path(folder) for folder in config.theme.dirs),
        config_file=Path(config.config_file_path).resolve(),
        autorefs="autorefs" in config.plugins or "mkdocstrings" in config.plugins,
    )
