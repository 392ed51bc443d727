"""RF003, RF005, RF007 (and XR002/XR004 for sibling paths) in code spans and code blocks.

Only in the kinds of page ``paths.scope`` names (workplans and runbooks by default):
those describe this repository, while other pages quote the reader's paths, icon
names and examples, which are no claims about this tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.hints import close_match
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.references.context import RefContext
from mkdocs_workplans.references.links import sibling_target
from mkdocs_workplans.references.paths import SHELL_INFOS, MakeCall, is_absolute_local, make_call, path_ref
from mkdocs_workplans.site import Site


def check_code_span_paths(document: Document, site: Site) -> Iterator[Finding]:
    refs = site.refs
    if refs is None or document.kind not in site.settings.path_scope:
        return
    for span in document.code_spans:
        text = span.text.strip()
        if is_absolute_local(text):
            yield Finding(
                "RF005",
                document.path,
                span.line,
                span.column,
                f"'{text}' is an absolute local path that only works on one machine",
            )
            continue
        ref = path_ref(text)
        if ref is None:
            continue
        if ref.first in refs.files.top_level:
            if not refs.files.exists(ref.path):
                yield Finding(
                    "RF003",
                    document.path,
                    span.line,
                    span.column,
                    f"'{ref.path}' does not exist in the repository",
                    refs.files.close_match(ref.path),
                )
        elif ref.first in refs.siblings and ref.rest:
            for problem in sibling_target(refs.siblings[ref.first], ref.rest, "path").problems:
                yield Finding(problem.code, document.path, span.line, span.column, problem.message, problem.hint)


def check_make_targets(document: Document, site: Site) -> Iterator[Finding]:
    if site.refs is not None and document.kind in site.settings.path_scope:
        yield from _make_in_document(document, site.refs)


def _make_in_document(document: Document, refs: RefContext) -> Iterator[Finding]:
    calls: list[tuple[int, int, MakeCall]] = []
    for span in document.code_spans:
        found = make_call(span.text)
        if found is not None and found.targets:  # a bare `make` in prose names the tool, not a target
            calls.append((span.line, span.column, found))
    for block in document.code_blocks:
        language = block.info.split()[0].lower() if block.info.split() else ""
        if language not in SHELL_INFOS:
            continue
        for number, text in enumerate(block.text.splitlines()):
            found = make_call(text)
            if found is not None:
                calls.append((block.line + number, found.column + 1, found))
    known = refs.files.make_targets
    for line, column, call in calls:
        if known is None:
            yield Finding("RF007", document.path, line, column, "'make' is used but the repository has no Makefile")
            continue
        for target in call.targets:
            if target not in known and not any("%" in k and fnmatchcase(target, k.replace("%", "*")) for k in known):
                yield Finding(
                    "RF007",
                    document.path,
                    line,
                    column,
                    f"the Makefile has no target '{target}'",
                    close_match(target, sorted(known)),
                )
