"""Inline references found in prose: links, code spans, id mentions, comments.

markdown-it-py decides which lines are prose (see :mod:`.parser`); this module scans
those lines of the source with small regular expressions so that every reference keeps
its exact line and column. HTML comments and code spans are masked before links and
mentions are searched, so nothing inside them is mistaken for a reference.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from mkdocs_workplans.model.document import CodeSpan, Link, Mention

COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
DIRECTIVE_RE = re.compile(r"^\s*workplans:\s*(ignore|ignore-file)\s+([A-Z]{2}\d{3}(?:\s*,\s*[A-Z]{2}\d{3})*)\s*$")
BACKTICKS_RE = re.compile(r"(?<!\\)`+")
LINK_RE = re.compile(
    r"(!?)\[((?:\\.|[^\[\]\\\n]|\n(?![ \t]*\n)|\[(?:\\.|[^\[\]\\\n])*\])*)\]"
    r"\(\s*(<[^<>\n]*>|(?:\\.|[^\s()\\]|\((?:\\.|[^\s()\\])*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
REF_DEF_RE = re.compile(r"^ {0,3}\[((?:\\.|[^\]\\])+)\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)
AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>")
TAG_RE = re.compile(r"<[A-Za-z][\w:-]*(\s[^<>]*)?/?>")
_BLANK_RE = re.compile(r"[^\n]")
ID_ATTR_RE = re.compile(r"""(?:^|\s)(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def mask(text: str, start: int, end: int) -> str:
    """Blank ``text[start:end]`` keeping newlines, so offsets and lines stay put."""
    return mask_all(text, [(start, end)])


def mask_all(text: str, ranges: list[tuple[int, int]]) -> str:
    """Blank every ``(start, end)`` range (sorted, not overlapping) in one pass."""
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


def html_ids(html: str) -> Iterator[str]:
    """The ``id`` and ``name`` attribute values of every tag in raw HTML."""
    for tag in TAG_RE.finditer(html):
        for attr in ID_ATTR_RE.finditer(tag.group(1) or ""):
            yield attr.group(1) or attr.group(2) or attr.group(3) or ""


def directives(comment: str) -> tuple[str, frozenset[str]] | None:
    """``("ignore" | "ignore-file", codes)`` for a suppression comment's inner text."""
    match = DIRECTIVE_RE.match(comment)
    if not match:
        return None
    return match.group(1), frozenset(c.strip() for c in match.group(2).split(","))


@dataclass(slots=True)
class Segment:
    """The prose of a document (other lines blank) and what scanning it found.

    ``blocks`` numbers the paragraph-like block of each line, so that a code span never
    pairs backticks of two different paragraphs; ``headings`` are the lines of headings.
    """

    text: str
    first_line: int = 1
    blocks: list[int] = field(default_factory=list)
    headings: frozenset[int] = frozenset()
    links: list[Link] = field(default_factory=list)
    code_spans: list[CodeSpan] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    """``(first line, last line, inner text)`` of every HTML comment."""
    html_ids: list[str] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [0]
        self._starts.extend(m.end() for m in re.finditer("\n", self.text))

    def pos(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self._starts, offset) - 1
        return self.first_line + index, offset - self._starts[index] + 1

    def block(self, offset: int) -> int:
        if not self.blocks:
            return 0
        return self.blocks[bisect_right(self._starts, offset) - 1]


def _code_spans(text: str, segment: Segment) -> Iterator[tuple[int, int, str, int]]:
    """CommonMark code spans as ``(start, end, content, content offset)``.

    A run of n backticks opens a span that the next run of exactly n in the same block closes.
    """
    runs = list(BACKTICKS_RE.finditer(text))
    index = 0
    while index < len(runs):
        opener = runs[index]
        closer_index = _closer(runs, index, segment)
        if closer_index is None:
            index += 1  # an unmatched run is literal backticks
            continue
        closer = runs[closer_index]
        content = text[opener.end() : closer.start()].replace("\n", " ")
        offset = opener.end()
        if content.startswith(" ") and content.endswith(" ") and content.strip():
            content, offset = content[1:-1], offset + 1
        yield opener.start(), closer.end(), content, offset
        index = closer_index + 1


def _closer(runs: list[re.Match[str]], index: int, segment: Segment) -> int | None:
    """The next run as wide as ``runs[index]`` within the same block, if any."""
    width = len(runs[index].group())
    block = segment.block(runs[index].start())
    for candidate in range(index + 1, len(runs)):
        if segment.block(runs[candidate].start()) != block:
            return None
        if len(runs[candidate].group()) == width:
            return candidate
    return None


def _comments(text: str, segment: Segment) -> Iterator[re.Match[str]]:
    """HTML comments, except a ``<!--`` inside a code span: that is code, shown as written."""
    if "<!--" not in text:
        return
    spans = [(start, end) for start, end, _content, _offset in _code_spans(text, segment)] if "`" in text else []
    pos = 0
    while (match := COMMENT_RE.search(text, pos)) is not None:
        inside = next((end for start, end in spans if start <= match.start() < end), None)
        if inside is None:
            yield match
        pos = match.end() if inside is None else inside


def scan(segment: Segment, mention_re: re.Pattern[str] | None) -> Segment:
    """Fill ``segment`` with the references of its text, masking what each step consumed."""
    text = segment.text
    headings = segment.headings
    ranges: list[tuple[int, int]] = []
    for match in list(_comments(text, segment)):
        segment.comments.append((segment.pos(match.start())[0], segment.pos(match.end() - 1)[0], match.group(1)))
        ranges.append((match.start(), match.end()))
    text = mask_all(text, ranges)
    ranges = []
    for start, end, content, inner in _code_spans(text, segment) if "`" in text else ():
        line, column = segment.pos(start)
        segment.code_spans.append(CodeSpan(content, line, column))
        if mention_re:
            for found in mention_re.finditer(content):
                segment.mentions.append(
                    Mention(
                        found.group(), *segment.pos(inner + found.start()), in_code=True, in_heading=line in headings
                    )
                )
        ranges.append((start, end))
    text = mask_all(text, ranges)
    if "<" in text:
        for tag in TAG_RE.finditer(text):
            segment.html_ids.extend(html_ids(tag.group()))
    ranges = []
    link_text_ranges: list[tuple[int, int]] = []
    if "](" in text:
        for match in LINK_RE.finditer(text):
            target = match.group(3)
            if target.startswith("<"):
                target = target[1:-1]
            line, column = segment.pos(match.start())
            segment.links.append(
                Link(target, match.group(2), line, column, image=bool(match.group(1)), in_heading=line in headings)
            )
            link_text_ranges.append((match.start(2), match.end(2)))
            ranges.append((match.end(2), match.end()))
        text = mask_all(text, ranges)
        ranges = []
    if "]:" in text:
        for match in REF_DEF_RE.finditer(text):
            target = match.group(2)
            if target.startswith("<"):
                target = target[1:-1]
            line, column = segment.pos(match.start())
            segment.links.append(Link(target, match.group(1), line, column, in_heading=line in headings))
            ranges.append((match.start(2), match.end(2)))
    if "://" in text:
        for match in AUTOLINK_RE.finditer(text):
            line, column = segment.pos(match.start())
            segment.links.append(Link(match.group(1), match.group(1), line, column))
            ranges.append((match.start(), match.end()))
    text = mask_all(text, sorted(ranges))
    if mention_re:
        for found in mention_re.finditer(text):
            in_link = any(a <= found.start() < b for a, b in link_text_ranges)
            line, column = segment.pos(found.start())
            segment.mentions.append(Mention(found.group(), line, column, in_link=in_link, in_heading=line in headings))
    return segment
