"""Output formats of ``workplans check``: text, json, github, junit, sarif.

Every format is a pure function of the analysis, so the same input gives the same
bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from mkdocs_workplans import __version__
from mkdocs_workplans.analysis import Analysis
from mkdocs_workplans.controls import printable
from mkdocs_workplans.findings import Severity
from mkdocs_workplans.registry import RULES

TOOL = {"name": "mkdocs-workplans", "version": __version__}


@dataclass(frozen=True)
class Context:
    """What the run knows besides the analysis: the configuration's warnings, where they belong."""

    configuration: tuple[str, ...] = ()
    """MkDocs' warnings about ``mkdocs.yml`` (an unknown option): a build shows them, so does every format."""
    config_file: str = "mkdocs.yml"
    strict: bool = False


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def text(analysis: Analysis, context: Context = Context()) -> str:
    lines = [item.finding.render() for item in analysis.reported]
    ratchet = analysis.ratchet
    if ratchet is not None and ratchet.fixed:
        count = len(ratchet.fixed)
        lines.append(
            f"{_plural(count, 'finding')} of the baseline {'is' if count == 1 else 'are'} fixed "
            "(remove them with --update-baseline):"
        )
        lines.extend(f"  {entry.render()}" for entry in ratchet.fixed)
    s = analysis.summary()
    scope = f"{_plural(s['files'], 'file')}, {_plural(s['workplans'], 'workplan')}, {_plural(s['tasks'], 'task')}"
    notes = []
    if ratchet is not None and ratchet.known:
        notes.append(f"{_plural(ratchet.known, 'finding')} of the baseline")
    if analysis.changed is not None:
        ref, files = analysis.changed
        notes.append(f"findings in the {_plural(len(files), 'file')} changed since {ref} and caused by them")
    if context.strict and s["warnings"]:
        notes.append("strict mode: warnings fail")
    scope += f" ({'; '.join(notes)})" if notes else ""
    if analysis.reported or context.configuration:
        counts = f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}, {_plural(s['infos'], 'info')}"
        if context.configuration:
            counts += f", {_plural(len(context.configuration), 'configuration warning')}"
        lines.append(f"Found {counts} in {scope}.")
    else:
        lines.append(f"All checks passed: {scope}.")
    return "\n".join(lines) + "\n"


def as_json(analysis: Analysis, context: Context = Context()) -> str:
    document: dict[str, object] = {
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
    if context.configuration:
        document["configuration"] = [
            {"severity": "warning", "path": context.config_file, "message": message}
            for message in context.configuration
        ]
    if analysis.ratchet is not None:
        document["baseline"] = {
            "known": analysis.ratchet.known,
            "fixed": [{"path": e.path, "code": e.code, "message": e.message} for e in analysis.ratchet.fixed],
        }
    if analysis.changed is not None:
        document["changed_since"] = {"ref": analysis.changed[0], "files": sorted(analysis.changed[1])}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _github_escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github_command(kind: str, path: str, title: str, message: str) -> str:
    """One workflow command: ``::error file=mkdocs.yml,title=configuration::...``."""
    return f"::{kind} file={_github_escape(path, True)},title={_github_escape(title, True)}::{_github_escape(message)}"


def github(analysis: Analysis, context: Context = Context()) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's diff."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = [
        github_command("warning", context.config_file, "configuration", message) for message in context.configuration
    ]
    for item in analysis.reported:
        f = item.finding
        message = f"{f.message} ({f.hint})" if f.hint else f.message
        lines.append(
            f"::{kinds[item.severity]} file={_github_escape(printable(f.path), True)},line={f.line},col={f.column},"
            f"title={f.code}::{_github_escape(message)}"
        )
    if analysis.ratchet is not None and analysis.ratchet.fixed:
        fixed = "; ".join(entry.render() for entry in analysis.ratchet.fixed)
        lines.append(f"::notice title=baseline::{_github_escape(f'fixed, remove from the baseline: {fixed}')}")
    return "".join(line + "\n" for line in lines)


def junit(analysis: Analysis, context: Context = Context()) -> str:
    """One test case per file; errors (and warnings) are failures, infos are not listed."""
    by_path: dict[str, list[str]] = {doc.path: [] for doc in analysis.documents}
    failures = 0
    for message in context.configuration:
        failures += 1
        by_path.setdefault(context.config_file, []).append(
            f'<failure type="configuration" message={quoteattr(message)}>warning: {escape(message)}</failure>'
        )
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


def sarif(analysis: Analysis, context: Context = Context()) -> str:
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
    log: dict[str, Any] = {
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
    if context.configuration:
        log["runs"][0]["invocations"] = [
            {
                "executionSuccessful": True,
                "toolConfigurationNotifications": [
                    {
                        "level": "warning",
                        "message": {"text": message},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": context.config_file}}}],
                    }
                    for message in context.configuration
                ],
            }
        ]
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Analysis, Context], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
    "sarif": sarif,
}
