"""The State Hub export that matches a ``gen_corpus.py`` corpus: a workstream per workplan, a task per task.

usage: statehub_export.py CORPUS OUT.json [--drift 50] [--extra 0]

Every workplan's ``state_hub_workstream_id`` and every task's ``state_hub_task_id`` are
in the export, with the task's status; every ``--drift``-th task has another status in
State Hub (TK010), and ``--extra`` State Hub tasks per workplan that no task carries
(WP010), so the checks compare, find and report as they would on a real tracker. The
default corpus (1,000 workplans × 6 tasks) gives an export of 6,000 tasks.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

WORKSTREAM_RE = re.compile(r'^state_hub_workstream_id: "([^"]+)"$', re.MULTILINE)
TASK_RE = re.compile(
    r'^```task\nid: (\S+)\nstatus: (\S+)\npriority: \S+\nstate_hub_task_id: "([^"]+)"\n```$', re.MULTILINE
)
OTHER_STATUS = {"todo": "in_progress", "in_progress": "done", "done": "todo", "blocked": "todo"}


def export_for(corpus: Path, drift: int = 50, extra: int = 0) -> dict[str, Any]:
    workstreams: list[dict[str, str]] = []
    tasks: list[dict[str, str]] = []
    for path in sorted((corpus / "docs" / "workplans").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = WORKSTREAM_RE.search(text)
        if found is None:
            continue
        stream = found.group(1)
        workstreams.append({"id": stream, "title": path.stem})
        for ident, status, hub_id in TASK_RE.findall(text):
            if drift and (len(tasks) + 1) % drift == 0:
                status = OTHER_STATUS.get(status, "todo")
            tasks.append({"id": hub_id, "workstream_id": stream, "status": status, "title": ident})
        for number in range(extra):
            tasks.append({"id": f"{stream}-extra-{number}", "workstream_id": stream, "status": "todo", "title": "new"})
    return {"workstreams": workstreams, "tasks": tasks}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--drift", type=int, default=50, help="every Nth task has another status in State Hub (0: none)")
    ap.add_argument("--extra", type=int, default=0, help="State Hub tasks per workstream that no task carries")
    args = ap.parse_args()
    data = export_for(args.corpus, args.drift, args.extra)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['workstreams'])} workstreams, {len(data['tasks'])} tasks")


if __name__ == "__main__":
    main()
