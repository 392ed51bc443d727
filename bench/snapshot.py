"""A copy of the package for the measured commands to import, so that one run times one version of it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from corpus import REPO_ROOT


def snapshot_package(out: Path) -> dict[str, str]:
    """Copy the package as it is now and put the copy first on the children's ``PYTHONPATH``.

    The package is installed editable and other work may change it during a long run;
    every command of one run must time the same code.
    """
    source = REPO_ROOT / "plugins" / "mkdocs_workplans"
    target = out / "snapshot" / "mkdocs_workplans"
    if target.parent.exists():
        shutil.rmtree(target.parent)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    digest = hashlib.sha256()
    for path in sorted(target.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(target).as_posix().encode() + b"\0" + path.read_bytes())
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(target.parent), os.environ.get("PYTHONPATH")]))}
    where = subprocess.run(
        [sys.executable, "-c", "import mkdocs_workplans; print(mkdocs_workplans.__file__)"],
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(where).is_relative_to(target):
        sys.exit(f"bench: the snapshot is not the package the children import ({where})")
    env["BENCH_SNAPSHOT_SHA256"] = digest.hexdigest()[:12]
    return env
