"""Domain objects of one parsed Markdown file.

Everything a rule or a renderer needs is computed once by :mod:`.parser` and kept
here with 1-based line and column numbers, so no later step reads or parses the file
again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.yamlmap import YamlMap

Kind = Literal["workplan", "runbook", "page"]

TASK_STATEHUB_KEY = "state_hub_task_id"
"""The task block key that mirrors the task in State Hub."""
WORKSTREAM_KEY = "state_hub_workstream_id"
"""The workplan front-matter key that names its State Hub workstream."""


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    """Plain text as the reader sees it (markup stripped), the input of ``slugify``."""
    source: str
    """The Markdown source of the heading's content, attribute list removed."""
    anchor: str
    line: int
    column: int


@dataclass(slots=True)
class TaskSection:
    """An ``## Tnn - Title`` heading and the ```` ```task ```` block under it."""

    number: str
    title: str
    heading: Heading
    block: YamlMap | None = None
    """``None`` when there is no block or it is not a mapping (IN003)."""
    fence_line: int | None = None
    fence_end_line: int | None = None
    """1-based line numbers of the opening and closing fence (inclusive)."""

    @property
    def task_id(self) -> str | None:
        return self.block.text("id") if self.block else None

    @property
    def status(self) -> str | None:
        return self.block.text("status") if self.block else None

    @property
    def priority(self) -> str | None:
        return self.block.text("priority") if self.block else None

    @property
    def state_hub_id(self) -> str | None:
        return self.block.text(TASK_STATEHUB_KEY) if self.block else None


@dataclass(slots=True)
class Link:
    target: str
    text: str
    line: int
    column: int
    image: bool = False
    in_heading: bool = False
    attr_id: str | None = None
    """The id an attribute list right after the link gives it: ``[](){#name}`` is an anchor, not a link."""


@dataclass(slots=True)
class UndefinedReference:
    """``[text][label]`` or ``[label][]`` with no definition of ``label``: Python-Markdown shows the brackets."""

    label: str
    line: int
    column: int


@dataclass(slots=True)
class CodeSpan:
    text: str
    line: int
    column: int
    """Column of the opening backtick."""


@dataclass(slots=True)
class CodeBlock:
    """A fenced or indented code block; commands in it are checked (``make`` targets)."""

    info: str
    line: int
    """Line of the first content line."""
    text: str


@dataclass(slots=True)
class Mention:
    """A workplan or task id written in prose or in a code span."""

    ident: str
    line: int
    column: int
    in_code: bool = False
    in_markup: bool = False
    """In a link's text or in an attribute list (``{ title="..." }``), where a link would break the markup."""
    in_heading: bool = False


@dataclass(slots=True)
class Document:
    path: str
    """Relative to the directory of ``mkdocs.yml``, ``/``-separated."""
    kind: Kind = "page"
    meta: YamlMap | None = None
    """Front matter; ``None`` when absent or not a mapping (then an IN002 is in ``problems``)."""
    meta_line: int = 0
    front_matter_end: int = 0
    """Offset in the text where the front matter ends (0 without one)."""
    """Line of the opening ``---`` of the front matter, 0 without one."""
    unparsed_front_matter: str | None = None
    """Front matter that did not parse (IN002, IN004): the ids it may define are unknown, not missing."""
    title: str | None = None
    headings: list[Heading] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    """Every id MkDocs generates for the page: toc slugs, attr_list and raw HTML ids."""
    tasks: list[TaskSection] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code_spans: list[CodeSpan] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    body: str = ""
    """The file's text (front matter included: it ends at ``front_matter_end``), kept for the checks."""
    newlines: int = 0
    """Line breaks in the file: with those of the Markdown an engine hands over, how many lines it took off the top."""
    comments: list[tuple[int, int]] = field(default_factory=list)
    """First and last line of every HTML comment outside code."""
    ignore_lines: dict[int, frozenset[str]] = field(default_factory=dict)
    ignore_file: frozenset[str] = frozenset()
    problems: list[Finding] = field(default_factory=list)
    """Findings of the parse itself (IN001-IN003)."""
    undefined_references: list[UndefinedReference] = field(default_factory=list)
    expanded_by: str | None = None
    """Why the rendered page holds ids its source cannot show, or ``None``; it reads after "the page":
    a ``--8<--`` snippet line, a ``::: identifier`` autodoc block, tabs with ids from their titles.
    Where it is set, a check without a build does not call an anchor of this page missing."""

    @property
    def workplan_id(self) -> str | None:
        """The front matter's ``id`` (of a workplan, or of whatever the page declares)."""
        return self.meta.text("id") if self.meta else None

    @property
    def status(self) -> str | None:
        return self.meta.text("status") if self.meta else None

    @property
    def workstream_id(self) -> str | None:
        return self.meta.text(WORKSTREAM_KEY) if self.meta else None

    def release_check_inputs(self) -> None:
        """Drop what only the checks read, once they ran, keeping what rendering and the checks
        judged again on the rendered pages read (where links lead, task and front-matter values,
        suppressions; the anchors live on in the reference context).

        A build keeps every document until it ends, while MkDocs keeps every page's Markdown
        and HTML: without this, the model of a site weighs more than the site.
        """
        self.release_document_inputs()
        self.code_blocks = []
        self.links = [replace(link, text="") if link.text else link for link in self.links]  # for RF010 alone
        for mapping in (self.meta, *(task.block for task in self.tasks)):
            if mapping is not None:
                mapping.places = []

    def release_document_inputs(self) -> None:
        """Drop what only the per-document checks read, once they ran; the checks of the whole site
        still read the YAML positions, and the task blocks of a page whose front matter failed."""
        self.body = ""
        self.headings = []
        self.anchors = set()  # the checks' copy is in the reference context; a build then has the HTML's
        self.code_spans = []
        if self.unparsed_front_matter is None:
            self.code_blocks = []
        self.comments = []
        self.undefined_references = []

    def for_rendering(self) -> Document:
        """A copy with what :meth:`release_check_inputs` keeps; this document is left whole for the checks
        (the copy's front matter and task blocks are mappings of their own)."""
        copy = replace(
            self, meta=_values_of(self.meta), tasks=[replace(t, block=_values_of(t.block)) for t in self.tasks]
        )
        copy.release_check_inputs()
        return copy

    def release_render_inputs(self) -> None:
        """Drop what only rendering this page read, once it is rendered: its mentions, its tasks
        (their cards, with their ids, are in the page's HTML, which is what the inventory publishes)
        and its front matter but the status, which grading still reads (:func:`.analysis.severity_of`)."""
        self.mentions = []
        self.tasks = []
        if self.meta is not None:
            status = self.meta.values.get("status")
            self.meta = YamlMap({} if status is None else {"status": status})

    def suppressed(self, code: str, line: int) -> bool:
        return code in self.ignore_file or code in self.ignore_lines.get(line, ())


def _values_of(mapping: YamlMap | None) -> YamlMap | None:
    """A mapping of the same values without their positions (``mapping`` keeps its own)."""
    return None if mapping is None else YamlMap(mapping.values)
