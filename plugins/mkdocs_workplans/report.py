"""Output formats of ``workplans check``: text, json, github, junit, sarif.

Every format is a pure function of the analysis, so the same input gives the same
bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from mkdocs_workplans import __version__
from mkdocs_workplans.analysis import Analysis
from mkdocs_workplans.controls import printable
from mkdocs_workplans.findings import Severity
from mkdocs_workplans.registry import RULES

TOOL = {"name": "mkdocs-workplans", "version": __version__}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def text(analysis: Analysis) -> str:
    lines = [item.finding.render() for item in analysis.reported]
    s = analysis.summary()
    scope = f"{_plural(s['files'], 'file')}, {_plural(s['workplans'], 'workplan')}, {_plural(s['tasks'], 'task')}"
    if analysis.reported:
        counts = f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}, {_plural(s['infos'], 'info')}"
        lines.append(f"Found {counts} in {scope}.")
    else:
        lines.append(f"All checks passed: {scope}.")
    return "\n".join(lines) + "\n"


def as_json(analysis: Analysis) -> str:
    document = {
        "version": 1,
        "tool": TOOL,
        "findings": [
            {
                "code": item.finding.code,
                "severity": item.severity.label,
                "path": printable(item.finding.path),
                "line": item.finding.line,
                "column": item.finding.column,
                "message": item.finding.message,
                "hint": item.finding.hint,
            }
            for item in analysis.reported
        ],
        "summary": analysis.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _github_escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github(analysis: Analysis) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's diff."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for item in analysis.reported:
        f = item.finding
        message = f"{f.message} ({f.hint})" if f.hint else f.message
        lines.append(
            f"::{kinds[item.severity]} file={_github_escape(printable(f.path), True)},line={f.line},col={f.column},"
            f"title={f.code}::{_github_escape(message)}"
        )
    return "".join(line + "\n" for line in lines)


def junit(analysis: Analysis) -> str:
    """One test case per file; errors (and warnings) are failures, infos are not listed."""
    by_path: dict[str, list[str]] = {doc.path: [] for doc in analysis.documents}
    failures = 0
    for item in analysis.reported:
        if item.severity is Severity.INFO:
            continue
        f = item.finding
        failures += 1
        by_path.setdefault(f.path, []).append(
            f"<failure type={quoteattr(f.code)} message={quoteattr(f.render())}>"
            f"{escape(item.severity.label)}: {escape(f.render())}</failure>"
        )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="workplans" tests="{len(by_path)}" failures="{failures}">',
        f'<testsuite name="workplans check" tests="{len(by_path)}" failures="{failures}">',
    ]
    for path in sorted(by_path):
        cases = by_path[path]
        out.append(f'<testcase classname="workplans" name={quoteattr(printable(path))}>{"".join(cases)}</testcase>')
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def sarif(analysis: Analysis) -> str:
    """SARIF 2.1.0, for code-scanning dashboards."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    used = sorted({item.finding.code for item in analysis.reported})
    rules = [
        {
            "id": code,
            "shortDescription": {"text": RULES[code].summary},
            "fullDescription": {"text": RULES[code].explanation},
            "defaultConfiguration": {"level": levels[RULES[code].severity]},
        }
        for code in used
    ]
    results = []
    for item in analysis.reported:
        f = item.finding
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": used.index(f.code),
                "level": levels[item.severity],
                "message": {"text": f"{f.message} ({f.hint})" if f.hint else f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": printable(f.path), "uriBaseId": "SRCROOT"},
                            "region": {"startLine": f.line, "startColumn": f.column},
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL["name"],
                        "version": TOOL["version"],
                        "informationUri": "https://pypi.org/project/mkdocs-workplans/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Analysis], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
    "sarif": sarif,
}
