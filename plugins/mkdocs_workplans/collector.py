"""Keeping a model that lives as long as the build out of the cyclic garbage collector.

The models made here have no cycles, and are freed by reference counting alone. The collector
would only traverse them again and again: its passes over hundreds of thousands of young objects
cost a seventh of a check, and every later collection of a build (MkDocs' own included) would
traverse the whole model again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def uncollected() -> Iterator[None]:
    """Pause the cyclic garbage collector while a model is made, then freeze the model (with whatever
    else lives then) out of its generations (``gc.freeze``); without cycles it is still freed by
    reference counting."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
