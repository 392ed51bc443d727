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
