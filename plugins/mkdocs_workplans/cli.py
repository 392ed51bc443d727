"""``workplans check``: the gate without rendering.

click is already a dependency of MkDocs, so it costs nothing to install and gives the
same look as ``mkdocs`` itself. The configuration is read with MkDocs' own loader,
so ``!ENV``, ``INHERIT`` and plugin option validation behave exactly as in a build.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from mkdocs.exceptions import ConfigurationError, PluginError

from mkdocs_workplans import __version__
from mkdocs_workplans.dates import date_problem, parse_date
from mkdocs_workplans.redact import redact_credentials

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from mkdocs_workplans.analysis import Analysis
    from mkdocs_workplans.gate import Run
    from mkdocs_workplans.project import Project

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Usage(click.ClickException):
    """A configuration or usage problem: one line on stderr, exit 2."""

    exit_code = EXIT_USAGE


class _ConfigErrors(logging.Filter):
    """Holds back MkDocs' ``Config value '...': ...`` messages so a failed load is one line.

    Errors always fail the load; warnings (an unknown option) fail it in strict mode.
    """

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            (self.errors if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())
            return False
        return True


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        raise click.BadParameter(f"{value!r} {date_problem(value)}")
    return date


CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    "config_file",
    type=click.Path(dir_okay=False),
    help="mkdocs.yml, zensical.toml, workplans.toml or a pyproject.toml with [tool.workplans] "
    "(default: the first of these in the current directory).",
)


def _config_path(config_file: str | None) -> Path:
    """The named configuration, or the first one found here (see ``project.CONFIG_NAMES``)."""
    from mkdocs_workplans.project import CONFIG_NAMES, ProjectError, find_config

    if config_file is not None:
        if not Path(config_file).is_file():
            raise _Usage(f"no such configuration file: {config_file}")
        return Path(config_file)
    try:
        found = find_config(Path.cwd())
    except ProjectError as error:
        raise _Usage(str(error)) from None
    if found is None:
        raise _Usage(f"no configuration file here: looked for {', '.join(CONFIG_NAMES)}")
    return Path(found.name)


def _notice(config_file: Path, plugins: list[str], extension: bool) -> None:
    """Say once when the plugins ``config_file`` lists will not run in the engine that builds it."""
    from mkdocs_workplans.engines import zensical_notice

    notice = zensical_notice(config_file, plugins, extension)
    if notice:
        click.echo(notice, err=True)


def _load_project(config_file: Path, strict: bool) -> Project:
    from mkdocs_workplans.project import ProjectError, load_project

    try:
        project = load_project(config_file)
    except ProjectError as error:
        raise _Usage(str(error)) from None
    if project.warnings and (strict or project.strict):
        raise _Usage(f"invalid configuration in {config_file.name}: {'; '.join(project.warnings)}")
    for warning in project.warnings:
        click.echo(f"WARNING: {config_file.name}: {warning}", err=True)
    if project.workplans is None and project.refcheck is None:
        table = f"[{project.plugins_table}.workplans]" if project.plugins_table else "[workplans]"
        raise _Usage(f"{config_file.name} configures neither the 'workplans' nor the 'refcheck' plugin ({table})")
    return project


def _analyse_toml(
    config_file: Path,
    strict: bool,
    today: dt.date | None,
    offline: bool,
    external: bool,
    cache_dir: str | None,
    jobs: int | None,
) -> tuple[Analysis, bool]:
    """The gate for a site configured in TOML: the same analysis, with pages found by walking ``docs_dir``."""
    from mkdocs_workplans.loading import default_jobs
    from mkdocs_workplans.project import analyse_project, project_settings

    project = _load_project(config_file, strict)
    if project.engine == "zensical":
        plugins = [name for name in ("workplans", "refcheck") if getattr(project, name) is not None]
        _notice(config_file, plugins, "markdown" in project.markdown_extensions)
    settings = project_settings(project, today, offline, external)
    cache = Path(cache_dir) if cache_dir else None
    return analyse_project(project, settings, jobs or default_jobs(), cache), project.strict


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workplans")
def cli() -> None:
    """Check workplans, runbooks and their references without building the site."""


@cli.command()
@CONFIG_OPTION
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "github", "junit", "sarif"]),
)
@click.option("--strict", is_flag=True, help="Warnings fail too (as does 'strict: true' in mkdocs.yml).")
@click.option("--offline", is_flag=True, help="Unverifiable sibling targets are warnings (XR004).")
@click.option("--external", is_flag=True, help="Check external URLs (EX001-EX004).")
@click.option("--output", "output", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--today", callback=_parse_today, help="The date to check against (YYYY-MM-DD).")
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False),
    help="Reuse parsed files from this directory between runs (keyed by content and settings).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes for parsing (default: all cores).")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Fail only on findings not in this file (as the plugins' 'baseline' option does).",
)
@click.option("--update-baseline", is_flag=True, help="Write every current finding to the baseline file.")
@click.option(
    "--changed-since",
    "changed_since",
    metavar="REF",
    help="Report only findings in files changed since this git revision, and those the changes caused.",
)
def check(
    config_file: str | None,
    output_format: str,
    strict: bool,
    offline: bool,
    external: bool,
    output: str | None,
    today: dt.date | None,
    cache_dir: str | None,
    jobs: int | None,
    baseline_file: str | None,
    update_baseline: bool,
    changed_since: str | None,
) -> None:
    """Report every finding as PATH:LINE:COL CODE MESSAGE; exit 1 when one fails."""
    from mkdocs_workplans.project import is_toml
    from mkdocs_workplans.report import FORMATS, Context

    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING, stream=sys.stderr)
    path = _config_path(config_file)
    warnings: list[str] = []
    if is_toml(path):
        if baseline_file or update_baseline or changed_since:
            raise _Usage("--baseline, --update-baseline and --changed-since need a mkdocs.yml for now")
        analysis, configured_strict = _analyse_toml(path, strict, today, offline, external, cache_dir, jobs)
    else:
        config, warnings = _load(str(path), strict, output_format)
        extension = "mkdocs_workplans.markdown" in config.markdown_extensions
        _notice(path, [name for name in ("workplans", "refcheck") if name in config.plugins], extension)
        changed = _changed(Path(config.config_file_path).resolve().parent, changed_since, str(path))
        run = _run(today, offline, external, cache_dir, jobs, baseline_file, update_baseline, changed)
        analysis = _analyse(config, str(path), run)
        configured_strict = bool(config.strict)
    if update_baseline:
        assert analysis.ratchet is not None, "a baseline was written"
        count = analysis.ratchet.known
        written = f"{count} finding{'' if count == 1 else 's'}"
        click.echo(f"Wrote {written} to {baseline_file or 'the configured baseline'}.", err=True)
    context = Context(tuple(warnings), path.name, strict or configured_strict)
    report = FORMATS[output_format](analysis, context)
    if output:
        try:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(report, encoding="utf-8")
        except OSError as error:
            raise _Usage(f"cannot write {output}: {error.strerror or error}") from None
        if output_format != "text":
            click.echo(FORMATS["text"](analysis, context), nl=False)
    else:
        click.echo(report, nl=False)
    # ``strict: true`` in the configuration makes warnings fail the build; the gate agrees.
    sys.exit(EXIT_FINDINGS if analysis.failed(context.strict) else EXIT_CLEAN)


def _load(config_file: str, strict: bool, output_format: str) -> tuple[MkDocsConfig, list[str]]:
    """``mkdocs.yml`` read as a build reads it, and MkDocs' warnings about it.

    A configuration that fails is one line on stderr (and an annotation under
    ``--format github``, so that the pull request shows it too); warnings are logged as
    MkDocs logs them, and every format reports them.
    """
    from mkdocs.config import load_config

    errors = _ConfigErrors()
    config_log = logging.getLogger("mkdocs.config")
    config_log.addFilter(errors)
    try:
        # ``--strict`` makes unknown options fail, exactly as ``mkdocs build --strict`` does.
        config = load_config(config_file=config_file, strict=True if strict else None)
    except ConfigurationError as error:
        raise _config_failed(config_file, " ".join(str(error).split()), output_format) from None
    except Exception as error:
        if errors.errors or errors.warnings:
            raise _config_failed(config_file, "; ".join(errors.errors or errors.warnings), output_format) from None
        raise _Usage(f"cannot load {config_file}: {error}") from None
    finally:
        config_log.removeFilter(errors)
    for warning in errors.warnings:
        config_log.warning(warning)
    return config, errors.warnings


def _config_failed(config_file: str, reasons: str, output_format: str) -> _Usage:
    if output_format == "github":
        from mkdocs_workplans.report import github_command

        click.echo(github_command("error", config_file, "configuration", reasons))
    return _Usage(f"invalid configuration in {config_file}: {reasons}")


def _changed(root: Path, changed_since: str | None, config_file: str) -> tuple[str, frozenset[str]] | None:
    """The files changed since the revision; ``None`` (everything) without one, or when ``mkdocs.yml`` changed."""
    if changed_since is None:
        return None
    from mkdocs_workplans.changes import ChangesError
    from mkdocs_workplans.changes import changed_since as changed_files

    try:
        changed = changed_files(root, changed_since)
    except ChangesError as error:
        raise _Usage(str(error)) from None
    if (Path(config_file).resolve().relative_to(root)).as_posix() in changed:
        return None  # a changed configuration can change every finding
    return changed_since, changed


def _run(
    today: dt.date | None,
    offline: bool,
    external: bool,
    cache_dir: str | None,
    jobs: int | None,
    baseline_file: str | None,
    update_baseline: bool,
    changed: tuple[str, frozenset[str]] | None,
) -> Run:
    from mkdocs_workplans import gate
    from mkdocs_workplans.loading import default_jobs

    return gate.Run(
        today=today,
        offline=offline,
        external=external,
        check_only=True,
        cache_dir=Path(cache_dir) if cache_dir else None,
        processes=jobs or default_jobs(),
        baseline=Path(baseline_file) if baseline_file else None,
        update_baseline=update_baseline,
        changed=changed,
    )


def _analyse(config: MkDocsConfig, config_file: str, run: Run) -> Analysis:
    """Run the build's events up to ``on_files``, where our plugins analyse; render nothing.

    Going through the same events as ``mkdocs build`` is what makes the findings the
    same: files that other plugins or hooks generate are known as link targets here too.
    """
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    from mkdocs_workplans.gate import RUN, GateEvents

    token = RUN.set(run)
    try:
        config = config.plugins.on_config(config)
        gate = next((p.gate for p in config.plugins.values() if isinstance(p, GateEvents) and p.gate), None)
        if gate is None:
            raise _Usage(f"{config_file} configures neither the 'workplans' nor the 'refcheck' plugin")
        if run.update_baseline and run.baseline is None and gate.baseline_option() is None:
            raise _Usage("--update-baseline needs --baseline FILE or the plugins' 'baseline' option")
        files = config.plugins.on_files(get_files(config), config=config)
        # Navigation is built (nothing is rendered) so that plugins settle which pages are published.
        config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    except (PluginError, ConfigurationError) as error:
        raise _Usage(f"{config_file}: {error}") from None
    finally:
        RUN.reset(token)
    try:
        return gate.finish()
    except PluginError as error:
        raise _Usage(str(error)) from None


@cli.command()
@CONFIG_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Write into this folder instead of docs_dir.",
)
@click.option("--today", callback=_parse_today, help="The date review badges are judged against (YYYY-MM-DD).")
def generate(config_file: str | None, out_dir: str | None, today: dt.date | None) -> None:
    """Write the index pages, the stylesheet, the indexes' script and workplans-inventory.json as files.

    For engines that cannot generate pages (Zensical): run it before the build. Files it
    wrote before are rewritten only when they change; any other file in the way stops it.
    """
    from mkdocs_workplans.generate import GenerateError, outputs, write
    from mkdocs_workplans.options.settings import plugin_options
    from mkdocs_workplans.options.workplans import WorkplansConfig
    from mkdocs_workplans.project import analyse_project, is_toml, project_settings

    path = _config_path(config_file)
    if is_toml(path):
        project = _load_project(path, strict=False)
        options = project.workplans
        analysis = analyse_project(project, project_settings(project, today))
    else:
        config = _load(str(path), False, "text")[0]
        options = plugin_options(config, "workplans", WorkplansConfig)
        analysis = _analyse(config, str(path), _run(today, False, False, None, 1, None, False, None))
    if options is None:
        raise _Usage(f"{path.name} does not configure the 'workplans' plugin: there is nothing to generate")
    folder = Path(out_dir) if out_dir else analysis.settings.docs_dir
    try:
        written = write(outputs(analysis, options.indexes), folder)
    except (GenerateError, OSError) as error:
        raise _Usage(str(error)) from None
    for rel, changed in written:
        click.echo(f"{'wrote' if changed else 'unchanged'} {(folder / rel).as_posix()}")


@cli.group()
def statehub() -> None:
    """Compare workplans with the State Hub export (statehub.export)."""


@statehub.command()
@CONFIG_OPTION
@click.option("--format", "output_format", default="table", show_default=True, type=click.Choice(["table", "json"]))
def diff(config_file: str | None, output_format: str) -> None:
    """Per workplan, what differs from State Hub; exit 1 when anything does."""
    from mkdocs_workplans.project import analyse_project, is_toml, project_settings
    from mkdocs_workplans.statehub.compare import differences
    from mkdocs_workplans.statehub.report import as_json, by_workplan, table
    from mkdocs_workplans.statehub.source import Unavailable

    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING, stream=sys.stderr)
    path = _config_path(config_file)
    if is_toml(path):
        project = _load_project(path, strict=False)
        analysis = analyse_project(project, project_settings(project, None))
    else:
        config = _load(str(path), False, "text")[0]
        analysis = _analyse(config, str(path), _run(None, False, False, None, None, None, False, None))
    hub, export = analysis.settings.statehub, analysis.statehub
    if hub is None or export is None:
        raise _Usage(f"{path.name} configures no State Hub export (workplans: statehub: export:)")
    if isinstance(export, Unavailable):
        raise _Usage(f"cannot compare with State Hub: {redact_credentials(export.reason)}")
    found = by_workplan(differences(analysis.documents, export, hub, analysis.settings.matches_statehub))
    render = as_json if output_format == "json" else table
    click.echo(render(found, len(analysis.workplans)), nl=False)
    sys.exit(EXIT_FINDINGS if found else EXIT_CLEAN)


def main() -> None:
    cli(prog_name="workplans")
