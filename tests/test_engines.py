"""Every engine users build with: MkDocs 1.6, ProperDocs 1.6, Zensical.

The gate reads its settings from ``mkdocs.yml``, ``zensical.toml``, ``workplans.toml`` or
``[tool.workplans]`` with the same findings; ``workplans generate`` writes what Zensical
cannot generate; the Markdown extension renders what the plugin renders, byte for byte;
each engine's CI recipe fails on the seed workplan without T03's State Hub id; and the
engines table of the docs is checked against real builds.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from conftest import ROOT, SEED, Run, run, run_build, run_cli, write_tree
from mkdocs_workplans.generate import JS_SOURCE
from render_helpers import ZENSICAL_TOML, extract, zensical_recipe

HAS_ZENSICAL = importlib.util.find_spec("zensical") is not None
needs_zensical = pytest.mark.skipif(
    not HAS_ZENSICAL, reason="zensical is not installed (0.0.73 is the newest release that installs here)"
)
EngineSite = Callable[[str], tuple[Path, Run]]

SEED_TEXT = SEED.read_text(encoding="utf-8")
T03_HUB = 'state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"'
T03_LINE = SEED_TEXT.splitlines().index(T03_HUB) + 1
WP = "docs/workplans/RAILIANCE-WP-0005.md"
NO_T03 = SEED_TEXT.replace(T03_HUB + "\n", "")

PAGES: dict[str, str | bytes] = {
    "docs/index.md": "# Home\n\nSee RAILIANCE-WP-0005-T03 and [a missing page](missing.md).\n",
    WP: NO_T03,
    "SCOPE.md": "# Scope\n\nRAILIANCE-WP-0005 is in scope.\n",
    "docs/.hidden.md": "[broken](nowhere.md)\n",
    "docs/templates/skip.md": "[broken](nowhere.md)\n",
    "docs/drafts/old.md": "[broken](nowhere.md)\n",
}

MKDOCS_YML = """\
site_name: Engines
exclude_docs: |
  drafts/
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
plugins:
  - workplans:
      include: [SCOPE.md]
      rules:
        RB002: info
  - refcheck:
      paths:
        scope: [workplan, runbook, page]
"""

OPTIONS_TOML = """\
[{prefix}workplans]
include = ["SCOPE.md"]
rules = {{ RB002 = "info" }}

