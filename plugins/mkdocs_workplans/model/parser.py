"""One pass from Markdown source to a :class:`~.document.Document`.

markdown-it-py, adapted to Python-Markdown by :mod:`.inline`, tells which lines are
headings, fenced or indented code, raw HTML and prose; its inline pass over each
block of prose yields links, code spans and raw HTML with their offsets, mapped back
here to lines and columns of the file. Front matter and task blocks go through
:mod:`.yamlmap`. Problems of the input itself become IN001-IN003 findings on the
document; nothing here raises on bad input, and nothing takes more than linear time.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.anchors import (
    Slugify,
    Uniquifier,
    block_attr_list,
    default_slugify,
    fence_attr_id,
    inline_attr_id,
    inline_attr_list,
    split_attr_list,
    visible_text,
)
from mkdocs_workplans.model.document import (
    CodeBlock,
    CodeSpan,
    Document,
    Heading,
    Kind,
    Link,
    Mention,
    TaskSection,
    UndefinedReference,
)
from mkdocs_workplans.model.inline import (
    ENV_DEFINITIONS,
    ENV_LOCATE,
    ENV_USED,
    Span,
    comments,
    directives,
    inline_spans,
    markdown_parser,
    new_env,
    tags,
)
from mkdocs_workplans.model.yamlmap import YamlProblem, load_mapping

#: MkDocs' own front-matter pattern (``mkdocs.utils.meta``), so both agree on what is front matter.
FRONT_MATTER_RE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: A ``---`` line that opens what can only be front matter (a ``key:`` follows), with no closing line.
UNCLOSED_RE = re.compile(r"\A-{3}[ \t]*\n(?=[A-Za-z_][\w-]*:(?:[ \t]|\n))")
#: Where front matter that is never closed most likely ends: a blank line or a heading.
UNCLOSED_END_RE = re.compile(r"^(?:[ \t]*$|#)", re.MULTILINE)
#: ``T04 - Title`` (``-``, ``–``, ``—`` or ``:``), or a bare ``T04`` with no title yet; on stripped text.
TASK_HEADING_RE = re.compile(r"^T(\d+)(?:\s*[-\u2013\u2014:]\s*(.*))?$", re.DOTALL)
CONTAINER_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===)\s")
#: pymdownx.snippets replaces these lines with another file, inside code fences too.
SNIPPET_RE = re.compile(r"[ \t]*-+8<-+")
#: pymdownx.tabbed's ``=== "Title"``, whose id comes from the title when it has a ``slugify``.
TAB_RE = re.compile(r"[ \t]*===[+!]*[ \t]")
MAX_BYTES = 10 * 1024 * 1024
_BLANK_RE = re.compile(r"[^\n]")


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
    footnotes: bool = False
    """The ``footnotes`` extension: ``[^1]`` are footnotes, not links, and make ``fn:1``/``fnref:1`` ids."""
    footnote_separator: str = ":"
    footnote_unique_ids: bool = False
    snippets: bool = False
    """pymdownx.snippets: ``--8<--`` lines include other files."""
    tabbed_ids: bool = False
    """pymdownx.tabbed with a ``slugify``: tabs get ids from their titles."""
    snippets_appended: bool = False
    """pymdownx.snippets ``auto_append``: files appended to every page (often reference definitions)."""
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, hash=False)

    @property
    def mention_re(self) -> re.Pattern[str] | None:
        if self.mention_pattern is None:
            return None
        compiled = self._compiled.get(self.mention_pattern)
        if compiled is None:
            compiled = self._compiled[self.mention_pattern] = re.compile(self.mention_pattern)
        return compiled

    def key_fields(self) -> tuple[object, ...]:
        """Every option but ``slugify`` as plain values, for cache keys."""
        return (
            self.separator,
            self.attr_list,
            self.containers,
            self.mention_pattern,
            self.max_bytes,
            self.footnotes,
            self.footnote_separator,
            self.footnote_unique_ids,
            self.snippets,
            self.tabbed_ids,
            self.snippets_appended,
        )


def mask_all(text: str, ranges: list[tuple[int, int]]) -> str:
    """Blank every ``(start, end)`` range (sorted, not overlapping) keeping newlines, in one pass."""
    if not ranges:
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end in ranges:
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        pieces.append(_BLANK_RE.sub(" ", text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


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


def kind_of(text: str) -> Kind:
    """Whether ``text`` is a workplan, a runbook or a page, as :func:`parse_document` would say, from
    its front matter alone: a build must know before it parses the pages whether it has index pages."""
    document = Document("")
    _front_matter(text, document)
    return document.kind


def _front_matter(text: str, document: Document) -> int:
    """Parse front matter into ``document``; return where it ends (0 without any)."""
    match = FRONT_MATTER_RE.match(text)
    if match:
        block, end = match.group(1), match.end()
    else:
        opened = UNCLOSED_RE.match(text)
        if opened is None:
            return 0
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
    return end


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
    return mask_all(text, [(0, front_matter_end)]) if front_matter_end else text


def parse_document(text: str, path: str, options: ParseOptions) -> Document:
    """Build the document model of ``text``; ``path`` is only used to label findings."""
    document = Document(path)
    body = body_of(text, _front_matter(text, document))
    page = _Page(body.split("\n"), options, document)
    page.blocks(page.lines, 0, nested=False)
    page.inline()
    page.finish()
    document.body = text
    document.newlines = body.count("\n")
    _resolve_ignores(page.lines, document)
    return document


@dataclass(slots=True)
class _Inline:
    """A block's inline content, waiting for the inline pass (run once every definition is known)."""

    token: Token
    first: int
    """0-based line of the file where the content's first line is."""
    heading: Heading | None = None


