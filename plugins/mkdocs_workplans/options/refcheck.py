"""Typed options of the ``refcheck`` plugin (``plugins: - refcheck: ...``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_workplans.options.types import Bounded, HeaderRules, Regex, RuleSeverities


class RepoConfig(base.Config):
    path = c.Optional(c.Type(str))
    """Local checkout, relative to ``mkdocs.yml``."""
    site_url = c.Optional(c.Type(str))
    source_url = c.Optional(c.Type(str))
    inventory = c.Optional(c.Type(str))
    """URL or file path of the sibling's ``workplans-inventory.json``."""


class PathsConfig(base.Config):
    scope = c.ListOfItems(c.Choice(("workplan", "runbook", "page")), default=["workplan", "runbook"])
    """Which pages RF003 (code-span paths), RF005 (home paths in code) and RF007 (``make`` targets) check.

    Workplans and runbooks describe this repository; other pages are full of paths of
    the reader's project, icon names and examples, which are not claims about this tree.
    """


class RetiredConfig(base.Config):
    pattern = Regex()
    message = c.Type(str, default="retired instruction")
    applies_to = c.ListOfItems(c.Choice(("workplan", "runbook", "page")), default=["workplan", "runbook", "page"])


class ExternalConfig(base.Config):
    enabled = c.Type(bool, default=False)
    timeout = Bounded(float, 10.0, 0.01)
    """Seconds for each request attempt, connecting included."""
    concurrency = Bounded(int, 32, 1)
    per_host = Bounded(int, 4, 1)
    retries = Bounded(int, 2, 0)
    backoff = Bounded(float, 0.5, 0.0)
    cache = c.Optional(c.Type(str))
    """Relative to ``mkdocs.yml``; unset: ``external.json`` in the user's cache directory; ``""``: no cache."""
    cache_ttl_days = Bounded(int, 7, 0)
    ignore = c.ListOfItems(Regex(), default=[])
    """Regular expressions searched in each URL; a match skips it."""
    allow_private = c.Type(bool, default=False)
    headers = HeaderRules()


class RefcheckConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """``false`` turns the plugin off without removing its settings (as Material's plugins do)."""
    repos = c.DictOfItems(c.SubConfig(RepoConfig), default={})
    source_url = c.Optional(c.Type(str))
    retired = c.ListOfItems(c.SubConfig(RetiredConfig), default=[])
    paths = c.SubConfig(PathsConfig)
    history = c.Choice(("relaxed", "strict"), default="relaxed")
    offline = c.Type(bool, default=False)
    external = c.SubConfig(ExternalConfig)
    rules = RuleSeverities()
