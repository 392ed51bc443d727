"""Config option types shared by both plugins' typed configs."""

from __future__ import annotations

import re

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from mkdocs_workplans.registry import RULES, SEVERITY_NAMES


class Regex(c.Type[str]):
    """A string that must compile as a Python regular expression."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        try:
            re.compile(text)
        except re.error as error:
            raise ValidationError(f"not a valid regular expression: {error}") from None
        return text


class RuleSeverities(c.DictOfItems[str]):
    """``{CODE: error|warning|info|ignore}``; an unknown code is named in the error."""

    def __init__(self) -> None:
        super().__init__(c.Choice(SEVERITY_NAMES), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        result = super().run_validation(value)
        for code in result:
            if code not in RULES:
                raise ValidationError(f"unknown rule code '{code}'")
        return result


def string_list(default: list[str]) -> c.ListOfItems[str]:
    return c.ListOfItems(c.Type(str), default=default)