class _Page:
    """One parse of a file: markdown-it's tokens in, the document's fields out."""

    def __init__(self, lines: list[str], options: ParseOptions, document: Document) -> None:
        self.lines = lines
        self.options = options
        self.document = document
        self.md = markdown_parser(options.footnotes)
        self.env = new_env(options.footnotes)
        self.inlines: list[_Inline] = []
        self.headings: list[tuple[Heading, str | None]] = []
        self.used: set[str] = set()
        """Ids present before ``toc`` runs (attribute lists, footnotes): headings never take them."""
        self.comments: list[tuple[int, int, str]] = []
        self.current_task: TaskSection | None = None

    def blocks(self, lines: list[str], base: int, nested: bool) -> None:
        """Walk the block tokens of ``lines``, which start at line ``base`` of the file.

        Bodies of admonitions, details and tabs (indented code to CommonMark) are
        Markdown to Python-Markdown: they are parsed in turn, dedented, when enabled.
        """
        text = "\n".join(lines)
        self.env[ENV_LOCATE] = self._locator(lines, base)
        tokens = self.md.parse(text, self.env)
        for index, token in enumerate(tokens):
            if token.map is None:
                continue
            start, end = token.map
            kind = token.type
            if kind == "heading_open":
                self._heading(token, tokens[index + 1], base + start, nested)
            elif kind == "inline" and tokens[index - 1].type != "heading_open":
                self.inlines.append(_Inline(token, base + start))
            elif kind == "code_block" and self.options.containers and _opens_container(lines, start) and base < 64:
                # Nesting deeper than 16 levels is not Markdown anyone writes: it stays code.
                inner = [line[4:] if line.startswith("    ") else line.lstrip() for line in lines[start:end]]
                self.blocks(inner, base + start, nested=True)
                self.env[ENV_LOCATE] = self._locator(lines, base)
            elif kind == "html_block":
                self._html_block(token.content, base + start)
            elif kind in ("fence", "code_block"):
                if kind == "fence" and "{" in token.info:
                    found = fence_attr_id(token.info)
                    if found:
                        self.document.anchors.add(found)
                task = self.current_task
                if kind == "fence" and token.info.split()[:1] == ["task"] and task and task.fence_line is None:
                    _task_block(token.content, base + start + 1, base + end, task, self.document)
                else:
                    first = base + start + (2 if kind == "fence" else 1)
                    self.document.code_blocks.append(CodeBlock(token.info.strip(), first, token.content))
            elif kind == "paragraph_open" and self.options.attr_list and end - start >= 2:
                _listed, found = block_attr_list(lines[end - 1])
                if found:
                    self.used.add(found)
                    self.document.anchors.add(found)

    def _heading(self, token: Token, inline: Token, line: int, nested: bool) -> None:
        source, custom = split_attr_list(inline.content) if self.options.attr_list else (inline.content, None)
        raw_line = self.lines[line]
        heading = Heading(
            int(token.tag[1]), "", source.strip(), "", line + 1, len(raw_line) - len(raw_line.lstrip()) + 1
        )
        if custom:
            self.used.add(custom)
        self.headings.append((heading, custom))
        self.inlines.append(_Inline(inline, line, heading))
        if nested or heading.level > 2:
            return
        self.current_task = None
        task = TASK_HEADING_RE.match(visible_text(source)) if heading.level == 2 else None
        if task and self.document.kind == "workplan":
            self.current_task = TaskSection(task.group(1), (task.group(2) or "").strip(), heading)
            self.document.tasks.append(self.current_task)

    def _html_block(self, html: str, first: int) -> None:
        locate = self._locator(html.split("\n"), first)
        for start, end in comments(html):
            self.comments.append((locate(start)[0], locate(end - 1)[0], html[start + 4 : end - 3]))
        for offset, name, value in tags(html):
            self._tag(name, value, locate(offset))

    def _tag(self, name: str, value: str, where: tuple[int, int]) -> None:
        if name == "href":
            # A raw ``<a href>`` reaches the browser as written, relative to the built page's URL,
            # not to the source file as Markdown links are: only a fragment on the page itself
            # means the same thing in both, so only that is checked.
            if value.strip().startswith("#"):
                self.document.links.append(Link(value.strip(), "", *where))
        else:
            self.document.anchors.add(value)

    def _locator(self, lines: list[str], base: int) -> Callable[[int], tuple[int, int]]:
        """Offsets in ``"\\n".join(lines)`` to lines and columns of the file (see :class:`_Lines`)."""
        return _Lines(self.lines, lines, base).locate

    def inline(self) -> None:
        """The inline pass over every block, once all reference definitions are known."""
        footnote_refs: dict[str, int] = {}
        attrs, mentions = self.options.attr_list, self.options.mention_re
        for job in self.inlines:
            content = job.token.content
            if "[" in content or "`" in content or "<" in content:
                spans, tokens = inline_spans(self.md, content, self.env)
                for token in tokens:
                    if token.type == "footnote_ref":
                        label = token.meta["label"]
                        footnote_refs[label] = footnote_refs.get(label, 0) + 1
            else:  # plain text: nothing for the inline rules we record to find
                spans = []
            if spans or (attrs and "{" in content):
                self._spans(job, content, spans)
            elif mentions is not None and mentions.search(content):
                where = _Lines(self.lines, content.split("\n"), job.first)
                self._mentions(content, where.locate, job.heading is not None, False)
        self._footnotes(footnote_refs)
        self._definitions()

    def _spans(self, job: _Inline, content: str, spans: list[Span]) -> None:
        where = _Lines(self.lines, content.split("\n"), job.first)
        locate = where.locate

        def shifted(inner: int) -> Callable[[int], tuple[int, int]]:
            return lambda offset: locate(inner + offset)

        document, in_heading = self.document, job.heading is not None
        attr_list = self.options.attr_list
        masked: list[tuple[int, int]] = []
        markup: list[tuple[int, int]] = []  # link texts and attribute lists: a mention there stays text
        ends: set[int] = set()
        for span in spans:
            ends.add(span.end)
            if span.kind == "link":
                link = Link(span.target, content[span.label[0] : span.label[1]], *locate(span.start), span.image)
                link.in_heading = in_heading
                if attr_list and content.startswith("{", span.end):
                    link.attr_id = inline_attr_id(content, span.end, where.last_brace(span.end))
                document.links.append(link)
                markup.append(span.label)
                masked.append((span.label[1], span.end))
            elif span.kind == "ref":
                markup.append(span.label)
                masked.append((span.label[1], span.end))
            elif span.kind == "undefined":
                document.undefined_references.append(UndefinedReference(span.target, *locate(span.start)))
            elif span.kind == "code":
                line, column = locate(span.start)
                document.code_spans.append(CodeSpan(span.target, line, column))
                masked.append((span.start, span.end))
                self._mentions(span.target, shifted(span.inner), in_heading, True)
            elif span.kind == "autolink":
                document.links.append(Link(span.target, span.target, *locate(span.start)))
                masked.append((span.start, span.end))
            else:
                masked.append((span.start, span.end))
                if span.target.startswith("<!--"):
                    self.comments.append((locate(span.start)[0], locate(span.end - 1)[0], span.target[4:-3]))
                else:
                    for offset, name, value in tags(span.target):
                        self._tag(name, value, locate(span.start + offset))
        hidden = _Ranges(masked)
        if attr_list and "{" in content:
            markup += self._attr_lists(content, ends, hidden, where, in_heading)
        if self.options.mention_re:
            text = mask_all(content, hidden.ranges)
            self._mentions(text, locate, in_heading, False, _Ranges(markup))

    def _attr_lists(
        self, content: str, ends: set[int], hidden: _Ranges, where: _Lines, in_heading: bool
    ) -> list[tuple[int, int]]:
        """Where attribute lists stand in ``content``: their ids are anchors, and an id mentioned in one
        is an attribute's value, which a link would break.

        ``**word**{ #id }``, ``[](){#id}``: right after an inline element; ``{: title="..." }``: the
        last line of a paragraph (a heading's own is read with the heading).
        """
        found_at = []
        pos = content.find("{")
        while pos > 0:
            after_element = pos in ends or content[pos - 1] in "*_~=^"
            last = where.last_brace(pos) if after_element and not hidden.holds(pos) else -1
            if last >= 0 and inline_attr_list(content, pos, last):
                found_at.append((pos, last + 1))
                found = inline_attr_id(content, pos, last)
                if found is not None:
                    self.used.add(found)
                    self.document.anchors.add(found)
            pos = content.find("{", pos + 1)
        line_start = content.rfind("\n") + 1
        if line_start and not in_heading and block_attr_list(content[line_start:])[0]:
            found_at.append((line_start, len(content)))
        return found_at

    def _mentions(
        self,
        text: str,
        locate: Callable[[int], tuple[int, int]],
        in_heading: bool,
        in_code: bool,
        markup: _Ranges | None = None,
    ) -> None:
        mention_re = self.options.mention_re
        if mention_re is None:
            return
        for found in mention_re.finditer(text):
            in_markup = markup is not None and markup.holds(found.start())
            mention = Mention(sys.intern(found.group()), *locate(found.start()), in_code=in_code, in_markup=in_markup)
            mention.in_heading = in_heading
            self.document.mentions.append(mention)

    def _footnotes(self, refs: dict[str, int]) -> None:
        """``fn:<label>`` of every definition, ``fnref:<label>``, ``fnref2:<label>``… of every use."""
        if not self.options.footnotes:
            return
        separator = self.options.footnote_separator
        defined = [key[1:] for key in self.env.get("footnotes", {}).get("refs", {})]
        ids = {f"fn{separator}{label}" for label in defined}
        for label, count in refs.items():
            ids.add(f"fnref{separator}{label}")
            ids.update(f"fnref{number}{separator}{label}" for number in range(2, count + 1))
        if self.options.footnote_unique_ids and ids:
            self.document.expanded_by = self.document.expanded_by or "numbers its footnote ids (footnotes UNIQUE_IDS)"
        self.used.update(ids)
        self.document.anchors.update(ids)

    def _definitions(self) -> None:
        """A definition is rendered only through the links that use it: report it once, where it is written."""
        used = self.env[ENV_USED]
        for key, definition in self.env[ENV_DEFINITIONS].items():
            if key in used:
                self.document.links.append(
                    Link(definition.target, definition.label, definition.line, definition.column)
                )

    def finish(self) -> None:
        """Heading ids (after every other id is known, as ``toc`` runs last), comments, expansions."""
        document = self.document
        unique = Uniquifier(self.used)
        footnote_labels = self.env.get("footnotes", {}).get("refs", {}) if self.options.footnotes else {}
        for heading, custom in self.headings:
            source = heading.source
            if footnote_labels and "[^" in source:
                source = _without_footnote_refs(source, footnote_labels)
            heading.text = visible_text(source)
            heading.anchor = custom or unique(self.options.slugify(heading.text, self.options.separator))
            document.anchors.add(heading.anchor)
        document.headings = [heading for heading, _ in self.headings]
        document.links.sort(key=lambda link: (link.line, link.column))
        if document.title is None:
            document.title = next((h.text for h in document.headings if h.level == 1), None)
        _record_comments(sorted(self.comments), document)
        document.expanded_by = document.expanded_by or self._expanded_by()
        if self.options.snippets_appended or (document.expanded_by or "").startswith("includes snippets"):
            document.undefined_references = []  # the included text may define them

    def _expanded_by(self) -> str | None:
        """Why other extensions will put content (and ids) here that the source does not show."""
        prose = {job.first + offset for job in self.inlines for offset in range(job.token.content.count("\n") + 1)}
        for number, line in enumerate(self.lines, start=1):
            if self.options.snippets and "8<" in line and SNIPPET_RE.match(line):
                return f"includes snippets (--8<-- at line {number})"
            if number - 1 not in prose:
                continue
            stripped = line.lstrip()
            if stripped.startswith(":::"):
                return f"holds ':::' blocks that an extension expands (line {number})"
            if self.options.tabbed_ids and TAB_RE.match(line):
                return f"has tabs whose ids pymdownx.tabbed makes from their titles (line {number})"
        return None


