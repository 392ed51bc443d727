"""Allow ``python -m mkdocs_workplans`` as a spelling of the ``workplans`` command."""

from __future__ import annotations

from mkdocs_workplans.cli import main

main()
