"""Write a synthetic docs repository of workplans and runbooks: the corpus the benchmarks time.

usage: gen_corpus.py OUT [--workplans 1000] [--runbooks 500] [--tasks 6] [--seed 1]

The corpus has the shape of SPEC §8's, so that timings stay comparable with earlier runs:

- ``tools/tool-0.sh`` … ``tool-19.sh`` and a ``Makefile`` with ``target-0`` … ``target-19``,
  which the pages' code spans name;
- ``docs/runbooks/runbook-NNNN.md``: front matter (``owner``, ``last_reviewed``) and six
  sections, each with a paragraph, a fenced command, a link to a section of some runbook and,
  half of the time, a ``make`` target and a tool path in code spans;
- ``docs/workplans/BIG-WP-NNNN.md``: front matter with a State Hub workstream id, a context
  section and ``--tasks`` tasks, each with a ``task`` block, a tool path, a link to the Deploy
  section of some runbook and a mention of some task's id;
- ``docs/index.md`` linking the first 50 workplans, and ``mkdocs.yml``.

Every link, anchor, path and id resolves; the findings come from the values drawn: finished
workplans with open tasks (WP006) and runbooks reviewed too long ago (RB002).

Choices come from SHAKE-256 of the seed and the page's name rather than from ``random``, whose
``choice`` and ``randrange`` may change between Python versions: the same arguments write a
byte-identical tree with any Python, and a page does not depend on the pages written before it.
"""

from __future__ import annotations

import argparse
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

TOOLS = 20
INDEX_LINKS = 50
PREFIX = "BIG"
WORKPLAN_STATUSES = ("planned", "active", "blocked", "finished")
TASK_STATUSES = ("todo", "in_progress", "done", "blocked")
PRIORITIES = ("low", "medium", "high")
SECTIONS = ("Purpose", "Prerequisites", "Deploy", "Smoke test", "Rollback", "Backup and restore")
VERBS = ("Rotate", "Migrate", "Harden", "Document", "Automate", "Verify", "Replace", "Upgrade")
WORDS = (
    *("deployment", "pipeline", "artifact", "mirror", "ingress", "certificate", "volume", "snapshot"),
    *("replica", "quorum", "schedule", "cronjob", "alert", "dashboard", "runbook", "tenant"),
    *("quota", "secret", "vault", "token", "rotation", "migration", "schema", "index"),
    *("cache", "proxy", "upstream", "failover", "canary", "audit", "ledger", "rollback"),
)


class Dice:
    """The choices for one page: a SHAKE-256 stream of the seed and the page's name, read in order."""

    def __init__(self, seed: int, page: str) -> None:
        self._key = f"{seed}/{page}".encode()
        self._stream = b""
        self._used = 0

    def _take(self, count: int) -> bytes:
        if self._used + count > len(self._stream):
            # SHAKE's longer outputs extend its shorter ones, so growing the stream keeps what was read.
            self._stream = hashlib.shake_256(self._key).digest(max(4096, 2 * len(self._stream), self._used + count))
        chunk = self._stream[self._used : self._used + count]
        self._used += count
        return chunk

    def below(self, bound: int) -> int:
        """A number in ``range(bound)``; with 32 bits drawn, the modulo's bias is negligible here."""
        return int.from_bytes(self._take(4), "big") % bound

    def pick(self, options: Sequence[T]) -> T:
        return options[self.below(len(options))]

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)

    def uuid4(self) -> str:
        return str(uuid.UUID(bytes=self._take(16), version=4))

    def words(self, count: int) -> str:
        text = " ".join(self.pick(WORDS) for _ in range(count))
        return text[0].upper() + text[1:] + "."


@dataclass(frozen=True)
class Names:
    """What pages point at: the tool paths, the runbooks' names, the workplans' ids."""

    tools: list[str]
    runbooks: list[str]
    workplans: list[str]
    tasks: int
    seed: int


def slug(title: str) -> str:
    """The anchor MkDocs gives a heading made of plain words."""
    return title.lower().replace(" ", "-")


