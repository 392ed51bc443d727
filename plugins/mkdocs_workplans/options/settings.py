"""From the typed options of both plugins to the :class:`~mkdocs_workplans.settings.Settings` rules read.

Every field is passed by keyword so that mypy checks this translation, the one place
where an option and the setting it becomes could drift apart. A plugin that is not
configured (or has ``enabled: false``) contributes its options' declared defaults and
turns its checks off.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypeVar

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_workplans.external.headers import HeaderRule, Prefix, Secret
from mkdocs_workplans.options.page_changers import page_changers as changers_of
from mkdocs_workplans.options.refcheck import DEFAULT_EXTERNAL_CACHE, ExternalConfig, RefcheckConfig
from mkdocs_workplans.options.types import rule_codes
from mkdocs_workplans.options.workplans import WorkplansConfig
from mkdocs_workplans.registry import severity_from_name
from mkdocs_workplans.settings import UUID_PATTERN, External, Repo, Retired, Settings, today_from_env

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

    A path the user configured is theirs to choose (``""`` turns the cache off); the
    default one is used only while it stays inside the repository, so a ``.cache``
    symlink cannot make the checker write elsewhere. Without a repository (``root`` is
    ``None``) there is no cache.
    """
    if root is None:
        return None
    if configured is not None:
        return (root / configured).resolve() if configured else None
    default = (root / DEFAULT_EXTERNAL_CACHE).resolve()
    return default if default.is_relative_to(root) else None


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
        required_sections=tuple(wp.runbooks.required_sections),
        review_max_age_days=wp.runbooks.review_max_age_days,
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
        autorefs="autorefs" in config.plugins or "mkdocstrings" in config.plugins,
    )
