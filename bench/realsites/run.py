"""Measure refcheck on real public MkDocs sites against MkDocs' own validation and lychee (issue 9).

usage: python bench/realsites/run.py --sites-dir DIR [--out DIR] [--only a,b] [--python PY]
                                     [--classification CSV] [--jobs N]

For every site of ``sites.json`` whose checkout is present under ``--sites-dir/<name>``
(extracted at the pinned commit, see README.md), four runs, each a separate process:

a. plain ``mkdocs build`` of the site's config with MkDocs' ``validation`` set to warn for
   links and anchors (``absolute_links`` stays at info) -> MkDocs' warnings and errors;
b. ``lychee --offline --include-fragments`` over the docs Markdown -> lychee's failures;
c. ``workplans check --format json`` with ``refcheck`` and ``workplans`` appended to the
   site's plugins -> our findings on the CLI path;
d. ``mkdocs build`` with that same derived config -> our findings from the build log.

The site's ``mkdocs.yml`` is never edited: the derived configs are new files next to it
(``mkdocs.realsites-*.yml``, so that relative paths in the config keep their meaning), made
from the site's config with the tweaks recorded in ``sites.json`` (plugins that need the
network or git history dropped, and the like). The package measured is whatever
``mkdocs-workplans`` the ``--python`` interpreter imports (default: this one), so a re-run
after ``pip install -e <other worktree>`` measures that code.

Raw results go to ``OUT/<site>.json``; with ``classification.csv`` (hand verdicts keyed by
site, path, line, column and code) the summary table counts true and false findings per path
and the real defects that MkDocs or lychee found and we missed. Findings without a verdict are
counted as unclassified and listed, to be classified by hand. Nothing touches the network:
every child gets a proxy that refuses connections. Standard library and PyYAML only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
NO_NETWORK = {
    name: "http://127.0.0.1:9"
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
} | {"no_proxy": "", "NO_PROXY": ""}
# MkDocs' link validation made loud, as a site owner would to compare; absolute links stay at
# info because every site with a custom 404 or theme assets has some by design.
VALIDATION = {
    "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "info"},
    "links": {
        "not_found": "warn",
        "anchors": "warn",
        "absolute_links": "info",
        "unrecognized_links": "warn",
    },
}
LOG_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
OUR_FINDING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+) (?P<code>[A-Z]{2}\d{3}) (?P<message>.*)$")


# --- YAML that keeps the site's tags (!ENV, !relative, !!python/name:...) as written ---------


@dataclass
class Tagged:
    """A tagged YAML node kept verbatim, so the derived config means what the site's does."""

    tag: str
    value: Any


class KeepTagsLoader(yaml.SafeLoader):
    pass


class KeepTagsDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


KeepTagsLoader.add_multi_constructor("!", _construct_tagged)
KeepTagsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
KeepTagsDumper.add_representer(Tagged, _represent_tagged)


# --- derived configs -------------------------------------------------------------------------


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _drop_plugins(plugins: Any, names: list[str]) -> Any:
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k not in names}
    return [p for p in plugins if _plugin_name(p) not in names]


def _plugin_options(plugins: Any, name: str) -> dict[str, Any]:
    if isinstance(plugins, dict):
        if plugins.get(name) is None:
            plugins[name] = {}
        return plugins[name]  # type: ignore[no-any-return]
    for i, entry in enumerate(plugins):
        if _plugin_name(entry) == name:
            if isinstance(entry, str):
                plugins[i] = {name: {}}
            return plugins[i][name]  # type: ignore[no-any-return]
    raise KeyError(f"plugin {name!r} not in config")


