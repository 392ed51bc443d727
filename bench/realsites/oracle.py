"""Propose a verdict for each link finding from the built HTML, to be confirmed by hand (issue 9).

usage: python bench/realsites/oracle.py --out DIR --sites-dir DIR [--only a,b]

For every RF001/RF002 finding of ``workplans check`` and of the build in ``OUT/<site>.json``,
looks the target up in the plain build's HTML (``OUT/<site>/site-plain``): does the page exist,
does it hold an element with that id? Prints one CSV row a finding with the proposal
(``true`` when the built site lacks the target, ``false`` when it has it, ``?`` when the
finding is not about a link target) for the hand classification in classification.csv.
The proposal is a help, not the verdict: pages that MkDocs builds from other sources (i18n
suffixes, redirects, generated pages) need a look at the source and the HTML.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from pathlib import Path, PurePosixPath

ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
TARGET = re.compile(r"(?:anchor|link target|target) '([^']*)'")
ON_PAGE = re.compile(r"does not exist on (\S+?)(?: \(|$)")


def built_page(site_root: Path, docs_rel: str) -> Path | None:
    """The HTML file MkDocs writes for ``docs_rel`` (a path inside docs_dir), either URL style."""
    path = PurePosixPath(docs_rel)
    stem = path.with_suffix("")
    candidates = [site_root / f"{stem}.html", site_root / stem / "index.html"]
    if path.stem in ("index", "README"):
        candidates.insert(0, site_root / path.parent / "index.html")
    return next((c for c in candidates if c.is_file()), None)


def ids_of(page: Path) -> set[str]:
    return {html.unescape(m) for m in ID.findall(page.read_text(encoding="utf-8", errors="replace"))}


def propose(item: dict[str, object], site_root: Path, docs_dir: str) -> tuple[str, str]:
    message = str(item.get("message") or item.get("text") or "")
    code = item.get("code")
    source = str(item.get("path"))
    rel_source = source.removeprefix(docs_dir.rstrip("/") + "/")
    target = TARGET.search(message)
    if code not in ("RF001", "RF002") or not target:
        return "?", "not a link-target finding"
    value = target.group(1)
    if code == "RF002":
        anchor = value.lstrip("#")
        on = ON_PAGE.search(message)
        page_rel = (
            rel_source if not on or on.group(1) == "this" else on.group(1).removeprefix(docs_dir.rstrip("/") + "/")
        )
        page = built_page(site_root, page_rel)
        if page is None:
            return "?", f"no built page for {page_rel}"
        found = anchor in ids_of(page)
        return (
            "false" if found else "true"
        ), f"id {anchor!r} {'in' if found else 'not in'} {page.relative_to(site_root)}"
    link = value.split("#", 1)[0]
    resolved = (PurePosixPath(rel_source).parent / link).as_posix()
    parts: list[str] = []
    for part in resolved.split("/"):
        if part == "..":
            if not parts:
                return "true", f"{link!r} leaves the docs"
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    target_path = site_root / "/".join(parts)
    exists = target_path.exists() or built_page(site_root, "/".join(parts) + ".md") is not None
    return ("false" if exists else "true"), f"{'/'.join(parts)} {'exists' if exists else 'missing'} in built site"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--docs-dir", default="docs")
    args = parser.parse_args()
    wanted = {s for s in args.only.split(",") if s}
    writer = csv.writer(sys.stdout)
    writer.writerow(["site", "path", "line", "col", "code", "tool", "proposal", "why", "message"])
    for raw in sorted(args.out.glob("*.json")):
        result = json.loads(raw.read_text(encoding="utf-8"))
        if wanted and result["site"] not in wanted:
            continue
        site_root = args.out / result["site"] / "site-plain"
        for tool in ("check", "build"):
            for item in result[tool]:
                proposal, why = propose(item, site_root, args.docs_dir)
                writer.writerow(
                    [
                        result["site"],
                        item["path"],
                        item["line"],
                        item["col"],
                        item["code"],
                        tool,
                        proposal,
                        why,
                        item.get("message") or item.get("text"),
                    ]
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
