"""TK009-TK011, WP009, WP010 and SH001: workplans and tasks against the State Hub export.

They run only when ``statehub.export`` is configured. When the export was not read
(offline, unreachable, not an export) the one finding is SH001, at ``export:`` in the
configuration: every other verdict would be a guess.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.codes import Code
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.site import Site
from mkdocs_workplans.statehub.compare import Difference, Kind, differences
from mkdocs_workplans.statehub.source import Unavailable

CODES: dict[Kind, Code] = {
    "unknown_workstream": "WP009",
    "unknown_task": "TK009",
    "status_drift": "TK010",
    "workstream_mismatch": "TK011",
    "missing_rows": "WP010",
}
LISTED = 3
"""How many of the tasks a WP010 finding names; the count says how many more."""


def check_statehub(site: Site) -> Iterator[Finding]:
    hub, export = site.settings.statehub, site.statehub
    if hub is None or export is None:
        return
    if isinstance(export, Unavailable):
        yield Finding(
            "SH001",
            hub.config_path,
            hub.config_line,
            hub.config_column,
            f"the State Hub checks did not run: {export.reason}",
            export.hint,
        )
        return
    for difference in differences(site.documents, export, hub, site.settings.matches_statehub):
        code = CODES[difference.kind]
        yield Finding(code, difference.path, difference.line, difference.column, message(difference))


def quoted(text: str, limit: int = 60) -> str:
    """A value from State Hub, on one line and short: it ends up in logs and annotations."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def message(difference: Difference) -> str:
    ident, kind = quoted(difference.state_hub_id), difference.kind
    if kind == "unknown_workstream":
        return f"state_hub_workstream_id {ident} is not a workstream in State Hub"
    if kind == "unknown_task":
        return f"task {difference.task}: state_hub_task_id {ident} is not a task in State Hub"
    if kind == "status_drift":
        ours, theirs = quoted(difference.ours or ""), quoted(difference.theirs or "")
        return f"task {difference.task} is {ours} here but {theirs} in State Hub"
    if kind == "workstream_mismatch":
        return (
            f"task {difference.task}: State Hub task {ident} belongs to workstream "
            f"{quoted(difference.theirs or '')}, not to the workplan's {quoted(difference.ours or '')}"
        )
    names = ", ".join(f"{quoted(task.title or task.id)} ({quoted(task.id)})" for task in difference.missing[:LISTED])
    more = len(difference.missing) - LISTED
    count = len(difference.missing)
    return (
        f"State Hub has {count} task{'s' if count != 1 else ''} in workstream {ident} that no task of this "
        f"workplan carries: {names}" + (f" and {more} more" if more > 0 else "")
    )