def _without_footnote_refs(source: str, labels: dict[str, Any]) -> str:
    """``toc`` leaves footnote references out of a heading's text (``remove_fnrefs``)."""
    pieces: list[str] = []
    pos = 0
    while (start := source.find("[^", pos)) >= 0:
        close = source.find("]", start)
        if close < 0:
            break
        if f":{source[start + 2 : close]}" in labels:
            pieces.append(source[pos:start])
            pos = close + 1
        else:
            pieces.append(source[pos : close + 1])
            pos = close + 1
    pieces.append(source[pos:])
    return "".join(pieces)


class _Lines:
    """Offsets in ``"\\n".join(lines)`` to 1-based lines and columns of the file.

    Line ``i`` is line ``base + i`` of the file less a prefix (a container's indent, a
    blockquote marker, leading spaces): the difference of lengths is what was taken off.
    Each line's prefix and last ``}`` are computed once, however many offsets ask.
    """

    __slots__ = ("_braces", "_prefixes", "_starts", "base", "file_lines", "lines")

    def __init__(self, file_lines: list[str], lines: list[str], base: int) -> None:
        self.file_lines, self.lines, self.base = file_lines, lines, base
        self._starts: list[int] = []
        self._prefixes: dict[int, int] = {}
        self._braces: dict[int, int] = {}

    def _index(self, offset: int) -> int:
        if not self._starts:
            self._starts.append(0)
            for line in self.lines[:-1]:
                self._starts.append(self._starts[-1] + len(line) + 1)
        return bisect_right(self._starts, offset) - 1

    def locate(self, offset: int) -> tuple[int, int]:
        index = self._index(offset)
        prefix = self._prefixes.get(index)
        if prefix is None:
            prefix = self._prefixes[index] = _prefix(self.file_lines, self.base + index, self.lines[index])
        return self.base + index + 1, prefix + offset - self._starts[index] + 1

    def last_brace(self, offset: int) -> int:
        """Offset of the last ``}`` on the line of ``offset`` (-1 if none)."""
        index = self._index(offset)
        found = self._braces.get(index)
        if found is None:
            found = self._braces[index] = self.lines[index].rfind("}")
            found = self._braces[index] = found + self._starts[index] if found >= 0 else -1
        return found


