"""Control and bidirectional-formatting characters, made visible.

Findings quote what authors, siblings and servers wrote: a front-matter key, an HTTP
reason phrase, a file name. A newline in one would start a forged ``path:line:col
CODE`` line in the text output (which CI parses), a control character makes a JUnit
report invalid XML, and U+202E (right-to-left override) shows readers text in another
order than it is stored. Every such character is replaced by its ``\\x..``/``\\u....``
escape, which reads the same in a terminal, an XML report and an HTML page.
"""

from __future__ import annotations

import re

#: C0 and C1 controls (tab included: a finding is one line of fields), DEL, bidi embeddings,
#: overrides, isolates and marks, line and paragraph separators, lone surrogates (undecodable
#: file names) and the two non-characters XML forbids.
_INVISIBLE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, bidi-formatting and XML-invalid character escaped."""
    if text.isascii() and text.isprintable():  # the usual case, which no regular expression need scan
        return text
    return _INVISIBLE_RE.sub(_escape, text)