[{prefix}refcheck.paths]
scope = ["workplan", "runbook", "page"]
"""

LAYOUT = 'docs_dir = "docs"\nexclude_docs = "drafts/"\n'
EXTENSIONS = "[{prefix}markdown_extensions.toc]\npermalink = true\n[{prefix}markdown_extensions.attr_list]\n"

CONFIGS = {
    "mkdocs.yml": MKDOCS_YML,
    "zensical.toml": '[project]\nsite_name = "Engines"\n'
    + LAYOUT
    + EXTENSIONS.format(prefix="project.")
    + OPTIONS_TOML.format(prefix="project.plugins."),
    "workplans.toml": LAYOUT + EXTENSIONS.format(prefix="") + OPTIONS_TOML.format(prefix=""),
    "pyproject.toml": '[project]\nname = "ops"\n\n[tool.workplans]\n'
    + LAYOUT
    + EXTENSIONS.format(prefix="tool.workplans.")
    + OPTIONS_TOML.format(prefix="tool.workplans."),
}


def site(tmp_path: Path, config: str, pages: dict[str, str | bytes] = PAGES) -> Path:
    root = tmp_path / config.replace(".", "-")
    return write_tree(root, {config: CONFIGS[config], **pages})


@pytest.mark.parametrize("config", ["zensical.toml", "workplans.toml", "pyproject.toml"])
def test_same_findings_whichever_file_holds_the_settings(tmp_path: Path, config: str) -> None:
    expected = run_cli(site(tmp_path, "mkdocs.yml"))
    assert expected.code == 1
    assert ("TK001", WP, T03_LINE - 4, 1) in expected.located
    assert ("RF001", "docs/index.md", 3, 31) in expected.located
    assert all(path.startswith(("docs/index.md", WP, "SCOPE.md")) for _, path, _, _ in expected.located)
    found = run_cli(site(tmp_path, config))
    assert (found.code, found.details) == (expected.code, expected.details)
    named = run_cli(site(tmp_path / "named", config), "-f", config)
    assert named.details == expected.details


def test_json_reports_agree_across_configuration_files(tmp_path: Path) -> None:
    reports = []
    for config in CONFIGS:
        done = run_cli(site(tmp_path, config), "--format", "json")
        reports.append(json.loads(done.stdout)["findings"])
    assert all(report == reports[0] for report in reports)


def test_toml_options_go_through_the_plugins_option_classes(tmp_path: Path) -> None:
    broken = CONFIGS["zensical.toml"] + '[project.plugins.workplans.statehub]\ntask_url = "https://hub/tasks"\n'
    root = write_tree(tmp_path, {"zensical.toml": broken, **PAGES})
    done = run_cli(root)
    assert done.code == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "Error: invalid configuration in zensical.toml: [project.plugins.workplans] option 'statehub': "
        "Sub-option 'task_url': must contain '{id}'"
    )


def test_unknown_toml_options_warn_and_fail_under_strict(tmp_path: Path) -> None:
    typo = CONFIGS["workplans.toml"].replace('include = ["SCOPE.md"]', 'include = ["SCOPE.md"]\nincludes = []')
    root = write_tree(tmp_path, {"workplans.toml": typo, **PAGES})
    loose = run_cli(root)
    assert loose.code == 1
    assert "WARNING: workplans.toml: [workplans] option 'includes': Unrecognised configuration name: includes" in (
        loose.stderr
    )
    strict = run_cli(root, "--strict")
    assert strict.code == 2
    assert "invalid configuration in workplans.toml: [workplans] option 'includes'" in strict.stderr


def test_a_config_without_our_tables_is_a_usage_error(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"zensical.toml": '[project]\nsite_name = "x"\n', "docs/index.md": "# x\n"})
    done = run_cli(root)
    assert done.code == 2
    assert "zensical.toml configures neither the 'workplans' nor the 'refcheck' plugin" in done.stderr


def notes(done: Run) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("note: ")]


def test_zensical_toml_with_plugins_says_once_what_runs_the_gate(tmp_path: Path) -> None:
    (note,) = notes(run_cli(site(tmp_path, "zensical.toml")))
    assert "Zensical does not run plugins; 'workplans' and 'refcheck' in zensical.toml" in note
    assert "run 'workplans check -f zensical.toml' in CI" in note


def test_mkdocs_yml_that_zensical_builds_says_so_once(tmp_path: Path) -> None:
    root = site(tmp_path, "mkdocs.yml")
    assert notes(run_cli(root)) == []
    write_tree(root, {"requirements-docs.txt": "mkdocs-material\nzensical==0.0.73\n"})
    (note,) = notes(run_cli(root))
    assert note.startswith("note: Zensical builds this site (requirements-docs.txt depends on zensical)")
    assert "Run 'workplans check -f mkdocs.yml' in CI" in note
    write_tree(root, {"zensical.toml": CONFIGS["zensical.toml"]})
    (note,) = notes(run_cli(root, "-f", "mkdocs.yml"))
    assert "(zensical.toml is next to it)" in note and "Run 'workplans check -f zensical.toml' in CI" in note


def test_pyproject_dependency_on_zensical_counts(tmp_path: Path) -> None:
    root = site(tmp_path, "mkdocs.yml")
    write_tree(root, {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["zensical>=0.0.73"]\n'})
    (note,) = notes(run_cli(root))
    assert "(pyproject.toml depends on zensical)" in note


def generate(root: Path, *args: str) -> Run:
    return run(root, sys.executable, "-m", "mkdocs_workplans", "generate", *args)


GENERATED = [
    "docs/workplans/index.md",
    "docs/tasks/index.md",
    "docs/runbooks/index.md",
    "docs/assets/workplans/workplans.css",
    "docs/assets/workplans/workplans.js",
    "docs/workplans-inventory.json",
]


@pytest.mark.parametrize("config", ["mkdocs.yml", "zensical.toml"])
def test_generate_writes_marked_files_and_is_idempotent(tmp_path: Path, config: str) -> None:
    root = site(tmp_path, config, {**PAGES, WP: SEED_TEXT})
    first = generate(root)
    assert first.code == 0, first.stderr
    assert first.stdout.splitlines() == [f"wrote {root.as_posix()}/{rel}" for rel in GENERATED]
    texts = {rel: (root / rel).read_text(encoding="utf-8") for rel in GENERATED}
    assert texts["docs/tasks/index.md"].startswith("<!-- workplans generate: made from the workplans;")
    assert texts["docs/assets/workplans/workplans.css"].startswith("/* workplans generate: made from the workplans;")
    assert texts["docs/assets/workplans/workplans.js"].startswith("/* workplans generate: made from the workplans;")
    assert texts["docs/assets/workplans/workplans.js"].endswith(JS_SOURCE.read_text(encoding="utf-8"))
    assert "RAILIANCE-WP-0005-T03" in texts["docs/tasks/index.md"]
    assert '<a href="../workplans/RAILIANCE-WP-0005/#railiance-wp-0005-t03">' in texts["docs/tasks/index.md"]
    inventory = json.loads(texts["docs/workplans-inventory.json"])
    assert inventory["generator"]["name"] == "mkdocs-workplans"
    again = generate(root)
    assert again.stdout.splitlines() == [f"unchanged {root.as_posix()}/{rel}" for rel in GENERATED]
    assert {rel: (root / rel).read_text(encoding="utf-8") for rel in GENERATED} == texts
    # The generated pages are outputs, not sources: the gate's findings do not change.
    assert run_cli(root).details == run_cli(site(tmp_path / "fresh", config, {**PAGES, WP: SEED_TEXT})).details


def test_generate_into_another_folder_and_never_over_a_hand_written_file(tmp_path: Path) -> None:
    root = site(tmp_path, "zensical.toml", {**PAGES, WP: SEED_TEXT})
    out = generate(root, "--out", "build/generated")
    assert out.code == 0
    assert (root / "build/generated/tasks/index.md").is_file()
    assert not (root / "docs/tasks").exists()
    # A page of the site at an index's place is the site's own, as under the plugin: left alone.
    write_tree(root, {"docs/tasks/index.md": "# Our own task list\n"})
    assert "/tasks/index.md" not in generate(root, "--out", "elsewhere").stdout
    write_tree(root, {"docs/workplans-inventory.json": '{"ours": true}\n'})
    refused = generate(root)
    assert refused.code == 2
    assert "docs/workplans-inventory.json exists and was not generated by workplans; not overwriting it" in (
        refused.stderr
    )
    assert (root / "docs/workplans-inventory.json").read_text(encoding="utf-8") == '{"ours": true}\n'
    assert (root / "docs/tasks/index.md").read_text(encoding="utf-8") == "# Our own task list\n"
    assert not (root / "docs/workplans/index.md").exists()  # nothing written when one file is in the way


# --- The extension renders what the plugin renders ---------------------------------------------

GOLDEN_PAGES = ("workplans/DEMO-WP-0001", "workplans/DEMO-WP-0003", "runbooks/deploy", "runbooks/restore", "")
RENDERED = ("header.wp-header", "div.wp-task", "a.wp-ref")


@needs_zensical
@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_the_extension_renders_byte_for_byte_what_the_plugin_renders(engine_site: EngineSite, page: str) -> None:
    plugin, _ = engine_site("material")  # the same Markdown extensions as the Zensical site
    extension, _ = engine_site("zensical")
    ours = extract((plugin / page / "index.html").read_text(encoding="utf-8"), *RENDERED)
    theirs = extract((extension / page / "index.html").read_text(encoding="utf-8"), *RENDERED)
    assert ours.strip()
    assert theirs == ours


@needs_zensical
@pytest.mark.parametrize("page", ["workplans", "tasks", "runbooks"])
def test_generated_indexes_equal_the_plugins(engine_site: EngineSite, page: str) -> None:
    plugin, _ = engine_site("mkdocs")
    generated, _ = engine_site("zensical")
    wanted = ("table.wp-index", "p.wp-index__summary")
    ours = extract((plugin / page / "index.html").read_text(encoding="utf-8"), *wanted)
    assert ours.strip()
    assert extract((generated / page / "index.html").read_text(encoding="utf-8"), *wanted) == ours


def test_plain_python_markdown_renders_what_the_text_allows() -> None:
    html = markdown.markdown(SEED_TEXT, extensions=["toc", "mkdocs_workplans.markdown"])
    assert html.count('<div class="wp-task"') == 6
    assert '<header class="wp-header" data-workplan="RAILIANCE-WP-0005" data-status="finished">' in html
    assert "workplans:end" not in html


def test_plain_python_markdown_parses_with_the_extensions_it_was_given() -> None:
    """A footnote is a footnote, not a link reference definition, when ``footnotes`` is configured:
    the id in it is linked, with the footnote ids the configured separator makes."""
    text = SEED_TEXT + "\nSee the note[^1].\n\n[^1]: RAILIANCE-WP-0005-T03\n"
    html = markdown.markdown(
        text, extensions=["footnotes", "mkdocs_workplans.markdown"], extension_configs={"footnotes": {"SEPARATOR": "-"}}
    )
    footnote = html[html.index('<li id="fn-1">') :]
    assert footnote.startswith(
        '<li id="fn-1">\n<p><a class="wp-ref" href="#railiance-wp-0005-t03" data-status="done" '
        'title="Create a reusable S5 app onboarding checklist &#8211; done">RAILIANCE-WP-0005-T03</a>&#160;'
    )


def test_the_plugin_takes_the_extension_out_of_a_mkdocs_build(tmp_path: Path) -> None:
    config = (
        "site_name: Both\nmarkdown_extensions:\n  - mkdocs_workplans.markdown\n  - toc:\n      permalink: true\n"
        "plugins:\n  - workplans\n"
    )
    root = write_tree(tmp_path, {"mkdocs.yml": config, WP: SEED_TEXT, "docs/index.md": "# Home\n"})
    done = run_build(root)
    assert done.code == 0, done.stderr
    html = (root / "site/workplans/RAILIANCE-WP-0005/index.html").read_text(encoding="utf-8")
    assert html.count('<header class="wp-header"') == 1
    assert html.count('<div class="wp-task"') == 6


# --- Each engine's CI recipe fails on the seed without T03's State Hub id ------------------------

SEED_MKDOCS = "site_name: Seed\nplugins:\n  - workplans\n"
SEED_ZENSICAL = '[project]\nsite_name = "Seed"\n[project.markdown_extensions."mkdocs_workplans.markdown"]\n'
SEED_ZENSICAL += "[project.plugins.workplans]\n"


def recipe(engine: str, root: Path) -> Run:
    if engine == "mkdocs":
        return run_build(root, "--strict")
    if engine == "properdocs":
        return run(root, sys.executable, "-m", "properdocs", "build", "--strict")
    return zensical_recipe(root)


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_each_engines_recipe_fails_without_t03s_state_hub_id(tmp_path: Path, engine: str) -> None:
    if engine == "zensical" and not HAS_ZENSICAL:
        pytest.skip("zensical is not installed (0.0.73 is the newest release that installs here)")
    if engine == "properdocs" and importlib.util.find_spec("properdocs") is None:
        pytest.skip("properdocs is not installed")
    config = {"zensical.toml": SEED_ZENSICAL} if engine == "zensical" else {"mkdocs.yml": SEED_MKDOCS}
    root = write_tree(tmp_path, {**config, "docs/index.md": "# Home\n", WP: NO_T03})
    failed = recipe(engine, root)
    assert failed.code == 1
    assert failed.codes == [("TK001", WP, T03_LINE - 4)]
    assert not (root / "site/workplans/RAILIANCE-WP-0005/index.html").exists() or engine != "zensical"
    write_tree(root, {WP: SEED_TEXT})
    passed = recipe(engine, root)
    assert passed.code == 0, passed.stdout + passed.stderr
    assert passed.codes == []
    html = (root / "site/workplans/RAILIANCE-WP-0005/index.html").read_text(encoding="utf-8")
    assert html.count('<div class="wp-task"') == 6


# --- The engines table of the docs ---------------------------------------------------------------

ENGINES_PAGE = ROOT / "docs" / "guide" / "engines.md"
COLUMNS = {"MkDocs 1.6": "material", "ProperDocs 1.6": "properdocs", "Zensical": "zensical"}


def _html(site_dir: Path, page: str) -> str:
    path = site_dir / page / "index.html"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _gate_fails_build(engine: str, tmp_path: Path) -> bool:
    """Whether the engine's own build command (no ``workplans check``) fails on a finding."""
    config = {"zensical.toml": SEED_ZENSICAL} if engine == "zensical" else {"mkdocs.yml": SEED_MKDOCS}
    root = write_tree(tmp_path / engine, {**config, "docs/index.md": "# Home\n", WP: NO_T03})
    if engine == "zensical":
        return run(root, sys.executable, "-m", "zensical", "build", "--clean").code != 0
    return recipe(_recipe_of(engine), root).code != 0


