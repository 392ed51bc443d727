"""Hand verdicts for the baseline, written as rules after reading every finding (local helper)."""
import csv, json, re, sys, glob, html
from pathlib import Path, PurePosixPath
OUT = Path(sys.argv[1])
ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")

def built(site, rel):
    root = OUT / site / "site-plain"
    p = PurePosixPath(rel); stem = p.with_suffix("")
    for c in ([root / p.parent / "index.html"] if p.stem in ("index", "README") else []) + [root / f"{stem}.html", root / stem / "index.html"]:
        if c.is_file(): return c
    return None

def ids(page): return {html.unescape(m) for m in ID.findall(page.read_text(errors="replace"))}

GEN = {
 ("hatch", "docs/cli/reference.md"): "anchor-generated:mkdocs-click",
 ("mkdocs", "docs/user-guide/cli.md"): "anchor-generated:mkdocs-click",
 ("mkdocs", "docs/about/contributing.md"): "snippets-include",
 ("mkdocs", "docs/user-guide/choosing-your-theme.md"): "attr_list-form",
 ("mkdocs-material", "docs/setup/setting-up-navigation.md"): "attr_list-form",
 ("mkdocs-material", "docs/reference/content-tabs.md"): "tabbed-id",
 ("mkdocs-material", "docs/setup/changing-the-logo-and-icons.md"): "tabbed-id",
 ("mkdocs-material", "docs/reference/footnotes.md"): "footnote",
 ("mkdocs-material", "docs/setup/ensuring-data-privacy.md"): "anchor-generated:hook",
}
def rf002_cause(site, x):
    m = re.search(r"does not exist on (\S+?)(?: \(|$)", x["message"])
    page = x["path"] if (not m or m.group(1) == "this") else m.group(1)
    if (site, page) in GEN: return GEN[(site, page)]
    anchor = re.search(r"'#([^']*)'", x["message"]).group(1)
    if site == "hatch" and "." in anchor: return "anchor-generated:mkdocstrings"
    if site == "python": return "anchor-generated:autorefs"
    if site == "mkdocs-material" and re.match(r"(meta|config|option)\.|\+", anchor): return "anchor-generated:hook"
    if site == "mkdocs-material" and x["line"] == 76 and x["path"].endswith("extensions/index.md"): return "unused-reference-definition"
    if site == "mkdocs-material" and x["line"] == 89 and x["path"].endswith("python-markdown.md"): return "duplicate-reference-last-wins"
    return None

def verdict(site, x):
    code, msg, path = x["code"], x["message"] or "", x["path"]
    if site == "httpx":
        t = re.search(r"'([^']*)'", msg).group(1)
        return "true", "", f"{path}->{t}"
    if code == "RF003": return "false", "rf003-not-a-repo-path", ""
    if code == "RF005": return "false", "rf005-home-or-example-path", ""
    if code == "RF007": return "false", "rf007-bare-command", ""
    if code == "RF001":
        t = re.search(r"'([^']*)'", msg).group(1)
        if t in ("Support", "[PEP", "The", "[Release", "Lorem"): return "false", "footnote", f"footnote definition read as a link (target {t!r})"
        if t == "Project": return "false", "continuation-line-refdef", ""
        if t == "img/favicon.ico": return "false", "theme-file", ""
        if t == "../design-principles.md": return "false", "unused-reference-definition", ""
    if code == "RF002":
        c = rf002_cause(site, x)
        if c: return "false", c, ""
    return None

rows = []
for f in sorted(OUT.glob("*.json")):
    d = json.loads(f.read_text())
    site = d["site"]
    seen = {}
    for tool in ("check", "build"):
        for x in d[tool]:
            k = (site, x["path"], str(x["line"]), str(x["col"]), x["code"])
            v = verdict(site, x)
            if v is None:
                print("UNCLASSIFIED", tool, k, x["message"], file=sys.stderr); continue
            if k in seen: seen[k]["tool"] = "check+build"; continue
            seen[k] = dict(site=site, path=x["path"], line=x["line"], col=x["col"], code=x["code"], tool=tool,
                           verdict=v[0], cause=v[1], defect=(f"{site}:{v[2]}" if v[0]=="true" else ""), note=(x["message"] or "")[:160] if v[0]=="true" or not v[2] else v[2])
    rows += seen.values()
w = csv.DictWriter(sys.stdout, ["site","path","line","col","code","tool","verdict","cause","defect","note"])
w.writeheader(); w.writerows(rows)
