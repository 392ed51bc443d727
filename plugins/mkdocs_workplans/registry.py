"""The rule registry: the single source of every finding code.

Codes, default severities, one-line summaries and the longer explanations with a bad
and a good example all live here. The rules reference page of the documentation is
generated from this module, and a test compares it with the product contract, so a
code cannot be added, renamed or re-graded in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from mkdocs_workplans.codes import Code
from mkdocs_workplans.findings import Severity

Owner = Literal["workplans", "refcheck"]


@dataclass(frozen=True, slots=True)
class Rule:
    code: Code
    severity: Severity
    owner: Owner
    summary: str
    explanation: str
    bad: str
    good: str


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N for "note": info

_FM = "---\nid: OPS-WP-0001\ntype: workplan\n"

_RULES = (
    Rule(
        "IN001",
        E,
        "workplans",
        "file unreadable or not UTF-8",
        "The file could not be read as UTF-8 text (bad bytes, permissions, a symlink out of "
        "the repository, or larger than the size limit). The position is that of the first bad byte.",
        "caf\\xe9 written in Latin-1",
        "café saved as UTF-8",
    ),
    Rule(
        "IN002",
        E,
        "workplans",
        "front matter is not a YAML mapping",
        "The block between the opening and closing `---` must be a YAML mapping. Broken YAML, "
        "a list, duplicate keys or an alias bomb all stop further workplan checks of the file.",
        "---\n- id: OPS-WP-0001\n---",
        "---\nid: OPS-WP-0001\n---",
    ),
    Rule(
        "IN003",
        E,
        "workplans",
        "task block is not a YAML mapping",
        "A ```` ```task ```` block must hold a YAML mapping. The task's own checks are skipped.",
        "```task\nid: [unclosed\n```",
        "```task\nid: OPS-WP-0001-T01\n```",
    ),
    Rule(
        "IN004",
        E,
        "workplans",
        "front matter opened with `---` and never closed",
        "MkDocs reads such a file as an ordinary page and shows its YAML as text. The gate reports "
        "it at line 1, hints where the closing `---` belongs (before the first blank line or "
        "heading), and still reads the lines up to there as front matter, so that a workplan keeps "
        "its workplan and task checks.",
        "---\nid: OPS-WP-0001\ntype: workplan\n\n# Rotate the registry credentials",
        "---\nid: OPS-WP-0001\ntype: workplan\n---\n\n# Rotate the registry credentials",
    ),
    Rule(
        "WP001",
        E,
        "workplans",
        "workplan lacks a required field",
        "Every workplan needs `id`, `title`, `status`, `created` and `updated` (`state_hub_workstream_id` is WP003).",
        _FM + "status: active\n---",
        _FM + 'title: Rotate keys\nstatus: active\ncreated: "2026-06-04"\nupdated: "2026-06-05"\n---',
    ),
    Rule(
        "WP002",
        E,
        "workplans",
        "workplan field value invalid",
        "The id must match `id_pattern`, `status` must be one of `statuses`, "
        "`planning_priority` one of `priorities`, dates must be `YYYY-MM-DD`.",
        "status: done\ncreated: 4 June",
        'status: finished\ncreated: "2026-06-04"',
    ),
    Rule(
        "WP003",
        E,
        "workplans",
        "workplan has no `state_hub_workstream_id`",
        "The workplan is not mirrored in State Hub: the key is missing or empty.",
        'state_hub_workstream_id: ""',
        'state_hub_workstream_id: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"',
    ),
    Rule(
        "WP004",
        E,
        "workplans",
        "two workplans share an id",
        "Workplan ids are unique across the site; the second and later files are reported.",
        "id: OPS-WP-0001   # in two files",
        "id: OPS-WP-0002   # in the newer file",
    ),
    Rule(
        "WP005",
        W,
        "workplans",
        "`updated` before `created`, or in the future",
        'Dates out of order usually mean a copy-and-paste slip. "Today" is the current date, '
        "`SOURCE_DATE_EPOCH`, or `--today`.",
        'created: "2026-06-05"\nupdated: "2026-06-04"',
        'created: "2026-06-04"\nupdated: "2026-06-05"',
    ),
    Rule(
        "WP006",
        W,
        "workplans",
        "terminal workplan with non-terminal tasks",
        "A finished, cancelled or superseded workplan still has tasks that are not done or "
        "cancelled. Reported at each such task's `status`.",
        "status: finished   # workplan\nstatus: todo       # task",
        "status: done       # task",
    ),
    Rule(
        "WP007",
        W,
        "workplans",
        "unknown front-matter key",
        "A key the workplan schema does not know, often a typo; a close known key is suggested.",
        "planing_priority: high",
        "planning_priority: high",
    ),
    Rule(
        "WP008",
        E,
        "workplans",
        "`state_hub_workstream_id` malformed",
        "The value does not match `statehub.id_pattern` (a UUID by default).",
        "state_hub_workstream_id: TBD",
        'state_hub_workstream_id: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"',
    ),
    Rule(
        "WP011",
        W,
        "workplans",
        "workplan not updated for `stale_after_days`",
        "A workplan that is not finished, cancelled or superseded has an `updated` date older than "
        "`stale_after_days` (60 by default): either the work moved on and the page did not, or the work "
        'stalled. "Today" is the same as for WP005. The site shows a "stale" badge with the age.',
        'status: active\nupdated: "2026-06-05"   # today is 2026-11-27',
        'status: active\nupdated: "2026-11-20"',
    ),
    Rule(
        "WP009",
        E,
        "workplans",
        "`state_hub_workstream_id` not found in State Hub",
        "The workstream the workplan mirrors is not in the State Hub export (`statehub.export`): "
        "deleted in State Hub, or copied from elsewhere. Checked only when `statehub.export` is configured.",
        'state_hub_workstream_id: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"   # deleted in State Hub',
        'state_hub_workstream_id: "9a8eefb8-71a8-4927-b337-d368484080ae"   # in the export',
    ),
    Rule(
        "WP010",
        W,
        "workplans",
        "State Hub has tasks in this workstream that the workplan lacks",
        "Tasks of the workplan's workstream in the State Hub export that no task of the workplan "
        "carries as its `state_hub_task_id`: work tracked in State Hub and missing from the plan. "
        "Reported once per workplan, at its `state_hub_workstream_id`.",
        "State Hub: 4 tasks in the workstream\nworkplan: T01-T03",
        '## T04 - The fourth task\n```task\nstate_hub_task_id: "…"\n```',
    ),
    Rule(
        "TK001",
        E,
        "workplans",
        "task has no `state_hub_task_id`",
        "The task is not mirrored in State Hub: the key is missing or empty. Reported at the "
        "task block's opening fence when the key is missing, at the key when it is empty.",
        "```task\nid: OPS-WP-0001-T01\nstatus: todo\npriority: high\n```",
        "```task\nid: OPS-WP-0001-T01\nstatus: todo\npriority: high\n"
        'state_hub_task_id: "af15d202-c013-48b1-8522-671477e31381"\n```',
    ),
    Rule(
        "TK002",
        E,
        "workplans",
        "`state_hub_task_id` malformed",
        "The value does not match `statehub.id_pattern` (a UUID by default), e.g. `TBD`.",
        "state_hub_task_id: TBD",
        'state_hub_task_id: "af15d202-c013-48b1-8522-671477e31381"',
    ),
    Rule(
        "TK003",
        E,
        "workplans",
        "one State Hub ID used twice",
        "Two tasks or workstreams point at the same State Hub row; the later use is reported.",
        'state_hub_task_id: "af15d202-..."   # in T01 and T02',
        "a fresh State Hub task for T02",
    ),
    Rule(
        "TK004",
        E,
        "workplans",
        "task id missing or not `<workplan id>-Tnn`",
        "The task id must be the workplan id, `-T`, and the heading's number.",
        "## T02 - Deploy\n```task\nid: OPS-WP-0001-T03\n```",
        "## T02 - Deploy\n```task\nid: OPS-WP-0001-T02\n```",
    ),
    Rule(
        "TK005",
        E,
        "workplans",
        "two tasks share an id",
        "Task ids are unique across the site; the second and later are reported.",
        "id: OPS-WP-0001-T01   # twice",
        "id: OPS-WP-0001-T02",
    ),
    Rule(
        "TK006",
        E,
        "workplans",
        "task status or priority missing or invalid",
        "`status` must be one of `task_statuses`, `priority` one of `priorities`.",
        "status: finished\npriority: urgent",
        "status: done\npriority: critical",
    ),
    Rule(
        "TK007",
        W,
        "workplans",
        "unknown task key",
        "A key the task schema does not know, often a typo; a close known key is suggested.",
        'state_hub_taskid: "af15d202-..."',
        'state_hub_task_id: "af15d202-..."',
    ),
    Rule(
        "TK008",
        E,
        "workplans",
        "task heading with no task block",
        "A `## Tnn - Title` heading must be followed, before the next H2, by a ```` ```task ```` block.",
        "## T04 - Backups\n\nSome text.",
        "## T04 - Backups\n\n```task\nid: OPS-WP-0001-T04\n...\n```",
    ),
    Rule(
        "TK009",
        E,
        "workplans",
        "`state_hub_task_id` not found in State Hub",
        "The State Hub task the task mirrors is not in the State Hub export: its row was deleted, or "
        "the id was copied from another installation. Checked only when `statehub.export` is configured.",
        'state_hub_task_id: "af15d202-c013-48b1-8522-671477e31381"   # no such task',
        'state_hub_task_id: "6922f62b-ccc7-408b-ab69-d2c26848d708"   # in the export',
    ),
    Rule(
        "TK010",
        W,
        "workplans",
        "task status differs from State Hub's",
        "The task's `status` is not the status State Hub has for it (after `statehub.status_map`). "
        "Reported at the task's `status`; the task card shows State Hub's status beside it.",
        "status: done        # State Hub: in_progress",
        "status: in_progress # as in State Hub",
    ),
    Rule(
        "TK011",
        E,
        "workplans",
        "the State Hub task belongs to another workstream",
        "The State Hub task is in a workstream other than the workplan's `state_hub_workstream_id`: "
        "usually an id copied from another workplan. Not reported when the workplan's own workstream "
        "is not in State Hub (WP009).",
        'state_hub_task_id: "af46f8c1-520d-49f6-bc4a-3e9235d40530"   # a task of another workstream',
        'state_hub_task_id: "6922f62b-ccc7-408b-ab69-d2c26848d708"   # a task of this workstream',
    ),
    Rule(
        "RF001",
        E,
        "refcheck",
        "link target does not exist",
        "A relative link, resolved from the source file's place in the repository, names no file.",
        "[runbook](runbooks/deploy.md)   # file was renamed",
        "[runbook](runbooks/deploy-app.md)",
    ),
    Rule(
        "RF002",
        E,
        "refcheck",
        "link anchor does not exist on the target page",
        "The `#fragment` is not among the ids MkDocs generates for the target page.",
        "[retention](ops.md#retension)",
        "[retention](ops.md#retention)",
    ),
    Rule(
        "RF003",
        E,
        "refcheck",
        "code-span repository path does not exist",
        "A code span that names a repository path (it has a `/` or a known file extension and "
        "starts at a top-level entry or a configured repository) names no file.",
        "`tools/dry-run.sh`   # was renamed",
        "`tools/k8s-server-dry-run.sh`",
    ),
    Rule(
        "RF004",
        E,
        "refcheck",
        "workplan/task ID that exists nowhere known",
        "An id in prose or a code span is neither in this site nor in a configured sibling.",
        "see OPS-WP-0009-T01   # never existed",
        "see OPS-WP-0001-T01",
    ),
    Rule(
        "RF005",
        E,
        "refcheck",
        "absolute local filesystem path",
        "`/home/...`, `/Users/...` or `C:\\...` only work on one machine; reported instead of RF003.",
        "`/home/alice/forge/docs/x.md`",
        "[x](railiance-forge:docs/x.md)",
    ),
    Rule(
        "RF006",
        E,
        "refcheck",
        "retired pattern",
        "Text matches a configured `retired` pattern; the configured message says why.",
        "--build-context issue-core=../issue-core",
        "the published package",
    ),
    Rule(
        "RF007",
        E,
        "refcheck",
        "`make TARGET` with no such target",
        "The repository's Makefile (and the files it includes) defines no such target.",
        "`make dry-run`",
        "`make k8s-server-dry-run`",
    ),
    Rule(
        "RF008",
        W,
        "refcheck",
        "reference to a cancelled or superseded workplan or task",
        "A page that is not itself terminal points at work that was dropped.",
        "follow OPS-WP-0003   # cancelled",
        "follow OPS-WP-0004   # its replacement",
    ),
    Rule(
        "RF009",
        W,
        "refcheck",
        "link to a repository file that is not a page, with no `source_url`",
        "Readers of the site cannot open the file: configure `source_url` so the link goes to the forge.",
        "[script](../tools/x.sh)   # no source_url",
        "source_url: https://git.example/org/repo/src/branch/main/",
    ),
    Rule(
        "RF010",
        E,
        "refcheck",
        "empty link target, or reference to an undefined label",
        "Python-Markdown renders `[text]()` as a link to nowhere and `[text][label]` without a "
        "`[label]: target` definition as plain brackets; readers see both. A shortcut `[label]` is not "
        "reported (task lists and prose use brackets); with mkdocs-autorefs (or mkdocstrings), "
        "`[text][identifier]` is a cross-reference and only empty targets are reported.",
        "[Asking with prompts]()   [setup][instal]",
        "[Asking with prompts](prompts.md)   [setup][install]",
    ),
    Rule(
        "XR001",
        E,
        "refcheck",
        "unknown repository name",
        "`name:path` names a repository that `refcheck.repos` does not configure.",
        "[x](railiance-forje:docs/x.md)",
        "[x](railiance-forge:docs/x.md)",
    ),
    Rule(
        "XR002",
        E,
        "refcheck",
        "sibling target file does not exist",
        "The file is not in the sibling's checkout or inventory.",
        "[x](railiance-forge:docs/gone.md)",
        "[x](railiance-forge:docs/x.md)",
    ),
    Rule(
        "XR003",
        E,
        "refcheck",
        "sibling anchor does not exist",
        "The sibling page has no such anchor.",
        "[x](railiance-forge:docs/x.md#nope)",
        "[x](railiance-forge:docs/x.md#retention)",
    ),
    Rule(
        "XR004",
        E,
        "refcheck",
        "sibling target cannot be verified",
        "No checkout and no reachable inventory. With `offline: true` this is a warning.",
        "inventory: https://docs.example/forge/workplans-inventory.json   # down",
        "path: ../railiance-forge",
    ),
    Rule(
        "XR005",
        E,
        "refcheck",
        "path escapes the sibling repository",
        "`..` segments lead outside the sibling's root.",
        "[x](railiance-forge:../../etc/passwd)",
        "[x](railiance-forge:docs/x.md)",
    ),
    Rule(
        "EX001",
        E,
        "refcheck",
        "external URL answers 4xx/5xx (not 429)",
        "The server answered with an error status.",
        "https://example.org/gone",
        "https://example.org/page",
    ),
    Rule(
        "EX002",
        W,
        "refcheck",
        "external URL unreachable",
        "DNS, TLS, connection or timeout failure.",
        "https://no-such-host.example/",
        "https://example.org/",
    ),
    Rule(
        "EX003",
        N,
        "refcheck",
        "permanent redirect",
        "The URL moved for good (301/308); link the new address.",
        "http://example.org/old",
        "https://example.org/new",
    ),
    Rule(
        "EX004",
        W,
        "refcheck",
        "still rate-limited after retries",
        "The server kept answering 429.",
        "a host that throttles CI",
        "`external.per_host: 1` or `ignore`",
    ),
    Rule(
        "RB001",
        E,
        "workplans",
        "runbook lacks a required section",
        "Every runbook must have a heading for each title in `runbooks.required_sections`.",
        "# Deploy\n## Steps",
        "# Deploy\n## Steps\n## Rollback",
    ),
    Rule(
        "RB002",
        W,
        "workplans",
        "runbook review overdue",
        "`last_reviewed` is older than `runbooks.review_max_age_days`.",
        'last_reviewed: "2025-01-10"',
        'last_reviewed: "2026-06-01"',
    ),
    Rule(
        "RB003",
        W,
        "workplans",
        "runbook lacks `owner` or `last_reviewed`",
        "Without an owner and a review date nobody knows whether the runbook still works.",
        "---\ntype: runbook\n---",
        '---\ntype: runbook\nowner: ops\nlast_reviewed: "2026-06-01"\n---',
    ),
    Rule(
        "SH001",
        W,
        "workplans",
        "the State Hub checks did not run",
        "`statehub.export` is configured but was not read: `--offline` (or `offline: true`) with an "
        "export URL, or the export is unreachable, too large, or not a valid export. Reported once, at "
        "`export:` in the configuration; no other State Hub finding is reported then. A warning, so it "
        "fails `--strict`.",
        "export: https://statehub.example/export.json   # down",
        "export: https://statehub.example/export.json   # answering",
    ),
)

RULES: MappingProxyType[Code, Rule] = MappingProxyType({rule.code: rule for rule in _RULES})

SEVERITY_NAMES = ("error", "warning", "info", "ignore")


def severity_from_name(name: str) -> Severity | None:
    """Map a ``rules:`` value to a severity; ``ignore`` maps to ``None``."""
    return None if name == "ignore" else Severity[name.upper()]