def runbook(index: int, names: Names) -> str:
    dice = Dice(names.seed, names.runbooks[index])
    month, day = dice.between(1, 9), dice.between(10, 19)
    parts = [
        f'---\ntype: runbook\ntitle: Runbook {index}\nowner: ops\nlast_reviewed: "2026-{month:02d}-{day}"\n---\n\n',
        f"# Runbook {index}\n",
    ]
    for section in SECTIONS:
        parts.append(f"\n## {section}\n\n{dice.words(40)}\n")
        if dice.below(2):
            parts.append(f"\nRun `make target-{dice.below(TOOLS)}`; it calls `{dice.pick(names.tools)}`.\n")
        parts.append(f"\n```bash\nkubectl get pods -n app-{index}\n```\n")
        other, heading = dice.pick(names.runbooks), dice.pick(SECTIONS)
        parts.append(f"\nNext: [{other}]({other}.md#{slug(heading)}).\n")
    return "".join(parts)


def workplan(index: int, names: Names) -> str:
    wid = names.workplans[index]
    dice = Dice(names.seed, wid)
    parts = [
        "---\n",
        f"id: {wid}\n",
        "type: workplan\n",
        f'title: "Workplan {index}: {dice.pick(WORDS)}, {dice.pick(WORDS)}"\n',
        "domain: bench\n",
        "repo: bench-apps\n",
        f"status: {dice.pick(WORKPLAN_STATUSES)}\n",
        f"owner: team-{dice.below(8)}\n",
        f"planning_priority: {dice.pick(PRIORITIES)}\n",
        f'created: "2026-{dice.between(1, 5):02d}-{dice.between(1, 9):02d}"\n',
        f'updated: "2026-{dice.between(6, 9):02d}-{dice.between(10, 19)}"\n',
        f'state_hub_workstream_id: "{dice.uuid4()}"\n',
        "---\n\n",
        f"# Workplan {index}\n\n## Context\n\n{dice.words(80)}\n",
    ]
    for number in range(1, names.tasks + 1):
        parts += [
            f"\n## T{number:02d} - {dice.pick(VERBS)} the {dice.pick(WORDS)}\n\n",
            f"```task\nid: {wid}-T{number:02d}\nstatus: {dice.pick(TASK_STATUSES)}\n",
            f'priority: {dice.pick(PRIORITIES)}\nstate_hub_task_id: "{dice.uuid4()}"\n```\n\n',
            f"{dice.words(40)}\n\n",
            f"- edit `{dice.pick(names.tools)}`;\n",
            f"- deploy per [the runbook](../runbooks/{dice.pick(names.runbooks)}.md#deploy);\n",
            f"- depends on `{dice.pick(names.workplans)}-T{dice.between(1, names.tasks):02d}`.\n\n",
            f"Done when {dice.words(20)}\n\n---\n",
        ]
    return "".join(parts)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def generate(out: Path, workplans: int, runbooks: int, tasks: int = 6, seed: int = 1) -> None:
    names = Names(
        tools=[f"tools/tool-{n}.sh" for n in range(TOOLS)],
        runbooks=[f"runbook-{n:04d}" for n in range(runbooks)],
        workplans=[f"{PREFIX}-WP-{n:04d}" for n in range(workplans)],
        tasks=tasks,
        seed=seed,
    )
    for n, tool in enumerate(names.tools):
        write(out / tool, f"#!/bin/sh\necho tool {n} done\n")
    write(out / "Makefile", "".join(f"target-{n}:\n\t@echo target {n}\n" for n in range(TOOLS)))
    for n, name in enumerate(names.runbooks):
        write(out / "docs" / "runbooks" / f"{name}.md", runbook(n, names))
    for n, wid in enumerate(names.workplans):
        write(out / "docs" / "workplans" / f"{wid}.md", workplan(n, names))
    links = "".join(f"- [{wid}](workplans/{wid}.md)\n" for wid in names.workplans[:INDEX_LINKS])
    write(out / "docs" / "index.md", f"# Bench corpus\n\nThe first workplans:\n\n{links}")
    write(out / "mkdocs.yml", "site_name: Bench corpus\nuse_directory_urls: true\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--workplans", type=int, default=1000)
    ap.add_argument("--runbooks", type=int, default=500)
    ap.add_argument("--tasks", type=int, default=6, help="tasks per workplan")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.runbooks < 1 or args.workplans < 1 or args.tasks < 1:
        ap.error("--workplans, --runbooks and --tasks must be at least 1 (pages link to one another)")
    generate(args.out, args.workplans, args.runbooks, args.tasks, args.seed)
    print(f"wrote {args.workplans} workplans, {args.runbooks} runbooks into {args.out}")


if __name__ == "__main__":
    main()
