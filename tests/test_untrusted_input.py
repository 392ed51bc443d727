"""Issue 10, the classes that need no network: what a pull request, a sibling checkout or
inventory, or a restored CI cache hands the gate stays data.

Each test is built from the issue's example and a variant of it; each fails on the code
before the fix (a planted pickle ran, a payload reached the HTML, a traceback, a file
outside the repository was named, a run never finished).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle
from pathlib import Path

import pytest

from conftest import SEED, MakeSite, edit, run_cli

WORKPLAN = "docs/workplans/RAILIANCE-WP-0005.md"
SEED_TEXT = SEED.read_text(encoding="utf-8")
FINDING = ("WP002", WORKPLAN, 7)


# -- class 1: the document cache holds data, signed, validated ------------------------------------------


class _Planted:
    """A pickle that, when loaded, writes a file: proof that loading ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.marker), "code ran"))  # type: ignore[return-value]


@pytest.fixture
def cached_site(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, dict[str, str]]:
    """A site with one finding (a misspelt status), checked once with ``--cache``."""
    root = make_site({WORKPLAN: edit(SEED_TEXT, ("status: finished", "status: finshed"))})
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    cache = tmp_path / "ci-cache"
    first = run_cli(root, "--cache", str(cache), env=env)
    assert FINDING in first.codes, first.stdout + first.stderr
    assert list(cache.iterdir())
    return root, cache, env


def _cache_files(cache: Path) -> list[Path]:
    return [path for path in cache.iterdir() if path.name.startswith("documents-")]


def test_a_planted_pickle_in_the_document_cache_runs_no_code(
    cached_site: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """The issue's example: a pickle under the cache's predictable name."""
    root, cache, env = cached_site
    marker = tmp_path / "pwned"
    for path in _cache_files(cache):
        path.write_bytes(pickle.dumps(_Planted(marker)))
    second = run_cli(root, "--cache", str(cache), env=env)
    assert not marker.exists()
    assert "Traceback" not in second.stderr
    assert FINDING in second.codes


def test_an_edited_document_cache_hides_no_finding(cached_site: tuple[Path, Path, dict[str, str]]) -> None:
    """Variant: a cache entry edited to say the page is clean (old format: a pickle of an empty page)."""
    from mkdocs_workplans.model.document import Document

    root, cache, env = cached_site
    digest = hashlib.blake2b((root / WORKPLAN).read_bytes(), digest_size=16).hexdigest()
    for path in _cache_files(cache):
        if path.suffix == ".pickle":
            path.write_bytes(pickle.dumps({WORKPLAN: (digest, Document(WORKPLAN))}))
        else:  # the signed JSON: forge the page as empty, keep the old signature
            signature, _, payload = path.read_bytes().partition(b"\n")
            data = json.loads(payload)
            data["entries"][WORKPLAN][1] = data["entries"]["docs/index.md"][1]
            path.write_bytes(signature + b"\n" + json.dumps(data).encode())
    second = run_cli(root, "--cache", str(cache), env=env)
    assert FINDING in second.codes, second.stdout + second.stderr


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda entry: entry.__setitem__(1, {"path": 5}), id="object-for-document"),
        pytest.param(lambda entry: entry[1].__setitem__(0, 7), id="int-for-path"),
        pytest.param(lambda entry: entry[1].__setitem__(1, "script"), id="unknown-kind"),
        pytest.param(lambda entry: entry[1].__setitem__(3, 10**40), id="huge-int"),
        pytest.param(lambda entry: entry.__setitem__(0, None), id="null-digest"),
    ],
)
def test_a_signed_but_malformed_entry_is_ignored_not_a_traceback(
    cached_site: tuple[Path, Path, dict[str, str]], tmp_path: Path, damage: object
) -> None:
    """Even an entry signed with the user's key is checked field by field before it is used."""
    root, cache, env = cached_site
    (path,) = _cache_files(cache)
    assert path.suffix == ".json"
    key = (tmp_path / "user-cache" / "mkdocs-workplans" / "key").read_bytes()
    payload = path.read_bytes().partition(b"\n")[2]
    data = json.loads(payload)
    damage(data["entries"][WORKPLAN])  # type: ignore[operator]
    payload = json.dumps(data).encode()
    context = f"{data['format']}\0{data['key']}\0".encode()
    path.write_bytes(hmac.new(key, context + payload, "sha256").hexdigest().encode() + b"\n" + payload)
    second = run_cli(root, "--cache", str(cache), env=env)
    assert "Traceback" not in second.stderr
    assert FINDING in second.codes, second.stdout + second.stderr


