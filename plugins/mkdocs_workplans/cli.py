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

import click

from mkdocs_workplans import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Usage(click.ClickException):
    """A configuration or usage problem: one line on stderr, exit 2."""

    exit_code = EXIT_USAGE


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workplans")
def cli() -> None:
    """Check workplans, runbooks and their references without building the site."""


@cli.command()
@click.option(
    "-f",
    "--config-file",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The mkdocs.yml to read.",
)
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "github", "junit", "sarif"]),
)
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--offline", is_flag=True, help="Unverifiable sibling targets are warnings (XR004).")
@click.option("--external", is_flag=True, help="Check external URLs (EX001-EX004).")
@click.option("--output", "output", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--today", callback=_parse_today, help="The date to check against (YYYY-MM-DD).")
def check(
    config_file: str,
    output_format: str,
    strict: bool,
    offline: bool,
    external: bool,
    output: str | None,
    today: dt.date | None,
) -> None:
    """Report every finding as PATH:LINE:COL CODE MESSAGE; exit 1 when one fails."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.structure.files import get_files

    from mkdocs_workplans.analysis import analyse, parse_options
    from mkdocs_workplans.report import FORMATS
    from mkdocs_workplans.settings import Settings
    from mkdocs_workplans.sources import add_includes, sources

    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING, stream=sys.stderr)
    if not Path(config_file).is_file():
        raise _Usage(f"no such configuration file: {config_file}")
    try:
        config = load_config(config_file=config_file)
    except ConfigurationError as error:
        raise _Usage(f"invalid configuration in {config_file}: {error}") from None
    except Exception as error:
        raise _Usage(f"cannot load {config_file}: {error}") from None
    settings = Settings.from_mkdocs(config, today, offline=offline, external=external)
    if not (settings.workplans or settings.refcheck):
        raise _Usage(f"{config_file} configures neither the 'workplans' nor the 'refcheck' plugin")
    files = get_files(config)
    problems = add_includes(files, config, settings)
    analysis = analyse(sources(files, settings), parse_options(config, settings), settings, problems)
    report = FORMATS[output_format](analysis)
    if output:
        Path(output).write_text(report, encoding="utf-8")
        if output_format != "text":
            click.echo(FORMATS["text"](analysis), nl=False)
    else:
        click.echo(report, nl=False)
    sys.exit(EXIT_FINDINGS if analysis.failed(strict) else EXIT_CLEAN)


def main() -> None:
    cli(prog_name="workplans")
