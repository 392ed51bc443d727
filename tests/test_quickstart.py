"""The quickstart of the README and of the guide, run as written, in a fresh environment.

The package is built into a wheel from a copy of the working tree and installed into a new
virtual environment, as the installing page says; its dependencies come from the test
environment (a path entry, not a second download) so that this stays fast. Each page's
files (fenced blocks with ``title="path"``) are written in order, and each ``$ command`` of
its ``console`` blocks runs in a shell whose output must be the lines shown under it.
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, environment

BLOCK = re.compile(r'^(`{3,})([\w-]*)(?: title="([^"]+)")?\n(.*?)\n\1$', re.MULTILINE | re.DOTALL)
GUIDE = ROOT / "docs" / "guide" / "quickstart.md"


def _readme_quickstart() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Quickstart\n", 1)[1].split("\n## Documentation\n", 1)[0]


Step = tuple[str, str, str]  # ("file", path, content) or ("run", command, expected output)


def steps(page: str) -> list[Step]:
    found: list[Step] = []
    for match in BLOCK.finditer(page):
        _fence, language, title, content = match.groups()
        if title:
            found.append(("file", title, content + "\n"))
        elif language == "console":
            for chunk in re.split(r"^\$ ", content, flags=re.MULTILINE)[1:]:
                command, _, output = chunk.partition("\n")
                output = output.rstrip("\n")
                found.append(("run", command, output + "\n" if output else ""))
    return found


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``bin`` of a new virtual environment with the project installed from a wheel built from this tree."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # No build isolation: the build backend comes from the test environment (the test extra pins it),
    # so that the test needs no network.
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(work / "dist"), str(source)]
    subprocess.run(build, check=True)
    wheel = next((work / "dist").glob("mkdocs_workplans-*.whl"))
    target = work / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies (MkDocs, PyYAML, ...) from the test environment, after the new environment's own.
    (Path(packages) / "test-environment.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "-q", "install", "--no-deps", "--no-index", str(wheel)], check=True)
    # MkDocs came as a path entry, not installed here: give it its command.
    mkdocs = target / "bin" / "mkdocs"
    mkdocs.write_text(f"#!{python}\nimport sys\nfrom mkdocs.__main__ import cli\nsys.exit(cli())\n", encoding="utf-8")
    mkdocs.chmod(0o755)
    return target / "bin"


def test_readme_and_guide_show_the_same_quickstart() -> None:
    assert steps(_readme_quickstart()) == steps(GUIDE.read_text(encoding="utf-8"))
    assert [kind for kind, _, _ in steps(_readme_quickstart())].count("run") == 5


@pytest.mark.parametrize("page", ["README.md", "docs/guide/quickstart.md"])
def test_quickstart_runs_as_written(installed: Path, tmp_path: Path, page: str) -> None:
    text = _readme_quickstart() if page == "README.md" else GUIDE.read_text(encoding="utf-8")
    env = {
        **environment(),
        "PATH": f"{installed}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(installed.parent),
    }
    env.pop("PYTHONPATH", None)
    for kind, first, second in steps(text):
        if kind == "file":
            path = tmp_path / first
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(second, encoding="utf-8")
            continue
        done = subprocess.run(
            first, shell=True, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert done.stdout == second, f"$ {first}"
    # The installed copy answered, not the working tree's.
    where = subprocess.run(
        [str(installed / "python"), "-c", "import mkdocs_workplans; print(mkdocs_workplans.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert where.stdout.startswith(str(installed.parent))


CI = ROOT / "docs" / "guide" / "ci.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _recipes() -> dict[str, Any]:
    """The titled YAML blocks of the CI page: one recipe per file it tells you to write."""
    return {
        title: yaml.safe_load(content)
        for _fence, language, title, content in BLOCK.findall(CI.read_text(encoding="utf-8"))
        if title and language == "yaml"
    }


def _commands(title: str, recipe: Any) -> list[str]:
    """The shell commands a CI system would run for the recipe."""
    if title == ".gitlab-ci.yml":
        return [line for job in recipe.values() if isinstance(job, dict) for line in job.get("script", [])]
    if title == ".pre-commit-config.yaml":
        (hook_ref,) = [hook for repo in recipe["repos"] for hook in repo["hooks"]]
        (hook,) = [hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8")) if hook["id"] == hook_ref["id"]]
        return [" ".join([hook["entry"], *hook_ref.get("args", [])])]
    return [step["run"] for job in recipe["jobs"].values() for step in job["steps"] if "run" in step]


def test_pre_commit_hook_checks_the_whole_site() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["pass_filenames"]) == ("workplans-check", "python", False)
    assert hook["entry"] == "workplans check"


def test_ci_recipes_run_on_the_quickstart_site(installed: Path, tmp_path: Path) -> None:
    recipes = _recipes()
    assert sorted(recipes) == [
        ".forgejo/workflows/docs.yml",
        ".github/workflows/docs.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
    ]
    for kind, path, content in steps(GUIDE.read_text(encoding="utf-8")):
        if kind == "file":
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(content, encoding="utf-8")
    env = {**environment(), "PATH": f"{installed}{os.pathsep}{os.environ.get('PATH', '')}"}
    for title, recipe in recipes.items():
        commands = _commands(title, recipe)
        assert commands, title
        for command in commands:
            if command.startswith("pip install"):
                continue  # the local project is installed already
            done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True)
            assert done.returncode == 0, (title, command, done.stdout, done.stderr)
    assert (tmp_path / "workplans-junit.xml").is_file()
    assert (tmp_path / "site" / "index.html").is_file()