# -- class 8: no forged findings, valid reports, no bidi overrides in HTML ------------------------------

#: A front-matter key (YAML escapes) that, printed raw, starts a fake finding line and breaks XML.
FORGED_KEY = r'"own\ndocs/index.md:1:1 WP001 forged finding\x07\x1b[2K"'
#: Variant: a task block key with a right-to-left override, a NEL and a form feed.
BIDI_KEY = r'"prio\u202erity\x85\x0c"'


@pytest.fixture
def forged_site(make_site: MakeSite) -> Path:
    text = edit(
        SEED_TEXT,
        ('title: "S5 app release', f'{FORGED_KEY}: x\ntitle: "S5 app release'),
        ("owner: codex", 'owner: "co\u202edex"'),
        ("priority: high", f"{BIDI_KEY}: high\npriority: high"),
    )
    return make_site({WORKPLAN: text})


def test_control_characters_cannot_forge_a_finding_line(forged_site: Path) -> None:
    text = run_cli(forged_site, "--format", "text")
    assert "Traceback" not in text.stderr
    lines = text.stdout.splitlines()
    assert all(line.startswith((WORKPLAN, "Found ")) for line in lines), lines
    assert not any(ch in text.stdout for ch in "\x07\x1b\x0c\x85\u202e")
    assert [code for code, _path, _line in text.codes] == ["WP007", "TK007", "TK007", "TK007"], text.stdout
    assert "unknown front-matter key 'own\\x0adocs/index.md:1:1 WP001 forged finding\\x07\\x1b[2K'" in text.stdout
    assert "unknown task key 'prio\\u202erity\\x85\\x0c'" in text.stdout
    github = run_cli(forged_site, "--format", "github").stdout.splitlines()
    assert len(github) == 4 and all(line.startswith("::") for line in github), github


def test_junit_and_sarif_stay_valid_whatever_the_input(forged_site: Path) -> None:
    import xml.etree.ElementTree as ET

    junit = run_cli(forged_site, "--format", "junit", "--strict")
    failures = ET.fromstring(junit.stdout.encode()).iter("failure")
    assert len(list(failures)) == 4
    sarif = json.loads(run_cli(forged_site, "--format", "sarif").stdout)
    messages = [result["message"]["text"] for result in sarif["runs"][0]["results"]]
    assert len(messages) == 4 and not any("\n" in m or "\u202e" in m for m in messages)


def test_bidi_overrides_do_not_reach_the_html(forged_site: Path) -> None:
    from conftest import run_build

    build = run_build(forged_site)
    assert "Traceback" not in build.stderr
    page = (forged_site / "site/workplans/RAILIANCE-WP-0005/index.html").read_text(encoding="utf-8")
    header = page[page.index('<header class="wp-header"') :]
    header = header[: header.index("</header>")]
    assert "\u202e" not in header and "\\u202e" in header


# -- class 2: a sibling's inventory is checked before use; nothing from it reaches HTML raw --------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    import shutil

    from conftest import FIXTURES

    shutil.copytree(FIXTURES / "workspace", tmp_path, dirs_exist_ok=True)
    apps = tmp_path / "railiance-apps"
    config = (apps / "mkdocs.yml").read_text(encoding="utf-8")
    # XR004 as a warning, so that the build writes the pages whose HTML is inspected.
    (apps / "mkdocs.yml").write_text(config + "      rules: {XR004: warning}\n", encoding="utf-8")
    return apps


def _plant(apps: Path, change: object) -> None:
    path = apps / "platform-inventory.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data), encoding="utf-8")


