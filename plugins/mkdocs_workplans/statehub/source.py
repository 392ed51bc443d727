"""Reading the configured export: a file, or a URL fetched under the one fetch policy.

Whatever goes wrong — offline, a missing file, a server that is down, slow, answers
401 or sends garbage or too much — becomes an :class:`Unavailable` with a reason fit
for a finding, never an exception: the checks then report that they did not run
(SH001) instead of guessing.

The bearer token is read from its environment variable at the moment of the request,
goes into the request's headers (sent to the configured origin only, see
:mod:`mkdocs_workplans.external.fetch`) and nowhere else: not into messages, the
settings, or the cache.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs_workplans.settings import StateHub
from mkdocs_workplans.statehub import cache
from mkdocs_workplans.statehub.export import MAX_BYTES, Export, ExportError, parse_export


@dataclass(frozen=True)
class Unavailable:
    """Why the export was not read; ``hint`` says what to do about it, when we know."""

    reason: str
    hint: str | None = None


def load_export(hub: StateHub, offline: bool) -> Export | Unavailable:
    """The export ``hub`` configures, or why not."""
    fetched: float | None = None
    if not hub.is_url:
        raw = _read(hub)
    elif offline:
        return Unavailable(f"offline: the export {hub.shown} was not fetched")
    else:
        fetched = time.time()
        kept = cache.read(hub.cache, hub.export, fetched, hub.max_age) if hub.cache is not None else None
        raw = kept if kept is not None else _fetch(hub)
        fetched = None if kept is not None else fetched
    if isinstance(raw, Unavailable):
        return raw
    try:
        export = parse_export(raw)
    except ExportError as error:
        return Unavailable(f"the export {hub.shown} is not a State Hub export: {error}")
    if fetched is not None and hub.cache is not None:
        cache.write(hub.cache, hub.export, fetched, raw)
    return export


def _read(hub: StateHub) -> bytes | Unavailable:
    try:
        with Path(hub.export).open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as error:
        return Unavailable(f"cannot read the export {hub.shown}: {error.strerror or error.__class__.__name__}")
    if len(raw) > MAX_BYTES:
        return Unavailable(f"the export {hub.shown} is larger than {MAX_BYTES} bytes")
    return raw


def _fetch(hub: StateHub) -> bytes | Unavailable:
    # Imported here: aiohttp is loaded only by runs that fetch (as for sibling inventories).
    from mkdocs_workplans.external.fetch import FetchError, FetchPolicy, fetch

    token = os.environ.get(hub.token_env, "") if hub.token_env else ""
    if token and not (token.isascii() and token.isprintable()):
        return Unavailable(f"the value of {hub.token_env} is not a valid bearer token (printable ASCII)")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = fetch(hub.export, policy=FetchPolicy(timeout=hub.timeout, max_bytes=MAX_BYTES, headers=headers))
    if isinstance(body, FetchError):
        hint = f"the environment variable {hub.token_env} is not set" if hub.token_env and not token else None
        return Unavailable(f"the export {hub.shown}: {body.reason}", hint)
    return body