def _recipe_of(engine: str) -> str:
    """The recipe an engine of the table runs: the MkDocs column is built with Material."""
    return "mkdocs" if engine == "material" else engine


def _publishes_included(engine: str, tmp_path: Path) -> bool:
    """Whether a page from outside ``docs_dir`` (``include``) is in the built site."""
    if engine == "zensical":
        config = {"zensical.toml": SEED_ZENSICAL + 'include = ["SCOPE.md"]\n'}
    else:
        config = {"mkdocs.yml": "site_name: Seed\nplugins:\n  - workplans:\n      include: [SCOPE.md]\n"}
    files = {**config, "docs/index.md": "# Home\n", WP: SEED_TEXT, "SCOPE.md": "# Scope\n\nRAILIANCE-WP-0005.\n"}
    root = write_tree(tmp_path / f"include-{engine}", files)
    done = recipe(_recipe_of(engine), root)
    assert done.code == 0, done.stdout + done.stderr
    return (root / "site/SCOPE/index.html").is_file()


FEATURES: dict[str, Callable[[Path, str, Path], bool]] = {
    "Task cards": lambda site, _e, _t: 'class="wp-task"' in _html(site, "workplans/DEMO-WP-0001"),
    "Workplan and runbook headers": lambda site, _e, _t: all(
        '<header class="wp-header' in _html(site, page) for page in ("workplans/DEMO-WP-0001", "runbooks/deploy")
    ),
    "Linked ids": lambda site, _e, _t: 'class="wp-ref"' in _html(site, ""),
    "Index pages": lambda site, _e, _t: 'class="wp-index' in _html(site, "tasks"),
    "Stylesheet": lambda site, _e, _t: (
        "assets/workplans/workplans.css" in _html(site, "workplans/DEMO-WP-0001")
        and (site / "assets/workplans/workplans.css").is_file()
    ),
    "Find and sort on the indexes (script)": lambda site, _e, _t: (
        "assets/workplans/workplans.js" in _html(site, "tasks") and (site / "assets/workplans/workplans.js").is_file()
    ),
    "`workplans-inventory.json`": lambda site, _e, _t: (site / "workplans-inventory.json").is_file(),
    "Pages from outside `docs_dir` (`include`)": lambda _s, engine, tmp: _publishes_included(engine, tmp),
    "The build fails on findings": lambda _s, engine, tmp: _gate_fails_build(engine, tmp),
    "`workplans check` fails CI on findings": lambda _s, engine, tmp: (
        run_cli(
            write_tree(
                tmp / f"check-{engine}",
                {
                    **({"zensical.toml": SEED_ZENSICAL} if engine == "zensical" else {"mkdocs.yml": SEED_MKDOCS}),
                    "docs/index.md": "# Home\n",
                    WP: NO_T03,
                },
            )
        ).code
        == 1
    ),
}