INVENTORY_CASES = {
    "script-in-page-url": lambda d: d["pages"][0].__setitem__("url", "b3/)\n\n<script>alert(1)</script>\n\n("),
    "script-in-page-url-no-newline": lambda d: d["pages"][0].__setitem__("url", 'b3/)<img src=x onerror="alert(1)">('),
    "javascript-site-url": lambda d: d.__setitem__("site_url", "javascript:alert(document.domain)//"),
    "int-status": lambda d: d["tasks"][0].__setitem__("status", 5),
    "list-title": lambda d: d["workplans"][0].__setitem__("title", ["<b>"]),
    "absolute-path": lambda d: d["pages"][0].__setitem__("path", "/etc/passwd"),
}


@pytest.mark.parametrize("change", INVENTORY_CASES.values(), ids=INVENTORY_CASES.keys())
def test_a_bad_inventory_is_a_sibling_problem_in_build_and_cli(workspace: Path, change: object) -> None:
    from conftest import run_build

    if "site_url" in str(change.__code__.co_consts):  # type: ignore[attr-defined]
        config = (workspace / "mkdocs.yml").read_text(encoding="utf-8")
        (workspace / "mkdocs.yml").write_text(
            config.replace("          site_url: https://docs.example/platform/\n", ""), encoding="utf-8"
        )
    _plant(workspace, change)
    cli, build = run_cli(workspace), run_build(workspace)
    assert "Traceback" not in cli.stderr + build.stderr
    assert build.code == cli.code == 0, build.stderr
    codes = {code for code, _path, _line in cli.codes}
    assert codes == {"XR004"}, cli.stdout
    assert "is not a workplans inventory" in cli.stdout
    assert build.findings == cli.findings
    for page in (workspace / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html, page


def test_values_from_a_valid_inventory_are_escaped_and_urls_encoded(workspace: Path) -> None:
    """Variant: values that are valid data but markup-like are escaped in the HTML; URLs are encoded."""
    from conftest import run_build

    def change(data: dict[str, list[dict[str, object]]]) -> None:
        data["tasks"][0]["title"] = '<script>alert(1)</script>"'
        data["tasks"][0]["status"] = "in_<b>progress"
        data["pages"][0]["url"] = "b%20ack;up/"

    _plant(workspace, change)
    build = run_build(workspace)
    assert build.code == 0, build.stderr
    html = "".join(page.read_text(encoding="utf-8") for page in (workspace / "site").rglob("*.html"))
    assert "<script>alert" not in html and "<b>progress" not in html
    assert "https://docs.example/platform/b%20ack;up/#restore-drill" in html


def test_accepted_inventories_are_valid_under_the_published_schema() -> None:
    """The hand-written reader and the schema cannot drift apart: what it accepts, the schema does."""
    import jsonschema
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from conftest import FIXTURES
    from mkdocs_workplans.references.inventory_format import InventoryError, parse_inventory

    schema = json.loads(
        (Path(__file__).parent.parent / "plugins/mkdocs_workplans/schemas/workplans-inventory.schema.json").read_text()
    )
    base = json.loads((FIXTURES / "workspace/railiance-apps/platform-inventory.json").read_text(encoding="utf-8"))
    values = st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.text(max_size=5), max_size=2))
    places = st.sampled_from(
        [("pages", "url"), ("pages", "path"), ("pages", "title"), ("pages", "kind"), ("pages", "anchors")]
        + [("workplans", k) for k in ("id", "title", "status", "url", "path", "state_hub_id")]
        + [("tasks", k) for k in ("id", "workplan", "title", "status", "url", "anchor", "state_hub_id")]
    )

    @settings(max_examples=300, deadline=None)
    @given(places, values)
    def check(place: tuple[str, str], value: object) -> None:
        data = json.loads(json.dumps(base))
        data[place[0]][0][place[1]] = value
        try:
            parse_inventory(data)
        except InventoryError:
            return
        jsonschema.validate(data, schema)

    check()


