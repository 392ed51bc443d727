"""Generate a benchmark corpus and the ``mkdocs.yml`` variants that share its docs tree."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import gen_corpus
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Corpus:
    root: Path
    workplans: int
    runbooks: int

    @property
    def label(self) -> str:
        return f"{self.workplans}/{self.runbooks}"

    def markdown_files(self) -> int:
        return sum(1 for _ in (self.root / "docs").rglob("*.md"))


def generate(out: Path, workplans: int, runbooks: int) -> Corpus:
    """A fresh corpus in ``out/corpus-W-R`` (the generator is deterministic: same arguments, same tree)."""
    root = out / f"corpus-{workplans}-{runbooks}"
    if root.exists():
        shutil.rmtree(root)
    gen_corpus.generate(root, workplans, runbooks)
    return Corpus(root, workplans, runbooks)


def write_config(corpus: Corpus, name: str, theme: str, plugins: list[object], short_nav: bool = False) -> Path:
    """``mkdocs-NAME.yml`` next to the generated ``mkdocs.yml``, building into ``site-NAME``.

    ``short_nav`` lists only the home page in ``nav``: the other pages are still built,
    but no page renders a navigation of every page, which keeps the build linear in the
    number of pages (both themes otherwise render the full nav into each page).
    """
    config = yaml.safe_load((corpus.root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    config["theme"] = {"name": theme}
    config["plugins"] = plugins
    config["site_dir"] = f"site-{name}"
    if short_nav:
        config["nav"] = ["index.md"]
    path = corpus.root / f"mkdocs-{name}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


HTMLPROOFER = {
    "htmlproofer": {
        # Local only: no request may leave the machine.
        "validate_external_urls": False,
        "skip_downloads": True,
    }
}
