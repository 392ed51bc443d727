"""``workplans-inventory.json``: schema, content, and reproducible bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import MakeSite, run_build
from mkdocs_workplans import __version__
from mkdocs_workplans.inventory import FILENAME, entry_json
from render_helpers import build_fixture

SCHEMA = Path(__file__).resolve().parent.parent / "plugins/mkdocs_workplans/schemas/workplans-inventory.schema.json"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, result = build_fixture(tmp_path_factory.mktemp("inventory") / "material", "material")
    assert result.code == 0, result.stderr
    return site


def load(site: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((site / FILENAME).read_text(encoding="utf-8"))
    return data


def test_schema_is_valid_and_inventory_matches_it(site: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(load(site))


def test_inventory_content(site: Path) -> None:
    data = load(site)
    assert data["version"] == 1
    assert data["generator"] == {"name": "mkdocs-workplans", "version": __version__}
    assert data["site_url"] is None
    pages = {page["path"]: page for page in data["pages"]}  # type: ignore[attr-defined]
    assert list(pages) == sorted(pages)
    plan = pages["docs/workplans/DEMO-WP-0001.md"]
    assert plan["url"] == "workplans/DEMO-WP-0001/"
    assert plan["kind"] == "workplan"
    assert plan["title"] == "Roll out the S5 app platform"
    assert {"demo-wp-0001-t01", "t01-write-the-release-checklist", "context"} <= set(plan["anchors"])
    assert plan["anchors"] == sorted(plan["anchors"])
    assert pages["docs/runbooks/deploy.md"]["kind"] == "runbook"
    assert pages["docs/index.md"]["url"] == "./"
    # Values are data: the hostile title is kept as written; consumers escape.
    assert pages["docs/workplans/DEMO-WP-0003.md"]["title"] == "<img src=x onerror=alert(1)>"
    assert [item["id"] for item in data["workplans"]] == ["DEMO-WP-0001", "DEMO-WP-0002", "DEMO-WP-0003"]  # type: ignore[attr-defined]
    assert data["workplans"][0] == {  # type: ignore[index]
        "id": "DEMO-WP-0001",
        "title": "Roll out the S5 app platform",
        "status": "active",
        "url": "workplans/DEMO-WP-0001/",
        "path": "docs/workplans/DEMO-WP-0001.md",
        "state_hub_id": "6513270e-269e-4d37-b2a7-4de452e6b438",
    }
    tasks = {task["id"]: task for task in data["tasks"]}  # type: ignore[attr-defined]
    assert list(tasks) == sorted(tasks) and len(tasks) == 7
    assert tasks["DEMO-WP-0001-T02"] == {
        "id": "DEMO-WP-0001-T02",
        "workplan": "DEMO-WP-0001",
        "title": "Roll out to the staging cluster",
        "status": "in_progress",
        "url": "workplans/DEMO-WP-0001/",
        "anchor": "demo-wp-0001-t02",
        "state_hub_id": "9531985d-5d9d-49f8-9818-e811892f902b",
    }


def test_every_task_anchor_is_on_its_page(site: Path) -> None:
    data = load(site)
    for task in data["tasks"]:  # type: ignore[attr-defined]
        html = (site / task["url"] / "index.html").read_text(encoding="utf-8")
        assert f'id="{task["anchor"]}"' in html


def test_bytes_are_reproducible_and_urls_follow_use_directory_urls(make_site: MakeSite) -> None:
    plan = (Path(__file__).parent / "fixtures/render/docs/workplans/DEMO-WP-0002.md").read_text(encoding="utf-8")
    config = "site_name: T\nsite_url: https://docs.example/t/\nuse_directory_urls: false\nplugins:\n  - workplans\n"
    root = make_site({"docs/workplans/DEMO-WP-0002.md": plan}, config)
    assert run_build(root).code == 0
    first = (root / "site" / FILENAME).read_bytes()
    assert run_build(root).code == 0
    assert (root / "site" / FILENAME).read_bytes() == first
    assert first.endswith(b"}\n")
    data = json.loads(first)
    assert data["site_url"] == "https://docs.example/t/"
    assert data["tasks"][0]["url"] == "workplans/DEMO-WP-0002.html"


def test_inventory_is_written_entry_by_entry_in_the_form_of_one_json_document(site: Path) -> None:
    """The build writes the file an entry at a time; its bytes are those of the whole document dumped at once."""
    text = (site / FILENAME).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    data = load(site)
    assert data["pages"] and data["workplans"] and data["tasks"]  # every section has entries to join


@pytest.mark.parametrize(
    "entry",
    [
        {},
        {"path": "docs/a.md", "anchors": []},
        {"title": 'Quotes " and \\ back\nslash\ttab \x00 \x1f', "anchors": ["é", "\u2028", "a b", '"']},
        {"id": "DEMO-WP-0001", "state_hub_id": None, "version": 1, "draft": True, "kept": False},
        {"emoji": "🚀 ünïcode", "list": ["only"]},
    ],
)
def test_an_entry_is_written_as_json_would_write_it(entry: dict[str, Any]) -> None:
    """Each entry is written by hand, for speed: its text is that of ``json.dumps``, nested in the file."""
    assert entry_json(entry) == json.dumps(entry, indent=2, ensure_ascii=False)
    nested = json.dumps({"list": [entry]}, indent=2, ensure_ascii=False)
    assert entry_json(entry, "    ") in nested
