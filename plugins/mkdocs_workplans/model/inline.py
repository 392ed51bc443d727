"""Inline references as Python-Markdown renders them, each with its source offset.

markdown-it-py parses the page; this module adapts its rules where Python-Markdown,
which MkDocs renders with, reads the text differently, and records the offset of
everything a check needs while the inline pass consumes it:

- links and images with Python-Markdown's destination grammar (spaces allowed, titles
  only in quotes, its own backslash escapes); ``[text][label]``, ``[label][]`` and
  ``[label]`` resolved against definitions read by Python-Markdown's rule (a definition
  may interrupt a paragraph, is one word plus an optional title, the last duplicate
  wins); a full or collapsed reference to a label defined nowhere is noted too;
- footnotes (mdit-py-plugins) when the extension is on: never links nor definitions;
- code spans, autolinks (http, https, ftp), raw inline HTML.

A rule notes ``state.pos`` before and after it consumed its text; :mod:`.parser` maps
those offsets in the inline content back to lines and columns of the file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline, autolink, backtick, html_inline
from mdit_py_plugins.footnote import footnote_plugin

DIRECTIVE_RE = re.compile(r"^\s*workplans:\s*(ignore|ignore-file)\s+([A-Z]{2}\d{3}(?:\s*,\s*[A-Z]{2}\d{3})*)\s*$")
TAG_RE = re.compile(r"<[A-Za-z][\w:-]*(\s[^<>]*)?/?>")
ID_ATTR_RE = re.compile(r"""(?:^|\s)(id|name|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
#: Characters Python-Markdown unescapes after a backslash (its ``ESCAPED_CHARS``, with ``tables``' ``|``).
ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
AUTOLINK_SCHEMES = ("http://", "https://", "ftp://", "ftps://")
#: Work allowed per character of inline content for Python-Markdown's destination scan, which
#: restarts at every ``[text](``; beyond it, destinations on that stretch are not read as links.
SCAN_BUDGET = 8
ENV_SPANS = "workplans.spans"
ENV_DEFINITIONS = "workplans.definitions"
ENV_USED = "workplans.used"
ENV_BUDGET = "workplans.budget"
ENV_FOOTNOTES = "workplans.footnotes"
#: ``(offset in the text being parsed) -> (line, column)`` in the file, set by :mod:`.parser` per parse.
ENV_LOCATE = "workplans.locate"


@dataclass(slots=True)
class Span:
    """What the inline pass consumed at ``[start, end)`` of one inline content.

    ``kind`` is ``link`` (an inline link or image, ``target`` decoded as the browser
    sees it), ``ref`` (a reference link; ``target`` is the definition's key),
    ``undefined`` (``[text][label]`` with no such definition; ``target`` is the label as
    written), ``code`` (``target`` is the span's text, starting at ``inner``), ``html``,
    ``autolink``. ``label`` is the range of a link's text.
    """

    kind: str
    start: int
    end: int
    target: str = ""
    label: tuple[int, int] = (0, 0)
    image: bool = False
    inner: int = 0


@dataclass(slots=True)
class Definition:
    """A reference definition as Python-Markdown reads it; ``line`` indexes the parsed text."""

    label: str
    target: str
    line: int
    column: int
    """1-based, in the file (see ``ENV_LOCATE``)."""


def directives(comment: str) -> tuple[str, frozenset[str]] | None:
    """``("ignore" | "ignore-file", codes)`` for a suppression comment's inner text."""
    match = DIRECTIVE_RE.match(comment)
    if not match:
        return None
    return match.group(1), frozenset(c.strip() for c in match.group(2).split(","))


def comments(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every ``<!-- ... -->`` in raw HTML, in one forward pass."""
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        close = text.find("-->", start + 4)
        if close < 0:
            return  # no later comment can close either
        pos = close + 3
        yield start, pos


def tags(text: str) -> Iterator[tuple[int, str, str]]:
    """``(offset, attribute, value)`` for ``id``, ``name`` and ``<a href>`` of each tag in raw HTML."""
    if "<" not in text:
        return
    masked = text
    if "<!--" in text:
        pieces: list[str] = []
        cursor = 0
        for start, end in comments(text):
            pieces.extend((text[cursor:start], " " * (end - start)))
            cursor = end
        masked = "".join([*pieces, text[cursor:]])
    for tag in TAG_RE.finditer(masked):
        is_anchor = tag.group().lower().startswith(("<a ", "<a\t", "<a\n"))
        for attr in ID_ATTR_RE.finditer(tag.group(1) or ""):
            name = attr.group(1)
            if name == "href" and not is_anchor:
                continue
            value = attr.group(2) if attr.group(2) is not None else attr.group(3)
            value = value if value is not None else attr.group(4) or ""
            yield tag.start(), name, html.unescape(value) if "&" in value else value


def decode_target(raw: str) -> str:
    """A destination as the browser gets it: Python-Markdown's escapes undone, entities decoded."""
    if "\\" in raw:
        out: list[str] = []
        index = 0
        while index < len(raw):
            char = raw[index]
            if char == "\\" and index + 1 < len(raw) and raw[index + 1] in ESCAPABLE:
                out.append(raw[index + 1])
                index += 2
                continue
            out.append(char)
            index += 1
        raw = "".join(out)
    if "&" in raw:
        raw = ENTITY_RE.sub(lambda m: html.unescape(m.group()), raw)
    return raw.strip()


def _skip_space(src: str, pos: int, end: int) -> int:
    while pos < end and src[pos] in " \t\n\r\f\v":
        pos += 1
    return pos


def _angle_destination(src: str, pos: int, end: int) -> tuple[str, int] | None:
    """``(<href> "title")``: Python-Markdown's ``RE_LINK`` without its backtracking."""
    index = pos + 1
    while index < end and src[index] not in "<>":
        index += 1
    if index >= end or src[index] != ">":
        return None
    href = src[pos + 1 : index]
    after = _skip_space(src, index + 1, end)
    if after < end and src[after] == ")":
        return href, after + 1
    if after < end and src[after] in "'\"":
        close = src.find(src[after], after + 1, end)
        if close >= 0:
            after = _skip_space(src, close + 1, end)
            if after < end and src[after] == ")":
                return href, after + 1
    return None


def destination(src: str, pos: int, end: int, env: MutableMapping[str, Any]) -> tuple[str, int] | None:
    """The raw destination of ``(...)`` at ``src[pos]`` and the offset after ``)``, as Python-Markdown reads it.

    Python-Markdown counts nested parentheses, and once a quote starts it assumes a
    title, closing the link at a ``)`` right after the title's closing quote, or at
    the last balanced ``)`` when the title never closes (``LinkInlineProcessor.getLink``).
    Escaped characters are opaque to it, as its escape pattern runs first.
    """
    start = _skip_space(src, pos + 1, end)
    if start < end and src[start] == "<":
        found = _angle_destination(src, start, end)
        if found is not None:
            return found
    budget: int = env.get(ENV_BUDGET, 0)
    count = backtrack = 1
    last_bracket = -1
    quote = alt_quote = ""
    start_quote = exit_quote = start_alt = exit_alt = -1
    in_title = False
    last = ""
    index = start
    while index < end:
        if budget <= 0:
            env[ENV_BUDGET] = 0
            return None
        budget -= 1
        char = src[index]
        if char == "\\" and index + 1 < end and src[index + 1] in ESCAPABLE:
            index += 2
            last = "\\"
            continue
        if char == "(":
            if not in_title:
                count += 1
            elif backtrack > 0:
                backtrack -= 1
        elif char == ")":
            if (exit_quote != -1 and quote == last) or (exit_alt != -1 and alt_quote == last):
                count = 0
            elif not in_title:
                count -= 1
            elif backtrack > 0:
                backtrack -= 1
                if backtrack == 0:
                    last_bracket = index + 1
        elif char in "'\"":
            if not quote:
                in_title, backtrack, count = True, count, 1
                start_quote, quote = index + 1, char
            elif char != quote and not alt_quote:
                start_alt, alt_quote = index + 1, char
            elif char == quote:
                exit_quote = index + 1
            elif char == alt_quote:
                exit_alt = index + 1
        index += 1
        if count == 0:
            env[ENV_BUDGET] = budget
            if exit_quote >= 0 and quote == last:
                return src[start : start_quote - 1], index
            if exit_alt >= 0 and alt_quote == last:
                return src[start : start_alt - 1], index
            return src[start : index - 1], index
        if char != " ":
            last = char
    env[ENV_BUDGET] = budget
    if backtrack == 0 and last_bracket >= 0:
        return src[start : last_bracket - 1], last_bracket
    return None


def _reference_label(src: str, pos: int, end: int) -> tuple[str, int, bool] | None:
    """``[label]`` after a link's text (Python-Markdown allows one space or newline before it).

    Returns the label, the offset after it, and whether it was written right after the text.
    """
    adjacent = True
    if pos < end and src[pos] in " \n":
        pos, adjacent = pos + 1, False
    if pos >= end or src[pos] != "[":
        return None
    close = src.find("]", pos + 1, end)
    if close < 0:
        return None
    return src[pos + 1 : close], close + 1, adjacent


def _link_rule(image: bool) -> Callable[[StateInline, bool], bool]:
    def rule(state: StateInline, silent: bool) -> bool:
        src, start, end = state.src, state.pos, state.posMax
        opening = start + 1 if image else start
        if opening >= end or src[opening] != "[" or (image and src[start] != "!"):
            return False
        label_end = state.md.helpers.parseLinkLabel(state, opening, not image)
        if label_end < 0:
            return False
        env = state.env
        span: Span | None = None
        after = label_end + 1
        if after < end and src[after] == "(":
            found = destination(src, after, end, env)
            if found is not None:
                span = Span("link", start, found[1], decode_target(found[0]), (opening + 1, label_end), image)
        if span is None:
            span = _reference(state, src, start, opening, label_end, end, silent, image)
        if span is None:
            return False
        if not silent:
            if span.kind == "ref":
                env[ENV_USED].add(span.target)
            env[ENV_SPANS].append(span)
            if image:
                state.push("image", "img", 0)
            else:
                state.pos, state.posMax = opening + 1, label_end
                state.push("link_open", "a", 1)
                state.linkLevel += 1
                state.md.inline.tokenize(state)
                state.linkLevel -= 1
                state.push("link_close", "a", -1)
        state.pos, state.posMax = span.end, end
        return True

    return rule


def _reference(
    state: StateInline, src: str, start: int, opening: int, label_end: int, end: int, silent: bool, image: bool
) -> Span | None:
    """A reference link at ``start``, or ``None``; a full one to an unknown label is noted."""
    env = state.env
    definitions: dict[str, Definition] = env[ENV_DEFINITIONS]
    text = src[opening + 1 : label_end]
    label = (opening + 1, label_end)
    full = _reference_label(src, label_end + 1, end)
    if full is not None and not (full[0].startswith("^") and env.get(ENV_FOOTNOTES)):
        key = normalizeReference(full[0] or text)
        if key in definitions:
            return Span("ref", start, full[1], key, label, image)
        if full[2] and not silent:
            env[ENV_SPANS].append(Span("undefined", start, full[1], full[0] or text, label, image))
    key = normalizeReference(text)
    return Span("ref", start, label_end + 1, key, label, image) if key in definitions else None


def _recorded(rule: Callable[[StateInline, bool], bool], kind: str) -> Callable[[StateInline, bool], bool]:
    """``rule``, noting where each token it pushes came from."""

    def recorded(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent and len(state.tokens) > count:
            token = state.tokens[-1]  # pushing flushes pending text first: the rule's own token is last
            src = state.src
            if kind == "code" and token.type == "code_inline":
                inner = start + len(token.markup)
                if len(token.content) < state.pos - len(token.markup) - inner:
                    inner += 1  # one space stripped on each side
                state.env[ENV_SPANS].append(Span("code", start, state.pos, token.content, inner=inner))
            elif kind == "autolink" and src[start + 1 : state.pos - 1].lower().startswith(AUTOLINK_SCHEMES):
                state.env[ENV_SPANS].append(Span("autolink", start, state.pos, src[start + 1 : state.pos - 1]))
            else:
                state.env[ENV_SPANS].append(Span("html", start, state.pos, src[start : state.pos]))
        return True

    return recorded


_TITLE_CLOSE = {'"': '"', "'": "'", "(": ")"}


def _title_line(text: str) -> bool:
    """Whether ``text`` is only a title: ``"…"``, ``'…'`` or ``(…)``, then spaces."""
    text = text.rstrip(" ")
    return len(text) >= 2 and text[0] in _TITLE_CLOSE and text[-1] == _TITLE_CLOSE[text[0]]


def _line(state: StateBlock, number: int) -> str:
    return state.src[state.bMarks[number] + state.tShift[number] : state.eMarks[number]]


def reference_rule(footnotes: bool) -> Callable[[StateBlock, int, int, bool], bool]:
    """Python-Markdown's ``ReferenceProcessor``: ``[label]: target "title"`` over up to three lines.

    It differs from CommonMark: a definition may interrupt a paragraph, its target is
    one word (no ``<with spaces>``), anything after it but a title makes the line plain
    text, and a later definition of a label replaces an earlier one.
    """

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.sCount[start_line] - state.blkIndent >= 4:
            return False
        text = _line(state, start_line)
        if not text.startswith("[") or (footnotes and text.startswith("[^")):
            return False
        close = text.find("]")
        if close < 0 or "[" in text[1:close] or text[close + 1 : close + 2] != ":":
            return False
        rest, line = text[close + 2 :].lstrip(" "), start_line
        if not rest:  # the target may start the next line
            if line + 1 >= end_line or state.isEmpty(line + 1):
                return False
            line += 1
            rest = _line(state, line).lstrip(" ")
        target = rest.split(None, 1)[0] if rest.strip() else ""
        if not target or rest[0] in " \t":
            return False
        after = rest[len(target) :].lstrip(" ")
        if after and not _title_line(after):
            return False
        if not after and line + 1 < end_line and not state.isEmpty(line + 1) and _title_line(_line(state, line + 1)):
            line += 1
        if silent:
            return True
        label = text[1:close]
        where = state.env[ENV_LOCATE](state.bMarks[start_line] + state.tShift[start_line])
        definitions = state.env[ENV_DEFINITIONS]
        definitions[normalizeReference(label)] = Definition(label, target.lstrip("<").rstrip(">"), *where)
        state.line = line + 1
        return True

    return rule


@cache
def markdown_parser(footnotes: bool) -> MarkdownIt:
    """markdown-it with Python-Markdown's link and reference rules, and footnotes if enabled.

    Its core ``inline`` stage is off: :mod:`.parser` runs the inline pass on each
    block itself, so that every offset a rule notes belongs to a known block.
    """
    md = MarkdownIt("commonmark", {"html": True})
    md.block.ruler.at("reference", reference_rule(footnotes), {"alt": ["paragraph"]})
    md.inline.ruler.at("link", _link_rule(image=False))
    md.inline.ruler.at("image", _link_rule(image=True))
    md.inline.ruler.at("backticks", _recorded(backtick, "code"))
    md.inline.ruler.at("autolink", _recorded(autolink, "autolink"))
    md.inline.ruler.at("html_inline", _recorded(html_inline, "html"))
    if footnotes:
        footnote_plugin(md, inline=False, move_to_end=False)
    md.core.ruler.disable(["inline", "text_join"])
    # Emphasis, entities and line breaks change no link, span or offset recorded here: not run.
    md.inline.ruler.disable(["emphasis", "entity", "newline"])
    md.inline.ruler2.disable(["balance_pairs", "emphasis", "fragments_join"])
    return md


def new_env(footnotes: bool) -> dict[str, Any]:
    return {ENV_DEFINITIONS: {}, ENV_USED: set(), ENV_SPANS: [], ENV_FOOTNOTES: footnotes}


def inline_spans(md: MarkdownIt, content: str, env: dict[str, Any]) -> tuple[list[Span], list[Any]]:
    """The spans the inline pass records on ``content``, and its tokens."""
    env[ENV_SPANS] = []
    env[ENV_BUDGET] = SCAN_BUDGET * len(content) + 4096
    tokens: list[Any] = []
    md.inline.parse(content, md, env, tokens)
    return env[ENV_SPANS], tokens
