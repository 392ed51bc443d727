"""Which code spans name repository paths, and which commands run ``make``.

Pure classification of text; whether the path or target exists is decided by the
rules against :class:`~mkdocs_workplans.refcheck.repo.RepoFiles`.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

EXTENSIONS = frozenset(
    [
        "md",
        "markdown",
        "txt",
        "rst",
        "sh",
        "bash",
        "zsh",
        "py",
        "pyi",
        "yaml",
        "yml",
        "json",
        "jsonc",
        "toml",
        "ini",
        "cfg",
        "conf",
        "env",
        "lock",
        "tf",
        "tfvars",
        "hcl",
        "sql",
        "j2",
        "jinja",
        "tpl",
        "gotmpl",
        "service",
        "timer",
        "socket",
        "js",
        "mjs",
        "ts",
        "tsx",
        "css",
        "scss",
        "html",
        "xml",
        "csv",
        "go",
        "rs",
        "rb",
        "java",
        "kt",
        "c",
        "h",
        "cpp",
        "hpp",
        "ps1",
        "nix",
        "dockerfile",
        "containerfile",
        "mk",
    ]
)
#: A real machine's home directory (RF005): ``/home/<name>``, ``/Users/<name>``, ``C:\Users\<name>``.
#: Not ``~/...`` (everyone's home) nor an example drive path such as ``C:\Python38\``; a name that is a
#: placeholder (``<user>``, ``$USER``, ``{name}``, ``...``) is an example too.
ABSOLUTE_LOCAL_RE = re.compile(r"^(?:/home/|/Users/|[A-Za-z]:[\\/]Users[\\/])([^/\\\s]+)(?:[/\\]|$)")
PLACEHOLDER_NAME_RE = re.compile(r"^(?:<.*>|\{.*\}|\$\{?\w+\}?|%\w+%|\.{2,}|…)$")
LINE_SUFFIX_RE = re.compile(r"(?::\d+){1,2}$")
SHELL_INFOS = frozenset({"", "bash", "sh", "shell", "console", "zsh", "shell-session", "text"})
SHELL_OPERATORS = frozenset({"&&", "||", ";", "|", ">", ">>", "<", "&"})


@dataclass(frozen=True, slots=True)
class PathRef:
    path: str
    """Without leading ``./``, trailing ``/`` or ``:line`` suffix."""
    first: str
    rest: str


def is_absolute_local(text: str) -> bool:
    match = ABSOLUTE_LOCAL_RE.match(text.strip())
    return match is not None and PLACEHOLDER_NAME_RE.match(match.group(1)) is None


def path_ref(text: str) -> PathRef | None:
    """The repository path a code span names, if it looks like one (SPEC §3)."""
    text = text.strip()
    if not text or any(ch in text for ch in " \t=\"'`|;,()[]") or "://" in text or text.startswith(("-", "/", "~")):
        return None
    text = LINE_SUFFIX_RE.sub("", text).removeprefix("./").rstrip("/")
    name = text.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    if "/" not in text and extension not in EXTENSIONS:
        return None
    first, _, rest = text.partition("/")
    if not first or first in (".", ".."):
        return None
    return PathRef(text, first, rest)


@dataclass(frozen=True, slots=True)
class MakeCall:
    targets: tuple[str, ...]
    column: int
    """0-based offset of ``make`` in the text it was found in."""


def make_call(command: str) -> MakeCall | None:
    """``make a b`` -> targets ``a``, ``b``; ``None`` for calls into another Makefile (``-C``, ``-f``)."""
    stripped = command.lstrip()
    offset = len(command) - len(stripped)
    for prompt in ("$ ", "# ", "> "):
        if stripped.startswith(prompt):
            stripped = stripped[len(prompt) :].lstrip()
            offset = len(command) - len(stripped)
    if not stripped.startswith("make ") and stripped != "make":
        return None
    try:
        words = shlex.split(stripped, comments=True)
    except ValueError:
        words = stripped.split()
    targets: list[str] = []
    for word in words[1:]:
        if word in SHELL_OPERATORS or word.endswith(";"):
            break
        if word in ("-C", "-f", "--file", "--directory", "--makefile") or word.startswith(("-C", "--directory=", "-f")):
            return None
        if word.startswith("-") or "=" in word or "$" in word or "<" in word or "{" in word:
            continue
        targets.append(word)
    return MakeCall(tuple(targets), offset)
