"""The rules reference page of the project's own site, generated from the registry.

``make rules-page`` (``python docs/_scripts/rules_reference.py``) renders
:data:`mkdocs_workplans.registry.RULES` into ``docs/reference/rules.md``, which is checked
in: every engine builds it as an ordinary page, Zensical too, which runs no MkDocs hooks.
``tests/test_docs.py`` fails when the file is not what this script writes, so it always
lists exactly the codes the gate can report. It lives here, with the documentation it
serves, rather than in the runtime package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from mkdocs_workplans.codes import Code
from mkdocs_workplans.registry import RULES, Rule

RULES_PAGE = Path(__file__).resolve().parent.parent / "reference" / "rules.md"
"""Where the generated page is written, in ``docs_dir``."""

#: Rule families in the order the page presents them, with a heading and an introduction.
FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("IN", "Input", "The file itself cannot be read or its YAML cannot be parsed."),
    ("WP", "Workplans", "The front matter of a workplan, and ids that must be unique across the site."),
    ("TK", "Tasks", "The `## Tnn - Title` sections of a workplan and their ```` ```task ```` blocks."),
    ("RB", "Runbooks", "Pages whose front matter has `type: runbook`."),
    ("SH", "State Hub", "Workplans and tasks compared with a State Hub export; only with `statehub.export`."),
    ("RF", "References", "Links, anchors, code-span paths, `make` targets and ids in this repository."),
    ("XR", "Sibling repositories", "Links into the repositories configured under `refcheck.repos`."),
    ("EX", "External links", "Absolute `http(s)` URLs; checked only with `external.enabled` or `--external`."),
)

_BACKTICKS = re.compile(r"`+")
_YAML_LINE = re.compile(r"^\s*[A-Za-z_][\w-]*:(\s|$)")


def family(code: str) -> str:
    """The family prefix of a code: ``TK001`` -> ``TK``."""
    return code.rstrip("0123456789")


def _language(example: str) -> str:
    """A highlighting hint for an example: Markdown, YAML or plain text."""
    lines = [line for line in example.splitlines() if line.strip()]
    if any(line.startswith(("---", "#", "```", "[", "`")) for line in lines) or "](" in example:
        return "markdown"
    if lines and all(_YAML_LINE.match(line) for line in lines):
        return "yaml"
    return "text"


def _fence(example: str, title: str) -> str:
    """A fenced block that holds ``example`` verbatim, even when it contains fences itself."""
    longest = max((len(run) for run in _BACKTICKS.findall(example)), default=0)
    fence = "`" * max(3, longest + 1)
    return f'{fence} {_language(example)} title="{title}"\n{example.rstrip()}\n{fence}'


def _section(rule: Rule) -> list[str]:
    return [
        f"### {rule.code} {{ #{rule.code.lower()} }}",
        "",
        f"**{rule.summary}**",
        "",
        f"Default severity: `{rule.severity.label}` · Plugin: `{rule.owner}`",
        "",
        rule.explanation,
        "",
        _fence(rule.bad, "Bad"),
        "",
        _fence(rule.good, "Good"),
        "",
    ]


def rules_reference(rules: Mapping[Code, Rule] = RULES) -> str:
    """The Markdown of the rules reference page: a summary table, then one section per code."""
    known = {prefix for prefix, _, _ in FAMILIES}
    unknown = sorted({family(code) for code in rules} - known)
    if unknown:
        raise ValueError(f"rule families without a section on the reference page: {', '.join(unknown)}")
    grouped = [(prefix, name, intro, _codes(rules, prefix)) for prefix, name, intro in FAMILIES]
    out = [
        "# Rules reference",
        "",
        "<!-- Generated from mkdocs_workplans.registry by `make rules-page`; do not edit. -->",
        "",
        "Every finding has a code, a severity, a `path:line:col` location and a message. This page is",
        "generated from the rule registry, and the project's tests fail when it is out of date, so it",
        "lists exactly the codes the gate can report.",
        "",
        "Severities: `error` fails every build and `workplans check`; `warning` fails `--strict`;",
        "`info` never fails. Change a code's severity, or turn it off with `ignore`, under the `rules:`",
        "option of the plugin that owns it (see [Configuration](configuration.md#rules)), or silence",
        "one place with a [suppression comment](../guide/suppression.md).",
        "",
        "| Code | Default | Plugin | Finding |",
        "|---|---|---|---|",
    ]
    for _prefix, _name, _intro, codes in grouped:
        for code in codes:
            rule = rules[code]
            summary = rule.summary.replace("|", "\\|")
            out.append(f"| [{code}](#{code.lower()}) | `{rule.severity.label}` | `{rule.owner}` | {summary} |")
    out.append("")
    for prefix, name, intro, codes in grouped:
        if not codes:
            continue
        out += [f"## {prefix}: {name} {{ #{prefix.lower()} }}", "", intro, ""]
        for code in codes:
            out += _section(rules[code])
    return "\n".join(out).rstrip() + "\n"


def _codes(rules: Iterable[str], prefix: str) -> list[str]:
    return sorted(code for code in rules if family(code) == prefix)


def main() -> None:
    """Write the page; only when its text changes, so an up-to-date tree stays untouched."""
    text = rules_reference()
    if not RULES_PAGE.is_file() or RULES_PAGE.read_text(encoding="utf-8") != text:
        RULES_PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {RULES_PAGE}")


if __name__ == "__main__":
    main()
