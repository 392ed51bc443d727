"""One pass from Markdown source to a :class:`~.document.Document`.

markdown-it-py, with its inline stage switched off, tells which lines are headings,
fenced or indented code, and raw HTML; the prose in between is scanned by
:mod:`.inline`. Front matter and task blocks go through :mod:`.yamlmap`. Problems of
the input itself become IN001-IN003 findings on the document; nothing here raises on
bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.anchors import (
    Slugify,
    block_attr_id,
    default_slugify,
    split_attr_list,
    unique,
    visible_text,
)
from mkdocs_workplans.model.document import CodeBlock, Document, Heading, TaskSection
from mkdocs_workplans.model.inline import COMMENT_RE, Segment, directives, html_ids, mask, scan
from mkdocs_workplans.model.yamlmap import YamlProblem, load_mapping

#: MkDocs' own front-matter pattern (``mkdocs.utils.meta``), so both agree on what is front matter.
FRONT_MATTER_RE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: A ``---`` line that opens what can only be front matter (a ``key:`` follows), with no closing line.
UNCLOSED_RE = re.compile(r"\A-{3}[ \t]*\n(?=[A-Za-z_][\w-]*:(?:[ \t]|\n))")
#: Where front matter that is never closed most likely ends: a blank line or a heading.
UNCLOSED_END_RE = re.compile(r"^(?:[ \t]*$|#)", re.MULTILINE)
#: ``T04 - Title`` (``-``, ``–``, ``—`` or ``:``), or a bare ``T04`` with no title yet.
TASK_HEADING_RE = re.compile(r"^T(\d+)(?:\s*[-\u2013\u2014:]\s*(.*?))?\s*$")
CONTAINER_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===)\s")
MAX_BYTES = 10 * 1024 * 1024

#: Block structure only: inline markup, tables and reference definitions are all prose to
#: us, which :mod:`.inline` scans with positions; leaving them out saves a tenth of the time.
_BLOCKS = MarkdownIt("commonmark", {"html": True}).disable(["inline", "reference"])


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """What parsing depends on besides the text; part of the cache key of a parse."""

    slugify: Slugify = default_slugify
    separator: str = "-"
    attr_list: bool = False
    containers: bool = False
    """Admonition, details or tabbed is enabled: indented bodies after ``!!!``/``???``/``===`` are Markdown."""
    mention_pattern: str | None = None
    """Regex of a workplan id or task id, unanchored (see ``Settings.mention_pattern``)."""
    max_bytes: int = MAX_BYTES
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, hash=False)

    @property
    def mention_re(self) -> re.Pattern[str] | None:
        if self.mention_pattern is None:
            return None
        compiled = self._compiled.get(self.mention_pattern)
        if compiled is None:
            compiled = self._compiled[self.mention_pattern] = re.compile(self.mention_pattern)
        return compiled


def read_bytes(path: Path, rel: str, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, Finding | None]:
    """The file's bytes, or the IN001 finding saying why they cannot be had."""
    try:
        if path.stat().st_size > max_bytes:
            return None, Finding(
                "IN001", rel, 1, 1, f"file is larger than {max_bytes // (1024 * 1024)} MiB; not checked"
            )
        return path.read_bytes(), None
    except OSError as error:
        return None, Finding("IN001", rel, 1, 1, f"cannot read file: {error.strerror or error}")


def read_source(path: Path, rel: str, max_bytes: int = MAX_BYTES) -> tuple[str | None, Finding | None]:
    """Read a file as MkDocs does (UTF-8, BOM dropped, universal newlines), or say why not."""
    data, problem = read_bytes(path, rel, max_bytes)
    return (None, problem) if data is None else decode_source(data, rel)