def engines_table() -> dict[str, dict[str, str]]:
    """Feature -> engine column -> cell, from the Markdown table of the Engines page."""
    lines = [line for line in ENGINES_PAGE.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == len(header):
            table[cells[0]] = dict(zip(header[1:], cells[1:], strict=True))
    return table


def test_the_engines_table_lists_every_feature_and_engine() -> None:
    table = engines_table()
    assert list(table) == list(FEATURES)
    for row in table.values():
        assert list(row) == list(COLUMNS)
        assert all(re.match(r"^(✓|✗)", cell) for cell in row.values()), row


@pytest.mark.parametrize("column", list(COLUMNS))
def test_the_engines_table_is_true(engine_site: EngineSite, tmp_path: Path, column: str) -> None:
    engine = COLUMNS[column]
    built, result = engine_site(engine)
    assert result.code == 0, result.stdout + result.stderr
    wrong = []
    for feature, row in engines_table().items():
        claimed = row[column].startswith("✓")
        if FEATURES[feature](built, engine, tmp_path) != claimed:
            wrong.append(f"{feature}: the table says {row[column]!r}")
    assert wrong == []


def test_zensical_toml_of_the_fixture_is_the_documented_one() -> None:
    """The page's recipe shows the configuration the tests build with (but for the fixture's names)."""
    text = ENGINES_PAGE.read_text(encoding="utf-8")
    for line in ZENSICAL_TOML.splitlines():
        if line.startswith(('[project.markdown_extensions."mkdocs_workplans', "extra_css", "extra_javascript")):
            assert line in text


@needs_zensical
def test_an_unusable_configuration_is_said_once_in_a_zensical_build(tmp_path: Path) -> None:
    broken = SEED_ZENSICAL + '[project.plugins.workplans.statehub]\ntask_url = "https://hub/tasks"\n'
    root = write_tree(tmp_path, {"zensical.toml": broken, "docs/index.md": "# Home\n", WP: SEED_TEXT})
    done = run(root, sys.executable, "-m", "zensical", "build", "--clean")
    assert done.code == 0
    said = [line for line in (done.stdout + done.stderr).splitlines() if "cannot be used" in line]
    assert said == [
        "workplans: zensical.toml cannot be used (invalid configuration in zensical.toml: "
        "[project.plugins.workplans] option 'statehub': Sub-option 'task_url': must contain '{id}'); "
        "pages are not rendered by workplans"
    ]


def test_toml_sh001_points_at_the_export_line_of_the_toml_file(tmp_path: Path) -> None:
    """A finding about an option points into the file that holds it, TOML too."""
    config = CONFIGS["workplans.toml"] + '\n[workplans.statehub]\nexport = "missing-export.json"\n'
    root = write_tree(tmp_path, {"workplans.toml": config, **PAGES})
    line = config.splitlines().index('export = "missing-export.json"') + 1
    assert ("SH001", "workplans.toml", line, 1) in run_cli(root).located


def test_toml_path_screens_symlinked_folders_and_survives_loops(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "elsewhere", {"secret.md": "# Secret\n"})
    root = write_tree(tmp_path / "site", {"workplans.toml": CONFIGS["workplans.toml"], **PAGES})
    (root / "docs" / "linked").symlink_to(outside, target_is_directory=True)
    (root / "docs" / "loop").mkdir()
    (root / "docs" / "loop" / "a").symlink_to(root / "docs" / "loop", target_is_directory=True)
    (root / "docs" / "loop" / "b").symlink_to(root / "docs" / "loop", target_is_directory=True)
    found = run_cli(root)
    assert [item for item in found.located if "secret" in item[1]] == [("IN001", "docs/linked/secret.md", 1, 1)]
    assert "elsewhere" not in found.stdout
