""" "Did you mean" hints, shared by the rules and the reference engine."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def close_match(value: str, known: Iterable[str], cutoff: float = 0.7) -> str | None:
    """A "did you mean" hint for a misspelt key, value, anchor or name."""
    found = get_close_matches(value, sorted(known), n=1, cutoff=cutoff)
    return f"did you mean '{found[0]}'?" if found else None
