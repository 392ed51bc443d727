"""Which engine builds a site, so that the gate can say when the plugins listed for it do not run.

Zensical reads ``mkdocs.yml`` and ``zensical.toml`` but runs no MkDocs plugin, and says
nothing about the ones it skips: a site moved to it keeps ``plugins: [workplans]`` and
silently loses its gate. ``workplans check`` looks for the signs (a ``zensical.toml``, or
``zensical`` among the project's dependencies) and says once what runs the gate instead.
"""

from __future__ import annotations

import re
from pathlib import Path

#: A requirement line or dependency string that names the ``zensical`` distribution.
_ZENSICAL_RE = re.compile(r"""(?im)^\s*["']?zensical(?![\w.-])""")


def zensical_evidence(root: Path) -> str | None:
    """Why Zensical seems to build the site in ``root``, or ``None``."""
    if (root / "zensical.toml").is_file():
        return "zensical.toml is next to it"
    for name in ("pyproject.toml", *sorted(path.name for path in root.glob("requirements*.txt"))):
        try:
            text = (root / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if name == "pyproject.toml":
            # Only the dependency strings: a quoted "zensical..." at the start of an array item.
            text = "\n".join(re.findall(r"""["']\s*zensical[^"']*["']""", text))
        if _ZENSICAL_RE.search(text):
            return f"{name} depends on zensical"
    return None


def gate_command(config_file: Path) -> str:
    return f"workplans check -f {config_file.name}"


def zensical_notice(config_file: Path, plugins: list[str]) -> str | None:
    """What to say when ``config_file`` lists our ``plugins`` and Zensical builds from it."""
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
    target = config_file.parent / "zensical.toml"
    command = gate_command(target if target.is_file() else config_file)
    return (
        f"note: Zensical builds this site ({evidence}) and does not run the {listed} "
        f"plugin{'s' if len(plugins) > 1 else ''} listed in {config_file.name}: its build neither checks "
        f"nor renders workplans. Run '{command}' in CI, list 'mkdocs_workplans.markdown' under "
        f"markdown_extensions, and run 'workplans generate' before 'zensical build'"
    )
