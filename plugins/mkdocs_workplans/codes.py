"""Every finding code as a type, so a misspelt code is a type error, not a silent new rule.

``Code`` is a ``Literal`` rather than an ``Enum`` because codes travel as plain strings
(JSON, SARIF, ``rules:`` options) and a ``Literal`` costs nothing at run time; the
registry (:mod:`mkdocs_workplans.registry`) holds one entry for each, which a test
asserts.
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Code = Literal[
    "IN001",
    "IN002",
    "IN003",
    "IN004",
    "WP001",
    "WP002",
    "WP003",
    "WP004",
    "WP005",
    "WP006",
    "WP007",
    "WP008",
    "WP009",
    "WP010",
    "WP011",
    "TK001",
    "TK002",
    "TK003",
    "TK004",
    "TK005",
    "TK006",
    "TK007",
    "TK008",
    "TK009",
    "TK010",
    "TK011",
    "RF001",
    "RF002",
    "RF003",
    "RF004",
    "RF005",
    "RF006",
    "RF007",
    "RF008",
    "RF009",
    "RF010",
    "XR001",
    "XR002",
    "XR003",
    "XR004",
    "XR005",
    "EX001",
    "EX002",
    "EX003",
    "EX004",
    "RB001",
    "RB002",
    "RB003",
    "SH001",
]

CODES: frozenset[str] = frozenset(get_args(Code))


def is_code(value: str) -> TypeGuard[Code]:
    """Whether ``value`` is a known code (for option values and other untyped input)."""
    return value in CODES