# -- class 4: nothing outside the repository is read, listed or published -------------------------------


def test_a_symlinked_directory_out_of_the_repository_is_not_published(make_site: MakeSite, tmp_path: Path) -> None:
    from conftest import run_build

    outside = tmp_path / "outside"
    (outside / "deeper").mkdir(parents=True)
    (outside / "secret.md").write_text("# Secret\n\nprivate key material\n", encoding="utf-8")
    (outside / "deeper" / "token.txt").write_text("hunter2\n", encoding="utf-8")  # variant: an asset, one level down
    root = make_site({})
    (root / "docs" / "ext").symlink_to(outside, target_is_directory=True)
    build, cli = run_build(root), run_cli(root)
    expected = [
        ("IN001", "docs/ext/deeper/token.txt", 1, 1),
        ("IN001", "docs/ext/secret.md", 1, 1),
    ]
    assert sorted(build.located) == sorted(cli.located) == expected, build.stderr
    published = [path.read_bytes() for path in (root / "site").rglob("*") if path.is_file()]
    assert not any(b"private key material" in data or b"hunter2" in data for data in published)


def test_a_code_span_gets_no_hint_and_no_glob_outside_the_repository(make_site: MakeSite) -> None:
    up = "../" * 30
    text = edit(
        SEED_TEXT,
        ("## T01", f"Read `docs/{up}etc/passwdd` and `docs/{up}etc/pass*` and `docs/{up}etc/host<name>`.\n\n## T01"),
    )
    root = make_site({WORKPLAN: text}, "site_name: Test\nplugins:\n  - workplans\n  - refcheck\n")
    cli = run_cli(root)
    details = [detail for detail in cli.details if "etc/" in detail[4]]
    assert [detail[0] for detail in details] == ["RF003"] * 3, cli.stdout
    assert not any("did you mean" in detail[4] for detail in details), details