def decode_source(data: bytes, rel: str) -> tuple[str | None, Finding | None]:
    """Bytes to text as MkDocs reads them, or the IN001 finding at the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, Finding("IN001", rel, line, column, f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load_document(path: Path, rel: str, options: ParseOptions) -> Document:
    text, problem = read_source(path, rel, options.max_bytes)
    return document_from(text, problem, rel, options)


def document_from(text: str | None, problem: Finding | None, rel: str, options: ParseOptions) -> Document:
    """The parsed document, or an empty one carrying why the file could not be read."""
    if text is None:
        document = Document(rel)
        if problem:
            document.problems.append(problem)
        return document
    return parse_document(text, rel, options)


def _front_matter(text: str, document: Document) -> str:
    """Parse front matter into ``document``; return the text with it blanked out."""
    match = FRONT_MATTER_RE.match(text)
    if match:
        block, end = match.group(1), match.end()
    else:
        opened = UNCLOSED_RE.match(text)
        if opened is None:
            return text
        block, end = _unclosed(text, opened.end(), document)
    document.meta_line = 1
    document.front_matter_end = end
    try:
        document.meta = load_mapping(block, 2)
    except YamlProblem as problem:
        document.unparsed_front_matter = block
        if match:  # unclosed: IN004 already says what to fix first
            line = min(max(problem.line, 2), 1 + block.count("\n"))  # inside, not on a --- line
            message = f"front matter is not a YAML mapping: {problem}"
            document.problems.append(Finding("IN002", document.path, line, problem.column, message))
    else:
        kind = document.meta.text("type")
        if kind == "workplan":
            document.kind = "workplan"
        elif kind == "runbook":
            document.kind = "runbook"
        document.title = document.meta.text("title")
    return body_of(text, end)


def _unclosed(text: str, start: int, document: Document) -> tuple[str, int]:
    """IN004 for front matter never closed; its likely extent, up to a blank line or a heading.

    MkDocs renders such a file as an ordinary page with the YAML as text, so without this
    a workplan would silently lose every workplan check. Reading the block as front
    matter anyway keeps those checks (TK001...) on, and keeps its ids out of the prose.
    """
    stop = UNCLOSED_END_RE.search(text, start)
    end = stop.start() if stop else len(text)
    last = text.count("\n", 0, end) if end and text[end - 1] == "\n" else text.count("\n", 0, end) + 1
    document.problems.append(
        Finding(
            "IN004",
            document.path,
            1,
            1,
            "front matter opened with '---' is never closed",
            f"add '---' after line {last}",
        )
    )
    return text[start:end], end


def body_of(text: str, front_matter_end: int) -> str:
    """The text with its front matter blanked: line numbers stay those of the file."""
    return mask(text, 0, front_matter_end) if front_matter_end else text


def parse_document(text: str, path: str, options: ParseOptions) -> Document:
    """Build the document model of ``text``; ``path`` is only used to label findings."""
    document = Document(path)
    body = _front_matter(text, document)
    lines = body.split("\n")
    prose = [True] * (len(lines) + 1)
    heading_lines: dict[int, Heading] = {}
    used: set[str] = set()
    headings: list[tuple[Heading, str | None]] = []
    current_task: TaskSection | None = None
    tokens = _BLOCKS.parse(body)
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "heading_open":
            level = int(token.tag[1])
            source, custom = split_attr_list(tokens[index + 1].content)
            if not options.attr_list:
                source, custom = tokens[index + 1].content, None
            raw_line = lines[start]
            heading = Heading(
                level, visible_text(source), source.strip(), "", start + 1, len(raw_line) - len(raw_line.lstrip()) + 1
            )
            if custom:
                used.add(custom)
            headings.append((heading, custom))
            heading_lines[start + 1] = heading
            if level <= 2:
                current_task = None
                task = TASK_HEADING_RE.match(heading.text) if level == 2 else None
                if task and document.kind == "workplan":
                    current_task = TaskSection(task.group(1), task.group(2) or "", heading)
                    document.tasks.append(current_task)
        elif token.type == "code_block" and options.containers and _opens_container(lines, start):
            _container_body(lines, start, end, prose, document)
        elif token.type in ("fence", "code_block", "html_block"):
            for number in range(start, end):
                prose[number] = False
            if token.type == "html_block":
                _html_block(token.content, start + 1, document)
            elif _is_task_fence(token.type, token.info) and current_task and current_task.fence_line is None:
                _task_block(token.content, start + 1, end, current_task, document)
            else:
                first = start + 2 if token.type == "fence" else start + 1
                document.code_blocks.append(CodeBlock(token.info.strip(), first, token.content))
        elif token.type == "paragraph_open" and options.attr_list:
            found = block_attr_id(lines[end - 1])
            if found:
                used.add(found)
                document.anchors.add(found)
    for heading, custom in headings:
        heading.anchor = custom or unique(options.slugify(heading.text, options.separator), used)
        document.anchors.add(heading.anchor)
    document.headings = [heading for heading, _ in headings]
    if document.title is None:
        document.title = next((h.text for h in document.headings if h.level == 1), None)
    _scan_prose(lines, prose, heading_lines, options, document)
    document.expanded_by = _expanded_by(body, lines, prose)
    document.body = body
    _resolve_ignores(lines, document)
    return document


def _expanded_by(body: str, lines: list[str], prose: list[bool]) -> str | None:
    """Why other extensions will put content (and ids) into the page that its source does not show.

    Snippets (``--8<--``) are expanded before any other parsing, code fences included;
    ``:::`` blocks (mkdocstrings, mkdocs-click) only where they stand as prose.
    """
    if "--8<--" in body:
        return "includes snippets (--8<--)"
    if ":::" in body and any(prose[n] and line.lstrip().startswith(":::") for n, line in enumerate(lines)):
        return "holds ':::' blocks that an extension expands"
    return None


def _opens_container(lines: list[str], start: int) -> bool:
    """Whether the indented block at ``start`` is the body of an admonition, details or tab."""
    previous = start - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    return previous >= 0 and CONTAINER_RE.match(lines[previous]) is not None


def _container_body(
    lines: list[str], start: int, end: int, prose: list[bool], document: Document, indent: int = 4
) -> None:
    """The body of ``!!! note`` and friends is Markdown, indented: parse it in place.

    markdown-it (CommonMark) sees an indented code block there; Python-Markdown's
    admonition, details and tabbed extensions render it as Markdown. Only code and raw
    HTML inside are excluded from the prose; nested containers are handled in turn.
    """
    pad = " " * indent
    inner = [line[indent:] if line.startswith(pad) else line.lstrip() for line in lines[start:end]]
    for token in _BLOCKS.parse("\n".join(inner)):
        if token.map is None or token.type not in ("fence", "code_block", "html_block"):
            continue
        first, last = start + token.map[0], start + token.map[1]
        # Nesting deeper than 16 levels is not Markdown anyone writes: it stays code.
        if token.type == "code_block" and indent < 64 and _opens_container(lines, first):
            _container_body(lines, first, last, prose, document, indent + 4)
            continue
        for number in range(first, last):
            prose[number] = False
        if token.type == "html_block":
            _html_block(token.content, first + 1, document)
        else:
            line = first + 2 if token.type == "fence" else first + 1
            document.code_blocks.append(CodeBlock(token.info.strip(), line, token.content))


def _is_task_fence(kind: str, info: str) -> bool:
    return kind == "fence" and info.split()[:1] == ["task"]


def _html_block(html: str, first_line: int, document: Document) -> None:
    segment = Segment(html, first_line)
    for match in COMMENT_RE.finditer(html):
        segment.comments.append((segment.pos(match.start())[0], segment.pos(match.end() - 1)[0], match.group(1)))
    document.anchors.update(html_ids(COMMENT_RE.sub("", html)))
    _record_comments(segment, document)


def _task_block(content: str, fence_line: int, end: int, task: TaskSection, document: Document) -> None:
    task.fence_line, task.fence_end_line = fence_line, end
    try:
        task.block = load_mapping(content, fence_line + 1)
    except YamlProblem as problem:
        line = min(max(problem.line, fence_line + 1), max(end - 1, fence_line))
        document.problems.append(
            Finding("IN003", document.path, line, problem.column, f"task block is not a YAML mapping: {problem}")
        )


def _scan_prose(
    lines: list[str], prose: list[bool], heading_lines: dict[int, Heading], options: ParseOptions, document: Document
) -> None:
    """Scan all prose of the document in one pass; other lines are blanked, keeping positions.

    Blank lines and headings separate blocks, so that backticks of two paragraphs never
    pair into one code span.
    """
    texts: list[str] = []
    blocks: list[int] = []
    block = 0
    for number, line in enumerate(lines, start=1):
        is_prose = prose[number - 1] and line.strip()
        if not is_prose or number in heading_lines or (number - 1) in heading_lines:
            block += 1
        texts.append(line if is_prose else "")
        blocks.append(block)
    segment = Segment("\n".join(texts), 1, blocks, frozenset(heading_lines))
    _absorb(scan(segment, options.mention_re), document)


def _absorb(segment: Segment, document: Document) -> None:
    document.links.extend(segment.links)
    document.code_spans.extend(segment.code_spans)
    document.mentions.extend(segment.mentions)
    document.anchors.update(segment.html_ids)
    _record_comments(segment, document)


def _record_comments(segment: Segment, document: Document) -> None:
    """Keep comment ranges; ``ignore-file`` applies at once, ``ignore`` once lines are known."""
    for first, last, comment in segment.comments:
        document.comments.append((first, last))
        found = directives(comment)
        if found is None:
            continue
        scope, codes = found
        if scope == "ignore-file":
            document.ignore_file = document.ignore_file | codes
        else:
            document.ignore_lines[-last] = document.ignore_lines.get(-last, frozenset()) | codes


def _resolve_ignores(lines: list[str], document: Document) -> None:
    """An ``ignore`` comment silences the next non-blank line after the comment ends.

    Directly above is where people put it; a blank line in between should not make it
    silently useless. Above a task block, it covers the whole block: a comment cannot
    go inside the YAML, and the block's findings point at its keys.
    """
    blocks = {task.fence_line: task.fence_end_line or task.fence_line for task in document.tasks if task.fence_line}
    pending = {-key: codes for key, codes in document.ignore_lines.items()}
    document.ignore_lines = {}
    for last, codes in pending.items():
        target = last + 1
        while target <= len(lines) and not lines[target - 1].strip():
            target += 1
        for line in range(target, blocks.get(target, target) + 1):
            document.ignore_lines[line] = document.ignore_lines.get(line, frozenset()) | codes