def _set_path(options: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with ``None``, delete) ``a/b/c`` inside nested options."""
    *parents, last = path.split("/")
    for key in parents:
        options = options.setdefault(key, {})
    if value is None:
        options.pop(last, None)
    else:
        options[last] = value


def _append_plugins(plugins: Any, names: list[str]) -> Any:
    if isinstance(plugins, dict):
        return {**plugins, **{n: {} for n in names}}
    return [*plugins, *names]


def derive_configs(site: dict[str, Any], root: Path) -> tuple[Path, Path]:
    """Write the plain and the with-our-plugins configs next to the site's own."""
    source = root / site.get("config", "mkdocs.yml")
    config = yaml.load(source.read_text(encoding="utf-8"), Loader=KeepTagsLoader)
    tweaks = site.get("tweaks", {})
    plugins = config.get("plugins", ["search"])
    plugins = _drop_plugins(plugins, tweaks.get("drop_plugins", []))
    for name, changes in tweaks.get("plugin_options", {}).items():
        options = _plugin_options(plugins, name)
        for path, value in changes.items():
            _set_path(options, path, value)
    config["plugins"] = plugins
    drop_ext = set(tweaks.get("drop_extensions", []))
    if drop_ext:
        config["markdown_extensions"] = [
            e for e in config.get("markdown_extensions", []) if _plugin_name(e) not in drop_ext
        ]
    for path, value in tweaks.get("set", {}).items():
        _set_path(config, path, value)
    config["validation"] = VALIDATION
    config["strict"] = False
    plain = root / "mkdocs.realsites-plain.yml"
    ours = root / "mkdocs.realsites-ours.yml"
    header = f"# Derived from {source.name} by bench/realsites/run.py; tweaks: {json.dumps(tweaks)}\n"
    plain.write_text(header + yaml.dump(config, Dumper=KeepTagsDumper, sort_keys=False), encoding="utf-8")
    config["plugins"] = _append_plugins(plugins, ["refcheck", "workplans"])
    ours.write_text(header + yaml.dump(config, Dumper=KeepTagsDumper, sort_keys=False), encoding="utf-8")
    return plain, ours


# --- runs ------------------------------------------------------------------------------------


@dataclass
class Proc:
    argv: list[str]
    returncode: int
    seconds: float
    stdout: str
    stderr: str