def _sibling(root: Path) -> object:
    from mkdocs_workplans.references.siblings import load
    from mkdocs_workplans.settings import Repo

    return load(Repo("forge", path=root))


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ("docs_dir: {outside}\n", "docs_dir '{outside}' of its mkdocs.yml is outside the checkout"),
        ("docs_dir: ../outside\n", "docs_dir '../outside' of its mkdocs.yml is outside the checkout"),
        (
            "plugins:\n  - workplans:\n      include: ['{outside}/*.md']\n",
            "include '{outside}/*.md' of its mkdocs.yml is outside the checkout",
        ),
        ("site_url: 'javascript:alert(1)//'\n", "site_url of its mkdocs.yml is not an http(s) URL"),
    ],
    ids=["absolute-docs-dir", "dotdot-docs-dir", "absolute-include", "javascript-site-url"],
)
def test_a_sibling_checkout_cannot_reach_outside_itself(tmp_path: Path, config: str, problem: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n", encoding="utf-8")
    sibling = tmp_path / "forge"
    (sibling / "docs").mkdir(parents=True)
    (sibling / "mkdocs.yml").write_text("site_name: forge\n" + config.format(outside=outside), encoding="utf-8")
    found = _sibling(sibling)
    assert found.problem == problem.format(outside=outside)  # type: ignore[attr-defined]
    assert not found.pages  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", ["/tmp/elsewhere/index.md", "../../outside.md", "a/../../b.md"])
def test_indexes_must_stay_inside_the_site(make_site: MakeSite, value: str) -> None:
    from conftest import run_build

    config = f"site_name: Test\nplugins:\n  - workplans:\n      indexes:\n        tasks: {value}\n"
    root = make_site({WORKPLAN: SEED_TEXT}, config)
    build = run_build(root)
    assert build.code == 1
    assert "'indexes'" in build.stderr and "'tasks'" in build.stderr and "stays inside the site" in build.stderr
    assert not (root.parent / "outside.md").exists()


# -- class 5: hints and globs in bounded time -----------------------------------------------------------


def _counted_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Candidates handed to difflib, summed: the work of the "did you mean" hints."""
    import mkdocs_workplans.hints as hints

    counted = [0]
    real = hints.get_close_matches

    def counting(word: str, possibilities: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
        possibilities = list(possibilities)
        counted[0] += len(possibilities)
        return real(word, possibilities, n, cutoff)

    monkeypatch.setattr(hints, "get_close_matches", counting)
    return counted


def _analyse(root: Path) -> list[tuple[str, str, int, str | None]]:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from mkdocs_workplans.analysis import analyse, parse_options
    from mkdocs_workplans.options.settings import settings_from_mkdocs
    from mkdocs_workplans.sources import sources

    config = load_config(str(root / "mkdocs.yml"))
    settings = settings_from_mkdocs(config)
    found = sources(get_files(config), settings, config)[0]
    analysis = analyse(found, parse_options(config, settings), settings)
    return [(i.finding.code, i.finding.path, i.finding.line, i.finding.hint) for i in analysis.reported]


def _anchor_page(count: int) -> str:
    headings = "".join(f"## Heading {number:04d}\n\n" for number in range(count))
    links = "".join(f"[x](#headnig-{number:04d})\n" for number in range(count))
    return f"# Page\n\n{headings}{links}"


def test_anchor_hints_take_linear_work(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The issue's example: one page with n headings and n misspelt anchors to them, n and 10·n."""
    counted = _counted_comparisons(monkeypatch)
    work = []
    for count in (100, 1000):
        config = "site_name: T\nplugins:\n  - workplans\n  - refcheck\n"
        root = make_site({"docs/page.md": _anchor_page(count)}, config, name=f"anchors-{count}")
        counted[0] = 0
        found = _analyse(root)
        work.append(counted[0])
        assert len(found) == count
        assert found[7][3] == "did you mean 'heading-0007'?"  # the same hint difflib alone gives
    assert work[1] <= 20 * work[0], work


def test_id_hints_take_linear_work(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """Variant: n unknown ids on one page of a site with n workplans."""
    counted = _counted_comparisons(monkeypatch)
    work = []
    for count in (60, 600):
        pages: dict[str, str | bytes] = {
            f"docs/workplans/APP-WP-{number:04d}.md": edit(SEED_TEXT, ("RAILIANCE-WP-0005", f"APP-WP-{number:04d}"))
            for number in range(count)
        }
        pages["docs/index.md"] = "# Home\n\n" + "".join(f"See APP-WP-{number:04d}X.\n" for number in range(count))
        config = "site_name: T\nplugins:\n  - workplans:\n      id_pattern: '^APP-WP-\\d{4}X?$'\n  - refcheck\n"
        root = make_site(pages, config, name=f"ids-{count}")
        counted[0] = 0
        found = [item for item in _analyse(root) if item[0] == "RF004" and item[1] == "docs/index.md"]
        work.append(counted[0])
        assert len(found) == count, found[:3]
        assert found[3][3] == "did you mean 'APP-WP-0003'?"
    assert work[1] <= 20 * work[0], work


def test_symlink_loops_do_not_stop_globs(make_site: MakeSite) -> None:
    """The issue's example (``tools/a -> .``, ``tools/b -> .``) under an include and a code-span glob."""
    stars = "/".join(["*"] * 24)
    text = edit(SEED_TEXT, ("## T01", f"Run `tools/{stars}/missing.sh` and `tools/a/b/a/run.sh`.\n\n## T01"))
    config = "site_name: Test\nplugins:\n  - workplans:\n      include: ['**/*.md']\n  - refcheck\n"
    root = make_site({WORKPLAN: text, "tools/run.sh": "#!/bin/sh\n", "tools/NOTES.md": "# Notes\n"}, config)
    (root / "tools" / "a").symlink_to(".", target_is_directory=True)
    (root / "tools" / "b").symlink_to(".", target_is_directory=True)
    cli = run_cli(root)
    assert "Traceback" not in cli.stderr
    found = [(code, message) for code, path, _line, _column, message in cli.details if "tools/*" in message]
    assert found == [("RF003", f"'tools/{stars}/missing.sh' does not exist in the repository")], cli.stdout


# -- class 7: values that made tracebacks ----------------------------------------------------------------


def test_a_huge_integer_in_front_matter_is_a_finding(make_site: MakeSite) -> None:
    text = edit(SEED_TEXT, ('title: "S5 app release readiness and scope alignment"', "title: 0x" + "f" * 4400))
    variant = edit(SEED_TEXT, ("RAILIANCE-WP-0005", "OTHER-WP-0001"), ("priority: high", "priority: " + "9" * 5000))
    root = make_site({WORKPLAN: text, "docs/workplans/OTHER-WP-0001.md": variant})
    cli = run_cli(root)
    assert "Traceback" not in cli.stderr, cli.stderr
    assert ("IN002", WORKPLAN, 4) in cli.codes, cli.stdout
    assert any(code == "IN003" and path.endswith("OTHER-WP-0001.md") for code, path, _line in cli.codes), cli.stdout


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(
            "a: &a ['x','x','x','x','x','x','x','x','x','x']\n"
            + "".join(
                f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                for p, c in zip("abcde", "bcdef", strict=True)
            )
            + "docs_dir: *f\n",
            id="alias-bomb",
        ),
        pytest.param(
            "markdown_extensions:\n  - toc:\n"
            "      slugify: !!python/object/apply:pymdownx.slugs.slugify {args: [1, 2, 3]}\n",
            id="python-apply-wrong-arguments",
        ),
        pytest.param(
            "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: 5}\n",
            id="python-apply-kwds-not-a-mapping",
        ),
        pytest.param("nav: " + "[" * 5000 + "]" * 5000 + "\n", id="deep-nesting"),
    ],
)
def test_a_hostile_sibling_config_is_a_sibling_problem(tmp_path: Path, config: str) -> None:
    sibling = tmp_path / "forge"
    (sibling / "docs").mkdir(parents=True)
    (sibling / "docs" / "index.md").write_text("# Forge\n", encoding="utf-8")
    (sibling / "mkdocs.yml").write_text("site_name: forge\n" + config, encoding="utf-8")
    found = _sibling(sibling)
    problem = found.problem  # type: ignore[attr-defined]
    assert problem is None or problem.startswith("cannot read mkdocs.yml"), problem
    if "bomb" in config or "&a" in config:
        assert problem is not None and "alias bomb" in problem


