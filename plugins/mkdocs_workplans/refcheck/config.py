"""Typed configuration of the ``refcheck`` plugin (``plugins: - refcheck: ...``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_workplans.config_options import Regex, RuleSeverities, string_list


class RepoConfig(base.Config):
    path = c.Optional(c.Type(str))
    """Local checkout, relative to ``mkdocs.yml``."""
    site_url = c.Optional(c.Type(str))
    source_url = c.Optional(c.Type(str))
    inventory = c.Optional(c.Type(str))
    """URL or file path of the sibling's ``workplans-inventory.json``."""


class RetiredConfig(base.Config):
    pattern = Regex()
    message = c.Type(str, default="retired instruction")
    applies_to = c.ListOfItems(c.Choice(("workplan", "runbook", "page")), default=["workplan", "runbook", "page"])


class ExternalConfig(base.Config):
    enabled = c.Type(bool, default=False)
    timeout = c.Type((int, float), default=10)
    concurrency = c.Type(int, default=32)
    per_host = c.Type(int, default=4)
    retries = c.Type(int, default=2)
    cache = c.Type(str, default=".cache/workplans/external.json")
    cache_ttl_days = c.Type(int, default=7)
    ignore = string_list([])
    allow_private = c.Type(bool, default=False)
    headers = c.DictOfItems(c.Type(str), default={})


class RefcheckConfig(base.Config):
    repos = c.DictOfItems(c.SubConfig(RepoConfig), default={})
    source_url = c.Optional(c.Type(str))
    retired = c.ListOfItems(c.SubConfig(RetiredConfig), default=[])
    history = c.Choice(("relaxed", "strict"), default="relaxed")
    offline = c.Type(bool, default=False)
    external = c.SubConfig(ExternalConfig)
    rules = RuleSeverities()