def run(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Proc:
    start = time.monotonic()
    try:
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = -1, str(exc.stdout or ""), f"timed out after {timeout}s\n{exc.stderr or ''}"
    return Proc(argv, code, round(time.monotonic() - start, 2), out, err)


def child_env(site: dict[str, Any], python: str, shims: Path) -> dict[str, str]:
    env = {**os.environ, **NO_NETWORK, **site.get("env", {})}
    bindir = str(Path(python).parent)
    paths = [bindir, env.get("PATH", "")]
    if site.get("shims"):
        shims.mkdir(parents=True, exist_ok=True)
        for name, output in site["shims"].items():
            shim = shims / name
            shim.write_text(f"#!/bin/sh\necho '{output}'\n", encoding="utf-8")
            shim.chmod(0o755)
        paths.insert(0, str(shims))
    env["PATH"] = os.pathsep.join(paths)
    env.pop("VIRTUAL_ENV", None)
    env["NO_COLOR"] = "1"
    return env


def log_findings(stderr: str) -> list[dict[str, Any]]:
    """Every WARNING/ERROR line of a build log; ours carry ``path:line:col CODE``."""
    found = []
    for raw in stderr.splitlines():
        match = LOG_LINE.match(raw.strip())
        if not match:
            continue
        level, text = match.groups()
        ours = OUR_FINDING.match(text.strip())
        item: dict[str, Any] = {"level": level.lower(), "text": text.strip()}
        if ours:
            item.update(ours.groupdict(), line=int(ours["line"]), col=int(ours["col"]), ours=True)
        found.append(item)
    return found


def check_findings(report: Path) -> list[dict[str, Any]]:
    if not report.is_file():
        return []
    document = json.loads(report.read_text(encoding="utf-8"))
    items = document.get("findings", document) if isinstance(document, dict) else document
    found = []
    for item in items:
        if item.get("severity") == "info":
            continue  # an unverified info ("the build checks it") is no error or warning: not counted
        found.append(
            {
                "path": item.get("path"),
                "line": item.get("line"),
                "col": item.get("column", item.get("col")),
                "code": item.get("code"),
                "level": item.get("severity"),
                "message": item.get("message"),
            }
        )
    return found


def lychee_findings(stdout: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(stdout)
    except json.JSONDecodeError:
        return [{"text": "unparsable lychee output", "raw": stdout[-2000:]}]
    found = []
    for source, failures in (document.get("error_map") or document.get("fail_map") or {}).items():
        for failure in failures:
            status = failure.get("status", {})
            found.append(
                {
                    "path": source,
                    "line": (failure.get("span") or {}).get("line"),
                    "col": (failure.get("span") or {}).get("column"),
                    "url": failure.get("url"),
                    "status": status.get("text") if isinstance(status, dict) else str(status),
                }
            )
    return found


def measure(site: dict[str, Any], root: Path, out: Path, python: str) -> dict[str, Any]:
    plain, ours = derive_configs(site, root)
    env = child_env(site, python, out / "shims" / site["name"])
    timeout = float(site.get("timeout", 600))
    result: dict[str, Any] = {"site": site["name"], "commit": site["commit"], "runs": {}}
    work = out / site["name"]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    build_plain = run(
        [python, "-m", "mkdocs", "build", "-f", plain.name, "-d", str(work / "site-plain")], root, env, timeout
    )
    docs_dir = root / (yaml.load(plain.read_text(encoding="utf-8"), Loader=KeepTagsLoader).get("docs_dir") or "docs")
    lychee = shutil.which("lychee", path=env["PATH"]) or "lychee"
    markdown = sorted(str(p.relative_to(root)) for p in docs_dir.rglob("*.md"))
    lychee_run = run(
        [
            lychee,
            "--offline",
            "--include-fragments",
            "--no-progress",
            "--format",
            "json",
            "--mode",
            "plain",
            "--root-dir",
            str(docs_dir.resolve()),
            *markdown,
        ],
        root,
        env,
        timeout,
    )
    report = work / "check.json"
    check = run(
        [python, "-m", "mkdocs_workplans", "check", "-f", ours.name, "--format", "json", "--output", str(report)],
        root,
        env,
        timeout,
    )
    build_ours = run(
        [python, "-m", "mkdocs", "build", "-f", ours.name, "-d", str(work / "site-ours")], root, env, timeout
    )
    for key, proc in (("mkdocs", build_plain), ("lychee", lychee_run), ("check", check), ("build", build_ours)):
        (work / f"{key}.stdout").write_text(proc.stdout, encoding="utf-8")
        (work / f"{key}.stderr").write_text(proc.stderr, encoding="utf-8")
        result["runs"][key] = {"argv": proc.argv, "returncode": proc.returncode, "seconds": proc.seconds}
    result["mkdocs"] = [f for f in log_findings(build_plain.stderr) if not f.get("ours")]
    result["lychee"] = lychee_findings(lychee_run.stdout)
    result["check"] = check_findings(report)
    result["build"] = [f for f in log_findings(build_ours.stderr) if f.get("ours")]
    result["build_other"] = [f for f in log_findings(build_ours.stderr) if not f.get("ours")]
    return result


# --- classification and the table ------------------------------------------------------------


def finding_key(site: str, item: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (site, str(item.get("path")), str(item.get("line")), str(item.get("col")), str(item.get("code")))


def load_verdicts(path: Path) -> dict[tuple[str, str, str, str, str], dict[str, str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["site"], r["path"], r["line"], r["col"], r["code"]): r for r in csv.DictReader(handle)}


def summarise(results: list[dict[str, Any]], verdicts: dict[Any, dict[str, str]]) -> tuple[str, list[str]]:
    """The Markdown table, and the findings that still need a verdict."""
    head = (
        "| site | commit | mkdocs link warn | lychee fail | check findings | check true | check false "
        "| build findings | build true | build false | real defects (mkdocs/lychee) | missed check "
        "| missed build |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows, todo = [], []
    totals: Counter[str] = Counter()
    for result in results:
        site = result["site"]
        counts: Counter[str] = Counter()
        found_defects: dict[str, set[str]] = {"check": set(), "build": set()}
        for tool in ("check", "build"):
            for item in result[tool]:
                verdict = verdicts.get(finding_key(site, item))
                counts[f"{tool}"] += 1
                if verdict is None:
                    counts[f"{tool} unclassified"] += 1
                    where = f"{item['path']}:{item['line']}:{item['col']}"
                    todo.append(f"{site} {tool} {where} {item['code']} {item.get('message') or item.get('text')}")
                    continue
                counts[f"{tool} {verdict['verdict']}"] += 1
                if verdict["verdict"] == "true" and verdict.get("defect"):
                    found_defects[tool].add(verdict["defect"])
        real = {
            r["defect"]
            for r in verdicts.values()
            if r["site"] == site and r["tool"] in ("mkdocs", "lychee") and r["verdict"] == "true" and r.get("defect")
        }
        missed = {tool: sorted(real - found_defects[tool]) for tool in ("check", "build")}
        counts["real"] = len(real)
        counts["missed check"] = len(missed["check"])
        counts["missed build"] = len(missed["build"])
        counts["mkdocs"] = sum(1 for f in result["mkdocs"] if f["text"].startswith(("Doc file", "A reference to")))
        counts["lychee"] = len(result["lychee"])
        totals.update(counts)

        def cell(tool: str, kind: str, c: Counter[str] = counts) -> str:
            extra = f" (+{c[f'{tool} unclassified']}?)" if kind == "false" and c[f"{tool} unclassified"] else ""
            return f"{c[f'{tool} {kind}']}{extra}"

        rows.append(
            f"| {site} | {result['commit'][:10]} | {counts['mkdocs']} | {counts['lychee']} | {counts['check']} "
            f"| {cell('check', 'true')} | {cell('check', 'false')} | {counts['build']} | {cell('build', 'true')} "
            f"| {cell('build', 'false')} | {counts['real']} | {counts['missed check']} | {counts['missed build']} |"
        )
        for tool in ("check", "build"):
            todo.extend(f"{site} missed by {tool}: {d}" for d in missed[tool])

    def precision(tool: str) -> str:
        t, f = totals[f"{tool} true"], totals[f"{tool} false"]
        return f"{t / (t + f):.2f}" if t + f else "n/a"

    rows.append(
        f"| **all** | | {totals['mkdocs']} | {totals['lychee']} | {totals['check']} | {totals['check true']} "
        f"| {totals['check false']} | {totals['build']} | {totals['build true']} | {totals['build false']} "
        f"| {totals['real']} | {totals['missed check']} | {totals['missed build']} |"
    )
    table = head + "\n".join(rows) + f"\n\nprecision: check {precision('check')}, build {precision('build')}\n"
    return table, todo


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("bench/realsites/out"))
    parser.add_argument("--only", default="", help="comma-separated site names")
    parser.add_argument("--python", default=sys.executable, help="interpreter with mkdocs and our package")
    parser.add_argument("--classification", type=Path, default=HERE / "classification.csv")
    parser.add_argument("--summary-only", action="store_true", help="re-table OUT/*.json without building")
    args = parser.parse_args()
    sites = json.loads((HERE / "sites.json").read_text(encoding="utf-8"))["sites"]
    wanted = {s for s in args.only.split(",") if s}
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for site in sites:
        if wanted and site["name"] not in wanted:
            continue
        root = (args.sites_dir / site["name"]).resolve()
        raw = out / f"{site['name']}.json"
        if args.summary_only:
            if raw.is_file():
                results.append(json.loads(raw.read_text(encoding="utf-8")))
            continue
        if not root.is_dir():
            print(f"skip {site['name']}: no checkout at {root}", file=sys.stderr)
            continue
        print(f"measuring {site['name']} ...", file=sys.stderr, flush=True)
        result = measure(site, root, out, args.python)
        raw.write_text(json.dumps(result, indent=2), encoding="utf-8")
        runs = ", ".join(f"{k} {v['seconds']}s rc={v['returncode']}" for k, v in result["runs"].items())
        print(f"  {runs}", file=sys.stderr, flush=True)
        results.append(result)
    table, todo = summarise(results, load_verdicts(args.classification))
    (out / "table.md").write_text(table, encoding="utf-8")
    (out / "unclassified.txt").write_text("\n".join(todo) + "\n", encoding="utf-8")
    print(table)
    if todo:
        print(f"{len(todo)} findings without a verdict or real defects missed: see {out / 'unclassified.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
