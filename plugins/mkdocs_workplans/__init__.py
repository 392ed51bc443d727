"""mkdocs-workplans: MkDocs plugins and a CI gate for operators' workplans and runbooks."""

from __future__ import annotations

__version__ = "0.1.0"