def _prefix(file_lines: list[str], index: int, parsed: str) -> int:
    """How many characters of the file's line ``index`` come before ``parsed``, its suffix."""
    if not 0 <= index < len(file_lines):
        return 0
    source = file_lines[index]
    if source.endswith(parsed):
        return len(source) - len(parsed)
    found = source.find(parsed.rstrip()) if parsed.strip() else -1
    return found if found >= 0 else len(source) - len(source.lstrip())


class _Ranges:
    """Sorted, merged ``[start, end)`` ranges, asked whether they hold an offset in log time."""

    __slots__ = ("_starts", "ranges")

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.ranges = merged
        self._starts = [start for start, _end in merged]

    def holds(self, offset: int) -> bool:
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self.ranges[index][1]


def _opens_container(lines: list[str], start: int) -> bool:
    """Whether the indented block at ``start`` is the body of an admonition, details or tab."""
    previous = start - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    return previous >= 0 and CONTAINER_RE.match(lines[previous]) is not None


def _task_block(content: str, fence_line: int, end: int, task: TaskSection, document: Document) -> None:
    task.fence_line, task.fence_end_line = fence_line, end
    try:
        task.block = load_mapping(content, fence_line + 1)
    except YamlProblem as problem:
        line = min(max(problem.line, fence_line + 1), max(end - 1, fence_line))
        document.problems.append(
            Finding("IN003", document.path, line, problem.column, f"task block is not a YAML mapping: {problem}")
        )


def _record_comments(found: list[tuple[int, int, str]], document: Document) -> None:
    """Keep comment ranges; ``ignore-file`` applies at once, ``ignore`` once lines are known."""
    for first, last, comment in found:
        document.comments.append((first, last))
        parsed = directives(comment)
        if parsed is None:
            continue
        scope, codes = parsed
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
