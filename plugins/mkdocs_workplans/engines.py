"""Which engine builds a site, so that the gate can say when the plugins listed for it do not run.

Zensical reads ``mkdocs.yml`` and ``zensical.toml`` but runs no MkDocs plugin, and says
nothing about the ones it skips: a site moved to it keeps ``plugins: [workplans]`` and
silently loses its gate. ``workplans check`` looks for the signs (a ``zensical.toml``, or
``zensical`` among the project's dependencies) and says once what runs the gate instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_workplans.project import ProjectError, read_toml

#: A requirement (a line of ``requirements*.txt``, or a dependency string) naming ``zensical``.
_ZENSICAL_RE = re.compile(r"^\s*zensical(?![\w.-])", re.IGNORECASE)

#: The dependency groups and extras that say how the site is built, besides the main dependencies.
DOCS_GROUPS = ("docs", "doc", "documentation", "site")


def _declared(pyproject: Path) -> list[str]:
    """The dependency strings that build the project or its docs: a test extra is not a build."""
    try:
        data = read_toml(pyproject)
    except ProjectError:
        return []
    project = data.get("project", {})
    found = list(project.get("dependencies", []))
    for groups in (project.get("optional-dependencies", {}), data.get("dependency-groups", {})):
        for name in DOCS_GROUPS:
            found.extend(item for item in groups.get(name, []) if isinstance(item, str))
    return [item for item in found if isinstance(item, str)]


def zensical_evidence(root: Path) -> str | None:
    """Why Zensical seems to build the site in ``root``, or ``None``."""
    if (root / "zensical.toml").is_file():
        return "zensical.toml is next to it"
    if (root / "pyproject.toml").is_file() and any(
        _ZENSICAL_RE.match(item) for item in _declared(root / "pyproject.toml")
    ):
        return "pyproject.toml depends on zensical"
    for path in sorted(root.glob("requirements*.txt")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        if any(_ZENSICAL_RE.match(line) for line in lines):
            return f"{path.name} depends on zensical"
    return None


def gate_command(config_file: Path) -> str:
    return f"workplans check -f {config_file.name}"


def zensical_notice(config_file: Path, plugins: list[str], extension: bool) -> str | None:
    """What to say when ``config_file`` lists our ``plugins`` and Zensical builds from it;
    ``extension`` tells whether it lists the Markdown extension already."""
    if not plugins:
        return None
    listed = " and ".join(f"'{name}'" for name in plugins)
    if config_file.name == "zensical.toml":
        return (
            f"note: Zensical does not run plugins; {listed} in zensical.toml only configure this gate. "
            f"It fails nothing in 'zensical build': run '{gate_command(config_file)}' in CI, and "
            f"'workplans generate -f {config_file.name}' before the build for the index pages"
        )
    evidence = zensical_evidence(config_file.parent)
    if evidence is None:
        return None
    render = "" if extension else ", list 'mkdocs_workplans.markdown' under markdown_extensions"
    target = config_file.parent / "zensical.toml"
    command = gate_command(target if target.is_file() else config_file)
    return (
        f"note: Zensical builds this site ({evidence}) and does not run the {listed} "
        f"plugin{'s' if len(plugins) > 1 else ''} listed in {config_file.name}: its build neither checks "
        f"nor renders workplans. Run '{command}' in CI{render}, and run 'workplans generate' before 'zensical build'"
    )