# -- class 10: the flat YAML reader returns what PyYAML returns ------------------------------------------


def test_the_flat_reader_agrees_with_pyyaml() -> None:
    import yaml
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from mkdocs_workplans.model.yamlmap import YamlProblem, load_mapping

    special = ["on", "On", "yes", "No", "null", "NULL", "true", "off", "y", "n", "_x", "id", "status"]
    keys = st.one_of(st.sampled_from(special), st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True))
    tricky = st.sampled_from(["\x07", "\x85", "\u2028", "\u2029", "\t", "\x1b", "\ufeff", "\x00", "\r", "é", "\\", "#"])
    quoted_text = st.lists(st.one_of(st.text(max_size=4), tricky), max_size=5).map("".join)
    values = st.one_of(
        st.sampled_from(special),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,8}", fullmatch=True),
        quoted_text.map(lambda text: '"' + text.replace('"', "") + '"'),
        quoted_text.map(lambda text: "'" + text.replace("'", "") + "'"),
    )
    blocks = st.lists(st.tuples(keys, values), max_size=5, unique_by=lambda pair: pair[0]).map(
        lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs)
    )

    @settings(max_examples=1500, deadline=None)
    @given(blocks)
    @example('on: "x"\n')
    @example("yes: no\n")
    @example("null: x\n")
    @example('title: "a\x07b"\n')
    @example('title: "a\x85b"\n')
    @example("title: 'a\u2028b'\n")
    def check(text: str) -> None:
        try:
            expected = yaml.safe_load(text)
        except yaml.YAMLError:
            with pytest.raises(YamlProblem):
                load_mapping(text, 1)
            return
        got = load_mapping(text, 1).values
        assert got == {str(key): value for key, value in (expected or {}).items()}

    check()
